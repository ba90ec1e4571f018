"""Properties of the budget that hold for any plan (hypothesis draws the plans)."""

from __future__ import annotations

from datetime import date
from typing import Any

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xl_aiteam import budget_totals, build_plan, parse_assumptions, project_budget
from xl_aiteam.catalog import load_catalog
from xl_aiteam.workload import workload_months

CATALOG = load_catalog()
ROLES = {role_id: [lvl.value for lvl in role.levels] for role_id, role in CATALOG.roles.items()}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def team_lines(draw: Any) -> dict[str, Any]:
    role = draw(st.sampled_from(sorted(ROLES)))
    return {
        "role": role,
        "level": draw(st.sampled_from(ROLES[role])),
        "fte": draw(st.sampled_from([0.25, 0.5, 0.8, 1.0])),
        "employment": draw(st.sampled_from(["permanent", "contractor", "internal"])),
        "search_month": draw(st.integers(min_value=1, max_value=30)),
    }


@st.composite
def plans(draw: Any) -> dict[str, Any]:
    return {
        "team": draw(st.lists(team_lines(), min_size=1, max_size=12)),
        "horizon_months": draw(st.integers(min_value=1, max_value=60)),
        "start_date": draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2040, 12, 31))),
        "annual_raise": draw(st.sampled_from([0.0, 0.03, 0.045])),
        "attrition_rate": draw(st.sampled_from([0.0, 0.12, 0.3])),
        "compute_start_month": draw(st.integers(min_value=1, max_value=12)),
    }


def _total(data: dict[str, Any]) -> float:
    return float(project_budget(build_plan(parse_assumptions(data))).to_numpy().sum())


@SETTINGS
@given(plans())
def test_totals_equal_the_sums_of_their_parts(data: dict[str, Any]) -> None:
    budget = project_budget(build_plan(parse_assumptions(data)))
    grand = budget.to_numpy().sum()
    for period in ("M", "Q", "Y"):
        totals = budget_totals(budget, period)
        assert np.isclose(totals.loc["Total"].sum(), grand, atol=0.01)
        assert np.allclose(totals.drop(index="Total").sum(), totals.loc["Total"], atol=0.01)
    by_category = budget.groupby(level="category").sum().sum(axis=1)
    monthly = budget_totals(budget, "M")
    assert np.allclose(monthly.loc[by_category.index].sum(axis=1), by_category, atol=0.01)


@SETTINGS
@given(plans())
def test_nothing_is_spent_before_a_start_month(data: dict[str, Any]) -> None:
    plan = build_plan(parse_assumptions(data))
    budget = project_budget(plan)
    starts = {p.id: p.start_month for p in plan.positions}
    a = plan.assumptions
    work = workload_months(plan)
    # compute runs once an ML practitioner is productive, and fixed extra hours from the compute start month
    fixed = (np.arange(1, a.horizon_months + 1) >= a.compute_start_month) & (
        a.training_gpu_hours_per_month + a.inference_gpu_hours_per_month > 0
    )
    for (category, _line, position), row in zip(budget.index, budget.to_numpy(), strict=True):
        if category == "Compute":
            assert (row[~(work.team_on.astype(bool) | fixed)] == 0).all(), (category, _line)
            continue
        first = starts[position] if position else a.compute_start_month
        assert (row[: first - 1] == 0).all(), (category, position)


@SETTINGS
@given(plans(), st.integers(min_value=0, max_value=11), st.integers(min_value=1, max_value=200_000))
def test_cost_rises_with_salary(data: dict[str, Any], pick: int, raise_by: int) -> None:
    line = data["team"][pick % len(data["team"])]
    before = parse_assumptions(data)
    salary = before.salary(line["role"], line["level"])
    higher = {**data, "salaries": {line["role"]: {line["level"]: salary + raise_by}}}
    assert _total(higher) >= _total(data)
    if line["employment"] != "contractor" and build_plan(before).positions[pick % len(data["team"])].start_month <= data["horizon_months"]:
        assert _total(higher) > _total(data)


@SETTINGS
@given(plans(), st.integers(min_value=0, max_value=11))
def test_cost_rises_with_fte(data: dict[str, Any], pick: int) -> None:
    i = pick % len(data["team"])
    smaller = {**data, "team": [dict(line, fte=0.25) if j == i else line for j, line in enumerate(data["team"])]}
    larger = {**data, "team": [dict(line, fte=1.0) if j == i else line for j, line in enumerate(data["team"])]}
    assert _total(larger) >= _total(smaller)


@SETTINGS
@given(plans(), st.floats(min_value=0, max_value=50_000), st.floats(min_value=0, max_value=50_000))
def test_cost_rises_with_gpu_hours(data: dict[str, Any], hours: float, more: float) -> None:
    low = {**data, "training_gpu_hours_per_month": hours, "inference_gpu_hours_per_month": hours}
    high = {**data, "training_gpu_hours_per_month": hours + more, "inference_gpu_hours_per_month": hours}
    assert _total(high) >= _total(low)


@SETTINGS
@given(plans(), st.sampled_from([1.0, 1.2, 1.25, 1.5]), st.sampled_from([1.1, 1.4, 2.0, 3.0]))
def test_personnel_scales_linearly_with_the_loaded_multiplier(data: dict[str, Any], m1: float, m2: float) -> None:
    def personnel(m: float) -> np.ndarray:
        budget = project_budget(build_plan(parse_assumptions({**data, "loaded_multiplier": m})))
        return budget.xs("Personnel", level="category").to_numpy() if "Personnel" in budget.index.get_level_values(0) else np.zeros(1)

    a, b = personnel(m1), personnel(m2)
    # each cell is rounded to the cent on its own: the scaled cell may differ by one rounding step each way
    assert np.allclose(a * (m2 / m1), b, atol=0.005 * (m2 / m1) + 0.005 + 1e-9)


PROPERTIES = 6  # the README quotes this; with the rounding property in test_budget.py, 7 in all
