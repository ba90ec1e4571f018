"""The aiteam command as a user runs it."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
import yaml

from xl_aiteam.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_plan(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "plan", "--stage", "2")
    assert code == 0 and err == ""
    assert "Stage 2 plan" in out and "11 positions" in out and "Head of AI" in out
    assert "Coverage (FTE): data science 2, ML engineering 6, infrastructure 3, domain expertise 0.5" in out  # FUNCTION_LABELS


def test_budget_table_and_csv(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "budget", "--stage", "2")
    assert code == 0 and "FY2027 Q1" in out and "Total" in out
    code, out, _ = run(capsys, "budget", "--stage", "2", "--csv")
    frame = pd.read_csv(io.StringIO(out), index_col=[0, 1, 2])
    assert code == 0 and frame.shape[1] == 24
    assert frame.loc["Personnel"].to_numpy().sum() > 0


def test_check_passes_the_default_plan_and_fails_a_bad_one(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "check")[0] == 0
    bad = tmp_path / "ds-first.yaml"
    bad.write_text(yaml.safe_dump({"team": [{"role": "data_scientist", "level": "senior", "fte": 1}]}))
    code, out, _ = run(capsys, "check", str(bad))
    assert code == 1
    assert "DS_FIRST" in out and "NO_ML_ENGINEERING" in out and "fix:" in out


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["plan", "--stage", "4"], "stage = 4 is not allowed: must be one of 1, 2 or 3"),
        (["budget", "--horizon", "0"], "horizon_months = 0 is not allowed: must be a whole number from 1 to 60"),
        (["budget", "--horizon", "2.5"], "horizon_months = '2.5' is not allowed: must be a whole number from 1 to 60"),
        (["budget", "--start", "soon"], "--start = 'soon' is not allowed: must be a date written YYYY-MM-DD, from 2000-01-01"),
        (["check", "missing.yaml"], "missing.yaml: no such file"),
        (["plan", "--size", "xl"], "size = 'xl' is not allowed: must be one of low, mid or high"),
        (["budget", "--period", "W"], "invalid choice: 'W'"),
        (["explode"], "invalid choice: 'explode'"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    try:
        code, out, err = run(capsys, *args)
    except SystemExit as exit_:  # argparse's own errors
        code = int(exit_.code or 0)
        out, err = capsys.readouterr()
    assert code == 2
    assert needle in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert out == ""


def test_a_bad_value_in_a_file_names_the_file_and_field(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text("salaries:\n  ml_engineer:\n    senior: -1\n")
    code, _, err = run(capsys, "budget", "--assumptions", str(path))
    assert code == 2
    assert err.strip() == "aiteam: plan.yaml.salaries.ml_engineer.senior = -1 is not allowed: must be a number from 0 to 1,000,000,000"


def test_init_writes_defaults_and_never_overwrites(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    assert run(capsys, "init", str(path), "--stage", "3")[0] == 0
    assert yaml.safe_load(path.read_text())["stage"] == 3
    path.write_text("stage: 1\n")
    code, _, err = run(capsys, "init", str(path))
    assert code == 2 and "already exists" in err
    assert path.read_text() == "stage: 1\n"
    assert run(capsys, "plan", "--assumptions", str(path))[1].startswith("Stage 1 plan")


def test_playbook_and_timeline(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "playbook", "--start", "2027-01-01")
    assert code == 0 and "due 2027-03-31" in out
    code, out, _ = run(capsys, "timeline", "--stage", "1", "--csv")
    assert code == 0 and "on board" in out


def test_build_writes_a_workbook_and_check_reads_it_back(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    code, text, _ = run(capsys, "build", "--stage", "3", "--products", "3", "--out", str(out))
    assert code == 0 and out.exists() and "stage 3" in text
    code, text, _ = run(capsys, "check", str(out))
    assert code == 0 and "stage 3 plan of" in text and "passes every check" in text
    code, _, err = run(capsys, "build", "--out", str(out))
    assert code == 2 and "already exists" in err
    code, _, err = run(capsys, "build", "--out", str(tmp_path / "plan.ods"))
    assert code == 2 and "must be .xlsx or .xlsm" in err


def test_build_refuses_a_workbook_open_in_excel(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "plan.xlsx"
    out.write_bytes(b"the user's file")
    (tmp_path / "~$plan.xlsx").write_bytes(b"lock")
    code, _, err = run(capsys, "build", "--out", str(out), "--force")
    assert code == 2 and "open in Excel" in err
    assert out.read_bytes() == b"the user's file"
