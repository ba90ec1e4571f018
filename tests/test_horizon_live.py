"""The horizon is live on the Summary's charts: a Horizon edit changes the months they show, with no refill.

The charts span every prepared month; their month labels (a block below the Summary's printed
page) are blank past the horizon, and the Budget's months past it cost nothing.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.assumptions import default_assumptions
from xl_aiteam.layout import MONTHS, SHEET
from xl_aiteam.layout.sheets.summary import CHART_MONTHS
from xl_aiteam.workbook import build_workbook, fill_workbook

from .excel_truth import error_cells

FIRST_LABEL = CHART_MONTHS + 1  # month 1's label, in column B


def _built(tmp_path: Path, horizon: int) -> Path:
    return build_workbook(default_assumptions(2, horizon_months=horizon), tmp_path / f"h{horizon}.xlsx")


def test_every_chart_spans_the_prepared_months_with_the_live_labels(tmp_path: Path) -> None:
    path = _built(tmp_path, 24)
    with zipfile.ZipFile(path) as z:
        charts = [z.read(n).decode() for n in z.namelist() if n.startswith("xl/charts/chart")]
    charts = [xml for xml in charts if f"'{SHEET['summary']}'!" in xml]  # the Summary's; Hiring risk has its own fan chart
    assert len(charts) == 2
    last_label = FIRST_LABEL + MONTHS - 1
    for xml in charts:
        assert f"<cat><numRef><f>'{SHEET['summary']}'!$B${FIRST_LABEL}:$B${last_label}</f>" in xml
        assert "!$J$" in xml and "$BQ$" in xml  # values: Budget months 1 to 60 (J to BQ), whatever the horizon
        assert '<dispBlanksAs val="gap"/>' in xml


def test_labels_are_blank_past_the_horizon_as_built(tmp_path: Path) -> None:
    path = _built(tmp_path, 24)
    formulas = load_workbook(path)[SHEET["summary"]]
    assert all("Horizon" in str(formulas.cell(FIRST_LABEL + i, 2).value) for i in range(MONTHS))  # a formula in every row
    cached = [load_workbook(path, data_only=True)[SHEET["summary"]].cell(FIRST_LABEL + i, 2).value for i in range(MONTHS)]
    assert all(cached[:24]) and not any(cached[24:]), cached


@pytest.mark.libreoffice
def test_a_horizon_edit_from_24_to_36_shows_36_months_in_the_charts(tmp_path: Path) -> None:
    path = _built(tmp_path, 24)
    wb = load_workbook(path)
    sheet, _, at = wb.defined_names["Horizon"].attr_text.partition("!")
    wb[sheet.strip("'")][at.replace("$", "").split(":")[0]].value = 36
    wb.save(path)
    (out,) = recalculate([path], tmp_path / "out")
    done = load_workbook(out, data_only=True)
    ws = done[SHEET["summary"]]
    labels = [ws.cell(FIRST_LABEL + i, 2).value for i in range(MONTHS)]
    assert all(labels[:36]) and not any(labels[36:]), labels
    assert labels[0].year == 2027 and labels[0].month == 1 and labels[35].year == 2029 and labels[35].month == 12
    budget = done[SHEET["budget"]]
    row = next(r for r in range(11, 20) if budget.cell(r, 8).value == "Headcount (FTE on board)")
    shown = [budget.cell(row, 10 + i).value for i in range(MONTHS)]
    assert shown[35] > 0 and all(v == 0 for v in shown[36:])  # past the horizon: a column of zero shows nothing
    assert error_cells(done) == []
    checks = done[SHEET["checks"]]
    flags = {checks.cell(r, 1).value: (checks.cell(r, 4).value, checks.cell(r, 5).value) for r in range(5, 40) if checks.cell(r, 1).value}
    assert flags["PRINT_AREA"] == (1, "Note")  # the print areas still cover 24 months: a refill sets them to 36
    assert done[SHEET["start"]]["B4"].value == "OK"  # a note does not count against the plan check


def test_a_refill_sets_the_print_areas_to_the_new_horizon(tmp_path: Path) -> None:
    path = _built(tmp_path, 24)
    wb = load_workbook(path)
    assert "$AG$" in wb[SHEET["budget"]].print_area  # J + 23 = AG: month 24
    sheet, _, at = wb.defined_names["Horizon"].attr_text.partition("!")
    wb[sheet.strip("'")][at.replace("$", "").split(":")[0]].value = 36
    wb.save(path)
    fill_workbook(path)
    wb = load_workbook(path, data_only=True)
    assert "$AS$" in wb[SHEET["budget"]].print_area and "$AS$" in wb[SHEET["timeline"]].print_area  # J + 35 = AS
    sheet, _, at = wb.defined_names["PrintedMonths"].attr_text.partition("!")
    assert wb[sheet.strip("'")][at.replace("$", "").split(":")[0]].value == 36
