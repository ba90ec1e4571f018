"""Render a :class:`WorkbookSpec` with openpyxl (headless), and read inputs back from a file.

``render`` writes every cell, style, name, validation, table and chart of the layout. With
``base`` (the xlwings quickstart ``.xlsm``) it keeps that file's VBA project byte for byte:
its two sheets are reused (they carry the VBA document modules), the first as Start, the
second as the ``xlwings.conf`` sheet.

``OpenpyxlBook.write_sheet`` (a refill, ``aiteam fill``) rewrites only the layout's cells of a
sheet and empties those the previous layout wrote and the new one does not
(:class:`~xl_aiteam.layout.port.Rewrite`): every other cell, comment, format, validation,
conditional format, table and chart on the sheet stays as it is.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from copy import copy
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.formatting.formatting import ConditionalFormatting, ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation, DataValidationList
from openpyxl.worksheet.dimensions import ColumnDimension
from openpyxl.worksheet.pagebreak import Break, RowBreak
from openpyxl.worksheet.table import Table, TableFormula, TableStyleInfo
from openpyxl.worksheet.views import Selection
from openpyxl.worksheet.worksheet import Worksheet

from ..layout.port import FOOTPRINT, Area, Look, Rewrite, footprint_names, outside, sqref_areas, style_look
from ..layout.spec import NOT_CACHED, Cell, Chart, Formula, SheetSpec, Validation, WorkbookSpec
from .cached import cached_values

__all__ = ["XLWINGS_CONF_SHEET", "OpenpyxlBook", "render"]

XLWINGS_CONF_SHEET = "xlwings.conf"


class _Styles:
    """openpyxl style objects, made once per look; and, per workbook, the style ids a look resolves
    to, so each further cell copies them instead of looking every font and fill up again (the slow
    part of writing a styled sheet)."""

    def __init__(self) -> None:
        self.cache: dict[Look, tuple[Font, PatternFill | None, Alignment, Border | None]] = {}
        self.arrays: dict[tuple[int, str, str | None, bool], Any] = {}

    def apply(self, cell: Any, spec: Cell) -> None:
        dated = isinstance(spec.value, date)
        key = (id(cell.parent.parent), spec.style, spec.fmt, dated)
        known = self.arrays.get(key)
        if known is not None:
            cell._style = StyleArray(known)  # each cell owns its array: a later change to one cell stays in that cell
            return
        lk = style_look(spec.style, spec.fmt, dated)
        font, fill, align, border = self.get(lk)
        cell._style = StyleArray()  # the layout's look replaces whatever the cell had
        cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.alignment = align
        if border is not None:
            cell.border = border
        cell.number_format = lk.number_format
        self.arrays[key] = copy(cell._style)

    def get(self, lk: Look) -> tuple[Font, PatternFill | None, Alignment, Border | None]:
        if lk not in self.cache:
            underline = "single" if lk.underline else None
            font = Font(name=lk.font, size=lk.size, bold=lk.bold, italic=lk.italic, underline=underline, color=lk.color)
            fill = PatternFill("solid", fgColor=lk.fill) if lk.fill else None
            # None, not False, for unset attributes: a saved and reloaded alignment must compare equal
            align = Alignment(wrap_text=lk.wrap or None, vertical=lk.vertical, horizontal=lk.horizontal, indent=lk.indent)
            border = Border(bottom=Side(style="thin", color=lk.border_bottom)) if lk.border_bottom else None
            self.cache[lk] = (font, fill, align, border)
        return self.cache[lk]


def _write_cells(ws: Worksheet, sheet: SheetSpec, styles: _Styles) -> None:
    cached = cached_values(ws)
    cells = ws._cells
    for (row, column), spec in sheet.cells.items():
        cell = cells.get((row, column))
        if cell is None:  # a new cell, made and added as ``ws.cell`` would, without its checks per cell
            cell = cells[(row, column)] = OpenpyxlCell(ws, row=row, column=column)
        value: Any = spec.value
        if isinstance(value, Formula):
            # the layout's own formula text: set as openpyxl's value setter would, without its
            # per-character scan for control characters, which formula text never holds
            cell._value = str(value)
            cell.data_type = "f"
        elif isinstance(value, str):
            cell.value = value
            cell.data_type = "s"  # text a user typed is never read as a formula
        else:
            cell.value = value
        if isinstance(value, Formula) and spec.cached is not NOT_CACHED:
            cached[(row, column)] = spec.cached
        else:
            cached.pop((row, column), None)
        styles.apply(cell, spec)
    if sheet.cells:
        ws._current_row = max(ws._current_row, max(r for r, _ in sheet.cells))


def _validation(v: Validation) -> DataValidation:
    if v.kind == "list":
        dv = DataValidation(type="list", formula1=v.source, allow_blank=True)
    elif v.kind == "custom":
        dv = DataValidation(type="custom", formula1=v.formula, allow_blank=False)
    elif v.kind == "date":
        low, high = (date.fromisoformat(str(x)) for x in (v.low, v.high))
        dv = DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({low.year},{low.month},{low.day})",
            formula2=f"DATE({high.year},{high.month},{high.day})",
            allow_blank=False,
        )
    else:
        two = v.operator in ("between", "notBetween")
        dv = DataValidation(
            type=v.kind,
            operator=v.operator,
            formula1=_number(v.low),
            formula2=_number(v.high) if two else None,
            allow_blank=False,
        )
    dv.error = v.error or None
    dv.errorTitle = "Not allowed" if v.error else None
    dv.showErrorMessage = True
    if v.prompt:
        dv.prompt = v.prompt
        dv.showInputMessage = True
    dv.add(v.sqref)
    return dv


def _number(value: float | str | None) -> str:
    if value is None:
        return "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _chart(wb: Workbook, ws: Worksheet, chart: Chart) -> None:
    data_ws = wb[chart.data_sheet]
    made: LineChart | BarChart
    if chart.kind == "line":
        made = LineChart()
    else:
        made = BarChart()
        made.type = "col"
        if chart.kind == "stacked_column":
            made.grouping = "stacked"
            made.overlap = 100
    made.title = chart.title
    made.y_axis.title = chart.y_title
    made.y_axis.numFmt = "#,##0"
    made.x_axis.number_format = "mmm yy"
    made.x_axis.majorTimeUnit = "months"
    made.width, made.height = chart.width_cm, chart.height_cm
    made.legend.position = "b"
    for i, row in enumerate(chart.series_rows):
        values = Reference(data_ws, min_col=chart.first_col, max_col=chart.last_col, min_row=row, max_row=row)
        title = data_ws.cell(row=row, column=chart.name_col).value
        series = Series(values, title=str(title))
        if chart.kind == "line":
            series.smooth = False
            series.marker.symbol = "none"
        if i < len(chart.colors):
            if chart.kind == "line":
                series.graphicalProperties.line.solidFill = chart.colors[i]
                series.graphicalProperties.line.width = 28575  # 2.25 pt
            else:
                series.graphicalProperties.solidFill = chart.colors[i]
                series.graphicalProperties.line.solidFill = chart.colors[i]
        made.series.append(series)
    if chart.labels_down is not None:  # one label a row, as many rows as the series have values
        sheet, column, first = chart.labels_down
        last = first + chart.last_col - chart.first_col
        made.set_categories(Reference(wb[sheet], min_col=column, max_col=column, min_row=first, max_row=last))
    else:
        made.set_categories(
            Reference(data_ws, min_col=chart.first_col, max_col=chart.last_col, min_row=chart.label_row, max_row=chart.label_row)
        )
    # charts read as data with their own axes: keep both axes visible in every renderer
    made.x_axis.delete = False
    made.y_axis.delete = False
    ws.add_chart(made, chart.anchor)


def _format_sheet(ws: Worksheet, sheet: SheetSpec, styles: _Styles) -> None:
    """Everything of a new sheet: cells, dimensions, view, rules, tables and page setup."""
    ws.sheet_view.selection = [Selection(activeCell="A1", sqref="A1")]
    _write_cells(ws, sheet, styles)
    _dimensions(ws, sheet)
    if sheet.tab_color:
        ws.sheet_properties.tabColor = sheet.tab_color
    ws.sheet_view.zoomScale = sheet.zoom
    ws.sheet_view.showGridLines = False
    _add_rules(ws, sheet)
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    _print_range(ws, sheet)
    if sheet.print_title_rows:
        ws.print_title_rows = sheet.print_title_rows
    if sheet.print_title_cols:
        ws.print_title_cols = sheet.print_title_cols
    ws.print_options.gridLines = False
    ws.oddFooter.center.text = "&A - page &P of &N"


def _dimensions(ws: Worksheet, sheet: SheetSpec) -> None:
    for column, width in sheet.widths.items():
        _column(ws, column).width = width
    for row, height in sheet.heights.items():
        ws.row_dimensions[row].height = height
    if sheet.freeze and ws.freeze_panes != sheet.freeze:  # set again, openpyxl would add its selections again
        ws.freeze_panes = sheet.freeze


def _column(ws: Worksheet, column: int) -> ColumnDimension:
    """The dimension of one column, split out of a group of columns a spreadsheet application saved
    together (``<col min="9" max="68">``), so that setting it changes that column only."""
    dims = ws.column_dimensions
    for key, dim in list(dims.items()):
        first, last = dim.min or 0, dim.max or 0
        if first < last and first <= column <= last:
            del dims[key]
            for lo, hi in ((first, column - 1), (column, column), (column + 1, last)):
                if lo <= hi:
                    part = copy(dim)
                    part.index, part.min, part.max = get_column_letter(lo), lo, hi
                    dims[part.index] = part
            break
    found = dims[get_column_letter(column)]
    found.min = found.max = column
    return found


def _add_rules(ws: Worksheet, sheet: SheetSpec) -> None:
    """The sheet's validations, conditional formats and tables."""
    for v in sheet.validations:
        ws.add_data_validation(_validation(v))
    for cf in sheet.cond_formats:
        value = f'"{cf.equals}"' if isinstance(cf.equals, str) else str(cf.equals)
        if cf.formula is not None:  # an expression rule
            fill, font = PatternFill("solid", fgColor=cf.fill, bgColor=cf.fill), Font(color=cf.font_color)
            ws.conditional_formatting.add(cf.sqref, FormulaRule(formula=[cf.formula], fill=fill, font=font))
            continue
        rule = CellIsRule(
            operator="equal",
            formula=[value],
            fill=PatternFill("solid", fgColor=cf.fill, bgColor=cf.fill),
            font=Font(color=cf.font_color),
        )
        ws.conditional_formatting.add(cf.sqref, rule)
    for t in sheet.tables:
        table = Table(displayName=t.name, ref=t.ref)
        table.tableStyleInfo = TableStyleInfo(name=t.style, showRowStripes=True)
        if t.calculated:  # name the columns as their headers, and say which are calculated
            table._initialise_columns()
            first_col, header_row, _, _ = range_boundaries(t.ref)
            for i, column in enumerate(table.tableColumns):
                column.name = str(ws.cell(header_row, first_col + i).value)
                if column.name in t.calculated:
                    column.calculatedColumnFormula = TableFormula(attr_text=t.calculated[column.name][1:])
        ws.add_table(table)


def _print_range(ws: Worksheet, sheet: SheetSpec) -> None:
    """What a plan changes of the page setup: the print area and the pages it is fitted to."""
    if sheet.print_area:
        ws.print_area = sheet.print_area
    ws.page_setup.fitToWidth = sheet.pages_wide
    if sheet.row_breaks:  # the layout's page breaks (a sheet that has them is all the layout's)
        ws.row_breaks = RowBreak()
        for row in sheet.row_breaks:
            ws.row_breaks.append(Break(id=row - 1))  # openpyxl's break id is the last row of the page before


def _rewrite(wb: Workbook, ws: Worksheet, sheet: SheetSpec, rw: Rewrite, styles: _Styles) -> None:
    """Refill one sheet: the layout's cells and rules, nothing else (see :class:`Rewrite`)."""
    for merged in list(ws.merged_cells.ranges):
        if outside([(merged.min_row, merged.min_col, merged.max_row, merged.max_col)], rw.written) != [
            (merged.min_row, merged.min_col, merged.max_row, merged.max_col)
        ]:
            ws.unmerge_cells(merged.coord)  # the layout writes into it: the cells come apart, the anchor's value stays
    _vacate(ws, rw.vacated)
    _write_cells(ws, sheet, styles)
    for row in rw.rows_vacated:
        if row in ws.row_dimensions:
            ws.row_dimensions[row].height = None
    _dimensions(ws, sheet)
    kept = DataValidationList()
    for dv in ws.data_validations.dataValidation:
        rest = outside(_areas(dv.sqref), rw.claimed)
        if rest:
            dv.sqref = _multi(rest)
            kept.append(dv)
    ws.data_validations = kept
    rules = ConditionalFormattingList()
    for cf in ws.conditional_formatting:
        rest = outside(_areas(cf.sqref), rw.claimed)
        for rule in cf.rules if rest else []:
            rules.add(ConditionalFormatting(sqref=_multi(rest)), rule)
    ws.conditional_formatting = rules
    ours = [sqref_areas(t.ref)[0] for t in sheet.tables]
    for name, ref in list(ws.tables.items()):
        if name in {t.name for t in sheet.tables} or outside(sqref_areas(ref), ours) != sqref_areas(ref):
            del ws.tables[name]
    _add_rules(ws, sheet)
    for i, rule in enumerate(rule for cf in ws.conditional_formatting for rule in cf.rules):
        rule.priority = i + 1
    anchors = {coordinate_to_tuple(chart.anchor) for chart in sheet.charts}
    ws._charts = [chart for chart in ws._charts if _anchor(chart) not in anchors]
    for chart in sheet.charts:
        _chart(wb, ws, chart)
    _print_range(ws, sheet)


def _vacate(ws: Worksheet, areas: list[Area]) -> None:
    """Empty cells the previous layout wrote: value, format and cached value; a comment stays."""
    cached = cached_values(ws)
    for r1, c1, r2, c2 in areas:
        for row in range(r1, r2 + 1):
            for column in range(c1, c2 + 1):
                cached.pop((row, column), None)
                cell = ws._cells.get((row, column))
                if cell is None or isinstance(cell, MergedCell):
                    continue
                if cell.comment is None and cell.hyperlink is None:
                    del ws._cells[(row, column)]
                else:
                    cell.value = None
                    cell._style = StyleArray()


def _areas(sqref: MultiCellRange) -> list[Area]:
    return [(r.min_row, r.min_col, r.max_row, r.max_col) for r in sqref.ranges]


def _multi(areas: list[Area]) -> MultiCellRange:
    return MultiCellRange([CellRange(min_row=r1, min_col=c1, max_row=r2, max_col=c2) for r1, c1, r2, c2 in areas])


def _anchor(chart: Any) -> tuple[int, int]:
    """The top-left cell a chart sits on, as (row, column), whether made here or read from a file."""
    if isinstance(chart.anchor, str):
        return coordinate_to_tuple(chart.anchor)
    return chart.anchor._from.row + 1, chart.anchor._from.col + 1


def _set_names(wb: Workbook, names: dict[str, str]) -> None:
    for name, target in names.items():
        if name in wb.defined_names:
            del wb.defined_names[name]
        wb.defined_names[name] = DefinedName(name, attr_text=target, hidden=name.startswith(FOOTPRINT) or None)


def render(
    spec: WorkbookSpec, base: Path | None = None, xlwings_conf: dict[str, str] | None = None, made: datetime | None = None
) -> Workbook:
    """An openpyxl Workbook of ``spec`` (on top of ``base``, keeping its VBA, when given).

    ``made`` stamps the file as created and modified then (the time of the build when not given).
    """
    styles = _Styles()
    if base is not None:
        wb = load_workbook(base, keep_vba=True)
        first, conf = wb.worksheets[0], wb.worksheets[1]
        first.title = spec.sheets[0].name
        conf.title = XLWINGS_CONF_SHEET
        _write_xlwings_conf(conf, xlwings_conf or {}, styles)
        sheets = [first] + [wb.create_sheet(s.name) for s in spec.sheets[1:]]
        wb.move_sheet(conf, offset=len(wb.sheetnames) - 1 - wb.sheetnames.index(XLWINGS_CONF_SHEET))
    else:
        wb = Workbook()
        first = wb.active
        first.title = spec.sheets[0].name
        sheets = [first] + [wb.create_sheet(s.name) for s in spec.sheets[1:]]
    for ws, sheet in zip(sheets, spec.sheets, strict=True):
        _format_sheet(ws, sheet, styles)
    for ws, sheet in zip(sheets, spec.sheets, strict=True):
        for chart in sheet.charts:
            _chart(wb, ws, chart)
    _set_names(wb, {**spec.names, **footprint_names(s for s in spec.sheets if s.name in _generated())})
    wb.active = wb.sheetnames.index(spec.active or spec.sheets[0].name)
    for ws in wb.worksheets:
        ws.sheet_view.tabSelected = ws.title == (spec.active or spec.sheets[0].name)
    stamp = (made or datetime.now(UTC)).replace(tzinfo=None, microsecond=0)
    wb.properties.creator = "AI Team Planner"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    wb.properties.lastModifiedBy = "AI Team Planner"
    return wb


def _generated() -> set[str]:
    """The titles of the sheets a refill rewrites."""
    from ..layout import SHEETS

    return {entry.title for entry in SHEETS if entry.refilled}


def _write_xlwings_conf(ws: Worksheet, conf: dict[str, str], styles: _Styles) -> None:
    """Settings for the xlwings add-in: keys from A1 down, values in B; nothing left blank."""
    ws.delete_rows(1, ws.max_row)
    row = 1
    for key, value in conf.items():
        ws.cell(row=row, column=1, value=key)
        ws.cell(row=row, column=2, value=value).data_type = "s"
        row += 1
    notes = [
        "Settings read by the xlwings add-in: keys in column A from A1 down to the first blank row, values in column B.",
        "UDF Modules names the Python module whose functions (AITEAM_HEADCOUNT, ML_COST...) Import Functions brings in.",
        "Only keys with a value are listed: a key left blank here would override your own add-in settings.",
    ]
    for i, text in enumerate(notes):
        cell = ws.cell(row=row + 1 + i, column=1, value=text)
        cell.font = styles.get(style_look("note"))[0]
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 30


class OpenpyxlBook:
    """The macros' book interface over a workbook file, headless (``aiteam fill FILE``)."""

    def __init__(self, wb: Workbook, label: str) -> None:
        self.wb = wb
        self.label = label
        self.styles = _Styles()

    def sheet_names(self) -> list[str]:
        return list(self.wb.sheetnames)

    def name_ref(self, name: str) -> str | None:
        found = self.wb.defined_names.get(name)
        return None if found is None else str(found.attr_text)

    def values(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        cells = self.wb[sheet]._cells  # read without creating: iter_rows would add an empty cell wherever it looks
        return [[getattr(cells.get((r, c)), "value", None) for c in range(first_col, last_col + 1)] for r in range(first_row, last_row + 1)]

    def contents(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        return self.values(sheet, first_row, first_col, last_row, last_col)  # a file read without data_only holds formulas

    def last_row(self, sheet: str) -> int:
        return int(self.wb[sheet].max_row)

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec, rewrite: Rewrite) -> None:
        _rewrite(self.wb, self.wb[sheet.name], sheet, rewrite, self.styles)

    def writing(self) -> AbstractContextManager[None]:
        return nullcontext()

    def keep_cached(self, sheet: SheetSpec) -> None:
        if sheet.name not in self.wb.sheetnames:
            return
        ws = self.wb[sheet.name]
        cached = cached_values(ws)
        for (row, column), cell in sheet.cells.items():
            if isinstance(cell.value, Formula) and cell.cached is not NOT_CACHED and ws.cell(row, column).value == str(cell.value):
                cached[(row, column)] = cell.cached

    def set_names(self, names: dict[str, str]) -> None:
        _set_names(self.wb, names)

    def add_sheet(self, title: str, index: int) -> None:
        self.wb.create_sheet(title, min(index, len(self.wb.sheetnames)))
