"""The shared monthly timeline: the same columns and header rows on every timeline sheet.

Column ``FIRST`` is month 1 of the plan on Budget and Hiring timeline alike; ``MONTHS``
columns are prepared, so the horizon can grow to that many months without new columns.
Quarters and years a prepared timeline can touch are derived from it, not typed in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..budget import period_label
from ..rules import MAX_HORIZON
from .a1 import col
from .spec import Formula, SheetSpec

if TYPE_CHECKING:
    from .figures import Figures

__all__ = [
    "FIRST",
    "LAST",
    "MONTHS",
    "QUARTERS",
    "YEARS",
    "TimelineRows",
    "fiscal_quarter",
    "fiscal_year",
    "month_start",
    "timeline_header",
]

MONTHS = MAX_HORIZON  # prepared timeline columns: the horizon can be changed up to this many months
FIRST = 10  # column J: the first month on every timeline sheet
LAST = FIRST + MONTHS - 1
# a plan that starts in the last month of a quarter (or year) touches one more period than a whole number of them
QUARTERS = -(-(MONTHS - 1) // 3) + 1
YEARS = -(-(MONTHS - 1) // 12) + 1

_LABELS = {
    "month": "Month of the plan",
    "date": "Month starting",
    "year": "Fiscal year",
    "quarter": "Fiscal quarter",
    "in_plan": "In the plan (1 = yes)",
    "pay_index": "Pay index (raises)",
}


def month_start(first: date, m: int) -> date:
    """The first day of month ``m`` of a plan starting in ``first``'s month."""
    index = first.year * 12 + first.month - 1 + m - 1
    return date(index // 12, index % 12 + 1, 1)


def fiscal_year(day: str) -> str:
    """A formula for the fiscal year a date falls in, named for the calendar year it ends in (as ``period_label``)."""
    return f"(YEAR({day})+IF(AND(FiscalYearStart>1,MONTH({day})>=FiscalYearStart),1,0))"


def fiscal_quarter(day: str) -> str:
    """A formula for the quarter (1-4) of its fiscal year a date falls in (as ``period_label``)."""
    return f"(INT(MOD(MONTH({day})-FiscalYearStart,MonthsPerYear)/MonthsPerQuarter)+1)"


@dataclass(frozen=True)
class TimelineRows:
    """Where a sheet's timeline header rows are (``pay_index`` is 0 where the sheet has none)."""

    month: int
    date: int
    year: int
    quarter: int
    in_plan: int
    pay_index: int = 0

    @property
    def last(self) -> int:
        return self.pay_index or self.in_plan


def timeline_header(sheet: SheetSpec, top: int, pay_index: bool, figures: Figures) -> TimelineRows:
    """Write the header rows from ``top`` down: one formula per row, copied across every month."""
    rows = TimelineRows(top, top + 1, top + 2, top + 3, top + 4, top + 5 if pay_index else 0)
    for key, label in _LABELS.items():
        row = getattr(rows, key)
        if row:
            sheet.put(row, FIRST - 1, label, "timeline")
    for i, c in enumerate(range(FIRST, LAST + 1)):
        here = col(c)
        m = f"{here}${rows.month}"
        day = figures.dates[i]
        sheet.put(rows.month, c, Formula(f"=N({col(c - 1)}{rows.month})+1"), "timeline", "int", cached=i + 1)
        sheet.put(rows.date, c, Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+{m}-1,1)"), "timeline", "month", cached=day)
        d = f"{here}${rows.date}"
        year = f'="FY"&{fiscal_year(d)}'
        sheet.put(rows.year, c, Formula(year), "timeline", cached=period_label(day, "Y", figures.fiscal_year_start))
        quarter = f'={here}${rows.year}&" Q"&{fiscal_quarter(d)}'
        sheet.put(rows.quarter, c, Formula(quarter), "timeline", cached=period_label(day, "Q", figures.fiscal_year_start))
        sheet.put(rows.in_plan, c, Formula(f"=IF({m}<=Horizon,1,0)"), "timeline", "int", cached=int(figures.in_plan[i]))
        if pay_index:
            index = float(figures.pay_index[i])
            sheet.put(rows.pay_index, c, Formula(f"=(1+AnnualRaise)^INT(({m}-1)/MonthsPerYear)"), "timeline", "index", cached=index)
        sheet.widths[c] = 11
    return rows
