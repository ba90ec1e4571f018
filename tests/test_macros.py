"""The refill macros, run through the openpyxl adapter (as `aiteam fill` does) and a stand-in for
a live xlwings Book: they keep what the user typed and give the same file when run twice."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam import InputError, WorkbookError
from xl_aiteam.adapters.openpyxl_book import OpenpyxlBook
from xl_aiteam.adapters.xlwings_book import XlwingsBook, cell_value
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.macros import refill
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_assumptions, workbook_parts

XLSM = next(p for p in committed_workbooks() if p.suffix == ".xlsm")
STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
C = STAFFING_COLUMNS


def _named(wb: Any, name: str) -> Any:
    sheet, _, at = wb.defined_names[name].attr_text.partition("!")
    return wb[sheet.strip("'")][at.replace("$", "").split(":")[0]]


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
    assert len(manual) == 1 and manual[0].role == "research_engineer" and manual[0].id == "P12"
    assert manual[0].notes.startswith("=HYPERLINK")
    wb = load_workbook(path)
    note = wb[SHEET["staffing"]].cell(5 + len(team) - 1, C["notes"])
    assert note.data_type == "s", "user text that starts with = must stay text"
    assert wb[SHEET["playbook"]].cell(5, 9).value == "Done"
    assert wb[SHEET["playbook"]].cell(5, 10).value == "Met all 11 people"
    budget = load_workbook(path, data_only=True)[SHEET["budget"]]  # the values cached beside the formulas
    lines = {(budget.cell(r, 1).value, budget.cell(r, 3).value): r for r in range(39, budget.max_row + 1)}
    row = lines[("Contractors", "P12")]  # the manual row is costed...
    assert "INDEX(StaffId," in wb[SHEET["budget"]].cell(row, 3).value  # ...by a live link to Staffing
    with zipfile.ZipFile(path) as z, zipfile.ZipFile(XLSM) as base:
        assert z.read("xl/vbaProject.bin") == base.read("xl/vbaProject.bin")


def test_a_new_stage_replaces_generated_rows_and_keeps_edited_ones(tmp_path: Path) -> None:
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    wb = load_workbook(path)
    wb[SHEET["staffing"]].cell(7, C["level"]).value = "mid"  # P03 was senior
    _named(wb, "Stage").value = 3
    wb.save(path)
    a = fill_workbook(path)
    team = a.team or []
    generated = [line for line in team if not line.manual]
    kept = [line for line in team if line.manual]
    assert len(generated) == 22  # the stage 3 default team (2 products)
    assert [(k.id, k.role, k.level.value) for k in kept] == [("P03", "ml_engineer", "mid")]
    assert "stage 2, low" in kept[0].notes
    assert len({line.id for line in team}) == len(team)
    assert load_workbook(path)[SHEET["staffing"]].cell(2, C["manual"]).value == "stage 3, low, 2 products"


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


# --- the live adapter, against a stand-in for xlwings' object model --------------------------


class _Font:
    def __init__(self) -> None:
        self.color: Any = None
        self.bold = False
        self.italic = False


class _Range:
    def __init__(self, sheet: _Sheet, r1: int, c1: int, r2: int, c2: int) -> None:
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self.font = _Font()
        self.color: Any = None
        self.number_format: Any = None
        self.column_width: Any = None

    def options(self, **_: Any) -> _Range:
        return self

    @property
    def value(self) -> list[list[Any]]:
        return [[self.sheet.grid.get((r, c)) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                if v is not None:
                    self.sheet.grid[(self.r1 + i, self.c1 + j)] = v


class _Sheet:
    def __init__(self, name: str, grid: dict[tuple[int, int], Any]) -> None:
        self.name = name
        self.grid = grid

    def range(self, first: tuple[int, int], last: tuple[int, int] | None = None) -> _Range:
        last = last or first
        return _Range(self, first[0], first[1], last[0], last[1])

    def clear(self) -> None:
        self.grid.clear()

    @property
    def used_range(self) -> Any:
        row = max((r for r, _ in self.grid), default=1)
        return type("Used", (), {"last_cell": type("Cell", (), {"row": row})()})()


class _Sheets(list):
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)


class _Names(list):
    def add(self, name: str, refers_to: str) -> None:
        self[:] = [n for n in self if n.name != name]
        self.append(type("Name", (), {"name": name, "refers_to": refers_to})())


class FakeBook:
    """Just the part of xlwings.Book that XlwingsBook uses, filled from a saved workbook's cells."""

    def __init__(self, path: Path) -> None:
        wb = load_workbook(path)
        self.name = path.name
        self.sheets = _Sheets()
        for ws in wb.worksheets:
            grid = {
                (c.row, c.column): (c.value.date() if isinstance(c.value, datetime) else c.value)
                for row in ws.iter_rows()
                for c in row
                if c.value is not None
            }
            self.sheets.append(_Sheet(ws.title, grid))
        self.names = _Names()
        for name, dn in wb.defined_names.items():
            self.names.add(name, "=" + dn.attr_text)


def _as_written(cell: Any) -> Any:
    """An openpyxl cell as Excel would be handed it: formulas as they are, text with its guard."""
    value = cell.value
    if cell.data_type == "f":
        return value
    value = cell_value(value)
    return value.date() if isinstance(value, datetime) else value


def test_the_live_adapter_writes_what_the_headless_adapter_writes(tmp_path: Path) -> None:
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    user_edits(path)
    live = FakeBook(path)
    refill(XlwingsBook(live))
    headless = OpenpyxlBook(load_workbook(path), path.name)
    refill(headless)
    for key in ("staffing", "budget", "playbook", "checks", "summary"):
        ws = headless.wb[SHEET[key]]
        want = {(c.row, c.column): _as_written(c) for row in ws.iter_rows() for c in row if c.value not in (None, "")}
        got = {k: (v.date() if isinstance(v, datetime) else v) for k, v in live.sheets[SHEET[key]].grid.items() if v not in (None, "")}
        assert got == want, key
    assert {n.name for n in live.names} >= {"StartDate", "MasterCheck", "TeamBasis"}


def test_user_text_is_written_as_text_in_live_excel() -> None:
    assert cell_value("=SUM(A1)") == "'=SUM(A1)"
    assert cell_value("+44 20") == "'+44 20"
    assert cell_value("@home") == "'@home"
    assert cell_value(date(2027, 1, 1)) == datetime(2027, 1, 1)
