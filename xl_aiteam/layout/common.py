"""Small pieces several sheets share: titles, source labels, level and employment lists."""

from __future__ import annotations

from ..catalog import FUNCTION_LABELS, Level, load_catalog
from ..guide import source_label  # how a source shows in a cell: "seed 002" (Start lists the files)
from .spec import SheetSpec

__all__ = ["BASE_RATE", "FUNCTION_LABELS", "LEVELS", "fit_rows", "in_reporting", "source_date", "source_label", "title"]

LEVELS = [lvl.value for lvl in Level]
_BASE = "INDEX(LocationRates,1)"  # reporting currency per unit of the base currency: the base location's rate
BASE_RATE = f"IFERROR({_BASE},0)"


def in_reporting(price: str) -> str:
    """A formula's price of the base currency (GPU-hour, TB-month) in the reporting currency, as
    ``locations.price_in_currency`` computes it: ROUND(price x the base location's rate, 2); 0
    where the rate is not a number (Checks flags the Locations table)."""
    return f"IFERROR(ROUND({price}*{_BASE},2),0)"


def title(sheet: SheetSpec, text: str, note: str) -> None:
    """The sheet's title in A1 and what it is for in A2."""
    sheet.put(1, 1, text, "title")
    sheet.put(2, 1, note, "note")
    sheet.heights[1] = 24  # the title's 16-point font needs a taller row


def source_date(key: str) -> str:
    """When a source's figure was read or set: a note's reading date, "undated" for a seed."""
    doc = load_catalog().sources[key]
    if doc.kind == "seed":
        return "undated"
    return f"{'read' if doc.kind == 'note' else 'set'} {doc.date}" if doc.date else ""


def fit_rows(sheet: SheetSpec, line_height: float = 13.5) -> None:
    """Give every row with wrapped text the height its longest cell needs, at its column's width.

    Excel does not grow a row for wrapped text written by a program; without a height the
    lines overlap the next row.
    """
    from .spec import STYLES, Formula

    needed: dict[int, int] = {}
    for (row, column), cell in sheet.cells.items():
        if not STYLES[cell.style].wrap or not isinstance(cell.value, str) or isinstance(cell.value, Formula):
            continue
        chars = max(1.0, sheet.widths.get(column, 8.43) * 1.2 - 1)  # a 10-point font fits about 1.2 characters a width unit
        lines = sum(max(1, -(-len(part) // int(chars))) for part in cell.value.split("\n"))
        needed[row] = max(needed.get(row, 1), lines)
    for row, lines in needed.items():
        if lines > 1:
            sheet.heights[row] = max(sheet.heights.get(row, 0), lines * line_height + 2)
