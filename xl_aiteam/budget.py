"""The monthly budget: one row per position and cost line, one column per month.

Each cell is rounded to the cent as the workbook's ``ROUND(..., 2)`` rounds it, so the
Budget sheet's live formulas and this model agree to the cent. The rules, month ``m``
(1 = the plan's first month):

A position costs from its start month to its end month (to the end of the plan when it has
none); a person already employed (``existing``) starts in their own month, with no fee.

Salary, contractor rate and recruiting fee are the position's own, at its location, in the
reporting currency (``ROUND(base figure * pay factor, 2)``, see ``locations``).

* Personnel (permanent, internal and existing): ``ROUND(salary * fte * loaded / 12 * pay_index(m), 2)``
  from the start month on; ``pay_index(m) = (1 + annual_raise) ^ INT((m - 1) / 12)``.
* Contractors: ``ROUND(hourly_rate * hours_per_month * fte, 2)`` from the start month on.
* Recruiting (permanent only): the fee per hire in the start month, then, while the position lasts,
  ``ROUND(fee * attrition / 12, 2)`` a month for backfill.
* Compute: training, inference and data processing month by month from the workload (see ``workload``):
  it starts when the first ML practitioner is productive and grows with the team.
  GPU-hours are priced in the reporting currency (``locations.price_in_currency``).
* Storage: ``ROUND((tb + growth * (m - start)) * price, 2)`` from the compute start month, ``price`` the
  storage price in the reporting currency, ``ROUND(typed price * the base location's exchange rate, 2)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .assumptions import Assumptions
from .catalog import Employment
from .locations import price_in_currency
from .money import round_money_array
from .plan import Plan
from .workload import workload_costs

if TYPE_CHECKING:  # pandas is imported where a frame is made, so a workbook build never loads it
    import pandas as pd

__all__ = [
    "CATEGORIES",
    "BudgetLines",
    "PeopleRates",
    "budget_lines",
    "budget_totals",
    "headcount_by_month",
    "months",
    "people_rates",
    "period_label",
    "project_budget",
]

CATEGORIES = ("Personnel", "Contractors", "Recruiting", "Compute", "Storage")
INDEX = ("category", "line", "position")


BudgetLines = tuple[list[tuple[str, str, str]], npt.NDArray[np.float64]]


def months(assumptions: Assumptions) -> pd.PeriodIndex:
    """The plan's shared monthly timeline."""
    import pandas as pd

    first = pd.Period(assumptions.start_date, freq="M")
    return pd.period_range(first, periods=assumptions.horizon_months, freq="M", name="month")


def project_budget(plan: Plan, assumptions: Assumptions | None = None) -> pd.DataFrame:
    """Monthly cost of the plan, rounded to the cent, rows indexed (category, line, position)."""
    import pandas as pd

    a = assumptions or plan.assumptions
    index, data = budget_lines(plan, a)
    return pd.DataFrame(data, index=pd.MultiIndex.from_tuples(index, names=INDEX), columns=months(a))


@dataclass(frozen=True)
class PeopleRates:
    """What each position costs a month while on board, by the rules above, before its start is known.

    ``costs(start)`` lays the rates over start months of any shape ``(..., positions, 1)``: the
    plan's own starts for the Budget, or many simulated starts at once (``risk``).
    """

    months: npt.NDArray[np.int64]  # 1..horizon
    end: npt.NDArray[np.int64]  # (positions, 1): the last month paid (horizon + 1 when it stays)
    personnel: npt.NDArray[np.float64]  # (positions, months): the salaried monthly cost, rounded
    contracts: npt.NDArray[np.float64]  # (positions, months): the contractor monthly cost, rounded
    fee: npt.NDArray[np.float64]  # (positions, 1): the recruiting fee of a permanent hire, in its start month, rounded
    backfill: npt.NDArray[np.float64]  # (positions, 1): a month's backfill recruiting after the start, rounded
    salaried: npt.NDArray[np.bool_]
    permanent: npt.NDArray[np.bool_]

    def costs(self, start: npt.NDArray[np.int64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Personnel, contractor and recruiting cost of each position and month, for ``start``."""
        m = self.months
        still_there = m <= self.end  # a position that ends stops costing after its last month
        on_board = (m >= start) & still_there
        recruiting = self.fee * (m == start) + self.backfill * ((m > start) & still_there)
        return self.personnel * on_board, self.contracts * on_board, recruiting + 0.0


def people_rates(plan: Plan, assumptions: Assumptions | None = None) -> PeopleRates:
    """Each position's monthly cost while on board (personnel or contract) and the recruiting fees."""
    a = assumptions or plan.assumptions
    m = np.arange(1, a.horizon_months + 1)
    ps = plan.positions
    fte = np.array([p.fte for p in ps], dtype=np.float64)
    salary = np.array([p.annual_salary for p in ps], dtype=np.float64)  # at the position's location, in the reporting currency
    rate = np.array([p.contractor_rate for p in ps], dtype=np.float64)  # at the position's location (see ``locations``)
    employment = np.array([p.employment.value for p in ps], dtype=object)
    end = np.array([p.end_month if p.end_month is not None else m[-1] + 1 for p in ps], dtype=np.int64).reshape(-1, 1)
    pay_index = (1 + a.annual_raise) ** ((m - 1) // 12)
    personnel = round_money_array((salary * fte * a.loaded_multiplier / 12).reshape(-1, 1) * pay_index)
    contracts = round_money_array(np.broadcast_to((rate * a.contractor_hours_per_month * fte).reshape(-1, 1), (len(ps), len(m))))
    fee = np.array([p.recruiting_fee for p in ps], dtype=np.float64).reshape(-1, 1)  # at the position's location
    return PeopleRates(
        months=m,
        end=end,
        personnel=personnel.reshape(len(ps), len(m)),
        contracts=contracts.reshape(len(ps), len(m)),
        fee=round_money_array(fee),
        backfill=round_money_array(fee * a.attrition_rate / 12),
        salaried=employment != Employment.CONTRACTOR.value,
        permanent=employment == Employment.PERMANENT.value,
    )


def budget_lines(plan: Plan, assumptions: Assumptions | None = None) -> BudgetLines:
    """The budget as plain rows: (category, line, position) of each row, and a rows x months array."""
    a = assumptions or plan.assumptions
    m = np.arange(1, a.horizon_months + 1)
    ps = plan.positions
    rates = people_rates(plan, a)
    start = np.array([p.start_month for p in ps], dtype=np.int64).reshape(-1, 1)
    personnel, contracts, recruiting = rates.costs(start)
    salaried, contractor, permanent = rates.salaried, ~rates.salaried, rates.permanent

    blocks: list[tuple[str, np.ndarray, np.ndarray]] = [
        ("Personnel", salaried, personnel),
        ("Contractors", contractor, contracts),
        ("Recruiting", permanent, recruiting),
    ]
    index: list[tuple[str, str, str]] = []
    rows: list[np.ndarray] = []
    for category, mask, values in blocks:
        for i in np.flatnonzero(mask):
            index.append((category, ps[i].line, ps[i].id))
            rows.append(values[i])

    computing = m >= a.compute_start_month
    for line, value in workload_costs(plan, a).items():  # month by month, following the team and the workload
        index.append(("Compute", line, ""))
        rows.append(value)
    price = price_in_currency(a.storage_price_per_tb_month, a)  # typed in the base currency
    storage = round_money_array((a.storage_tb + a.storage_growth_tb_per_month * (m - a.compute_start_month)) * price)
    index.append(("Storage", "Storage", ""))
    rows.append(storage * computing)

    data = np.vstack(rows) if rows else np.zeros((0, len(m)))
    return index, data + 0.0


def period_label(day: date, period: str, fiscal_year_start: int = 1) -> str:
    """The fiscal quarter or year a month belongs to, as finance writes it: ``FY2027 Q1``, ``FY2027``.

    A fiscal year is named after the calendar year it ends in: with April as its first month,
    April 2026 to March 2027 is FY2027. With January, fiscal years are calendar years.
    """
    year = day.year + (1 if fiscal_year_start > 1 and day.month >= fiscal_year_start else 0)
    if period == "Y":
        return f"FY{year}"
    return f"FY{year} Q{(day.month - fiscal_year_start) % 12 // 3 + 1}"


def budget_totals(budget: pd.DataFrame, period: str = "M", fiscal_year_start: int = 1) -> pd.DataFrame:
    """Totals by category per month (``"M"``), fiscal quarter (``"Q"``) or fiscal year (``"Y"``), with a Total row.

    Quarters and years are labelled by ``period_label``, in the order the months meet them.
    """
    import pandas as pd

    if period not in ("M", "Q", "Y"):
        raise ValueError(f"period must be M, Q or Y, not {period!r}")
    by_category = budget.groupby(level="category", sort=False).sum().reindex(CATEGORIES, fill_value=0.0)
    if period != "M":
        days = [p.to_timestamp().date() for p in pd.PeriodIndex(budget.columns)]
        labels = [period_label(d, period, fiscal_year_start) for d in days]
        by_category = by_category.T.groupby(labels, sort=False).sum().T
    by_category.loc["Total"] = by_category.sum()
    return pd.DataFrame(round_money_array(by_category.to_numpy()), index=by_category.index, columns=by_category.columns)


def headcount_by_month(plan: Plan, assumptions: Assumptions | None = None) -> pd.Series:
    """FTE on board in each month of the plan."""
    import pandas as pd

    a = assumptions or plan.assumptions
    m = np.arange(1, a.horizon_months + 1)
    fte = np.zeros(len(m))
    for p in plan.positions:
        fte += p.fte * np.array([p.on_board(int(month)) for month in m])
    return pd.Series(np.round(fte, 6), index=months(a), name="fte")
