"""The whole planner workbook for a plan: every registered sheet, built in dependency order."""

from __future__ import annotations

from datetime import datetime

from ..plan import Plan
from .context import Context, UserState
from .sheets import SHEETS, build_order
from .spec import STYLES, WorkbookSpec

__all__ = ["planner_layout"]


def planner_layout(plan: Plan, state: UserState | None = None, made: datetime | None = None) -> WorkbookSpec:
    """The planner workbook for ``plan`` (keeping what a user typed on generated sheets: ``state``;
    ``made``: the time stamped on figures written as values, now when not given)."""
    ctx = Context(plan, state or UserState(), made=made)
    built = {entry.key: entry.build(ctx) for entry in build_order()}
    sheets = [built[entry.key] for entry in SHEETS]
    assert all(cell.style in STYLES for sheet in sheets for cell in sheet.cells.values())
    return WorkbookSpec(sheets=sheets, names=ctx.names, active=sheets[0].name)
