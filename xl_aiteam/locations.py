"""Where people are paid, and what a position's money is worth in the reporting currency.

The salary table, the contractor rates and the recruiting fee are figures of the *base
location* (the first row of ``Assumptions.locations``) in the *base currency*, the catalog's
(USD: the seeds quote the US market). A position at location ``L`` is paid

    figure in the reporting currency = ROUND(base figure x pay_factor(L), 2)
    pay_factor(L) = pay_multiplier(L) x exchange_rate(L)

that is: local pay is the base figure x the pay multiplier, in the location's currency, and the
exchange rate (what one unit of it is worth in the reporting currency, ``Assumptions.currency``)
turns it into the reporting currency. The workbook's Staffing and Budget formulas compute the
same products in the same order, so both round to the same cent.

GPU prices (per GPU-hour) and the storage price (per TB-month) are base-currency figures too (the
defaults are US list prices). They are not paid anywhere in particular, so only the exchange rate
applies, the base location's (``base_rate``): ``price_in_currency`` = ROUND(price x base rate, 2),
the price in the reporting currency every compute and storage cost is figured from (the Compute
sheet shows both; the Budget's formulas round the same product the same way).

The rules a table must meet (``location_problem``): names are unique; at least one location is
in the reporting currency, and every such location has the rate 1 (the rates are *to* the
reporting currency); every position names a listed location, or none (the base).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from .errors import ErrorCode
from .money import round_money

if TYPE_CHECKING:
    from .assumptions import Assumptions

__all__ = [
    "base_currency",
    "base_rate",
    "converted",
    "default_locations",
    "location_problem",
    "pay_factor",
    "price_in_currency",
]


def base_currency() -> str:
    """The currency of the salary table, the contractor rates and the recruiting fee."""
    from .catalog import load_catalog

    return load_catalog().defaults.currency


def default_locations(currency: Any = None) -> list[dict[str, Any]]:
    """The default locations table, its rates to ``currency`` (crossed through the catalog
    currency when ``currency`` is one of the table's; otherwise as the catalog gives them)."""
    from .catalog import load_catalog

    rows = load_catalog().defaults.locations
    to_base = {row.currency: row.exchange_rate for row in rows}
    per_unit = to_base.get(currency, 1.0) if isinstance(currency, str) else 1.0
    return [
        {
            "name": row.name,
            "currency": row.currency,
            "pay_multiplier": row.pay_multiplier,
            "exchange_rate": row.exchange_rate if per_unit == 1.0 else round(row.exchange_rate / per_unit, 6),
            "source": row.source,
            "date": row.date,
        }
        for row in rows
    ]


def pay_factor(a: Assumptions, location: str = "") -> float:
    """Reporting currency per unit of a base figure, for a position at ``location`` ("" = the base)."""
    return a.location(location).pay_factor


def converted(amount: float, factor: float) -> float:
    """A base figure at a location, in the reporting currency, rounded to the cent as ROUND does."""
    return round_money(amount * factor)


def base_rate(a: Assumptions) -> float:
    """What one unit of the base currency is worth in the reporting currency: the exchange rate of
    the base location (the first row of the table)."""
    return a.locations[0].exchange_rate


def price_in_currency(price: float, a: Assumptions) -> float:
    """A price of the base currency (a GPU-hour, a TB-month) in the reporting currency, rounded to
    the cent: ``ROUND(price x base_rate, 2)``. With the base in the reporting currency (rate 1) a
    price typed in cents is unchanged."""
    return converted(price, base_rate(a))


Problem = tuple[ErrorCode, str, str, dict[str, Any]]  # code, where (a dotted field path), message, its values


def location_problem(a: Assumptions) -> Problem | None:
    """The first way the locations table and the positions disagree with the rules above, or None."""
    names = [place.name for place in a.locations]
    for i, name in enumerate(names):
        if name in names[:i]:
            return (
                ErrorCode.DUPLICATE_LOCATION,
                f"locations.{i}.name",
                "location {name} is listed twice; names must be unique",
                {"name": name},
            )
    reporting = [i for i, place in enumerate(a.locations) if place.currency == a.currency]
    if not reporting:
        return (
            ErrorCode.REPORTING_RATE,
            "currency",
            "no location is in {currency}: the exchange rates are to the reporting currency, so list a location in it at the rate 1",
            {"currency": a.currency},
        )
    for i in reporting:
        if not math.isclose(a.locations[i].exchange_rate, 1.0, abs_tol=1e-9):
            return (
                ErrorCode.REPORTING_RATE,
                f"locations.{i}.exchange_rate",
                "{name} is in the reporting currency {currency}, so its rate must be 1 (the rates are to {currency})",
                {"name": a.locations[i].name, "currency": a.currency},
            )
    for i, line in enumerate(a.team or []):
        if line.location and line.location not in names:
            return (
                ErrorCode.UNKNOWN_LOCATION,
                f"team.{i}.location",
                "must be a location of the locations table ({allowed}), or empty for {base}",
                {"allowed": ", ".join(names), "base": names[0]},
            )
    return None
