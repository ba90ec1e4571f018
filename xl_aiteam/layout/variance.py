"""Actuals against the plan, on the Budget and the Summary, and the checks of what was typed.

Below the Budget's detail, with the same month columns: per category (and the total) its plan,
actual, variance, variance % and forecast. A month is closed when it is at or before
``ActualsThrough``: then the actual comes from the Actuals sheet (``ActualSpend``, text read as
0) and the variance is actual - plan; the forecast is the actual of a closed month and the
forecast basis (the plan with actual starts) after it. A variance % over ``VarianceTolerance``
shows red. ``ForecastTotal`` is the forecast over the horizon; ``PlanTotal`` stays the plan.
The figures mirror ``xl_aiteam.actuals.variance_months`` cell for cell.
"""

from __future__ import annotations

import math

import numpy as np

from ..actuals import variance_months
from ..budget import CATEGORIES
from .a1 import col
from .context import Context
from .months import FIRST, LAST, TimelineRows
from .spec import FAIL, CondFormat, Formula, SheetSpec

__all__ = ["HEADCOUNT", "SECTION", "actuals_checks", "actuals_flags", "budget_block", "summary_block"]

SECTION = "Actuals, variance and forecast"
TOTALS = (*CATEGORIES, "Total")
ROWS = ("Plan", "Actual", "Variance", "Variance %", "Forecast")  # the rows of each category, in this order
HEADCOUNT = "Headcount (FTE)"  # the plan's FTE on board against the Actuals sheet's, after the categories
LABEL, OVER = FIRST - 2, FIRST - 1  # the row's name, and its total over the horizon (as the Budget's totals)


def _cached(value: float) -> float | str:
    return "" if math.isnan(value) else float(value)


def budget_block(ctx: Context, s: SheetSpec, t: TimelineRows, plan_rows: dict[str, int], top: int) -> int:
    """Write the block from row ``top`` down; ``plan_rows``: the Budget's monthly total row of each
    category, and its headcount row (``HEADCOUNT``). Returns the last row."""
    fig = variance_months(ctx.plan, ctx.state.actuals)
    h = ctx.a.horizon_months
    s.put(top, 1, SECTION, "section")
    s.put(top, OVER, "Total", "timeline")
    s.row_breaks.append(top)  # printed on a page of its own
    s.put(top + 1, 1, "Plan and forecast: over the horizon. Actual and variance: the closed months.", "note")
    closed = top + 2
    s.put(closed, LABEL, "Closed (1 = actuals)", "row_label")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        flag = int(c - FIRST < h and c - FIRST < ctx.a.actuals_through)
        s.put(closed, c, Formula(f"=IF({m}<=ActualsThrough,1,0)*{on}"), "calc", "int", cached=flag)
    row = closed + 2
    found: dict[str, dict[str, int]] = {}
    for k, category in enumerate(TOTALS):
        at = found[category] = {name: row + i for i, name in enumerate(ROWS)}
        for name, r in at.items():
            s.put(r, 1, category, "label")
            s.put(r, LABEL, name, "total_label" if category == "Total" and name == "Forecast" else "row_label")
        for c in range(FIRST, LAST + 1):
            i, x = c - FIRST, col(c)
            here = {name: f"{x}{r}" for name, r in at.items()}
            shut, m, on = f"{x}${closed}", f"{x}${t.month}", f"{x}${t.in_plan}"
            if category == "Total":
                actual = "=" + "+".join(f"{x}{found[cat]['Actual']}" for cat in CATEGORIES)
                forecast = "=" + "+".join(f"{x}{found[cat]['Forecast']}" for cat in CATEGORIES)
            else:
                actual = f"=N(INDEX(ActualSpend,{m},MATCH($A{at['Actual']},ActualCategories,0)))*{shut}"
                forecast = f"=IF({shut}=1,{here['Actual']},INDEX(ForecastBasis{category},1,{m})*{on})"
            keys = ("plan", "actual", "variance", "variance %", "forecast")
            blank = {"plan": 0.0, "actual": 0.0, "forecast": 0.0, "variance": math.nan, "variance %": math.nan}
            values = {name: fig[key][k][i] if i < h else blank[key] for name, key in zip(ROWS, keys, strict=True)}
            s.put(at["Plan"], c, Formula(f"={x}{plan_rows[category]}"), "calc", "money", cached=float(values["Plan"]))
            s.put(at["Actual"], c, Formula(actual), "calc", "money", cached=float(values["Actual"]))
            variance = f'=IF({shut}=1,{here["Actual"]}-{here["Plan"]},"")'
            s.put(at["Variance"], c, Formula(variance), "calc", "money", cached=_cached(values["Variance"]))
            share = f'=IF({shut}=1,IF({here["Plan"]}=0,"",{here["Variance"]}/{here["Plan"]}),"")'
            s.put(at["Variance %"], c, Formula(share), "calc", "percent", cached=_cached(values["Variance %"]))
            s.put(
                at["Forecast"], c, Formula(forecast), "total" if category == "Total" else "calc", "money", cached=float(values["Forecast"])
            )
        _totals(ctx, s, category, at, closed, fig, k)
        s.cond_formats.append(_over(f"{col(FIRST)}{at['Variance %']}:{col(LAST)}{at['Variance %']}"))
        for name in ("Actual", "Forecast"):
            ctx.name(f"Monthly{name}{category}", s.name, at[name], FIRST, at[name], LAST)
        row += len(ROWS) + 1
    return _headcount(ctx, s, t, plan_rows[HEADCOUNT], closed, row)


def _headcount(ctx: Context, s: SheetSpec, t: TimelineRows, plan_row: int, closed: int, row: int) -> int:
    """FTE on board: the plan's, the Actuals sheet's (closed months) and the difference. Returns the last row."""
    h, through = ctx.a.horizon_months, ctx.a.actuals_through
    typed = ctx.state.actuals.headcount
    for i, name in enumerate(("Plan", "Actual", "Variance")):
        s.put(row + i, 1, HEADCOUNT, "label")
        s.put(row + i, LABEL, name, "row_label")
    for c in range(FIRST, LAST + 1):
        i, x = c - FIRST, col(c)
        shut = i < min(h, through)
        planned = float(ctx.figures.headcount[i])
        actual = float(typed[i]) if shut else 0.0
        s.put(row, c, Formula(f"={x}{plan_row}"), "calc", "fte", cached=planned)
        f = f"=N(INDEX(ActualHeadcount,{x}${t.month}))*{x}${closed}"
        s.put(row + 1, c, Formula(f), "calc", "fte", cached=actual)
        s.put(row + 2, c, Formula(f'=IF({x}${closed}=1,{x}{row + 1}-{x}{row},"")'), "calc", "fte", cached=actual - planned if shut else "")
    return row + 2


def _totals(ctx: Context, s: SheetSpec, category: str, at: dict[str, int], closed: int, fig: dict[str, np.ndarray], k: int) -> None:
    """Column H of a category's rows: plan and forecast over the horizon, actual and variance over the closed months."""
    span = f"{col(FIRST)}{{}}:{col(LAST)}{{}}"
    plan, actual, shut = span.format(at["Plan"], at["Plan"]), span.format(at["Actual"], at["Actual"]), span.format(closed, closed)
    to_date = f"SUMPRODUCT({plan},{shut})"
    planned, spent = round(float(fig["plan to date"][k].sum()), 2), round(float(fig["actual"][k].sum()), 2)
    any_closed = ctx.a.actuals_through > 0
    s.put(at["Plan"], OVER, Formula(f"=SUM({plan})"), "calc", "money", cached=round(float(fig["plan"][k].sum()), 2))
    s.put(at["Actual"], OVER, Formula(f"=SUM({actual})"), "calc", "money", cached=spent)
    var = f'=IF(SUM({shut})=0,"",{col(OVER)}{at["Actual"]}-{to_date})'
    s.put(at["Variance"], OVER, Formula(var), "calc", "money", cached=round(spent - planned, 2) if any_closed else "")
    pct = f'=IF(OR(SUM({shut})=0,{to_date}=0),"",{col(OVER)}{at["Variance"]}/{to_date})'
    share: float | str = (spent - planned) / planned if any_closed and planned else ""
    s.put(at["Variance %"], OVER, Formula(pct), "calc", "percent", cached=share)
    forecast = span.format(at["Forecast"], at["Forecast"])
    s.put(at["Forecast"], OVER, Formula(f"=SUM({forecast})"), "total", "money", cached=round(float(fig["forecast"][k].sum()), 2))
    s.cond_formats.append(_over(f"{col(OVER)}{at['Variance %']}"))
    for name, key in (("Actual", "Actual"), ("Variance", "Variance"), ("VariancePct", "Variance %"), ("Forecast", "Forecast")):
        ctx.name(f"{name}{category}", s.name, at[key], OVER)  # ForecastTotal: the forecast over the horizon


def _over(sqref: str) -> CondFormat:
    """Red, the failing check's colour, where the variance % is a number above the tolerance."""
    first = sqref.split(":")[0]
    return CondFormat(sqref, "", *FAIL, formula=f"AND(ISNUMBER({first}),{first}>VarianceTolerance)")


def summary_block(ctx: Context, s: SheetSpec, top: int) -> int:
    """A table on the Summary: per category, plan, actual and variance to date, and the forecast. Returns its last row."""
    s.put(top, 1, "Actuals and forecast", "section")
    note = "Closed months: up to ActualsThrough on Assumptions. Variance: actual against the plan of those months."
    s.put(top + 1, 1, note, "note")
    headers = ["Category", "Plan (horizon)", "Plan to date", "Actual to date", "Variance", "Variance %", "Forecast (horizon)"]
    for c, text in enumerate(headers, start=1):
        s.put(top + 2, c, text, "header")
    s.heights[top + 2] = 30  # room for the headers' two lines
    frame = variance_months(ctx.plan, ctx.state.actuals)
    any_closed = ctx.a.actuals_through > 0
    for k, category in enumerate(TOTALS):
        r = top + 3 + k
        total = category == "Total"
        style = "total" if total else "link"
        planned = round(float(frame["plan to date"][k].sum()), 2)
        spent = round(float(frame["actual"][k].sum()), 2)
        s.put(r, 1, category, "total" if total else "label")
        s.put(r, 2, Formula(f"=SUM(Monthly{category})"), style, "money", cached=round(float(frame["plan"][k].sum()), 2))
        s.put(r, 3, Formula(f'=Actual{category}-IF(Variance{category}="",0,Variance{category})'), style, "money", cached=planned)
        s.put(r, 4, Formula(f"=Actual{category}"), style, "money", cached=spent)
        s.put(r, 5, Formula(f"=Variance{category}"), style, "money", cached=round(spent - planned, 2) if any_closed else "")
        pct: float | str = (spent - planned) / planned if any_closed and planned else ""
        s.put(r, 6, Formula(f"=VariancePct{category}"), style, "percent", cached=pct)
        s.put(r, 7, Formula(f"=Forecast{category}"), style, "money", cached=round(float(frame["forecast"][k].sum()), 2))
    last = top + 2 + len(TOTALS)
    s.cond_formats.append(_over(f"F{top + 3}:F{last}"))
    return last


def actuals_checks() -> list[tuple[str, str, str, str, str]]:
    """The Checks sheet's rows for the actuals: code, check, severity, formula, what to do."""
    return [
        (
            "ACTUALS_THROUGH",
            "The last closed month (ActualsThrough) is a month of the plan",
            "error",
            "=IF(ActualsThrough>Horizon,1,0)",
            "Set ActualsThrough on Assumptions to 0 (no month closed) or a month up to the horizon.",
        ),
        (
            "ACTUALS_NOT_NUMBERS",
            "Every actual on the Actuals sheet is a number, 0 or more",
            "error",
            "=IF(SUMPRODUCT(--ISTEXT(ActualSpend))+SUMPRODUCT(--ISTEXT(ActualHeadcount))"
            '+COUNTIF(ActualSpend,"<0")+COUNTIF(ActualHeadcount,"<0")>0,1,0)',
            "Type amounts as numbers of 0 or more (a refund goes in the month it was spent); text counts as nothing. "
            "aiteam variance names the cells.",
        ),
    ]


def actuals_flags(ctx: Context) -> dict[str, int]:
    """What the model says those checks find, for their cached values."""
    problems = ctx.state.actuals.problems
    return {"ACTUALS_THROUGH": int(ctx.a.actuals_through > ctx.a.horizon_months), "ACTUALS_NOT_NUMBERS": int(bool(problems))}
