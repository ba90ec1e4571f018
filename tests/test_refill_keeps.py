"""A refill rewrites only the cells the layout generates; everything a user added stays.

Notes typed in free cells beside and below the content of every sheet, a comment, a format,
a validation and a conditional format on free cells, a sheet and a name of the user's own:
after ``aiteam fill`` all are there, in a file saved by openpyxl and in one saved by
LibreOffice (as a spreadsheet application saves it). A refill whose new plan needs a cell a
user filled refuses, names the cell and changes nothing; ``--force`` writes over it. A plan
that shrinks leaves no stale rows: the refilled sheets equal a new build, plus the notes.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.cli import main
from xl_aiteam.layout import SHEET, SHEETS, STAFFING_COLUMNS, planner_layout
from xl_aiteam.layout.port import FOOTPRINT
from xl_aiteam.plan import build_plan
from xl_aiteam.workbook import build_workbook, committed_workbooks, fill_workbook, read_assumptions

from .test_macros import user_edits

STAGE = {a.stage: p for p, a in committed_workbooks().items() if p.suffix == ".xlsx"}
Note = tuple[str, int, int]  # sheet, row, column
# two free columns right of the Staffing table, where a user keeps a status of their own
_STAFFING_RIGHT = max(c for _, c in planner_layout(build_plan(committed_workbooks()[STAGE[2]])).sheet(SHEET["staffing"]).cells)
FREE = (get_column_letter(_STAFFING_RIGHT + 3), get_column_letter(_STAFFING_RIGHT + 4))


def notes_for(path: Path) -> dict[Note, str]:
    """Two or three notes per sheet, in free cells: beside the content (right of it, in a row it
    uses) and below it (a row under its last one)."""
    spec = planner_layout(build_plan(read_assumptions(path)))
    notes = {}
    for sheet in spec.sheets:
        top, bottom, right = 2, sheet.max_row, sheet.max_col
        for row, column, where in ((top, right + 2, "beside"), ((top + bottom) // 2, right + 1, "beside"), (bottom + 3, 1, "below")):
            notes[(sheet.name, row, column)] = f"my note {where} {sheet.name} ({row}, {column})"
    return notes


def add_notes(path: Path) -> dict[Note, str]:
    """A user's additions: notes, a comment and a format on one, a validation and a rule on free
    cells, a comment on a generated cell, a sheet and a name of their own."""
    notes = notes_for(path)
    wb = load_workbook(path)
    for (sheet, row, column), text in notes.items():
        wb[sheet].cell(row, column, text)
    budget = wb[SHEET["budget"]]
    first = next(at for at in notes if at[0] == SHEET["budget"])
    budget.cell(first[1], first[2]).comment = Comment("ask finance", "me")
    budget.cell(first[1], first[2]).font = Font(bold=True, color="C00000")
    budget["B40"].comment = Comment("why this salary?", "me")  # on a generated cell
    staffing = wb[SHEET["staffing"]]
    dv = DataValidation(type="list", formula1='"open,closed"', allow_blank=True)
    dv.add(f"{FREE[0]}5:{FREE[0]}9")
    staffing.add_data_validation(dv)
    staffing.conditional_formatting.add(
        f"{FREE[1]}5:{FREE[1]}9", CellIsRule(operator="equal", formula=['"late"'], fill=PatternFill("solid", bgColor="FFC7CE"))
    )
    chart = BarChart()
    chart.add_data(Reference(budget, min_col=9, max_col=20, min_row=16, max_row=16))
    budget.add_chart(chart, "BT5")  # my own chart, beside the Budget
    wb.create_sheet("My notes")["A1"] = "kept"
    wb.defined_names["MyTarget"] = DefinedName("MyTarget", attr_text="'My notes'!$A$1")
    wb.save(path)
    return notes


def saved_by_libreoffice(path: Path) -> Path:
    """The file as a spreadsheet application saves it."""
    out = recalculate([path], path.parent / "lo")[0]
    return Path(shutil.move(out, path.with_name(path.stem + "-lo.xlsx")))


SAVERS: dict[str, Callable[[Path], Path]] = {
    "openpyxl": lambda path: path,
    "libreoffice": saved_by_libreoffice,
}
SAVED = [pytest.param("openpyxl"), pytest.param("libreoffice", marks=pytest.mark.libreoffice)]


def _kept(path: Path, notes: dict[Note, str]) -> None:
    wb = load_workbook(path)
    lost = [f"{sheet}!{row},{column}" for (sheet, row, column), text in notes.items() if wb[sheet].cell(row, column).value != text]
    assert lost == [], f"{len(lost)} of {len(notes)} notes lost"
    budget = wb[SHEET["budget"]]
    first = next(at for at in notes if at[0] == SHEET["budget"])
    assert budget.cell(first[1], first[2]).comment.text == "ask finance"
    assert budget.cell(first[1], first[2]).font.b and budget.cell(first[1], first[2]).font.color.rgb.endswith("C00000")
    assert budget["B40"].comment.text == "why this salary?"
    staffing = wb[SHEET["staffing"]]
    assert any(str(dv.sqref) == f"{FREE[0]}5:{FREE[0]}9" and "open" in dv.formula1 for dv in staffing.data_validations.dataValidation)
    assert any(f"{FREE[1]}5:{FREE[1]}9" in str(cf.sqref) for cf in staffing.conditional_formatting)
    assert wb["My notes"]["A1"].value == "kept" and "MyTarget" in wb.defined_names
    assert [(c.anchor._from.row, c.anchor._from.col) for c in budget._charts] == [(4, 71)]  # BT5
    assert len(wb[SHEET["summary"]]._charts) == 2  # the layout's two, made again, not added twice


@pytest.mark.parametrize("saver", SAVED)
def test_every_note_a_user_typed_survives_a_refill(tmp_path: Path, saver: str) -> None:
    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    notes = add_notes(path)
    assert sum(1 for sheet, _, _ in notes if sheet in {e.title for e in SHEETS if e.refilled}) >= 20
    path = SAVERS[saver](path)
    assert main(["fill", str(path)]) == 0
    _kept(path, notes)
    once = path.read_bytes()
    assert main(["fill", str(path)]) == 0
    _kept(path, notes)
    assert read_assumptions(path) == read_assumptions(path)  # the refilled file reads back
    assert len(once) > 0


def test_a_refill_after_edits_keeps_the_notes_and_twice_gives_the_same_file(tmp_path: Path) -> None:
    from xl_aiteam.workbook import workbook_parts

    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    notes = add_notes(path)
    user_edits(path)  # a manual row: Staffing one row longer, Budget two, the timeline one; none reaches a note
    fill_workbook(path)
    _kept(path, notes)
    once = workbook_parts(path)
    fill_workbook(path)
    assert workbook_parts(path) == once


# --- where the new plan needs a cell a user filled ----------------------------------------------


def _budget_note(path: Path) -> tuple[str, str]:
    """A manual row (Budget grows by two rows) and a note right below the Budget."""
    user_edits(path)
    wb = load_workbook(path)
    budget = wb[SHEET["budget"]]
    row = budget.max_row + 1
    budget.cell(row, 2, "my note under the Budget")
    wb.save(path)
    return f"Budget!B{row}", "my note under the Budget"


def _staffing_note(path: Path) -> tuple[str, str]:
    """A new stage (22 positions instead of 11) and a note two rows below the Staffing table."""
    wb = load_workbook(path)
    wb[SHEET["staffing"]].cell(17, 3, "my note under the team")
    ref = wb.defined_names["Stage"].attr_text.split("!")[1].replace("$", "").split(":")[0]
    wb[SHEET["inputs"]][ref] = 3
    wb.save(path)
    return "Staffing!C17", "my note under the team"


@pytest.mark.parametrize("saver", SAVED)
@pytest.mark.parametrize("grow", [_budget_note, _staffing_note], ids=["manual-row", "new-stage"])
def test_a_refill_that_grows_into_a_note_refuses_and_force_writes_over_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], saver: str, grow: Callable[[Path], tuple[str, str]]
) -> None:
    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    cell, text = grow(path)
    path = SAVERS[saver](path)
    before = path.read_bytes()
    assert main(["fill", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{cell} holds your text where the new plan needs cells; move it or pass --force" in err
    assert err.count("\n") == 1 and path.read_bytes() == before
    assert main(["fill", "--force", str(path)]) == 0
    sheet, at = cell.split("!")
    ws = load_workbook(path)[sheet]
    assert ws[at].value != text and str(ws.cell(ws[at].row, 1).value).startswith(
        ("P", "=", "Compute", "Storage", "Workload")
    )  # a generated row


def test_a_note_in_several_cells_is_named_cell_by_cell(tmp_path: Path) -> None:
    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    user_edits(path)  # a manual row: the Budget grows by a row in each block
    grown = planner_layout(build_plan(read_assumptions(path))).sheet(SHEET["budget"])
    storage = max(r for r, _ in grown.cells)  # the Storage row moves down into the notes
    written = [c for c in range(1, 13) if (storage, c) in grown.cells]
    wb = load_workbook(path)
    for column in range(1, 13):
        wb[SHEET["budget"]].cell(storage, column, f"part {column}")
    wb[SHEET["budget"]].cell(storage + 1, 75, "beside: not in the way")
    wb.save(path)
    with pytest.raises(Exception) as info:
        fill_workbook(path)
    message = str(info.value)
    named = [f"Budget!{get_column_letter(c)}{storage}" for c in written]
    assert ", ".join(named[:6]) in message and "hold your text" in message
    free = next(c for c in range(1, 13) if c not in written)
    assert f"Budget!{get_column_letter(free)}{storage}," not in message and f"{get_column_letter(75)}{storage + 1}" not in message


# --- a plan that shrinks, and a workbook made before refills recorded their cells ----------------


def _values(path: Path, sheet: str, skip: set[tuple[int, int]]) -> dict[tuple[int, int], Any]:
    ws = load_workbook(path)[sheet]
    return {
        (c.row, c.column): c.value for row in ws.iter_rows() for c in row if c.value not in (None, "") and (c.row, c.column) not in skip
    }


def test_a_smaller_plan_leaves_no_stale_rows_and_equals_a_new_build(tmp_path: Path) -> None:
    path = Path(shutil.copy(STAGE[3], tmp_path / "plan.xlsx"))
    notes = add_notes(path)
    wb = load_workbook(path)
    ref = wb.defined_names["Stage"].attr_text.split("!")[1].replace("$", "").split(":")[0]
    wb[SHEET["inputs"]][ref] = 1
    wb.save(path)
    fill_workbook(path)
    _kept(path, notes)
    fresh = build_workbook(read_assumptions(path), tmp_path / "fresh.xlsx")
    for entry in SHEETS:
        if entry.refilled:
            skip = {(r, c) for (s, r, c) in notes if s == entry.title}
            assert _values(path, entry.title, skip) == _values(fresh, entry.title, set()), entry.title
    staffing = load_workbook(path)[SHEET["staffing"]]
    assert staffing.tables["StaffingTable"].ref == f"A4:{get_column_letter(max(STAFFING_COLUMNS.values()))}10"  # six positions


def test_a_workbook_that_records_no_cells_is_refilled_from_what_its_names_cover(tmp_path: Path) -> None:
    """Made before refills recorded their cells: the layout of the inputs read back stands in, with
    the team cut to the rows the Staffing names cover (a row added since is not the layout's)."""
    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    cell, _ = _budget_note(path)
    wb = load_workbook(path)
    for name in [n for n in wb.defined_names if n.startswith(FOOTPRINT)]:
        del wb.defined_names[name]
    # and its Staffing names were plain ranges over the rows it was built with (eleven positions)
    wb.defined_names["StaffId"] = DefinedName("StaffId", attr_text=f"'{SHEET['staffing']}'!$A$5:$A$15")
    wb.save(path)
    with pytest.raises(Exception, match=rf"{cell} holds your text"):
        fill_workbook(path)
    fill_workbook(path, force=True)
    assert sum(n.startswith(FOOTPRINT) for n in load_workbook(path).defined_names) == sum(e.refilled for e in SHEETS)


def test_a_workbook_made_before_a_sheet_existed_gets_it_on_a_refill(tmp_path: Path) -> None:
    """The guide sheets came later: a workbook without them is checked, and a refill adds them."""
    path = Path(shutil.copy(STAGE[2], tmp_path / "plan.xlsx"))
    notes = add_notes(path)
    wb = load_workbook(path)
    gone = ["Roles", "Team structure", "Model lifecycle"]
    for title in gone:
        del wb[title]
    wb.save(path)
    assert main(["check", str(path)]) == 0
    assert main(["fill", str(path)]) == 0
    refilled = load_workbook(path)
    assert refilled.sheetnames[: len(SHEETS)] == [entry.title for entry in SHEETS]
    fresh = build_workbook(read_assumptions(path), tmp_path / "fresh.xlsx")
    for title in gone:
        assert _values(path, title, set()) == _values(fresh, title, set()), title
    _kept(path, {at: text for at, text in notes.items() if at[0] not in gone})
