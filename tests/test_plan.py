"""build_plan follows the hiring sequence; check_plan finds the seeds' hiring mistakes."""

from __future__ import annotations

from typing import Any

import pytest

from xl_aiteam import Assumptions, build_plan, check_plan, parse_assumptions
from xl_aiteam.catalog import Employment, Function, load_catalog
from xl_aiteam.plan import Plan, coverage


def _plan(team: list[dict[str, Any]], **changes: Any) -> Plan:
    return build_plan(parse_assumptions({"team": team, **changes}))


def _codes(plan: Plan) -> set[str]:
    return {f.code for f in check_plan(plan)}


def line(role: str, level: str, fte: float = 1, **extra: Any) -> dict[str, Any]:
    return {"role": role, "level": level, "fte": fte, **extra}


DOMAIN = line("domain_expert", "senior", 0.5, employment="internal")


@pytest.mark.parametrize("size", ["low", "mid", "high"])
def test_the_default_plan_of_every_stage_and_size_passes(stage: int, size: str) -> None:
    plan = build_plan(Assumptions(stage=stage, size=size))
    assert check_plan(plan) == []
    assert all(cover > 0 for f, cover in coverage(plan).items() if f in load_catalog().hiring.four_functions.functions)


def test_stage_1_plan_is_the_seed_table_plus_a_domain_expert() -> None:
    plan = build_plan(Assumptions(stage=1))
    got = [(p.role, p.level.value, p.fte, p.employment.value) for p in plan.positions]
    assert got == [
        ("ml_engineer", "senior", 1.0, "permanent"),
        ("data_engineer", "mid", 1.0, "permanent"),
        ("ml_engineer", "mid", 1.0, "permanent"),
        ("ai_product_manager", "mid", 0.5, "internal"),
        ("data_scientist", "mid", 0.5, "contractor"),
        ("domain_expert", "senior", 0.5, "internal"),
    ]
    assert sum(p.fte for p in plan.positions if p.role != "domain_expert") == 4


def test_searches_open_in_the_hiring_windows_and_starts_follow_time_to_fill() -> None:
    a = Assumptions(stage=2)
    plan = build_plan(a)
    for p in plan.positions:
        to_fill = a.contractor_time_to_fill_months if p.employment == Employment.CONTRACTOR else a.terms(p.role).time_to_fill_months
        assert p.start_month == p.search_month + to_fill
        assert p.productive_month == p.start_month + a.terms(p.role).ramp_up_months
    first = min(plan.positions, key=lambda p: (p.search_month, p.role != "ml_engineer"))
    assert (first.role, first.level.value, first.search_month) == ("ml_engineer", "senior", 1)
    searches = {(p.role, p.level.value): p.search_month for p in plan.positions}
    assert searches[("ml_engineer", "mid")] == 3 and searches[("data_engineer", "senior")] == 3
    assert searches[("mlops_engineer", "senior")] == 6 and searches[("ai_product_manager", "senior")] == 6
    assert searches[("data_scientist", "senior")] == 9
    assert max(p.start_month for p in plan.positions) <= 12  # a team from scratch in 9-12 months


def test_a_longer_time_to_fill_moves_the_start() -> None:
    slow = parse_assumptions({"role_terms": {"ml_engineer": {"time_to_fill_months": 5}}})
    p = build_plan(slow).positions[0]
    assert (p.search_month, p.start_month) == (1, 6)


def test_stage_3_applied_ml_is_sized_per_product() -> None:
    two = build_plan(Assumptions(stage=3, products=2))
    four = build_plan(Assumptions(stage=3, products=4))
    applied = load_catalog().stage(3).sub_teams[1]
    assert four.fte - two.fte == 2 * applied.size.low + 2 * 0.5  # 3 seats and half a domain expert per product
    assert len(build_plan(Assumptions(stage=3, size="high", products=4)).positions) >= 40


FLAGGED = [
    # a data scientist hired first: models nobody can deploy
    ("DS_FIRST", [line("data_scientist", "senior", search_month=1), line("ml_engineer", "senior", search_month=4), DOMAIN]),
    # everyone senior
    ("ALL_SENIOR", [line("ml_engineer", "senior"), line("data_scientist", "senior"), line("mlops_engineer", "senior"), DOMAIN]),
    # everyone junior
    ("ALL_JUNIOR", [line("ml_engineer", "junior"), line("data_scientist", "junior"), line("mlops_engineer", "junior"), DOMAIN]),
    # MLOps only after month 9
    (
        "MLOPS_LATE",
        [line("ml_engineer", "senior"), line("data_scientist", "mid"), line("mlops_engineer", "mid", search_month=9), DOMAIN],
    ),
    # nobody from the domain
    ("NO_DOMAIN_EXPERT", [line("ml_engineer", "senior"), line("ml_engineer", "mid"), line("data_scientist", "mid")]),
    # no infrastructure: a mid-level ML engineer does not own infrastructure
    (
        "NO_INFRASTRUCTURE",
        [line("ml_engineer", "mid"), line("ml_engineer", "junior"), line("data_scientist", "senior", search_month=9), DOMAIN],
    ),
    ("NO_DATA_SCIENCE", [line("ml_engineer", "senior"), line("ml_engineer", "mid"), DOMAIN]),
    ("NO_ML_ENGINEERING", [line("data_scientist", "senior"), line("infrastructure_engineer", "mid"), DOMAIN]),
    # research outweighs engineering
    (
        "RESEARCH_LAB",
        [line("ml_engineer", "senior"), line("research_scientist", "senior"), line("data_scientist", "mid"), DOMAIN],
    ),
    # 15 people and no platform
    (
        "PLATFORM_LATE",
        [line("ml_engineer", "senior")] + [line("ml_engineer", "mid")] * 10 + [line("data_scientist", "mid")] * 4 + [DOMAIN],
    ),
]


@pytest.mark.parametrize(("code", "team"), FLAGGED, ids=[c for c, _ in FLAGGED])
def test_check_plan_flags_each_mistake(code: str, team: list[dict[str, Any]]) -> None:
    findings = {f.code: f for f in check_plan(_plan(team))}
    assert code in findings
    f = findings[code]
    assert f.message and f.fix and "\n" not in f.message
    assert f.severity == next(m.severity for m in load_catalog().hiring.mistakes if m.code == code)


def test_a_good_small_plan_is_not_flagged() -> None:
    team = [line("ml_engineer", "senior"), line("ml_engineer", "mid"), line("data_scientist", "mid"), DOMAIN]
    assert _codes(_plan(team)) == set()


def test_a_data_scientist_starting_with_the_first_engineer_is_not_first() -> None:
    team = [line("ml_engineer", "senior"), line("data_scientist", "mid", search_month=1), DOMAIN]
    assert "DS_FIRST" not in _codes(_plan(team))


def test_positions_after_the_horizon_are_reported() -> None:
    plan = build_plan(Assumptions(stage=2, horizon_months=6))
    late = next(f for f in check_plan(plan) if f.code == "STARTS_AFTER_HORIZON")
    assert late.severity == "info"
    assert set(late.positions) == {p.id for p in plan.positions if p.start_month > 6}


def test_coverage_counts_fte_per_function() -> None:
    cover = coverage(build_plan(Assumptions(stage=1)))
    assert cover[Function.DATA_SCIENCE] == 0.5
    assert cover[Function.ML_ENGINEERING] == 3  # two ML engineers and the data engineer
    assert cover[Function.INFRASTRUCTURE] == 1  # the senior ML engineer
    assert cover[Function.DOMAIN] == 0.5


# --- people already employed, positions that end, the hiring delay ------------------------------


def test_a_person_already_employed_is_there_from_their_month_with_no_search_fee_or_ramp_up() -> None:
    from xl_aiteam import project_budget

    a = parse_assumptions(
        {"team": [{"role": "ml_engineer", "level": "senior", "fte": 1, "employment": "existing"},
                  {"role": "data_engineer", "level": "mid", "fte": 1, "employment": "existing", "search_month": 4}]}
    )  # fmt: skip
    plan = build_plan(a)
    first, later = plan.positions
    assert (first.search_opens, first.start_month, first.productive_month) == (1, 1, 1)
    assert (later.start_month, later.productive_month) == (4, 4)
    budget = project_budget(plan)
    assert not any(cat == "Recruiting" for cat, _, _ in budget.index)
    pay = budget.xs(("Personnel", later.line, later.id)).to_numpy()
    assert pay[2] == 0 and pay[3] > 0


def test_the_hiring_delay_moves_every_search_but_not_the_people_already_employed() -> None:
    team = [
        {"role": "ml_engineer", "level": "senior", "fte": 1},
        {"role": "data_engineer", "level": "mid", "fte": 1, "employment": "existing"},
    ]
    on_time = build_plan(parse_assumptions({"team": team}))
    late = build_plan(parse_assumptions({"team": team, "hiring_delay_months": 2}))
    assert late.positions[0].search_month == on_time.positions[0].search_month  # the plan, as typed
    assert late.positions[0].search_opens == on_time.positions[0].search_opens + 2
    assert late.positions[0].start_month == on_time.positions[0].start_month + 2
    assert late.positions[1].start_month == on_time.positions[1].start_month == 1


def test_a_position_that_ends_stops_costing_and_covering() -> None:
    from xl_aiteam import project_budget

    a = parse_assumptions(
        {"horizon_months": 12, "team": [{"role": "ml_engineer", "level": "senior", "fte": 1, "employment": "contractor", "end_month": 6},
                                         {"role": "domain_expert", "level": "senior", "fte": 1, "employment": "internal"}]}
    )  # fmt: skip
    plan = build_plan(a)
    bridge = plan.positions[0]
    row = project_budget(plan).xs(("Contractors", bridge.line, bridge.id)).to_numpy()
    assert row[bridge.start_month - 1] > 0 and row[5] > 0 and not row[6:].any()
    assert coverage(plan)[Function.ML_ENGINEERING] == 0  # gone before the end of the plan
    assert "NO_ML_ENGINEERING" in {f.code for f in check_plan(plan)}


def test_an_end_before_the_start_is_a_finding_not_a_crash() -> None:
    a = parse_assumptions({"team": [{"role": "ml_engineer", "level": "senior", "fte": 1, "search_month": 4, "end_month": 2}]})
    findings = {f.code: f for f in check_plan(build_plan(a))}
    assert findings["END_BEFORE_START"].positions == ("P01",)
