"""Build planner workbooks headlessly, and read a saved workbook's inputs back.

build_workbook(assumptions, "plan.xlsx")      # or .xlsm: macro-enabled, on xlwings' quickstart
read_assumptions("plan.xlsx")                 # the inputs as the file holds them now
regenerate()                                  # the committed workbook/ and templates/
"""

from __future__ import annotations

import importlib.util
import os
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from .assumptions import Assumptions, default_assumptions, parse_assumptions
from .catalog import load_catalog
from .errors import WorkbookError
from .layout import INPUTS, SHEET, STAFFING_COLUMNS, planner_layout
from .plan import build_plan

__all__ = [
    "QUICKSTART",
    "UDF_MODULE",
    "build_workbook",
    "committed_workbooks",
    "quickstart_path",
    "read_assumptions",
    "regenerate",
]

UDF_MODULE = "aiteam_udfs"
QUICKSTART = "quickstart_standalone.xlsm"
ROOT = Path(__file__).resolve().parents[1]
SUFFIXES = (".xlsx", ".xlsm")


def quickstart_path() -> Path:
    """The macro-enabled quickstart workbook inside the pinned xlwings wheel (not imported)."""
    found = importlib.util.find_spec("xlwings")
    if found is None or not found.submodule_search_locations:
        raise WorkbookError("xlwings", "the xlwings package is not installed; it provides the .xlsm base", code="no_xlwings")
    path = Path(next(iter(found.submodule_search_locations))) / QUICKSTART
    if not path.is_file():
        raise WorkbookError(str(path), "the xlwings quickstart workbook is missing from the xlwings package", code="no_quickstart")
    return path


def _check_target(path: Path) -> None:
    if path.suffix.lower() not in SUFFIXES:
        raise WorkbookError(str(path), "a planner workbook must be .xlsx or .xlsm", code="bad_suffix")
    lock = path.with_name("~$" + path.name)
    if lock.exists():
        raise WorkbookError(str(path), f"is open in Excel ({lock.name} exists): close it first; nothing was written", code="locked")
    if not path.parent.is_dir():
        raise WorkbookError(str(path), "its folder does not exist", code="no_folder")


def save_atomically(wb: Any, path: Path) -> None:
    """Write beside the target, then rename: a failure leaves the old file as it was."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    try:
        wb.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def build_workbook(assumptions: Assumptions | None, out: str | Path) -> Path:
    """Write the planner for ``assumptions`` to ``out`` (.xlsx, or .xlsm with the xlwings VBA)."""
    from .adapters.openpyxl_book import render

    path = Path(out)
    _check_target(path)
    plan = build_plan(assumptions or default_assumptions())
    spec = planner_layout(plan)
    macro = path.suffix.lower() == ".xlsm"
    wb = render(spec, base=quickstart_path() if macro else None, xlwings_conf={"UDF Modules": UDF_MODULE} if macro else None)
    save_atomically(wb, path)
    return path


def committed_workbooks() -> dict[Path, Assumptions]:
    """What ``regenerate`` writes: the .xlsm (stage 2) and one .xlsx template per stage."""
    out = {ROOT / "workbook" / "AITeamPlanner.xlsm": default_assumptions(2)}
    for stage in (1, 2, 3):
        out[ROOT / "templates" / f"AITeamPlanner-stage{stage}.xlsx"] = default_assumptions(stage)
    return out


def regenerate(root: Path | None = None) -> list[Path]:
    """Rebuild the committed workbooks (under ``root`` instead of the repository, for tests)."""
    written = []
    for path, assumptions in committed_workbooks().items():
        target = path if root is None else root / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(build_workbook(assumptions, target))
    return written


def workbook_parts(path: Path) -> dict[str, bytes]:
    """A workbook's zip members, less the timestamps of docProps/core.xml, for comparing builds."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in sorted(z.namelist()) if name != "docProps/core.xml"}


# --- reading a saved workbook -------------------------------------------------------------


def _cells(wb: Any, target: str) -> list[list[Any]]:
    """Values of a defined name's range, row by row."""
    sheet, _, rng = target.partition("!")
    ws = wb[sheet.strip("'")]
    block = ws[rng.replace("$", "")]
    if not isinstance(block, tuple):
        return [[block.value]]
    if block and not isinstance(block[0], tuple):
        block = (block,)
    return [[c.value for c in row] for row in block]


def _scalar(value: Any) -> Any:
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


def read_assumptions(path: str | Path) -> Assumptions:
    """The inputs of a planner workbook (named ranges, role and GPU tables, Staffing rows)."""
    from openpyxl import load_workbook

    path = Path(path)
    try:
        wb = load_workbook(path, data_only=False, keep_vba=False, keep_links=False)
    except FileNotFoundError:
        raise WorkbookError(str(path), "no such file", code="not_found") from None
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise WorkbookError(str(path), f"is not a readable Excel workbook ({exc.__class__.__name__})", code="not_a_workbook") from None
    names = {name: dn.attr_text for name, dn in wb.defined_names.items()}

    def cells(name: str) -> list[list[Any]]:
        if name not in names:
            raise WorkbookError(str(path), f"the named range {name} is missing: is this a planner workbook?", code="missing_name")
        return _cells(wb, names[name])

    data: dict[str, Any] = {}
    for spec in INPUTS:
        _set(data, spec.field, _scalar(cells(spec.name)[0][0]))
    catalog = load_catalog()
    ids = {role.name: role.id for role in catalog.roles.values()}
    role_names = [row[0] for row in cells("RoleNames")]
    levels = cells("LevelNames")[0]
    salaries = cells("SalaryTable")
    fill = cells("RoleTimeToFill")
    ramp = cells("RoleRampUp")
    rates = cells("RoleContractorRate")
    data["salaries"] = {}
    data["role_terms"] = {}
    for i, name in enumerate(role_names):
        role = ids.get(name, name)
        data["salaries"][role] = {lvl: _scalar(v) for lvl, v in zip(levels, salaries[i], strict=True) if v is not None}
        data["role_terms"][role] = {
            "time_to_fill_months": _scalar(fill[i][0]),
            "ramp_up_months": _scalar(ramp[i][0]),
            "contractor_hourly_rate": _scalar(rates[i][0]),
        }
    gpu_ids = [row[0] for row in cells("GpuIds")]
    gpu_rates = [row[0] for row in cells("GpuRates")]
    gpu_sources = [row[0] for row in cells("GpuSources")]
    gpu_dates = [row[0] for row in cells("GpuDates")]
    ws_inputs = wb[SHEET["inputs"]]
    first_gpu_row = int(names["GpuIds"].split("!")[1].split(":")[0].split("$")[-1])
    data["gpu_types"] = {
        gid: {
            "name": ws_inputs.cell(row=first_gpu_row + i, column=2).value or gid,
            "hourly_rate": _scalar(gpu_rates[i]),
            "source": gpu_sources[i] or "",
            "date": str(gpu_dates[i] or ""),
        }
        for i, gid in enumerate(gpu_ids)
    }
    data["team"] = _read_staffing(wb, path, ids)
    return parse_assumptions(data, where=path.name)


def _read_staffing(wb: Any, path: Path, ids: dict[str, str]) -> list[dict[str, Any]]:
    if SHEET["staffing"] not in wb.sheetnames:
        raise WorkbookError(str(path), f"the {SHEET['staffing']} sheet is missing", code="missing_sheet")
    ws = wb[SHEET["staffing"]]
    C = STAFFING_COLUMNS
    team = []
    row = 5
    while ws.cell(row=row, column=C["id"]).value not in (None, ""):

        def value(key: str, r: int = row) -> Any:
            return _scalar(ws.cell(row=r, column=C[key]).value)

        role = value("role")
        team.append(
            {
                "role": ids.get(role, role),
                "level": value("level"),
                "fte": value("fte"),
                "employment": value("employment"),
                "search_month": value("search_month"),
                "label": value("label") or "",
                "group": value("group") or "",
            }
        )
        row += 1
    return team
