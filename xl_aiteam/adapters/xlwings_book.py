"""The macros' book interface over a workbook open in Excel, through xlwings (BSD parts only).

Used by the add-in's Run main button (``workbook/AITeamPlanner.py``) and the ``aiteam_*``
scripts of the UDF module. A refill renders the layout as ``aiteam fill`` does (the two are
compared call for call in ``tests/test_live_refill.py``): the layout's cells only, in blocks of
values and formulas; each cell's look (font, fill, number format, alignment, indent, wrap,
bottom border); column widths and row heights; freeze panes; data validation with its prompt
and error message; conditional formats; the tables; the print area. Cells the previous layout
wrote and the new one does not are emptied; everything else on the sheet stays. While it
writes, Excel neither redraws nor recalculates (both come back after, also when it fails).

Where xlwings has no call for a property (indent, validation messages, freeze panes, hidden
names), it is set on the native object: through COM on Windows, appscript on macOS. Charts are
left as the build made them: their series sit in fixed rows of the Budget.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from ..layout.port import FOOTPRINT, Area, Look, Rewrite, look, rectangles, sqref_areas
from ..layout.spec import Formula, SheetSpec, Validation, WorkbookSpec

__all__ = ["MAC", "WIDTH_PADDING", "XlwingsBook", "cell_value"]

MAC = sys.platform == "darwin"  # native objects are appscript references there, COM objects on Windows
# A column's width in the file counts 5 pixels of padding that Excel's ColumnWidth does not
# (digits 7 pixels wide in the default Calibri 11): the layout's widths are the file's.
WIDTH_PADDING = 5 / 7
# the layout's validation operators (as the file spells them) -> xlwings' names
_OPERATORS = {
    "between": "between",
    "notBetween": "not_between",
    "equal": "equal_to",
    "notEqual": "not_equal_to",
    "greaterThan": "greater_than",
    "lessThan": "less_than",
    "greaterThanOrEqual": "greater_than_or_equal",
    "lessThanOrEqual": "less_than_or_equal",
}


def cell_value(value: Any) -> Any:
    """What to hand Excel for one cell: formulas as formulas, user text always as text."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(("=", "+", "-", "@", "'")) else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _put(native: Any, name: str, value: Any) -> None:
    """Set a property of a native Excel object by its COM name (``IndentLevel``): an attribute on
    Windows, ``indent_level.set(...)`` through appscript on macOS."""
    if MAC:
        getattr(native, re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()).set(value)
    else:
        setattr(native, name, value)


def _grid(found: Any, rows: int, cols: int) -> list[list[Any]]:
    """A range's ``formula`` as rows of cells, whatever shape xlwings hands it back in."""
    if rows == 1 and cols == 1:
        return [[found[0][0] if isinstance(found, list | tuple) else found]]
    if rows == 1 and found and not isinstance(found[0], list | tuple):
        return [list(found)]
    if cols == 1 and found and not isinstance(found[0], list | tuple):
        return [[f] for f in found]
    return [list(row) for row in found]


class XlwingsBook:
    """A live ``xlwings.Book`` seen through the macros' book interface."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.label = str(book.name)

    def sheet_names(self) -> list[str]:
        return [sheet.name for sheet in self.book.sheets]

    def name_ref(self, name: str) -> str | None:
        for defined in self.book.names:
            if defined.name == name:
                return str(defined.refers_to).lstrip("=")
        return None

    def values(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        rng = self.book.sheets[sheet].range((first_row, first_col), (last_row, last_col))
        return [list(row) for row in rng.options(ndim=2).value]

    def contents(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        rng = self.book.sheets[sheet].range((first_row, first_col), (last_row, last_col))
        values = rng.options(ndim=2).value
        formulas = _grid(rng.formula, last_row - first_row + 1, last_col - first_col + 1)
        return [
            [f if isinstance(f, str) and f.startswith("=") else v for v, f in zip(vrow, frow, strict=True)]
            for vrow, frow in zip(values, formulas, strict=True)
        ]

    def last_row(self, sheet: str) -> int:
        return int(self.book.sheets[sheet].used_range.last_cell.row)

    @contextmanager
    def writing(self) -> Iterator[None]:
        app = self.book.app
        screen, calculation = app.screen_updating, app.calculation
        active = self.book.sheets.active  # freezing panes shows each sheet in turn
        app.screen_updating = False
        app.calculation = "manual"
        try:
            yield
        finally:
            try:
                active.activate()
            finally:
                app.calculation = calculation
                app.screen_updating = screen

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec, rewrite: Rewrite) -> None:
        target = self.book.sheets[sheet.name]

        def at(a: Area) -> Any:
            return target.range((a[0], a[1]), (a[2], a[3]))

        for a in rewrite.written:
            at(a).unmerge()  # the layout writes into it: the cells come apart, the anchor's value stays
        for a in rewrite.vacated:
            at(a).clear_contents()  # contents and formats, not the cell's note
            at(a).clear_formats()
        for a in rewrite.claimed:
            at(a).data_validation.delete()  # on the layout's cells only: a rule that reaches further stays there
            at(a).conditional_formats.clear()
        for a in rewrite.written:
            r1, c1, r2, c2 = a
            at(a).clear_formats()  # the layout's look replaces whatever the cell had
            at(a).value = [[cell_value(sheet.cells[(r, c)].value) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]
        looks: dict[Look, list[tuple[int, int]]] = {}
        for pos, cell in sheet.cells.items():
            looks.setdefault(look(cell), []).append(pos)
        for lk, cells in looks.items():
            for a in rectangles(cells):
                self._look(at(a), lk, a[2] > a[0])
        for row in rewrite.rows_vacated:
            target.range(f"{row}:{row}").rows.autofit()
        for column, width in sheet.widths.items():
            target.range((1, column)).column_width = round(width - WIDTH_PADDING, 4)
        for row, height in sheet.heights.items():
            target.range((row, 1)).row_height = height
        if sheet.freeze:
            self._freeze(target, sheet.freeze)
        for v in sheet.validations:
            self._validate(target, v)
        for cf in reversed(sheet.cond_formats):  # each rule xlwings adds goes to the top: the first ends highest, as in the file
            if cf.formula is not None:
                rules = target.range(_address(cf.sqref)).conditional_formats
                rules.add_custom("=" + cf.formula, fill_color="#" + cf.fill, font_color="#" + cf.font_color)
                continue
            target.range(_address(cf.sqref)).conditional_formats.add_cell_value(
                "equal_to",
                f'"{cf.equals}"' if isinstance(cf.equals, str) else cf.equals,
                fill_color="#" + cf.fill,
                font_color="#" + cf.font_color,
            )
        for t in sheet.tables:
            found = next((table for table in target.tables if table.name == t.name), None)
            if found is None:
                target.tables.add(source=target.range(t.ref), name=t.name, table_style_name=t.style)
            else:
                found.resize(target.range(t.ref))
                found.table_style = t.style
            table = next(table for table in target.tables if table.name == t.name)
            table.show_table_style_row_stripes = True
        if sheet.print_area:
            target.page_setup.print_area = sheet.print_area
        _put(target.page_setup.api, "FitToPagesWide", sheet.pages_wide)

    @staticmethod
    def _look(rng: Any, lk: Look, rows: bool) -> None:
        """One look on a range whose formats were just cleared (so only what differs is set)."""
        rng.font.set(name=lk.font, size=lk.size, bold=lk.bold, italic=lk.italic, color="#" + lk.color)
        if lk.fill:
            rng.color = "#" + lk.fill
        if lk.number_format != "General":
            rng.number_format = lk.number_format
        if lk.wrap:
            rng.wrap_text = True
        if lk.horizontal:
            rng.horizontal_alignment = lk.horizontal
        rng.vertical_alignment = lk.vertical
        if lk.indent:
            _put(rng.api, "IndentLevel", lk.indent)
        if lk.border_bottom:
            # a line under every cell of the range: its bottom edge, and between its rows
            rng.borders.set(
                ["edge_bottom", "inside_horizontal"] if rows else "edge_bottom",
                line_style="continuous",
                weight="thin",
                color="#" + lk.border_bottom,
            )

    def _freeze(self, target: Any, at: str) -> None:
        """Freeze the rows above and the columns left of ``at``: a property of the window showing the sheet."""
        row, column, _, _ = sqref_areas(at)[0]
        target.activate()
        window = self.book.api.windows[1] if MAC else self.book.api.Windows(1)
        _put(window, "FreezePanes", False)
        _put(window, "ScrollRow", 1)
        _put(window, "ScrollColumn", 1)
        _put(window, "SplitColumn", column - 1)
        _put(window, "SplitRow", row - 1)
        _put(window, "FreezePanes", True)

    def _validate(self, target: Any, v: Validation) -> None:
        dv = target.range(_address(v.sqref)).data_validation
        if v.kind == "list":
            source = str(v.source)
            dv.set_list(source.strip('"').split(",") if source.startswith('"') else self.book.names(source))
        elif v.kind == "custom":
            dv.set_custom("=" + str(v.formula))
        elif v.kind == "date":
            low, high = (date.fromisoformat(str(x)) for x in (v.low, v.high))
            dv.set_date("between", low, high)
        else:
            two = v.operator in ("between", "notBetween")
            setter = dv.set_whole_number if v.kind == "whole" else dv.set_decimal
            setter(_OPERATORS[v.operator], _operand(v.low), _operand(v.high) if two else None)
        native = dv.api
        _put(native, "IgnoreBlank", v.kind == "list")  # as the file writes it: an empty cell passes a list, no other rule
        _put(native, "ErrorTitle", "Not allowed" if v.error else "")
        _put(native, "ErrorMessage", v.error)
        _put(native, "ShowError", True)
        _put(native, "InputMessage", v.prompt)
        _put(native, "ShowInput", bool(v.prompt))

    def keep_cached(self, sheet: SheetSpec) -> None:
        """Nothing to do: Excel computes every formula of an open workbook itself."""

    def add_sheet(self, title: str, index: int) -> None:
        sheets = self.book.sheets
        if index < len(sheets):
            sheets.add(title, before=sheets[index])
        else:
            sheets.add(title, after=sheets[len(sheets) - 1])

    def set_names(self, names: dict[str, str]) -> None:
        for name, ref in names.items():
            added = self.book.names.add(name, "=" + ref)
            if name.startswith(FOOTPRINT):
                _put(added.api, "Visible", False)


def _address(sqref: str) -> str:
    """A validation's or rule's range list (``"B5:B9 D5"``) as Excel's Range takes it (``"B5:B9,D5"``)."""
    return ",".join(sqref.split())


def _operand(value: float | str | None) -> float | str:
    """A limit as xlwings takes it: a number, or a formula (``"=..."``)."""
    if value is None:
        return 0
    if isinstance(value, str):
        return value if value.startswith("=") else "=" + value
    return int(value) if float(value).is_integer() else value
