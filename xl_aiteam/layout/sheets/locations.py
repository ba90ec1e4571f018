"""Locations: where people are paid, as an Excel table the user owns (a refill never rewrites it).

One row per location: its name, currency, pay multiplier against the base salaries, exchange
rate to the reporting currency, source and date, and a row check. The first row is the base
location: a Staffing row with no location is paid there. Staffing turns a row's location into
its pay factor (multiplier x rate), as ``xl_aiteam.locations`` does; ``read`` reads the table
back for the model (a workbook made before the sheet existed gets the default table).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...locations import base_currency
from ..a1 import col
from ..common import title
from ..context import Context
from ..port import BookPort, rows_until, scalar
from ..rules import number_validation
from ..spec import Formula, SheetSpec, TableSpec

__all__ = ["HEADERS", "NAMES", "TITLE", "build", "location_checks", "read", "row_is_wrong"]

TITLE = "Locations"
HEADER_ROW = 6
TABLE = "LocationsTable"
HEADERS = {
    "name": "Location",
    "currency": "Currency",
    "pay_multiplier": "Pay multiplier (local pay per unit of base pay)",
    "exchange_rate": "Exchange rate (reporting currency per unit)",
    "source": "Source",
    "date": "Date",
    "check": "Row check",
}
COLUMNS = {key: i for i, key in enumerate(HEADERS, start=1)}
NAMES = {
    "name": "LocationNames",
    "currency": "LocationCurrencies",
    "pay_multiplier": "LocationMultipliers",
    "exchange_rate": "LocationRates",
    "check": "LocationChecks",
}


def row_is_wrong(row: int, reporting: str = "Currency") -> str:
    """The row check: 1 when the currency is not three capital letters, the multiplier or the rate
    is not a number above 0, or a location in the reporting currency has a rate other than 1."""
    cur, mult, rate = (f"${col(COLUMNS[k])}{row}" for k in ("currency", "pay_multiplier", "exchange_rate"))
    code_ok = currency_code_ok(cur)
    numbers_ok = f"AND(ISNUMBER({mult}),ISNUMBER({rate}))"
    positive = f"AND(N({mult})>0,N({rate})>0)"
    reporting_ok = f"OR({cur}<>{reporting},ABS(N({rate})-1)<=Tolerance)"
    return f'=IF($A{row}="","",IF(AND({code_ok},{numbers_ok},{positive},{reporting_ok}),0,1))'


def currency_code_ok(cur: str) -> str:
    """TRUE when the cell ``cur`` holds three capital letters (an ISO code such as EUR), else FALSE,
    never an error value whatever is typed (the model's rule: ``^[A-Z]{3}$``)."""
    second = f'MID({cur},LEN("U")+1,1)'  # no typed numbers in formulas: the second letter's place
    letters = ",".join(f"NOT(EXACT(UPPER({c}),LOWER({c})))" for c in (f"LEFT({cur},1)", second, f"RIGHT({cur},1)"))
    return f'AND(ISTEXT({cur}),LEN({cur})=LEN("USD"),EXACT({cur},UPPER({cur})),{letters})'


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"A{HEADER_ROW + 1}", tab_color="0000FF")
    a = ctx.a
    title(s, "Locations", "Where people are paid. Local pay = base pay x pay multiplier, in the location's currency.")
    s.put(3, 1, "Base pay on Assumptions is in", "label")
    s.put(3, 4, base_currency(), "constant")
    ctx.name("BaseCurrency", s.name, 3, 4)
    s.put(3, 5, "the pay of the first row, below", "note")
    s.put(4, 1, "Reporting currency (every total)", "label")
    s.put(4, 4, Formula("=Currency"), "link", cached=a.currency)
    s.put(4, 5, "a location in it: rate 1", "note")
    s.put(5, 1, "Exchange rate: reporting currency per unit of the location's. A blank Staffing location is the first row.", "note")
    for key, c in COLUMNS.items():
        s.put(HEADER_ROW, c, HEADERS[key], "header")
    s.heights[HEADER_ROW] = 42
    first = HEADER_ROW + 1
    for i, place in enumerate(a.locations):
        r = first + i
        s.put(r, COLUMNS["name"], place.name, "input")
        s.put(r, COLUMNS["currency"], place.currency, "input")
        s.put(r, COLUMNS["pay_multiplier"], place.pay_multiplier, "input", "index")
        s.put(r, COLUMNS["exchange_rate"], place.exchange_rate, "input", "index")
        s.put(r, COLUMNS["source"], place.source, "input")
        s.put(r, COLUMNS["date"], place.date, "input")
        s.put(r, COLUMNS["check"], Formula(row_is_wrong(r)), "calc", "int", cached=0)
    last = first + len(a.locations) - 1
    s.tables.append(TableSpec(TABLE, f"A{HEADER_ROW}:{col(len(COLUMNS))}{last}", calculated={HEADERS["check"]: row_is_wrong(first)}))
    for key, name in NAMES.items():
        ctx.names[name] = f"{TABLE}[{HEADERS[key]}]"
    s.validations += [
        number_validation(f"C{first}:C{last + 50}", "locations.pay_multiplier", "Pay multiplier"),
        number_validation(f"D{first}:D{last + 50}", "locations.exchange_rate", "Exchange rate"),
    ]
    s.widths.update({1: 20, 2: 10, 3: 16, 4: 16, 5: 14, 6: 11, 7: 10})
    s.print_area = f"A1:{col(len(COLUMNS))}{last}"
    return s


def read(port: BookPort) -> list[dict[str, Any]] | None:
    """The table's rows as the model's locations; None for a workbook made before the sheet existed."""
    if TITLE not in port.sheet_names():
        return None
    width = len(COLUMNS)
    header = [str(h or "").strip() for h in port.values(TITLE, HEADER_ROW, 1, HEADER_ROW, width)[0]]
    where = {key: header.index(text) for key, text in HEADERS.items() if text in header}

    def end(row: list[Any]) -> bool:
        return all(row[where[k]] in (None, "") for k in ("name", "currency") if k in where)

    places = []
    for row in rows_until(port, TITLE, HEADER_ROW + 1, 1, width, end):

        def value(key: str, row: list[Any] = row) -> Any:
            return scalar(row[where[key]]) if key in where else None

        places.append(
            {
                "name": str(value("name") or ""),
                "currency": value("currency"),
                "pay_multiplier": value("pay_multiplier"),
                "exchange_rate": value("exchange_rate"),
                "source": str(value("source") or ""),
                "date": str(value("date") or ""),
            }
        )
    return places


def location_checks(staff: Callable[[str], str]) -> list[tuple[str, str, str, str, str]]:
    """The Checks rows of the locations (code, check, severity, formula, what to do); ``staff``
    names a Staffing column."""
    return [
        (
            "CURRENCY_CODE",
            "The reporting currency (Currency on Assumptions) is a code of three capital letters",
            "error",
            f"=IF({currency_code_ok('Currency')},0,1)",
            "Type the reporting currency as its ISO code in capitals, such as USD or EUR, in Currency on Assumptions.",
        ),
        (
            "LOCATION_TABLE",
            "Every location has a currency of three capital letters, a pay multiplier and an exchange rate above 0, "
            "and the rate 1 when it is in the reporting currency",
            "error",
            "=IF(SUM(LocationChecks)>0,1,0)",
            "Fix the rows of the Locations table whose Row check shows 1: a code such as EUR, numbers above 0, "
            "and 1 as the rate of a location in the reporting currency (the rates are to it).",
        ),
        (
            "REPORTING_CURRENCY",
            "A location is in the reporting currency",
            "error",
            "=IF(COUNTIF(LocationCurrencies,Currency)=0,1,0)",
            "Add a location in the reporting currency (Currency on Assumptions) at the rate 1, and give every other "
            "location its rate to that currency.",
        ),
        (
            "UNKNOWN_LOCATION",
            "Every Staffing row's location is in the Locations table",
            "error",
            f'=IF(SUMPRODUCT(({staff("location")}<>"")*ISNA(MATCH({staff("location")},LocationNames,0)))>0,1,0)',
            "Choose the location from the list in the Location column (blank: the base location), or add it to the Locations table.",
        ),
    ]
