"""Stage, Size and Products are live: a switch on Assumptions changes the team with no Python.

A workbook built at stage 2 is switched (Stage 1, Stage 3, Size high, stage 3 with another
product count) by editing only the input cells; LibreOffice recalculates it, and it must equal
the model run on the inputs read back from it, and a workbook built fresh for the new stage,
size and products with the same other inputs, to the cent: Budget totals by month, quarter and
year, headcount, PlanTotal, Summary, Checks and Start. Rows a user typed and a cell typed over
a generated row stay the user's through a switch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam import Assumptions
from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.assumptions import default_assumptions
from xl_aiteam.layout import FIRST, SHEET, STAFFING_COLUMNS
from xl_aiteam.layout.months import LAST
from xl_aiteam.plan import default_team
from xl_aiteam.seats import prepared_seats, team_of
from xl_aiteam.workbook import build_workbook, fill_workbook, read_assumptions

from .excel_truth import assert_matches_model
from .test_workbook import STAGE, _cell, _staffing, row_added

CENT = 0.005
SWITCHES: dict[str, dict[str, Any]] = {
    "stage1": {"Stage": 1},
    "stage3": {"Stage": 3},
    "size-high": {"Size": "high"},
    "stage3-products3": {"Stage": 3, "Products": 3},
}


def _lines(team: Any) -> list[tuple[Any, ...]]:
    return [(t.role, t.level, t.fte, t.employment, t.group, t.search_month) for t in team]


@pytest.mark.parametrize("stage", [1, 2, 3])
@pytest.mark.parametrize("size", ["low", "mid", "high"])
@pytest.mark.parametrize("products", [1, 2, 5])
def test_the_seats_give_the_default_team_in_its_order(stage: int, size: str, products: int) -> None:
    a = default_assumptions(stage, size=size, products=products)
    seats = team_of(stage, size, products)
    assert _lines(seats) == _lines(default_team(a))
    assert [line.seat for line in seats] == list(range(1, len(seats) + 1))
    assert len(seats) <= prepared_seats(products)


def test_a_file_saved_with_no_cached_values_reads_back_the_new_stage_team(tmp_path: Path) -> None:
    """openpyxl saves formulas without values: the rows that follow the stage table are regenerated
    from Stage, Size and Products, never read from cached values."""
    wb = load_workbook(STAGE[2])
    _cell(wb, "Stage").value = 3
    _cell(wb, "Products").value = 4
    wb.save(tmp_path / "switched.xlsx")
    cached = load_workbook(tmp_path / "switched.xlsx", data_only=True)[SHEET["staffing"]]
    assert cached.cell(5, STAFFING_COLUMNS["role"]).value is None  # no value cached beside the formula to lean on
    a = read_assumptions(tmp_path / "switched.xlsx")
    assert (a.stage, a.products) == (3, 4)
    assert _lines(a.team or []) == _lines(default_team(a.model_copy(update={"team": None})))


def test_a_refill_makes_room_for_more_products_than_the_rows_prepared(tmp_path: Path) -> None:
    path = tmp_path / "grown.xlsx"
    wb = load_workbook(STAGE[2])
    _cell(wb, "Stage").value = 3
    _cell(wb, "Products").value = 8
    wb.save(path)
    want = team_of(3, "low", 8)
    assert len(want) > prepared_seats(2)  # more seats than the workbook has rows for: Checks flags it until a refill
    assert len(read_assumptions(path).team or []) == prepared_seats(2)
    fill_workbook(path, force=True)
    a = read_assumptions(path)
    assert [line.seat for line in a.team or []] == [line.seat for line in want]
    assert _lines(a.team or []) == _lines(want)


def _kept(wb: Any) -> None:
    """A row typed under the table and a generated cell typed over, then a switch to stage 3."""
    row_added(wb)
    _staffing(wb, "P02", "fte", 0.5)
    _cell(wb, "Stage").value = 3


@pytest.fixture(scope="module")
def switched(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Assumptions, Path | None]]:
    """Each switched file and a fresh build of its inputs, recalculated in one LibreOffice run."""
    src = tmp_path_factory.mktemp("switched")
    files: dict[str, Path] = {}
    for name, inputs in SWITCHES.items():
        wb = load_workbook(STAGE[2])
        for key, value in inputs.items():
            _cell(wb, key).value = value
        wb.save(src / f"{name}.xlsx")
        files[name] = src / f"{name}.xlsx"
        fresh = read_assumptions(files[name]).model_copy(update={"team": None})  # the same other inputs
        files[f"fresh-{name}"] = build_workbook(fresh, src / f"fresh-{name}.xlsx")
    wb = load_workbook(STAGE[2])
    _kept(wb)
    wb.save(src / "kept.xlsx")
    files["kept"] = src / "kept.xlsx"
    outs = dict(zip(files, recalculate(list(files.values()), tmp_path_factory.mktemp("recalculated")), strict=True))
    return {name: (outs[name], read_assumptions(files[name]), outs.get(f"fresh-{name}")) for name in files if not name.startswith("fresh-")}


STAMPED = ("RISK_STALE", "SCENARIOS_STALE")  # the stamped figures' own checks (tests/test_workbook.py, test_scenarios_workbook.py)


def _figures(path: Path) -> dict[str, Any]:
    """What a finance reader looks at: the Budget's totals (month, quarter, year, headcount), PlanTotal,
    the Summary, each check's flag and Start's lines."""
    wb = load_workbook(path, data_only=True)
    out: dict[str, Any] = {}
    budget = wb[SHEET["budget"]]
    for r in range(11, 37):  # totals by category and headcount, quarters, years: fixed rows above the detail
        for c in range(FIRST - 2, LAST + 1):
            out[f"Budget!{r},{c}"] = budget.cell(r, c).value
    out["PlanTotal"] = _cell(wb, "PlanTotal").value
    summary = wb[SHEET["summary"]]
    for r in range(4, 18):
        for c in range(1, 9):
            out[f"Summary!{r},{c}"] = summary.cell(r, c).value
    checks = wb[SHEET["checks"]]
    for r in range(5, 40):
        if checks.cell(r, 1).value in STAMPED:  # figures the model wrote before the switch: stale after it, by design
            continue
        out[f"Checks!{checks.cell(r, 1).value}"] = (checks.cell(r, 4).value, checks.cell(r, 5).value)
    start = wb[SHEET["start"]]
    out["Start"] = (start["A2"].value, start["B3"].value, start["B4"].value)
    return out


def _same(got: Any, want: Any) -> bool:
    if isinstance(got, int | float) and isinstance(want, int | float):
        return abs(got - want) <= CENT
    return got == want or (got in (None, "") and want in (None, ""))


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(SWITCHES))
def test_a_switch_equals_the_model_and_a_fresh_build_to_the_cent(
    switched: dict[str, tuple[Path, Assumptions, Path | None]], name: str
) -> None:
    out, a, fresh = switched[name]
    want = default_team(a.model_copy(update={"team": None}))
    assert _lines(a.team or []) == _lines(want), "the team read back is not the new stage's"
    assert_matches_model(load_workbook(out, data_only=True), a)
    assert fresh is not None
    got, expected = _figures(out), _figures(fresh)
    wrong = [f"{key}: switched {got[key]!r}, fresh {expected[key]!r}" for key in expected if not _same(got[key], expected[key])]
    assert wrong == [], wrong[:5]
    assert got["PlanTotal"] > 0 and got["Checks!SEATS_BEYOND_ROWS"] == (0, "OK")


@pytest.mark.libreoffice
def test_a_typed_row_and_a_typed_cell_survive_a_switch(switched: dict[str, tuple[Path, Assumptions, Path | None]]) -> None:
    out, a, _ = switched["kept"]
    team = a.team or []
    stage3 = team_of(3, "low", a.products)
    assert [line.seat for line in team[: len(stage3)]] == list(range(1, len(stage3) + 1))
    assert team[1].fte == 0.5 and team[1].role == stage3[1].role  # typed over: stays; the rest of the row follows stage 3
    added = [line for line in team if line.seat is None]
    assert [(line.role, line.manual) for line in added] == [("research_engineer", True)]
    wb = load_workbook(out, data_only=True)
    assert_matches_model(wb, a)
    staffing = wb[SHEET["staffing"]]
    fte = {staffing.cell(r, 1).value: staffing.cell(r, STAFFING_COLUMNS["fte"]).value for r in range(5, staffing.max_row + 1)}
    assert fte["P02"] == 0.5 and fte[added[0].id] == 1
