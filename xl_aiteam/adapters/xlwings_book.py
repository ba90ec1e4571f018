"""The macros' book interface over a workbook open in Excel, through xlwings (BSD parts only).

Used by the add-in's Run main button (``workbook/AITeamPlanner.py``) and the ``aiteam_*``
scripts of the UDF module. It writes a sheet's values and formulas in one block, then its
number formats, fonts and fills a row-run at a time, column widths and workbook names; on
Windows it also sets data validation through Excel's object model. Charts and tables are left
as the workbook has them: their ranges sit in rows a refill does not move.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from itertools import groupby
from typing import Any

from ..layout.spec import FORMATS, STYLES, Formula, SheetSpec, Validation, WorkbookSpec

__all__ = ["XlwingsBook", "cell_value"]

# Excel's constants for Validation.Add (XlDVType, XlDVAlertStyle, XlFormatConditionOperator)
_DV_TYPE = {"whole": 1, "decimal": 2, "list": 3, "date": 4, "custom": 7}
_ALERT_STOP = 1
_OPERATOR = {"between": 1, "greaterThan": 5, "lessThan": 6, "greaterThanOrEqual": 7, "lessThanOrEqual": 8}


def cell_value(value: Any) -> Any:
    """What to hand Excel for one cell: formulas as formulas, user text always as text."""
    if isinstance(value, Formula):
        return str(value)
    if isinstance(value, str):
        return "'" + value if value.startswith(("=", "+", "-", "@", "'")) else value
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    return value


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[0:2], 16), int(hex_color[2:4], 16), int(hex_color[4:6], 16)


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

    def last_row(self, sheet: str) -> int:
        return int(self.book.sheets[sheet].used_range.last_cell.row)

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec) -> None:
        target = self.book.sheets[sheet.name]
        target.clear()
        rows, cols = sheet.max_row, sheet.max_col
        grid: list[list[Any]] = [[None] * cols for _ in range(rows)]
        for (r, c), cell in sheet.cells.items():
            grid[r - 1][c - 1] = cell_value(cell.value)
        target.range((1, 1), (rows, cols)).value = grid
        for r in range(1, rows + 1):
            cells = [(c, sheet.cells.get((r, c))) for c in range(1, cols + 1)]
            for (style, fmt), run in groupby(cells, key=lambda item: (item[1].style, item[1].fmt) if item[1] else (None, None)):
                columns = [c for c, _ in run]
                if style is None:
                    continue
                rng = target.range((r, columns[0]), (r, columns[-1]))
                look = STYLES[style]
                rng.font.color = _rgb(look.font_color)
                rng.font.bold = look.bold
                rng.font.italic = look.italic
                if look.underline and sys.platform.startswith("win"):
                    rng.api.Font.Underline = 2  # xlUnderlineStyleSingle, through Excel's object model
                if look.fill:
                    rng.color = _rgb(look.fill)
                if fmt:
                    rng.number_format = FORMATS[fmt]
        for column, width in sheet.widths.items():
            target.range((1, column)).column_width = width
        if sys.platform.startswith("win"):
            for validation in sheet.validations:
                self._validate(target, validation)

    @staticmethod
    def _validate(target: Any, v: Validation) -> None:
        dv = target.range(v.sqref).api.Validation
        dv.Delete()
        if v.kind == "list":
            source = str(v.source)
            dv.Add(_DV_TYPE["list"], _ALERT_STOP, _OPERATOR["between"], source.strip('"') if source.startswith('"') else "=" + source)
        elif v.kind == "custom":
            dv.Add(_DV_TYPE["custom"], _ALERT_STOP, _OPERATOR["between"], "=" + str(v.formula))
        elif v.operator == "between":
            dv.Add(_DV_TYPE[v.kind], _ALERT_STOP, _OPERATOR["between"], str(v.low), str(v.high))
        else:
            dv.Add(_DV_TYPE[v.kind], _ALERT_STOP, _OPERATOR[v.operator], str(v.low))
        dv.ErrorMessage = v.error or ""
        dv.InputMessage = v.prompt or ""

    def keep_cached(self, sheet: SheetSpec) -> None:
        """Nothing to do: Excel computes every formula of an open workbook itself."""

    def set_names(self, names: dict[str, str]) -> None:
        for name, ref in names.items():
            self.book.names.add(name, "=" + ref)
