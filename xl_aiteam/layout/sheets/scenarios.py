"""Scenarios: one column per scenario, one row per driver; the user's sheet (a refill keeps it).

Each driver's defined name (``LoadedMultiplier``...) is the value in effect, on this sheet: the
selected scenario's value where its cell is filled, else the base input on Assumptions, which
has its own name (``LoadedMultiplierBase``). Every formula that reads the name follows the
scenario chosen in ``Scenario`` on Assumptions, live. ``read`` reads the table back for the
model, which applies the same scenario itself (``xl_aiteam.scenarios.in_effect``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...scenarios import DRIVERS, MAX_SCENARIOS, Driver, scenario_notes
from ..a1 import area, col, ref
from ..common import source_label, title
from ..context import Context
from ..port import BookPort, named, scalar
from ..rules import list_validation, number_validation
from ..spec import FAIL, PASS, CondFormat, Formula, SheetSpec

__all__ = ["BASE_NAMES", "COLUMNS", "TITLE", "ScenarioCells", "base_name", "build", "driver_value", "earlier_names", "earlier_rate", "read"]

TITLE = "Scenarios"
COLUMNS = MAX_SCENARIOS  # scenario columns prepared: the defaults and spare ones a user may name
HEADER = 7  # the row of scenario names
FIRST_COL = 5  # the first scenario's column (E)
BASE_COL = 4  # the base input's value (D)
NOTE_ROWS = 2  # source and note under the drivers
BASE_NAMES = {d.name: d.name + "Base" for d in DRIVERS if d.field != "gpu_rate"}  # the GPU rate's base is the price list


def base_name(name: str) -> str:
    """The defined name of an input's base cell on Assumptions (the name itself for any input no scenario changes)."""
    return BASE_NAMES.get(name, name)


@dataclass(frozen=True)
class ScenarioCells:
    """What the comparison needs of this sheet: where the scenario table is."""

    names: str  # ScenarioNames
    table: str  # ScenarioTable: the drivers' rows under the scenario columns
    bases: str  # DriverBases: the base value of each driver


def _base_formula(driver: Driver) -> str:
    return "=INDEX(GpuRates,MATCH(GpuType,GpuIds,0))" if driver.field == "gpu_rate" else f"={BASE_NAMES[driver.name]}"


def driver_value(a: Any, driver: Driver) -> Any:
    """The value of ``driver`` in assumptions ``a``."""
    if driver.field == "gpu_rate":
        return a.gpu.hourly_rate
    value = a
    for part in driver.field.split("."):
        value = getattr(value, part)
    return value


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="C8", tab_color="0000FF")
    effective, base = ctx.a, ctx.a.base
    title(
        s,
        "Scenarios",
        "One column per scenario: a blank cell means as on Assumptions. Rename, add (spare columns) and edit them here; "
        "choose the one the workbook shows in Scenario on Assumptions.",
    )
    names = list(base.scenarios)
    selected = names.index(base.scenario) if base.scenario in names else -1
    s.put(4, 1, "Scenario in effect", "label")
    s.put(4, 2, Formula("=Scenario"), "link", "text", cached=base.scenario)
    s.put(5, 1, "Its column (0: none, the base applies)", "label")
    s.put(
        5,
        2,
        Formula("=IF(ISNA(MATCH(Scenario,ScenarioNames,0)),0,MATCH(Scenario,ScenarioNames,0))"),
        "calc",
        "int",
        cached=selected + 1,
    )
    ctx.name("ScenarioColumn", s.name, 5, 2)
    s.put(5, 3, Formula('=IF(B5=0,"Check: not a scenario of this sheet","OK")'), "check", cached="OK" if selected >= 0 else "Check")
    s.cond_formats += [CondFormat("C5", "OK", *PASS), CondFormat("C5", "Check: not a scenario of this sheet", *FAIL)]
    for c, text in enumerate(["Driver", "Unit", "In effect", "On Assumptions"], start=1):
        s.put(HEADER, c, text, "header")
    last_col = FIRST_COL + COLUMNS - 1
    for k in range(COLUMNS):
        s.put(HEADER, FIRST_COL + k, names[k] if k < len(names) else None, "input")
    ctx.name("ScenarioNames", s.name, HEADER, FIRST_COL, HEADER, last_col)
    first = HEADER + 1
    for i, driver in enumerate(DRIVERS):
        r = first + i
        if driver.name in BASE_NAMES:  # the input on Assumptions keeps its cell under its own name
            ctx.names[BASE_NAMES[driver.name]] = ctx.names[driver.name]
        s.put(r, 1, driver.label, "label")
        s.put(r, 2, driver.unit, "unit")
        row = f"{ref(r, FIRST_COL)}:{ref(r, last_col)}"
        s.put(
            r,
            3,
            Formula(f'=IF(ScenarioColumn=0,D{r},IF(INDEX({row},ScenarioColumn)="",D{r},INDEX({row},ScenarioColumn)))'),
            "calc",
            driver.fmt,
            cached=driver_value(effective, driver),
        )
        ctx.name(driver.name, s.name, r, 3)
        s.put(r, BASE_COL, Formula(_base_formula(driver)), "link", driver.fmt, cached=driver_value(base, driver))
        for k, name in enumerate(names[:COLUMNS]):
            value = getattr(base.scenarios[name], driver.key)
            s.put(r, FIRST_COL + k, value, "input", driver.fmt)
        for k in range(len(names), COLUMNS):
            s.put(r, FIRST_COL + k, None, "input", driver.fmt)
        sqref = area(r, FIRST_COL, r, last_col).replace("$", "")
        if driver.fmt == "text":
            s.validations.append(list_validation(sqref, driver.rule, driver.label))
        else:
            s.validations.append(number_validation(sqref, driver.rule, driver.label))
    last = first + len(DRIVERS) - 1
    ctx.name("ScenarioTable", s.name, first, FIRST_COL, last, last_col)
    ctx.name("DriverBases", s.name, first, BASE_COL, last, BASE_COL)
    notes = scenario_notes()
    for j, label in enumerate(("Source", "What it assumes")):
        r = last + 1 + j
        s.put(r, 1, label, "label")
        for k, name in enumerate(names[:COLUMNS]):
            source, note = notes.get(name, ("", ""))
            s.put(r, FIRST_COL + k, (source_label(source) if source else "") if j == 0 else note, "wrap")
    s.heights[last + 2] = 120
    s.put(last + 4, 1, "The in-effect column is what every sheet reads; the base inputs stay on Assumptions.", "note")
    ctx.hand(ScenarioCells("ScenarioNames", "ScenarioTable", "DriverBases"))
    s.widths.update({1: 30, 2: 18, 3: 12, 4: 15, **{FIRST_COL + k: 16 for k in range(COLUMNS)}})
    s.print_area = f"A1:{col(last_col)}{last + 4}"
    return s


def read(port: BookPort) -> dict[str, Any]:
    """The scenarios as the sheet holds them (a named column; blank cells left out), for the model;
    nothing for a workbook made before the sheet existed (the default scenarios apply)."""
    if port.name_ref("ScenarioNames") is None:
        return {}
    for driver in DRIVERS:  # every formula reads the value in effect through these names
        named(port, driver.name)
    names = named(port, "ScenarioNames")[0]
    table = named(port, "ScenarioTable")
    scenarios: dict[str, dict[str, Any]] = {}
    for k, name in enumerate(names):
        if name in (None, "") or (isinstance(name, str) and not name.strip()):
            continue
        values = {d.key: scalar(row[k]) for d, row in zip(DRIVERS, table, strict=False) if row[k] not in (None, "")}
        scenarios[str(name).strip() if isinstance(name, str) else str(scalar(name))] = values
    return {"scenarios": scenarios}


OLD_RATE = "=INDEX(GpuRates,MATCH(GpuType,GpuIds,0))"  # the Compute sheet's rate before scenarios


def earlier_rate(port: BookPort, compute: SheetSpec) -> SheetSpec | None:
    """For a workbook made before scenarios: its Compute sheet (the user's, not rewritten) reads the
    GPU rate from the price list; the cell that does is given the layout's link to the rate in effect."""
    if port.name_ref("ScenarioNames") is not None or compute.name not in port.sheet_names():
        return None
    new = next(((at, cell) for at, cell in compute.cells.items() if cell.value == "=GpuRate"), None)
    if new is None:
        return None
    (_, column), cell = new
    last = min(port.last_row(compute.name), 60)
    for r, row in enumerate(port.contents(compute.name, 1, column, last, column), start=1):
        if isinstance(row[0], str) and row[0].replace(" ", "") == OLD_RATE:
            out = SheetSpec(compute.name)
            out.cells[(r, column)] = cell
            return out
    return None


def earlier_names(port: BookPort, layout: dict[str, str], names: dict[str, str]) -> None:
    """For a workbook made before scenarios (no ``ScenarioNames``): each driver's name moves from
    its input on Assumptions to the value in effect on the new Scenarios sheet, and the input keeps
    its cell under the base name."""
    if port.name_ref("ScenarioNames") is not None:
        return
    for name, base in BASE_NAMES.items():
        found = port.name_ref(name)
        if found is not None:
            names[base] = found
            names[name] = layout[name]
