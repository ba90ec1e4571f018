"""The 90-day playbook and the hiring timeline are dated from the plan's start."""

from __future__ import annotations

from datetime import date

from xl_aiteam import Assumptions, build_plan, hiring_timeline, playbook_frame


def test_playbook_due_dates_follow_the_start_date() -> None:
    frame = playbook_frame(Assumptions(start_date=date(2027, 2, 15)))
    assert len(frame) == 18  # 3 phases x (5 priorities + 1 deliverable)
    due = frame.groupby("phase")["due_date"].first().tolist()
    assert due == [date(2027, 3, 16), date(2027, 4, 15), date(2027, 5, 15)]  # days 30, 60 and 90
    assert set(frame["kind"]) == {"Priority", "Deliverable"}
    assert (frame["status"] == "Not started").all()


def test_hiring_timeline_dates_and_grid() -> None:
    plan = build_plan(Assumptions(stage=2, start_date=date(2027, 4, 1)))
    frame = hiring_timeline(plan)
    first = frame.loc["P01"]
    assert (first.search_date, first.start_date, first.productive_date) == (date(2027, 4, 1), date(2027, 6, 1), date(2027, 8, 1))
    assert [first["2027-04"], first["2027-05"], first["2027-06"], first["2027-07"], first["2027-08"]] == [
        "search",
        "search",
        "ramp-up",
        "ramp-up",
        "on board",
    ]
