"""Assumptions: defaults from the catalog, files in and out, and one clear error per bad value."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from xl_aiteam import Assumptions, InputError, WorkbookError, load_assumptions, parse_assumptions, save_assumptions
from xl_aiteam.catalog import load_catalog
from xl_aiteam.errors import ErrorCode


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
    assert Assumptions(stage=3).storage_tb == 250
    assert Assumptions(stage=3).training_gpu_hours_per_month == 0  # a fixed extra: compute follows the workload
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
    ("data", "field", "allowed", "code"),
    [
        (
            {"salaries": {"ml_engineer": {"senior": -5}}},
            "salaries.ml_engineer.senior",
            "must be a number from 0 to 1,000,000,000",
            ErrorCode.OUT_OF_RANGE,
        ),  # negative salary
        ({"stage": 4}, "stage", "must be one of 1, 2 or 3", ErrorCode.UNKNOWN_CHOICE),  # no stage 4 in the seeds
        ({"horizon_months": 0}, "horizon_months", "must be a whole number from 1 to 60", ErrorCode.OUT_OF_RANGE),  # horizon 0
        ({"horizon_months": 61}, "horizon_months", "from 1 to 60", ErrorCode.OUT_OF_RANGE),  # beyond the 60 prepared months
        ({"horizon_months": 6.5}, "horizon_months", "a whole number", ErrorCode.NOT_WHOLE),  # half a month
        ({"horizon_months": 12.0}, "horizon_months", "without a decimal point", ErrorCode.NOT_WHOLE),  # strict: 12, not 12.0
        ({"loaded_multiplier": "abc"}, "loaded_multiplier", "must be a number from 1 to 5", ErrorCode.NOT_A_NUMBER),  # text
        ({"loaded_multiplier": "1.3"}, "loaded_multiplier", "a number", ErrorCode.NOT_A_NUMBER),  # a number typed as text is refused
        ({"loaded_multiplier": True}, "loaded_multiplier", "a number", ErrorCode.NOT_A_NUMBER),  # a boolean is no number
        ({"salaries": {"wizard": {"senior": 1}}}, "salaries", "unknown role wizard", ErrorCode.UNKNOWN_ROLE),  # an unknown role
        (
            {"team": [{"role": "wizard", "level": "mid", "fte": 1}]},
            "team.0.role",
            "must be one of ml_engineer",
            ErrorCode.UNKNOWN_ROLE,
        ),  # unknown role in a team
        (
            {"team": [{"role": "head_of_ai", "level": "junior", "fte": 1}]},
            "team.0",
            "level junior does not exist",
            ErrorCode.UNKNOWN_LEVEL,
        ),  # a level the role does not have
        ({"team": [{"role": "ml_engineer", "level": "principal", "fte": 1}]}, "team.0.level", "junior", ErrorCode.UNKNOWN_LEVEL),
        ({"salaries": {"ml_engineer": {"principal": 1}}}, "salaries.ml_engineer.principal", "junior", ErrorCode.UNKNOWN_LEVEL),
        ({"utilisation": math.nan}, "utilisation", "must be a number > 0 and <= 1", ErrorCode.NOT_FINITE),  # NaN
        ({"storage_tb": math.inf}, "storage_tb", "must be a number from 0 to 10,000,000", ErrorCode.NOT_FINITE),  # infinity
        ({"pricing_mix": {"on_demand": 0.5, "reserved": 0.5, "spot": 0.5}}, "pricing_mix", "add up to 1", ErrorCode.MIX_TOTAL),
        ({"gpu_type": "tpu_v9"}, "gpu_type", "must be one of aws_h100", ErrorCode.UNKNOWN_GPU),
        ({"start_date": "next tuesday"}, "start_date", "YYYY-MM-DD", ErrorCode.NOT_A_DATE),
        ({"start_date": "1999-12-31"}, "start_date", "from 2000-01-01 to 2099-12-31", ErrorCode.OUT_OF_RANGE),
        ({"salary": 5}, "salary", "not an input", ErrorCode.UNKNOWN_INPUT),  # a misspelt field is not silently ignored
        ({"stage": True}, "stage", "1, 2 or 3", ErrorCode.UNKNOWN_CHOICE),  # a checkbox is not a stage
        ({"stage": None}, "stage", "1, 2 or 3", ErrorCode.REQUIRED),  # "stage:" with nothing after it
        ({"utilisation": 0}, "utilisation", "> 0", ErrorCode.OUT_OF_RANGE),
        ({"reserved_discount": 1}, "reserved_discount", "must be a number >= 0 and < 1", ErrorCode.OUT_OF_RANGE),  # 100 % off
        ({"currency": "usd"}, "currency", "three capital letters", ErrorCode.BAD_FORMAT),
        ({"team": [{"role": "ml_engineer", "level": "mid"}]}, "team.0.fte", "must be a number > 0 and <= 1", ErrorCode.REQUIRED),
        (
            {"team": [{"role": "ml_engineer", "level": "mid", "fte": 1, "id": "P1"}] * 2},
            "team",
            "used twice",
            ErrorCode.DUPLICATE_ID,
        ),
    ],
)
def test_bad_values_name_the_field_the_value_and_what_is_allowed(data: dict[str, Any], field: str, allowed: str, code: ErrorCode) -> None:
    err = _error(data)
    assert err.field == field
    assert allowed in err.allowed
    assert err.code is code
    assert "\n" not in str(err)
    assert str(err).startswith(f"{field} = ")


def test_error_codes_are_members_that_equal_their_plain_strings() -> None:
    err = _error({"stage": 4})
    assert err.code is ErrorCode.UNKNOWN_CHOICE and err.code == "unknown_choice"
    assert _error({"salaries": {"ml_engineer": {"senior": -1}}}).code == "out_of_range"
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
    with pytest.raises(InputError) as info:
        a.horizon_months = 0
    assert info.value.code is ErrorCode.OUT_OF_RANGE
    assert str(info.value) == "horizon_months = 0 is not allowed: must be a whole number from 1 to 60"
    assert a.horizon_months == 24  # the refused value was not kept
