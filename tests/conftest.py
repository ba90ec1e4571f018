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
