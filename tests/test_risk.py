"""The hiring-risk simulation: seeded, ordered, and the plan itself when nothing is uncertain."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from xl_aiteam import build_plan, parse_assumptions
from xl_aiteam.assumptions import default_assumptions
from xl_aiteam.budget import headcount_by_month
from xl_aiteam.catalog import load_catalog
from xl_aiteam.errors import InputError
from xl_aiteam.plan import default_team
from xl_aiteam.risk import PERCENTILES, Spread, risk_rows, simulate


def _plan(stage: int = 3, **changes: object):  # type: ignore[no-untyped-def]
    return build_plan(default_assumptions(stage, **changes))


def test_the_same_seed_gives_the_same_runs_and_another_seed_other_runs() -> None:
    plan = _plan()
    one, two, other = simulate(plan, 2000, 7), simulate(plan, 2000, 7), simulate(plan, 2000, 8)
    assert np.array_equal(one.start, two.start) and np.array_equal(one.spend, two.spend)
    assert risk_rows(one) == risk_rows(two)
    assert not np.array_equal(one.start, other.start)


@pytest.mark.parametrize("stage", [1, 2, 3])
def test_percentiles_are_ordered_and_late_hiring_spends_less_in_year_1(stage: int) -> None:
    sim = simulate(_plan(stage), 3001, 11)  # an odd count: one middle run
    rows = {r.measure: r for r in risk_rows(sim)}
    for row in rows.values():
        assert row.p10 <= row.p50 <= row.p90, row
    assert rows["complete"].p50 >= rows["complete"].plan  # failed searches and late starts only ever add months
    assert rows["year1_cost"].p90 <= rows["year1_cost"].plan + 0.005 or stage == 1
    assert rows["year1_unspent"].p50 == pytest.approx(rows["year1_cost"].plan - rows["year1_cost"].p50, abs=0.011)
    fan = sim.fan()
    assert fan.shape == (len(PERCENTILES), sim.horizon)
    assert (fan[0] <= fan[1]).all() and (fan[1] <= fan[2]).all()


@pytest.mark.parametrize(
    "changes",
    [
        {},  # the stage 3 default
        {"hiring_delay_months": 2, "horizon_months": 36},  # every search opens late, by plan
        {"stage": 2, "size": "high", "horizon_months": 60, "annual_raise": 0.05},  # raises in years 2-5
    ],
)
def test_with_every_range_collapsed_each_run_is_the_plan_to_the_cent(changes: dict[str, object]) -> None:
    a = parse_assumptions({**default_assumptions(3).model_dump(exclude={"team"}), **changes})
    if "stage" not in changes:  # mix in a contractor who leaves, an internal secondment and a person already employed
        team = [line.model_dump(mode="json") for line in default_team(a)]
        team[1]["employment"], team[2]["employment"], team[3]["employment"] = "contractor", "internal", "existing"
        team[1]["end_month"] = 9
        a = parse_assumptions({**a.model_dump(exclude={"team"}), "team": team})
    plan = build_plan(a)
    sim = simulate(plan, 40, 5, Spread.none())
    assert np.array_equal(sim.start, np.tile([p.start_month for p in plan.positions], (40, 1)))
    assert np.array_equal(sim.productive, np.tile([p.productive_month for p in plan.positions], (40, 1)))
    assert np.array_equal(sim.spend, np.tile(sim.plan_spend, (40, 1)))
    assert np.array_equal(sim.headcount, np.tile(headcount_by_month(plan).to_numpy(), (40, 1)))
    for row in risk_rows(sim):
        assert row.p10 == row.p50 == row.p90 == row.plan, row


def test_the_draws_stay_inside_the_catalog_ranges() -> None:
    facts = load_catalog().costs.facts
    assert (facts["recruiting_time"].low, facts["recruiting_time"].high) == (4, 12)  # weeks, the research note
    assert (facts["ramp_up_time"].low, facts["ramp_up_time"].high) == (6, 12)
    assert (facts["late_start"].low, facts["late_start"].high) == (1, 2)
    plan = _plan(2)
    a = plan.assumptions
    no_failures = parse_assumptions({**a.model_dump(), "search_failure_chance": 0, "late_start_chance": 0})
    sim = simulate(build_plan(no_failures), 4000, 3)
    for i, p in enumerate(plan.positions):
        planned = a.terms(p.role).time_to_fill_months
        took = sim.start[:, i] - p.search_opens
        assert took.min() >= np.floor(planned * 0.5 + 0.5) and took.max() <= np.floor(planned * 1.5 + 0.5), p.role
        ramp = sim.productive[:, i] - sim.start[:, i]
        planned_ramp = p.productive_month - p.start_month
        assert ramp.min() >= np.floor(planned_ramp * 6 / 9 + 0.5) and ramp.max() <= np.floor(planned_ramp * 12 / 9 + 0.5)


def test_failed_searches_and_late_starts_push_the_team_later() -> None:
    plan = _plan(2)
    calm = parse_assumptions({**plan.assumptions.model_dump(), "search_failure_chance": 0, "late_start_chance": 0})
    rough = parse_assumptions({**plan.assumptions.model_dump(), "search_failure_chance": 0.6, "late_start_chance": 1})
    calm_sim, rough_sim = simulate(build_plan(calm), 3000, 1), simulate(build_plan(rough), 3000, 1)
    assert rough_sim.complete.mean() > calm_sim.complete.mean() + 1
    assert rough_sim.year1.mean() < calm_sim.year1.mean()


@pytest.mark.parametrize(
    ("runs", "words"),
    [
        (0, "runs = 0 is not allowed: must be a whole number from 1 to 1,000,000"),
        (1_000_001, "runs = 1,000,001 is not allowed"),
        ("many", "runs = 'many' is not allowed"),
        (2.5, "runs = 2.5 is not allowed"),
    ],
)
def test_bad_runs_are_one_clear_line(runs: object, words: str) -> None:
    with pytest.raises(InputError) as caught:
        simulate(_plan(1), runs)  # type: ignore[arg-type]
    assert words in str(caught.value) and "\n" not in str(caught.value)


def test_compute_follows_the_months_each_run_s_practitioners_are_productive() -> None:
    """Every hire two months late: compute starts two months later than the plan's, in every run."""
    from dataclasses import replace

    from xl_aiteam.workload import workload_costs, workload_months

    plan = _plan(2)
    late = replace(Spread.none(), late=(2, 2), late_chance=1.0)
    sim = simulate(plan, 20, 3, late)
    first = int(np.argmax(workload_months(plan).team_on))  # the plan's first month with compute (0-based)
    planned = simulate(plan, 20, 3, Spread.none())
    assert (sim.spend[:, first] < planned.spend[:, first]).all()  # no one productive yet: no compute, no pay
    assert (sim.productive == planned.productive + 2).all()
    compute = np.sum(list(workload_costs(plan).values()), axis=0)
    assert (planned.spend[:, first] - sim.spend[:, first] >= compute[first]).all()  # that month's compute is not spent


def test_the_command_prints_one_row_per_measure_with_p10_p50_p90(capsys: pytest.CaptureFixture[str]) -> None:
    from xl_aiteam.cli import main

    assert main(["risk", "--stage", "3", "--runs", "10000", "--seed", "4", "--csv"]) == 0
    first = capsys.readouterr().out
    assert main(["risk", "--stage", "3", "--runs", "10000", "--seed", "4", "--csv"]) == 0
    assert capsys.readouterr().out == first  # the same seed, the same output
    lines = first.splitlines()
    assert lines[0] == "measure,unit,plan,P10,P50,P90"
    labels = [line.split(",")[0] for line in lines[1:]]
    assert "Month the team is complete (the last person starts)" in labels and "Cost of year 1 (months 1-12)" in labels
    sim = simulate(_plan(3), 10000, 4)
    cost = next(r for r in risk_rows(sim) if r.measure == "year1_cost")
    assert f"Cost of year 1 (months 1-12),USD,{cost.plan:.2f},{cost.p10:.2f},{cost.p50:.2f},{cost.p90:.2f}" in lines
    assert main(["risk", "--stage", "1", "--runs", "500"]) == 0
    out = capsys.readouterr().out
    assert "500 runs" in out and "P90" in out


@pytest.mark.parametrize(
    ("flags", "words"),
    [
        (["--runs", "0"], "runs = 0 is not allowed: must be a whole number from 1 to 1,000,000"),
        (["--runs", "1000001"], "runs = 1,000,001 is not allowed"),
        (["--runs", "ten"], "runs = 'ten' is not allowed"),
        (["--seed", "-3"], "seed = -3 is not allowed: must be a whole number from 0 to 2,147,483,647"),
        (["--stage", "4"], "stage"),
    ],
)
def test_the_command_refuses_bad_flags_in_one_line(capsys: pytest.CaptureFixture[str], flags: list[str], words: str) -> None:
    from xl_aiteam.cli import main

    assert main(["risk", *flags]) == 2
    out, err = capsys.readouterr()
    assert out == "" and words in err and err.count("\n") == 1 and "Traceback" not in err


def test_the_excel_function_gives_the_same_percentiles_as_the_command() -> None:
    import aiteam_udfs as udf

    rows = {r.measure: r for r in risk_rows(simulate(_plan(3), 3000, 9))}
    for measure, row in rows.items():
        assert udf.AITEAM_RISK(measure, 10, 3, 3000, 9) == row.p10
        assert udf.AITEAM_RISK(measure, 50.0, 3.0, 3000.0, 9.0) == row.p50  # numbers as Excel passes them
        assert udf.AITEAM_RISK(measure.upper(), 90, 3, 3000, 9) == row.p90
    default = udf.AITEAM_RISK("complete", 50)  # stage 2, the assumptions' runs and seed
    assert default == next(r.p50 for r in risk_rows(simulate(_plan(2))) if r.measure == "complete")


def _named(path: object, name: str) -> object:
    from openpyxl import load_workbook

    from .excel_truth import name_cell

    return name_cell(load_workbook(path), name).value


def test_a_refill_keeps_the_stamp_time_on_unchanged_inputs_and_restamps_after_an_edit(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import datetime
    from pathlib import Path

    from openpyxl import load_workbook

    import xl_aiteam.layout.stamp as stamp
    from xl_aiteam.workbook import build_workbook, fill_workbook

    path = Path(str(tmp_path)) / "plan.xlsx"
    first, later = datetime(2027, 1, 4, 9, 0, 0), datetime(2027, 2, 1, 10, 30, 0)
    monkeypatch.setattr(stamp, "now", lambda: first)
    build_workbook(default_assumptions(2), path)
    digest = _named(path, "RiskDigest")
    assert _named(path, "RiskWritten") == first and isinstance(digest, str) and len(digest) == 16
    monkeypatch.setattr(stamp, "now", lambda: later)
    fill_workbook(path)
    assert _named(path, "RiskWritten") == first and _named(path, "RiskDigest") == digest  # the same inputs: the same figures

    wb = load_workbook(path)
    sheet, _, at = wb.defined_names["RiskSeed"].attr_text.partition("!")
    wb[sheet.strip("'")][at.replace("$", "").split(":")[0]] = 99
    wb.save(path)
    fill_workbook(path)
    assert _named(path, "RiskWritten") == later and _named(path, "RiskDigest") != digest
    ws = load_workbook(path)["Hiring risk"]
    seeds = [ws.cell(r, 2).value for r in range(1, 20) if ws.cell(r, 1).value == "Seed"]
    assert seeds == [99]


def test_the_signature_changes_with_every_kind_of_input_the_figures_depend_on() -> None:
    from xl_aiteam.layout import Context
    from xl_aiteam.layout.sheets.risk import signature

    base = default_assumptions(2)
    plain = base.model_dump()

    def sig(**changes: object) -> str:
        return signature(Context(build_plan(parse_assumptions({**plain, **changes}))))

    same = sig()
    assert same == signature(Context(build_plan(base)))
    team = [line.model_dump(mode="json") for line in default_team(base)]
    fewer = team[:-1]
    cases: dict[str, dict[str, Any]] = {
        "seed": {"risk_seed": 1},
        "runs": {"risk_runs": 500},
        "chance": {"late_start_chance": 0.25},
        "fee": {"recruiting_cost_per_hire": 30000},
        "gpu": {"utilisation": 0.4},
        "salary": {"salaries": {"ml_engineer": {"senior": 310000}}},
        "team": {"team": fewer},
    }
    for name, changes in cases.items():
        assert sig(**changes) != same, name
