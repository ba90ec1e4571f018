"""The model's figures laid out as the sheets lay them out: the cached value of every formula.

Each sheet writes its formula and, beside it, the value the model computes for that cell
(``put(..., cached=...)``). The headless adapter stores both, so a workbook read without
recalculation shows the plan's figures; the LibreOffice test recalculates every formula and
compares it with the cached value to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

import numpy as np
import numpy.typing as npt

from ..budget import CATEGORIES, budget_lines, period_label
from ..costs import ComputeCost
from ..money import round_money, round_money_array
from ..plan import Finding, Plan, check_plan
from ..workload import full_run_cost
from .months import MONTHS, month_start

__all__ = ["Figures"]

Row = npt.NDArray[np.float64]


@dataclass
class Figures:
    """Everything a sheet caches, computed once per build from the plan."""

    plan: Plan

    @property
    def horizon(self) -> int:
        return self.plan.assumptions.horizon_months

    @property
    def fiscal_year_start(self) -> int:
        return self.plan.assumptions.fiscal_year_start

    @cached_property
    def month(self) -> npt.NDArray[np.int64]:
        """1..MONTHS: the prepared timeline."""
        return np.arange(1, MONTHS + 1)

    @cached_property
    def dates(self) -> list[date]:
        first = self.plan.assumptions.start_date
        return [month_start(first, int(m)) for m in self.month]

    @cached_property
    def in_plan(self) -> npt.NDArray[np.int64]:
        return (self.month <= self.horizon).astype(np.int64)

    @cached_property
    def pay_index(self) -> Row:
        return np.power(1.0 + self.plan.assumptions.annual_raise, (self.month - 1) // 12, dtype=np.float64)

    def padded(self, values: npt.ArrayLike) -> Row:
        """A horizon's worth of values, with zeros for the prepared months after it."""
        out = np.zeros(MONTHS)
        row = np.asarray(values, dtype=np.float64)
        out[: len(row)] = row
        return out

    @cached_property
    def _lines(self) -> tuple[list[tuple[str, str, str]], npt.NDArray[np.float64]]:
        return budget_lines(self.plan)

    @cached_property
    def budget(self) -> dict[tuple[str, str], Row]:
        """(category, position id or line) -> the model's 60 monthly figures."""
        index, data = self._lines
        return {(cat, pos or line): self.padded(values) for (cat, line, pos), values in zip(index, data, strict=True)}

    def line(self, category: str, key: str) -> Row:
        return self.budget.get((category, key), np.zeros(MONTHS))

    @cached_property
    def monthly(self) -> dict[str, Row]:
        """Category (and "Total") -> the monthly totals, as ``budget_totals(..., "M")`` rounds them."""
        index, data = self._lines
        sums = {c: self.padded(data[[i for i, key in enumerate(index) if key[0] == c]].sum(axis=0)) for c in CATEGORIES}
        sums["Total"] = sum(sums.values(), np.zeros(MONTHS))
        return {c: round_money_array(values) for c, values in sums.items()}

    def periods(self, period: str) -> list[str]:
        """The fiscal quarters ("FY2027 Q1") or years ("FY2027") the horizon touches, in order."""
        seen: list[str] = []
        for day in self.dates[: self.horizon]:
            label = period_label(day, period, self.fiscal_year_start)
            if label not in seen:
                seen.append(label)
        return seen

    def period_totals(self, period: str) -> dict[str, list[float]]:
        """Category (and "Total") -> its total in each period of ``periods(period)``."""
        keys = [period_label(d, period, self.fiscal_year_start) for d in self.dates]
        out = {}
        for category, values in self.monthly.items():
            out[category] = [
                round_money(float(sum(v for v, k in zip(values, keys, strict=True) if k == label))) for label in self.periods(period)
            ]
        return out

    @cached_property
    def headcount(self) -> Row:
        fte = np.zeros(MONTHS)
        for p in self.plan.positions:
            fte += p.fte * np.array([p.on_board(int(m)) for m in self.month])
        return np.round(fte, 6) * self.in_plan

    @cached_property
    def compute(self) -> ComputeCost:
        """A month at full run: every workload row, the team at the end of the plan (the Compute sheet's month)."""
        return full_run_cost(self.plan)

    @cached_property
    def _checked(self) -> list[Finding]:
        return check_plan(self.plan)

    @cached_property
    def findings(self) -> set[str]:
        return {f.code for f in self._checked}

    @cached_property
    def blocking(self) -> int:
        return sum(1 for f in self._checked if f.severity != "info")
