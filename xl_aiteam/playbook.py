"""The leader's 90-day playbook and the hiring timeline, dated from the plan start."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from .assumptions import Assumptions
from .budget import months
from .catalog import load_catalog
from .plan import Plan

if TYPE_CHECKING:  # pandas is imported where a frame is made
    import pandas as pd

__all__ = ["STATUSES", "hiring_timeline", "month_states", "playbook_frame", "playbook_items"]

STATUSES = ("Not started", "In progress", "Done", "Blocked")


def playbook_frame(assumptions: Assumptions) -> pd.DataFrame:
    """One row per priority and deliverable of the three 30-day phases, with due dates.

    Day 1 is the plan's start date; an item is due on the last day of its phase.
    """
    import pandas as pd

    return pd.DataFrame(playbook_items(assumptions))


def playbook_items(assumptions: Assumptions) -> list[dict[str, Any]]:
    """The playbook's rows as plain records (what ``playbook_frame`` tabulates)."""
    rows = []
    for phase in load_catalog().lifecycle.playbook:
        due = assumptions.start_date + timedelta(days=phase.day_to - 1)
        items = [("Priority", text) for text in phase.priorities] + [("Deliverable", phase.deliverable)]
        for kind, text in items:
            rows.append(
                {
                    "phase": phase.number,
                    "phase_name": phase.name,
                    "day_from": phase.day_from,
                    "day_to": phase.day_to,
                    "kind": kind,
                    "item": text,
                    "owner": phase.owner,
                    "due_date": due,
                    "status": STATUSES[0],
                }
            )
    return rows


def month_states(plan: Plan, horizon: int | None = None) -> list[list[str]]:
    """Per position, per month of the plan: ``search``, ``ramp-up``, ``on board`` or ``""`` (before the
    search opens, and after the position ends)."""
    count = plan.assumptions.horizon_months if horizon is None else horizon
    return [
        [
            ""
            if p.end_month is not None and i > p.end_month
            else "search"
            if p.search_opens <= i < p.start_month
            else "ramp-up"
            if p.start_month <= i < p.productive_month
            else "on board"
            if i >= p.productive_month
            else ""
            for i in range(1, count + 1)
        ]
        for p in plan.positions
    ]


def hiring_timeline(plan: Plan, grid: bool = True) -> pd.DataFrame:
    """When each position's search runs, when the person starts and when they are productive.

    With ``grid``, one column per month holds ``search``, ``ramp-up`` or ``on board``.
    """
    frame = plan.frame()[["role_name", "level", "fte", "employment", "search_month", "start_month", "productive_month"]].copy()
    timeline = months(plan.assumptions)
    first = timeline[0]
    for col in ("search", "start", "productive"):
        frame[f"{col}_date"] = [(first + (m - 1)).to_timestamp().date() for m in frame[f"{col}_month"]]
    if grid:
        states = month_states(plan)
        for i, period in enumerate(timeline):
            frame[str(period)] = [row[i] for row in states]
    return frame
