"""Summary: key figures, yearly totals by category, and headcount and monthly spend charts."""

from __future__ import annotations

from ...budget import CATEGORIES
from ..a1 import ref
from ..common import title
from ..context import Context
from ..months import FIRST, YEARS
from ..spec import Chart, Formula, SheetSpec
from .budget import TITLE as BUDGET
from .budget import TOTALS, BudgetRows
from .staffing import StaffingRows

__all__ = ["TITLE", "build"]

TITLE = "Summary"


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="00B050")
    title(s, "Summary", "Headcount and spend by month, and totals by calendar year. Figures in the plan currency.")
    R = ctx.need(StaffingRows).column
    budget = ctx.need(BudgetRows)
    s.put(4, 1, "Positions", "label")
    s.put(4, 2, Formula(f"=COUNTA({R('id')})"), "calc", "int")
    s.put(5, 1, "FTE planned", "label")
    s.put(5, 2, Formula(f"=SUM({R('fte')})"), "calc", "fte")
    s.put(6, 1, "Cost over the horizon", "label")
    s.put(6, 2, Formula(f"={ref(budget.monthly['Total'], FIRST - 1, sheet=BUDGET)}"), "link", "money")
    s.put(7, 1, "Plan check", "label")
    s.put(7, 2, Formula("=MasterCheck"), "check")
    s.put(9, 1, "Totals by calendar year", "section")
    s.put(10, 1, "Category", "header")
    for j in range(YEARS):
        s.put(10, 2 + j, Formula(f"={ref(budget.year_label, FIRST + j, sheet=BUDGET)}"), "header")
    for i, category in enumerate(TOTALS):
        s.put(11 + i, 1, category, "total" if category == "Total" else "label")
        for j in range(YEARS):
            s.put(
                11 + i,
                2 + j,
                Formula(f"={ref(budget.yearly[category], FIRST + j, sheet=BUDGET)}"),
                "total" if category == "Total" else "link",
                "money",
            )
    horizon_last = FIRST + ctx.a.horizon_months - 1  # charts cover the horizon the workbook was built with
    s.put(8, 1, "The charts show the months of the horizon this workbook was built with.", "note")
    s.charts.append(
        Chart(
            "line",
            "Headcount (FTE on board)",
            "A19",
            BUDGET,
            budget.timeline.date,
            FIRST,
            horizon_last,
            (budget.headcount,),
            1,
            "FTE",
            24,
            8,
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
            horizon_last,
            tuple(budget.monthly[c] for c in CATEGORIES),
            1,
            "per month",
            24,
            9,
        )
    )
    s.widths.update({1: 26, **{2 + j: 14 for j in range(YEARS)}})
    s.print_area = "A1:H54"
    s.landscape = False
    return s
