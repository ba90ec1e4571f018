"""What reading a workbook needs of it, whatever holds it: a file (openpyxl) or Excel (xlwings).

The sheet modules' ``read`` functions and the refill macros are written against
:class:`BookPort`; ``adapters.openpyxl_book.OpenpyxlBook`` and
``adapters.xlwings_book.XlwingsBook`` implement it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

from openpyxl.utils.cell import column_index_from_string

from ..errors import WorkbookError
from .spec import FORMATS, STYLES, Cell, SheetSpec, WorkbookSpec

__all__ = ["MAX_ROWS", "BookPort", "Look", "bounds", "look", "named", "scalar", "style_look"]

MAX_ROWS = 2000  # rows a reader looks at below a table's header
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


def scalar(value: Any) -> Any:
    """A cell's value as the model takes it: dates without time, whole floats as ints."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


# --- how a cell looks, once for both adapters ---------------------------------------------------

FONT = "Calibri"
BORDER = "808080"  # the thin line under a header or a total


@dataclass(frozen=True)
class Look:
    """Everything an adapter sets on a cell the layout writes (colours as RRGGBB)."""

    font: str
    size: float
    bold: bool
    italic: bool
    color: str
    fill: str | None  # a solid fill, or none
    wrap: bool
    horizontal: str | None  # None: Excel's "general" alignment
    vertical: str
    indent: int
    border_bottom: str | None  # the colour of a thin bottom border, or none
    number_format: str  # "General" when the layout sets none


def look(cell: Cell) -> Look:
    """How the layout's ``cell`` looks: its style, its number format (a date without one shows as a date)."""
    return style_look(cell.style, cell.fmt, isinstance(cell.value, date))


@cache
def style_look(style: str, fmt: str | None = None, dated: bool = False) -> Look:
    st = STYLES[style]
    return Look(
        font=FONT,
        size=st.size,
        bold=st.bold,
        italic=st.italic,
        color=st.font_color,
        fill=st.fill,
        wrap=st.wrap,
        horizontal=st.align or ("left" if st.indent else None),
        vertical="top",  # every cell sits at the top of its row, so a row made tall for wrapped text reads as one line
        indent=st.indent,
        border_bottom=BORDER if st.border_bottom else None,
        number_format=FORMATS[fmt] if fmt else FORMATS["date"] if dated else "General",
    )
