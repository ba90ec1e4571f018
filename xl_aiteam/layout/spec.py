"""The workbook described as plain data: sheets of cells, names, validations, tables, charts.

Nothing here knows openpyxl or xlwings. The sheet modules (``layout.sheets``) fill these
structures from the model; ``adapters.openpyxl_book`` renders them headlessly, and the
live-Excel adapter renders the same structures through xlwings, so the two cannot drift.

A formula cell also carries ``cached``: the value the formula computes, from the model. The
headless adapter writes it beside the formula, so a file opened without recalculation (Excel's
Protected View, previews, ``pandas.read_excel``) shows the figures, not blanks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

__all__ = [
    "FAIL",
    "FORMATS",
    "NOTE",
    "NOT_CACHED",
    "PASS",
    "STYLES",
    "Cell",
    "Chart",
    "CondFormat",
    "Formula",
    "SheetSpec",
    "Style",
    "TableSpec",
    "Validation",
    "WorkbookSpec",
]


class Formula(str):
    """A cell formula (starts with ``=``). Plain ``str`` values are always written as text."""

    __slots__ = ()


Value = str | float | int | date | Formula | None


@dataclass(frozen=True)
class Style:
    """How a kind of cell looks, by the modelling standard's colour key."""

    font_color: str = "000000"
    fill: str | None = None
    bold: bool = False
    italic: bool = False
    underline: bool = False
    size: float = 10
    wrap: bool = False
    border_bottom: bool = False
    align: Literal["left", "center", "right"] | None = None
    indent: int = 0  # a unit beside a number reads "24   months", not "24months"


STYLES: dict[str, Style] = {
    "title": Style(bold=True, size=16, font_color="1F3864"),
    "subtitle": Style(bold=True, size=12, font_color="1F3864"),
    "section": Style(bold=True, size=11, fill="D9E1F2", font_color="1F3864"),
    "header": Style(bold=True, fill="D9D9D9", border_bottom=True, wrap=True),
    "label": Style(),
    "note": Style(italic=True, font_color="595959", wrap=False),
    "unit": Style(italic=True, font_color="595959", indent=1),  # the unit or source beside an input
    "wrap": Style(wrap=True),
    "input": Style(font_color="0000FF", fill="FFF2CC"),  # inputs: blue on a light fill
    "input_text": Style(font_color="0000FF", fill="FFF2CC", indent=1),  # text input right of a number: set apart from it
    "calc": Style(),  # formulas: black
    "link": Style(font_color="008000"),  # links from other sheets: green
    "check": Style(bold=True),  # check results: coloured by conditional formats, green when they pass, red when they fail
    "constant": Style(font_color="404040", fill="EDEDED"),  # fixed conventions, not inputs
    "constant_text": Style(font_color="404040", fill="EDEDED", indent=1),
    "text": Style(indent=1),  # text right of a number
    "total": Style(bold=True, border_bottom=True),
    "row_label": Style(align="right"),  # a totals row's name, beside its numbers
    "total_label": Style(bold=True, border_bottom=True, align="right"),  # ... and the grand total's
    "timeline": Style(bold=True, fill="F2F2F2", align="right"),
    "hyperlink": Style(font_color="0563C1", underline=True),  # a link to a block of a guide sheet: click to go there
    "strong": Style(bold=True, wrap=True),  # the name of a role, team type or stage at the head of its block
}

# Number formats by unit. None ends in a bare decimal point: Excel prints "#,##0.##" as "160.".
FORMATS = {
    "money": '#,##0;-#,##0;"-"',  # whole currency units; a zero shows as a dash, as finance sheets show it
    "cents": "#,##0.00",
    "rate": "#,##0.00",
    "percent": "0.0%",
    "share": "0%",  # a share a seed gives in whole percent
    "date": "yyyy-mm-dd",
    "datetime": "yyyy-mm-dd hh:mm",
    "month": "mmm yyyy",
    "int": "0",
    "whole": "#,##0",  # hours, thresholds
    "tb": "#,##0.0",  # terabytes
    "multiple": '0.00"x"',  # the loaded-cost multiplier
    "fte": "0.0#",
    "index": "0.0000",  # the pay index
    "small": "0.000000",
    "text": "@",
    "big": "0.00E+00",  # parameters, tokens, FLOPs
    "hours": "#,##0.0",  # GPU-hours computed from FLOPs
}


class _NotCached:
    """No cached value: the formula's result is left to the spreadsheet."""

    def __repr__(self) -> str:
        return "NOT_CACHED"


NOT_CACHED: Any = _NotCached()


@dataclass(slots=True)
class Cell:
    value: Value
    style: str = "calc"
    fmt: str | None = None  # a key of FORMATS
    cached: Any = NOT_CACHED  # for a formula: the value it computes (str, float, int or date)


@dataclass(frozen=True)
class Validation:
    """Data validation on a range: a list (``source`` is a name or a quoted list), a number or date
    range (``operator`` with ``low`` and, for "between", ``high``), or a custom ``formula``.

    Built from the model's rules by ``layout.rules``, never typed in by a sheet."""

    sqref: str
    kind: Literal["list", "whole", "decimal", "date", "custom"]
    source: str | None = None
    low: float | str | None = None
    high: float | str | None = None
    operator: str = "between"
    formula: str | None = None  # for "custom": relative to the top-left cell of sqref, no leading "="
    error: str = ""
    prompt: str = ""  # shown when the cell is selected: what is allowed


PASS = ("C6EFCE", "006100")  # fill and font of a check that passes
FAIL = ("FFC7CE", "9C0006")  # ... that needs a look
NOTE = ("FFEB9C", "9C5700")  # ... that only notes something


@dataclass(frozen=True)
class CondFormat:
    """Fill cells of ``sqref`` whose value equals ``equals`` (text or number; Excel compares text case-blind),
    or, with ``formula``, where that formula (relative to the first cell of ``sqref``, no "=") is true."""

    sqref: str
    equals: str | float
    fill: str
    font_color: str = "000000"
    formula: str | None = None


@dataclass(frozen=True)
class TableSpec:
    name: str
    ref: str
    style: str = "TableStyleLight9"
    # header -> the formula of its first row: Excel fills it into rows a user adds to the table
    calculated: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Chart:
    """A chart on ``anchor`` from series rows of a sheet (one row per series)."""

    kind: Literal["line", "column", "stacked_column"]
    title: str
    anchor: str
    data_sheet: str
    label_row: int  # row with the category labels (dates)
    first_col: int
    last_col: int
    series_rows: tuple[int, ...]
    name_col: int  # column holding each series' name
    y_title: str = ""
    width_cm: float = 24
    height_cm: float = 9
    colors: tuple[str, ...] = ()  # one per series, so no two series look alike
    # the category labels as a column of cells (sheet, column, first row) instead of ``label_row``: a
    # block that follows the horizon live (``layout.horizon.chart_months``)
    labels_down: tuple[str, int, int] | None = None


@dataclass
class SheetSpec:
    name: str
    cells: dict[tuple[int, int], Cell] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    heights: dict[int, float] = field(default_factory=dict)
    freeze: str | None = None
    print_area: str | None = None
    print_title_rows: str | None = None  # "4:11": repeated at the top of every printed page
    print_title_cols: str | None = None  # "A:H": repeated at the left
    pages_wide: int = 1
    landscape: bool = True
    row_breaks: list[int] = field(default_factory=list)  # a printed page starts at each of these rows
    validations: list[Validation] = field(default_factory=list)
    cond_formats: list[CondFormat] = field(default_factory=list)
    tables: list[TableSpec] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    tab_color: str | None = None
    zoom: int = 100

    def put(self, row: int, column: int, value: Value, style: str = "calc", fmt: str | None = None, cached: Any = NOT_CACHED) -> None:
        self.cells[(row, column)] = Cell(value, style, fmt, cached)

    @property
    def max_row(self) -> int:
        return max((r for r, _ in self.cells), default=1)

    @property
    def max_col(self) -> int:
        return max((c for _, c in self.cells), default=1)


@dataclass
class WorkbookSpec:
    sheets: list[SheetSpec]
    names: dict[str, str]  # workbook-level defined names: name -> "'Sheet'!$A$1:$A$9"
    active: str = ""

    def sheet(self, name: str) -> SheetSpec:
        return next(s for s in self.sheets if s.name == name)
