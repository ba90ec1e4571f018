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

from defusedxml import DefusedXmlException

from .assumptions import Assumptions, default_assumptions
from .errors import WorkbookError
from .layout import planner_layout
from .plan import build_plan

__all__ = [
    "QUICKSTART",
    "UDF_MODULE",
    "build_workbook",
    "committed_workbooks",
    "fill_workbook",
    "open_book",
    "quickstart_path",
    "read_assumptions",
    "regenerate",
]

UDF_MODULE = "aiteam_udfs"
# A planner workbook unpacks to a few MB; these limits refuse zip bombs before anything is parsed.
MAX_UNPACKED = 200 * 2**20
MAX_RATIO = 200
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


def save_atomically(wb: Any, path: Path, reproducible: bool = False) -> None:
    """Write beside the target, then rename: a failure leaves the old file as it was.

    ``reproducible``: the same workbook gives the same bytes (fixed zip timestamps and
    modification date), so a rebuilt committed workbook changes only when its content does.
    """
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise WorkbookError(str(path), f"could not be written ({exc.strerror or exc})", code="write_failed") from None
    os.close(fd)
    try:
        if reproducible:
            _save_reproducibly(wb, tmp)
        else:
            wb.save(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        if isinstance(exc, WorkbookError):
            raise
        raise WorkbookError(
            str(path), f"could not be written ({exc.strerror or exc}); the file there is as it was", code="write_failed"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


FIXED_TIME = (2026, 11, 1, 0, 0, 0)


class _FixedTimeZip(zipfile.ZipFile):
    """A zip whose entries all carry one fixed time, so the same workbook gives the same bytes."""

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME)
            zinfo_or_arcname.compress_type = self.compression
            zinfo_or_arcname.external_attr = 0o600 << 16
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: int | None = None, compresslevel: int | None = None) -> None:
        self.writestr(str(arcname or filename), Path(filename).read_bytes(), compress_type, compresslevel)


def _save_reproducibly(wb: Any, path: str) -> None:
    """openpyxl's save, less its "modified: now" stamp, into a zip with fixed entry times."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = wb.properties.created
    ExcelWriter(wb, _FixedTimeZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def build_workbook(assumptions: Assumptions | None, out: str | Path, *, reproducible: bool = False) -> Path:
    """Write the planner for ``assumptions`` to ``out`` (.xlsx, or .xlsm with the xlwings VBA).

    The file is stamped with the time it was made; ``reproducible`` (the committed workbooks)
    stamps a fixed time instead, so the same inputs give the same bytes.
    """
    from .adapters.openpyxl_book import render

    path = Path(out)
    _check_target(path)
    plan = build_plan(assumptions or default_assumptions())
    spec = planner_layout(plan)
    macro = path.suffix.lower() == ".xlsm"
    wb = render(
        spec,
        base=quickstart_path() if macro else None,
        xlwings_conf={"UDF Modules": UDF_MODULE} if macro else None,
        made=datetime(*FIXED_TIME) if reproducible else None,
    )
    save_atomically(wb, path, reproducible=reproducible)
    return path


def committed_workbooks() -> dict[Path, Assumptions]:
    """What ``regenerate`` writes: the .xlsm (stage 2) and one .xlsx template per stage."""
    out = {ROOT / "workbook" / "AITeamPlanner.xlsm": default_assumptions(2)}
    for stage in (1, 2, 3):
        out[ROOT / "templates" / f"AITeamPlanner-stage{stage}.xlsx"] = default_assumptions(stage)
    return out


def regenerate(root: Path | None = None) -> list[Path]:
    """Rebuild the committed workbooks (under ``root`` instead of the repository, for tests)."""
    if root is None and not (ROOT / "pyproject.toml").is_file():
        raise WorkbookError(
            str(ROOT),
            "the committed workbooks are rebuilt from a checkout of the repository, not an installed package",
            code="not_a_checkout",
        )
    written = []
    for path, assumptions in committed_workbooks().items():
        target = path if root is None else root / path.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        written.append(build_workbook(assumptions, target, reproducible=True))
    return written


def workbook_parts(path: Path) -> dict[str, bytes]:
    """A workbook's zip members, less the timestamps of docProps/core.xml, for comparing builds."""
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in sorted(z.namelist()) if name != "docProps/core.xml"}


# --- reading and refilling a saved workbook ----------------------------------------------


def open_book(path: str | Path) -> Any:
    """A saved planner workbook behind the macros' book interface (VBA kept for .xlsm)."""
    from openpyxl import load_workbook

    from .adapters.openpyxl_book import OpenpyxlBook

    path = Path(path)
    if not path.is_file():
        raise WorkbookError(str(path), "no such file", code="not_found")
    if path.suffix.lower() not in SUFFIXES:
        raise WorkbookError(str(path), "a planner workbook must be .xlsx or .xlsm", code="bad_suffix")
    _check_zip(path)
    try:
        wb = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm", keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError) as exc:
        raise WorkbookError(str(path), f"is not a readable Excel workbook ({exc.__class__.__name__})", code="not_a_workbook") from None
    except DefusedXmlException:
        raise WorkbookError(
            str(path), "holds XML with entity declarations, which a workbook never needs; it was not read", code="xml_bomb"
        ) from None
    return OpenpyxlBook(wb, path.name)


def _check_zip(path: Path) -> None:
    """Refuse what is not a zip, a truncated zip, and a zip bomb, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(path) as z:
            _check_members(path, z)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError):
        raise WorkbookError(str(path), "is not an Excel workbook (not a complete .xlsx/.xlsm zip file)", code="not_a_workbook") from None


def _check_members(path: Path, z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNPACKED or (total > 10 * 2**20 and total / packed > MAX_RATIO):
        raise WorkbookError(
            str(path), f"would unpack to {total / 2**20:,.0f} MB from {packed / 2**20:,.1f} MB: refused as a zip bomb", code="zip_bomb"
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise WorkbookError(str(path), "is a zip file but not an Excel workbook (no xl/workbook.xml)", code="not_a_workbook")
    # a workbook's XML never declares a DOCTYPE or entities (text holding them is escaped):
    # refuse entity bombs outright, whichever parser would meet them
    for info in infos:
        if info.filename.endswith((".xml", ".rels", ".vml")):
            data = z.read(info)
            if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
                raise WorkbookError(
                    str(path), f"{info.filename} declares XML entities, which a workbook never needs; it was not read", code="xml_bomb"
                )


def read_assumptions(path: str | Path) -> Assumptions:
    """The inputs of a planner workbook (named ranges, role and GPU tables, Staffing rows)."""
    from .macros import read_assumptions_from

    return read_assumptions_from(open_book(path))


def fill_workbook(path: str | Path, what: str = "all", *, force: bool = False) -> Assumptions:
    """Refill a saved workbook in place from the model (``what``: all, plan or playbook).

    The file is written atomically: if anything fails, it is left byte for byte as it was. Where
    the new plan needs cells a user has filled, it refuses; ``force`` writes over them.
    """
    from .macros import fill_plan, fill_playbook, refill

    path = Path(path)
    _check_target(path)
    port = open_book(path)
    a = {"all": refill, "plan": fill_plan, "playbook": fill_playbook}[what](port, force)
    save_atomically(port.wb, path)
    return a
