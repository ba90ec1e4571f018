"""What reading a workbook needs of it, whatever holds it: a file (openpyxl) or Excel (xlwings).

The sheet modules' ``read`` functions and the refill macros are written against
:class:`BookPort`; ``adapters.openpyxl_book.OpenpyxlBook`` and
``adapters.xlwings_book.XlwingsBook`` implement it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from openpyxl.utils.cell import column_index_from_string

from ..errors import WorkbookError
from .spec import SheetSpec, WorkbookSpec

__all__ = ["BLOCK", "BookPort", "bounds", "named", "rows_until", "scalar"]

# A reader takes a table down to its end, however long: no row limit. It reads this many rows
# at a time, so a sheet whose used range runs far below the table (a whole column formatted in
# Excel reaches row 1,048,576) costs no more than the table itself.
BLOCK = 1000
_REF = re.compile(r"^(?:(?P<sheet>'(?:[^']|'')+'|[^'!]+)!)?\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$")


class BookPort(Protocol):
    """What the macros need of a workbook, whatever holds it."""

    label: str  # the file or book name, for messages

    def sheet_names(self) -> list[str]: ...

    def name_ref(self, name: str) -> str | None: ...

    def values(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]: ...

    def last_row(self, sheet: str) -> int: ...

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec) -> None: ...

    def keep_cached(self, sheet: SheetSpec) -> None:
        """Give a sheet the refill does not rewrite the cached values of its formulas, where a cell
        still holds the layout's formula (a spreadsheet application recomputes them anyway)."""
        ...

    def set_names(self, names: dict[str, str]) -> None: ...


def bounds(ref: str) -> tuple[str, int, int, int, int]:
    """Sheet, first row, first column, last row, last column of ``'Sheet'!$A$1:$B$2``."""
    m = _REF.match(ref.strip().lstrip("="))
    if not m or not m["sheet"]:
        raise ValueError(f"not a sheet range: {ref!r}")
    sheet = m["sheet"]
    if sheet.startswith("'"):
        sheet = sheet[1:-1].replace("''", "'")
    c1, r1 = column_index_from_string(m["c1"]), int(m["r1"])
    c2, r2 = (column_index_from_string(m["c2"]), int(m["r2"])) if m["c2"] else (c1, r1)
    return sheet, r1, c1, r2, c2


def named(port: BookPort, name: str) -> list[list[Any]]:
    """The values under a defined name; a clear error when the name or its sheet is gone."""
    ref = port.name_ref(name)
    if ref is None:
        raise WorkbookError(port.label, f"the named range {name} is missing: is this a planner workbook?", code="missing_name")
    sheet, r1, c1, r2, c2 = bounds(ref)
    if sheet not in port.sheet_names():
        raise WorkbookError(port.label, f"the named range {name} points to a sheet '{sheet}' that is gone", code="missing_sheet")
    return port.values(sheet, r1, c1, r2, c2)


def rows_until(
    port: BookPort, sheet: str, first_row: int, first_col: int, last_col: int, end: Callable[[list[Any]], bool]
) -> list[list[Any]]:
    """The rows from ``first_row`` down, up to the first one for which ``end`` is true (left
    out) or the sheet's last row: every row of the table, whatever its length."""
    last = port.last_row(sheet)
    rows: list[list[Any]] = []
    for top in range(first_row, last + 1, BLOCK):
        for row in port.values(sheet, top, first_col, min(top + BLOCK - 1, last), last_col):
            if end(row):
                return rows
            rows.append(row)
    return rows


def scalar(value: Any) -> Any:
    """A cell's value as the model takes it: dates without time, whole floats as ints."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value
