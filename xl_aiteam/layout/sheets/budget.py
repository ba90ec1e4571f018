"""Budget: the monthly cost of the plan, one formula per row copied across the prepared months.

Each formula mirrors a rule of ``xl_aiteam.budget`` term for term (the same order of
operations, the same ROUND), so a spreadsheet engine and the Python model compute the same
cents independently. ``build`` hands on :class:`BudgetRows` for Summary, Checks and charts.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...budget import CATEGORIES
from ..a1 import col, ref
from ..common import title
from ..context import Context
from ..months import FIRST, LAST, QUARTERS, YEARS, TimelineRows, timeline_header
from ..spec import Formula, SheetSpec
from .compute import ComputeCells
from .staffing import COLUMNS, StaffingRows
from .staffing import TITLE as STAFFING

__all__ = ["TITLE", "BudgetRows", "build"]

TITLE = "Budget"
TOTALS = (*CATEGORIES, "Total")


@dataclass(frozen=True)
class BudgetRows:
    """Where the Budget's figures are: detail rows, monthly totals by category, headcount, years."""

    timeline: TimelineRows
    detail_first: int
    detail_last: int
    monthly: dict[str, int]  # category (and "Total") -> row of its monthly totals
    headcount: int
    year_label: int
    yearly: dict[str, int]  # category (and "Total") -> row of its yearly totals


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"{col(FIRST)}10", tab_color="00B050", zoom=90)
    title(s, "Budget", "Monthly cost in the plan currency, each cell rounded to the cent. One formula per row, copied across 60 months.")
    t = timeline_header(s, 4, pay_index=True)
    staff = ctx.need(StaffingRows)
    compute = ctx.need(ComputeCells)
    # totals sit in fixed rows above the detail, so links and charts never move when positions change
    totals_top, quarters_top, years_top, head = 11, 20, 30, 39
    for c, text in enumerate(["Category", "Line", "Position", "Employment", "FTE", "Start month", "Rate", "Total"], start=1):
        s.put(head, c, text, "header")
    first_row = head + 1
    last_row = _detail(ctx, s, t, staff, compute, first_row)

    # totals by category, per month
    row = totals_top
    s.put(row, 1, "Totals by category", "section")
    s.put(row, FIRST - 1, "Total over the horizon", "timeline")
    row += 1
    monthly: dict[str, int] = {}
    for category in CATEGORIES:
        s.put(row, 1, category, "total")
        for c in range(FIRST - 1, LAST + 1):
            letter = col(c)
            s.put(
                row,
                c,
                Formula(f"=SUMIF($A${first_row}:$A${last_row},$A{row},{letter}${first_row}:{letter}${last_row})"),
                "calc",
                "money",
            )
        monthly[category] = row
        row += 1
    s.put(row, 1, "Total", "total")
    for c in range(FIRST - 1, LAST + 1):
        letter = col(c)
        s.put(row, c, Formula(f"=SUM({letter}{monthly['Personnel']}:{letter}{row - 1})"), "total", "money")
    monthly["Total"] = row
    row += 1
    s.put(row, 1, "Headcount (FTE on board)", "total")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        s.put(row, c, Formula(f"=SUMPRODUCT(({staff.column('start_month')}<={m})*{staff.column('fte')})*{on}"), "calc", "fte")
    headcount = row

    # quarterly and yearly totals: calendar periods, summed from the monthly rows by their key
    row = quarters_top
    s.put(row, 1, "Totals by calendar quarter", "section")
    row += 1
    q_count, q_label = row, row + 1
    s.put(q_count, FIRST - 1, "Quarter of the plan", "timeline")
    s.put(q_label, FIRST - 1, "Quarter", "timeline")
    q_first = "DATE(YEAR(StartDate),(ROUNDUP(MONTH(StartDate)/MonthsPerQuarter,0)-1)*MonthsPerQuarter+1,1)"
    last_month = "DATE(YEAR(StartDate),MONTH(StartDate)+Horizon-1,1)"
    for c in range(FIRST, FIRST + QUARTERS):
        here = col(c)
        s.put(q_count, c, Formula(f"=N({col(c - 1)}{q_count})+1"), "timeline", "int")
        qd = f"EDATE({q_first},({here}${q_count}-1)*MonthsPerQuarter)"
        s.put(q_label, c, Formula(f'=IF({qd}>{last_month},"",YEAR({qd})&" Q"&ROUNDUP(MONTH({qd})/MonthsPerQuarter,0))'), "timeline")
    _period_totals(s, q_label + 1, q_label, t.quarter, QUARTERS, monthly)

    row = years_top
    s.put(row, 1, "Totals by calendar year", "section")
    row += 1
    y_label = row
    s.put(y_label, FIRST - 1, "Year", "timeline")
    for c in range(FIRST, FIRST + YEARS):
        year = f"YEAR(StartDate)+COLUMN()-COLUMN(${col(FIRST)}${y_label})"
        s.put(y_label, c, Formula(f'=IF({year}>YEAR({last_month}),"",{year})'), "timeline")
    yearly = _period_totals(s, y_label + 1, y_label, t.year, YEARS, monthly)
    s.widths.update({1: 24, 2: 26, 3: 9, 4: 11, 5: 6, 6: 7, 7: 11, 8: 30})
    s.heights[head] = 30
    horizon_last = FIRST + ctx.a.horizon_months - 1
    s.print_area = f"A1:{col(max(horizon_last, FIRST + QUARTERS - 1))}{last_row}"
    s.print_title_cols = "A:H"
    s.print_title_rows = f"{t.month}:{t.pay_index}"
    s.pages_wide = max(1, -(-ctx.a.horizon_months // 12))
    ctx.hand(BudgetRows(t, first_row, last_row, monthly, headcount, y_label, yearly))
    return s


def _detail(ctx: Context, s: SheetSpec, t: TimelineRows, staff: StaffingRows, compute: ComputeCells, row: int) -> int:
    """The detail rows: each position's pay, contract and recruiting lines, compute and storage. Returns the last row."""
    C = COLUMNS

    def link(key: str, r: int) -> Formula:
        return Formula(f"={ref(r, C[key], sheet=STAFFING)}")

    for category in ("Personnel", "Contractors", "Recruiting"):
        for i in range(staff.count):
            sr = staff.row_of(i)
            s.put(row, 1, category, "label")
            s.put(row, 2, link("label", sr), "link")
            s.put(row, 3, link("id", sr), "link")
            s.put(row, 4, link("employment", sr), "link")
            s.put(row, 5, link("fte", sr), "link", "fte")
            s.put(row, 6, link("start_month", sr), "link", "int")
            if category == "Personnel":
                s.put(row, 7, link("annual_salary", sr), "link", "money")
            elif category == "Contractors":
                s.put(
                    row, 7, Formula(f"=INDEX(RoleContractorRate,MATCH({ref(sr, C['role'], sheet=STAFFING)},RoleNames,0))"), "calc", "rate"
                )
            else:
                s.put(row, 7, Formula("=RecruitingFee"), "link", "money")
            for c in range(FIRST, LAST + 1):
                m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
                emp, fte, start, rate = f"$D{row}", f"$E{row}", f"$F{row}", f"$G{row}"
                if category == "Personnel":
                    pay = f"ROUND({rate}*{fte}*LoadedMultiplier/MonthsPerYear*{col(c)}${t.pay_index},2)"
                    f = f'=IF({emp}="contractor",0,{pay}*({m}>={start})*{on})'
                elif category == "Contractors":
                    f = f'=IF({emp}="contractor",ROUND({rate}*ContractorHours*{fte},2)*({m}>={start})*{on},0)'
                else:
                    f = f'=IF({emp}="permanent",ROUND({rate}*({m}={start})+{rate}*Attrition/MonthsPerYear*({m}>{start}),2)*{on},0)'
                s.put(row, c, Formula(f), "calc", "money")
            s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
            row += 1
    compute_rows: dict[str, int] = {}
    for line in ("Training", "Inference", "Data processing"):
        s.put(row, 1, "Compute", "label")
        s.put(row, 2, line, "label")
        compute_rows[line] = row
        for c in range(FIRST, LAST + 1):
            m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
            if line == "Data processing":
                f = (
                    f"=ROUND(({col(c)}{compute_rows['Training']}+{col(c)}{compute_rows['Inference']})"
                    f"*DataProcessingShare/(1-DataProcessingShare),2)"
                )
                s.put(row, c, Formula(f), "calc", "money")
            else:
                source = compute.training if line == "Training" else compute.inference
                s.put(row, c, Formula(f"={source}*({m}>=ComputeStartMonth)*{on}"), "link", "money")
        s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
        row += 1
    s.put(row, 1, "Storage", "label")
    s.put(row, 2, "Storage", "label")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        f = f"=ROUND((StorageTB+StorageGrowth*({m}-ComputeStartMonth))*StoragePrice,2)*({m}>=ComputeStartMonth)*{on}"
        s.put(row, c, Formula(f), "calc", "money")
    s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
    return row


def _period_totals(s: SheetSpec, row: int, label_row: int, key_row: int, count: int, monthly: dict[str, int]) -> dict[str, int]:
    """Rows of totals per calendar quarter or year: SUMIF of each category's monthly row by the period key."""
    keys = f"${col(FIRST)}${key_row}:${col(LAST)}${key_row}"
    rows: dict[str, int] = {}
    for category in TOTALS:
        style = "total" if category == "Total" else "calc"
        s.put(row, 1, category, "total" if category == "Total" else "label")
        values = f"${col(FIRST)}${monthly[category]}:${col(LAST)}${monthly[category]}"
        for c in range(FIRST, FIRST + count):
            label = f"{col(c)}${label_row}"
            s.put(row, c, Formula(f'=IF({label}="","",SUMIF({keys},{label},{values}))'), style, "money")
        rows[category] = row
        row += 1
    return rows
