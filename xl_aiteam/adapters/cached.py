"""Formula cells saved with their cached values, as Excel saves them.

openpyxl writes a formula with an empty ``<v>``: a file opened without recalculation (Excel's
Protected View, file previews, mobile viewers, ``pandas.read_excel``) shows blanks. The layout
knows what each formula computes (the model's figures); this module keeps those values per
worksheet and writes them into ``<v>`` beside the formula, typed as Excel types them: a
number, a date as its serial number, text as ``t="str"``, a boolean as ``t="b"``.

It replaces the cell writer that openpyxl's worksheet writer calls (``openpyxl.worksheet.
_writer.write_cell``, openpyxl 3.1, pinned in pyproject.toml) with one that falls back to
openpyxl's own for every cell that has no cached value; a test reads the values back.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import openpyxl.worksheet._writer as _sheet_writer
from openpyxl.cell import _writer as _cell_writer
from openpyxl.utils.datetime import to_excel

__all__ = ["cached_values", "install"]

_ATTRIBUTE = "_aiteam_cached"
_STYLE_IDS = "_aiteam_style_ids"
_MISSING = object()
_openpyxl_write_cell = _cell_writer.write_cell


def cached_values(ws: Any) -> dict[tuple[int, int], Any]:
    """The cached values of a worksheet's formula cells, by (row, column): fill it before saving."""
    install()
    found = getattr(ws, _ATTRIBUTE, None)
    if found is None:
        found = {}
        setattr(ws, _ATTRIBUTE, found)
    return found


def _typed(value: Any, epoch: Any) -> tuple[str | None, str]:
    """The cell type attribute and the text of ``<v>`` for a cached value."""
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, datetime | date):
        return None, repr(float(to_excel(value, epoch)))
    if isinstance(value, int | float):
        return None, repr(float(value)) if isinstance(value, float) else str(value)
    return "str", str(value)


def _style_id(cell: Any) -> str:
    """``cell.style_id`` as text, remembered per workbook by the style's bytes: each further cell of a
    look finds its id without hashing its style array into the workbook's list of styles again."""
    styles = cell.parent.parent._cell_styles
    known: dict[bytes, str] | None = getattr(styles, _STYLE_IDS, None)
    if known is None:
        known = {}
        setattr(styles, _STYLE_IDS, known)
    array = cell._style
    key = array.tobytes() if array is not None else b""
    found = known.get(key)
    if found is None:
        found = known[key] = f"{cell.style_id}"  # the list's own id: it adds a style it has not seen
    return found


def _write_cell(xf: Any, worksheet: Any, cell: Any, styled: bool | None = None) -> None:
    cache = getattr(worksheet, _ATTRIBUTE, None)
    value = cache.get((cell.row, cell.column), _MISSING) if cache and cell.data_type == "f" else _MISSING
    if value is _MISSING or not isinstance(cell._value, str):
        _openpyxl_write_cell(xf, worksheet, cell, styled)
        return
    kind, text = (None, repr(value)) if type(value) is float else _typed(value, worksheet.parent.epoch)
    attributes = {"r": cell.coordinate}
    if styled:
        attributes["s"] = _style_id(cell)
    if kind:
        attributes["t"] = kind
    if cell.hyperlink:
        worksheet._hyperlinks.append(cell.hyperlink)
    with xf.element("c", attributes):
        with xf.element("f"):
            xf.write(cell._value[1:])
        with xf.element("v"):
            xf.write(text)


def install() -> None:
    """Route openpyxl's worksheet writer through the cached-value cell writer (once)."""
    if _sheet_writer.write_cell is not _write_cell:
        _sheet_writer.write_cell = _write_cell
