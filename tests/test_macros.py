"""The refill macros, run through the openpyxl adapter (as `aiteam fill` does): they keep what the
user typed and give the same file when run twice. The same macros through the live adapter, on a
double of xlwings' object model: ``tests/test_live_refill.py``."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam import InputError, WorkbookError
from xl_aiteam.adapters.xlwings_book import cell_value
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_assumptions, workbook_parts

from .excel_truth import input_cell as _named

XLSM = next(p for p in committed_workbooks() if p.suffix == ".xlsm")
STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
C = STAFFING_COLUMNS


def user_edits(path: Path) -> None:
    """What a user does between refills: an input, an FTE, a manual row with a note, a playbook status."""
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    _named(wb, "LoadedMultiplier").value = 1.3
    staffing = wb[SHEET["staffing"]]
    staffing.cell(6, C["fte"]).value = 0.5  # P02
    row = 5 + sum(1 for r in range(5, 200) if staffing.cell(r, 1).value)
    for key, value in {
        "role": "Research engineer",
        "label": "Prototype help",
        "level": "mid",
        "fte": 1,
        "employment": "contractor",
        "search_month": 5,
        "manual": "yes",
        "notes": '=HYPERLINK("x") is text, not a formula',
    }.items():
        staffing.cell(row, C[key]).value = value
    staffing.cell(row, C["notes"]).data_type = "s"
    playbook = wb[SHEET["playbook"]]
    playbook.cell(5, 9).value = "Done"
    playbook.cell(5, 10).value = "Met all 11 people"
    wb.save(path)


def test_a_refill_keeps_edits_and_a_manual_row_and_twice_gives_the_same_file(tmp_path: Path) -> None:
    path = Path(shutil.copy(XLSM, tmp_path / "plan.xlsm"))
    user_edits(path)
    fill_workbook(path)
    once = workbook_parts(path)
    fill_workbook(path)
    assert workbook_parts(path) == once, "a second refill changed the file"

    a = read_assumptions(path)
    assert a.loaded_multiplier == 1.3
    team = a.team or []
    assert team[1].id == "P02" and team[1].fte == 0.5
    manual = [line for line in team if line.manual]
    # numbered past every ID on the sheet (the empty seat rows' too), so no seat the team grows into shares it
    added = f"P{5 + sum(1 for r in range(5, 200) if load_workbook(XLSM)[SHEET['staffing']].cell(r, 1).value) - 4:02d}"
    assert len(manual) == 1 and manual[0].role == "research_engineer" and manual[0].id == added
    assert manual[0].notes.startswith("=HYPERLINK")
    wb = load_workbook(path)
    note = wb[SHEET["staffing"]].cell(next(r for r in range(5, 200) if wb[SHEET["staffing"]].cell(r, 1).value == added), C["notes"])
    assert note.data_type == "s", "user text that starts with = must stay text"
    assert wb[SHEET["playbook"]].cell(5, 9).value == "Done"
    assert wb[SHEET["playbook"]].cell(5, 10).value == "Met all 11 people"
    budget = load_workbook(path, data_only=True)[SHEET["budget"]]  # the values cached beside the formulas
    lines = {(budget.cell(r, 1).value, budget.cell(r, 3).value): r for r in range(39, budget.max_row + 1)}
    row = lines[("Contractors", added)]  # the manual row is costed...
    assert "INDEX(StaffId," in wb[SHEET["budget"]].cell(row, 3).value  # ...by a live link to Staffing
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(XLSM) as base:
        assert z.read("xl/vbaProject.bin") == base.read("xl/vbaProject.bin")


def test_a_new_stage_changes_the_seat_rows_and_keeps_a_typed_cell(tmp_path: Path) -> None:
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    wb = load_workbook(path)
    wb[SHEET["staffing"]].cell(7, C["level"]).value = "junior"  # typed over seat 3's level
    _named(wb, "Stage").value = 3
    wb.save(path)
    a = read_assumptions(path)  # the rows follow the new stage before any refill
    assert [line.seat for line in a.team or []] == list(range(1, 23))  # the stage 3 team (2 products)
    assert (a.team or [])[2].role == "ml_platform_engineer" and (a.team or [])[2].level == "junior"
    filled = fill_workbook(path)
    assert [(line.role, line.level, line.seat) for line in filled.team or []] == [(x.role, x.level, x.seat) for x in a.team or []]
    ws = load_workbook(path)[SHEET["staffing"]]
    assert ws.cell(7, C["level"]).value == "junior" and str(ws.cell(7, C["role"]).value).startswith("=")  # typed stays, the rest follows
    assert str(ws.cell(2, C["manual"]).value).startswith("=")  # the team's basis is live


@pytest.mark.parametrize(
    ("edit", "error", "needle"),
    [
        (lambda wb: setattr(_named(wb, "Horizon"), "value", "two years"), InputError, "Horizon".lower()),
        (lambda wb: wb[SHEET["staffing"]].cell(5, C["fte"]).__setattr__("value", 3), InputError, "Staffing row 5 fte = 3"),
        (lambda wb: setattr(wb[SHEET["budget"]], "title", "Costs"), WorkbookError, "Budget is missing or renamed"),
        (lambda wb: wb[SHEET["staffing"]].move_range("A4:P20", cols=1), WorkbookError, "columns were moved"),
        (lambda wb: wb.defined_names.pop("StartDate"), WorkbookError, "named range StartDate is missing"),
    ],
)
def test_a_refill_that_fails_leaves_the_file_as_it_was(tmp_path: Path, edit: Any, error: type, needle: str) -> None:
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    wb = load_workbook(path)
    edit(wb)
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(error) as info:
        fill_workbook(path)
    assert needle in str(info.value).lower() or needle in str(info.value)
    assert "\n" not in str(info.value)
    assert path.read_bytes() == before


# --- the live adapter (the whole refill through it: tests/test_live_refill.py) ---------------------


def test_user_text_is_written_as_text_in_live_excel() -> None:
    assert cell_value("=SUM(A1)") == "'=SUM(A1)"
    assert cell_value("+44 20") == "'+44 20"
    assert cell_value("@home") == "'@home"
    assert cell_value(date(2027, 1, 1)) == datetime(2027, 1, 1)
