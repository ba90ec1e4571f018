"""Assumptions: defaults from the catalog, files in and out, and one clear error per bad value."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from xl_aiteam import Assumptions, InputError, WorkbookError, load_assumptions, parse_assumptions, save_assumptions
from xl_aiteam.catalog import load_catalog


def test_defaults_come_from_the_catalog() -> None:
    a = Assumptions()
    c = load_catalog()
    assert a.stage == c.scalar("stage") == 2
    assert a.salary("ml_engineer", "senior") == 300_000
    assert a.loaded_multiplier == c.scalar("loaded_multiplier")
    assert a.gpu.hourly_rate == 6.88
    assert a.training_gpu_hours_per_month == c.defaults.stage_defaults[2].training_gpu_hours_per_month
    assert a.start_date == date(2027, 1, 1)


def test_the_workload_follows_the_stage_unless_set() -> None:
    assert Assumptions(stage=3).training_gpu_hours_per_month == 8000
    assert Assumptions(stage=3, training_gpu_hours_per_month=10).training_gpu_hours_per_month == 10


def test_a_partial_salary_table_changes_one_cell_and_keeps_the_rest() -> None:
    a = parse_assumptions({"salaries": {"ml_engineer": {"senior": 320_000}}})
    assert a.salary("ml_engineer", "senior") == 320_000
    assert a.salary("ml_engineer", "mid") == 240_000
    assert a.salary("data_scientist", "senior") == 250_000


@pytest.mark.parametrize("suffix", [".yaml", ".yml", ".json"])
def test_save_and_load_round_trip(tmp_path: Path, suffix: str) -> None:
    a = parse_assumptions({"stage": 3, "products": 4, "salaries": {"head_of_ai": {"lead": 400_000}}, "start_date": "2027-03-15"})
    path = save_assumptions(a, tmp_path / f"plan{suffix}")
    assert load_assumptions(path) == a


def _error(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as info:
        parse_assumptions(data)
    return info.value


@pytest.mark.parametrize(
    ("data", "field", "allowed"),
    [
        ({"salaries": {"ml_engineer": {"senior": -5}}}, "salaries.ml_engineer.senior", ">= 0"),  # negative salary
        ({"stage": 4}, "stage", "1, 2 or 3"),  # no stage 4 in the seeds
        ({"horizon_months": 0}, "horizon_months", ">= 1"),  # horizon 0
        ({"horizon_months": 61}, "horizon_months", "<= 60"),  # beyond the 60 prepared months
        ({"loaded_multiplier": "abc"}, "loaded_multiplier", "a number"),  # text where a number belongs
        ({"loaded_multiplier": "1.3"}, "loaded_multiplier", "a number"),  # a number typed as text is refused, not guessed
        ({"salaries": {"wizard": {"senior": 1}}}, "salaries", "unknown role wizard"),  # an unknown role
        (
            {"team": [{"role": "wizard", "level": "mid", "fte": 1}]},
            "team.0.role",
            "allowed: ml_engineer",
        ),  # unknown role in a team
        ({"team": [{"role": "head_of_ai", "level": "junior", "fte": 1}]}, "team.0", "level junior does not exist"),
        ({"utilisation": math.nan}, "utilisation", "finite"),  # NaN
        ({"storage_tb": math.inf}, "storage_tb", "finite"),  # infinity
        ({"pricing_mix": {"on_demand": 0.5, "reserved": 0.5, "spot": 0.5}}, "pricing_mix", "add up to 1"),
        ({"gpu_type": "tpu_v9"}, "assumptions", "unknown GPU type tpu_v9"),
        ({"start_date": "next tuesday"}, "start_date", "YYYY-MM-DD"),
        ({"salary": 5}, "salary", "not an input"),  # a misspelt field is not silently ignored
        ({"stage": True}, "stage", "1, 2 or 3"),  # a checkbox is not a stage
        ({"utilisation": 0}, "utilisation", "> 0"),
    ],
)
def test_bad_values_name_the_field_the_value_and_what_is_allowed(data: dict[str, Any], field: str, allowed: str) -> None:
    err = _error(data)
    assert err.field == field
    assert allowed in err.allowed
    assert "\n" not in str(err)
    assert str(err).startswith(f"{field} = ")


def test_error_codes_are_stable() -> None:
    assert _error({"stage": 4}).code == "literal_error"
    assert _error({"salaries": {"ml_engineer": {"senior": -1}}}).code == "greater_than_equal"
    assert _error({"salaries": {"wizard": {}}}).code == "unknown_role"


def test_files_that_are_not_assumptions(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("stage: 2")
    with pytest.raises(WorkbookError, match=r"must be a \.yaml"):
        load_assumptions(tmp_path / "a.txt")
    (tmp_path / "b.yaml").write_text("stage: [2\n")
    with pytest.raises(WorkbookError, match="not valid YAML"):
        load_assumptions(tmp_path / "b.yaml")
    (tmp_path / "c.yaml").write_text("- 1\n- 2\n")
    with pytest.raises(InputError, match="table of named inputs"):
        load_assumptions(tmp_path / "c.yaml")
    with pytest.raises(WorkbookError, match="no such file"):
        load_assumptions(tmp_path / "missing.json")
    assert load_assumptions(_write(tmp_path / "empty.yaml", "")) == Assumptions()


def _write(path: Path, text: str) -> Path:
    path.write_text(text)
    return path


def test_assignment_is_validated_too() -> None:
    a = Assumptions()
    with pytest.raises(Exception, match="greater than or equal"):
        a.horizon_months = 0
