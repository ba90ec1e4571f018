"""Forecast basis: the Budget again, with each hire at the month they really started.

Where Staffing's "Actual start" holds a month, a position's pay and recruiting start then; where
it is blank, as planned. Every other rule is the Budget's own (the detail rows are written by
the Budget's code, so the two cannot drift). The Budget's forecast takes the months after
``ActualsThrough`` from here (``ForecastBasisPersonnel``...); the plan itself stays on the Budget.
"""

from __future__ import annotations

from dataclasses import replace

from ...actuals import forecast_plan
from ...money import round_money
from ..a1 import col
from ..common import title
from ..context import Context
from ..months import FIRST, LAST, timeline_header
from ..spec import Formula, SheetSpec
from .budget import LABEL, OVER_HORIZON, TOTALS, _detail
from .compute import ComputeCells
from .staffing import StaffingRows

__all__ = ["TITLE", "build"]

TITLE = "Forecast basis"
START = 6  # the detail's "Start month" column, as the Budget writes it


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"{col(FIRST)}10", tab_color="00B050", zoom=90)
    title(
        s,
        "Forecast basis",
        "The Budget with each hire at their actual start (Staffing's Actual start column; blank: as planned). "
        "The Budget's forecast takes the months after ActualsThrough from here.",
    )
    later = Context(forecast_plan(ctx.plan), ctx.state, ctx.names, ctx._handed)  # same names and hand-ons, hires moved
    t = timeline_header(s, 4, True, later.figures)
    staff = ctx.need(StaffingRows)
    totals_top = 11
    head = totals_top + len(TOTALS) + 2
    for c, text in enumerate(["Category", "Line", "Position", "Employment", "FTE", "Start (actual)", "End month", "Rate", "Total"], 1):
        s.put(head, c, text, "header")
    first = head + 1
    last = _detail(later, s, t, staff, ctx.need(ComputeCells), first)
    slots = range(first, first + 2 * staff.slots)  # the pay and recruiting rows of every Staffing slot
    for i, row in enumerate(slots):
        k = f"ROWS($C${first if i < staff.slots else first + staff.slots}:$C{row})"
        actual = f"INDEX({staff.column('actual_start')},{k})"
        cell = s.cells[(row, START)]
        f = f'=IF($A{row}="","",IF({actual}="",INDEX({staff.column("start_month")},{k}),{actual}))'
        s.cells[(row, START)] = replace(cell, value=Formula(f))
    s.put(totals_top, 1, "Forecast basis by category", "section")
    s.put(totals_top, OVER_HORIZON, "Total over the horizon", "timeline")
    rows = {}
    for i, category in enumerate(TOTALS):
        row = totals_top + 1 + i
        rows[category] = row
        total = category == "Total"
        s.put(row, LABEL, category, "total_label" if total else "row_label")
        values = later.figures.monthly[category]
        for c in range(OVER_HORIZON, LAST + 1):
            letter = col(c)
            if total:
                f = f"=SUM({letter}{rows[TOTALS[0]]}:{letter}{row - 1})"
            else:
                f = f"=SUMIF($A${first}:$A${last},${col(LABEL)}{row},{letter}${first}:{letter}${last})"
            cached = round_money(float(values.sum())) if c == OVER_HORIZON else float(values[c - FIRST])
            s.put(row, c, Formula(f), "total" if total else "calc", "money", cached=cached)
        ctx.name(f"ForecastBasis{category}", s.name, row, FIRST, row, LAST)
    s.widths.update({1: 13, 2: 22, 3: 9, 4: 11, 5: 6, 6: 8, 7: 7, 8: 11, 9: 13})
    s.heights[head] = 30
    s.print_area = f"A1:{col(FIRST + ctx.a.horizon_months - 1)}{last}"
    s.print_title_cols = f"A:{col(OVER_HORIZON)}"
    s.print_title_rows = f"{t.month}:{t.last}"
    s.pages_wide = max(1, -(-ctx.a.horizon_months // 12))
    return s
