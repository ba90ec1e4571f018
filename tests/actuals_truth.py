"""Compare the actuals, variance and forecast a recalculated workbook shows with the model's.

Rows are found by their labels (the category in column A, the measure beside the numbers), not
by the layout's bookkeeping. Money agrees to the cent; a variance of an open month is blank.
"""

from __future__ import annotations

import math
from typing import Any

from xl_aiteam import Assumptions, build_plan
from xl_aiteam.actuals import Actuals, variance_months
from xl_aiteam.budget import CATEGORIES, headcount_by_month
from xl_aiteam.layout import FIRST, MONTHS, SHEET
from xl_aiteam.layout.variance import HEADCOUNT, SECTION

from .excel_truth import CENT, error_cells

TOTALS = (*CATEGORIES, "Total")
LABEL = FIRST - 2
ROWS = {"Plan": "plan", "Actual": "actual", "Variance": "variance", "Variance %": "variance %", "Forecast": "forecast"}


def _same(got: Any, want: float, where: str) -> None:
    if math.isnan(want):
        assert got in (None, ""), f"{where}: workbook {got!r}, model blank"
        return
    got = 0.0 if got in (None, "") else got
    assert isinstance(got, int | float), f"{where}: {got!r} is not a number"
    tolerance = 1e-6 if abs(want) < 10 and "%" in where else CENT
    assert abs(got - want) <= tolerance, f"{where}: workbook {got} != model {want}"


def block_rows(ws: Any) -> dict[tuple[str, str], int]:
    """(category, measure) -> row of the Budget's actuals block."""
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == SECTION)
    return {(ws.cell(r, 1).value, ws.cell(r, LABEL).value): r for r in range(top + 1, ws.max_row + 1) if ws.cell(r, LABEL).value in ROWS}


def assert_actuals_match_model(wb: Any, a: Assumptions, actuals: Actuals) -> int:
    """Every figure of the Budget's block, the Summary's table and ForecastTotal equals the model's."""
    assert error_cells(wb) == []
    plan = build_plan(a)
    want = variance_months(plan, actuals)
    h = a.horizon_months
    ws = wb[SHEET["budget"]]
    rows = block_rows(ws)
    assert set(rows) == {(c, m) for c in TOTALS for m in ROWS} | {(HEADCOUNT, m) for m in ("Plan", "Actual", "Variance")}
    count = 0
    for k, category in enumerate(TOTALS):
        for label, measure in ROWS.items():
            r = rows[(category, label)]
            for m in range(MONTHS):
                value = float(want[measure][k][m]) if m < h else (math.nan if measure.startswith("variance") else 0.0)
                _same(ws.cell(r, FIRST + m).value, value, f"Budget {category} {label} month {m + 1}")
                count += 1
        forecast = round(float(want["forecast"][k].sum()), 2)
        _same(ws.cell(rows[(category, "Forecast")], FIRST - 1).value, forecast, f"Budget {category} forecast over the horizon")
    # FTE on board: the plan's, the typed (closed months), and the difference
    planned_fte = headcount_by_month(plan).to_numpy()
    for m in range(MONTHS):
        shut = m < min(h, a.actuals_through)
        fte = {"Plan": planned_fte[m] if m < h else 0.0, "Actual": actuals.headcount[m] if shut else 0.0}
        fte["Variance"] = fte["Actual"] - fte["Plan"] if shut else math.nan
        for label, value in fte.items():
            _same(ws.cell(rows[(HEADCOUNT, label)], FIRST + m).value, float(value), f"Budget headcount {label} month {m + 1}")
            count += 1
    total = round(float(want["forecast"][-1].sum()), 2)
    sheet, _, at = wb.defined_names["ForecastTotal"].attr_text.partition("!")
    _same(wb[sheet.strip("'")][at.replace("$", "").split(":")[0]].value, total, "ForecastTotal")
    # the Summary's table: plan, plan to date, actual, variance, variance %, forecast
    ws = wb[SHEET["summary"]]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "Category" and ws.cell(r, 2).value == "Plan (horizon)")
    for k, category in enumerate(TOTALS):
        r = top + 1 + k
        assert ws.cell(r, 1).value == category
        planned, spent = (round(float(want[m][k].sum()), 2) for m in ("plan to date", "actual"))
        closed = a.actuals_through > 0
        figures = {
            2: round(float(want["plan"][k].sum()), 2),
            3: planned,
            4: spent,
            5: spent - planned if closed else math.nan,
            6: (spent - planned) / planned if closed and planned else math.nan,
            7: round(float(want["forecast"][k].sum()), 2),
        }
        for c, value in figures.items():
            _same(ws.cell(r, c).value, value, f"Summary {category} {ws.cell(top, c).value}")
            count += 1
    # Checks: the actuals' own checks say what the model finds
    ws = wb[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 60) if ws.cell(r, 1).value}
    assert flags["ACTUALS_NOT_NUMBERS"] == int(bool(actuals.problems))
    assert flags["ACTUALS_THROUGH"] == int(a.actuals_through > a.horizon_months)
    return count
