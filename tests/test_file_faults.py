"""A user's workbook, damaged every way we could think of: `aiteam check` and `aiteam fill` give one
clear line and exit 2, and the file is left byte for byte as it was. Writes are atomic
(tests/test_atomic_write.py)."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam.cli import main
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.workbook import committed_workbooks

from .excel_truth import input_cell as _named

XLSM = next(p for p in committed_workbooks() if p.suffix == ".xlsm")
STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)


def _edit(fn: Callable[[Any], None]) -> Callable[[Path], None]:
    def apply(path: Path) -> None:
        wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
        fn(wb)
        wb.save(path)

    return apply


def _truncate(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _not_a_workbook(path: Path) -> None:
    path.write_text("Quarterly plan\nthis is a text file someone renamed\n")


def _zip_not_xlsx(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("notes.txt", "a zip, but no workbook inside")


def _zip_bomb(path: Path) -> None:
    """A valid workbook's parts plus one member that unpacks to 64 MB of zeros from a few KB."""
    with zipfile.ZipFile(STAGE2) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            z.writestr(item, src.read(item.filename))
        with z.open("xl/media/padding.bin", "w") as member:
            block = b"\0" * 2**20
            for _ in range(64):
                member.write(block)


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
)


def _rewrite(path: Path, part: str, make: Callable[[str], bytes], rename: str | None = None) -> None:
    """The stage-2 workbook with one XML part's text (its declaration taken off) re-made by ``make``;
    ``rename``: the part moves to that name, and the relationship pointing to it follows."""
    with zipfile.ZipFile(STAGE2) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            data = src.read(item.filename)
            name = item.filename
            if name == part:
                data = make(re.sub(r"^<\?xml[^>]*\?>", "", data.decode("utf-8")))
                name = rename or name
            elif rename and name.endswith(".rels"):
                data = data.replace(f'"/{part}"'.encode(), f'"/{rename}"'.encode())
                data = data.replace(f'"{Path(part).name}"'.encode(), f'"{Path(rename).name}"'.encode())
            z.writestr(zipfile.ZipInfo(name, item.date_time), data, zipfile.ZIP_DEFLATED)


def xml_in(codec: str, bom: bytes = b"", declared: str | None = None, *, dtd: str = LAUGHS) -> Callable[[str], bytes]:
    """A part's text with ``dtd`` in front, encoded with ``codec``, after ``bom`` and a declaration naming ``declared``."""

    def make(text: str) -> bytes:
        declaration = f'<?xml version="1.0" encoding="{declared}"?>' if declared else ""
        return bom + (declaration + dtd + text).encode(codec)

    return make


# every encoding XML 1.0 Appendix F tells apart, as a byte order mark or as the first bytes and a declaration
ENCODINGS: dict[str, Callable[..., Callable[[str], bytes]]] = {
    "UTF-8": lambda **k: xml_in("utf-8", b"", "UTF-8", **k),
    "UTF-8 with BOM": lambda **k: xml_in("utf-8", b"\xef\xbb\xbf", "UTF-8", **k),
    "UTF-16 LE with BOM": lambda **k: xml_in("utf-16-le", b"\xff\xfe", "UTF-16", **k),
    "UTF-16 BE with BOM": lambda **k: xml_in("utf-16-be", b"\xfe\xff", "UTF-16", **k),
    "UTF-16 LE, no BOM, declared": lambda **k: xml_in("utf-16-le", b"", "UTF-16", **k),
    "UTF-16 BE, no BOM, declared": lambda **k: xml_in("utf-16-be", b"", "UTF-16", **k),
    "UTF-32 LE with BOM": lambda **k: xml_in("utf-32-le", b"\xff\xfe\x00\x00", "UTF-32", **k),
    "UTF-32 BE with BOM": lambda **k: xml_in("utf-32-be", b"\x00\x00\xfe\xff", "UTF-32", **k),
}


def _bomb(part: str, encoding: str, rename: str | None = None) -> Callable[[Path], None]:
    return lambda path: _rewrite(path, part, ENCODINGS[encoding](), rename)


def _unknown_encoding(path: Path) -> None:
    _rewrite(path, "xl/workbook.xml", xml_in("utf-8", declared="x-made-up", dtd=""))


def _not_well_formed(path: Path) -> None:
    _rewrite(path, "xl/workbook.xml", lambda text: text[: len(text) // 2].encode())


def _move_columns(wb: Any) -> None:
    wb[SHEET["staffing"]].move_range("A4:P20", cols=2)


def _text_in_number(wb: Any) -> None:
    _named(wb, "LoadedMultiplier").value = "one point three"


def _bad_staffing_value(wb: Any) -> None:
    wb[SHEET["staffing"]].cell(6, STAFFING_COLUMNS["fte"]).value = -1


def _unknown_employment(wb: Any) -> None:
    # (an unknown role is no fault: `aiteam check` takes it as a finding, as the Checks sheet does; tests/test_bad_rows.py)
    wb[SHEET["staffing"]].cell(5, STAFFING_COLUMNS["employment"]).value = "freelance"


FAULTS: list[tuple[str, Callable[[Path], None], str]] = [
    ("sheet deleted", _edit(lambda wb: wb.remove(wb[SHEET["budget"]])), "sheet Budget is missing or renamed"),
    ("sheet renamed", _edit(lambda wb: setattr(wb[SHEET["staffing"]], "title", "People")), "sheet Staffing is missing or renamed"),
    ("named range gone", _edit(lambda wb: wb.defined_names.pop("LoadedMultiplier")), "named range LoadedMultiplier is missing"),
    ("table columns moved", _edit(_move_columns), "columns were moved"),
    ("text in a number input", _edit(_text_in_number), "loaded_multiplier = 'one point three' is not allowed: must be a number"),
    ("negative FTE on Staffing", _edit(_bad_staffing_value), "Staffing row 6 fte = -1"),
    ("unknown employment on Staffing", _edit(_unknown_employment), "Staffing row 5 employment = 'freelance'"),
    ("truncated file", _truncate, "not an Excel workbook"),
    ("not a workbook", _not_a_workbook, "not an Excel workbook"),
    ("a zip that is no workbook", _zip_not_xlsx, "no xl/workbook.xml"),
    ("zip bomb", _zip_bomb, "refused as a zip bomb"),
    *[(f"XML entity bomb, {enc}", _bomb("xl/workbook.xml", enc), "xl/workbook.xml declares XML entities") for enc in ENCODINGS],
    (
        "XML entity bomb in a .rels part",
        _bomb("xl/_rels/workbook.xml.rels", "UTF-16 LE with BOM"),
        "workbook.xml.rels declares XML entities",
    ),
    (
        "XML entity bomb in a sheet not named .xml",
        _bomb("xl/worksheets/sheet2.xml", "UTF-16 BE with BOM", rename="xl/worksheets/sheet2.dat"),
        "sheet2.dat declares XML entities",
    ),
    ("XML in an encoding no application writes", _unknown_encoding, "xl/workbook.xml is XML in an encoding"),
    ("XML cut off half-way", _not_well_formed, "not a readable Excel workbook"),
]


@pytest.mark.parametrize("command", ["check", "fill"])
@pytest.mark.parametrize(("fault", "damage", "needle"), FAULTS, ids=[f[0] for f in FAULTS])
def test_a_damaged_workbook_gets_one_clear_line_and_is_left_untouched(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: str, fault: str, damage: Callable[[Path], None], needle: str
) -> None:
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    damage(path)
    before = path.read_bytes()
    code = main([command, str(path)])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert needle in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert path.read_bytes() == before, "the file was changed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.xlsx"], "a temporary file was left behind"


@pytest.mark.parametrize(
    ("part", "rename"),
    [("xl/workbook.xml", None), ("xl/_rels/workbook.xml.rels", None), ("xl/worksheets/sheet2.xml", "xl/worksheets/sheet2.dat")],
    ids=["workbook.xml", "rels", "sheet not named .xml"],
)
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_the_same_parts_without_a_dtd_are_read(tmp_path: Path, encoding: str, part: str, rename: str | None) -> None:
    """The control for the entity bombs above: each encoding, as written there, is one a parser
    reads, so it is the declaration that is refused, not the encoding."""
    from xl_aiteam.errors import WorkbookError
    from xl_aiteam.workbook import read_assumptions

    path = tmp_path / "plan.xlsx"
    _rewrite(path, part, ENCODINGS[encoding](dtd=""), rename)
    if encoding.startswith("UTF-32") and "sheet" in part:  # openpyxl parses sheets with expat, which reads no UTF-32
        with pytest.raises(WorkbookError, match=r"not a readable Excel workbook \(ParseError\)"):
            read_assumptions(path)
    else:
        assert read_assumptions(path).stage == 2


def test_the_readme_quotes_the_number_of_faults() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert f"<!-- faults -->{len(FAULTS)}<!-- /faults -->" in readme, f"README's count of workbook faults should be {len(FAULTS)}"


def test_a_workbook_open_in_excel_is_reported_not_overwritten(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = Path(shutil.copy(XLSM, tmp_path / "plan.xlsm"))
    (tmp_path / "~$plan.xlsm").write_bytes(b"owner")
    before = path.read_bytes()
    assert main(["fill", str(path)]) == 2
    assert "open in Excel" in capsys.readouterr().err
    assert path.read_bytes() == before


# --- text from users is text -------------------------------------------------------------------

INJECTIONS = ['=HYPERLINK("http://example.invalid","click")', "+1+1", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0"]


def test_user_text_that_looks_like_a_formula_is_written_as_text(tmp_path: Path) -> None:
    from xl_aiteam import parse_assumptions
    from xl_aiteam.workbook import build_workbook, fill_workbook

    team = [
        {"role": "ml_engineer", "level": "senior", "fte": 1, "label": INJECTIONS[0], "notes": INJECTIONS[1]},
        {"role": "data_scientist", "level": "mid", "fte": 1, "label": INJECTIONS[2], "notes": INJECTIONS[3]},
        {"role": "domain_expert", "level": "senior", "fte": 0.5, "employment": "internal", "label": INJECTIONS[4]},
    ]
    path = build_workbook(parse_assumptions({"team": team}), tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    _named(wb, "Currency")  # the inputs still resolve
    playbook = wb[SHEET["playbook"]]
    playbook.cell(5, 7).value = "=1+2"  # a user types an owner that starts with =
    playbook.cell(5, 7).data_type = "s"
    wb.save(path)
    fill_workbook(path)
    wb = load_workbook(path)
    staffing = wb[SHEET["staffing"]]
    cells = [
        staffing.cell(5 + i, STAFFING_COLUMNS[key]) for i, key in ((0, "label"), (0, "notes"), (1, "label"), (1, "notes"), (2, "label"))
    ]
    assert [c.value for c in cells] == INJECTIONS
    assert all(c.data_type == "s" for c in cells)
    assert wb[SHEET["playbook"]].cell(5, 7).value == "=1+2" and wb[SHEET["playbook"]].cell(5, 7).data_type == "s"


# --- the .xlsm carries only the xlwings module and the documented macro ------------------------

DOCUMENT_MODULES = {"ThisWorkbook", "Sheet1", "Sheet2"}  # the workbook and its two sheets from the quickstart
# xlwings' VBA (its module and the Dictionary class it ships for macOS), and SampleCall, which runs main() (README)
CODE_MODULES = {"xlwings", "Dictionary", "Module1"}


def test_the_xlsm_holds_only_the_xlwings_module_and_the_documented_macro() -> None:
    from oletools.olevba import VBA_Parser

    parser = VBA_Parser(str(XLSM))
    try:
        modules = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
        suspicious = [kw for kind, kw, _ in parser.analyze_macros() if kind == "AutoExec"]
    finally:
        parser.close()
    assert set(modules) == DOCUMENT_MODULES | CODE_MODULES
    assert "github.com/timhall/VBA-Dictionary" in modules["Dictionary"]
    assert 'Attribute VB_Name = "xlwings"' in modules["xlwings"] and "Function RunPython(" in modules["xlwings"]
    assert suspicious == [], "no macro may run on open"
    sample = modules["Module1"]
    assert "Sub SampleCall()" in sample and 'RunPython "import " & mymodule & ";" & mymodule & ".main()"' in sample
    for name in DOCUMENT_MODULES:
        body = [line for line in modules[name].splitlines() if line.strip() and not line.startswith("Attribute ")]
        assert body == [], f"{name} must hold no code"


def test_a_folder_that_cannot_be_written_is_one_line(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tempfile

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    code = main(["build", "--out", str(tmp_path / "plan.xlsx")])
    err = capsys.readouterr().err
    assert code == 2 and "could not be written (permission denied); nothing was written" in err and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_a_file_larger_than_any_workbook_is_not_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from xl_aiteam import workbook

    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    monkeypatch.setattr(workbook, "MAX_UNPACKED", path.stat().st_size - 1)
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "more than any planner workbook" in err and err.count("\n") == 1


def test_opening_a_workbook_leaves_openpyxl_parsing_through_defusedxml() -> None:
    """The C parser reads only parts the entity check has passed; afterwards openpyxl is as it was."""
    from openpyxl.reader import strings
    from openpyxl.worksheet import _reader

    from xl_aiteam.workbook import open_book

    open_book(Path(__file__).resolve().parents[1] / "templates" / "AITeamPlanner-stage1.xlsx")
    assert _reader.iterparse.__module__ == strings.iterparse.__module__ == "defusedxml.common"
