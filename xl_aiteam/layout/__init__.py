"""The workbook described once, as plain data, for every adapter to render."""

from .planner import GENERATED, INPUTS, MONTHS, SHEET, STAFFING_COLUMNS, InputSpec, planner_layout
from .spec import Cell, Formula, SheetSpec, WorkbookSpec

__all__ = [
    "GENERATED",
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
