"""Macros that refill a planner workbook from the model, written once against a small book interface.

Two adapters implement :class:`BookPort`: ``adapters.openpyxl_book.OpenpyxlBook`` (a file,
headless: ``aiteam fill FILE``) and ``adapters.xlwings_book.XlwingsBook`` (a workbook open in
Excel: the add-in's Run main button and the ``aiteam_*`` scripts).

A refill reads every input from the workbook (named ranges, the role and GPU tables, the
Staffing rows), runs the model and rewrites the generated sheets (Staffing, Budget, Hiring
timeline, 90-day playbook, Summary, Checks, Start) as rows of live formulas. It keeps what
the user typed: Assumptions is never rewritten; Staffing rows that follow the stage table stay
formulas over their seat (``seats``), but for the cells the user typed over, which stay
values; rows the user added always stay; playbook owners, statuses and notes stay. A
workbook made before its rows followed the stage table: when its stage changed, the new
stage's team replaces the generated rows and any generated row the user had edited is kept
as a manual row, so no edit is lost; its unedited rows follow the stage table from then on.
Running a refill twice gives the same file.

A refill rewrites only the cells the layout generates: the workbook records them, one hidden
name per generated sheet (``layout.port.footprint_names``). Cells the previous layout wrote and
the new one does not are emptied; everything else a user added to a generated sheet (notes
beside or below the tables, comments, formats, validations, charts) stays. Where the new plan
needs a cell a user has filled, the refill stops before changing anything and names the cells;
``force=True`` (``aiteam fill --force``) writes over them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime
from functools import cache
from typing import Any

from .assumptions import Assumptions, parse_assumptions
from .catalog import load_catalog
from .errors import ErrorCode, InputError, WorkbookError
from .layout import SHEETS, Formula, SheetSpec, UserState, WorkbookSpec, planner_layout, workload_block
from .layout.a1 import ref
from .layout.months import LAST
from .layout.port import BookPort, CellAt, Rewrite, bounds, footprint, footprint_names, scalar
from .layout.sheets import actuals as actuals_sheet
from .layout.sheets import assumptions as inputs_sheet
from .layout.sheets import compute as compute_sheet
from .layout.sheets import locations as locations_sheet
from .layout.sheets import playbook as playbook_sheet
from .layout.sheets import scenarios as scenarios_sheet
from .layout.sheets import staffing as staffing_sheet
from .layout.stamp import read_stamps
from .plan import build_plan, default_team, search_months, team_basis
from .scenarios import find_scenario
from .seats import resolve, team_of

__all__ = ["BookPort", "fill_plan", "fill_playbook", "read_assumptions_from", "read_inputs", "refill"]

GENERATED = tuple(entry.key for entry in SHEETS if entry.refilled)
TITLES = {entry.key: entry.title for entry in SHEETS}


def read_inputs(port: BookPort) -> dict[str, Any]:
    """Every input the workbook holds, as plain data for ``parse_assumptions``."""
    return _inputs_and_rows(port)[0]


def _inputs_and_rows(port: BookPort) -> tuple[dict[str, Any], list[int]]:
    """The inputs, and the Staffing sheet row of each team line (for messages)."""
    data = inputs_sheet.read(port)
    team = staffing_sheet.read(port, {role.name: role.id for role in load_catalog().roles.values()})
    data.update(scenarios_sheet.read(port))
    # rows that follow the stage table hold formulas: their seats' values, for the stage, size and products read
    data["team"] = resolve(team, data.get("stage"), _size_in_effect(data), data.get("products"))
    rows = [line.pop("row") for line in data["team"]]
    places = locations_sheet.read(port)
    if places is not None:  # a workbook made before the Locations sheet: the default table
        data["locations"] = places
    workload = workload_block.read(port)  # the Compute sheet's workload table; {} in a workbook made before it
    for gpu_id, peak in workload.pop("gpu_types", {}).items():
        if isinstance(data.get("gpu_types", {}).get(gpu_id), dict):
            data["gpu_types"][gpu_id].update(peak)
    return data | workload, rows


def _size_in_effect(data: dict[str, Any]) -> Any:
    """The Size the workbook's seat rows show: the selected scenario's, where it sets one."""
    scenarios = data.get("scenarios") or {}
    try:
        chosen = find_scenario(list(scenarios), data.get("scenario") or "")
    except InputError:
        return data.get("size")  # no such scenario: the base applies (Checks flags the name)
    return scenarios[chosen].get("size") or data.get("size")


def check_structure(port: BookPort) -> None:
    """Every sheet of the planner is there under its own name, but those added in a later version:
    a workbook made before they existed lacks them, and a refill adds them."""
    present = set(port.sheet_names())
    for entry in SHEETS:
        sheet = entry.title
        if sheet not in present and not entry.added_later:
            raise WorkbookError(
                port.label, f"the sheet {sheet} is missing or renamed: restore it, or build a new workbook", code="missing_sheet"
            )


def read_assumptions_from(port: BookPort) -> Assumptions:
    """The workbook's inputs, validated; an error names the sheet row of a bad Staffing value."""
    check_structure(port)
    rows: list[int] = []
    try:
        data, rows = _inputs_and_rows(port)
        return parse_assumptions(data, where=port.label)
    except InputError as exc:
        for key, sheet in (("team", staffing_sheet), ("locations", locations_sheet)):  # the sheet row of a table's bad value
            m = re.match(rf"^{re.escape(port.label)}\.{key}\.(\d+)\.?(.*)$", exc.field)
            if m:
                i = int(m[1])
                row = rows[i] if key == "team" and i < len(rows) else i + sheet.HEADER_ROW + 1
                raise InputError(f"{port.label} {sheet.TITLE} row {row} {m[2]}".strip(), exc.value, exc.allowed, code=exc.code) from None
        raise


def _basis(port: BookPort) -> str | None:
    ref = port.name_ref("TeamBasis")
    if ref is None:
        return None
    sheet, r1, c1, _, _ = bounds(ref)
    value = port.contents(sheet, r1, c1, r1, c1)[0][0]
    if isinstance(value, str) and value.startswith("="):  # live: the rows follow the stage table, whatever it is now
        return None
    return str(value) if value else None


_BASIS = re.compile(r"^stage (?P<stage>[123]), (?P<size>low|mid|high)(?:, (?P<products>\d+) products)?$")


def _team_for(a: Assumptions, basis_then: str | None) -> list[dict[str, Any]]:
    """The Staffing rows a refill writes: as they are, or the new stage's team plus every edit kept."""
    rows = [line.model_dump(mode="json") for line in a.team or []]
    if basis_then is None:
        return _room(rows, a)
    if basis_then == team_basis(a):
        return _seated(rows, a)
    kept = [r for r in rows if r["manual"]]
    generated = [r for r in rows if not r["manual"]]
    m = _BASIS.match(basis_then)
    old = []
    if m:
        old_a = a.model_copy(
            update={"stage": int(m["stage"]), "size": m["size"], "products": int(m["products"] or a.products), "team": None}
        )
        old = [line.model_dump(mode="json") for line in default_team(old_a)]
    fields = ("role", "level", "fte", "employment", "label")
    for i, row in enumerate(generated):
        before = old[i] if i < len(old) else None
        if before is None or any(row[f] != before[f] for f in fields) or row["notes"]:
            kept.append({**row, "manual": True, "notes": row["notes"] or f"kept from the {basis_then} plan"})
    # the new team is numbered around the IDs of the rows kept
    fresh = [line.model_dump(mode="json") for line in team_of(a.stage, a.size, a.products)]
    return fresh + kept


def _room(rows: list[dict[str, Any]], a: Assumptions) -> list[dict[str, Any]]:
    """Rows that follow the stage table, and the seats the team asks for past the last of them (more
    products than the workbook had rows for): added after it, so a refill makes room for them."""
    seated = [i for i, row in enumerate(rows) if row["seat"]]
    if not seated:
        return rows
    last = rows[seated[-1]]["seat"]
    more = [line.model_dump(mode="json") for line in team_of(a.stage, a.size, a.products) if line.seat and line.seat > last]
    return [*rows[: seated[-1] + 1], *more, *rows[seated[-1] + 1 :]]


def _seated(rows: list[dict[str, Any]], a: Assumptions) -> list[dict[str, Any]]:
    """A workbook made before its rows followed the stage table: each generated row that is still
    the seat it was made as follows it from now on; an edited one stays as it is."""
    if any(row["seat"] for row in rows):
        return rows
    fields = ("role", "level", "fte", "employment", "group", "label", "search_month", "end_month", "notes")
    team = team_of(a.stage, a.size, a.products)
    seats = [line.model_dump(mode="json") for line in team]
    months = search_months(team)  # the month the hiring sequence gives each seat
    out = []
    for i, row in enumerate(rows):
        seat = seats[i] if i < len(seats) and not row["manual"] else None
        same = seat is not None and all(row[f] == (months[i] if f == "search_month" else seat[f]) for f in fields)
        out.append({**row, "seat": seat["seat"], "search_month": None} if same and seat is not None else row)
    return out


SHOWN = 6  # cells a refusal names before it counts the rest


def _same(have: Any, want: Any) -> bool:
    """Does a cell already hold what the layout writes there (a Staffing row a user added, read back
    as input and written again)? Text compared as a user reads it, numbers and dates by value."""
    have, want = scalar(have), scalar(str(want) if isinstance(want, Formula) else want)
    if isinstance(have, date | datetime) or isinstance(want, date | datetime):
        return have == want
    if isinstance(have, int | float) and isinstance(want, int | float) and not isinstance(have, bool):
        return abs(float(have) - float(want)) < 1e-9
    return str(have).strip().casefold() == str("" if want is None else want).strip().casefold()


def _in_the_way(port: BookPort, sheet: SheetSpec, before: set[CellAt]) -> list[str]:
    """The cells the new layout writes that the previous one did not and a user has filled."""
    new = sorted(at for at in sheet.cells if at not in before)
    if not new:
        return []
    r1, r2 = new[0][0], new[-1][0]
    c1, c2 = min(c for _, c in new), max(c for _, c in new)
    grid = port.contents(sheet.name, r1, c1, r2, c2)
    found = []
    for r, c in new:
        have = grid[r - r1][c - c1]
        if have is None or (isinstance(have, str) and not have.strip()) or _same(have, sheet.cells[(r, c)].value):
            continue
        found.append(_shown(sheet.name, r, c))
    return found


def _shown(sheet: str, row: int, column: int) -> str:
    """A cell as Excel shows it in a formula: ``Budget!C52``, ``'Hiring timeline'!I12``."""
    plain = re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", sheet) and not re.fullmatch(r"[A-Za-z]{1,3}\d+", sheet)
    return (sheet if plain else "'" + sheet.replace("'", "''") + "'") + "!" + ref(row, column)


def _write(port: BookPort, spec: WorkbookSpec, keys: tuple[str, ...], before: Callable[[str], set[CellAt]], force: bool) -> None:
    present = set(port.sheet_names())
    missing = [entry for entry in SHEETS if entry.title not in present]  # made before the sheet existed (check_structure)
    keys = (*keys, *(entry.key for entry in missing if entry.key not in keys))
    titles = [TITLES[k] for k in keys]
    rewrites = {}
    in_the_way: list[str] = []
    for title in titles:
        old = before(title) if title in present else set()
        if title in present:
            in_the_way += _in_the_way(port, spec.sheet(title), old)
        rewrites[title] = Rewrite.of(spec.sheet(title), old)
    if in_the_way and not force:
        shown = ", ".join(in_the_way[:SHOWN]) + (f" and {len(in_the_way) - SHOWN} more" if len(in_the_way) > SHOWN else "")
        verb = "holds" if len(in_the_way) == 1 else "hold"
        raise WorkbookError(
            port.label,
            f"{shown} {verb} your text where the new plan needs cells; move {'it' if verb == 'holds' else 'them'} or pass --force; "
            "nothing was changed",
            code=ErrorCode.IN_THE_WAY,
        )
    with port.writing():
        for entry in missing:
            port.add_sheet(entry.title, SHEETS.index(entry))
        written = {t: rewrites[t].written for t in titles}  # the same ranges the rewrite covers: not computed twice
        port.set_names({**spec.names, **footprint_names((spec.sheet(t) for t in titles), written)})  # first: validations list from names
        for title in titles:
            port.write_sheet(spec.sheet(title), spec, rewrites[title])
        for entry in SHEETS:
            if entry.key not in keys:
                port.keep_cached(spec.sheet(entry.title))


def _as_built(port: BookPort, a: Assumptions) -> Assumptions:
    """For a workbook that records no footprint (made before it did): the inputs as read, with the
    team cut to the rows the Staffing names cover (rows added since are not the layout's yet)."""
    found = port.name_ref(staffing_sheet.NAMES["id"])
    if found is None or not a.team:
        return a
    try:
        _, r1, _, r2, _ = bounds(found)
    except ValueError:
        return a
    return a.model_copy(update={"team": a.team[: max(1, min(len(a.team), r2 - r1 + 1))]})


def _formula_cells(port: BookPort, title: str) -> set[CellAt]:
    """Cells of a sheet that hold a formula, across the widest a layout has been (the prepared months)."""
    found = set()
    for r, row in enumerate(port.values(title, 1, 1, port.last_row(title), LAST + 1), start=1):
        for c, value in enumerate(row, start=1):
            if isinstance(value, str) and value.startswith("="):
                found.add((r, c))
    return found


def _sheet_of(target: str) -> str | None:
    try:
        return bounds(target)[0]
    except ValueError:
        return None  # a structured reference or a formula: on no one sheet


def _refill(port: BookPort, keys: tuple[str, ...], force: bool = False) -> Assumptions:
    a = read_assumptions_from(port)
    read = a
    state = UserState(
        playbook=playbook_sheet.read(port),
        quick_calc=compute_sheet.read(port),
        role_functions=inputs_sheet.role_functions(port),
    )
    state = replace(state, stamps=read_stamps(port))  # figures written as values keep their time when their inputs did not change
    state = replace(state, actuals=actuals_sheet.read(port))  # the Actuals sheet's figures, for the cached values

    @cache
    def as_built() -> WorkbookSpec:
        return planner_layout(build_plan(_as_built(port, read)), state)

    def before(title: str) -> set[CellAt]:
        recorded = footprint(port, title)
        if recorded is not None:
            return recorded
        # made before refills recorded their cells: the layout of the inputs read back, and every
        # formula on the sheet (an earlier version's layout may have put them where this one does not)
        return set(as_built().sheet(title).cells) | _formula_cells(port, title)

    if "staffing" in keys:
        a = parse_assumptions({**a.model_dump(), "team": _team_for(a, _basis(port))}, where=port.label)
    plan = build_plan(a)
    spec = planner_layout(plan, state)
    kept = {entry.title for entry in SHEETS if not entry.refilled}  # sheets a refill leaves: their names stay where they are
    compute = TITLES["compute"]
    upgrade = workload_block.upgrade(port, spec.sheet(compute))  # a Compute sheet made before the workload table
    layout_names = dict(spec.names)
    for name, target in list(spec.names.items()):
        found = port.name_ref(name)
        if found is not None and _sheet_of(target) in kept and not (upgrade is not None and _sheet_of(target) == compute):
            spec.names[name] = found
    rate = scenarios_sheet.earlier_rate(
        port, spec.sheet(TITLES["compute"])
    )  # before earlier_names: it asks whether the workbook has scenarios
    scenarios_sheet.earlier_names(port, layout_names, spec.names)  # made before scenarios: the drivers' names move
    added = inputs_sheet.added_inputs(port, spec.sheet(TITLES["inputs"]), spec.names)  # moves their names
    _write(port, spec, keys, before, force)
    for extra in (added, upgrade, rate):  # cells the workbook was made without: added where the layout puts them
        if extra is not None:
            with port.writing():
                port.write_sheet(extra, spec, Rewrite.of(extra))
    # the inputs as the workbook now holds them: every row numbered, every search month written
    written = [
        line.model_copy(update={"id": p.id, "search_month": p.search_month}) for line, p in zip(a.team or [], plan.positions, strict=True)
    ]
    return a.model_copy(update={"team": written})


def fill_plan(port: BookPort, force: bool = False) -> Assumptions:
    """Refill Staffing and every sheet that follows it (Budget, timeline, Summary, Checks, Start)."""
    return _refill(port, tuple(k for k in GENERATED if k != "playbook"), force)


def fill_playbook(port: BookPort, force: bool = False) -> Assumptions:
    """Refill the 90-day playbook from the catalog, keeping owners, statuses and notes."""
    return _refill(port, ("playbook",), force)


def refill(port: BookPort, force: bool = False) -> Assumptions:
    """Everything a refill does: the plan's sheets and the playbook, in one pass. ``force``: write
    over cells a user filled where the new plan needs them (otherwise the refill refuses)."""
    return _refill(port, GENERATED, force)
