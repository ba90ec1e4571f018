"""Build planner workbooks headlessly, and read a saved workbook's inputs back.

build_workbook(assumptions, "plan.xlsx")      # or .xlsm: macro-enabled, on xlwings' quickstart
read_assumptions("plan.xlsx")                 # the inputs as the file holds them now
regenerate()                                  # the committed workbook/ and templates/
"""

from __future__ import annotations

import codecs
import gc
import importlib.util
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException

from .actuals import Actuals
from .assumptions import Assumptions, default_assumptions
from .atomic import check_writable, write_atomically
from .errors import WorkbookError
from .layout import UserState, planner_layout
from .plan import Finding, build_plan

__all__ = [
    "QUICKSTART",
    "UDF_MODULE",
    "build_workbook",
    "committed_workbooks",
    "fill_workbook",
    "open_book",
    "quickstart_path",
    "read_actuals",
    "read_assumptions",
    "read_assumptions_and_row_findings",
    "regenerate",
    "vba_finding",
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
        raise WorkbookError(
            "xlwings",
            "the xlwings package is not installed; it provides the .xlsm base (pip install 'xl-aiteam[excel]', or build an .xlsx)",
            code="no_xlwings",
        )
    path = Path(next(iter(found.submodule_search_locations))) / QUICKSTART
    if not path.is_file():
        raise WorkbookError(str(path), "the xlwings quickstart workbook is missing from the xlwings package", code="no_quickstart")
    return path


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Python's cycle collector paused while a workbook is built or refilled, then as it was.

    A build makes a few million objects (the layout's cells, openpyxl's cells and styles) that all
    stay alive until the file is written: each pass of the collector walks them again and frees
    nothing, about a quarter of a 500-position build. Memory is freed by reference counting as
    before; garbage in cycles waits until the end, so tracemalloc's peak of a stage 3 build rose
    (37 to 84 MiB) while the 500-position one stayed (223 to 215 MiB). The pause is process-wide
    while the block runs."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _check_target(path: Path) -> None:
    """Refuse a target before any work is done (the write checks again)."""
    if path.suffix.lower() not in SUFFIXES:
        raise WorkbookError(str(path), "a planner workbook must be .xlsx or .xlsm", code="bad_suffix")
    check_writable(path)


def save_atomically(wb: Any, path: Path, reproducible: bool = False) -> None:
    """Write beside the target, then rename: a failure leaves the old file as it was.

    ``reproducible``: the same workbook gives the same bytes (fixed zip timestamps and
    modification date), so a rebuilt committed workbook changes only when its content does.
    """
    check_writable(path)
    made = io.BytesIO()  # the whole file is made before anything is written
    if reproducible:
        _save_reproducibly(wb, made)
    else:
        wb.save(made)
    write_atomically(path, made.getvalue())


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


def _save_reproducibly(wb: Any, target: Any) -> None:
    """openpyxl's save, less its "modified: now" stamp, into a zip with fixed entry times."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.modified = wb.properties.created
    ExcelWriter(wb, _FixedTimeZip(target, "w", zipfile.ZIP_DEFLATED, allowZip64=True)).save()


def build_workbook(assumptions: Assumptions | None, out: str | Path, *, reproducible: bool = False) -> Path:
    """Write the planner for ``assumptions`` to ``out`` (.xlsx, or .xlsm with the xlwings VBA).

    The file is stamped with the time it was made; ``reproducible`` (the committed workbooks)
    stamps a fixed time instead, so the same inputs give the same bytes.
    """
    path = Path(out)
    _check_target(path)
    with _no_cycle_collection():
        return _build(assumptions, path, reproducible)


def _build(assumptions: Assumptions | None, path: Path, reproducible: bool) -> Path:
    from .adapters.openpyxl_book import render

    plan = build_plan(assumptions or default_assumptions())
    spec = planner_layout(plan, UserState(), made=datetime(*FIXED_TIME) if reproducible else None)
    macro = path.suffix.lower() == ".xlsm"
    wb = render(
        spec,
        base=quickstart_path() if macro else None,
        xlwings_conf={"UDF Modules": UDF_MODULE} if macro else None,
        made=datetime(*FIXED_TIME) if reproducible else None,
    )
    try:
        save_atomically(wb, path, reproducible=reproducible)
    finally:
        _close_vba(wb)
    return path


def _close_vba(wb: Any) -> None:
    """Close the in-memory zip openpyxl keeps a macro workbook's VBA parts in (``keep_vba``), once the
    workbook is written. openpyxl never closes it: left to the collector, its buffer can be closed
    before it is, and Python reports "Exception ignored in ZipFile.__del__" on stderr."""
    archive = getattr(wb, "vba_archive", None)
    if archive is not None:
        archive.close()


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
    # read once: the bytes checked are the bytes parsed, and no file handle is left open on failure
    data = _read_file(path)
    _check_zip(path, data)
    try:
        with _checked_parts_parse_in_c():
            wb = load_workbook(io.BytesIO(data), keep_vba=path.suffix.lower() == ".xlsm", keep_links=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, EOFError, SyntaxError) as exc:
        # SyntaxError: XML that does not parse (lxml's XMLSyntaxError and ElementTree's ParseError)
        raise WorkbookError(str(path), f"is not a readable Excel workbook ({exc.__class__.__name__})", code="not_a_workbook") from None
    except DefusedXmlException:
        raise WorkbookError(
            str(path), "holds XML with entity declarations, which a workbook never needs; it was not read", code="xml_bomb"
        ) from None
    return OpenpyxlBook(wb, path.name)


@contextmanager
def _checked_parts_parse_in_c() -> Iterator[None]:
    """openpyxl reads sheets and strings with the C ElementTree parser while the block runs.

    Where defusedxml is installed, openpyxl streams every sheet through defusedxml's
    ``iterparse``, which runs ElementTree's pure-Python parser: reading a 500-position workbook
    took about twice as long. ``_check_zip`` has already refused any part that declares a
    DOCTYPE or an entity, in whatever encoding a parser would read it, so there is nothing
    left for defusedxml to refuse in these bytes; the C parser reads them the same way.
    """
    from xml.etree.ElementTree import iterparse

    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    modules = (_reader, strings)
    before = [module.iterparse for module in modules]
    for module in modules:
        module.iterparse = iterparse
    try:
        yield
    finally:
        for module, original in zip(modules, before, strict=True):
            module.iterparse = original


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_UNPACKED:
            limit = MAX_UNPACKED // 2**20
            problem = f"is {size / 2**20:,.0f} MB, more than any planner workbook ({limit} MB at most)"
            raise WorkbookError(str(path), problem, code="too_large")
        return path.read_bytes()
    except WorkbookError:
        raise
    except OSError as exc:
        raise WorkbookError(str(path), f"cannot be read ({exc.strerror or exc.__class__.__name__})", code="unreadable") from None


def _check_zip(path: Path, data: bytes) -> None:
    """Refuse what is not a zip, a truncated zip, and a zip bomb, before openpyxl unpacks anything."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            _check_members(path, z)
    except WorkbookError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError):
        raise WorkbookError(str(path), "is not an Excel workbook (not a complete .xlsx/.xlsm zip file)", code="not_a_workbook") from None


def _check_members(path: Path, z: zipfile.ZipFile) -> None:
    infos = z.infolist()
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    # the whole, or any one member: a bomb hidden beside a real workbook's parts is refused too
    swollen = any(i.file_size > 10 * 2**20 and i.file_size / (i.compress_size or 1) > MAX_RATIO for i in infos)
    if total > MAX_UNPACKED or swollen or (total > 10 * 2**20 and total / packed > MAX_RATIO):
        raise WorkbookError(
            str(path), f"would unpack to {total / 2**20:,.0f} MB from {packed / 2**20:,.1f} MB: refused as a zip bomb", code="zip_bomb"
        )
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise WorkbookError(str(path), "is a zip file but not an Excel workbook (no xl/workbook.xml)", code="not_a_workbook")
    # a workbook's XML never declares a DOCTYPE or entities (text holding them is escaped): refuse
    # entity bombs outright, whichever parser would meet them. Every member is looked at, XML or
    # not by its name, in the encoding a parser would read it in.
    for info in infos:
        found = xml_problem(z.read(info))
        if found:
            code, problem = found
            raise WorkbookError(str(path), f"{info.filename} {problem}; it was not read", code=code)


# XML 1.0 Appendix F: a byte order mark, else the first four bytes, tell how to read the
# declaration, which may name the encoding further. "2143" and "3412": UCS-4 in its unusual octet orders.
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),  # not UTF-16 LE then U+0000, which XML never holds
    (b"\x00\x00\xff\xfe", "2143"),
    (b"\xfe\xff\x00\x00", "3412"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xef\xbb\xbf", "utf-8"),
)
_FIRST = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00<\x00", "2143"),
    (b"\x00<\x00\x00", "3412"),
    (b"\x00<", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x4c\x6f\xa7\x94", "cp037"),  # EBCDIC: the declaration names which
)
_DECLARATION = re.compile(r"<\?xml\s[^>]*?\bencoding\s*=\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']")
_DTD_BYTES = re.compile(rb"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_DTD = re.compile(r"<!(?:DOCTYPE|ENTITY)", re.IGNORECASE)


def _ucs4_be(data: bytes, order: str) -> bytes:
    """UCS-4 in octet order 2143 or 3412 as big-endian (1234)."""
    data = data[: len(data) - len(data) % 4]
    out = bytearray(len(data))
    for target, source in enumerate("1234"):
        out[target::4] = data[order.index(source) :: 4]
    return bytes(out)


def xml_text(data: bytes) -> str | None:
    """An XML part's text as a parser reads it: the encoding from the byte order mark or the
    first bytes and the declaration (XML 1.0 Appendix F). None: it names an encoding Python
    cannot read. Bytes no parser would accept as text are replaced, not refused."""
    family, start = next(((enc, len(bom)) for bom, enc in _BOMS if data.startswith(bom)), (None, 0))
    if family is None:
        family = next((enc for first, enc in _FIRST if data.startswith(first)), "utf-8")
    if family in ("2143", "3412"):
        data, family = _ucs4_be(data[start:], family), "utf-32-be"
        start = 0
    encoding = family
    if not start and family in ("utf-8", "cp037"):  # only then may the declaration choose the encoding
        declared = _DECLARATION.match(data[:400].decode(family, errors="replace"))
        if declared:
            try:
                encoding = codecs.lookup(declared[1]).name
            except LookupError:
                return None
    try:
        return data[start:].decode(encoding, errors="replace")
    except LookupError:  # a codec of bytes to bytes (base64, zlib...), not a text encoding
        return None


def xml_problem(data: bytes) -> tuple[str, str] | None:
    """Why a zip member must not be parsed, as (code, problem), or None: a DOCTYPE or ENTITY
    declaration in any encoding XML allows, or an encoding that cannot be checked. The bytes
    are searched too, in case a parser trusts them over a declaration that contradicts them."""
    if _DTD_BYTES.search(data):
        return _ENTITIES
    text = xml_text(data)
    if text is None:
        return ("not_a_workbook", "is XML in an encoding no spreadsheet application writes")
    return _ENTITIES if _DTD.search(text) else None


_ENTITIES = ("xml_bomb", "declares XML entities, which a workbook never needs")


def read_assumptions(path: str | Path) -> Assumptions:
    """The inputs of a planner workbook (named ranges, role and GPU tables, Staffing rows)."""
    from .macros import read_assumptions_from

    return read_assumptions_from(open_book(path))


def read_assumptions_and_row_findings(path: str | Path) -> tuple[Assumptions, list[Finding]]:
    """The inputs of a planner workbook, with each Staffing row the model cannot plan (a role it
    does not know, a level without a salary) left out and returned as a finding, as the Checks
    sheet flags it (``xl_aiteam.bad_rows``). Any other bad value refuses the file, as
    ``read_assumptions`` does."""
    from .bad_rows import read_with_findings, row_findings
    from .macros import check_structure, read_inputs

    port = open_book(path)
    check_structure(port)
    a, bad = read_with_findings(port, read_inputs(port))
    return a, row_findings(bad)


def read_actuals(path: str | Path) -> tuple[Assumptions, Actuals]:
    """The inputs and the Actuals sheet of a planner workbook (no actuals when it has no such sheet yet)."""
    from .layout.sheets.actuals import read
    from .macros import read_assumptions_from

    port = open_book(path)
    return read_assumptions_from(port), read(port)


VBA_PART = "xl/vbaProject.bin"
VBA_CHANGED = "vba_changed"  # a finding of `aiteam check`, not an error code


def vba_finding(path: str | Path) -> Finding | None:
    """A warning when an .xlsm's VBA project is not the one the planner ships (xlwings'
    quickstart's, byte for byte): an application re-wrote it (LibreOffice rewrites every module),
    so its macros may not run. None for an .xlsx, or without xlwings to compare with."""
    path = Path(path)
    if path.suffix.lower() != ".xlsm":
        return None
    try:
        with zipfile.ZipFile(quickstart_path()) as z:
            shipped = z.read(VBA_PART)
    except WorkbookError:
        return None
    with zipfile.ZipFile(path) as z:
        found = z.read(VBA_PART) if VBA_PART in z.namelist() else None
    if found == shipped:
        return None
    from importlib.metadata import version

    what = "holds no VBA project" if found is None else "holds a VBA project that is not the one the planner ships"
    return Finding(
        code=VBA_CHANGED,
        severity="warning",
        message=(
            f"{path.name} {what} (xlwings {version('xlwings')}'s): an application re-wrote it on saving, "
            "so its macros (RunPython, SampleCall) may not run"
        ),
        fix=(
            f"aiteam build --assumptions {path} --out {path.with_name(path.stem + '-new.xlsm')} makes the workbook again with the "
            "shipped VBA and these inputs; copy over anything else you added"
        ),
    )


def fill_workbook(path: str | Path, what: str = "all", *, force: bool = False) -> Assumptions:
    """Refill a saved workbook in place from the model (``what``: all, plan or playbook).

    The file is written atomically: if anything fails, it is left byte for byte as it was. Where
    the new plan needs cells a user has filled, it refuses; ``force`` writes over them.
    """
    from .macros import fill_plan, fill_playbook, refill

    path = Path(path)
    _check_target(path)
    with _no_cycle_collection():
        port = open_book(path)
        try:
            a = {"all": refill, "plan": fill_plan, "playbook": fill_playbook}[what](port, force)
            save_atomically(port.wb, path)
        finally:
            _close_vba(port.wb)
    return a
