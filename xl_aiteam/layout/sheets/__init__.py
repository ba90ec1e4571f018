"""The registry of the planner's sheets, in tab order.

Each entry names the sheet's module (its ``build(ctx)`` writes the sheet; where the sheet
holds user input, a ``read(port)`` beside it reads it back), whether a refill rewrites it,
what it needs from other sheets and what it hands on. ``planner_layout`` builds them in an
order that meets every need; ``check_structure`` and the refill take their lists from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..blocks import LifecycleBlocks, RoleBlocks, TeamBlocks
from ..context import Context
from ..spec import SheetSpec
from . import (
    actuals,
    assumptions,
    bridge,
    budget,
    checks,
    compare,
    compute,
    forecast,
    lifecycle,
    locations,
    playbook,
    roles,
    scenarios,
    skills,
    staffing,
    stageteams,
    start,
    summary,
    team,
    timeline,
)
from . import risk as hiring_risk
from .budget import BudgetRows
from .compute import ComputeCells
from .scenarios import ScenarioCells
from .staffing import StaffingRows
from .stageteams import StageSeats

__all__ = ["SHEETS", "SheetEntry", "build_order", "by_key"]


@dataclass(frozen=True)
class SheetEntry:
    key: str
    title: str
    build: Callable[[Context], SheetSpec]
    refilled: bool  # True: generated, a refill rewrites it from the model; False: built once, then the user's
    needs: tuple[type, ...] = ()  # what it takes from other sheets (ctx.need)
    gives: type | None = None  # what it hands on (ctx.hand)
    added_later: bool = False  # True: a workbook made before it existed lacks it, and a refill adds it


SHEETS: tuple[SheetEntry, ...] = (
    SheetEntry("start", start.TITLE, start.build, refilled=True, needs=(StaffingRows,)),
    SheetEntry("inputs", assumptions.TITLE, assumptions.build, refilled=False),
    # the user's table of locations: a refill adds it to a workbook made without it, and never rewrites it
    SheetEntry("locations", locations.TITLE, locations.build, refilled=False, added_later=True),
    SheetEntry("scenarios", scenarios.TITLE, scenarios.build, refilled=False, added_later=True, gives=ScenarioCells),
    SheetEntry("staffing", staffing.TITLE, staffing.build, refilled=True, needs=(RoleBlocks, StageSeats), gives=StaffingRows),
    SheetEntry("compute", compute.TITLE, compute.build, refilled=False, gives=ComputeCells),
    SheetEntry("budget", budget.TITLE, budget.build, refilled=True, needs=(StaffingRows, ComputeCells), gives=BudgetRows),
    # the user's actuals (never rewritten), and the plan with actual starts that the Budget's forecast takes
    SheetEntry("actuals", actuals.TITLE, actuals.build, refilled=False, added_later=True),
    SheetEntry("forecast", forecast.TITLE, forecast.build, refilled=True, added_later=True, needs=(StaffingRows, ComputeCells)),
    SheetEntry("timeline", timeline.TITLE, timeline.build, refilled=True, needs=(StaffingRows,)),
    SheetEntry("playbook", playbook.TITLE, playbook.build, refilled=True, needs=(RoleBlocks, TeamBlocks, LifecycleBlocks)),
    SheetEntry("summary", summary.TITLE, summary.build, refilled=True, needs=(StaffingRows, BudgetRows)),
    SheetEntry("compare", compare.TITLE, compare.build, refilled=True, added_later=True, needs=(ScenarioCells, BudgetRows)),
    SheetEntry("skills", skills.TITLE, skills.build, refilled=False, needs=(RoleBlocks,)),
    # the guide sheets hold no input: a refill rewrites them from the catalog, so they follow its data files
    SheetEntry("roles", roles.TITLE, roles.build, refilled=True, added_later=True, gives=RoleBlocks),
    SheetEntry("team", team.TITLE, team.build, refilled=True, added_later=True, needs=(StaffingRows,), gives=TeamBlocks),
    SheetEntry("lifecycle", lifecycle.TITLE, lifecycle.build, refilled=True, added_later=True, needs=(RoleBlocks,), gives=LifecycleBlocks),
    # the seeds' stage tables as seats: Staffing's generated rows follow them (Stage, Size and Products are live)
    SheetEntry("stageteams", stageteams.TITLE, stageteams.build, refilled=True, added_later=True, gives=StageSeats),
    SheetEntry("bridge", bridge.TITLE, bridge.build, refilled=True, added_later=True, needs=(StaffingRows,), gives=bridge.BridgeRows),
    SheetEntry(
        "checks", checks.TITLE, checks.build, refilled=True, needs=(StaffingRows, BudgetRows, RoleBlocks, TeamBlocks, LifecycleBlocks)
    ),
    # figures the model writes as values, stamped with the inputs they came from (Checks notes them when stale)
    SheetEntry("risk", hiring_risk.TITLE, hiring_risk.build, refilled=True, added_later=True, needs=(StaffingRows, BudgetRows)),
)


def by_key(key: str) -> SheetEntry:
    return next(entry for entry in SHEETS if entry.key == key)


def build_order(entries: tuple[SheetEntry, ...] = SHEETS) -> list[SheetEntry]:
    """The entries in tab order, each moved after the sheets whose hand-ons it needs."""
    done: set[type] = set()
    order: list[SheetEntry] = []
    waiting = list(entries)
    while waiting:
        ready = next((e for e in waiting if set(e.needs) <= done), None)
        if ready is None:
            missing = {t.__name__ for e in waiting for t in e.needs} - {t.__name__ for t in done}
            raise LookupError(f"no sheet hands on {', '.join(sorted(missing))}")
        waiting.remove(ready)
        order.append(ready)
        if ready.gives is not None:
            done.add(ready.gives)
    return order
