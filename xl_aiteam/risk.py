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
code); compute follows the months each run's ML practitioners are productive, by the Budget's
rules (``workload.workload_hours``); storage does not depend on who is on board. With every
range collapsed (``Spread.none()``) each run is the deterministic plan, to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt

from .assumptions import Assumptions
from .budget import PeopleRates, budget_lines, people_rates
from .catalog import Employment, load_catalog
from .money import round_money, round_money_array
from .plan import Plan
from .rules import check_number
from .workload import PRACTITIONER_FUNCTIONS, hours_costs, workload_hours

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
    # low + sqrt(u (high - low) (1 - low)) below the cut, high - sqrt((1 - u) (high - low) (high - 1)) above,
    # worked in place: the same operations in the same order, without the temporaries
    left = u * (high - low)
    left *= 1.0 - low
    np.sqrt(left, out=left)
    left += low
    right = 1.0 - u
    right *= high - low
    right *= high - 1.0
    np.sqrt(right, out=right)
    np.subtract(high, right, out=right)
    np.copyto(right, left, where=u < cut)
    return right


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
    fte = np.array([p.fte for p in ps], dtype=np.float64)
    practising = np.array([p.function in PRACTITIONER_FUNCTIONS for p in ps], dtype=bool)

    rng = np.random.default_rng(seed)
    start = np.empty((runs, n), dtype=np.int32)
    productive = np.empty((runs, n), dtype=np.int32)
    # the draws, block by block as they always were (the same seed gives the same runs)
    step = max(1, 1_000_000 // max(1, n * len(rates.months)))
    for at in range(0, runs, step):
        k = min(step, runs - at)
        drawn = rng.random((MAX_RESTARTS + 1, k, n))  # the time to fill of each search and of every reopening
        failed = np.logical_and.accumulate(rng.random((MAX_RESTARTS, k, n)) < spread.fail_chance, axis=0)  # this and all before failed
        again = np.zeros((k, n))  # the reopened searches' months, added in the order of the searches
        for i in range(MAX_RESTARTS):  # drawn only where the search before failed: elsewhere it adds nothing
            reopened = failed[i]
            if reopened.any():
                again[reopened] += np.broadcast_to(to_fill, (k, n))[reopened] * _triangular(drawn[i + 1][reopened], *spread.fill)
        searching = to_fill * _triangular(drawn[0], *spread.fill) + again
        late = (rng.random((k, n)) < spread.late_chance) * rng.integers(spread.late[0], spread.late[1] + 1, (k, n))
        began = np.where(searched, opens + _whole(searching) + late, planned_start)
        ramped = np.where(searched, _whole(ramp * _triangular(rng.random((k, n)), *spread.ramp)), ramp.astype(np.int64))
        start[at : at + k], productive[at : at + k] = began, began + ramped
    # what the runs cost and who is on board, month by month, many runs at a time
    headcount = np.empty((runs, len(rates.months)))
    spend = np.empty((runs, len(rates.months)))
    fixed = _fixed_spend(plan)
    chunk = max(1, 1_000_000 // max(1, n))
    for at in range(0, runs, chunk):
        began, ready = start[at : at + chunk], productive[at : at + chunk]
        on_board = _Spans(began, rates.end.reshape(-1), len(rates.months))
        headcount[at : at + chunk] = np.round(on_board(fte), 6) + 0.0
        compute = _compute(a, ready, rates, fte, practising)
        spend[at : at + chunk] = round_money_array(_people_cost(began, rates, on_board) + compute + fixed)
    return Simulation(plan=plan, runs=runs, seed=seed, start=start, productive=productive, headcount=headcount, spend=spend)


def _fixed_spend(plan: Plan) -> Floats:
    """Storage per month: the Budget's row that does not depend on who is on board."""
    index, data = budget_lines(plan)
    rows = [i for i, (category, _, _) in enumerate(index) if category == "Storage"]
    return data[rows].sum(axis=0) if rows else np.zeros(data.shape[1])


class _Spans:
    """Sums over spans of months, per run: for each run (a row of ``first`` and ``last``, runs x
    positions) and month 1..``months``, the sum of each position's weight over the months from its
    ``first`` to its ``last`` (nothing when ``first`` comes after ``last``). A weight is added where
    its span opens and taken off after it closes, then summed along the months: the work is per run
    and position, not per run, position and month."""

    def __init__(self, first: npt.NDArray[np.integer[Any]], last: npt.NDArray[np.integer[Any]], months: int) -> None:
        self.runs, self.months = first.shape[0], months
        self.size = self.runs * (months + 2)  # months 0..months+1: spans open at 1..months, close after, at 2..months+1
        last = np.minimum(last, months)
        counted = first <= last
        row = (np.arange(self.runs, dtype=np.int64) * (months + 2)).reshape(-1, 1)
        self.opens = (np.where(counted, first, months + 1) + row).ravel()  # month months+1: past the horizon, not read
        closing = counted & (last < months)
        self.closes = (np.where(closing, last + 1, months + 1) + row).ravel() if closing.any() else None

    def sums(self, weight: Floats) -> Floats:
        """Per run and month 0..months+1 (column m is month m): the weights of the spans open then."""
        w = np.broadcast_to(weight, (self.runs, len(weight))).ravel()
        steps = np.bincount(self.opens, w, minlength=self.size)
        if self.closes is not None:
            steps -= np.bincount(self.closes, w, minlength=self.size)
        return np.cumsum(steps.reshape(self.runs, self.months + 2), axis=1)

    def __call__(self, weight: Floats) -> Floats:
        return self.sums(weight)[:, 1 : self.months + 1]


def _people_cost(start: Ints, rates: PeopleRates, on_board: _Spans) -> Floats:
    """The Budget's personnel, contractor and recruiting cost per run and month (``rates.costs``
    laid over each run's starts and summed over the positions), rounded to the cent by the caller;
    ``on_board``: the spans from each start to the position's last month.

    The monthly rates change only where a year's raise begins: within each stretch of months with
    the same rates, the sum is that of the positions on board at those rates."""
    months = len(rates.months)
    rate = np.where(rates.salaried[:, None], rates.personnel, rates.contracts)  # positions x months
    permanent = rates.permanent
    fee = np.where(permanent, rates.fee.reshape(-1), 0.0)
    backfill = np.where(permanent, rates.backfill.reshape(-1), 0.0)
    total = np.empty((start.shape[0], months))
    changes = [0, *(int(t) for t in np.flatnonzero((rate[:, 1:] != rate[:, :-1]).any(axis=0)) + 1), months]
    for lo, hi in pairwise(changes):  # months lo+1..hi, columns lo+1..hi of the sums
        # the rate, and the backfill recruiting, over the months on board; less the start month's backfill below
        total[:, lo:hi] = on_board.sums(rate[:, lo] + backfill)[:, lo + 1 : hi + 1]
    if fee.any() or backfill.any():
        # in the start month: the fee (when the start is within the horizon) instead of a month's backfill
        runs = start.shape[0]
        row = (np.arange(runs, dtype=np.int64) * (months + 2)).reshape(-1, 1)
        size = runs * (months + 2)
        fees = np.bincount((np.minimum(start, months + 1) + row).ravel(), np.broadcast_to(fee, start.shape).ravel(), minlength=size)
        fees -= np.bincount(on_board.opens, np.broadcast_to(backfill, start.shape).ravel(), minlength=size)
        total += fees.reshape(runs, months + 2)[:, 1 : months + 1]
    return total


def _compute(
    a: Assumptions, productive: npt.NDArray[np.int32], rates: PeopleRates, fte: Floats, practising: npt.NDArray[np.bool_]
) -> Floats:
    """Compute per run and month, as the Budget computes it from the months its ML practitioners are
    productive in each run (``workload.workload_hours``): runs x months."""
    m = rates.months
    working = _Spans(productive, rates.end.reshape(-1), len(m))
    practitioners = np.round(working(np.where(practising, fte, 0.0)), 9) + 0.0
    never = np.iinfo(np.int32).max
    first = np.where(practising, productive, never).min(axis=1, initial=never)  # the first practitioner productive
    team_on: npt.NDArray[np.int64] = np.asarray(m >= first[:, None], dtype=np.int64)
    training, inference = workload_hours(a, practitioners, team_on)
    return sum(hours_costs(a, training, inference).values(), np.zeros(practitioners.shape))


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
