"""The rule module: limits read from the Assumptions model, the words and codes of every
refusal, the Excel validation a limit needs, and the error codes themselves."""

from __future__ import annotations

import doctest
import math
import pickle
import re
from typing import Any, get_args

import pytest
from pydantic_core.core_schema import ErrorType

from xl_aiteam import rules
from xl_aiteam.assumptions import TeamLine
from xl_aiteam.catalog import FUNCTION_LABELS, Function, load_catalog
from xl_aiteam.costs import PRICINGS, Pricing
from xl_aiteam.errors import ErrorCode, InputError, WorkbookError
from xl_aiteam.rules import (
    GPU_HOURS,
    MAX_HORIZON,
    MAX_MONEY,
    MONTHS,
    PLAYBOOK_DAY,
    PLAYBOOK_DAYS,
    Bounds,
    ExcelLimits,
    bounds,
    check_choice,
    check_number,
    choices,
    date_range,
    format_number,
)

from .conftest import ROOT


def test_the_module_examples_hold() -> None:
    failed, tried = doctest.testmod(rules, optionflags=doctest.ELLIPSIS)
    assert tried > 0 and failed == 0


# --- limits read from the model ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "want"),
    [
        ("utilisation", Bounds(0, 1, low_open=True)),  # Field(gt=0, le=1)
        ("reserved_discount", Bounds(0, 1, high_open=True)),  # Field(ge=0, lt=1)
        ("horizon_months", Bounds(1, 60, whole=True)),  # Month: a StrictInt
        ("products", Bounds(1, 20, whole=True)),
        ("training_gpu_hours_per_month", Bounds(0, 1e8)),
        ("pricing_mix.spot", Bounds(0, 1)),  # inside a nested model
        ("role_terms.time_to_fill_months", Bounds(0, 24, whole=True)),  # the key of the table left out
        ("role_terms.data_scientist.time_to_fill_months", Bounds(0, 24, whole=True)),  # or given
        ("role_terms.contractor_hourly_rate", Bounds(0, 10_000)),
        ("team.fte", Bounds(0, 1, low_open=True)),  # a line of the list
        ("team.0.fte", Bounds(0, 1, low_open=True)),  # a line by position, as pydantic locates it
        ("team.search_month", Bounds(1, 60, whole=True)),  # Month | None
        ("gpu_types.hourly_rate", Bounds(0, 1_000, low_open=True)),
        ("salaries", Bounds(0, MAX_MONEY)),  # the values of a table of tables
        ("salaries.ml_engineer.senior", Bounds(0, MAX_MONEY)),
        (("team", 0, "fte"), Bounds(0, 1, low_open=True)),  # a pydantic location as it is
    ],
)
def test_bounds_come_from_the_field_definitions(path: Any, want: Bounds) -> None:
    assert bounds(path) == want


def test_bounds_of_another_model() -> None:
    assert bounds("fte", TeamLine) == bounds("team.fte")


def test_a_path_that_is_no_number_field_is_refused() -> None:
    with pytest.raises(KeyError):
        bounds("utilization")  # a typo
    with pytest.raises(KeyError):
        bounds("pricing_mix.cheap")
    with pytest.raises(TypeError):
        bounds("currency")  # text
    with pytest.raises(TypeError):
        bounds("team")  # a list of models


def test_choices_and_dates_come_from_the_model_too() -> None:
    assert choices("stage").values == (1, 2, 3)
    assert choices("size").values == ("low", "mid", "high")
    assert choices("team.employment").values == ("permanent", "contractor", "internal", "existing")
    assert choices("team.level").code is ErrorCode.UNKNOWN_LEVEL
    assert choices("team.employment").allowed() == "must be one of permanent, contractor, internal or existing"
    assert date_range("start_date").allowed() == "must be a date written YYYY-MM-DD, from 2000-01-01 to 2099-12-31"


def test_the_named_limits_agree_with_the_model_and_the_catalog() -> None:
    assert MONTHS == bounds("horizon_months") == bounds("compute_start_month") == bounds("team.search_month")
    assert MONTHS.high == MAX_HORIZON
    assert bounds("salaries").high == bounds("recruiting_cost_per_hire").high == MAX_MONEY
    assert Bounds(1, PLAYBOOK_DAYS, whole=True) == PLAYBOOK_DAY
    assert max(phase.day_to for phase in load_catalog().lifecycle.playbook) == PLAYBOOK_DAYS
    month = bounds("training_gpu_hours_per_month")
    assert GPU_HOURS.low == month.low and GPU_HOURS.high is not None and month.high is not None and GPU_HOURS.high >= month.high


def test_one_list_of_pricing_modes_and_of_function_labels() -> None:
    assert PRICINGS == get_args(Pricing) == ("mix", "on_demand", "reserved", "spot")
    assert set(FUNCTION_LABELS) == set(Function)
    assert FUNCTION_LABELS[Function("domain")] == "domain expertise"  # the plain value names the same function


# --- the words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "allowed"),
    [
        (Bounds(0, 1, low_open=True), "must be a number > 0 and <= 1"),
        (Bounds(0, 1, high_open=True), "must be a number >= 0 and < 1"),
        (Bounds(0, 1, low_open=True, high_open=True), "must be a number > 0 and < 1"),
        (Bounds(1, 60, whole=True), "must be a whole number from 1 to 60"),
        (Bounds(0, 1e9), "must be a number from 0 to 1,000,000,000"),  # never 1e+09
        (Bounds(0, 1e8), "must be a number from 0 to 100,000,000"),  # never 100000000.0
        (Bounds(0, 0.9), "must be a number from 0 to 0.9"),
        (Bounds(low=0), "must be a number >= 0"),
        (Bounds(high=5, high_open=True), "must be a number < 5"),
        (Bounds(), "must be a number"),
    ],
)
def test_what_a_rule_allows_reads_as_people_write_it(rule: Bounds, allowed: str) -> None:
    assert rule.allowed() == allowed
    assert rule.describe() == allowed.removeprefix("must be ")


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1e9, "1,000,000,000"),
        (100000000.0, "100,000,000"),
        (0.5, "0.5"),
        (12, "12"),
        (12.0, "12"),  # Excel has no integers: 12.0 is 12
        (-3.25, "-3.25"),
        (1234.5678, "1,234.5678"),
        (0.1 + 0.2, "0.3"),  # 15 significant digits, as Excel shows them
        (0.0001, "0.0001"),
        (-0.0, "0"),
        (1e300, "1E+300"),  # beyond 15 digits: as Excel writes it
        (10**400, "1E+400"),  # an int no float can hold
        (math.nan, "nan"),
        (-math.inf, "-inf"),
    ],
)
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (None, ErrorCode.REQUIRED),  # empty
        (True, ErrorCode.NOT_A_NUMBER),  # a boolean is not 1
        ("0.5", ErrorCode.NOT_A_NUMBER),  # text, even when it looks like a number
        ([0.5], ErrorCode.NOT_A_NUMBER),
        (math.nan, ErrorCode.NOT_FINITE),
        (math.inf, ErrorCode.NOT_FINITE),
        (0, ErrorCode.OUT_OF_RANGE),  # the open limit itself
        (1.0000001, ErrorCode.OUT_OF_RANGE),
        (10**400, ErrorCode.OUT_OF_RANGE),  # an int beyond any float
    ],
)
def test_check_number_names_the_problem(value: Any, code: ErrorCode) -> None:
    with pytest.raises(InputError) as info:
        check_number("utilisation", value, "utilisation")
    assert info.value.code is code
    assert info.value.allowed == "must be a number > 0 and <= 1"
    assert str(info.value).startswith("utilisation = ") and "\n" not in str(info.value)


def test_check_number_takes_what_the_rule_allows() -> None:
    assert check_number("utilisation", 1, "utilisation") == 1.0
    assert check_number("months", 12.0, MONTHS) == 12.0
    with pytest.raises(InputError) as info:
        check_number("months", 2.5, MONTHS)
    assert info.value.code is ErrorCode.NOT_WHOLE
    assert str(info.value) == "months = 2.5 is not allowed: must be a whole number from 1 to 60"


def test_check_choice() -> None:
    assert check_choice("stage", 2, "stage") == 2
    for value, code in [(2.0, ErrorCode.UNKNOWN_CHOICE), (True, ErrorCode.UNKNOWN_CHOICE), (None, ErrorCode.REQUIRED)]:
        with pytest.raises(InputError) as info:
            check_choice("stage", value, "stage")
        assert info.value.code is code and info.value.allowed == "must be one of 1, 2 or 3"


# --- the data validation Excel needs -------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "limits", "formula"),
    [
        ("horizon_months", ExcelLimits("whole", "between", 1, 60), "AND(ISNUMBER(B5),INT(B5)=B5,B5>=1,B5<=60)"),
        ("salaries", ExcelLimits("decimal", "between", 0, 1e9), "AND(ISNUMBER(B5),B5>=0,B5<=1000000000)"),
        # above 0 and at most 1: no Excel operator says that, so a custom formula does
        ("utilisation", ExcelLimits("custom", None, None, None), "AND(ISNUMBER(B5),B5>0,B5<=1)"),
        ("reserved_discount", ExcelLimits("custom", None, None, None), "AND(ISNUMBER(B5),B5>=0,B5<1)"),
        ("gpu_types.hourly_rate", ExcelLimits("custom", None, None, None), "AND(ISNUMBER(B5),B5>0,B5<=1000)"),
    ],
)
def test_excel_limits_of_the_model_fields(path: str, limits: ExcelLimits, formula: str) -> None:
    assert bounds(path).excel_limits() == limits
    assert bounds(path).excel_formula("B5") == formula


@pytest.mark.parametrize(
    ("rule", "limits"),
    [
        (Bounds(0, 10, low_open=True, whole=True), ExcelLimits("whole", "between", 1, 10)),  # > 0 is >= 1 for whole numbers
        (Bounds(0, 10, high_open=True, whole=True), ExcelLimits("whole", "between", 0, 9)),
        (Bounds(low=0, low_open=True), ExcelLimits("decimal", "greaterThan", 0, None)),
        (Bounds(low=0), ExcelLimits("decimal", "greaterThanOrEqual", 0, None)),
        (Bounds(high=1, high_open=True), ExcelLimits("decimal", "lessThan", 1, None)),
        (Bounds(high=1), ExcelLimits("decimal", "lessThanOrEqual", 1, None)),
        (Bounds(), ExcelLimits("custom", None, None, None)),
    ],
)
def test_excel_limits_pick_excels_operator(rule: Bounds, limits: ExcelLimits) -> None:
    assert rule.excel_limits() == limits


# --- the error codes ---------------------------------------------------------------------------


def test_no_code_is_one_of_pydantics_error_types() -> None:
    assert not {code.value for code in ErrorCode} & set(get_args(ErrorType))


def test_every_code_the_sources_name_is_an_error_code() -> None:
    sources = [*sorted((ROOT / "xl_aiteam").rglob("*.py")), ROOT / "udfs" / "aiteam_udfs.py"]
    named = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        named |= set(re.findall(r"\bcode=\"(\w+)\"", text))
        for member in re.findall(r"\bErrorCode\.([A-Z_]+)\b", text):
            assert member in ErrorCode.__members__, f"{path.name}: ErrorCode.{member}"
    assert named <= {code.value for code in ErrorCode}, named - {code.value for code in ErrorCode}


def test_a_code_is_a_member_that_equals_its_string() -> None:
    err = WorkbookError("plan.xlsx", "no such file", code="not_found")
    assert err.code is ErrorCode.NOT_FOUND and err.code == "not_found"
    assert InputError("x", 1, "must be 2").code is ErrorCode.INVALID_INPUT
    with pytest.raises(ValueError):
        InputError("x", 1, "must be 2", code="no_such_code")


def test_errors_survive_pickling() -> None:
    """xlwings and multiprocessing send exceptions between processes by pickle."""
    err = InputError("utilisation", 1.5, "must be a number > 0 and <= 1", code=ErrorCode.OUT_OF_RANGE)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError
    assert (back.field, back.value, back.allowed, back.code) == (
        "utilisation",
        1.5,
        "must be a number > 0 and <= 1",
        ErrorCode.OUT_OF_RANGE,
    )
    assert str(back) == str(err)

    err2 = WorkbookError("plan.xlsx", "is open in Excel", code=ErrorCode.LOCKED)
    back2 = pickle.loads(pickle.dumps(err2))
    assert type(back2) is WorkbookError
    assert (back2.path, back2.problem, back2.code, str(back2)) == ("plan.xlsx", "is open in Excel", ErrorCode.LOCKED, str(err2))

    with pytest.raises(InputError) as info:  # one the loader made
        check_number("gpu_hours", 2e9, GPU_HOURS)
    back3 = pickle.loads(pickle.dumps(info.value, protocol=pickle.HIGHEST_PROTOCOL))
    assert (back3.field, back3.value, back3.allowed, back3.code) == ("gpu_hours", 2e9, GPU_HOURS.allowed(), ErrorCode.OUT_OF_RANGE)
