"""project_budget: the monthly cost of a plan, to the cent."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xl_aiteam import Assumptions, budget_totals, build_plan, ml_cost, parse_assumptions, project_budget
from xl_aiteam.budget import CATEGORIES, headcount_by_month, period_label
from xl_aiteam.catalog import load_catalog
from xl_aiteam.money import round_money, round_money_array
from xl_aiteam.plan import Plan
from xl_aiteam.workload import PRACTITIONER_FUNCTIONS, full_run_cost


def _budget(plan: Plan) -> pd.DataFrame:
    return project_budget(plan)


def test_ten_person_team_costs_3_to_5_million_a_year() -> None:
    """Seed 002: a mid-sized team of 10 costs $3-5M a year with people, compute and infrastructure."""
    a = Assumptions(stage=2, size="low", horizon_months=24)
    plan = build_plan(a)
    assert sum(p.fte for p in plan.positions if p.role != "domain_expert") == 10
    yearly = budget_totals(_budget(plan), "Y").loc["Total"]
    full_year = yearly.iloc[1]  # year 2: everyone is on board all year
    fact = load_catalog().fact("ten_person_team_annual_cost")
    assert fact.low <= full_year <= fact.high, full_year


def test_totals_equal_the_sum_of_their_parts(default_plan: Plan) -> None:
    budget = _budget(default_plan)
    monthly = budget_totals(budget, "M")
    quarterly = budget_totals(budget, "Q")
    yearly = budget_totals(budget, "Y")
    for category in CATEGORIES:
        rows = budget[budget.index.get_level_values("category") == category]  # none: a row of zeros
        assert np.allclose(monthly.loc[category].to_numpy(), rows.sum().to_numpy(), atol=0.005)
    assert np.allclose(monthly.loc["Total"], monthly.drop(index="Total").sum(), atol=0.005)
    grand = budget.to_numpy().sum()
    assert quarterly.loc["Total"].sum() == pytest.approx(grand, abs=0.01)
    assert yearly.loc["Total"].sum() == pytest.approx(grand, abs=0.01)
    assert np.allclose(yearly.drop(index="Total").sum(axis=1), monthly.drop(index="Total").sum(axis=1), atol=0.01)


def test_every_cell_is_a_whole_number_of_cents(default_plan: Plan) -> None:
    cents = _budget(default_plan).to_numpy() * 100
    assert np.allclose(cents, np.round(cents), atol=1e-6)


def test_nothing_is_spent_before_a_start_month(default_plan: Plan) -> None:
    budget = _budget(default_plan)
    starts = {p.id: p.start_month for p in default_plan.positions}
    for (category, _line, position), row in zip(budget.index, budget.to_numpy(), strict=True):
        if position:
            before = row[: starts[position] - 1]
            assert (before == 0).all(), (category, position)
            if starts[position] <= default_plan.assumptions.horizon_months:
                assert row[starts[position] - 1] > 0


def test_a_permanent_salary_is_loaded_prorated_and_raised_every_12_months() -> None:
    a = Assumptions(stage=2, horizon_months=30)
    plan = build_plan(a)
    p = plan.positions[0]  # the senior ML engineer
    row = _budget(plan).xs(("Personnel", p.line, p.id)).to_numpy()
    monthly = 300_000 * 1.0 * 1.25 / 12
    assert row[p.start_month - 1] == round_money(monthly)
    assert row[11] == round_money(monthly)
    assert row[12] == round_money(monthly * 1.03)  # month 13: the second plan year
    assert row[24] == round_money(monthly * 1.03**2)


def test_a_contractor_costs_the_rate_not_salary_times_multiplier() -> None:
    a = parse_assumptions(
        {
            "team": [
                {"role": "ml_engineer", "level": "senior", "fte": 1, "employment": "contractor"},
                {"role": "domain_expert", "level": "senior", "fte": 0.5, "employment": "internal"},
            ]
        }
    )
    plan = build_plan(a)
    budget = _budget(plan)
    p = plan.positions[0]
    row = budget.xs(("Contractors", p.line, p.id)).to_numpy()
    expected = a.terms("ml_engineer").contractor_hourly_rate * a.contractor_hours_per_month
    assert row[p.start_month - 1] == expected == 140 * 160
    assert row[-1] == expected  # no raise, no loading
    assert ("Personnel", p.label, p.id) not in budget.index
    assert ("Recruiting", p.label, p.id) not in budget.index


def test_recruiting_fee_in_the_start_month_then_backfill() -> None:
    a = Assumptions(stage=2)
    plan = build_plan(a)
    p = plan.positions[0]
    row = _budget(plan).xs(("Recruiting", p.line, p.id)).to_numpy()
    assert row[p.start_month - 1] == a.recruiting_cost_per_hire
    assert row[p.start_month] == round_money(a.recruiting_cost_per_hire * a.attrition_rate / 12)
    # an internal secondment is not recruited
    internal = next(q for q in plan.positions if q.employment.value == "internal")
    assert ("Recruiting", internal.label, internal.id) not in _budget(plan).index


def test_ml_cost_by_hand() -> None:
    a = Assumptions()
    # 100 useful hours at 50 % utilisation are 200 billed hours at the blended H100 rate
    blended = 6.88 * (0.4 + 0.3 * (1 - 0.37) + 0.3 * (1 - 0.7))
    assert ml_cost(100) == round_money(200 * blended) == 934.30
    assert ml_cost(100, pricing="on_demand") == 1376.00
    assert ml_cost(100, pricing="spot", utilisation=1) == round_money(100 * 6.88 * 0.3)
    assert ml_cost(100, gpu_type="aws_a100_80gb", pricing="on_demand", utilisation=1) == 343.00
    assert ml_cost(100, rate=2, pricing="reserved", utilisation=0.25, assumptions=a) == round_money(400 * 2 * 0.63)


def test_compute_split_stays_inside_the_seed_ranges() -> None:
    # the default (stage 2) workload at full run; other stages' splits are what their teams make of it
    shares = full_run_cost(build_plan(Assumptions())).shares()
    facts = load_catalog().costs.facts
    for part in ("training", "inference", "data_processing"):
        assert shares[part] in facts[f"compute_share_{part}"].range, (part, shares[part])


def test_compute_follows_the_team_and_storage_starts_at_the_compute_start_month() -> None:
    a = Assumptions(compute_start_month=4)
    plan = build_plan(a)
    budget = _budget(plan)
    first = min(p.productive_month for p in plan.positions if p.function in PRACTITIONER_FUNCTIONS)
    compute = budget.xs("Compute", level="category").to_numpy()
    assert (compute[:, : first - 1] == 0).all() and (compute[0, first - 1 :] > 0).all()
    storage = budget.xs(("Storage", "Storage", "")).to_numpy()
    assert (storage[:3] == 0).all()
    assert storage[3] == round_money(a.storage_tb * a.storage_price_per_tb_month)
    assert storage[4] == round_money((a.storage_tb + a.storage_growth_tb_per_month) * a.storage_price_per_tb_month)


def test_headcount_by_month_adds_up_the_fte_on_board(default_plan: Plan) -> None:
    heads = headcount_by_month(default_plan)
    last = default_plan.assumptions.horizon_months
    assert heads.iloc[-1] == pytest.approx(sum(p.fte for p in default_plan.positions if p.start_month <= last))
    assert (heads.diff().dropna() >= 0).all()


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (0.125, 0.13),  # Python's round gives 0.12: half to even
        (2.675, 2.68),  # 2.675 is 2.67499999... in binary; Excel shows and rounds 2.675
        (-0.125, -0.13),  # half away from zero
        (1.005, 1.01),
        (1234567.885, 1234567.89),
        (0.0, 0.0),
    ],
)
def test_money_rounds_as_excel_round(value: float, rounded: float) -> None:
    assert round_money(value) == rounded
    assert round_money_array([value])[0] == rounded


@given(st.floats(min_value=-1e9, max_value=1e9, allow_nan=False))
def test_vectorised_rounding_matches_decimal_rounding(value: float) -> None:
    assert round_money_array([value])[0] == round_money(value)


@pytest.mark.parametrize(
    ("month", "start", "quarter", "year"),
    [
        (date(2027, 1, 1), 1, "FY2027 Q1", "FY2027"),  # a calendar fiscal year
        (date(2027, 3, 1), 4, "FY2027 Q4", "FY2027"),  # April start: March closes FY2027
        (date(2027, 4, 1), 4, "FY2028 Q1", "FY2028"),  # ... and April opens FY2028, named for the year it ends in
        (date(2027, 6, 1), 7, "FY2027 Q4", "FY2027"),  # July start
        (date(2027, 12, 1), 10, "FY2028 Q1", "FY2028"),  # October start
    ],
)
def test_fiscal_periods_are_named_as_finance_names_them(month: date, start: int, quarter: str, year: str) -> None:
    assert period_label(month, "Q", start) == quarter
    assert period_label(month, "Y", start) == year


def test_totals_follow_the_fiscal_year() -> None:
    a = Assumptions(stage=2, horizon_months=24, fiscal_year_start=4)  # January 2027 to December 2028
    totals = budget_totals(_budget(build_plan(a)), "Y", a.fiscal_year_start)
    assert list(totals.columns) == ["FY2027", "FY2028", "FY2029"]
    assert totals.loc["Total"].sum() == pytest.approx(_budget(build_plan(a)).to_numpy().sum(), abs=0.01)
