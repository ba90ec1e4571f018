"""The workbook described once, as plain data, for every adapter to render."""

from .planner import INPUTS, MONTHS, SHEET, STAFFING_COLUMNS, InputSpec, planner_layout
from .spec import Cell, Formula, SheetSpec, WorkbookSpec

__all__ = [
    "INPUTS",
    "MONTHS",
    "SHEET",
    "STAFFING_COLUMNS",
    "Cell",
    "Formula",
    "InputSpec",
    "SheetSpec",
    "WorkbookSpec",
    "planner_layout",
]
