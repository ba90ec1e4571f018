"""Scenarios: named sets of changes to a few drivers of the plan, compared side by side.

The assumptions hold ``scenarios`` (an ordered mapping: name -> the drivers it changes; a
driver left out or None is as in the base assumptions) and ``scenario``, the one selected.
:func:`in_effect` gives the assumptions a scenario puts in effect; ``build_plan`` and
``compute_cost`` apply it, so every figure follows the selected scenario.

The drivers are data: :data:`DRIVERS` lists each one (its key in a scenario, the field it
changes, the workbook name of its value in effect, its label, the rule its values follow).
Adding a driver is one line there.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from .errors import ErrorCode, InputError
from .rules import one_of

if TYPE_CHECKING:
    from .assumptions import Assumptions

__all__ = ["DRIVERS", "MAX_SCENARIOS", "Driver", "compare_scenarios", "default_scenarios", "find_scenario", "in_effect", "scenario_names"]


@dataclass(frozen=True)
class Driver:
    """One value a scenario may change."""

    key: str  # its key in a scenario ("loaded_multiplier")
    field: str  # the Assumptions field it sets, dotted; "gpu_rate": the rate of the selected GPU type
    name: str  # the workbook's defined name of the value in effect (the base input is NAME + "Base")
    label: str
    unit: str
    fmt: str  # a key of the layout's number formats
    rule: str  # the field path whose rule its values follow


DRIVERS: tuple[Driver, ...] = (
    Driver("size", "size", "Size", "Point of the seed ranges", "low / mid / high", "text", "size"),
    Driver("hiring_delay_months", "hiring_delay_months", "HiringDelay", "Hiring delay", "months", "int", "hiring_delay_months"),
    Driver(
        "loaded_multiplier", "loaded_multiplier", "LoadedMultiplier", "Loaded-cost multiplier", "x salary", "multiple", "loaded_multiplier"
    ),
    Driver("annual_raise", "annual_raise", "AnnualRaise", "Annual raise", "% a year", "percent", "annual_raise"),
    Driver("attrition_rate", "attrition_rate", "Attrition", "Attrition", "% a year", "percent", "attrition_rate"),
    Driver("gpu_rate", "gpu_rate", "GpuRate", "GPU rate (selected GPU type)", "per GPU-hour", "rate", "gpu_types.hourly_rate"),
    Driver("utilisation", "utilisation", "Utilisation", "GPU utilisation", "% of billed time", "percent", "utilisation"),
    Driver(
        "mix_on_demand", "pricing_mix.on_demand", "MixOnDemand", "GPU-hours on demand", "% of hours", "percent", "pricing_mix.on_demand"
    ),
    Driver("mix_reserved", "pricing_mix.reserved", "MixReserved", "GPU-hours reserved", "% of hours", "percent", "pricing_mix.reserved"),
    Driver("mix_spot", "pricing_mix.spot", "MixSpot", "GPU-hours on spot", "% of hours", "percent", "pricing_mix.spot"),
    Driver("workload_scale", "workload_scale", "WorkloadScale", "Compute workload", "x the workload table", "multiple", "workload_scale"),
)
BY_KEY = {d.key: d for d in DRIVERS}
MAX_SCENARIOS = 6  # the columns of the workbook's Scenarios sheet


@cache
def _data() -> dict[str, Any]:
    text = resources.files("xl_aiteam.data").joinpath("scenarios.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def default_scenarios() -> dict[str, dict[str, Any]]:
    """The scenarios a new plan starts with (``data/scenarios.yaml``): name -> driver values."""
    return {name: dict(s["values"]) for name, s in _data()["scenarios"].items()}


def scenario_notes() -> dict[str, tuple[str, str]]:
    """Name -> (source key, note) of each default scenario."""
    return {name: (s["source"], s["note"]) for name, s in _data()["scenarios"].items()}


def scenario_names(a: Assumptions) -> list[str]:
    return list(a.scenarios)


def find_scenario(names: list[str], name: str, field: str = "scenario") -> str:
    """``name`` as the list spells it (names compare case-blind, as Excel's MATCH does); an
    InputError listing the names when there is none by that name."""
    for known in names:
        if str(known).casefold() == str(name).strip().casefold():
            return known
    raise InputError(field, name, f"must be the name of a scenario: {one_of(names)}", code=ErrorCode.UNKNOWN_SCENARIO)


def _set(data: dict[str, Any], driver: Driver, value: Any) -> None:
    if driver.field == "gpu_rate":
        gpu = data["gpu_types"][data["gpu_type"]]
        data["gpu_types"][data["gpu_type"]] = {**gpu, "hourly_rate": value}
        return
    target = data
    *parents, last = driver.field.split(".")
    for part in parents:
        target[part] = dict(target[part])
        target = target[part]
    target[last] = value


def in_effect(a: Assumptions, name: str | None = None) -> Assumptions:
    """The assumptions scenario ``name`` (default: the selected one) puts in effect: each driver it
    sets replaces the base value. Applying it twice changes nothing; ``base_of`` gives the base back."""
    base = a.base
    if a is not base and (name is None or name == a.scenario):
        return a  # already in effect
    chosen = find_scenario(list(base.scenarios), name if name is not None else base.scenario)
    changes = {k: v for k, v in base.scenarios[chosen].model_dump().items() if v is not None}
    if chosen == base.scenario and not changes:
        return base
    from .assumptions import parse_assumptions

    data = base.model_dump()
    data["scenario"] = chosen
    for key, value in changes.items():
        _set(data, BY_KEY[key], value)
    if data.get("team"):  # rows that follow the stage table follow the size in effect, as the workbook's do
        from .seats import reseat

        data["team"] = reseat(data["team"], data["stage"], data["size"], data["products"])
    effective = parse_assumptions(data, where=f"scenario {chosen}")
    effective.keep_base(base if chosen == base.scenario else base.model_copy(update={"scenario": chosen}))
    return effective


def _month(first: date, m: int) -> date:
    index = first.year * 12 + first.month - 1 + m - 1
    return date(index // 12, index % 12 + 1, 1)


def compare_scenarios(a: Assumptions) -> dict[str, dict[str, float]]:
    """Every scenario side by side: figure -> scenario -> value. The total cost of each fiscal year
    and over the horizon, the peak headcount (FTE), the month the last position starts, and the
    difference of the last three from the first scenario ("... vs NAME")."""
    import numpy as np

    from .budget import budget_lines, period_label
    from .money import round_money
    from .plan import build_plan

    rows: dict[str, dict[str, float]] = {}
    for name in a.base.scenarios:
        effective = in_effect(a, name)
        plan = build_plan(effective)
        _, data = budget_lines(plan)
        monthly = data.sum(axis=0) if len(data) else np.zeros(effective.horizon_months)
        labels = [period_label(_month(effective.start_date, m + 1), "Y", effective.fiscal_year_start) for m in range(len(monthly))]
        for label in dict.fromkeys(labels):
            total = sum(float(v) for v, k in zip(monthly, labels, strict=True) if k == label)
            rows.setdefault(f"Cost {label}", {})[name] = round_money(total)
        rows.setdefault("Cost over the horizon", {})[name] = round_money(float(data.sum()))
        heads = [sum(p.fte for p in plan.positions if p.on_board(m)) for m in range(1, effective.horizon_months + 1)]
        rows.setdefault("Peak headcount (FTE)", {})[name] = round(max(heads, default=0.0), 6)
        rows.setdefault("Team complete (month)", {})[name] = float(max((p.start_month for p in plan.positions), default=0))
    first = next(iter(a.base.scenarios))
    for label in COMPARED:
        rows[f"{label} vs {first}"] = {name: v - rows[label][first] for name, v in rows[label].items()}
    return rows


COMPARED = ("Cost over the horizon", "Peak headcount (FTE)", "Team complete (month)")  # the figures compared with the first scenario
