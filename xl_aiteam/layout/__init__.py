"""The workbook described once, as plain data, for every adapter to render.

One module per sheet, in ``layout/sheets/``: a sheet's formulas are found by its file name.

    spec.py      the plain data a sheet is described in (cells, styles, names, tables, charts)
    a1.py        A1 references, quoted sheet names
    months.py    the shared monthly timeline; quarters and years derived from it
    context.py   what a build knows: the plan, the catalog, the names, what each sheet hands on
    port.py      what reading a workbook needs of it (``BookPort``), for the sheets' ``read``
    sheets/      one module per sheet, and ``SHEETS``, the registry in tab order
    book.py      ``planner_layout(plan)``: every sheet, built in an order that meets their needs

To add a sheet:

1. Write ``layout/sheets/NAME.py`` with ``TITLE`` and ``build(ctx) -> SheetSpec``. Reach
   into other sheets through defined names (``ctx.name(...)`` where they are defined) or
   through what they hand on: ``ctx.need(BudgetRows)``. Hand on what others need of yours
   as a frozen dataclass: ``ctx.hand(MyRows(...))``. Give every formula cell its cached
   value (``put(..., cached=...)``), computed by the model.
2. Where the sheet holds user input, write ``read(port)`` beside ``build``.
3. Add one ``SheetEntry`` line to ``SHEETS`` in ``layout/sheets/__init__.py``: key, title,
   build, whether a refill rewrites it, what it needs and what it gives.
4. Add the sheet's figures to the LibreOffice agreement test (``tests/excel_truth.py``).
"""

from .book import planner_layout
from .context import Context, UserState
from .months import FIRST, MONTHS
from .sheets import SHEETS, SheetEntry
from .sheets.assumptions import INPUTS, InputSpec
from .sheets.staffing import COLUMNS as STAFFING_COLUMNS
from .sheets.timeline import GRID
from .spec import Cell, Formula, SheetSpec, WorkbookSpec

SHEET = {entry.key: entry.title for entry in SHEETS}  # sheet titles by key, from the registry

__all__ = [
    "FIRST",
    "GRID",
    "INPUTS",
    "MONTHS",
    "SHEET",
    "SHEETS",
    "STAFFING_COLUMNS",
    "Cell",
    "Context",
    "Formula",
    "InputSpec",
    "SheetEntry",
    "SheetSpec",
    "UserState",
    "WorkbookSpec",
    "planner_layout",
]
