"""The live refill (xlwings, in Excel) gives the workbook ``aiteam fill`` gives.

A double of xlwings' object model (``tests/xlwings_double.py``) keeps what each call would leave
in Excel; the same edited workbook is refilled through it and through the openpyxl adapter, and
everything the layout renders is compared, sheet by sheet and cell by cell: values and formulas,
number formats, fonts, fills, alignment, borders, widths, heights, freeze panes, validations
(custom formulas and prompts included), conditional formats, tables, the print area and names.
Native calls are exercised in both dialects: COM (Windows) and appscript (macOS).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

import xl_aiteam.adapters.xlwings_book as xlwings_book
from xl_aiteam import WorkbookError
from xl_aiteam.adapters.openpyxl_book import OpenpyxlBook, render
from xl_aiteam.adapters.xlwings_book import XlwingsBook, cell_value
from xl_aiteam.layout import SHEET, SHEETS, Formula, SheetSpec, WorkbookSpec
from xl_aiteam.layout.port import FOOTPRINT, Rewrite
from xl_aiteam.layout.spec import NOT_CACHED, STYLES, CondFormat, TableSpec, Validation
from xl_aiteam.macros import refill
from xl_aiteam.workbook import committed_workbooks, fill_workbook

from .test_macros import STAGE2, user_edits
from .xlwings_double import DEFAULT_LOOK, Book, Sheet, file_rule, file_validation, hex6

GENERATED = [entry.title for entry in SHEETS if entry.refilled]
STAGE = {a.stage: p for p, a in committed_workbooks().items() if p.suffix == ".xlsx"}
PADDING = 5 / 7  # a width in the file counts 5 pixels of padding that Excel's ColumnWidth does not (7-pixel digits)


def file_look(cell: Any) -> dict[str, Any]:
    """How a saved cell looks, in the double's terms."""
    fill = cell.fill.fgColor.rgb if cell.fill is not None and cell.fill.fill_type == "solid" else None
    bottom = cell.border.bottom
    return {
        "font": cell.font.name,
        "size": float(cell.font.sz),
        "bold": bool(cell.font.b),
        "italic": bool(cell.font.i),
        "color": hex6(cell.font.color.rgb) if cell.font.color is not None and cell.font.color.type == "rgb" else "000000",  # theme 1: black
        "fill": hex6(fill) if fill else None,
        "number_format": cell.number_format,
        "wrap": bool(cell.alignment.wrap_text),
        "horizontal": None if cell.alignment.horizontal in (None, "general") else cell.alignment.horizontal,
        "vertical": cell.alignment.vertical or "bottom",
        "indent": int(cell.alignment.indent or 0),
        "border_bottom": hex6(bottom.color.rgb) if bottom is not None and bottom.style == "thin" else None,
    }


def _written(cell: Any) -> Any:
    """A saved cell's value as Excel would hold it: formulas as they are, dates as datetimes."""
    if cell.data_type == "f":
        return cell.value
    value = cell_value(cell.value)
    return value.lstrip("'") if isinstance(value, str) else value


def _notes(path: Path) -> None:
    wb = load_workbook(path)
    for title in GENERATED:
        ws = wb[title]
        ws.cell(2, 40, f"note beside {title}")
        ws.cell(100, 1, f"note below {title}")  # below every table (the Budget ends with the workload rows)
    wb.save(path)


def _edited(tmp_path: Path) -> Path:
    """The stage 2 template as a user leaves it: inputs and a Staffing row changed, a manual row
    added (the plan grows by a row), notes typed beside and below the tables."""
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    user_edits(path)
    _notes(path)
    return path


def _smaller(tmp_path: Path) -> Path:
    """The stage 3 template set to stage 1: 22 positions become 6, rows are emptied."""
    path = Path(shutil.copy(STAGE[3], tmp_path / "plan.xlsx"))
    wb = load_workbook(path)
    at = wb.defined_names["Stage"].attr_text.split("!")[1].replace("$", "").split(":")[0]
    wb[SHEET["inputs"]][at] = 1
    wb.save(path)
    _notes(path)
    return path


@pytest.fixture(params=[False, True], ids=["windows", "macos"])
def mac(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(xlwings_book, "MAC", request.param)
    return bool(request.param)


def assert_same(ws: Any, sheet: Any) -> None:
    """A sheet as the file holds it (openpyxl) and as the double of Excel holds it: the same in
    everything the layout renders."""
    title = ws.title
    want = {(c.row, c.column): _written(c) for row in ws.iter_rows() for c in row if c.value not in (None, "")}
    got = {at: cell.formula or cell.value for at, cell in sheet.grid.items() if (cell.formula or cell.value) not in (None, "")}
    assert got == want, title
    looks = {at: file_look(ws.cell(*at)) for at in set(ws._cells) | set(sheet.grid)}
    assert {at: sheet.grid[at].look if at in sheet.grid else DEFAULT_LOOK for at in looks} == looks, title
    widths = {c: round(w + PADDING, 3) for c, w in sheet.widths.items()}
    assert widths == {d.min: round(d.width, 3) for d in ws.column_dimensions.values() if d.width}, title
    assert sheet.heights == {r: d.height for r, d in ws.row_dimensions.items() if d.height}, title
    assert sheet.freeze == ws.freeze_panes, title
    validations: dict[tuple[int, int], dict[str, Any]] = {}
    for dv in ws.data_validations.dataValidation:
        for cells in dv.sqref.ranges:
            validations.update({at: file_validation(dv) for at in cells.cells})
    assert {at: c.validation for at, c in sheet.grid.items() if c.validation} == validations, title
    rules: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for _, cells, rule in sorted((r.priority, cf.sqref, file_rule(r)) for cf in ws.conditional_formatting for r in cf.rules):
        for cell_range in cells.ranges:
            for at in cell_range.cells:
                rules.setdefault(at, []).append(rule)
    live_rules: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for cells, rule in sheet.rules:
        for at in cells:
            live_rules.setdefault(at, []).append(rule)
    assert live_rules == rules, title  # per cell, highest priority first
    tables = {name: (ref, ws.tables[name].tableStyleInfo.name) for name, ref in ws.tables.items()}
    assert {t.name: (_ref(t.area), t.table_style) for t in sheet.tables} == tables, title
    assert all(t.show_table_style_row_stripes for t in sheet.tables)
    assert _plain(sheet.page_setup.print_area) == _plain(ws.print_area), title
    assert sheet.pages_wide == ws.page_setup.fitToWidth, title


@pytest.mark.parametrize("edited", [_edited, _smaller], ids=["grows", "shrinks"])
def test_the_live_refill_renders_what_aiteam_fill_writes(tmp_path: Path, mac: bool, edited: Callable[[Path], Path]) -> None:
    path = edited(tmp_path)
    live = Book.from_file(path, mac)
    live.app.calculation = "semiautomatic"  # whatever the user had, it comes back
    for sheet in live.sheets:
        sheet.freeze = None  # unfrozen by the user: the refill freezes the panes again
    refill(XlwingsBook(live))
    fill_workbook(path)
    wb = load_workbook(path)
    for title in GENERATED:
        assert_same(wb[title], live.sheets[title])
    assert {n.name: n.refers_to.lstrip("=") for n in live.names} == {name: dn.attr_text for name, dn in wb.defined_names.items()}
    hidden = {name for name, dn in wb.defined_names.items() if dn.hidden}
    assert hidden == {n.name for n in live.names if not n.visible} and len(hidden) == len(GENERATED)
    assert all(name.startswith(FOOTPRINT) for name in hidden)
    # Excel neither redrew nor recalculated while the refill wrote, and does both again after
    assert [c for c in live.calls if c[4]] == []
    assert live.app.screen_updating is True and live.app.calculation == "semiautomatic"
    assert live.sheets.active is live.sheets[0]


def look_book() -> WorkbookSpec:
    """A sheet of every style in every number format, in blocks of two rows and two columns, with
    every kind of validation, rules and a table: what any layout may ask of an adapter."""
    s = SheetSpec("Look book", freeze="C4", print_area="A1:H70", pages_wide=2)
    samples: dict[str | None, Any] = {None: "text", "money": 1234.5, "date": date(2027, 1, 1), "percent": 0.25, "int": Formula("=1+1")}
    for i, style in enumerate(STYLES):
        for j, (fmt, value) in enumerate(samples.items()):
            for r in range(2):
                for c in range(2):
                    s.put(1 + 2 * i + r, 1 + 2 * j + c, value, style, fmt, cached=2 if isinstance(value, Formula) else NOT_CACHED)
    s.put(55, 1, "=not a formula", "input")
    s.widths.update({1: 13, 2: 7.5, 9: 30})
    s.heights.update({1: 24, 3: 40, 20: 30})
    s.validations += [
        Validation("A1:A4", "list", source="Choices", error="Pick one", prompt="Choose from the list"),
        Validation("B1:B4", "list", source='"yes,no"', error="yes or no"),
        Validation("C1:C4", "whole", low=1, high=60, error="1 to 60", prompt="A whole number from 1 to 60"),
        Validation("D1:D4", "decimal", low=0.5, operator="greaterThanOrEqual", error="at least 0.5"),
        Validation("E1:E4", "whole", low=100, operator="lessThan"),
        Validation("F1:F4", "date", low="2000-01-01", high="2100-12-31", error="a date", prompt="A date"),
        Validation("G1:H4", "custom", formula="AND(ISNUMBER(G1),G1>0,G1<=1)", error="above 0, at most 1", prompt="Above 0"),
    ]
    s.cond_formats += [CondFormat("J1:J20", "OK", "C6EFCE", "006100"), CondFormat("J1:J20", "Check", "FFC7CE", "9C0006")]
    s.cond_formats.append(CondFormat("K1:K20", 1, "FFEB9C"))
    for c, text in enumerate(["One", "Two", "Three"], start=1):
        s.put(60, c, text, "header")
        s.put(61, c, c, "input")
    s.tables.append(TableSpec("LookTable", "A60:C61", "TableStyleLight1"))
    s.put(1, 26, "first", "label")
    return WorkbookSpec([s], {"Choices": "'Look book'!$Z$1:$Z$3"})


def test_both_adapters_render_a_sheet_spec_alike(tmp_path: Path, mac: bool) -> None:
    """Every style, format and rule a layout can ask for, on a new sheet: the file and Excel agree."""
    spec = look_book()
    render(spec).save(tmp_path / "look.xlsx")
    live = Book("look.xlsx", mac)
    live.sheets.append(Sheet(live, "Look book"))
    live.sheets.active = live.sheets[0]
    book = XlwingsBook(live)
    with book.writing():
        book.set_names(spec.names)
        book.write_sheet(spec.sheets[0], spec, Rewrite.of(spec.sheets[0]))
    assert_same(load_workbook(tmp_path / "look.xlsx")["Look book"], live.sheets[0])
    kinds = {c.validation["kind"] for c in live.sheets[0].grid.values() if c.validation}
    assert kinds == {"list", "whole", "decimal", "date", "custom"}


def _ref(area: tuple[int, int, int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(area[1])}{area[0]}:{get_column_letter(area[3])}{area[2]}"


def _plain(ref: str | None) -> str:
    return (ref or "").split("!")[-1].replace("$", "")


def test_a_live_refill_that_fails_gives_excel_back_as_it_was(tmp_path: Path, mac: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    """Half way through, Excel refuses a call: the error reaches the user, and Excel redraws,
    recalculates and shows the sheet it showed before."""
    live = Book.from_file(_edited(tmp_path), mac)
    live.sheets[SHEET["budget"]].activate()
    budget = XlwingsBook(live)
    written: list[str] = []

    def fails(self: XlwingsBook, sheet: Any, book: Any, rewrite: Any) -> None:
        written.append(sheet.name)
        if len(written) == 3:
            raise RuntimeError("Excel: the object invoked has disconnected from its clients")
        original(self, sheet, book, rewrite)

    original = XlwingsBook.write_sheet
    monkeypatch.setattr(XlwingsBook, "write_sheet", fails)
    with pytest.raises(RuntimeError, match="disconnected"):
        refill(budget)
    assert len(written) == 3
    assert live.app.screen_updating is True and live.app.calculation == "automatic"
    assert live.sheets.active is live.sheets[SHEET["budget"]]


def test_a_refused_live_refill_changes_nothing(tmp_path: Path, mac: bool) -> None:
    """A manual row makes the Budget two rows longer, into a user's note: refused before the first write."""
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    user_edits(path)
    wb = load_workbook(path)
    budget = wb[SHEET["budget"]]
    below = budget.max_row + 1
    budget.cell(below, 2, "my note, right below the Budget")
    wb.save(path)
    live = Book.from_file(path, mac)
    with pytest.raises(WorkbookError) as info:
        refill(XlwingsBook(live))
    assert info.value.code == "in_the_way" and f"Budget!B{below} holds your text" in str(info.value)
    assert live.calls == []


def test_both_adapters_refill_a_smaller_sheet_spec_alike(tmp_path: Path, mac: bool) -> None:
    """The same sheet refilled with rows 11 to 54 gone: both empty them (value, look, row height)
    and keep a note beside; the file and Excel still agree."""
    big = look_book()
    small = look_book()
    sheet = small.sheets[0]
    sheet.cells = {at: cell for at, cell in sheet.cells.items() if not 10 < at[0] < 55}
    del sheet.heights[20]
    render(big).save(tmp_path / "look.xlsx")
    wb = load_workbook(tmp_path / "look.xlsx")
    wb["Look book"].cell(20, 40, "a note beside")
    wb.save(tmp_path / "look.xlsx")
    live = Book.from_file(tmp_path / "look.xlsx", mac)
    rewrite = Rewrite.of(sheet, set(big.sheets[0].cells))
    assert 20 in rewrite.rows_vacated and rewrite.vacated
    book = XlwingsBook(live)
    with book.writing():
        book.write_sheet(sheet, small, rewrite)
    headless = OpenpyxlBook(load_workbook(tmp_path / "look.xlsx"), "look.xlsx")
    headless.write_sheet(sheet, small, rewrite)
    headless.wb.save(tmp_path / "look.xlsx")
    ws = load_workbook(tmp_path / "look.xlsx")["Look book"]
    assert_same(ws, live.sheets[0])
    assert ws.cell(20, 40).value == "a note beside" and ws.cell(20, 1).value is None and 20 not in live.sheets[0].heights
