"""A1 references: column letters, cells and ranges, on this sheet or another (quoted, escaped).

``openpyxl.utils.cell`` does the letters and the quoting; this module only puts them
together the way the layout writes references.
"""

from __future__ import annotations

from functools import cache

from openpyxl.utils.cell import get_column_letter, quote_sheetname

__all__ = ["area", "col", "ref"]


@cache
def col(n: int) -> str:
    """Column letters of a 1-based column number (1 -> A, 27 -> AA)."""
    return str(get_column_letter(n))


def _on(sheet: str | None, text: str) -> str:
    return f"{quote_sheetname(sheet)}!{text}" if sheet else text


def ref(row: int, column: int, *, absolute: bool = False, sheet: str | None = None) -> str:
    """An A1 reference, optionally absolute and on another sheet."""
    return _on(sheet, f"${col(column)}${row}" if absolute else f"{col(column)}{row}")


def area(first_row: int, first_col: int, last_row: int, last_col: int, *, sheet: str | None = None) -> str:
    """An absolute range reference."""
    return _on(sheet, f"${col(first_col)}${first_row}:${col(last_col)}${last_row}")
