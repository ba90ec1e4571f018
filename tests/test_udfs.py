"""The xlwings functions: plain functions here, with the signature Excel will see checked too."""

from __future__ import annotations

import importlib.util
import io
import math
import os
import sys
import types
from pathlib import Path
from typing import Any

import aiteam_udfs as udf
import pytest

from xl_aiteam import Assumptions, budget_totals, build_plan, check_plan, coverage, ml_cost, parse_assumptions, project_budget
from xl_aiteam.catalog import FUNCTION_LABELS, load_catalog
from xl_aiteam.errors import ErrorCode, InputError
from xl_aiteam.plan import stage_headcount

SNAPSHOT = Path(__file__).parent / "snapshots" / "aiteam_udfs.bas"
FUNCTIONS = sorted(n for n in udf.__all__ if n.isupper())
SCRIPTS = sorted(n for n in udf.__all__ if n.islower())


# --- values equal the model's ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "want"),
    [
        ((1,), 4),  # stage 1 sums to 4 FTE at every point
        ((2, None, "low"), 10),
        ((2, None, "high"), 14),
        ((2,), 12),  # mid: the midpoint of 10-14
        ((2, "ML engineer", "high"), 4),
        ((2, "ml_engineer", "low"), 3),
        ((3, None, "low"), stage_headcount(3, None, "low", 2)),
    ],
)
def test_headcount(args: tuple[Any, ...], want: float) -> None:
    assert udf.AITEAM_HEADCOUNT(*args) == want


def test_roles_table_is_the_seed_table() -> None:
    frame = udf.AITEAM_ROLES(2)
    assert list(frame.columns) == ["Line", "Roles", "Levels", "Low FTE", "High FTE", "Note"]
    assert list(frame["Line"]) == [line.label for line in load_catalog().stage(2).lines]
    assert frame["Low FTE"].sum() == 10 and frame["High FTE"].sum() == 14
    assert "Applied ML (per product)" in list(udf.AITEAM_ROLES(3)["Line"])


def test_salary_loaded_cost_and_hire_window() -> None:
    a = Assumptions()
    assert udf.AITEAM_SALARY("Data scientist", "senior") == a.salary("data_scientist", "senior")
    assert udf.AITEAM_SALARY("head_of_ai") == a.salary("head_of_ai", "lead")  # the role's only level
    assert udf.AITEAM_LOADED_COST("ML engineer", "senior") == 300_000 * 1.25
    assert udf.AITEAM_LOADED_COST("ML engineer", "senior", 6) == 300_000 * 1.25 / 2
    assert udf.AITEAM_HIRE_WINDOW("MLOps engineer") == [[6, 9]]
    assert udf.AITEAM_HIRE_WINDOW("ml_engineer") == [[1, 3]]


def test_ml_cost_one_value_and_a_range() -> None:
    assert udf.ML_COST(100) == ml_cost(100) == 934.30
    assert udf.ML_COST(100, 2.5, "spot", 0.8) == ml_cost(100, 2.5, "spot", 0.8)
    assert udf.ML_COST(100, None, "on_demand", None, "aws_a100_80gb") == ml_cost(100, None, "on_demand", None, "aws_a100_80gb")
    grid = udf.ML_COST([[100, 200], [0, 50.5]])
    assert grid == [[ml_cost(100), ml_cost(200)], [0.0, ml_cost(50.5)]]
    assert udf.ML_COST([10, 20]) == [[ml_cost(10)], [ml_cost(20)]]  # a column of cells


def test_team_cost_and_budget_equal_the_model() -> None:
    a = parse_assumptions({"stage": 2, "horizon_months": 24})
    budget = project_budget(build_plan(a))
    assert udf.AITEAM_TEAM_COST(2, 24) == pytest.approx(float(budget.to_numpy().sum()), abs=0.005)
    frame = udf.AITEAM_BUDGET(2, 24)
    totals = budget_totals(budget, "M")
    assert list(frame.index) == list(totals.index)
    assert (frame.to_numpy() == totals.to_numpy()).all()
    assert frame.columns[0].year == 2027 and frame.columns[0].month == 1


def test_check_and_coverage_of_a_plan_typed_into_cells() -> None:
    cells = [["Role", "Level", "FTE"], ["Data scientist", "senior", 1], ["ML engineer", "mid", 1]]
    team = [{"role": "data_scientist", "level": "senior", "fte": 1}, {"role": "ml_engineer", "level": "mid", "fte": 1}]
    plan = build_plan(parse_assumptions({"team": team}))
    got = udf.AITEAM_CHECK(cells)
    assert got[0] == ["Code", "Severity", "Message", "Fix"]
    assert [row[0] for row in got[1:]] == [f.code for f in check_plan(plan)]
    assert udf.AITEAM_COVERAGE(cells)[1:] == [
        [
            FUNCTION_LABELS[f],
            fte,
            ("yes" if fte > 0 else "MISSING") if f.value in ("data_science", "ml_engineering", "infrastructure", "domain") else "",
        ]
        for f, fte in coverage(plan).items()
    ]
    good = [["ML engineer", "senior", 1], ["ML engineer", "mid", 1], ["Data scientist", "mid", 0.5], ["Domain expert", "senior", 0.5]]
    assert udf.AITEAM_CHECK(good)[1][0] == "OK"


def test_playbook_and_version() -> None:
    assert len(udf.AITEAM_PLAYBOOK()) == 18
    day_45 = udf.AITEAM_PLAYBOOK(45)
    assert set(day_45["Days"]) == {"31-60"} and len(day_45) == 6
    assert udf.AITEAM_VERSION().startswith("aiteam 0.1.0 (catalog 2026.11.1")


# --- bad arguments give one line in the cell, never a number ------------------------------

BAD = [
    (udf.AITEAM_HEADCOUNT, (4,), "stage = 4"),  # no stage 4
    (udf.AITEAM_HEADCOUNT, ("two",), "stage = 'two'"),  # text
    (udf.AITEAM_HEADCOUNT, (None,), "must be one of 1, 2 or 3"),  # empty cell
    (udf.AITEAM_HEADCOUNT, ("#N/A",), "Excel error"),  # an error value, as err_to_str passes it
    (udf.AITEAM_HEADCOUNT, (-2146826281,), "Excel error"),  # an error value as a COM code
    (udf.AITEAM_HEADCOUNT, (2, "Wizard"), "role = 'Wizard'"),
    (udf.AITEAM_HEADCOUNT, (2, None, "most"), "bound = 'most'"),
    (udf.AITEAM_SALARY, ("Head of AI / ML lead", "junior"), "level = 'junior'"),
    (udf.AITEAM_LOADED_COST, ("ML engineer", "mid", 0), "months = 0"),
    (udf.AITEAM_LOADED_COST, ("ML engineer", "mid", 2.5), "whole number"),
    (udf.ML_COST, (-1,), "gpu_hours = -1"),
    (udf.ML_COST, (math.nan,), "gpu_hours = nan is not allowed: must be a number from 0 to 1,000,000,000"),
    (udf.ML_COST, (math.inf,), "gpu_hours = inf is not allowed"),
    (udf.ML_COST, (2e9,), "gpu_hours = 2,000,000,000 is not allowed: must be a number from 0 to 1,000,000,000"),
    (udf.ML_COST, (100, -3), "rate = -3"),
    (udf.ML_COST, (100, 0), "rate = 0 is not allowed: must be a number > 0 and <= 1,000"),  # the price list's rule
    (udf.ML_COST, (100, None, "cheap"), "pricing = 'cheap'"),
    (udf.ML_COST, (100, None, None, 0), "utilisation = 0"),
    (udf.ML_COST, (100, None, None, None, "tpu"), "gpu_type = 'tpu'"),
    (udf.ML_COST, (True,), "gpu_hours = True is not allowed: must be a number"),  # a ticked checkbox is not hours
    (udf.ML_COST, (100, None, None, 1.5), "utilisation = 1.5 is not allowed: must be a number > 0 and <= 1"),
    (udf.AITEAM_TEAM_COST, (2, 61), "months = 61 is not allowed: must be a whole number from 1 to 60"),  # beyond the 60 prepared months
    (udf.AITEAM_CHECK, ([["ML engineer", "mid", 1, "permanent", 2.5]],), "row 1 search month = 2.5"),
    (udf.AITEAM_BUDGET, (0,), "stage = 0"),
    (udf.AITEAM_CHECK, ([["Role", "Level"], ["ML engineer", "mid"]],), "FTE column"),
    (udf.AITEAM_CHECK, ([["ML engineer", "mid", 2]],), "row 1 FTE = 2"),
    (udf.AITEAM_COVERAGE, ([[None, None, None]],), "at least one row"),
    (udf.AITEAM_PLAYBOOK, (91,), "day = 91"),
]


@pytest.mark.parametrize(("fn", "args", "needle"), BAD, ids=[f"{f.__name__}{a!r}"[:60] for f, a, _ in BAD])
def test_bad_arguments_give_one_clear_line(fn: Any, args: tuple[Any, ...], needle: str) -> None:
    got = fn(*args)
    assert isinstance(got, str), got
    assert got.startswith("#AITEAM! ") and needle in got
    assert "\n" not in got and "Traceback" not in got


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: udf._number("gpu_hours", None, "utilisation"), ErrorCode.REQUIRED),  # an empty cell
        (lambda: udf._number("gpu_hours", "#N/A", "utilisation"), ErrorCode.EXCEL_ERROR),  # an error value as text
        (lambda: udf._number("gpu_hours", -2146826281, "utilisation"), ErrorCode.EXCEL_ERROR),  # and as a COM code
        (lambda: udf._number("gpu_hours", True, "utilisation"), ErrorCode.NOT_A_NUMBER),  # a checkbox
        (lambda: udf._whole("months", 2.5, "horizon_months"), ErrorCode.NOT_WHOLE),
        (lambda: udf._stage(4), ErrorCode.UNKNOWN_CHOICE),
        (lambda: udf._stage(""), ErrorCode.REQUIRED),
        (lambda: udf._role("Wizard"), ErrorCode.UNKNOWN_ROLE),
        (lambda: udf._level("principal", "ml_engineer"), ErrorCode.UNKNOWN_LEVEL),
        (lambda: udf._team([["Role", "Level"], ["ML engineer", "mid"]]), ErrorCode.MISSING_COLUMN),
    ],
)
def test_the_cell_helpers_raise_the_shared_codes(call: Any, code: ErrorCode) -> None:
    with pytest.raises(InputError) as info:
        call()
    assert info.value.code is code


def test_a_cell_with_the_stage_as_excel_passes_it() -> None:
    assert udf._stage(2.0) == 2 and udf._whole("months", 12.0, "horizon_months") == 12


def test_a_bad_cell_in_a_range_is_marked_in_its_own_cell() -> None:
    got = udf.ML_COST([[100, "x"]])
    assert got[0][0] == ml_cost(100)
    assert got[0][1].startswith("#AITEAM! gpu_hours = 'x'")


# --- what Excel sees: xlwings' own decorator metadata and the VBA of Import Functions -------


@pytest.fixture(scope="module")
def windows_module() -> types.ModuleType:
    """The UDF module decorated by xlwings' real (Windows) decorators, with pywin32 stood in for."""
    saved = {name: sys.modules.get(name) for name in ("pythoncom", "pywintypes", "win32com", "win32com.client")}
    stubs = {name: types.ModuleType(name) for name in saved}
    stubs["pythoncom"].CoInitialize = lambda: None  # type: ignore[attr-defined]
    stubs["win32com.client"].Dispatch = lambda *a, **k: None  # type: ignore[attr-defined]
    stubs["win32com"].client = stubs["win32com.client"]  # type: ignore[attr-defined]
    sys.modules.update(stubs)
    import xlwings

    try:
        import xlwings.udfs as real

        with pytest.MonkeyPatch.context() as mp:  # xlwings' plain decorators come back when the block ends
            for name, decorator in {"func": real.xlfunc, "arg": real.xlarg, "ret": real.xlret, "script": real.xlsub}.items():
                mp.setattr(xlwings, name, decorator)
            spec = importlib.util.spec_from_file_location("aiteam_udfs_windows", udf.__file__)
            assert spec and spec.loader
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
        module.generate_vba_wrapper = real.generate_vba_wrapper  # type: ignore[attr-defined]
        return module
    finally:
        sys.modules.pop("xlwings.udfs", None)
        for name, old in saved.items():
            if old is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = old


def test_every_udf_has_the_signature_excel_will_see(windows_module: types.ModuleType) -> None:
    for name in FUNCTIONS:
        meta = getattr(windows_module, name).__xlfunc__
        assert meta["name"] == name and meta["sub"] is False
        assert meta["category"] == "AI Team Planner"
        assert not meta["volatile"]
        assert 0 < len(meta["ret"]["doc"]) <= 255, f"{name}: Excel shows only 255 characters of the description"
        for a in meta["args"]:
            assert a["doc"] and not a["doc"].startswith("Positional argument"), f"{name}({a['name']}) has no doc"
            assert len(a["doc"]) <= 255
            assert a["options"].get("err_to_str") is True, f"{name}({a['name']}): error cells must arrive as text"
            assert ("optional" in a) == a["doc"].startswith("Optional"), f"{name}({a['name']}): optional and doc disagree"
    assert [a["name"] for a in windows_module.ML_COST.__xlfunc__["args"]] == ["gpu_hours", "rate", "pricing", "utilisation", "gpu_type"]
    assert windows_module.AITEAM_BUDGET.__xlfunc__["ret"]["options"] == {"index": True, "header": True}
    for name in SCRIPTS:
        meta = getattr(windows_module, name).__xlfunc__
        assert meta["sub"] is True and meta["args"] == []


def test_import_functions_vba_matches_the_snapshot(windows_module: types.ModuleType) -> None:
    out = io.StringIO()
    windows_module.generate_vba_wrapper("aiteam_udfs", windows_module, out, types.SimpleNamespace(Name="AITeamPlanner.xlsm"))
    vba = out.getvalue()
    for name in FUNCTIONS:
        assert f"Function {name}(" in vba
    for name in SCRIPTS:
        assert f"Sub {name}()" in vba
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(vba, encoding="utf-8")
    assert SNAPSHOT.exists(), "run the tests once with UPDATE_SNAPSHOTS=1 and review tests/snapshots/aiteam_udfs.bas"
    assert vba == SNAPSHOT.read_text(encoding="utf-8"), "the VBA that Import Functions writes changed: review, then UPDATE_SNAPSHOTS=1"


def test_the_module_is_importable_by_its_unique_name() -> None:
    assert importlib.util.find_spec("aiteam_udfs") is not None
    assert udf.__name__ == "aiteam_udfs"
