"""The workbook as Excel shows it: number formats, pass and fail colours, noise a reader trips over.

Each test reads the committed workbooks as a file viewer would (openpyxl, the values cached
beside the formulas) and holds one of the defects a finance analyst found to be gone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import aiteam_udfs as udf
import pytest
from openpyxl import load_workbook
from openpyxl.chart.bar_chart import BarChart
from openpyxl.chart.line_chart import LineChart

from xl_aiteam import build_plan
from xl_aiteam.assumptions import default_assumptions
from xl_aiteam.catalog import load_catalog
from xl_aiteam.layout import FIRST, SHEET, STAFFING_COLUMNS
from xl_aiteam.layout.spec import FAIL, PASS
from xl_aiteam.plan import SIZE_POINTS
from xl_aiteam.workbook import build_workbook, committed_workbooks

COMMITTED = list(committed_workbooks())
STAGE2 = next(p for p in COMMITTED if p.name == "AITeamPlanner-stage2.xlsx")
C = STAFFING_COLUMNS


def _cells(path: Path) -> Any:
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                yield ws, cell


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_no_number_format_leaves_a_bare_decimal_point(path: Path) -> None:
    """'#,##0.##' shows 160 as '160.' in Excel: every format with decimals has a required digit."""
    bare = {
        f"{ws.title}!{cell.coordinate} {cell.number_format}"
        for ws, cell in _cells(path)
        if re.search(r"\.#+(?![0#])", cell.number_format.split(";")[0]) and not re.search(r"\.0", cell.number_format)
    }
    assert bare == set()


def _rules(ws: Any) -> dict[str, list[tuple[str, str]]]:
    """Conditional formats of a sheet: range -> (value compared with, fill colour)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for rng in ws.conditional_formatting:
        for rule in rng.rules:
            found.setdefault(str(rng.sqref), []).append((rule.formula[0].strip('"'), rule.dxf.fill.bgColor.rgb[-6:]))
    return found


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_a_passing_check_reads_green_and_a_failing_one_red(path: Path) -> None:
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    for sheet, at in ((SHEET["start"], "B4"), (SHEET["summary"], "B7")):
        cell = wb[sheet][at]
        assert cell.font.color is None or cell.font.color.rgb[-6:] not in ("C00000", "FF0000"), f"{sheet}!{at} is red whatever it says"
        colours = dict(_rules(wb[sheet])[at])
        assert colours["OK"] == PASS[0] and colours["Check"] == FAIL[0]
    checks = _rules(wb[SHEET["checks"]])
    (results,) = [rules for rng, rules in checks.items() if rng.startswith("E")]
    assert dict(results)["OK"] == PASS[0] and dict(results)["Check"] == FAIL[0]
    compute = _rules(wb[SHEET["compute"]])
    (inside,) = compute.values()
    assert dict(inside) == {"yes": PASS[0], "outside": FAIL[0]}
    for sheet in wb.worksheets:
        for rng, rules in _rules(sheet).items():
            values = [value.lower() for value, _ in rules]
            assert len(values) == len(set(values)), f"{sheet.title}!{rng} has the same rule twice (Excel compares text case-blind)"


def test_budget_rows_only_where_a_cost_can_arise() -> None:
    """One pay row per position (Personnel or Contractors by its employment), a fee only on a permanent hire."""
    wb = load_workbook(next(p for p in COMMITTED if "stage1" in p.name), data_only=True)
    ws = wb[SHEET["budget"]]
    head = next(r for r in range(1, 60) if ws.cell(r, 1).value == "Category")
    rate = [str(ws.cell(head, c).value).split(" (")[0] for c in range(1, FIRST)].index("Rate")
    rows = [[ws.cell(r, c).value for c in range(1, FIRST)] for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 3).value]
    pay = {(row[0], row[2]) for row in rows if row[0] in ("Personnel", "Contractors")}
    plan = build_plan(default_assumptions(1))
    assert pay == {("Contractors" if p.employment == "contractor" else "Personnel", p.id) for p in plan.positions}
    fees = {row[2]: row[rate] for row in rows if row[0] == "Recruiting"}
    for p in plan.positions:
        assert (fees[p.id] > 0) == (p.employment == "permanent"), p.id


def test_period_headers_only_for_the_periods_of_the_horizon() -> None:
    ws = load_workbook(STAGE2, data_only=True)[SHEET["budget"]]
    labels = [ws.cell(r, FIRST - 1).value for r in range(1, 40)]
    assert "Quarter of the plan" not in labels
    row = labels.index("Fiscal quarter", 12) + 1  # the block of quarterly totals, below the monthly timeline
    quarters = [ws.cell(row, c).value for c in range(FIRST, FIRST + 21)]
    assert [q for q in quarters if q] == [f"FY{y} Q{q}" for y in (2027, 2028) for q in (1, 2, 3, 4)]


def test_totals_are_named_right_beside_their_numbers() -> None:
    ws = load_workbook(STAGE2, data_only=True)[SHEET["budget"]]
    for r in range(11, 38):
        name = ws.cell(r, FIRST - 2).value
        if name in ("Personnel", "Total", "Storage"):
            assert ws.cell(r, FIRST).value is not None and ws.cell(r, 1).value in (None, ""), f"row {r}"
            assert ws.cell(r, FIRST - 2).alignment.horizontal == "right"


def test_generated_rows_do_not_repeat_the_role_as_label_and_group() -> None:
    ws = load_workbook(next(p for p in COMMITTED if "stage3" in p.name))[SHEET["staffing"]]
    roles = {role.name.lower() for role in load_catalog().roles.values()}
    for r in range(5, ws.max_row + 1):
        if not ws.cell(r, C["id"]).value:
            break
        assert ws.cell(r, C["label"]).value in (None, "")
        group = str(ws.cell(r, C["group"]).value).lower()
        assert group.rstrip("s") not in roles and group not in roles, f"row {r}: group {group!r} repeats a role"


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_wrapped_text_has_the_row_height_it_needs(path: Path) -> None:
    """Excel does not grow a row for wrapped text a program wrote: a long wrapped text needs a set height."""
    short = []
    for ws, cell in _cells(path):
        if cell.alignment.wrap_text and isinstance(cell.value, str) and not cell.value.startswith("="):
            width = ws.column_dimensions[cell.column_letter].width or 8.43
            lines = -(-len(cell.value) // int(width * 1.2))
            height = ws.row_dimensions[cell.row].height
            if lines > 1 and (height is None or height < lines * 12):
                short.append(f"{ws.title}!{cell.coordinate}: {lines} lines in a row {height} high")
    assert short == []


def test_units_and_sources_are_set_apart_from_the_values() -> None:
    wb = load_workbook(STAGE2)
    ws = wb[SHEET["inputs"]]
    for name in ("Horizon", "LoadedMultiplierBase", "StorageTB"):  # a scenario's driver: its input is NAME + Base
        target = wb.defined_names[name].attr_text.split("!")[1].replace("$", "").split(":")[0]
        unit = ws[target].offset(0, 1)
        assert unit.value and unit.alignment.indent >= 1, name
    staffing = wb[SHEET["staffing"]]
    assert staffing.cell(5, C["employment"]).alignment.indent >= 1  # right of the FTE number
    assert staffing.cell(5, C["group"]).alignment.indent >= 1  # right of the loaded cost


def test_the_date_of_an_input_is_its_source_s() -> None:
    wb = load_workbook(STAGE2)
    ws = wb[SHEET["inputs"]]
    dates: dict[str, str] = {}
    for r in range(4, 40):
        if ws.cell(r, 5).value:  # the inputs (the constants below carry no date)
            dates.setdefault(ws.cell(r, 4).value, ws.cell(r, 5).value)
    assert dates["assumption"] == "set 2026-11"
    assert dates["team note"] == "read 2026-11"
    assert dates["seed 000"] == "undated"


def test_chart_series_each_have_their_own_colour() -> None:
    ws = load_workbook(STAGE2)[SHEET["summary"]]
    for chart in ws._charts:
        fills = []
        for series in chart.series:
            props = series.graphicalProperties
            fill = props.line.solidFill if isinstance(chart, LineChart) else props.solidFill
            colour = fill.srgbClr if isinstance(fill.srgbClr, str) else fill.srgbClr.val
            fills.append(colour)
        assert len(set(fills)) == len(fills) == len(chart.series), fills
        assert isinstance(chart, LineChart | BarChart)


@pytest.mark.parametrize("stage", [1, 2, 3])
@pytest.mark.parametrize("size", ["low", "mid", "high"])
def test_one_rule_for_the_point_of_the_seed_range(stage: int, size: str) -> None:
    """The plan's team and AITEAM_HEADCOUNT count the same seed lines at the same point."""
    a = default_assumptions(stage, size=size)
    plan = build_plan(a)
    seed_lines = sum(p.fte for p in plan.positions if p.group != "Added to the seed table")
    assert udf.AITEAM_HEADCOUNT(stage, None, size) == pytest.approx(seed_lines)


def test_mid_is_not_low_at_stage_2_and_the_sheets_say_which_point_is_used(tmp_path: Path) -> None:
    low, mid = (build_plan(default_assumptions(2, size=s)).fte for s in ("low", "mid"))
    assert mid > low
    path = build_workbook(default_assumptions(2, size="mid"), tmp_path / "mid.xlsx")
    wb = load_workbook(path, data_only=True)  # live labels: their values as cached beside the formulas
    assert SIZE_POINTS["mid"] in wb[SHEET["start"]]["A2"].value
    assert SIZE_POINTS["mid"] in wb[SHEET["staffing"]]["A3"].value


def test_a_user_s_build_carries_the_time_it_was_made_and_a_template_a_fixed_one(tmp_path: Path) -> None:
    path = build_workbook(None, tmp_path / "plan.xlsx")
    made = load_workbook(path).properties.created
    assert made is not None and abs(datetime.now(UTC).replace(tzinfo=None) - made) < timedelta(minutes=5)
    committed = load_workbook(STAGE2).properties
    assert committed.created == committed.modified == datetime(2026, 11, 1)


def test_empty_seat_rows_are_muted_and_positions_are_not() -> None:
    """A Staffing row with no role yet (a seat the team may grow into) shows its ID and FTE 0 in grey;
    the rule is keyed on the Role cell, so it covers exactly the rows with no role."""
    ws = load_workbook(STAGE2)[SHEET["staffing"]]
    C = STAFFING_COLUMNS
    rules = {str(cf.sqref): cf.rules for cf in ws.conditional_formatting}
    rows = [r for r in range(5, ws.max_row + 1) if ws.cell(r, C["id"]).value]
    for key in ("id", "fte"):
        letter = ws.cell(1, C[key]).column_letter
        (rule,) = rules[f"{letter}{rows[0]}:{letter}{rows[-1]}"]
        assert rule.formula == [f'${ws.cell(1, C["role"]).column_letter}{rows[0]}=""'] and rule.dxf.font.color.rgb.endswith("A6A6A6")
    shown = load_workbook(STAGE2, data_only=True)[SHEET["staffing"]]  # the role as Excel shows it (cached)
    empty = [r for r in rows if shown.cell(r, C["role"]).value in (None, "")]
    assert len(empty) == len(rows) - 11 and all(ws.cell(r, C["seat"]).value for r in empty)  # 11 positions, then empty seat rows
