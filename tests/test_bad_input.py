"""The bad-input matrix: every UDF argument, every `aiteam` command and flag, every assumptions
field, fed values users really type. Each gives one clear line naming the input and what is
allowed: in the cell for a UDF, on stderr with exit code 2 for the CLI, as InputError for the
loader. No traceback, no number.

The README's reliability section quotes the sizes of these matrices; a test keeps them true.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from pathlib import Path
from typing import Any

import aiteam_udfs as udf
import pytest

from xl_aiteam import InputError, WorkbookError, ml_cost, parse_assumptions
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode
from xl_aiteam.rules import bounds

ROOT = Path(__file__).resolve().parents[1]
ERROR_CELL = "#N/A"
ERROR_CODE = -2146826281  # #DIV/0! as a COM error code
WHEN = dt.datetime(2027, 1, 1)

# bad values per kind of argument; every one is wrong for every argument of that kind
BAD_VALUES: dict[str, list[Any]] = {
    "stage": [None, "", "two", 0, 4, 2.5, -1, math.nan, math.inf, 1e300, True, ERROR_CELL, ERROR_CODE, [[1, 2]], WHEN],
    "role": ["Wizard", 3, True, math.nan, ERROR_CELL, ERROR_CODE, [["ML engineer"]], WHEN],
    "level": ["principal", 2, True, ERROR_CELL, ERROR_CODE],
    "bound": ["most", 1, True, ERROR_CELL],
    "months": [0, -1, 61, 2.5, "ten", math.nan, math.inf, 1e300, True, ERROR_CELL, ERROR_CODE, WHEN],
    "hours": [-1, "ten", math.nan, math.inf, 1e300, True, ERROR_CELL, ERROR_CODE, None, "", WHEN],
    "rate": [-1, 1001, "cheap", math.nan, math.inf, True, ERROR_CELL, ERROR_CODE],
    "pricing": ["cheap", 1, True, ERROR_CELL],
    "utilisation": [0, -0.5, 1.5, "half", math.nan, math.inf, True, ERROR_CELL],
    "gpu": ["tpu", 1, True, ERROR_CELL],
    "size": [0, -1, "seven billion", math.nan, math.inf, 1e300, True, ERROR_CELL, ERROR_CODE, None, "", WHEN],  # parameters, tokens
    "day": [0, 91, 45.5, "tomorrow", math.nan, True, ERROR_CELL, ERROR_CODE],
    "field": ["salary", "red flag", 3, True, math.nan, ERROR_CELL, ERROR_CODE, [["skills"]]],
    "measure": ["late", "", None, 3, True, ERROR_CELL, ERROR_CODE],
    "percentile": [75, 0, "median", None, "", 50.5, True, ERROR_CELL, ERROR_CODE],
    "runs": [0, -1, 1_000_001, 2.5, "ten", math.nan, math.inf, True, ERROR_CELL, ERROR_CODE, WHEN],
    "seed": [-1, 2**31, 0.5, "lucky", math.nan, True, ERROR_CELL, ERROR_CODE],
    "staffing": [
        [[None, None, None]],  # an empty range
        [["Role", "Level"], ["ML engineer", "mid"]],  # a header without FTE
        [["ML engineer", "mid", 2]],  # more than one person in a row
        [["ML engineer", "mid", "one"]],
        [["ML engineer", "mid", 0]],
        [["Wizard", "mid", 1]],
        [["ML engineer", "principal", 1]],
        [["ML engineer", "mid", 1, "freelance"]],
        [["ML engineer", "mid", 1, "permanent", 0]],  # search month 0
        [["ML engineer", "mid", 1, "permanent", 61]],
        [["ML engineer", "mid", ERROR_CELL]],
        [["ML engineer", "mid", math.nan]],
        "text",
    ],
}

# each UDF: good arguments, and the kind and name of each argument
SIGNATURES: list[tuple[Any, tuple[Any, ...], list[tuple[str, str]]]] = [
    (udf.AITEAM_HEADCOUNT, (2, "ML engineer", "low"), [("stage", "stage"), ("role", "role"), ("bound", "bound")]),
    (udf.AITEAM_ROLES, (2,), [("stage", "stage")]),
    (udf.AITEAM_SALARY, ("ML engineer", "mid"), [("role", "role"), ("level", "level")]),
    (udf.AITEAM_LOADED_COST, ("ML engineer", "mid", 12), [("role", "role"), ("level", "level"), ("months", "months")]),
    (udf.AITEAM_HIRE_WINDOW, ("ML engineer",), [("role", "role")]),
    (udf.AITEAM_ROLE, ("ML engineer", "skills"), [("role", "role"), ("field", "field")]),
    (
        udf.ML_COST,
        (100, 2.0, "spot", 0.5, "aws_h100"),
        [("hours", "gpu_hours"), ("rate", "rate"), ("pricing", "pricing"), ("utilisation", "utilisation"), ("gpu", "gpu_type")],
    ),
    (
        udf.AITEAM_TRAIN_HOURS,
        (7e9, 1e12, "aws_h100", 0.4),
        [("size", "params"), ("size", "tokens"), ("gpu", "gpu_type"), ("utilisation", "mfu")],
    ),
    (
        udf.AITEAM_INFER_HOURS,
        (7e9, 1e9, "aws_a100_80gb", 0.3),
        [("size", "params"), ("size", "tokens"), ("gpu", "gpu_type"), ("utilisation", "mfu")],
    ),
    (udf.AITEAM_TEAM_COST, (2, 12), [("stage", "stage"), ("months", "months")]),
    (udf.AITEAM_BUDGET, (2, 12), [("stage", "stage"), ("months", "months")]),
    (udf.AITEAM_CHECK, ([["ML engineer", "senior", 1]],), [("staffing", "")]),
    (udf.AITEAM_COVERAGE, ([["ML engineer", "senior", 1]],), [("staffing", "")]),
    (udf.AITEAM_PLAYBOOK, (45,), [("day", "day")]),
    (
        udf.AITEAM_RISK,
        ("complete", 50, 1, 200, 7),
        [("measure", "measure"), ("percentile", "percentile"), ("stage", "stage"), ("runs", "runs"), ("seed", "seed")],
    ),
]

UDF_CASES = [
    pytest.param(fn, good, i, name, value, id=f"{fn.__name__}-{name or kind}-{value!r}"[:80])
    for fn, good, args in SIGNATURES
    for i, (kind, name) in enumerate(args)
    for value in BAD_VALUES[kind]
    if not (kind == "role" and fn is udf.AITEAM_HEADCOUNT and value is None)
    and not (fn is udf.AITEAM_RISK and kind == "stage" and (value is None or value == ""))  # optional there: the default stage
]


@pytest.mark.parametrize(("fn", "good", "position", "name", "value"), UDF_CASES)
def test_every_udf_argument_rejects_bad_values_in_the_cell(fn: Any, good: tuple[Any, ...], position: int, name: str, value: Any) -> None:
    args = list(good)
    args[position] = value
    got = fn(*args)
    assert isinstance(got, str), f"{fn.__name__}: {value!r} gave {got!r}, not a message"
    assert got.startswith("#AITEAM! ") and "\n" not in got and "Traceback" not in got
    assert name in got or "row " in got or "staffing_range" in got, got
    assert "is not allowed" in got


def test_the_good_arguments_of_the_matrix_do_compute() -> None:
    for fn, good, _ in SIGNATURES:
        got = fn(*good)
        assert not (isinstance(got, str) and got.startswith("#AITEAM!")), (fn.__name__, got)


# --- the command line --------------------------------------------------------------------------

FLAG_VALUES: dict[str, list[str]] = {
    "--stage": ["0", "4", "abc", "2.5", "", "-1", "nan", "inf"],
    "--size": ["xl", "", "3"],
    "--products": ["0", "21", "x", "-1", "1000000000"],
    "--start": ["2027-13-01", "soon", "1999-12-31", "2100-01-01", "", "2027-02-30"],
    "--horizon": ["0", "61", "-5", "abc", "1e9", ""],
}


def _assumption_files(tmp: Path) -> dict[str, tuple[Path, str]]:
    """Bad assumptions files, and what the one line must say."""
    (tmp / "folder.yaml").mkdir(exist_ok=True)
    files = {
        "missing.yaml": (None, "no such file"),
        "folder.yaml": (None, "cannot be read"),
        "notes.txt": ("stage: 2", "must be a .yaml"),
        "broken.yaml": ("stage: [2\n", "not valid YAML"),
        "broken.json": ('{"stage": 2,', "not valid JSON"),
        "list.yaml": ("- 1\n- 2\n", "table of named inputs"),
        "typo.yaml": ("stagee: 2\n", "stagee = 2 is not allowed"),
        "negative.yaml": ("salaries:\n  ml_engineer:\n    senior: -1\n", "salaries.ml_engineer.senior = -1"),
        "nan.yaml": ("utilisation: .nan\n", "utilisation = nan"),
        "inf.json": ('{"storage_tb": Infinity}', "storage_tb = inf"),
        "text.yaml": ("loaded_multiplier: high\n", "loaded_multiplier = 'high'"),
        "gpu.yaml": ("gpu_type: tpu_v9\n", "gpu_type = 'tpu_v9' is not allowed: must be one of aws_h100"),
        "role.yaml": ("team:\n  - {role: wizard, level: mid, fte: 1}\n", "team.0.role = 'wizard'"),
        "date.yaml": ("start_date: 1999-12-31\n", "start_date = 1999-12-31 is not allowed: must be a date written YYYY-MM-DD, from 2000"),
        "binary.yaml": ("\udcff", "cannot be read"),
        "impossible-date.yaml": ("start_date: 2027-02-30\n", "day is out of range for month"),
        "mfu.yaml": ("mfu: 1.5\n", "mfu = 1.5 is not allowed: must be a number > 0 and <= 1"),
        "params.yaml": ("workloads:\n  training: {params: 0}\n", "workloads.training.params = 0 is not allowed: must be a number > 0"),
        "tokens.yaml": ("workloads:\n  inference: {tokens: many}\n", "workloads.inference.tokens = 'many' is not allowed"),
    }
    out = {}
    for name, (text, needle) in files.items():
        path = tmp / name
        if text is not None:
            path.write_bytes(text.encode("utf-8", "surrogateescape"))
        out[name] = (path, needle)
    return out


COMMANDS = ["plan", "budget", "check", "timeline", "playbook", "build", "risk", "bridge"]
CLI_FLAG_CASES = [(c, flag, v) for c in COMMANDS for flag, values in FLAG_VALUES.items() for v in values]
FILE_NAMES = [
    "mfu.yaml",
    "params.yaml",
    "tokens.yaml",
    "missing.yaml",
    "folder.yaml",
    "notes.txt",
    "broken.yaml",
    "broken.json",
    "list.yaml",
    "typo.yaml",
    "negative.yaml",
    "nan.yaml",
    "inf.json",
    "text.yaml",
    "gpu.yaml",
    "role.yaml",
    "date.yaml",
    "binary.yaml",
    "impossible-date.yaml",
]
CLI_FILE_CASES = [(c, name) for c in COMMANDS for name in FILE_NAMES]
CLI_OTHER_CASES: list[list[str]] = [
    ["init", "x.yaml", "--stage", "5"],
    ["init", "x.txt"],
    ["fill", "missing.xlsx"],
    ["fill", "plan.ods"],
    ["check", "plan.pdf"],
    ["build", "--out", "plan.csv"],
    ["build"],  # --out is required
    ["budget", "--period", "W"],
    ["risk", "--runs", "0"],
    ["risk", "--runs", "1000001"],  # more than a million
    ["risk", "--runs", "ten"],
    ["risk", "--seed", "-1"],
    ["roles", "Wizard"],  # not a role of the catalog
    ["roles", "--markdown", ""],  # an empty role
    ["roles", "ML engineer", "Data scientist"],  # one role at most
    ["bridge", "--window", "0"],  # the hire-or-contract window: 1 to 60 whole months
    ["bridge", "--window", "61"],
    ["bridge", "--window=-2"],
    ["bridge", "--window", "1.5"],
    ["bridge", "--window", "a year"],
    ["nonsense"],
    [],
]


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str, str]:
    try:
        code = main(argv)
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _one_clear_line(code: int, out: str, err: str) -> None:
    assert code == 2, (code, out, err)
    assert err.count("\n") == 1 and err.startswith("aiteam: "), err
    assert "Traceback" not in err and "internal error" not in err


@pytest.mark.parametrize(("command", "flag", "value"), CLI_FLAG_CASES)
def test_every_command_rejects_bad_flags(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, flag: str, value: str) -> None:
    argv = [command, f"{flag}={value}"] + (["--out", str(tmp_path / "p.xlsx")] if command == "build" else [])
    code, out, err = _run(capsys, argv)
    _one_clear_line(code, out, err)
    field = {"--horizon": "horizon_months", "--start": "--start"}.get(flag, flag.lstrip("-"))
    if value or flag == "--start":
        assert field in err or "start_date" in err, err
    assert not (tmp_path / "p.xlsx").exists()


@pytest.mark.parametrize(("command", "name"), CLI_FILE_CASES)
def test_every_command_rejects_bad_assumption_files(capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, name: str) -> None:
    path, needle = _assumption_files(tmp_path)[name]
    argv = [command, "--assumptions", str(path)] + (["--out", str(tmp_path / "p.xlsx")] if command == "build" else [])
    code, out, err = _run(capsys, argv)
    _one_clear_line(code, out, err)
    assert needle in err, err


@pytest.mark.parametrize("argv", CLI_OTHER_CASES, ids=[" ".join(a) or "(nothing)" for a in CLI_OTHER_CASES])
def test_other_bad_command_lines(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _one_clear_line(*_run(capsys, argv))


# --- the assumptions loader ----------------------------------------------------------------------

NUMERIC_FIELDS = [
    "horizon_months",
    "products",
    "loaded_multiplier",
    "annual_raise",
    "recruiting_cost_per_hire",
    "attrition_rate",
    "contractor_hours_per_month",
    "contractor_time_to_fill_months",
    "reserved_discount",
    "spot_discount",
    "utilisation",
    "training_gpu_hours_per_month",
    "inference_gpu_hours_per_month",
    "data_processing_share",
    "compute_start_month",
    "storage_tb",
    "storage_growth_tb_per_month",
    "storage_price_per_tb_month",
    "decision_window_months",
    "ramp_up_productivity",
    "salaries.ml_engineer.senior",
    "role_terms.data_scientist.time_to_fill_months",
    "role_terms.mlops_engineer.contractor_hourly_rate",
    "gpu_types.aws_h100.hourly_rate",
    "pricing_mix.spot",
    "team.0.fte",
    "team.0.search_month",
]
# each bad value and the code every numeric field gives for it
NUMERIC_BAD: list[tuple[Any, ErrorCode]] = [
    (-1, ErrorCode.OUT_OF_RANGE),
    ("text", ErrorCode.NOT_A_NUMBER),
    ("12", ErrorCode.NOT_A_NUMBER),  # a number typed as text is refused, not guessed at
    (math.nan, ErrorCode.NOT_FINITE),
    (math.inf, ErrorCode.NOT_FINITE),
    (-math.inf, ErrorCode.NOT_FINITE),
    (1e300, ErrorCode.OUT_OF_RANGE),
    (True, ErrorCode.NOT_A_NUMBER),  # a boolean is not 1
    (None, ErrorCode.REQUIRED),
    ([], ErrorCode.NOT_A_NUMBER),
    ({}, ErrorCode.NOT_A_NUMBER),
]
OTHER_FIELDS: dict[str, list[tuple[Any, ErrorCode]]] = {
    "stage": [
        (0, ErrorCode.UNKNOWN_CHOICE),
        (4, ErrorCode.UNKNOWN_CHOICE),
        ("2", ErrorCode.UNKNOWN_CHOICE),
        (2.0, ErrorCode.UNKNOWN_CHOICE),
        (True, ErrorCode.UNKNOWN_CHOICE),
        (None, ErrorCode.REQUIRED),
    ],
    "size": [("huge", ErrorCode.UNKNOWN_CHOICE), (1, ErrorCode.UNKNOWN_CHOICE), (None, ErrorCode.REQUIRED)],
    "currency": [("dollars", ErrorCode.BAD_FORMAT), ("usd", ErrorCode.BAD_FORMAT), (1, ErrorCode.NOT_TEXT)],
    "start_date": [
        ("2027-02-30", ErrorCode.NOT_A_DATE),
        ("1999-12-31", ErrorCode.OUT_OF_RANGE),
        ("2100-01-01", ErrorCode.OUT_OF_RANGE),
        ("next week", ErrorCode.NOT_A_DATE),
        (20270101, ErrorCode.NOT_A_DATE),
        (True, ErrorCode.NOT_A_DATE),
    ],
    "gpu_type": [("tpu", ErrorCode.UNKNOWN_GPU), (1, ErrorCode.NOT_TEXT)],
    "team.0.role": [("wizard", ErrorCode.UNKNOWN_ROLE), (1, ErrorCode.NOT_TEXT), (None, ErrorCode.REQUIRED)],
    "team.0.level": [("principal", ErrorCode.UNKNOWN_LEVEL), (None, ErrorCode.REQUIRED)],
    "team.0.employment": [("freelance", ErrorCode.UNKNOWN_CHOICE), (1, ErrorCode.UNKNOWN_CHOICE)],
}


def _with(path: str, value: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"team": [{"role": "ml_engineer", "level": "senior", "fte": 1}]}
    if path.startswith("pricing_mix."):
        data["pricing_mix"] = {"on_demand": 0.4, "reserved": 0.3, "spot": 0.3}
    target = data
    *parents, last = path.split(".")
    for part in parents:
        key: Any = int(part) if part.isdigit() else part
        target = target[key] if isinstance(target, list) else target.setdefault(key, {})
    target[last] = value
    return data


LOADER_CASES = [
    (f, v, code)
    for f in NUMERIC_FIELDS
    for v, code in NUMERIC_BAD
    if not (f == "team.0.search_month" and v is None)  # empty: from the sequence
] + [(f, v, code) for f, vs in OTHER_FIELDS.items() for v, code in vs]


@pytest.mark.parametrize(("field", "value", "code"), LOADER_CASES, ids=[f"{f}={v!r}"[:60] for f, v, _ in LOADER_CASES])
def test_every_assumption_rejects_bad_values(field: str, value: Any, code: ErrorCode) -> None:
    with pytest.raises(InputError) as info:
        parse_assumptions(_with(field, value))
    err = info.value
    assert err.field == field, (err.field, str(err))
    assert err.code is code, str(err)
    assert " is not allowed: " in str(err) and "\n" not in str(err)
    if field in NUMERIC_FIELDS:  # a number field says what the rule of its Assumptions field allows
        assert err.allowed == bounds(field).allowed(), str(err)


# --- one rule, three paths: ML_COST in a cell, ml_cost in Python, the loader --------------------

ML_COST_ARGS = ("gpu_hours", "rate", "pricing", "utilisation", "gpu_type")
# argument of ML_COST and ml_cost, bad value, the code all paths give, and the Assumptions field
# the loader checks by the same rule (None: the argument has no such field)
AGREE: list[Any] = [
    pytest.param("utilisation", True, ErrorCode.NOT_A_NUMBER, "utilisation", id="util-bool"),  # a ticked checkbox is not 1
    pytest.param("utilisation", math.nan, ErrorCode.NOT_FINITE, "utilisation", id="util-nan"),  # NaN, e.g. from numpy
    pytest.param("utilisation", math.inf, ErrorCode.NOT_FINITE, "utilisation", id="util-inf"),  # infinity
    pytest.param("utilisation", 1.5, ErrorCode.OUT_OF_RANGE, "utilisation", id="util-too-big"),  # 150 % of the time
    pytest.param("utilisation", 0, ErrorCode.OUT_OF_RANGE, "utilisation", id="util-zero"),  # the open limit itself
    pytest.param("utilisation", -0.5, ErrorCode.OUT_OF_RANGE, "utilisation", id="util-too-small"),  # below the limit
    pytest.param("utilisation", "half", ErrorCode.NOT_A_NUMBER, "utilisation", id="util-text"),  # a word
    pytest.param("utilisation", "0.5", ErrorCode.NOT_A_NUMBER, "utilisation", id="util-number-as-text"),  # not guessed at
    pytest.param("rate", False, ErrorCode.NOT_A_NUMBER, "gpu_types.aws_h100.hourly_rate", id="rate-bool"),  # an unticked checkbox
    pytest.param("rate", math.nan, ErrorCode.NOT_FINITE, "gpu_types.aws_h100.hourly_rate", id="rate-nan"),
    pytest.param("rate", -math.inf, ErrorCode.NOT_FINITE, "gpu_types.aws_h100.hourly_rate", id="rate-minus-inf"),
    pytest.param("rate", 1001, ErrorCode.OUT_OF_RANGE, "gpu_types.aws_h100.hourly_rate", id="rate-too-big"),  # above 1,000
    pytest.param("rate", 0, ErrorCode.OUT_OF_RANGE, "gpu_types.aws_h100.hourly_rate", id="rate-zero"),  # a GPU is never free
    pytest.param("rate", "cheap", ErrorCode.NOT_A_NUMBER, "gpu_types.aws_h100.hourly_rate", id="rate-text"),
    pytest.param("gpu_type", "tpu", ErrorCode.UNKNOWN_GPU, "gpu_type", id="gpu-unknown"),  # not on the price list
    pytest.param("gpu_hours", True, ErrorCode.NOT_A_NUMBER, None, id="hours-bool"),  # ML_COST(TRUE)
    pytest.param("gpu_hours", math.nan, ErrorCode.NOT_FINITE, None, id="hours-nan"),
    pytest.param("gpu_hours", math.inf, ErrorCode.NOT_FINITE, None, id="hours-inf"),
    pytest.param("gpu_hours", 2e9, ErrorCode.OUT_OF_RANGE, None, id="hours-too-big"),  # above MAX_GPU_HOURS
    pytest.param("gpu_hours", -1, ErrorCode.OUT_OF_RANGE, None, id="hours-too-small"),
    pytest.param("gpu_hours", "ten", ErrorCode.NOT_A_NUMBER, None, id="hours-text"),
    pytest.param("pricing", "cheap", ErrorCode.UNKNOWN_CHOICE, None, id="pricing-unknown"),  # not one of PRICINGS
    pytest.param("pricing", True, ErrorCode.UNKNOWN_CHOICE, None, id="pricing-bool"),
]


@pytest.mark.parametrize(("arg", "value", "code", "loader_field"), AGREE)
def test_ml_cost_the_udf_and_the_loader_agree_on_code_and_words(arg: str, value: Any, code: ErrorCode, loader_field: str | None) -> None:
    cells: list[Any] = [100, None, None, None, None]  # None: an empty cell, the default
    cells[ML_COST_ARGS.index(arg)] = value
    with pytest.raises(InputError) as python:
        ml_cost(**{"gpu_hours": 100, arg: value})
    assert python.value.code is code
    assert python.value.field == arg
    assert udf.ML_COST(*cells) == "#AITEAM! " + str(python.value)  # the cell says exactly what Python says
    if loader_field is None:
        return
    with pytest.raises(InputError) as loader:
        parse_assumptions(_with(loader_field, value))
    assert loader.value.code is code
    assert loader.value.allowed == python.value.allowed
    assert str(loader.value).removeprefix(loader_field) == str(python.value).removeprefix(arg)  # same value, same words


def test_file_errors_are_workbook_errors(tmp_path: Path) -> None:
    from xl_aiteam import load_assumptions

    with pytest.raises(WorkbookError):
        load_assumptions(tmp_path / "missing.yaml")


# --- the README quotes these counts --------------------------------------------------------------


def test_the_readme_quotes_the_real_counts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    counts = {
        "udf": len(UDF_CASES),
        "cli": len(CLI_FLAG_CASES) + len(CLI_FILE_CASES) + len(CLI_OTHER_CASES),
        "loader": len(LOADER_CASES),
    }
    for key, n in counts.items():
        assert re.search(rf"<!-- {key} -->{n}<!-- /{key} -->", readme), f"README's {key} count should be {n}"
