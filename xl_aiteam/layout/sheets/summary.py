"""Summary: key figures, yearly totals by category, and headcount and monthly spend charts."""

from __future__ import annotations

from ...budget import CATEGORIES
from ...money import round_money
from ..a1 import col
from ..common import title
from ..context import Context
from ..horizon import chart_months, printed_months
from ..months import FIRST, LAST, YEARS
from ..spec import Chart, Formula, SheetSpec
from ..variance import summary_block
from .budget import LABEL, TOTALS, BudgetRows
from .budget import TITLE as BUDGET
from .checks import result_colours
from .staffing import StaffingRows

# Personnel, Contractors, Recruiting, Compute, Storage: far apart in hue and lightness
SERIES_COLOURS = ("1F4E79", "9DC3E6", "FFC000", "7030A0", "A5A5A5")

__all__ = ["TITLE", "build"]

TITLE = "Summary"
CHART_MONTHS = 68  # the charts' month labels, below the printed page (the charts, then actuals and forecast: A1:H64)


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="00B050")
    title(s, "Summary", f"Headcount and spend by month, and totals by fiscal year. Figures in {ctx.a.currency}.")
    R = ctx.need(StaffingRows).column
    budget = ctx.need(BudgetRows)
    fig, plan = ctx.figures, ctx.plan
    s.put(4, 1, "Positions", "label")
    s.put(4, 2, Formula(f"=SUM({R('in_plan')})"), "calc", "int", cached=len(plan.positions))
    s.put(5, 1, "FTE planned", "label")
    s.put(5, 2, Formula(f"=SUMPRODUCT({R('fte')},{R('in_plan')})"), "calc", "fte", cached=plan.fte)
    s.put(6, 1, Formula('="Cost over the horizon ("&Currency&")"'), "label", cached=f"Cost over the horizon ({ctx.a.currency})")
    s.put(6, 2, Formula("=PlanTotal"), "link", "money", cached=round_money(float(fig.monthly["Total"].sum())))
    s.put(7, 1, "Plan check", "label")
    s.put(7, 2, Formula("=MasterCheck"), "check", cached="OK" if fig.blocking == 0 else "Check")
    s.cond_formats += result_colours("B7")
    s.put(9, 1, "Totals by fiscal year", "section")
    s.put(10, 1, "Category", "header")
    periods = fig.periods("Y")
    yearly = fig.period_totals("Y")
    labels = periods + [""] * (YEARS - len(periods))
    for j in range(YEARS):
        column = f"COLUMNS($B$10:{col(2 + j)}$10)"  # year j of the Budget's yearly rows
        s.put(10, 2 + j, Formula(f"=INDEX(YearLabels,1,{column})"), "header", cached=labels[j])
    for i, category in enumerate(TOTALS):
        s.put(11 + i, 1, category, "total" if category == "Total" else "label")
        for j in range(YEARS):
            cached: float | str = yearly[category][j] if j < len(periods) else ""
            s.put(
                11 + i,
                2 + j,
                Formula(f"=INDEX(Yearly{category},1,COLUMNS($B$10:{col(2 + j)}$10))"),
                "total" if category == "Total" else "link",
                "money",
                cached=cached,
            )
    # the charts span every prepared month; the labels below the printed page follow Horizon live
    s.put(8, 1, "The charts show the months of the horizon on Assumptions, and follow it when it changes.", "note")
    months = chart_months(s, CHART_MONTHS, 2, fig)
    printed_months(ctx, s, CHART_MONTHS - 1)
    s.charts.append(
        Chart(
            "column",
            "Headcount (FTE on board)",
            "A19",
            BUDGET,
            budget.timeline.date,
            FIRST,
            LAST,
            (budget.headcount,),
            LABEL,
            "FTE",
            24,
            8,
            colors=(SERIES_COLOURS[0],),
            labels_down=(TITLE, 2, months),
        )
    )
    s.charts.append(
        Chart(
            "stacked_column",
            "Monthly spend by category",
            "A36",
            BUDGET,
            budget.timeline.date,
            FIRST,
            LAST,
            tuple(budget.monthly[c] for c in CATEGORIES),
            LABEL,
            f"{ctx.a.currency} a month",
            24,
            9,
            colors=SERIES_COLOURS,
            labels_down=(TITLE, 2, months),
        )
    )
    s.widths.update({1: 26, **{2 + j: 14 for j in range(YEARS)}})
    last = summary_block(ctx, s, 56)  # actuals and forecast, below the charts
    assert last < CHART_MONTHS - 1, "the actuals table runs into the charts' month labels"
    s.print_area = f"A1:H{last}"
    s.landscape = False
    return s
