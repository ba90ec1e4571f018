"""Hire or contract: the model's three paths, worked by hand, and the command that prints them."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from xl_aiteam import InputError, build_plan
from xl_aiteam.assumptions import default_assumptions
from xl_aiteam.bridge import PATHS, BridgeRow, bridge_frame, bridge_rows, bridge_summary, bridge_totals, cheapest
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode

ONE = [{"role": "ml_engineer", "level": "senior", "fte": 1, "search_month": 1}]  # 300,000 a year, 2 to fill, 2 to ramp up, 140 an hour


def _row(window: int = 12, **changes: object) -> BridgeRow:
    a = default_assumptions(2, team=ONE, decision_window_months=window, **changes)
    return bridge_rows(build_plan(a))[0]


def test_each_path_of_one_senior_ml_engineer_worked_by_hand() -> None:
    r = _row()
    # hire: starts in month 3, productive from 5; paid 300,000 x 1.25 / 12 = 31,250 for months 3-12,
    # the 25,000 fee in month 3, then 25,000 x 12 % / 12 = 250 of backfill in months 4-12
    assert (r.hire.start_month, r.hire.productive_month) == (3, 5)
    assert r.hire.cost == 10 * 31_250 + 25_000 + 9 * 250
    assert r.hire.productive_months == 8 + 0.5 * 2  # months 5-12, and half of months 3 and 4
    assert r.hire.cost_per_productive_month == round(339_750 / 9, 2)
    # contract: starts in month 2 (a month to start), 140 x 160 hours = 22,400 a month for 11 months
    assert (r.contract.start_month, r.contract.productive_month) == (2, 2)
    assert r.contract.cost == 11 * 22_400 and r.contract.productive_months == 11
    # contract, then hire: the contractor holds the seat in months 2-4, the hire takes over in month 5
    assert r.contractor_until == 4 and r.bridge.productive_month == 2
    assert r.bridge.cost == 339_750 + 3 * 22_400 and r.bridge.productive_months == 11
    assert r.cheapest == "contract"
    assert r.saving == pytest.approx(1 - 22_400 / 37_750)


def test_a_window_past_the_first_plan_year_pays_the_raise_as_the_budget_does() -> None:
    r = _row(window=14)
    # months 3-12 at 31,250, months 13-14 at 31,250 x 1.03 = 32,187.50; the fee, then 11 months of backfill
    assert r.hire.cost == 10 * 31_250 + 2 * 32_187.50 + 25_000 + 11 * 250


def test_the_contractor_is_not_needed_when_they_cannot_start_before_the_hire_is_productive() -> None:
    r = _row(contractor_time_to_fill_months=4)  # starts in month 5, when the hire is productive
    assert r.contractor_until is None
    assert r.bridge.cost == r.hire.cost and r.bridge.productive_months == r.hire.productive_months


def test_ramp_up_productivity_is_an_input() -> None:
    assert _row(ramp_up_productivity=0).hire.productive_months == 8
    assert _row(ramp_up_productivity=1).hire.productive_months == 10


def test_a_window_too_short_for_any_work_gives_no_cost_per_month_and_no_answer() -> None:
    r = _row(window=1)  # only the month the search opens: nobody has started
    assert r.hire.cost == 0 and r.hire.cost_per_productive_month is None
    assert r.contract.cost_per_productive_month is None and r.bridge.cost_per_productive_month is None
    assert r.cheapest is None and r.saving is None


@pytest.mark.parametrize(
    ("per_month", "best"),
    [
        ({"hire": 10.0, "contract": 10.0, "bridge": 10.0}, "hire"),  # a tie goes to the first path
        ({"hire": 11.0, "contract": 10.0, "bridge": 10.0}, "contract"),
        ({"hire": None, "contract": None, "bridge": 9.0}, "bridge"),  # a path with no work is skipped
        ({"hire": None, "contract": None, "bridge": None}, None),
    ],
)
def test_cheapest(per_month: dict[str, float | None], best: str | None) -> None:
    assert cheapest(per_month) == best


def test_people_already_employed_are_not_compared_and_totals_add_up() -> None:
    engineer = {"role": "data_engineer", "level": "mid", "fte": 0.5, "search_month": 2}
    team = [*ONE, engineer, {"role": "data_scientist", "level": "mid", "fte": 1, "employment": "existing"}]
    plan = build_plan(default_assumptions(2, team=team))
    rows = bridge_rows(plan)
    assert [r.position.id for r in rows] == ["P01", "P02"]
    totals = bridge_totals(rows)
    for key in PATHS:
        assert totals.cost[key] == pytest.approx(sum(getattr(r, key).cost for r in rows))
    assert totals.months_to_team["hire"] == 6 - 1 + 1  # first search in month 1; the data engineer is productive in month 6
    assert list(bridge_frame(plan).index) == ["P01", "P02"]


@pytest.mark.parametrize("window", [0, -1, 61, 2.5, "12", True, None])
def test_a_bad_window_is_refused_naming_it(window: object) -> None:
    plan = build_plan(default_assumptions(2))
    if window is None:  # the assumptions' own window
        assert len(bridge_rows(plan, window)) == 11
        return
    with pytest.raises(InputError, match=r"^window = .* is not allowed: must be a whole number from 1 to 60$") as caught:
        bridge_rows(plan, window)
    assert caught.value.code in (ErrorCode.OUT_OF_RANGE, ErrorCode.NOT_A_NUMBER, ErrorCode.NOT_WHOLE)


@pytest.mark.parametrize("window", [0, -3, 61, "x"])
def test_a_bad_decision_window_in_the_assumptions_is_one_line(window: object) -> None:
    with pytest.raises(InputError, match=r"decision_window_months = .* is not allowed: must be a whole number from 1 to 60"):
        default_assumptions(2, decision_window_months=window)


def test_the_command_prints_the_table_totals_and_the_vendors_claims(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bridge", "--stage", "2", "--window", "12"]) == 0
    out = capsys.readouterr().out
    assert "over 12 months from its search" in out and "Head of AI" in out
    assert "Contract, then hire" in out and "cheapest per productive month" in out
    assert "9-12 months (claim)" in out and "40% (claim)" in out and "(computed)" in out
    plan = build_plan(default_assumptions(2))
    assert all(line in out for line in bridge_summary(plan))


def test_the_command_writes_csv_the_model_agrees_with(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bridge", "--stage", "1", "--window", "6", "--csv"]) == 0
    frame = pd.read_csv(io.StringIO(capsys.readouterr().out), index_col=0)
    model = bridge_frame(build_plan(default_assumptions(1, decision_window_months=6)))
    assert list(frame.index) == list(model.index)
    for column in ("hire_cost", "contract_cost", "bridge_cost", "hire_cost_per_productive_month"):
        assert frame[column].tolist() == pytest.approx(model[column].tolist(), abs=0.005)
    assert frame["cheapest"].tolist() == model["cheapest"].tolist()


@pytest.mark.parametrize("window", ["0", "-3", "61", "2.5", "twelve"])
def test_a_bad_window_on_the_command_line_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str], window: str) -> None:
    assert main(["bridge", "--stage", "2", f"--window={window}"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith("aiteam: --window = ") and "must be a whole number from 1 to 60" in err
