"""Shared fixtures: default assumptions and plans per stage, and where the seeds are."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_aiteam import Assumptions, build_plan
from xl_aiteam.plan import Plan

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(params=[1, 2, 3], ids=lambda s: f"stage{s}")
def stage(request: pytest.FixtureRequest) -> int:
    return int(request.param)


@pytest.fixture
def default_plan(stage: int) -> Plan:
    return build_plan(Assumptions(stage=stage))


@pytest.fixture(autouse=True)
def _one_clock_for_stamps(monkeypatch: pytest.MonkeyPatch) -> None:
    """Figures written as values (the Hiring risk sheet) are stamped with the time they were made;
    tests that compare a refill with a new build, made seconds apart, see one clock. A test of the
    stamp itself sets its own."""
    from datetime import datetime

    import xl_aiteam.layout.stamp as stamp

    monkeypatch.setattr(stamp, "now", lambda: datetime(2027, 1, 2, 3, 4, 5))
