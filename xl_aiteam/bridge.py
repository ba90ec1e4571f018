"""Hire or contract: three ways to fill each open position, compared over a decision window.

For every position of the plan that still has to be filled (not a person already employed),
the window is ``decision_window_months`` months counted from the month its search opens
(``search_opens``, after the hiring delay), so month ``o`` to ``o + window - 1`` of the plan.
The window may run past the plan's horizon: it compares the paths, not the budget.

Salary, contractor rate and recruiting fee are the position's own, at its location, in the
reporting currency, as the Budget takes them (``Position.annual_salary``, ``contractor_rate``,
``recruiting_fee``). The three paths, with ``o`` the month the search opens:

* **Hire**: the permanent hire starts after the role's time to fill (``hs = o + time_to_fill``)
  and is fully productive after the role's ramp-up (``hp = hs + ramp_up``). Cost: the loaded
  salary as the Budget computes it, ``ROUND(salary * fte * loaded / 12 * pay_index(m), 2)`` each
  month from ``hs`` (``pay_index`` rises with the annual raise every 12 months of the plan), plus
  recruiting as the Budget computes it: the fee in the start month, then the backfill share
  ``ROUND(fee * attrition / 12, 2)`` each later month.
* **Contract**: a contractor starts after the contractor time to start
  (``cs = o + contractor_time_to_fill_months``) and is productive from the first month (an
  augmentation contractor is hired for skills they already have: no ramp-up). Cost:
  ``ROUND(hourly_rate * hours_per_month * fte, 2)`` each month from ``cs``.
* **Contract, then hire**: the search for the permanent hire opens in month ``o`` as in the
  hire path; a contractor fills the seat from ``cs`` until the month before the hire is fully
  productive (``hp - 1``), so their last months overlap the hire's ramp-up (the handover).
  Cost: the hire path's cost plus the contractor's months. When the contractor could not start
  before ``hp``, no contractor is needed and the path is the hire path.

**Productive person-months** count the work the seat delivers in the window: ``fte`` for a
month of a person fully productive; ``fte x ramp_up_productivity`` (an input, 0.5 by default:
half a month of work) for each ramp-up month of a new hire. In the bridged path the seat's work
is counted once: a month with the contractor in the seat is a fully productive month, whatever
the hire's ramp-up. **Cost per productive month** is the cost over the window divided by the
productive person-months, rounded to the cent; none when the window ends before any work is
delivered. The cheapest path is the one with the lowest cost per productive month (ties go to
the first of hire, contract, contract then hire). The month productive work starts is the
first month someone fully productive is in the seat.

Each figure is rounded as the "Hire or contract" sheet's formulas round it, so the two agree
to the cent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from .assumptions import Assumptions
from .catalog import Employment
from .money import round_money
from .plan import Plan, Position
from .rules import check_number

if TYPE_CHECKING:  # pandas is imported where a table is printed
    import pandas as pd

__all__ = [
    "PATHS",
    "BridgeRow",
    "BridgeTotals",
    "PathFigures",
    "bridge_frame",
    "bridge_rows",
    "bridge_summary",
    "bridge_totals",
    "cheapest",
]

PATHS = {"hire": "Hire", "contract": "Contract", "bridge": "Contract, then hire"}


class PathFigures(BaseModel):
    """One path of one position over the window."""

    model_config = ConfigDict(frozen=True)

    start_month: int  # the month the first person of the path starts
    productive_month: int  # the first month someone fully productive is in the seat
    cost: float
    productive_months: float  # productive person-months in the window
    cost_per_productive_month: float | None  # None: no work delivered in the window


class BridgeRow(BaseModel):
    """The three paths of one open position."""

    model_config = ConfigDict(frozen=True)

    position: Position
    window_end: int  # the last month of the window (a month of the plan, possibly past the horizon)
    hire: PathFigures
    contract: PathFigures
    bridge: PathFigures
    contractor_until: int | None  # the bridging contractor's last month; None: no contractor needed
    cheapest: str | None  # a key of PATHS
    saving: float | None  # 1 - contract / hire, per productive month (negative: contracting costs more)


class BridgeTotals(BaseModel):
    """Every open position together: cost, work and cost per productive month of each path."""

    model_config = ConfigDict(frozen=True)

    positions: int
    cost: dict[str, float]
    productive_months: dict[str, float]
    cost_per_productive_month: dict[str, float | None]
    saving: float | None  # contract against hire, per productive month
    months_to_team: dict[str, int | None]  # from the first search's month to the last seat's productive month, counted inclusively


def _window(window: object, a: Assumptions) -> int:
    if window is None:
        return a.decision_window_months
    return int(check_number("window", window, "decision_window_months"))


def _months(first: int, last: int) -> int:
    """Months from ``first`` to ``last``, both counted; 0 when ``last`` is before ``first``."""
    return max(0, last - first + 1)


def _per_month(cost: float, work: float) -> float | None:
    return round_money(cost / work) if work > 0 else None


def cheapest(per_month: dict[str, float | None]) -> str | None:
    """The path with the lowest cost per productive month; ties to the first in PATHS order."""
    known = [(value, i, key) for i, (key, value) in enumerate(per_month.items()) if value is not None]
    return min(known)[2] if known else None


def _hire_pay(p: Position, a: Assumptions, first: int, last: int) -> float:
    """The hire's pay from ``first`` to ``last``: the Budget's monthly figure, one plan year at a time."""
    base = p.annual_salary * p.fte * a.loaded_multiplier / 12
    total = 0.0
    for year in range((first - 1) // 12, (last - 1) // 12 + 1 if last >= first else 0):
        months = _months(max(first, year * 12 + 1), min(last, year * 12 + 12))
        total += months * round_money(base * (1 + a.annual_raise) ** year)
    return total


def _work(fte: float, full_from: int, hire_starts: int, end: int, share: float) -> float:
    """Productive person-months to ``end``: full months from ``full_from``, and the ramp-up share for
    each month of the hire before it (from ``hire_starts``)."""
    return fte * (_months(full_from, end) + share * _months(hire_starts, min(end, full_from - 1)))


def _path(start: int, productive: int, cost: float, work: float) -> PathFigures:
    return PathFigures(
        start_month=start, productive_month=productive, cost=cost, productive_months=work, cost_per_productive_month=_per_month(cost, work)
    )


def _row(p: Position, a: Assumptions, window: int) -> BridgeRow:
    terms = a.terms(p.role)
    o = p.search_opens
    end = o + window - 1
    hs = o + terms.time_to_fill_months
    hp = hs + terms.ramp_up_months
    cs = o + a.contractor_time_to_fill_months

    fee = p.recruiting_fee
    recruiting = round_money(fee) * (hs <= end) + round_money(fee * a.attrition_rate / 12) * max(0, end - hs)
    hire_cost = round_money(_hire_pay(p, a, hs, end) + recruiting)
    hire = _path(hs, hp, hire_cost, _work(p.fte, hp, hs, end, a.ramp_up_productivity))
    month_fee = round_money(p.contractor_rate * a.contractor_hours_per_month * p.fte)
    contract = _path(cs, cs, round_money(month_fee * _months(cs, end)), p.fte * _months(cs, end))
    seat = min(cs, hp)  # from here someone fully productive is in the seat
    bridge_cost = round_money(hire_cost + month_fee * _months(cs, min(end, hp - 1)))
    bridge = _path(min(cs, hs), seat, bridge_cost, _work(p.fte, seat, hs, end, a.ramp_up_productivity))
    per_month = {
        "hire": hire.cost_per_productive_month,
        "contract": contract.cost_per_productive_month,
        "bridge": bridge.cost_per_productive_month,
    }
    h, c = hire.cost_per_productive_month, contract.cost_per_productive_month
    return BridgeRow(
        position=p,
        window_end=end,
        hire=hire,
        contract=contract,
        bridge=bridge,
        contractor_until=hp - 1 if cs < hp else None,
        cheapest=cheapest(per_month),
        saving=1 - c / h if h and c is not None else None,
    )


def bridge_rows(plan: Plan, window: object = None) -> list[BridgeRow]:
    """The three paths of every open position (people already employed are left out).

    ``window``: months from each search's opening (default: the assumptions'
    ``decision_window_months``); a bad one raises InputError naming ``window``.
    """
    a = plan.assumptions
    months = _window(window, a)
    return [_row(p, a, months) for p in plan.positions if p.employment != Employment.EXISTING]


def bridge_totals(rows: list[BridgeRow]) -> BridgeTotals:
    """The paths over every open position together."""
    cost = {key: round_money(sum(getattr(r, key).cost for r in rows)) for key in PATHS}
    work = {key: sum(getattr(r, key).productive_months for r in rows) for key in PATHS}
    per_month = {key: _per_month(cost[key], work[key]) for key in PATHS}
    h, c = per_month["hire"], per_month["contract"]
    first = min((r.position.search_opens for r in rows), default=None)
    to_team: dict[str, int | None] = {
        key: None if first is None else max(getattr(r, key).productive_month for r in rows) - first + 1 for key in PATHS
    }
    return BridgeTotals(
        positions=len(rows),
        cost=cost,
        productive_months=work,
        cost_per_productive_month=per_month,
        saving=1 - c / h if h and c is not None else None,
        months_to_team=to_team,
    )


def bridge_frame(plan: Plan, window: object = None) -> pd.DataFrame:
    """One row per open position: each path's cost, productive person-months, cost per productive
    month and the month productive work starts, the cheapest path and the contract saving (per cent of
    the hire's cost per productive month)."""
    import pandas as pd

    rows = []
    for r in bridge_rows(plan, window):
        p = r.position
        row: dict[str, object] = {"id": p.id, "role": p.role_name, "level": p.level.value, "fte": p.fte, "search_opens": p.search_opens}
        for key in PATHS:
            figures: PathFigures = getattr(r, key)
            row[f"{key}_cost"] = figures.cost
            row[f"{key}_productive_months"] = round(figures.productive_months, 6)
            row[f"{key}_cost_per_productive_month"] = figures.cost_per_productive_month
            row[f"{key}_productive_from"] = figures.productive_month
        row["contractor_until"] = r.contractor_until
        row["cheapest"] = PATHS[r.cheapest] if r.cheapest else ""
        row["contract_saving_percent"] = None if r.saving is None else round(100 * r.saving, 2)
        rows.append(row)
    frame = pd.DataFrame(rows)
    if frame.empty:
        return frame
    frame["contractor_until"] = frame["contractor_until"].astype("Int64")
    return frame.set_index("id")


def bridge_summary(plan: Plan, window: object = None) -> list[str]:
    """The paths over every open position, and seed 000's claims beside the computed answer, as lines of text."""
    from .catalog import load_catalog
    from .guide import source_label

    totals = bridge_totals(bridge_rows(plan, window))
    lines = ["All open positions:"]
    for key, name in PATHS.items():
        per = totals.cost_per_productive_month[key]
        lines.append(
            f"  {name:20} cost {totals.cost[key]:>14,.2f}  productive person-months {totals.productive_months[key]:8.2f}  "
            f"per productive month {'-' if per is None else f'{per:,.2f}':>12}  months to a full team {totals.months_to_team[key]}"
        )
    best = cheapest(totals.cost_per_productive_month)
    lines.append(f"  cheapest per productive month: {PATHS[best] if best else '-'}")
    facts = load_catalog().costs.facts
    build, start, saving = facts["months_to_build_team"], facts["staff_augmentation_start"], facts["staff_augmentation_saving"]
    computed = "-" if totals.saving is None else f"{totals.saving:.1%}"
    lines += [
        f"A staffing vendor's own claims ({source_label(build.source)}), beside this plan's answer:",
        f"  building a team by hiring: {build.low:g}-{build.high:g} months (claim); "
        f"{totals.months_to_team['hire']} months from the first search to the last hire productive (computed)",
        f"  augmentation adds a person within {start.low:g} weeks (claim); "
        f"{plan.assumptions.contractor_time_to_fill_months} month(s) to a contractor's first day (assumption)",
        f"  saving against permanent hiring: {saving.low:.0%} (claim); {computed} per productive month, contract against hire (computed)",
    ]
    return lines
