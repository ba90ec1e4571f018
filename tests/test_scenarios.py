"""Scenarios in the model and the command line: each driver changes what it names and nothing else,
bad scenarios are refused in one line, and `aiteam budget --scenario` / `aiteam compare` print the model."""

from __future__ import annotations

import io
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import yaml
from openpyxl import load_workbook

from xl_aiteam import InputError, build_plan, project_budget
from xl_aiteam.assumptions import default_assumptions, load_assumptions, parse_assumptions, save_assumptions
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode
from xl_aiteam.layout import SHEET
from xl_aiteam.scenarios import DRIVERS, compare_scenarios, default_scenarios, in_effect
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_assumptions, workbook_parts

from .excel_truth import name_cell

# a value for each driver that differs from the stage 2 defaults
CHANGED: dict[str, Any] = {
    "size": "high",
    "hiring_delay_months": 3,
    "loaded_multiplier": 1.5,
    "annual_raise": 0.05,
    "attrition_rate": 0.2,
    "gpu_rate": 9.5,
    "utilisation": 0.8,
    "mix_on_demand": 0.5,
    "mix_reserved": 0.1,
    "mix_spot": 0.4,
    "workload_scale": 2,  # the compute workload driver
}


def _field(a: Any, key: str) -> Any:
    driver = next(d for d in DRIVERS if d.key == key)
    if driver.field == "gpu_rate":
        return a.gpu.hourly_rate
    value = a
    for part in driver.field.split("."):
        value = getattr(value, part)
    return value.value if hasattr(value, "value") else value


def test_the_default_scenarios_are_base_lean_and_fast_and_none_depends_on_size() -> None:
    scenarios = default_scenarios()
    assert list(scenarios) == ["Base", "Lean", "Fast"]
    assert scenarios["Base"] == {}
    assert all("size" not in values for values in scenarios.values())  # the live team follows Size only after a refill
    a = default_assumptions(2)
    assert a.scenario == "Base" and in_effect(a) is a


@pytest.mark.parametrize("driver", [d.key for d in DRIVERS])
def test_each_driver_changes_its_field_and_the_base_is_kept(driver: str) -> None:
    a = default_assumptions(2, scenarios={"Base": {}, "Other": {driver: CHANGED[driver]}})
    if driver.startswith("mix_"):  # a mix must add up: the other shares move with it
        a = default_assumptions(2, scenarios={"Base": {}, "Other": {k: CHANGED[k] for k in ("mix_on_demand", "mix_reserved", "mix_spot")}})
    effective = in_effect(a, "other")  # names compare case-blind, as Excel's MATCH
    assert effective.scenario == "Other"
    assert _field(effective, driver) == CHANGED[driver]
    assert _field(a, driver) != CHANGED[driver] and _field(effective.base, driver) == _field(a, driver)
    assert in_effect(effective) is effective  # applying it again changes nothing
    unchanged = [d.key for d in DRIVERS if not d.key.startswith("mix_") and d.key != driver]
    assert all(_field(effective, k) == _field(a, k) for k in unchanged)


def test_the_plan_follows_the_selected_scenario() -> None:
    a = default_assumptions(2)
    lean = a.model_copy(update={"scenario": "Lean"})
    base_plan, lean_plan = build_plan(a), build_plan(lean)
    assert lean_plan.assumptions.loaded_multiplier == 1.2 and base_plan.assumptions.loaded_multiplier == 1.25
    assert [p.start_month for p in lean_plan.positions] == [p.start_month + 2 for p in base_plan.positions]  # searches open later
    assert project_budget(lean_plan).to_numpy().sum() < project_budget(base_plan).to_numpy().sum()


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        ({"scenario": "Leen"}, ErrorCode.UNKNOWN_SCENARIO, "scenario = 'Leen' is not allowed: must be the name of a scenario: one of Base"),
        ({"scenarios": {"Base": {}, "X": {"loaded_multiplier": 9}}}, ErrorCode.OUT_OF_RANGE, "scenarios.X.loaded_multiplier = 9"),
        ({"scenarios": {"Base": {}, "X": {"salary": 1}}}, ErrorCode.UNKNOWN_INPUT, "scenarios.X.salary"),  # not a driver
        ({"scenarios": {"Base": {}, "X": {"size": "huge"}}}, ErrorCode.UNKNOWN_CHOICE, "one of low, mid or high"),
        ({"scenarios": {"Base": {}, "base": {}}}, ErrorCode.UNKNOWN_SCENARIO, "used twice"),  # names compare case-blind
        ({"scenarios": {}}, ErrorCode.REQUIRED, "at least one scenario"),
        ({"scenarios": {f"S{n}": {} for n in range(7)}}, ErrorCode.OUT_OF_RANGE, "at most 6"),  # the sheet's columns
        ({"scenarios": {"Base": {}, "X": {"utilisation": "high"}}}, ErrorCode.NOT_A_NUMBER, "scenarios.X.utilisation"),
    ],
)
def test_a_bad_scenario_is_one_line_with_a_code(data: dict[str, Any], code: ErrorCode, words: str) -> None:
    with pytest.raises(InputError, match=None) as caught:
        parse_assumptions(data, where="plan.yaml")
    assert caught.value.code == code and words in str(caught.value), str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_scenario_whose_mix_does_not_add_up_is_refused_when_it_is_used() -> None:
    a = default_assumptions(2, scenarios={"Base": {}, "Spot": {"mix_spot": 0.9}})
    with pytest.raises(InputError) as caught:
        in_effect(a, "Spot")
    assert caught.value.code == ErrorCode.MIX_TOTAL and "scenario Spot" in str(caught.value)


def test_scenarios_survive_a_yaml_file(tmp_path: Path) -> None:
    a = default_assumptions(2, scenario="Fast")
    path = save_assumptions(a, tmp_path / "plan.yaml")
    data = yaml.safe_load(path.read_text())
    assert data["scenario"] == "Fast" and data["scenarios"]["Base"] == {} and data["scenarios"]["Lean"]["hiring_delay_months"] == 2
    assert load_assumptions(path) == a


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", ["Base", "Lean", "Fast"])
def test_budget_scenario_csv_is_the_model_to_the_cent(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out, err = _run(capsys, "budget", "--stage", "2", "--scenario", name, "--csv")
    assert code == 0 and err == ""
    printed = pd.read_csv(io.StringIO(out), index_col=[0, 1, 2])
    model = project_budget(build_plan(in_effect(default_assumptions(2), name)))
    assert abs(printed.to_numpy() - model.to_numpy()).max() <= 0.005
    code, out, _ = _run(capsys, "budget", "--stage", "2", "--scenario", name)
    assert code == 0 and f"scenario {name}" in out


def test_a_scenario_that_does_not_exist_is_one_line_listing_the_names(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "budget", "--scenario", "Moonshot")
    assert code == 2 and out == ""
    assert err == "aiteam: scenario = 'Moonshot' is not allowed: must be the name of a scenario: one of Base, Lean or Fast\n"


def test_compare_prints_every_scenario_side_by_side(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, "compare", "--stage", "2")
    assert code == 0
    header = out.splitlines()[1].split()
    assert header == ["Base", "Lean", "Fast"]
    assert "Cost over the horizon vs Base" in out and "Team complete (month)" in out
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({"stage": 3, "scenarios": {"Now": {}, "Later": {"hiring_delay_months": 4}}}, sort_keys=False))
    code, out, _ = _run(capsys, "compare", str(path), "--csv")
    frame = pd.read_csv(io.StringIO(out), index_col=0)
    assert code == 0 and list(frame.columns) == ["Now", "Later"]
    want = compare_scenarios(load_assumptions(path))
    printed = {
        label: dict(zip(frame.columns, map(float, row), strict=True)) for label, row in zip(frame.index, frame.to_numpy(), strict=True)
    }
    for label, by_name in want.items():
        for name, value in by_name.items():
            assert abs(printed[label][name] - value) <= 0.005, (label, name)
    assert frame.loc["Team complete (month) vs Now", "Later"] == 4


def test_a_refill_stamps_new_figures_with_the_time_and_keeps_the_stamp_when_nothing_changed(tmp_path: Path) -> None:
    template = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
    path = Path(shutil.copy(template, tmp_path / "plan.xlsx"))
    stamp = load_workbook(path, data_only=True)[SHEET["compare"]]["B4"].value  # =ComparisonWritten, as Excel shows it
    assert stamp == datetime(2026, 11, 1)  # the committed workbooks' fixed stamp
    fill_workbook(path)
    assert load_workbook(path, data_only=True)[SHEET["compare"]]["B4"].value == stamp  # same inputs, same figures: the stamp stays
    wb = load_workbook(path)
    names = wb.defined_names["LoadedMultiplierBase"].attr_text.split("!")
    wb[names[0].strip("'")][names[1].replace("$", "").split(":")[0]].value = 1.4
    wb.save(path)
    fill_workbook(path)
    once = workbook_parts(path)
    new_stamp = load_workbook(path, data_only=True)[SHEET["compare"]]["B4"].value
    assert isinstance(new_stamp, datetime) and new_stamp > stamp  # new figures: stamped now
    fill_workbook(path)
    assert workbook_parts(path) == once  # and a second refill changes nothing


def test_a_scenario_that_sets_size_moves_the_rows_that_follow_the_stage_table() -> None:
    """A workbook's seat rows follow the size in effect: the model gives the rows the seats of the
    scenario's size, keeps the user's own rows, and going back to Base gives the base team again."""
    path = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
    a = read_assumptions(path)
    assert a.size == "low" and a.team is not None and len(a.team) == 11
    own = a.team[0].model_copy(update={"seat": None, "follows": [], "id": "X1", "label": "typed by the user"})
    data = a.model_dump()
    data["team"] = [*data["team"], own.model_dump()]
    data["scenarios"]["Lean"]["size"] = "high"
    data["scenario"] = "Lean"
    sized = parse_assumptions(data)
    lean, base = in_effect(sized), in_effect(sized, "Base")
    fresh = build_plan(parse_assumptions({**data, "team": None, "size": "high", "scenario": "Base"}))
    assert lean.size == "high" and lean.team is not None and base.team is not None
    assert [t.id for t in lean.team] == [*(f"P{n:02d}" for n in range(1, len(fresh.positions) + 1)), "X1"]
    assert [(p.role, p.level, p.fte) for p in build_plan(lean).positions[:-1]] == [(p.role, p.level, p.fte) for p in fresh.positions]
    assert [t.id for t in base.team] == [*(f"P{n:02d}" for n in range(1, 12)), "X1"]
    compared = compare_scenarios(sized)
    assert compared["Peak headcount (FTE)"]["Lean"] > compared["Peak headcount (FTE)"]["Base"]


def test_a_refill_under_a_scenario_that_sets_size_keeps_the_seat_rows_live(tmp_path: Path) -> None:
    """Lean given Size high and chosen, then refilled: the rows of the larger team still look their
    seats up (formulas, not values), and the file reads back the same 15 positions."""
    path = Path(shutil.copy(next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2), tmp_path / "s.xlsx"))
    wb = load_workbook(path)
    ws = wb[SHEET["scenarios"]]
    names = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Driver")
    lean = next(c for c in range(1, 12) if ws.cell(names, c).value == "Lean")
    size = next(r for r in range(names, names + 20) if ws.cell(r, 1).value == "Point of the seed ranges")
    ws.cell(size, lean).value = "high"
    name_cell(wb, "Scenario").value = "Lean"
    wb.save(path)
    before = read_assumptions(path)
    fill_workbook(path)
    after = read_assumptions(path)
    assert before.team is not None and after.team is not None and len(after.team) == len(before.team) == 15
    assert [t.id for t in after.team] == [t.id for t in before.team]
    staffing = load_workbook(path)[SHEET["staffing"]]
    seat15 = next(r for r in range(5, 60) if staffing.cell(r, 1).value == "P15")
    assert str(staffing.cell(seat15, 2).value).startswith("=")  # follows its seat, as before the refill
