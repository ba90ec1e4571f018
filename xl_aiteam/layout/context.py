"""What a build knows: the plan, the catalog, the defined names so far, and what each sheet hands on.

A sheet that others depend on hands them a frozen dataclass (``ctx.hand(BudgetRows(...))``);
a sheet that needs it asks by type (``ctx.need(BudgetRows)``). The registry in
``layout.sheets`` lists these needs, and the build runs the sheets in an order that meets
them, whatever their order of tabs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from typing import Any, TypeVar

from ..actuals import Actuals
from ..assumptions import Assumptions
from ..catalog import Catalog, load_catalog
from ..plan import Plan
from .a1 import area
from .figures import Figures

__all__ = ["Context", "UserState"]

T = TypeVar("T")


@dataclass(frozen=True)
class UserState:
    """What a user typed on generated sheets, read back before a refill so that it stays."""

    playbook: dict[tuple[int, str], dict[str, Any]] = field(default_factory=dict)  # (phase, item) -> owner, status, notes
    quick_calc: dict[str, Any] = field(default_factory=dict)  # the Compute sheet's quick calculator inputs
    role_functions: dict[str, str] = field(default_factory=dict)  # role name -> function, as the workbook's role table says
    stamps: dict[str, tuple[str, Any]] = field(default_factory=dict)  # stamp prefix -> (digest, time) of figures written before
    actuals: Actuals = field(default_factory=Actuals)  # what the Actuals sheet holds (a refill never rewrites it)


@dataclass
class Context:
    plan: Plan
    state: UserState = field(default_factory=UserState)
    names: dict[str, str] = field(default_factory=dict)  # workbook-level defined names
    _handed: dict[type, Any] = field(default_factory=dict)
    made: datetime | None = None  # the time the build stamps on figures it writes as values (None: now)

    @property
    def a(self) -> Assumptions:
        return self.plan.assumptions

    @cached_property
    def catalog(self) -> Catalog:
        return load_catalog()

    @cached_property
    def figures(self) -> Figures:
        """The model's value of every formula the sheets write (their cached values)."""
        return Figures(self.plan)

    def name(self, name: str, sheet: str, first_row: int, first_col: int, last_row: int | None = None, last_col: int | None = None) -> None:
        """Define a workbook-level name over a cell or range of ``sheet``."""
        self.names[name] = area(first_row, first_col, last_row or first_row, last_col or first_col, sheet=sheet)

    def hand(self, value: object) -> None:
        """Hand on what other sheets need of this one (one value per type)."""
        self._handed[type(value)] = value

    def need(self, kind: type[T]) -> T:
        """What another sheet handed on; the registry makes sure it was built first."""
        try:
            return self._handed[kind]
        except KeyError:
            raise LookupError(f"{kind.__name__} was asked for before the sheet that hands it on was built") from None
