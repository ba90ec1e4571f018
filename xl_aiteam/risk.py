"""The risk that hiring runs late: a Monte Carlo simulation of the plan's searches.

Each run draws, for every position that has a search (permanent or internal hires):

* the time to fill: the role's planned months times a factor drawn from a triangular
  distribution whose ends are the catalog's recruiting range (4-12 weeks) over its midpoint,
  with its peak at 1 (the plan's own figure);
* searches that fail: each search fails with ``search_failure_chance`` and opens again, for
  another draw of the time to fill (at most ``MAX_RESTARTS`` times);
* a late start: with ``late_start_chance`` the person starts a whole number of months later,
  drawn evenly from the catalog's late-start range (1-2 months);
* the ramp-up: the role's planned months times a triangular factor from the catalog's ramp-up
  range (6-12 weeks) over its midpoint.

Contractors start after the contractor time to fill and people already employed in their own
month, as in the plan. Months are whole, as on the Budget: a drawn time is rounded half up.
Per run, the positions' costs follow the Budget's rules (``budget.people_rates``, the same
code); compute and storage do not depend on who is on board and are the plan's. With every
range collapsed (``Spread.none()``) each run is the deterministic plan, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

from .assumptions import Assumptions
from .budget import budget_lines, people_rates
from .catalog import Employment, load_catalog
from .money import round_money, round_money_array
from .plan import Plan
from .rules import check_number

__all__ = [
    "MAX_RESTARTS",
    "MEASURES",
    "PERCENTILES",
    "RiskRow",
    "Simulation",
    "Spread",
    "risk_rows",
    "simulate",
]

MAX_RESTARTS = 3  # a search that fails this many times is not opened a fourth time
PERCENTILES = (10, 50, 90)
YEAR = 12  # months in the first year of the plan

Ints = npt.NDArray[np.integer[Any]]
Floats = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Spread:
    """The ranges the draws come from: factors on the planned months, and the chances."""

    fill: tuple[float, float]  # low and high factor on the planned time to fill (its peak is 1)
    ramp: tuple[float, float]  # the same for the ramp-up
    late: tuple[int, int]  # months a late start adds, fewest and most
    late_chance: float
    fail_chance: float

    @classmethod
    def from_catalog(cls, a: Assumptions) -> Spread:
        """The catalog's recruiting, ramp-up and late-start ranges, and the assumptions' chances."""
        facts = load_catalog().costs.facts

        def factors(key: str) -> tuple[float, float]:
            low, high = facts[key].low, facts[key].high or facts[key].low
            mid = (low + high) / 2
            return (low / mid, high / mid)

        late = facts["late_start"]
        return cls(
            fill=factors("recruiting_time"),
            ramp=factors("ramp_up_time"),
            late=(int(late.low), int(late.high or late.low)),
            late_chance=a.late_start_chance,
            fail_chance=a.search_failure_chance,
        )

    @classmethod
    def none(cls) -> Spread:
        """Every range collapsed: each run is the plan."""
        return cls(fill=(1.0, 1.0), ramp=(1.0, 1.0), late=(0, 0), late_chance=0.0, fail_chance=0.0)


def _triangular(u: Floats, low: float, high: float) -> Floats:
    """Triangular draws on [low, high] with the peak at 1, from uniform ``u`` (inverse CDF)."""
    if high <= low:
        return np.ones_like(u)
    cut = (1.0 - low) / (high - low)
    left = low + np.sqrt(u * (high - low) * (1.0 - low))
    right = high - np.sqrt((1.0 - u) * (high - low) * (high - 1.0))
    return np.where(u < cut, left, right)


def _whole(months: Floats) -> Ints:
    """Months rounded half up, as whole months of the plan."""
    return np.floor(months + 0.5).astype(np.int64)


@dataclass(frozen=True)
class Simulation:
    """The runs: when each position starts and is productive, and headcount and spend per month."""

    plan: Plan
    runs: int
    seed: int
    start: Ints  # (runs, positions)
    productive: Ints  # (runs, positions)
    headcount: Floats  # (runs, months): FTE on board
    spend: Floats  # (runs, months): every Budget line, rounded to the cent

    @property
    def horizon(self) -> int:
        return self.plan.assumptions.horizon_months

    @cached_property
    def complete(self) -> Ints:
        """The month the last person starts, per run (0 for a plan without positions)."""
        return self.start.max(axis=1, initial=0)

    @cached_property
    def productive_all(self) -> Ints:
        return self.productive.max(axis=1, initial=0)

    @cached_property
    def year1(self) -> Floats:
        return round_money_array(self.spend[:, :YEAR].sum(axis=1))

    @cached_property
    def plan_spend(self) -> Floats:
        _, data = budget_lines(self.plan)
        return round_money_array(data.sum(axis=0))

    @cached_property
    def plan_year1(self) -> float:
        return round_money(float(self.plan_spend[:YEAR].sum()))

    @cached_property
    def unspent(self) -> Floats:
        """Year 1's budget not spent because seats are empty (negative: spent beyond it), per run."""
        return round_money_array(self.plan_year1 - self.year1)

    def percentile(self, values: npt.ArrayLike, q: float) -> float:
        """A value some run gave: the smallest with at least ``q`` % of runs at or below it."""
        return float(np.percentile(np.asarray(values), q, method="inverted_cdf"))

    def fan(self) -> Floats:
        """(3, months): headcount P10, P50 and P90 per month."""
        return np.percentile(self.headcount, PERCENTILES, axis=0, method="inverted_cdf")


def simulate(plan: Plan, runs: int | None = None, seed: int | None = None, spread: Spread | None = None) -> Simulation:
    """``runs`` simulations of the plan's hiring (default: the assumptions' runs and seed)."""
    a = plan.assumptions
    runs = a.risk_runs if runs is None else int(check_number("runs", runs, "risk_runs"))
    seed = a.risk_seed if seed is None else int(check_number("seed", seed, "risk_seed"))
    spread = spread or Spread.from_catalog(a)
    ps = plan.positions
    n = len(ps)
    searched = np.array([p.employment in (Employment.PERMANENT, Employment.INTERNAL) for p in ps], dtype=bool)
    opens = np.array([p.search_opens for p in ps], dtype=np.int64)
    planned_start = np.array([p.start_month for p in ps], dtype=np.int64)
    to_fill = np.array([a.terms(p.role).time_to_fill_months for p in ps], dtype=np.float64)
    ramp = np.array([p.productive_month - p.start_month for p in ps], dtype=np.float64)

    rates = people_rates(plan)
    m = rates.months
    # the Budget's cost of each position for every start month a run can give (1 to the latest possible), once
    latest = opens + _whole(to_fill * spread.fill[1] * (MAX_RESTARTS + 1)) + spread.late[1]
    starts = np.arange(1, int(np.max(np.maximum(latest, planned_start), initial=1)) + 1).reshape(-1, 1, 1)
    personnel, contracts, recruiting = rates.costs(starts)
    cost = np.where(rates.salaried[:, None], personnel, contracts) + recruiting * rates.permanent[:, None]  # (starts, positions, months)
    fte = np.array([p.fte for p in ps], dtype=np.float64).reshape(-1, 1)
    on_board = ((m >= starts) & (m <= rates.end)) * fte
    fixed = _fixed_spend(plan)

    rng = np.random.default_rng(seed)
    start = np.empty((runs, n), dtype=np.int32)
    productive = np.empty((runs, n), dtype=np.int32)
    headcount = np.empty((runs, len(m)))
    spend = np.empty((runs, len(m)))
    column = np.arange(n)
    step = max(1, 1_000_000 // max(1, n * len(m)))  # runs per block: memory stays small, and no loop over single runs
    for at in range(0, runs, step):
        k = min(step, runs - at)
        fill = to_fill * _triangular(rng.random((MAX_RESTARTS + 1, k, n)), *spread.fill)
        failed = np.cumprod(rng.random((MAX_RESTARTS, k, n)) < spread.fail_chance, axis=0)  # this search and all before failed
        searching = fill[0] + (fill[1:] * failed).sum(axis=0)
        late = (rng.random((k, n)) < spread.late_chance) * rng.integers(spread.late[0], spread.late[1] + 1, (k, n))
        began = np.where(searched, opens + _whole(searching) + late, planned_start)
        ramped = np.where(searched, _whole(ramp * _triangular(rng.random((k, n)), *spread.ramp)), ramp.astype(np.int64))
        start[at : at + k], productive[at : at + k] = began, began + ramped
        picked = began - 1
        headcount[at : at + k] = np.round(on_board[picked, column].sum(axis=1), 6)
        spend[at : at + k] = round_money_array(cost[picked, column].sum(axis=1) + fixed)
    return Simulation(plan=plan, runs=runs, seed=seed, start=start, productive=productive, headcount=headcount, spend=spend)


def _fixed_spend(plan: Plan) -> Floats:
    """Compute and storage per month: the Budget's rows that do not depend on who is on board."""
    index, data = budget_lines(plan)
    rows = [i for i, (category, _, _) in enumerate(index) if category in ("Compute", "Storage")]
    return data[rows].sum(axis=0) if rows else np.zeros(data.shape[1])


MEASURES = {
    "complete": "Month the team is complete (the last person starts)",
    "productive": "Month the whole team is productive",
    "year1_cost": "Cost of year 1 (months 1-12)",
    "year1_unspent": "Year 1 budget unspent because seats are empty",
}


@dataclass(frozen=True)
class RiskRow:
    measure: str
    label: str
    unit: str
    plan: float
    p10: float
    p50: float
    p90: float


def risk_rows(sim: Simulation) -> list[RiskRow]:
    """One row per measure: the plan's own figure and the runs' P10, P50 and P90."""
    a = sim.plan.assumptions
    ps = sim.plan.positions
    plan_values = {
        "complete": float(max((p.start_month for p in ps), default=0)),
        "productive": float(max((p.productive_month for p in ps), default=0)),
        "year1_cost": sim.plan_year1,
        "year1_unspent": 0.0,
    }
    values = {"complete": sim.complete, "productive": sim.productive_all, "year1_cost": sim.year1, "year1_unspent": sim.unspent}
    months = min(YEAR, sim.horizon)
    rows = []
    for key, label in MEASURES.items():
        unit = "month of the plan" if key in ("complete", "productive") else a.currency
        if key.startswith("year1") and months < YEAR:
            label = label.replace("months 1-12", f"months 1-{months}")
        p10, p50, p90 = (sim.percentile(values[key], q) for q in PERCENTILES)
        rows.append(RiskRow(key, label, unit, plan_values[key], p10, p50, p90))
    return rows
