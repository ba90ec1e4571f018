"""The workbook under each scenario, recalculated by LibreOffice, equals the model to the cent.

A user switches ``Scenario`` on Assumptions (no Python, no refill), renames and edits a scenario
on the Scenarios sheet, types a scenario that does not exist, or changes an input after the
comparison was written; each copy is recalculated in one LibreOffice run and compared with the
model run on the inputs read back from the file (``aiteam budget --scenario NAME`` for the CLI).
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook

from xl_aiteam import Assumptions, InputError, build_plan, project_budget
from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode
from xl_aiteam.layout import FIRST, MONTHS, SHEET
from xl_aiteam.layout.sheets.compare import STALE, UP_TO_DATE
from xl_aiteam.scenarios import compare_scenarios, in_effect
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_assumptions

from .excel_truth import CENT, TOTALS_LABEL, _find, assert_matches_model, error_cells
from .excel_truth import name_cell as _cell

pytestmark = pytest.mark.libreoffice

COMMITTED = committed_workbooks()
STAGE = {a.stage: p for p, a in COMMITTED.items() if p.suffix == ".xlsx"}
EARLIER = Path(__file__).parent / "fixtures" / "AITeamPlanner-stage2-0.1.xlsx"  # made by version 0.1, before scenarios


def _scenario_cell(wb: Any, scenario: str, driver_label: str) -> Any:
    ws = wb[SHEET["scenarios"]]
    names = _cell(wb, "ScenarioNames")
    column = next(c for c in range(names.column, names.column + 6) if ws.cell(names.row, c).value == scenario)
    row = next(r for r in range(names.row + 1, names.row + 30) if ws.cell(r, 1).value == driver_label)
    return ws.cell(row, column)


def _select(name: str) -> Callable[[Any], None]:
    def edit(wb: Any) -> None:
        _cell(wb, "Scenario").value = name

    return edit


def _renamed(wb: Any) -> None:
    """Lean renamed Frugal, its multiplier and the GPU rate edited, chosen as typed in lower case."""
    _scenario_cell(wb, "Lean", "Loaded-cost multiplier").value = 1.15
    _scenario_cell(wb, "Lean", "GPU rate (selected GPU type)").value = 3.5
    names = _cell(wb, "ScenarioNames")
    ws = wb[SHEET["scenarios"]]
    next(ws.cell(names.row, c) for c in range(names.column, names.column + 6) if ws.cell(names.row, c).value == "Lean").value = "Frugal"
    _cell(wb, "Scenario").value = "frugal"


def _added(wb: Any) -> None:
    """A fourth scenario typed into a spare column: a later start of every search and a higher raise."""
    ws = wb[SHEET["scenarios"]]
    names = _cell(wb, "ScenarioNames")
    ws.cell(names.row, names.column + 3).value = "Late"
    _scenario_cell(wb, "Late", "Hiring delay").value = 4
    _scenario_cell(wb, "Late", "Annual raise").value = 0.06
    _cell(wb, "Scenario").value = "Late"


def _sized(wb: Any) -> None:
    """Lean given Size high, and chosen: the Staffing rows that follow the stage table grow to its team."""
    _scenario_cell(wb, "Lean", "Point of the seed ranges").value = "high"
    _cell(wb, "Scenario").value = "Lean"


def _base_edited(wb: Any) -> None:
    """An input changed after the comparison was written: the comparison is stale."""
    _cell(wb, "LoadedMultiplierBase").value = 1.4


EDITS: dict[str, tuple[Path, Callable[[Any], None]]] = {
    "base": (STAGE[2], lambda wb: None),
    "lean": (STAGE[2], _select("Lean")),
    "fast": (STAGE[2], _select("Fast")),
    "lean-stage3": (STAGE[3], _select("Lean")),
    "fast-stage1": (STAGE[1], _select("Fast")),
    "renamed": (STAGE[2], _renamed),
    "added": (STAGE[2], _added),
    "unknown": (STAGE[2], _select("Moonshot")),
    "sized": (STAGE[2], _sized),
    "base-edited": (STAGE[2], _base_edited),
}


def _filled_lean(path: Path) -> None:
    wb = load_workbook(path)
    _select("Lean")(wb)
    _base_edited(wb)
    wb.save(path)
    fill_workbook(path)


def _earlier_then_lean(path: Path) -> None:
    """A version 0.1 workbook refilled (the Scenarios sheet and the Scenario input are added, the
    drivers' names move), then Lean chosen in it without Python."""
    fill_workbook(path)
    wb = load_workbook(path)
    _select("Lean")(wb)
    wb.save(path)


FILLED: dict[str, tuple[Path, Callable[[Path], None]]] = {
    "filled-lean": (STAGE[2], _filled_lean),
    "earlier-lean": (EARLIER, _earlier_then_lean),
}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """key -> (the edited file, the file LibreOffice recalculated), all in one LibreOffice run."""
    src = tmp_path_factory.mktemp("scenario-books")
    files: dict[str, Path] = {}
    for key, (base, edit) in EDITS.items():
        wb = load_workbook(base)
        edit(wb)
        files[key] = src / f"{key}.xlsx"
        wb.save(files[key])
    for key, (base, prepare) in FILLED.items():
        files[key] = Path(shutil.copy(base, src / f"{key}.xlsx"))
        prepare(files[key])
    outs = recalculate(list(files.values()), tmp_path_factory.mktemp("scenario-recalculated"))
    return {key: (path, out) for (key, path), out in zip(files.items(), outs, strict=True)}


def _checks(wb: Any) -> dict[str, Any]:
    ws = wb[SHEET["checks"]]
    return {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 40) if ws.cell(r, 1).value}


@pytest.mark.parametrize(
    ("key", "scenario", "multiplier"),
    [
        ("base", "Base", 1.25),
        ("lean", "Lean", 1.2),
        ("fast", "Fast", 1.3),
        ("lean-stage3", "Lean", 1.2),
        ("fast-stage1", "Fast", 1.3),
        ("renamed", "Frugal", 1.15),  # a renamed scenario with edited values, chosen in another case
        ("added", "Late", 1.25),  # a scenario typed into a spare column
        ("sized", "Lean", 1.2),  # a scenario that sets Size: the seat rows follow it
        ("filled-lean", "Lean", 1.2),
        ("earlier-lean", "Lean", 1.2),  # a workbook made before scenarios, refilled
    ],
)
def test_the_workbook_under_a_scenario_equals_the_model(
    recalculated: dict[str, tuple[Path, Path]], key: str, scenario: str, multiplier: float
) -> None:
    path, out = recalculated[key]
    a = read_assumptions(path)
    effective = in_effect(a)
    assert effective.scenario == scenario and effective.loaded_multiplier == multiplier
    wb = load_workbook(out, data_only=True)
    assert _cell(wb, "LoadedMultiplier").value == pytest.approx(multiplier)  # the value in effect, live
    assert_matches_model(wb, a, catalog_labels=key != "earlier-lean")
    assert _checks(wb)["SCENARIO_UNKNOWN"] == 0


@pytest.mark.parametrize("key", ["lean", "fast", "renamed", "lean-stage3", "sized"])
def test_the_workbook_equals_aiteam_budget_scenario_to_the_cent(recalculated: dict[str, tuple[Path, Path]], key: str) -> None:
    """`aiteam budget --assumptions FILE --scenario NAME --csv` on the base file, against the file switched in Excel."""
    path, out = recalculated[key]
    a = read_assumptions(path)
    unswitched = path.with_name(f"{key}-as-built.xlsx")
    wb = load_workbook(path)
    _cell(wb, "Scenario").value = "Base"
    wb.save(unswitched)
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["budget", "--assumptions", str(unswitched), "--scenario", a.scenario, "--csv"]) == 0
    frame = pd.read_csv(io.StringIO(printed.getvalue()), index_col=[0, 1, 2])
    ws = load_workbook(out, data_only=True)[SHEET["budget"]]
    total = _find(ws, TOTALS_LABEL, "Total", _find(ws, 1, "Totals by category"))
    monthly = frame.to_numpy().sum(axis=0)
    assert len(monthly) == a.horizon_months
    for m in range(MONTHS):
        want = float(monthly[m]) if m < len(monthly) else 0.0
        assert abs((ws.cell(total, FIRST + m).value or 0) - want) <= CENT, f"month {m + 1}"


def test_a_scenario_that_does_not_exist_is_flagged_and_the_base_applies(recalculated: dict[str, tuple[Path, Path]]) -> None:
    path, out = recalculated["unknown"]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    assert _checks(wb)["SCENARIO_UNKNOWN"] == 1
    assert wb[SHEET["start"]]["B4"].value == "Check"
    assert wb[SHEET["scenarios"]]["C5"].value.startswith("Check")
    # every figure is the base plan's (the base workbook equals the model: the test above)
    base = load_workbook(recalculated["base"][1], data_only=True)
    for sheet in ("staffing", "compute", "budget", "summary", "timeline"):
        ws, want = wb[SHEET[sheet]], base[SHEET[sheet]]
        for row in want.iter_rows():
            for c in row:
                if isinstance(c.value, int | float):
                    assert ws[c.coordinate].value == pytest.approx(c.value, abs=CENT), f"{sheet}!{c.coordinate}"
    with pytest.raises(InputError) as caught:
        read_assumptions(path)
    assert caught.value.code == ErrorCode.UNKNOWN_SCENARIO
    assert "Moonshot" in str(caught.value) and "one of Base, Lean or Fast" in str(caught.value)
    assert _cell(load_workbook(path), "Scenario").value == "Moonshot"  # nothing the user typed is changed


def _comparison(wb: Any) -> tuple[Any, dict[str, int], list[str]]:
    ws = wb[SHEET["compare"]]
    header = _find(ws, 1, "Figure")
    names = [ws.cell(header, 2 + k).value for k in range(6) if ws.cell(header, 2 + k).value]
    end = next(r for r in range(header + 1, header + 40) if str(ws.cell(r, 1).value).startswith("Difference"))
    rows = {ws.cell(r, 1).value: r for r in range(header + 1, end) if ws.cell(r, 1).value}
    return ws, rows, names


@pytest.mark.parametrize(("key", "stale"), [("base", 0), ("lean", 0), ("renamed", 1), ("added", 1), ("base-edited", 1), ("filled-lean", 0)])
def test_the_comparison_is_flagged_stale_when_inputs_changed_since_it_was_written(
    recalculated: dict[str, tuple[Path, Path]], key: str, stale: int
) -> None:
    """Switching scenarios changes no input; renaming, adding or editing one, or a base input, does; a refill writes it again."""
    _, out = recalculated[key]
    wb = load_workbook(out, data_only=True)
    assert _checks(wb)["SCENARIOS_STALE"] == stale
    assert wb[SHEET["compare"]]["B5"].value == (STALE if stale else UP_TO_DATE)


@pytest.mark.parametrize("key", ["base", "filled-lean"])
def test_the_comparison_holds_the_model_figures_and_live_differences(recalculated: dict[str, tuple[Path, Path]], key: str) -> None:
    path, out = recalculated[key]
    a = read_assumptions(path)
    wb = load_workbook(out, data_only=True)
    ws, rows, names = _comparison(wb)
    want = compare_scenarios(a)
    assert names == list(a.scenarios)
    for label, by_name in want.items():
        if " vs " in label:
            continue
        for k, name in enumerate(names):
            assert abs(ws.cell(rows[label], 2 + k).value - by_name[name]) <= CENT, (label, name)
    diff_top = _find(ws, 1, f"Difference from {names[0]} (live)")
    for j, label in enumerate(("Cost over the horizon", "Peak headcount (FTE)", "Team complete (month)")):
        for k, name in enumerate(names):
            assert abs(ws.cell(diff_top + 1 + j, 2 + k).value - want[f"{label} vs {names[0]}"][name]) <= CENT
    # the scenario in effect: its written total is the Budget's live total
    column = names.index(in_effect(a).scenario)
    assert abs(ws.cell(rows["Cost over the horizon"], 2 + column).value - _cell(wb, "PlanTotal").value) <= CENT
    budget = project_budget(build_plan(a))
    assert abs(float(budget.to_numpy().sum()) - _cell(wb, "PlanTotal").value) <= CENT


def test_a_refill_keeps_the_scenarios_the_user_typed(recalculated: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    path = Path(shutil.copy(recalculated["renamed"][0], tmp_path / "renamed.xlsx"))
    before = read_assumptions(path)
    fill_workbook(path)
    after = read_assumptions(path)
    assert list(after.scenarios) == ["Base", "Frugal", "Fast"] and after.scenario == "frugal"
    assert after.scenarios == before.scenarios
    wb = load_workbook(path)
    assert _scenario_cell(wb, "Frugal", "GPU rate (selected GPU type)").value == 3.5


def test_every_default_scenario_has_a_source_and_a_note() -> None:
    wb = load_workbook(STAGE[2])
    ws = wb[SHEET["scenarios"]]
    names = _cell(wb, "ScenarioNames")
    source = _find(ws, 1, "Source")
    for k in range(3):
        assert ws.cell(source, names.column + k).value, k
        assert ws.cell(source + 1, names.column + k).value, k
    assert isinstance(Assumptions().scenarios, dict)
