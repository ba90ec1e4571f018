"""A Staffing row the model cannot plan is a finding of `aiteam check`, as on the Checks sheet, not a refusal.

Rows are edited in a copy of the stage 2 template (11 positions, P01..P11 on sheet rows 5..15).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.budget import project_budget
from xl_aiteam.errors import ErrorCode, InputError, WorkbookError
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.plan import build_plan, check_plan
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_assumptions, read_assumptions_and_row_findings

from .excel_truth import assert_matches_model
from .test_cli import run
from .test_workbook import _cell, _table_rows, row_added

STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)


def _edited(tmp_path: Path, edits: dict[tuple[str, str], Any], name: str = "edited.xlsx", **named: Any) -> Path:
    """A copy of the stage 2 template with Staffing cells changed: (position ID, column key) -> value,
    and named inputs (``HiringDelay=20``)."""
    wb = load_workbook(STAGE2)
    for input_name, value in named.items():
        _cell(wb, input_name).value = value  # a scenario's driver: its input on Assumptions
    ws = wb[SHEET["staffing"]]
    for (position, key), value in edits.items():
        row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == position)
        ws.cell(row, STAFFING_COLUMNS[key]).value = value
    path = tmp_path / name
    wb.save(path)
    return path


UNKNOWN = {("P04", "role"): "Prompt whisperer", ("P05", "level"): "principal"}  # rows 8 and 9


def test_check_prints_each_bad_row_with_its_reason_and_what_is_allowed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _edited(tmp_path, UNKNOWN)
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and err == ""  # errors found, not a refusal (2)
    lines = out.splitlines()
    role = next(line for line in lines if line.startswith("ERROR   UNKNOWN_ROLE"))
    assert "Staffing row 8: role 'Prompt whisperer' is not a role of the planner" in role
    assert "allowed: one of ML engineer, Data scientist" in role and role.endswith("[P04]")
    salary = [line for line in lines if line.startswith("ERROR   SALARY_MISSING")]
    assert len(salary) == 2  # the unknown role has no salary either, as the Checks sheet counts it
    assert "Staffing row 9: Data engineer has no salary for level 'principal'; allowed: one of junior, mid or senior" in salary[1]
    assert "fix: Choose the role from the list in the Role column" in out
    assert lines[-1] == f"{path}: 3 finding(s), 3 error(s)."


def test_the_rest_of_the_plan_is_computed_without_the_bad_rows(tmp_path: Path) -> None:
    a, findings = read_assumptions_and_row_findings(_edited(tmp_path, UNKNOWN))
    assert a.team is not None and [t.id for t in a.team] == [f"P{n:02d}" for n in (1, 2, 3, 6, 7, 8, 9, 10, 11)]
    found = [(f.code, f.positions) for f in findings]
    assert found == [("UNKNOWN_ROLE", ("P04",)), ("SALARY_MISSING", ("P04",)), ("SALARY_MISSING", ("P05",))]
    clean, none = read_assumptions_and_row_findings(STAGE2)
    assert none == [] and clean == read_assumptions(STAGE2)


def test_a_level_the_role_does_not_have_and_a_contractor_of_no_known_role(tmp_path: Path) -> None:
    edits = {("P05", "level"): "lead", ("P04", "role"): "Wizard", ("P04", "employment"): "contractor"}
    _, findings = read_assumptions_and_row_findings(_edited(tmp_path, edits))
    # a contractor is paid by the hour, not a salary: only its role is flagged (SALARY_MISSING skips contractors)
    assert [(f.code, f.positions) for f in findings] == [("UNKNOWN_ROLE", ("P04",)), ("SALARY_MISSING", ("P05",))]
    assert "Data engineer has no salary for level 'lead'" in findings[1].message


@pytest.mark.parametrize(
    ("edits", "field"),
    [
        ({("P06", "fte"): 2}, "Staffing row 10 fte"),  # not a row the Checks sheet flags: refused, as before
        ({("P04", "role"): "Wizard", ("P06", "fte"): 2}, "Staffing row 10 fte"),  # the row named where it is, past a bad row
        ({("P04", "role"): "Wizard", ("P06", "id"): "P07"}, ""),  # two rows with one ID: the team as a whole
    ],
    ids=["fte", "fte-after-a-bad-row", "duplicate-id"],
)
def test_any_other_bad_value_still_refuses_the_file_with_one_line(tmp_path: Path, edits: dict[tuple[str, str], Any], field: str) -> None:
    with pytest.raises(InputError) as refused:
        read_assumptions_and_row_findings(_edited(tmp_path, edits))
    assert field in refused.value.field
    if not field:
        assert refused.value.code == ErrorCode.DUPLICATE_ID


def test_an_end_before_the_start_and_a_start_past_the_horizon_are_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _edited(tmp_path, {("P04", "end_month"): 2, ("P11", "search_month"): 12}, HiringDelay=12)
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "END_BEFORE_START: 1 position(s) end before they start. [P04]" in out
    late = next(line for line in out.splitlines() if "STARTS_AFTER_HORIZON" in line)
    assert "start after month 24, the end of the plan." in late and "P11" in late  # searched in month 24, after the delay


def test_an_assumptions_file_keeps_refusing_a_bad_team_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({"team": [{"role": "wizard", "level": "mid", "fte": 1}]}))
    code, out, err = run(capsys, "check", "--assumptions", str(path))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and "team.0.role" in err


def test_fill_still_refuses_a_bad_row_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    """Not built: a refill that keeps a bad row as typed (see the report). Until then it refuses, changing nothing."""
    path = _edited(tmp_path, UNKNOWN)
    before = path.read_bytes()
    with pytest.raises((InputError, WorkbookError), match="Staffing row 8 role"):
        fill_workbook(path)
    assert path.read_bytes() == before


@pytest.mark.libreoffice
def test_check_flags_what_the_checks_sheet_flags(tmp_path: Path) -> None:
    cases = {
        "unknown": UNKNOWN,
        "role": {("P02", "role"): "Wizard"},
        "level": {("P03", "level"): "lead"},
    }
    paths = {name: _edited(tmp_path, edits, f"{name}.xlsx") for name, edits in cases.items()}
    outs = recalculate(list(paths.values()), tmp_path / "out")
    for (name, path), out in zip(paths.items(), outs, strict=True):
        ws = load_workbook(out, data_only=True)[SHEET["checks"]]
        codes = range(5, next(r for r in range(5, 60) if not ws.cell(r, 1).value))  # the checks, above the plan check
        sheet = {ws.cell(r, 1).value for r in codes if ws.cell(r, 4).value == 1 and ws.cell(r, 3).value != "info"}
        a, findings = read_assumptions_and_row_findings(path)
        plan = {f.code for f in check_plan(build_plan(a)) if f.severity != "info"}  # the rest of the plan
        assert {f.code for f in findings} | plan == sheet, name
    shutil.rmtree(tmp_path / "out")


@pytest.mark.libreoffice
def test_a_row_the_model_cannot_plan_costs_and_counts_nothing_in_the_workbook(tmp_path: Path) -> None:
    """P04 with an unknown role, P05 at a level its role lacks, and a permanent row typed under the
    table with an unknown role: the recalculated workbook equals the model run without the three, to
    the cent (no recruiting fee, no FTE in the headcount, no position counted), and nothing typed changed."""
    path = _edited(tmp_path, UNKNOWN)
    wb = load_workbook(path)
    row_added(wb)
    ws, _, _, last = _table_rows(wb)
    ws.cell(last, STAFFING_COLUMNS["role"]).value = "Chief vibes officer"
    added = ws.cell(last, STAFFING_COLUMNS["id"]).value
    wb.save(path)
    out = recalculate([path], tmp_path / "out")[0]
    a, findings = read_assumptions_and_row_findings(path)
    assert [f.positions for f in findings if f.code == "UNKNOWN_ROLE"] == [("P04",), (added,)]
    done = load_workbook(out, data_only=True)
    assert_matches_model(done, a, row_findings=findings)
    staffing = done[SHEET["staffing"]]
    shown = {staffing.cell(r, 1).value: staffing.cell(r, STAFFING_COLUMNS["in_plan"]).value for r in range(5, last + 1)}
    assert [pid for pid, flag in shown.items() if flag == 0 and staffing.cell(_row(staffing, pid), 2).value] == ["P04", "P05", added]
    plan = build_plan(a)
    assert _cell(done, "PlanTotal").value == pytest.approx(float(project_budget(plan).to_numpy().sum()), abs=0.01)
    typed = load_workbook(path)[SHEET["staffing"]]
    assert typed.cell(last, STAFFING_COLUMNS["role"]).value == "Chief vibes officer"  # nothing typed is changed
    shutil.rmtree(tmp_path / "out")


def _row(ws: Any, pid: str) -> int:
    return next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == pid)
