"""Actuals, variance and the rolling forecast: what a finance team does every month after the plan.

Each month the books close, the team types on the Actuals sheet what each Budget category
really cost and how many FTE were on board, and sets ``actuals_through`` (the last closed
month). Then, for every month ``m`` of the plan and every category:

* plan: the budget (``budget.project_budget``), as planned;
* actual: the amount typed for a closed month (``m <= actuals_through``); 0 for an open one;
* variance: actual - plan, and variance % = variance / plan, for closed months only;
* forecast: the actual for a closed month; for an open one, the plan again with each hire at
  the month they really started (``TeamLine.actual_start``) where one is known.

Totals over a fiscal quarter or year (``period_label``) compare the actuals with the plan of
the closed months of the period (``plan to date``), so a quarter half closed is not compared
with a whole quarter's plan. The workbook's formulas compute the same figures; both read a
blank actuals cell as 0, and text as 0 with a finding (``problems``), never as a crash.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
import numpy.typing as npt
from pydantic import BaseModel, Field

from .assumptions import Money, Number
from .budget import CATEGORIES, budget_lines, months, period_label
from .errors import ErrorCode, InputError
from .rules import MAX_HORIZON, bounds

if TYPE_CHECKING:
    import pandas as pd

    from .plan import Plan

__all__ = ["MEASURES", "ActualMonth", "Actuals", "Problem", "forecast_plan", "parse_actuals", "variance", "variance_months"]

TOTALS = (*CATEGORIES, "Total")
MEASURES = ("plan", "plan to date", "actual", "variance", "variance %", "forecast")


class ActualMonth(BaseModel):
    """What one month's row of the Actuals sheet takes: the rules its cells are validated by."""

    spend: Money  # one category's actual cost in the month
    headcount: Annotated[Number, Field(ge=0, le=100_000)]  # FTE on board


@dataclass(frozen=True)
class Problem:
    """A cell of the Actuals sheet holding what the planner cannot take as an amount."""

    cell: str  # "Actuals!D7"
    value: Any
    allowed: str
    code: ErrorCode

    def error(self, where: str = "", more: int = 0) -> InputError:
        """The problem as the one line a user reads (``more``: how many other cells have one)."""
        also = f"; {more} more cell{'s' if more > 1 else ''} of the Actuals sheet too" if more else ""
        return InputError(f"{where} {self.cell}".strip(), self.value, self.allowed + also, code=self.code)


@dataclass(frozen=True)
class Actuals:
    """Actual spend (month x category, in ``CATEGORIES`` order) and headcount, as typed."""

    spend: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros((MAX_HORIZON, len(CATEGORIES))))
    headcount: npt.NDArray[np.float64] = field(default_factory=lambda: np.zeros(MAX_HORIZON))
    problems: tuple[Problem, ...] = ()


def parse_actuals(spend: list[list[Any]], headcount: list[Any], cell: Any) -> Actuals:
    """Cells as read from the Actuals sheet: blank is 0; text is 0 and a problem; a negative
    amount stays as typed (the workbook sums it too) and is a problem. ``cell(i, j)`` names the
    cell of month ``i`` (0-based) and column ``j`` (0-4 the categories, 5 the headcount)."""
    problems: list[Problem] = []
    rules = (bounds("spend", ActualMonth), bounds("headcount", ActualMonth))

    def number(value: Any, i: int, j: int) -> float:
        if value is None or (isinstance(value, str) and not value.strip()):
            return 0.0
        rule = rules[1 if j == len(CATEGORIES) else 0]
        code = rule.problem(value)
        if code is not None:
            problems.append(Problem(cell(i, j), value, rule.allowed() + " (blank: nothing spent)", code))
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0

    grid = np.zeros((MAX_HORIZON, len(CATEGORIES)))
    for i, row in enumerate(spend[:MAX_HORIZON]):
        for j, value in enumerate(row[: len(CATEGORIES)]):
            grid[i, j] = number(value, i, j)
    fte = np.zeros(MAX_HORIZON)
    for i, value in enumerate(headcount[:MAX_HORIZON]):
        fte[i] = number(value, i, len(CATEGORIES))
    return Actuals(grid, fte, tuple(problems))


def forecast_plan(plan: Plan) -> Plan:
    """The plan with each hire at the month they really started, where an actual start is typed."""
    positions = [p if p.actual_start is None else p.model_copy(update={"start_month": p.actual_start}) for p in plan.positions]
    return plan.model_copy(update={"positions": positions})


def _by_category(plan: Plan) -> npt.NDArray[np.float64]:
    """Category x horizon month: the plan's monthly totals per category (each cell already to the cent)."""
    index, data = budget_lines(plan)
    out = np.zeros((len(CATEGORIES), plan.assumptions.horizon_months))
    for k, category in enumerate(CATEGORIES):
        rows = [i for i, key in enumerate(index) if key[0] == category]
        if rows:
            out[k] = data[rows].sum(axis=0)
    return np.round(out, 2)


def variance_months(plan: Plan, actuals: Actuals) -> dict[str, npt.NDArray[np.float64]]:
    """Per measure, a (category and Total) x horizon month array: what the Budget's block shows.

    Variance and variance % are NaN in the open months, and variance % where the plan is 0."""
    a = plan.assumptions
    h = a.horizon_months
    closed = (np.arange(1, h + 1) <= a.actuals_through).astype(np.float64)
    planned = _by_category(plan)
    basis = _by_category(forecast_plan(plan))
    actual = actuals.spend[:h].T * closed
    forecast = np.where(closed > 0, actual, basis)

    def with_total(values: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        return np.vstack([values, values.sum(axis=0)])

    plan_rows, actual_rows = with_total(planned), with_total(actual)
    var = np.where(closed > 0, actual_rows - plan_rows, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where((closed > 0) & (plan_rows != 0), var / np.where(plan_rows == 0, 1, plan_rows), np.nan)
    return {
        "plan": plan_rows,
        "plan to date": plan_rows * closed,
        "actual": actual_rows,
        "variance": var,
        "variance %": pct,
        "forecast": with_total(forecast),
    }


def variance(plan: Plan, actuals: Actuals, period: str = "M") -> pd.DataFrame:
    """Plan, plan to date, actual, variance, variance % and forecast by category (rows) and
    month, fiscal quarter or fiscal year (columns), with a last column over the horizon."""
    import pandas as pd

    if period not in ("M", "Q", "Y"):
        raise ValueError(f"period must be M, Q or Y, not {period!r}")
    a = plan.assumptions
    per_month = variance_months(plan, actuals)
    days = [p.to_timestamp().date() for p in months(a)]
    labels = [str(p) for p in months(a)] if period == "M" else [period_label(d, period, a.fiscal_year_start) for d in days]
    columns = [*dict.fromkeys(labels), "Total"]
    closed = np.arange(1, a.horizon_months + 1) <= a.actuals_through
    rows: dict[tuple[str, str], list[float]] = {}
    for k, category in enumerate(TOTALS):
        for measure in MEASURES:
            rows[(category, measure)] = []
        for label in columns:
            take = np.ones(len(labels), dtype=bool) if label == "Total" else np.array([x == label for x in labels])
            shut = take & closed
            sums = {m: round(float(per_month[m][k][take].sum()), 2) for m in ("plan", "plan to date", "actual", "forecast")}
            var = round(sums["actual"] - sums["plan to date"], 2) if shut.any() else np.nan
            pct = var / sums["plan to date"] if shut.any() and sums["plan to date"] != 0 else np.nan
            for measure, value in sums.items():
                rows[(category, measure)].append(value)
            rows[(category, "variance")].append(var)
            rows[(category, "variance %")].append(pct)
    index = pd.MultiIndex.from_tuples(list(rows), names=("category", "measure"))
    return pd.DataFrame(list(rows.values()), index=index, columns=columns)
