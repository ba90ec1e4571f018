"""Budget: the monthly cost of the plan, one formula per row copied across the prepared months.

Each formula mirrors a rule of ``xl_aiteam.budget`` term for term (the same order of
operations, the same ROUND), so a spreadsheet engine and the Python model compute the same
cents independently. Positions are reached through Staffing's defined names, position
``k`` of the table as ``INDEX(StaffFte,k)``. ``build`` hands on :class:`BudgetRows`.

Per position there are two rows: its pay (Personnel, or Contractors when the position is
contracted: the category follows the Employment cell) and its recruiting (a fee for a
permanent hire only). Then compute and storage, their prices (typed in the base currency) in the
reporting currency by the base location's exchange rate, as ``locations.price_in_currency`` has them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ...budget import CATEGORIES
from ...money import round_money
from ...plan import Position
from ..a1 import area, col
from ..common import in_reporting, title
from ..context import Context
from ..figures import Figures
from ..months import FIRST, LAST, MONTHS, QUARTERS, YEARS, TimelineRows, fiscal_quarter, fiscal_year, timeline_header
from ..spec import Cell, Formula, SheetSpec
from ..variance import HEADCOUNT, budget_block
from ..workload_block import BUDGET_LABELS, MIX, budget_rows
from .compute import ComputeCells
from .staffing import StaffingRows

__all__ = ["TITLE", "TOTALS", "BudgetRows", "build"]

TITLE = "Budget"
TOTALS = (*CATEGORIES, "Total")
LABEL = FIRST - 2  # column G: the name of a totals row, right beside its numbers
OVER_HORIZON = FIRST - 1  # column H: the total over the horizon


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


def _money(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"{col(FIRST)}10", tab_color="00B050", zoom=90)
    title(s, "Budget", f"Monthly cost in {ctx.a.currency}, each cell rounded to the cent. One formula per row, copied across 60 months.")
    fig = ctx.figures
    t = timeline_header(s, 4, True, fig)
    staff = ctx.need(StaffingRows)
    # totals sit in fixed rows above the detail, so links and charts never move when positions change
    totals_top, quarters_top, years_top, head = 11, 20, 29, 38
    for c, text in enumerate(["Category", "Line", "Position", "Employment", "FTE", "Start month", "End month"], start=1):
        s.put(head, c, text, "header")
    for c, text in ((8, "Rate"), (9, "Total")):  # money headers name the reporting currency, live
        s.put(head, c, in_currency(text), "header", cached=f"{text} ({ctx.a.currency})")
    s.put(head - 1, 1, "Rows prepared per cost line (positions on Staffing, and room for more)", "note")
    s.put(head - 1, OVER_HORIZON, staff.slots, "constant", "int")
    ctx.name("BudgetSlots", s.name, head - 1, OVER_HORIZON)
    first_row = head + 1
    last_row = _detail(ctx, s, t, staff, ctx.need(ComputeCells), first_row)

    # totals by category, per month
    s.put(totals_top, 1, "Totals by category", "section")
    s.put(totals_top, OVER_HORIZON, in_currency("Total over the horizon"), "timeline", cached=f"Total over the horizon ({ctx.a.currency})")
    monthly: dict[str, int] = {}
    row = totals_top + 1
    for category in CATEGORIES:
        s.put(row, LABEL, category, "row_label")
        values = fig.monthly[category]
        for c in range(OVER_HORIZON, LAST + 1):
            letter = col(c)
            cached = round_money(float(values.sum())) if c == OVER_HORIZON else float(values[c - FIRST])
            s.put(
                row,
                c,
                Formula(f"=SUMIF($A${first_row}:$A${last_row},${col(LABEL)}{row},{letter}${first_row}:{letter}${last_row})"),
                "calc",
                "money",
                cached=cached,
            )
        monthly[category] = row
        row += 1
    s.put(row, LABEL, "Total", "total_label")
    for c in range(OVER_HORIZON, LAST + 1):
        letter = col(c)
        total = fig.monthly["Total"]
        cached = round_money(float(total.sum())) if c == OVER_HORIZON else float(total[c - FIRST])
        s.put(row, c, Formula(f"=SUM({letter}{monthly['Personnel']}:{letter}{row - 1})"), "total", "money", cached=cached)
    monthly["Total"] = row
    ctx.name("PlanTotal", s.name, row, OVER_HORIZON)
    row += 1
    s.put(row, LABEL, "Headcount (FTE on board)", "row_label")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        ends = staff.column("end_month")
        # FTE as SUMPRODUCT's own array: an empty seat row's "" counts as nothing, not as an error
        on_board = f'({staff.column("start_month")}<={m})*((({ends}="")+({ends}>={m}))>0)*{staff.column("in_plan")}'
        f = f"=SUMPRODUCT({on_board},{staff.column('fte')})*{on}"
        s.put(row, c, Formula(f), "calc", "fte", cached=float(fig.headcount[c - FIRST]))
    headcount = row
    for category in TOTALS:
        ctx.name(f"Monthly{category}", s.name, monthly[category], FIRST, monthly[category], LAST)

    # quarterly and yearly totals: calendar periods, summed from the monthly rows by their key
    s.put(quarters_top, 1, "Totals by fiscal quarter", "section")
    q_label = quarters_top + 1
    s.put(q_label, OVER_HORIZON, "Fiscal quarter", "timeline")
    # the first day of the fiscal quarter the plan starts in, then one quarter a column
    q_first = "DATE(YEAR(StartDate),MONTH(StartDate)-MOD(MONTH(StartDate)-FiscalYearStart,MonthsPerQuarter),1)"
    last_month = "DATE(YEAR(StartDate),MONTH(StartDate)+Horizon-1,1)"
    quarters = _labels(fig, "Q")
    for j, c in enumerate(range(FIRST, FIRST + QUARTERS)):
        qd = f"EDATE({q_first},(COLUMN()-COLUMN(${col(FIRST)}${q_label}))*MonthsPerQuarter)"
        f = f'=IF({qd}>{last_month},"","FY"&{fiscal_year(qd)}&" Q"&{fiscal_quarter(qd)})'
        s.put(q_label, c, Formula(f), "timeline", cached=quarters[j])
    _period_totals(ctx, s, "Q", q_label + 1, q_label, t.quarter, quarters, monthly)

    s.put(years_top, 1, "Totals by fiscal year", "section")
    y_label = years_top + 1
    s.put(y_label, OVER_HORIZON, "Fiscal year", "timeline")
    years = _labels(fig, "Y")
    for j, c in enumerate(range(FIRST, FIRST + YEARS)):
        year = f"{fiscal_year('StartDate')}+COLUMN()-COLUMN(${col(FIRST)}${y_label})"
        f = f'=IF({year}>{fiscal_year(last_month)},"","FY"&{year})'
        s.put(y_label, c, Formula(f), "timeline", cached=years[j])
    yearly = _period_totals(ctx, s, "Y", y_label + 1, y_label, t.year, years, monthly)
    ctx.name("YearLabels", s.name, y_label, FIRST, y_label, FIRST + YEARS - 1)
    for category in TOTALS:
        ctx.name(f"Yearly{category}", s.name, yearly[category], FIRST, yearly[category], FIRST + YEARS - 1)
    s.widths.update({1: 13, 2: 22, 3: 9, 4: 11, 5: 6, 6: 7, 7: 7, 8: 11, 9: 13})
    s.heights[head] = 30
    horizon_last = FIRST + ctx.a.horizon_months - 1
    block_last = budget_block(
        ctx, s, t, {**monthly, HEADCOUNT: headcount}, last_row + 3 + len(BUDGET_LABELS)
    )  # actuals, variance, forecast: below the workload's hours
    s.print_area = f"A1:{col(horizon_last)}{block_last}"
    s.print_title_cols = f"A:{col(OVER_HORIZON)}"
    s.print_title_rows = f"{t.month}:{t.last}"
    s.pages_wide = max(1, -(-ctx.a.horizon_months // 12))
    ctx.name("BudgetDetail", s.name, first_row, FIRST, last_row, LAST)
    ctx.hand(BudgetRows(t, first_row, last_row, monthly, headcount, y_label, yearly))
    return s


def in_currency(text: str) -> Formula:
    """A header that names the reporting currency as the Currency cell holds it: "Rate (EUR)"."""
    return Formula(f'="{text} ("&Currency&")"')


def _labels(fig: Figures, period: str) -> list[str]:
    """The period labels the rows show: those the horizon touches, then blanks up to the prepared count."""
    seen = fig.periods(period)
    return seen + [""] * ((QUARTERS if period == "Q" else YEARS) - len(seen))


def _detail(ctx: Context, s: SheetSpec, t: TimelineRows, staff: StaffingRows, compute: ComputeCells, row: int) -> int:
    """The detail rows: pay and recruiting for every prepared slot of the Staffing table, then compute
    and storage. Returns the last row.

    Slot ``k`` shows the k-th row of the Staffing table, whatever it holds now: a row a user adds
    to the table fills the next free slot, a row deleted empties the last one. A slot with no
    position has no category, so no total counts it."""
    fig = ctx.figures
    N = staff.column
    positions: list[Position | None] = staff.slot_positions(ctx.plan.positions)
    starts = {"pay": row, "recruiting": row + staff.slots}
    columns = [(f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}", f"{col(c)}${t.pay_index}") for c in range(FIRST, LAST + 1)]  # once
    for block in ("pay", "recruiting"):
        for p in positions:
            k = f"ROWS($C${starts[block]}:$C{row})"  # slot k: row k of the Staffing table
            here = f'IF({k}>ROWS({N("role")}),"",IF(INDEX({N("in_plan")},{k})<>1,"",'  # closed by "))"; out of the plan: no row

            def link(key: str, k: str = k, row: int = row) -> Formula:
                return Formula(f'=IF($A{row}="","",INDEX({N(key)},{k}))')

            emp, fte, start, end, rate = f"$D{row}", f"N($E{row})", f"N($F{row})", f"$G{row}", f"N($H{row})"
            contractor = p is not None and p.employment.value == "contractor"
            if block == "pay":
                category = "" if p is None else "Contractors" if contractor else "Personnel"
                kind = f'IF(INDEX({N("employment")},{k})="contractor","Contractors","Personnel")'
                s.put(row, 1, Formula(f"={here}{kind}))"), "calc", cached=category)
                rate_value: float | str = "" if p is None else p.contractor_rate if contractor else p.annual_salary
                role_rate = (
                    f"ROUND(IFERROR(INDEX(RoleContractorRate,MATCH(INDEX({N('role')},{k}),RoleNames,0)),0)*INDEX({N('pay_factor')},{k}),2)"
                )
                pay_rate = Formula(f'=IF($A{row}="","",IF({emp}="contractor",{role_rate},INDEX({N("annual_salary")},{k})))')
                s.put(row, 8, pay_rate, "link", "rate", cached=rate_value)
            else:
                category = "" if p is None else "Recruiting"
                s.put(row, 1, Formula(f'={here}"Recruiting"))'), "calc", cached=category)
                fee: float | str = "" if p is None else p.recruiting_fee if p.employment.value == "permanent" else 0
                local_fee = f"ROUND(RecruitingFee*INDEX({N('pay_factor')},{k}),2)"  # the fee at the position's location
                s.put(row, 8, Formula(f'=IF($A{row}="","",IF({emp}="permanent",{local_fee},0))'), "link", "money", cached=fee)
            label, role = f"INDEX({N('label')},{k})", f"INDEX({N('role')},{k})"
            s.put(row, 2, Formula(f'=IF($A{row}="","",IF({label}="",{role},{label}))'), "link", cached="" if p is None else p.line)
            s.put(row, 3, link("id"), "link", cached="" if p is None else p.id)
            s.put(row, 4, link("employment"), "link", cached="" if p is None else p.employment.value)
            s.put(row, 5, link("fte"), "link", "fte", cached="" if p is None else p.fte)
            s.put(row, 6, link("start_month"), "link", "int", cached="" if p is None else p.start_month)
            ends = f"INDEX({N('end_month')},{k})"
            s.put(
                row, 7, Formula(f'=IF($A{row}="","",IF({ends}="","",{ends}))'), "link", "int", cached="" if p is None else p.end_month or ""
            )
            values = fig.line(category, p.id) if p is not None else np.zeros(MONTHS)
            # each month, with lasts = ((N(end)=0)+(m<=N(end))>0) (no end month, or not past it):
            # pay IF(emp="contractor",ROUND(rate*ContractorHours*fte,2),
            #        ROUND(rate*fte*LoadedMultiplier/MonthsPerYear*pay_index,2))*(m>=start)*lasts*on;
            # recruiting ROUND(rate*(m=start)+rate*Attrition/MonthsPerYear*(m>start)*lasts,2)*on
            if block == "pay":
                head = f'=IF({emp}="contractor",ROUND({rate}*ContractorHours*{fte},2),ROUND({rate}*{fte}*LoadedMultiplier/MonthsPerYear*'
                texts = [f"{head}{pay},2))*({m}>={start})*((N({end})=0)+({m}<=N({end}))>0)*{on}" for m, on, pay in columns]
            else:
                texts = [
                    f"=ROUND({rate}*({m}={start})+{rate}*Attrition/MonthsPerYear*({m}>{start})*((N({end})=0)+({m}<=N({end}))>0),2)*{on}"
                    for m, on, _ in columns
                ]
            cells = s.cells
            for c, text, value in zip(range(FIRST, LAST + 1), texts, values.tolist(), strict=True):
                cells[(row, c)] = Cell(Formula(text), "calc", "money", value)
            _row_total(s, row, values)
            row += 1
    compute_rows: dict[str, int] = {}
    blended = f"{in_reporting('GpuRate')}*({MIX})"  # from names every workbook has, not Compute's own cells
    hours_rows = budget_rows(ctx, s, t, row + 5)  # below compute and storage, after a blank row
    for line in ("Training", "Inference", "Data processing"):
        s.put(row, 1, "Compute", "label")
        s.put(row, 2, line, "label")
        compute_rows[line] = row
        values = fig.line("Compute", line)
        for c in range(FIRST, LAST + 1):
            m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
            if line == "Data processing":
                f = (
                    f"=ROUND(({col(c)}{compute_rows['Training']}+{col(c)}{compute_rows['Inference']})"
                    f"*DataProcessingShare/(1-DataProcessingShare),2)"
                )
                s.put(row, c, Formula(f), "calc", "money", cached=float(values[c - FIRST]))
            else:  # the month's useful GPU-hours (the workload rows below the detail), priced in the reporting currency
                hours = f"{col(c)}{hours_rows['training' if line == 'Training' else 'inference']}"
                s.put(
                    row,
                    c,
                    Formula(f"=ROUND({hours}/Utilisation*({blended}),2)*{on}"),
                    "calc",
                    "money",
                    cached=float(values[c - FIRST]),
                )
        _row_total(s, row, values)
        row += 1
    s.put(row, 1, "Storage", "label")
    s.put(row, 2, "Storage", "label")
    values = fig.line("Storage", "Storage")
    price = in_reporting("StoragePrice")  # typed in the base currency
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        f = f"=ROUND((StorageTB+StorageGrowth*({m}-ComputeStartMonth))*{price},2)*({m}>=ComputeStartMonth)*{on}"
        s.put(row, c, Formula(f), "calc", "money", cached=float(values[c - FIRST]))
    _row_total(s, row, values)
    return row


def _row_total(s: SheetSpec, row: int, values: np.ndarray) -> None:
    """A detail row's total over the prepared months, beside its name."""
    total = Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})")
    s.put(row, OVER_HORIZON, total, "calc", "money", cached=round_money(float(values.sum())))


def _period_totals(
    ctx: Context, s: SheetSpec, period: str, row: int, label_row: int, key_row: int, labels: list[str], monthly: dict[str, int]
) -> dict[str, int]:
    """Rows of totals per fiscal quarter or year: SUMIF of each category's monthly row by the period key."""
    keys = area(key_row, FIRST, key_row, LAST)
    totals = ctx.figures.period_totals(period)
    rows: dict[str, int] = {}
    for category in TOTALS:
        style = "total" if category == "Total" else "calc"
        s.put(row, LABEL, category, "total_label" if category == "Total" else "row_label")
        values = area(monthly[category], FIRST, monthly[category], LAST)
        for j, c in enumerate(range(FIRST, FIRST + len(labels))):
            label = f"{col(c)}${label_row}"
            cached: float | str = totals[category][j] if labels[j] != "" else ""
            s.put(row, c, Formula(f'=IF({label}="","",SUMIF({keys},{label},{values}))'), style, "money", cached=cached)
        rows[category] = row
        row += 1
    return rows
