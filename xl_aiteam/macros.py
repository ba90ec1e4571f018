"""Macros that refill a planner workbook from the model, written once against a small book interface.

Two adapters implement :class:`BookPort`: ``adapters.openpyxl_book.OpenpyxlBook`` (a file,
headless: ``aiteam fill FILE``) and ``adapters.xlwings_book.XlwingsBook`` (a workbook open in
Excel: the add-in's Run main button and the ``aiteam_*`` scripts).

A refill reads every input from the workbook (named ranges, the role and GPU tables, the
Staffing rows), runs the model and rewrites the generated sheets (Staffing, Budget, Hiring
timeline, 90-day playbook, Summary, Checks, Start) as rows of live formulas. It keeps what
the user typed: Assumptions is never rewritten; Staffing rows stay as edited while the
stage, size and products they were made for are unchanged; rows marked manual always
stay; playbook owners, statuses and notes stay. When the stage changes, the new stage's
team replaces the generated rows, and any generated row the user had edited is kept as a
manual row, so no edit is lost. Running a refill twice gives the same file.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from .assumptions import Assumptions, parse_assumptions
from .catalog import load_catalog
from .errors import InputError, WorkbookError
from .layout import GENERATED, INPUTS, SHEET, STAFFING_COLUMNS, SheetSpec, WorkbookSpec, planner_layout
from .layout.planner import PlaybookState
from .plan import build_plan, default_team, team_basis

__all__ = ["BookPort", "fill_plan", "fill_playbook", "read_assumptions_from", "read_inputs", "refill"]

MAX_ROWS = 2000
_REF = re.compile(r"^(?:'?(?P<sheet>[^'!]+)'?!)?\$?(?P<c1>[A-Z]+)\$?(?P<r1>\d+)(?::\$?(?P<c2>[A-Z]+)\$?(?P<r2>\d+))?$")


class BookPort(Protocol):
    """What the macros need of a workbook, whatever holds it."""

    label: str  # the file or book name, for messages

    def sheet_names(self) -> list[str]: ...

    def name_ref(self, name: str) -> str | None: ...

    def values(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]: ...

    def last_row(self, sheet: str) -> int: ...

    def write_sheet(self, sheet: SheetSpec, book: WorkbookSpec) -> None: ...

    def set_names(self, names: dict[str, str]) -> None: ...


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _bounds(ref: str) -> tuple[str, int, int, int, int]:
    m = _REF.match(ref.strip().lstrip("="))
    if not m or not m["sheet"]:
        raise ValueError(f"not a sheet range: {ref!r}")
    c1, r1 = _column(m["c1"]), int(m["r1"])
    c2, r2 = (_column(m["c2"]), int(m["r2"])) if m["c2"] else (c1, r1)
    return m["sheet"], r1, c1, r2, c2


def _named(port: BookPort, name: str) -> list[list[Any]]:
    ref = port.name_ref(name)
    if ref is None:
        raise WorkbookError(port.label, f"the named range {name} is missing: is this a planner workbook?", code="missing_name")
    sheet, r1, c1, r2, c2 = _bounds(ref)
    if sheet not in port.sheet_names():
        raise WorkbookError(port.label, f"the named range {name} points to a sheet '{sheet}' that is gone", code="missing_sheet")
    return port.values(sheet, r1, c1, r2, c2)


def _scalar(value: Any) -> Any:
    from datetime import datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def read_inputs(port: BookPort) -> dict[str, Any]:
    """Every input the workbook holds, as plain data for ``parse_assumptions``."""
    data: dict[str, Any] = {}
    for spec in INPUTS:
        _set(data, spec.field, _scalar(_named(port, spec.name)[0][0]))
    ids = {role.name: role.id for role in load_catalog().roles.values()}
    names = [row[0] for row in _named(port, "RoleNames")]
    levels = _named(port, "LevelNames")[0]
    salaries, fill, ramp, rates = (_named(port, n) for n in ("SalaryTable", "RoleTimeToFill", "RoleRampUp", "RoleContractorRate"))
    data["salaries"], data["role_terms"] = {}, {}
    for i, name in enumerate(names):
        role = ids.get(name, name)
        data["salaries"][role] = {lvl: _scalar(v) for lvl, v in zip(levels, salaries[i], strict=True) if v not in (None, "")}
        data["role_terms"][role] = {
            "time_to_fill_months": _scalar(fill[i][0]),
            "ramp_up_months": _scalar(ramp[i][0]),
            "contractor_hourly_rate": _scalar(rates[i][0]),
        }
    gpu_ids = [row[0] for row in _named(port, "GpuIds")]
    gpu_names = [row[0] for row in _named(port, "GpuNames")]
    rates_, sources, dates = ([row[0] for row in _named(port, n)] for n in ("GpuRates", "GpuSources", "GpuDates"))
    data["gpu_types"] = {
        gid: {"name": gpu_names[i] or gid, "hourly_rate": _scalar(rates_[i]), "source": sources[i] or "", "date": str(dates[i] or "")}
        for i, gid in enumerate(gpu_ids)
    }
    data["team"] = _staffing_rows(port, ids)
    return data


def _staffing_rows(port: BookPort, ids: dict[str, str]) -> list[dict[str, Any]]:
    sheet = SHEET["staffing"]
    if sheet not in port.sheet_names():
        raise WorkbookError(port.label, f"the {sheet} sheet is missing: is this a planner workbook?", code="missing_sheet")
    C = STAFFING_COLUMNS
    header = port.values(sheet, 4, 1, 4, C["notes"])[0]
    if [str(h or "") for h in header[:2]] != ["ID", "Role"] or header[C["notes"] - 1] != "Notes":
        raise WorkbookError(
            port.label, f"the {sheet} table's columns were moved: ID, Role ... Notes must stay in A to P", code="moved_columns"
        )
    last = min(port.last_row(sheet), 4 + MAX_ROWS)
    rows = port.values(sheet, 5, 1, max(last, 5), C["notes"])
    team = []
    for row in rows:
        if row[C["id"] - 1] in (None, "") and row[C["role"] - 1] in (None, ""):
            break  # a row with a role but no ID is a row the user added: it is read, and numbered on refill

        def value(key: str, row: list[Any] = row) -> Any:
            return _scalar(row[C[key] - 1])

        role = value("role")
        team.append(
            {
                "id": str(value("id") or ""),
                "role": ids.get(role, role),
                "level": value("level"),
                "fte": value("fte"),
                "employment": value("employment"),
                "search_month": value("search_month"),
                "label": str(value("label") or ""),
                "group": str(value("group") or ""),
                "manual": str(value("manual") or "").strip().lower() == "yes",
                "notes": str(value("notes") or ""),
            }
        )
    return team


def check_structure(port: BookPort) -> None:
    """Every sheet of the planner is there under its own name."""
    present = set(port.sheet_names())
    for sheet in SHEET.values():
        if sheet not in present:
            raise WorkbookError(
                port.label, f"the sheet {sheet} is missing or renamed: restore it, or build a new workbook", code="missing_sheet"
            )


def read_assumptions_from(port: BookPort) -> Assumptions:
    """The workbook's inputs, validated; an error names the sheet row of a bad Staffing value."""
    check_structure(port)
    try:
        return parse_assumptions(read_inputs(port), where=port.label)
    except InputError as exc:
        m = re.match(rf"^{re.escape(port.label)}\.team\.(\d+)\.?(.*)$", exc.field)
        if m:
            row = int(m[1]) + 5
            raise InputError(f"{port.label} {SHEET['staffing']} row {row} {m[2]}".strip(), exc.value, exc.allowed, code=exc.code) from None
        raise


def _basis(port: BookPort) -> str | None:
    ref = port.name_ref("TeamBasis")
    if ref is None:
        return None
    sheet, r1, c1, _, _ = _bounds(ref)
    value = port.values(sheet, r1, c1, r1, c1)[0][0]
    return str(value) if value else None


_BASIS = re.compile(r"^stage (?P<stage>[123]), (?P<size>low|mid|high)(?:, (?P<products>\d+) products)?$")


def _team_for(a: Assumptions, basis_then: str | None) -> list[dict[str, Any]]:
    """The Staffing rows a refill writes: as they are, or the new stage's team plus every edit kept."""
    rows = [line.model_dump(mode="json") for line in a.team or []]
    if basis_then is None or basis_then == team_basis(a):
        return rows
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
    fresh = [line.model_dump(mode="json") for line in default_team(a.model_copy(update={"team": None}))]
    return fresh + kept


def _playbook_state(port: BookPort) -> PlaybookState:
    sheet = SHEET["playbook"]
    if sheet not in port.sheet_names():
        return {}
    last = min(port.last_row(sheet), 4 + MAX_ROWS)
    state: PlaybookState = {}
    for row in port.values(sheet, 5, 1, max(last, 5), 10):
        if row[0] in (None, ""):
            break
        state[(int(_scalar(row[0])), str(row[5]))] = {"owner": row[6], "status": row[8], "notes": row[9]}
    return state


def _write(port: BookPort, spec: WorkbookSpec, keys: tuple[str, ...]) -> None:
    missing = [SHEET[k] for k in keys if SHEET[k] not in port.sheet_names()]
    if missing:
        raise WorkbookError(port.label, f"the sheet {missing[0]} is missing or renamed; nothing was changed", code="missing_sheet")
    for key in keys:
        port.write_sheet(spec.sheet(SHEET[key]), spec)
    port.set_names(spec.names)


def _refill(port: BookPort, keys: tuple[str, ...]) -> Assumptions:
    a = read_assumptions_from(port)
    if "staffing" in keys:
        a = parse_assumptions({**a.model_dump(), "team": _team_for(a, _basis(port))}, where=port.label)
    plan = build_plan(a)
    spec = planner_layout(plan, _playbook_state(port))
    _write(port, spec, keys)
    # the inputs as the workbook now holds them: every row numbered, every search month written
    written = [
        line.model_copy(update={"id": p.id, "search_month": p.search_month}) for line, p in zip(a.team or [], plan.positions, strict=True)
    ]
    return a.model_copy(update={"team": written})


def fill_plan(port: BookPort) -> Assumptions:
    """Refill Staffing and every sheet that follows it (Budget, timeline, Summary, Checks, Start)."""
    return _refill(port, tuple(k for k in GENERATED if k != "playbook"))


def fill_playbook(port: BookPort) -> Assumptions:
    """Refill the 90-day playbook from the catalog, keeping owners, statuses and notes."""
    return _refill(port, ("playbook",))


def refill(port: BookPort) -> Assumptions:
    """Everything a refill does: the plan's sheets and the playbook, in one pass."""
    return _refill(port, GENERATED)
