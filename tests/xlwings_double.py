"""A test double of the part of xlwings' object model that ``XlwingsBook`` uses, behaving as Excel does.

It keeps what Excel would keep, per cell: value or formula, font, fill, number format,
alignment, indent, wrap, bottom border, data validation (rule, prompt, error), conditional
formats; per sheet: column widths, row heights, freeze panes, tables, merged areas, print area;
per book: names. Every call that changes something is logged in ``Book.calls``, with whether
Excel was redrawing or recalculating automatically at that moment.

Native objects (``.api``) answer in the dialect of the platform: COM attributes
(``api.IndentLevel = 1``) or, with ``mac=True``, appscript properties
(``api.indent_level.set(1)``). ``Book.from_file`` fills the double from a saved workbook, as
Excel would show it after opening the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.cell import column_index_from_string, get_column_letter, range_boundaries

Area = tuple[int, int, int, int]
DEFAULT_LOOK: dict[str, Any] = {
    "font": "Calibri",
    "size": 11.0,
    "bold": False,
    "italic": False,
    "color": "000000",
    "fill": None,
    "number_format": "General",
    "wrap": False,
    "horizontal": None,
    "vertical": "bottom",
    "indent": 0,
    "border_bottom": None,
}
# xlwings' operator names -> Excel's, as a file spells them (XlFormatConditionOperator)
EXCEL_OPERATORS = {
    "between": "between",
    "not_between": "notBetween",
    "equal_to": "equal",
    "not_equal_to": "notEqual",
    "greater_than": "greaterThan",
    "less_than": "lessThan",
    "greater_than_or_equal": "greaterThanOrEqual",
    "less_than_or_equal": "lessThanOrEqual",
}
# Excel's defaults for a new validation rule (Validation.Add)
DV_DEFAULTS = {"allow_blank": True, "error": "", "error_title": "", "prompt": "", "show_error": True, "show_input": True}


def hex6(color: Any) -> str:
    """A colour as RRGGBB, from "#rrggbb", "FFRRGGBB" or an (r, g, b) tuple."""
    if isinstance(color, tuple):
        return "".join(f"{v:02X}" for v in color)
    return str(color).lstrip("#").upper()[-6:]


@dataclass
class CellState:
    value: Any = None
    formula: str | None = None
    look: dict[str, Any] = field(default_factory=lambda: dict(DEFAULT_LOOK))
    validation: dict[str, Any] | None = None
    note: str | None = None


class Native:
    """A native Excel object (``.api``): sets are routed to ``apply(com_name, value)``."""

    def __init__(self, book: Book, apply: Any, mac: bool, calls: dict[str, Any] | None = None) -> None:
        object.__setattr__(self, "_book", book)
        object.__setattr__(self, "_apply", apply)
        object.__setattr__(self, "_mac", mac)
        object.__setattr__(self, "_calls", calls or {})

    def __setattr__(self, name: str, value: Any) -> None:
        if self._mac:
            raise AttributeError(f"appscript references are not assigned to: use {name}.set()")
        self._apply(name, value)

    def __getattr__(self, name: str) -> Any:
        if name in self._calls:
            return self._calls[name]
        if not self._mac or not name.islower():
            raise AttributeError(name)
        com = "".join(part.title() for part in name.split("_"))
        apply = self._apply
        return type("Property", (), {"set": staticmethod(lambda value: apply(com, value))})()


def _areas(address: str) -> list[Area]:
    out = []
    for part in address.replace(" ", ",").split(","):
        part = part.split("!")[-1].replace("$", "")
        if re.fullmatch(r"\d+:\d+", part):
            first, last = (int(x) for x in part.split(":"))
            out.append((first, 1, last, 16384))
            continue
        c1, r1, c2, r2 = range_boundaries(part)
        out.append((r1, c1, r2, c2))
    return out


def _cells(areas: list[Area]) -> list[tuple[int, int]]:
    return [(r, c) for r1, c1, r2, c2 in areas for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _overlap(a: Area, b: Area) -> bool:
    return not (a[0] > b[2] or a[2] < b[0] or a[1] > b[3] or a[3] < b[1])


class Font:
    def __init__(self, rng: Range) -> None:
        self.rng = rng

    def set(self, **attrs: Any) -> None:
        self.rng.style(**{k: (hex6(v) if k == "color" else float(v) if k == "size" else v) for k, v in attrs.items() if k != "name"})
        if "name" in attrs:
            self.rng.style(font=attrs["name"])


class Borders:
    def __init__(self, rng: Range) -> None:
        self.rng = rng

    def set(self, which: Any, *, line_style: Any = None, weight: Any = None, color: Any = None) -> None:
        sides = [which] if isinstance(which, str) else list(which)
        assert set(sides) <= {"edge_bottom", "inside_horizontal"}, sides
        assert (line_style, weight) == ("continuous", "thin"), (line_style, weight)
        r1, c1, r2, c2 = self.rng.areas[0]
        rows = ([r2] if "edge_bottom" in sides else []) + (list(range(r1, r2)) if "inside_horizontal" in sides else [])
        self.rng.sheet.book.log(self.rng, "borders", sides)
        for r in rows:
            for c in range(c1, c2 + 1):
                self.rng.sheet.cell(r, c).look["border_bottom"] = hex6(color)


class DataValidation:
    def __init__(self, rng: Range) -> None:
        self.rng = rng
        self.api = Native(rng.sheet.book, self._native, rng.sheet.book.mac)

    def _native(self, com: str, value: Any) -> None:
        key = {
            "IgnoreBlank": "allow_blank",
            "ErrorTitle": "error_title",
            "ErrorMessage": "error",
            "ShowError": "show_error",
            "InputMessage": "prompt",
            "ShowInput": "show_input",
        }[com]
        self.rng.sheet.book.log(self.rng, f"validation.{com}", value)
        for r, c in _cells(self.rng.areas):
            rule = self.rng.sheet.cell(r, c).validation
            assert rule is not None, "a message on a cell without validation"
            rule[key] = value

    def _set(self, kind: str, operator: str | None, formula1: Any, formula2: Any = None) -> None:
        self.rng.sheet.book.log(self.rng, f"validation.{kind}", (operator, formula1, formula2))
        rule = {"kind": kind, "operator": EXCEL_OPERATORS[operator] if operator else None, "formula1": formula1, "formula2": formula2}
        for r, c in _cells(self.rng.areas):
            cell = self.rng.sheet.cell(r, c)
            # xlwings adds a rule (Excel's defaults) or modifies the one there (its messages stay)
            cell.validation = {**(cell.validation or DV_DEFAULTS), **rule}

    @staticmethod
    def _operand(value: Any) -> str:
        if isinstance(value, date):
            return f"DATE({value.year},{value.month},{value.day})"
        return str(value).lstrip("=")

    def set_list(self, source: Any) -> None:
        formula = source.name if isinstance(source, Name) else '"' + ",".join(source) + '"'
        self._set("list", None, formula)

    def set_whole_number(self, operator: str, formula1: Any, formula2: Any = None) -> None:
        self._set("whole", operator, self._operand(formula1), None if formula2 is None else self._operand(formula2))

    def set_decimal(self, operator: str, formula1: Any, formula2: Any = None) -> None:
        self._set("decimal", operator, self._operand(formula1), None if formula2 is None else self._operand(formula2))

    def set_date(self, operator: str, formula1: Any, formula2: Any = None) -> None:
        self._set("date", operator, self._operand(formula1), self._operand(formula2))

    def set_custom(self, formula: str) -> None:
        assert formula.startswith("=")
        self._set("custom", None, formula[1:])

    def delete(self) -> None:
        self.rng.sheet.book.log(self.rng, "validation.delete", None)
        for r, c in _cells(self.rng.areas):
            if (r, c) in self.rng.sheet.grid:
                self.rng.sheet.grid[(r, c)].validation = None


class ConditionalFormats:
    def __init__(self, rng: Range) -> None:
        self.rng = rng

    def add_cell_value(self, operator: str, formula1: Any, *, fill_color: Any = None, font_color: Any = None) -> None:
        self.rng.sheet.book.log(self.rng, "conditional_formats.add", (operator, formula1))
        rule = {"operator": EXCEL_OPERATORS[operator], "formula": str(formula1), "fill": hex6(fill_color), "font": hex6(font_color)}
        self.rng.sheet.rules.insert(0, (set(_cells(self.rng.areas)), rule))  # a new rule goes to the top

    def add_custom(self, formula: str, *, fill_color: Any = None, font_color: Any = None) -> None:
        self.rng.sheet.book.log(self.rng, "conditional_formats.add", ("expression", formula))
        rule = {"operator": None, "formula": formula.removeprefix("="), "fill": hex6(fill_color), "font": hex6(font_color)}
        self.rng.sheet.rules.insert(0, (set(_cells(self.rng.areas)), rule))

    def clear(self) -> None:
        """Excel's Range.FormatConditions.Delete: the rules leave these cells, and stay elsewhere."""
        self.rng.sheet.book.log(self.rng, "conditional_formats.clear", None)
        mine = set(_cells(self.rng.areas))
        self.rng.sheet.rules = [(cells - mine, rule) for cells, rule in self.rng.sheet.rules if cells - mine]


class Rows:
    def __init__(self, rng: Range) -> None:
        self.rng = rng

    def autofit(self) -> None:
        self.rng.sheet.book.log(self.rng, "rows.autofit", None)
        for r1, _, r2, _ in self.rng.areas:
            for r in range(r1, r2 + 1):
                self.rng.sheet.heights.pop(r, None)


class Range:
    def __init__(self, sheet: Sheet, areas: list[Area]) -> None:
        self.sheet = sheet
        self.areas = areas
        self.font = Font(self)
        self.borders = Borders(self)
        self.data_validation = DataValidation(self)
        self.conditional_formats = ConditionalFormats(self)
        self.rows = Rows(self)
        self.api = Native(sheet.book, self._native, sheet.book.mac)

    def _native(self, com: str, value: Any) -> None:
        assert com == "IndentLevel", com
        self.style(indent=value)

    def style(self, **attrs: Any) -> None:
        self.sheet.book.log(self, "format", attrs)
        for r, c in _cells(self.areas):
            self.sheet.cell(r, c).look.update(attrs)

    def options(self, **_: Any) -> Range:
        return self

    def _grid(self) -> list[list[CellState]]:
        r1, c1, r2, c2 = self.areas[0]
        return [[self.sheet.grid.get((r, c), CellState()) for c in range(c1, c2 + 1)] for r in range(r1, r2 + 1)]

    @property
    def value(self) -> list[list[Any]]:
        return [[cell.value for cell in row] for row in self._grid()]

    @value.setter
    def value(self, rows: list[list[Any]]) -> None:
        r1, c1, r2, c2 = self.areas[0]
        assert len(rows) == r2 - r1 + 1 and all(len(row) == c2 - c1 + 1 for row in rows), "a block must fit its range"
        for area in self.sheet.merged:
            assert not _overlap(area, self.areas[0]), "Excel cannot change part of a merged cell"
        self.sheet.book.log(self, "value", rows)
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = self.sheet.cell(r1 + i, c1 + j)
                if isinstance(v, str) and v.startswith("="):
                    cell.value, cell.formula = None, v
                elif isinstance(v, str) and v.startswith("'"):
                    cell.value, cell.formula = v[1:], None
                else:
                    assert not isinstance(v, date) or isinstance(v, datetime), "xlwings hands Excel datetimes"
                    cell.value, cell.formula = (None if v == "" else v), None

    @property
    def formula(self) -> Any:
        def shown(cell: CellState) -> str:
            if cell.formula:
                return cell.formula
            if cell.value is None:
                return ""
            if isinstance(cell.value, datetime):
                return str((cell.value - datetime(1899, 12, 30)).days)
            return str(cell.value)

        grid = [[shown(cell) for cell in row] for row in self._grid()]
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        return tuple(tuple(row) for row in grid)

    def clear_contents(self) -> None:
        self.sheet.book.log(self, "clear_contents", None)
        for r, c in _cells(self.areas):
            if (r, c) in self.sheet.grid:
                self.sheet.grid[(r, c)].value = self.sheet.grid[(r, c)].formula = None

    def clear_formats(self) -> None:
        """Excel's Range.ClearFormats: the look back to the default, and the conditional formats gone."""
        self.sheet.book.log(self, "clear_formats", None)
        for r, c in _cells(self.areas):
            if (r, c) in self.sheet.grid:
                self.sheet.grid[(r, c)].look = dict(DEFAULT_LOOK)
        ConditionalFormats(self).clear()

    def unmerge(self) -> None:
        self.sheet.book.log(self, "unmerge", None)
        self.sheet.merged = [m for m in self.sheet.merged if not any(_overlap(m, a) for a in self.areas)]

    def __setattr__(self, name: str, value: Any) -> None:
        looks = {"color": "fill", "number_format": "number_format", "wrap_text": "wrap"}
        looks |= {"horizontal_alignment": "horizontal", "vertical_alignment": "vertical"}
        if name in looks:
            self.style(**{looks[name]: hex6(value) if name == "color" else value})
        elif name == "column_width":
            self.sheet.book.log(self, "column_width", value)
            self.sheet.widths[self.areas[0][1]] = value
        elif name == "row_height":
            self.sheet.book.log(self, "row_height", value)
            self.sheet.heights[self.areas[0][0]] = value
        else:
            object.__setattr__(self, name, value)


@dataclass
class Table:
    sheet: Sheet
    name: str
    area: Area
    table_style: str
    show_table_style_row_stripes: bool = True

    def resize(self, rng: Range) -> None:
        self.sheet.book.log(rng, "table.resize", self.name)
        assert rng.areas[0][:2] == self.area[:2], "a table keeps its header row where it is"
        self.area = rng.areas[0]


class Tables(list[Table]):
    def __init__(self, sheet: Sheet) -> None:
        super().__init__()
        self.sheet = sheet

    def add(self, source: Range, name: str, table_style_name: str) -> Table:
        self.sheet.book.log(source, "tables.add", name)
        for sheet in self.sheet.book.sheets:
            assert all(t.name != name for t in sheet.tables), "table names are unique in a workbook"
        assert not any(_overlap(t.area, source.areas[0]) for t in self), "tables cannot overlap"
        table = Table(self.sheet, name, source.areas[0], table_style_name)
        self.append(table)
        return table


class PageSetup:
    def __init__(self, sheet: Sheet) -> None:
        self.sheet = sheet
        self.print_area: str | None = None
        self.api = Native(sheet.book, self._native, sheet.book.mac)

    def _native(self, com: str, value: Any) -> None:
        assert com == "FitToPagesWide", com
        self.sheet.pages_wide = value


class Sheet:
    def __init__(self, book: Book, name: str) -> None:
        self.book = book
        self.name = name
        self.grid: dict[tuple[int, int], CellState] = {}
        self.widths: dict[int, float] = {}
        self.heights: dict[int, float] = {}
        self.freeze: str | None = None
        self.rules: list[tuple[set[tuple[int, int]], dict[str, Any]]] = []  # conditional formats, highest priority first
        self.tables = Tables(self)
        self.merged: list[Area] = []
        self.page_setup = PageSetup(self)
        self.pages_wide: int | None = None

    def cell(self, row: int, column: int) -> CellState:
        return self.grid.setdefault((row, column), CellState())

    def range(self, first: Any, last: Any = None) -> Range:
        if isinstance(first, str):
            return Range(self, _areas(first))
        last = last or first
        return Range(self, [(first[0], first[1], last[0], last[1])])

    def activate(self) -> None:
        self.book.sheets.active = self

    @property
    def used_range(self) -> Any:
        row = max((r for (r, _), cell in self.grid.items() if cell.value is not None or cell.formula), default=1)
        return type("Used", (), {"last_cell": type("Cell", (), {"row": row})()})()


class Sheets(list[Sheet]):
    active: Sheet

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return next(s for s in self if s.name == key)
        return super().__getitem__(key)


@dataclass
class Name:
    name: str
    refers_to: str
    api: Any = None
    visible: bool = True


class Names(list[Name]):
    def __init__(self, book: Book) -> None:
        super().__init__()
        self.book = book

    def add(self, name: str, refers_to: str) -> Name:
        self[:] = [n for n in self if n.name != name]
        added = Name(name, refers_to)
        added.api = Native(self.book, lambda com, value: setattr(added, {"Visible": "visible"}[com], value), self.book.mac)
        self.append(added)
        return added

    def __call__(self, name: str) -> Name:
        return next(n for n in self if n.name == name)


class App:
    def __init__(self) -> None:
        self.screen_updating = True
        self.calculation = "automatic"


class Book:
    """Just the part of xlwings.Book that XlwingsBook uses."""

    def __init__(self, name: str, mac: bool = False) -> None:
        self.name = name
        self.mac = mac
        self.app = App()
        self.sheets = Sheets()
        self.names = Names(self)
        self.calls: list[tuple[str, str, str, Any, bool]] = []  # sheet, range, what, value, Excel live (redrawing or calculating)
        self.window = Native(self, self._window, mac)
        windows = type("Windows", (), {"__getitem__": lambda _, i: self.window})()
        self.api = Native(self, lambda com, value: None, mac, {"Windows": lambda i: self.window, "windows": windows})
        self._split = (0, 0)

    def _window(self, com: str, value: Any) -> None:
        """The book's window: freezing applies to the sheet it shows, at the split set before."""
        sheet = self.sheets.active
        self.calls.append((sheet.name, "window", com, value, self.live))
        if com == "SplitColumn":
            self._split = (self._split[0], value)
        elif com == "SplitRow":
            self._split = (value, self._split[1])
        elif com == "FreezePanes":
            sheet.freeze = f"{get_column_letter(self._split[1] + 1)}{self._split[0] + 1}" if value else None
        elif com in ("ScrollRow", "ScrollColumn"):
            assert value == 1, "the split is counted from the top-left cell shown"
        else:
            raise AssertionError(com)

    @property
    def live(self) -> bool:
        return self.app.screen_updating or self.app.calculation != "manual"

    def log(self, rng: Range, what: str, value: Any) -> None:
        address = ",".join(f"{get_column_letter(a[1])}{a[0]}:{get_column_letter(a[3])}{a[2]}" for a in rng.areas)
        self.calls.append((rng.sheet.name, address, what, value, self.live))

    @classmethod
    def from_file(cls, path: Path, mac: bool = False) -> Book:
        """The workbook as Excel shows it after opening ``path``: values (formulas' cached results), formulas,
        names, column widths (less the file's padding), row heights, freeze panes, validations, rules, tables."""
        book = cls(path.name, mac)
        formulas = load_workbook(path)
        results = load_workbook(path, data_only=True)
        for ws in formulas.worksheets:
            sheet = Sheet(book, ws.title)
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None:
                        continue
                    state = sheet.cell(c.row, c.column)
                    if c.data_type == "f":
                        state.formula = str(c.value)
                        state.value = results[ws.title].cell(c.row, c.column).value
                    else:
                        state.value = c.value
            for letter, dim in ws.column_dimensions.items():
                if dim.width:
                    for column in range(dim.min or column_index_from_string(letter), (dim.max or dim.min or 0) + 1):
                        sheet.widths[column] = dim.width - 5 / 7
            sheet.heights = {r: d.height for r, d in ws.row_dimensions.items() if d.height}
            sheet.freeze = ws.freeze_panes
            for dv in ws.data_validations.dataValidation:
                rule = file_validation(dv)
                for r, c in _cells(_areas(str(dv.sqref))):
                    sheet.cell(r, c).validation = dict(rule)
            for cf in ws.conditional_formatting:
                for rule in cf.rules:
                    sheet.rules.append((set(_cells(_areas(str(cf.sqref)))), file_rule(rule)))
            for name, ref in ws.tables.items():
                sheet.tables.append(Table(sheet, name, _areas(ref)[0], ws.tables[name].tableStyleInfo.name))
            book.sheets.append(sheet)
        book.sheets.active = book.sheets[0]
        for name, dn in formulas.defined_names.items():
            book.names.add(name, "=" + dn.attr_text)
        book.calls.clear()
        return book


def file_validation(dv: Any) -> dict[str, Any]:
    """A validation as a file holds it, in the double's terms."""
    kind = dv.type
    two = kind in ("whole", "decimal", "date") and (dv.operator or "between") in ("between", "notBetween")
    return {
        "kind": kind,
        "operator": (dv.operator or "between") if kind in ("whole", "decimal", "date") else None,
        "formula1": dv.formula1,
        "formula2": dv.formula2 if two else None,
        "allow_blank": bool(dv.allow_blank),
        "error": dv.error or "",
        "error_title": dv.errorTitle or "",
        "prompt": dv.prompt or "",
        "show_error": bool(dv.showErrorMessage),
        "show_input": bool(dv.showInputMessage),
    }


def file_rule(rule: Any) -> dict[str, Any]:
    """A cell-value rule as a file holds it, in the double's terms."""
    return {
        "operator": rule.operator,
        "formula": rule.formula[0],
        "fill": hex6(rule.dxf.fill.fgColor.rgb),
        "font": hex6(rule.dxf.font.color.rgb),
    }
