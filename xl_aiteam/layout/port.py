"""What reading and refilling a workbook needs of it, whatever holds it: a file (openpyxl) or Excel (xlwings).

The sheet modules' ``read`` functions and the refill macros are written against
:class:`BookPort`; ``adapters.openpyxl_book.OpenpyxlBook`` and
``adapters.xlwings_book.XlwingsBook`` implement it.

A refill rewrites only the cells the layout generates. Which cells those were is recorded in
the workbook itself, one hidden name per generated sheet (``footprint_names``); from it and the
new layout, :class:`Rewrite` says what to empty and which formats the layout owns, and
:func:`look` says how each written cell looks, the same for both adapters.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Protocol

from openpyxl.utils.cell import column_index_from_string

from ..errors import WorkbookError
from .a1 import area
from .spec import FORMATS, STYLES, Cell, SheetSpec, WorkbookSpec

__all__ = [
    "BLOCK",
    "FOOTPRINT",
    "Area",
    "BookPort",
    "CellAt",
    "Look",
    "Rewrite",
    "bounds",
    "cells_in",
    "footprint",
    "footprint_name",
    "footprint_names",
    "look",
    "named",
    "outside",
    "rectangles",
    "rows_until",
    "scalar",
    "sqref_areas",
    "style_look",
]

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

    def contents(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        """Like ``values``, but a formula cell gives its formula (``"=..."``), not its result."""
        ...

    def last_row(self, sheet: str) -> int: ...

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec, rewrite: Rewrite) -> None:
        """Write the layout's cells of ``sheet`` and what ``rewrite`` says; nothing else on the sheet."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """Around every write of a refill: Excel stops redrawing and recalculating, and starts again
        after, also when the refill fails."""
        ...

    def keep_cached(self, sheet: SheetSpec) -> None:
        """Give a sheet the refill does not rewrite the cached values of its formulas, where a cell
        still holds the layout's formula (a spreadsheet application recomputes them anyway)."""
        ...

    def set_names(self, names: dict[str, str]) -> None: ...

    def add_sheet(self, title: str, index: int) -> None:
        """Add an empty sheet at ``index`` among the sheets (0: first)."""
        ...


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
    port: BookPort, sheet: str, first_row: int, first_col: int, last_col: int, end: Callable[[list[Any]], bool], contents: bool = False
) -> list[list[Any]]:
    """The rows from ``first_row`` down, up to the first one for which ``end`` is true (left
    out) or the sheet's last row: every row of the table, whatever its length. ``contents``:
    formula cells give their formula, not their value."""
    last = port.last_row(sheet)
    rows: list[list[Any]] = []
    read = port.contents if contents else port.values
    for top in range(first_row, last + 1, BLOCK):
        for row in read(sheet, top, first_col, min(top + BLOCK - 1, last), last_col):
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


# --- what a refill needs: the cells a layout writes, and how each cell looks -----------------

Area = tuple[int, int, int, int]  # first row, first column, last row, last column
CellAt = tuple[int, int]  # row, column

FOOTPRINT = "AITeamCells_"  # + the sheet title: the hidden name over the cells the layout wrote there
_AREA = re.compile(r"^\$?(?P<c1>[A-Z]{1,3})\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]{1,3})\$?(?P<r2>\d+))?$")


def rectangles(cells: Iterable[CellAt]) -> list[Area]:
    """The fewest-ish rectangles that cover exactly ``cells``: runs of columns per row, merged down
    while the next row has the same run. Sorted by first row, then first column."""
    by_row: dict[int, list[int]] = {}
    for row, column in cells:
        by_row.setdefault(row, []).append(column)
    done: list[Area] = []
    open_: dict[tuple[int, int], int] = {}  # column run -> first row of the rectangle still growing
    last = 0
    for row in sorted(by_row):
        columns = sorted(set(by_row[row]))
        runs: list[tuple[int, int]] = []
        for column in columns:
            if runs and column == runs[-1][1] + 1:
                runs[-1] = (runs[-1][0], column)
            else:
                runs.append((column, column))
        growing = {}
        for run in runs:
            growing[run] = open_.pop(run) if run in open_ and last == row - 1 else row
        done += [(first, run[0], last, run[1]) for run, first in open_.items()]
        open_, last = growing, row
    done += [(first, run[0], last, run[1]) for run, first in open_.items()]
    return sorted(done)


def cells_in(areas: Iterable[Area]) -> set[CellAt]:
    return {(r, c) for r1, c1, r2, c2 in areas for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)}


def sqref_areas(sqref: str) -> list[Area]:
    """The rectangles of a space-separated range list such as ``"B5:B15 D5"``."""
    out = []
    for part in sqref.replace(",", " ").split():
        m = _AREA.match(part.split("!")[-1])
        if not m:
            raise ValueError(f"not a range: {part!r}")
        c1, r1 = column_index_from_string(m["c1"]), int(m["r1"])
        c2, r2 = (column_index_from_string(m["c2"]), int(m["r2"])) if m["c2"] else (c1, r1)
        out.append((min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))
    return out


def footprint_name(sheet: str) -> str:
    """The workbook name that records which cells of ``sheet`` the layout wrote."""
    return FOOTPRINT + re.sub(r"[^A-Za-z0-9]", "_", sheet)


def footprint_names(sheets: Iterable[SheetSpec], written: dict[str, list[Area]] | None = None) -> dict[str, str]:
    """A name per generated sheet over the cells its layout writes (a union of ranges): the next
    refill reads it to know which cells are the layout's and which a user filled. ``written``:
    those ranges per sheet title where already known (a refill's ``Rewrite.written``)."""
    known = written or {}
    return {
        footprint_name(s.name): ",".join(area(r1, c1, r2, c2, sheet=s.name) for r1, c1, r2, c2 in known.get(s.name) or rectangles(s.cells))
        for s in sheets
    }


def footprint(port: BookPort, sheet: str) -> set[CellAt] | None:
    """The cells of ``sheet`` the last build or refill wrote, as the workbook records them; None when
    it does not (an older workbook, a name deleted or broken by deleted rows)."""
    ref = port.name_ref(footprint_name(sheet))
    if not ref:
        return None
    cells: set[CellAt] = set()
    for part in _split_union(ref.strip().lstrip("=")):
        try:
            where, r1, c1, r2, c2 = bounds(part)
        except ValueError:
            return None
        if where != sheet:
            return None
        cells |= cells_in([(r1, c1, r2, c2)])
    return cells


def _split_union(ref: str) -> list[str]:
    """``'A,B'!$A$1,'A,B'!$B$2`` -> the two references (commas inside quotes are part of a name)."""
    parts, current, quoted = [], "", False
    for ch in ref:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def subtract(keep: Area, cut: Area) -> list[Area]:
    """``keep`` less ``cut``: up to four rectangles (above, below, left, right of the overlap)."""
    r1, c1, r2, c2 = keep
    s1, d1, s2, d2 = cut
    if s1 > r2 or s2 < r1 or d1 > c2 or d2 < c1:
        return [keep]
    out = []
    if r1 < s1:
        out.append((r1, c1, s1 - 1, c2))
    if s2 < r2:
        out.append((s2 + 1, c1, r2, c2))
    top, bottom = max(r1, s1), min(r2, s2)
    if c1 < d1:
        out.append((top, c1, bottom, d1 - 1))
    if d2 < c2:
        out.append((top, d2 + 1, bottom, c2))
    return out


def outside(areas: Iterable[Area], cuts: Iterable[Area]) -> list[Area]:
    """The parts of ``areas`` outside every rectangle of ``cuts``."""
    pieces = list(areas)
    for cut in cuts:
        pieces = [piece for whole in pieces for piece in subtract(whole, cut)]
    return pieces


def layout_areas(sheet: SheetSpec) -> list[Area]:
    """Every cell the layout formats without writing it: its validations, conditional formats and tables."""
    refs = [v.sqref for v in sheet.validations] + [cf.sqref for cf in sheet.cond_formats] + [t.ref for t in sheet.tables]
    return [a for ref in refs for a in sqref_areas(ref)]


@dataclass(frozen=True)
class Rewrite:
    """What refilling one generated sheet changes, given the cells the previous layout wrote.

    ``written``: the cells the new layout writes (values and formats), as rectangles.
    ``vacated``: cells the previous layout wrote and the new one does not: emptied, value and format.
    ``claimed``: every cell the layout owns after the refill (``written``, ``vacated`` and the ranges
    of its validations, conditional formats and tables): validations and conditional formats a user
    put there are taken off those cells; elsewhere they stay.
    ``rows_vacated``: rows the previous layout wrote in and the new one does not: their height is reset.
    Every other cell, format, comment and rule on the sheet is left as it is.
    """

    written: list[Area]
    vacated: list[Area]
    claimed: list[Area]
    rows_vacated: list[int]

    @staticmethod
    def of(sheet: SheetSpec, before: set[CellAt] | None = None) -> Rewrite:
        new = set(sheet.cells)
        old = before or set()
        gone = old - new
        owned = old | new | cells_in(layout_areas(sheet))
        rows_before = {r for r, _ in old} - {r for r, _ in new}
        return Rewrite(rectangles(new), rectangles(gone), rectangles(owned), sorted(rows_before))


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
    underline: bool
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
        underline=st.underline,
        color=st.font_color,
        fill=st.fill,
        wrap=st.wrap,
        horizontal=st.align or ("left" if st.indent else None),
        vertical="top",  # every cell sits at the top of its row, so a row made tall for wrapped text reads as one line
        indent=st.indent,
        border_bottom=BORDER if st.border_bottom else None,
        number_format=FORMATS[fmt] if fmt else FORMATS["date"] if dated else "General",
    )
