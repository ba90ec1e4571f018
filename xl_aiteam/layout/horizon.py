"""What follows ``Horizon`` live on a sheet that is not a timeline: the months a chart shows.

A chart's series span every prepared month (``MONTHS``), so a longer horizon needs no new
series; the months past the horizon cost nothing (the Budget multiplies them by "in the plan"),
and their axis labels are blank. The labels are one column of cells, one formula a row:
month ``k``'s first day while ``k`` is within the horizon, else an empty text. No error value
is used: LibreOffice plots an ``#N/A`` as zero and prints "#N/A" under the axis (tried), and
Excel plots an empty text as zero too, so the charts that use these labels are column charts,
where a month of zero shows nothing in either application.

The print areas of the Budget and the Hiring timeline do not follow the horizon live: a print
area defined by a formula (``A1:INDEX(...,Horizon)``) is ignored by LibreOffice, which then
prints every prepared month (tried), and openpyxl drops it with a warning when it reads the
file, so a refill would lose it. They are set by a build or a refill, for the months recorded
in ``PrintedMonths``; the Checks sheet notes (``PRINT_AREA``) when Horizon differs from it.
"""

from __future__ import annotations

from .a1 import col
from .context import Context
from .figures import Figures
from .months import MONTHS
from .spec import Formula, SheetSpec

__all__ = ["PRINTED_MONTHS", "chart_months", "printed_months"]

PRINTED_MONTHS = "PrintedMonths"


def chart_months(sheet: SheetSpec, top: int, column: int, figures: Figures) -> int:
    """Write the block of chart labels from row ``top`` (a heading, then one row a month) in
    ``column``; returns the row of month 1."""
    sheet.put(top, column - 1 if column > 1 else column, "Chart months (blank past the horizon: the charts leave them empty)", "section")
    first = top + 1
    here = col(column)
    for i in range(MONTHS):
        r = first + i
        k = f"ROWS(${here}${first}:${here}{r})"  # month k of the plan
        f = f'=IF({k}<=Horizon,DATE(YEAR(StartDate),MONTH(StartDate)+{k}-1,1),"")'
        sheet.put(r, column, Formula(f), "calc", "month", cached=figures.dates[i] if i < figures.horizon else "")
    return first


def printed_months(ctx: Context, sheet: SheetSpec, row: int) -> None:
    """The months the print areas of the timeline sheets cover, as a build or refill set them (``PrintedMonths``)."""
    sheet.put(row, 1, "Print areas cover (months)", "label")
    sheet.put(row, 2, ctx.a.horizon_months, "constant", "int")
    ctx.name(PRINTED_MONTHS, sheet.name, row, 2)
