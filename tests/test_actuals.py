"""Actuals, variance and the rolling forecast: the model, the workbook under LibreOffice, and `aiteam variance`.

The workbook tests type actuals for the first months of a copy of the stage 2 template (and a
hire's actual start), recalculate it in LibreOffice and compare every figure of the Budget's
block, the Summary's table, ForecastTotal and the checks with the model run on what was read
back from the file, to the cent; then bad input (text, a negative amount, a closed month after
the plan) shows one finding on Checks, one line from the CLI, and no error value anywhere.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook

from xl_aiteam import Assumptions, InputError, build_plan, project_budget
from xl_aiteam.actuals import Actuals, forecast_plan, parse_actuals, variance, variance_months
from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.assumptions import parse_assumptions
from xl_aiteam.budget import CATEGORIES, budget_totals
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode
from xl_aiteam.layout import FIRST, SHEET, STAFFING_COLUMNS
from xl_aiteam.workbook import committed_workbooks, fill_workbook, read_actuals

from .actuals_truth import assert_actuals_match_model, block_rows
from .excel_truth import assert_matches_model, error_cells
from .excel_truth import name_cell as _named
from .test_workbook import _same

TEMPLATE = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
EARLIER = Path(__file__).parent / "fixtures" / "AITeamPlanner-stage2-0.1.xlsx"
CLOSED = 3
# what the books said for months 1-3, in the Budget's category order
TYPED: list[list[Any]] = [
    [80_000.50, 0, 25_000, 21_000.25, 900],
    [95_250.75, 12_000, 0, 19_870, 905.5],
    [101_000, 12_000, 25_000, 22_500, 910],
]


# --- the model -----------------------------------------------------------------------------


def _actuals(rows: list[list[Any]], fte: list[Any] | None = None) -> Actuals:
    return parse_actuals(rows, fte or [], lambda i, j: f"Actuals!{chr(ord('D') + j)}{5 + i}")


def test_the_forecast_is_the_actuals_of_the_closed_months_then_the_plan() -> None:
    a = Assumptions(actuals_through=CLOSED)
    plan = build_plan(a)
    months = variance_months(plan, _actuals(TYPED))
    planned = budget_totals(project_budget(plan), "M").to_numpy()
    assert np.allclose(months["plan"], planned)
    assert np.allclose(months["forecast"][:5, :CLOSED], np.array(TYPED).T)
    assert np.allclose(months["forecast"][:, CLOSED:], planned[:, CLOSED:])
    assert np.allclose(months["variance"][:5, :CLOSED], np.array(TYPED).T - planned[:5, :CLOSED])
    assert np.isnan(months["variance"][:, CLOSED:]).all()  # an open month has no variance
    total = sum(sum(row) for row in TYPED) + planned[5, CLOSED:].sum()
    assert variance(plan, _actuals(TYPED), "Y").loc[("Total", "forecast"), "Total"] == pytest.approx(total, abs=0.005)


def test_an_actual_start_moves_the_forecast_but_not_the_plan() -> None:
    base = build_plan(Assumptions())
    p = next(p for p in base.positions if p.start_month > CLOSED and p.employment.value == "permanent")
    team = [{**line.model_dump(), "actual_start": p.start_month + 2 if i == base.positions.index(p) else None}
            for i, line in enumerate(_team(base))]  # fmt: skip
    a = Assumptions(actuals_through=CLOSED, team=team)
    plan = build_plan(a)
    assert plan.positions[base.positions.index(p)].start_month == p.start_month  # the plan stays
    months = variance_months(plan, _actuals(TYPED))
    pay = _pay(forecast_plan(base), p.id)
    gap = months["plan"][0] - months["forecast"][0]
    assert gap[p.start_month - 1] == pytest.approx(pay[p.start_month - 1]) and gap[p.start_month - 1] > 0  # two months less pay
    assert gap[p.start_month] == pytest.approx(pay[p.start_month])
    assert gap[p.start_month + 1] == pytest.approx(0)
    recruiting = months["forecast"][2] - months["plan"][2]
    assert recruiting[p.start_month + 1] == pytest.approx(
        a.recruiting_cost_per_hire - round(a.recruiting_cost_per_hire * a.attrition_rate / 12, 2)
    )


def _pay(plan: Any, position: str) -> Any:
    """A position's monthly pay, as the Budget's detail row shows it."""
    frame = project_budget(plan)
    at = (frame.index.get_level_values("position") == position) & (frame.index.get_level_values("category") == "Personnel")
    return frame[at].to_numpy()[0]


def _team(plan: Any) -> list[Any]:
    from xl_aiteam.assumptions import TeamLine

    return [
        TeamLine(role=p.role, level=p.level, fte=p.fte, employment=p.employment, search_month=p.search_month, id=p.id, label=p.label)
        for p in plan.positions
    ]


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("abc", ErrorCode.NOT_A_NUMBER),  # text typed in an amount cell
        (-500, ErrorCode.OUT_OF_RANGE),  # a negative amount
        (True, ErrorCode.NOT_A_NUMBER),  # a boolean is not an amount
    ],
)
def test_a_bad_actual_is_a_problem_naming_its_cell_not_a_crash(value: Any, code: ErrorCode) -> None:
    got = _actuals([[1, 2, 3, 4, 5], [value, None, "", 0, 1.5]])
    assert [(p.cell, p.code) for p in got.problems] == [("Actuals!D6", code)]
    assert got.spend[1, 0] == (value if isinstance(value, int) and not isinstance(value, bool) else 0)  # the workbook's N() reads text as 0
    error = got.problems[0].error("plan.xlsx")
    assert str(error).startswith("plan.xlsx Actuals!D6 = ") and error.code == code


def test_a_closed_month_after_the_plan_is_refused_naming_the_field() -> None:
    with pytest.raises(InputError) as caught:
        parse_assumptions({"horizon_months": 12, "actuals_through": 13})
    assert caught.value.code == ErrorCode.ACTUALS_PAST_HORIZON and "actuals_through = 13" in str(caught.value)


# --- the workbook, recalculated in LibreOffice --------------------------------------------------


def _type_actuals(wb: Any, rows: list[list[Any]] = TYPED) -> None:
    first, fte = _named(wb, "ActualSpend"), _named(wb, "ActualHeadcount")
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            first.parent.cell(first.row + i, first.column + j).value = value
        fte.parent.cell(fte.row + i, fte.column).value = 4 + i
    _named(wb, "ActualsThrough").value = CLOSED


SLIPPED = "P02"  # planned to start in month 5; really started in month 7


def typed(wb: Any) -> None:
    _type_actuals(wb)
    ws = wb[SHEET["staffing"]]
    row = next(r for r in range(5, 40) if ws.cell(r, 1).value == SLIPPED)
    ws.cell(row, STAFFING_COLUMNS["actual_start"]).value = 7


def bad(wb: Any) -> None:
    _type_actuals(wb, [[*TYPED[0][:4], "abc"], [-500, *TYPED[1][1:]], TYPED[2]])


def past(wb: Any) -> None:
    _type_actuals(wb)
    _named(wb, "ActualsThrough").value = 30  # the template's horizon is 24 months


EDITS = {"typed": typed, "bad": bad, "past": past}


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each edited copy (and a refilled one, and an earlier version's refilled) with its LibreOffice recalculation."""
    src = tmp_path_factory.mktemp("actuals")
    made: dict[str, Path] = {}
    for name, edit in EDITS.items():
        wb = load_workbook(TEMPLATE)
        edit(wb)
        wb.save(src / f"{name}.xlsx")
        made[name] = src / f"{name}.xlsx"
    made["refilled"] = Path(shutil.copy(made["typed"], src / "refilled.xlsx"))
    fill_workbook(made["refilled"])
    made["earlier"] = Path(shutil.copy(EARLIER, src / "earlier.xlsx"))
    fill_workbook(made["earlier"])
    outs = recalculate(list(made.values()), tmp_path_factory.mktemp("actuals-recalculated"))
    return {name: (path, out) for (name, path), out in zip(made.items(), outs, strict=True)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", ["typed", "refilled"])
def test_typed_actuals_give_the_models_variance_and_forecast_to_the_cent(files: dict[str, tuple[Path, Path]], name: str) -> None:
    path, out = files[name]
    a, actuals = read_actuals(path)
    assert a.actuals_through == CLOSED and actuals.problems == ()
    assert a.team is not None and a.team[1].actual_start == 7
    wb = load_workbook(out, data_only=True)
    assert assert_actuals_match_model(wb, a, actuals) > 1800
    assert_matches_model(wb, a)  # and the plan itself is as before


@pytest.mark.libreoffice
def test_the_forecast_is_actuals_then_the_plan_with_the_actual_start(files: dict[str, tuple[Path, Path]]) -> None:
    """Read off the recalculated sheet alone: forecast = typed actuals for months 1-3, then the plan,
    less the slipped hire's pay in the two months they were not there yet."""
    path, out = files["typed"]
    ws = load_workbook(out, data_only=True)[SHEET["budget"]]
    rows = block_rows(ws)
    for j, category in enumerate(CATEGORIES):
        forecast = [ws.cell(rows[(category, "Forecast")], FIRST + m).value for m in range(24)]
        planned = [ws.cell(rows[(category, "Plan")], FIRST + m).value for m in range(24)]
        assert forecast[:CLOSED] == pytest.approx([row[j] for row in TYPED], abs=0.005)
        if category in ("Contractors", "Compute", "Storage"):
            assert forecast[CLOSED:] == pytest.approx(planned[CLOSED:], abs=0.005)
    a, _ = read_actuals(path)
    pay = _pay(build_plan(a), SLIPPED)
    forecast = [ws.cell(rows[("Personnel", "Forecast")], FIRST + m).value for m in range(24)]
    planned = [ws.cell(rows[("Personnel", "Plan")], FIRST + m).value for m in range(24)]
    assert pay[4] > 0 and forecast[4] == pytest.approx(planned[4] - pay[4], abs=0.005)  # month 5: not there yet
    assert forecast[5] == pytest.approx(planned[5] - pay[5], abs=0.005)
    assert forecast[6] == pytest.approx(planned[6], abs=0.005)  # month 7: started
    total = sum(ws.cell(rows[("Total", "Forecast")], FIRST + m).value for m in range(24))
    assert ws.cell(rows[("Total", "Forecast")], FIRST - 1).value == pytest.approx(total, abs=0.005)
    wb = load_workbook(out, data_only=True)
    assert _named(wb, "ForecastTotal").value == pytest.approx(total, abs=0.005)
    assert _named(wb, "PlanTotal").value == pytest.approx(sum(planned_total(ws, rows)), abs=0.005)  # the plan stays the plan


def planned_total(ws: Any, rows: dict[tuple[str, str], int]) -> list[float]:
    return [ws.cell(rows[("Total", "Plan")], FIRST + m).value for m in range(24)]


@pytest.mark.libreoffice
def test_aiteam_variance_prints_the_workbooks_figures(files: dict[str, tuple[Path, Path]], capsys: pytest.CaptureFixture[str]) -> None:
    path, out = files["typed"]
    assert main(["variance", str(path), "--period", "M", "--csv"]) == 0
    printed = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    header, body = printed[0], printed[1:]
    ws = load_workbook(out, data_only=True)[SHEET["budget"]]
    rows = block_rows(ws)
    names = {"plan": "Plan", "actual": "Actual", "variance": "Variance", "variance %": "Variance %", "forecast": "Forecast"}
    compared = 0
    for line in body:
        category, measure, *values = line
        if measure not in names:
            continue
        r = rows[(category, names[measure])]
        for m, text in enumerate(values[:-1]):
            got = ws.cell(r, FIRST + m).value
            assert (text == "") == (got in (None, "")), (category, measure, header[m + 2])
            if text:
                assert float(text) == pytest.approx(got, abs=0.005 if measure != "variance %" else 1e-6), (category, measure, m)
                compared += 1
        over = ws.cell(r, FIRST - 1).value
        assert float(values[-1] or "nan") == pytest.approx(over, abs=0.005 if measure != "variance %" else 1e-6) or over in (None, "")
    assert compared > 400  # plan, actual and forecast of 24 months and 6 rows, and the closed months
    assert main(["variance", str(path)]) == 0 and "months 1-3 closed" in capsys.readouterr().out


@pytest.mark.libreoffice
def test_text_or_a_negative_actual_is_one_finding_and_one_line_and_changes_nothing(
    files: dict[str, tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, out = files["bad"]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    flags = _flags(wb)
    assert flags["ACTUALS_NOT_NUMBERS"] == 1 and flags["ACTUALS_THROUGH"] == 0
    assert wb[SHEET["start"]]["B4"].value == "Check"
    spend = _named(wb, "ActualSpend")
    assert spend.parent.cell(spend.row, spend.column + 4).value == "abc"  # kept as typed
    assert spend.parent.cell(spend.row + 1, spend.column).value == -500
    a, actuals = read_actuals(path)
    assert_actuals_match_model(wb, a, actuals)  # text counts as 0, the negative as typed, on both sides
    assert main(["variance", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Actuals!H5 = 'abc' is not allowed" in err and "1 more cell" in err


@pytest.mark.libreoffice
def test_a_closed_month_after_the_horizon_is_flagged_and_refused(
    files: dict[str, tuple[Path, Path]], capsys: pytest.CaptureFixture[str]
) -> None:
    path, out = files["past"]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    assert _flags(wb)["ACTUALS_THROUGH"] == 1 and wb[SHEET["start"]]["B4"].value == "Check"
    assert _named(wb, "ActualsThrough").value == 30
    assert main(["variance", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "actuals_through = 30 is not allowed: must be 0 to the horizon (24 months)" in err


@pytest.mark.libreoffice
def test_a_refill_leaves_the_actuals_as_typed_and_caches_what_libreoffice_computes(files: dict[str, tuple[Path, Path]]) -> None:
    path, out = files["refilled"]
    before = load_workbook(files["typed"][0])[SHEET["actuals"]]
    after = load_workbook(path)[SHEET["actuals"]]
    assert [[c.value for c in row] for row in before.iter_rows()] == [[c.value for c in row] for row in after.iter_rows()]
    cached, computed = load_workbook(path, data_only=True), load_workbook(out, data_only=True)
    formulas = load_workbook(path)
    wrong = []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and c.value.startswith("="):
                    have, want = cached[ws.title][c.coordinate].value, computed[ws.title][c.coordinate].value
                    if not _same(have, want):
                        wrong.append(f"{ws.title}!{c.coordinate}: cached {have!r}, LibreOffice {want!r}")
    assert wrong == []


@pytest.mark.libreoffice
def test_an_earlier_workbook_gets_the_actuals_sheet_and_inputs_on_refill(files: dict[str, tuple[Path, Path]]) -> None:
    path, out = files["earlier"]
    wb = load_workbook(out, data_only=True)
    assert {SHEET["actuals"], SHEET["forecast"]} <= set(wb.sheetnames)
    assert _named(wb, "ActualsThrough").value == 0 and _named(wb, "VarianceTolerance").value == 0.05
    a, actuals = read_actuals(path)
    assert_actuals_match_model(wb, a, actuals)


def _flags(wb: Any) -> dict[str, Any]:
    ws = wb[SHEET["checks"]]
    return {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 60) if ws.cell(r, 1).value}
