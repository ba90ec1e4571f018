"""Workbooks a spreadsheet application saved (LibreOffice here, the stand-in for Excel):
`aiteam check` and `aiteam fill` keep every input a user typed, the refilled file recalculates
with no error cell and equals the model, and `aiteam check` says when an application re-wrote
the .xlsm's VBA project."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam.adapters.libreoffice import _convert, recalculate
from xl_aiteam.cli import main
from xl_aiteam.layout import SHEET
from xl_aiteam.layout.sheets import compute as compute_sheet
from xl_aiteam.layout.sheets import playbook as playbook_sheet
from xl_aiteam.workbook import VBA_PART, build_workbook, committed_workbooks, open_book, read_assumptions, vba_finding

from .excel_truth import assert_matches_model, error_cells
from .excel_truth import input_cell as _named
from .test_macros import user_edits

XLSM = next(p for p in committed_workbooks() if p.suffix == ".xlsm")
STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)


def _more_edits(path: Path) -> None:
    """Beyond user_edits: a date, a horizon, a salary in the role table, the quick calculator."""
    user_edits(path)
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    _named(wb, "StartDate").value = date(2027, 3, 1)
    _named(wb, "Horizon").value = 30
    _named(wb, "Attrition").value = 0.15
    table = _named(wb, "SalaryTable")
    table.parent.cell(table.row + 2, table.column + 1).value = 123_456.78
    ws = wb["Compute"]
    title = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == compute_sheet.QUICK_TITLE)
    ws.cell(title + 1, 3).value = 2500
    wb.save(path)


def _inputs(path: Path) -> tuple[dict[str, Any], dict[Any, Any], dict[str, Any]]:
    """Everything a refill reads: the assumptions, the playbook's owners/status/notes, the quick calculator."""
    book = open_book(path)
    return read_assumptions(path).model_dump(), playbook_sheet.read(book), compute_sheet.read(book)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """For each case, the file as the planner wrote it with a user's edits, and the same saved by LibreOffice."""
    src = tmp_path_factory.mktemp("edited")
    out = tmp_path_factory.mktemp("libreoffice")
    edited = {"xlsx": Path(shutil.copy(STAGE2, src / "plan.xlsx")), "xlsm": Path(shutil.copy(XLSM, src / "macros.xlsm"))}
    for path in edited.values():
        _more_edits(path)
    as_xlsx = recalculate(list(edited.values()), out)  # saved by LibreOffice as .xlsx
    vba = out / "vba"
    _convert([edited["xlsm"]], vba, "xlsm:Calc MS Excel 2007 VBA XML", 300)  # and the macro workbook as .xlsm
    return {
        "xlsx": (edited["xlsx"], as_xlsx[0]),
        "xlsm saved as xlsx": (edited["xlsm"], as_xlsx[1]),
        "xlsm saved as xlsm": (edited["xlsm"], vba / "macros.xlsm"),
    }


CASES = ["xlsx", "xlsm saved as xlsx", "xlsm saved as xlsm"]


@pytest.mark.libreoffice
@pytest.mark.parametrize("case", CASES)
def test_check_reads_every_input_of_a_file_libreoffice_saved(
    capsys: pytest.CaptureFixture[str], saved: dict[str, tuple[Path, Path]], case: str
) -> None:
    edited, by_libreoffice = saved[case]
    assert by_libreoffice.is_file() and by_libreoffice.read_bytes() != edited.read_bytes()
    assert _inputs(by_libreoffice) == _inputs(edited)
    assert main(["check", str(by_libreoffice)]) in (0, 1)
    assert capsys.readouterr().err == ""


@pytest.fixture(scope="module")
def filled(saved: dict[str, tuple[Path, Path]], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each LibreOffice-saved file refilled by `aiteam fill`, and that result recalculated in LibreOffice."""
    src = tmp_path_factory.mktemp("filled")
    files = {}
    for n, case in enumerate(CASES):
        _, by_libreoffice = saved[case]
        target = Path(shutil.copy(by_libreoffice, src / f"case{n}{by_libreoffice.suffix}"))
        assert main(["fill", str(target)]) == 0, case
        files[case] = target
    outs = recalculate(list(files.values()), tmp_path_factory.mktemp("filled-recalculated"))
    return {case: (files[case], out) for case, out in zip(CASES, outs, strict=True)}


@pytest.mark.libreoffice
@pytest.mark.parametrize("case", CASES)
def test_fill_keeps_every_input_of_a_file_libreoffice_saved(
    saved: dict[str, tuple[Path, Path]], filled: dict[str, tuple[Path, Path]], case: str
) -> None:
    edited, _ = saved[case]
    want, got = _inputs(edited), _inputs(filled[case][0])
    # the row the user added without an ID is numbered when it is read, past every ID on the sheet
    added = [line["id"] for line in want[0]["team"] if line["seat"] is None]
    assert added == [f"P{_ids(edited) + 1:02d}"]
    assert got == want


@pytest.mark.libreoffice
@pytest.mark.parametrize("case", CASES)
def test_the_refilled_file_recalculates_without_an_error_and_equals_the_model(filled: dict[str, tuple[Path, Path]], case: str) -> None:
    path, recalculated = filled[case]
    wb = load_workbook(recalculated, data_only=True)
    assert error_cells(wb) == []
    assert assert_matches_model(wb, read_assumptions(path))["figures"] > 1000


@pytest.mark.libreoffice
def test_check_says_libreoffice_rewrote_the_vba_project(capsys: pytest.CaptureFixture[str], saved: dict[str, tuple[Path, Path]]) -> None:
    _, by_libreoffice = saved["xlsm saved as xlsm"]
    assert main(["check", str(by_libreoffice)]) == 0  # a warning: the plan itself is fine
    out = capsys.readouterr().out
    assert "WARNING vba_changed: macros.xlsm holds a VBA project that is not the one the planner ships" in out
    assert f"fix: aiteam build --assumptions {by_libreoffice} --out {by_libreoffice.with_name('macros-new.xlsm')}" in out
    # the fix works: the new workbook carries the shipped VBA project and every input
    new = by_libreoffice.with_name("macros-new.xlsm")
    assert main(["build", "--assumptions", str(by_libreoffice), "--out", str(new)]) == 0
    assert vba_finding(new) is None
    want, got = read_assumptions(by_libreoffice).model_dump(), read_assumptions(new).model_dump()
    assert got == want  # the added row was numbered when the file was read, and keeps its ID


def test_the_vba_project_the_planner_ships_passes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    built = build_workbook(None, tmp_path / "new.xlsm")
    for path in (XLSM, built):
        assert vba_finding(path) is None
        main(["check", str(path)])
        assert "vba_changed" not in capsys.readouterr().out
    assert vba_finding(STAGE2) is None


def _ids(path: Path) -> int:
    """How many Staffing rows carry an ID (the empty seat rows' too)."""
    ws = load_workbook(path)[SHEET["staffing"]]
    return sum(1 for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value)


def _rewrite_vba(source: Path, target: Path, data: bytes | None) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            if item.filename != VBA_PART:
                z.writestr(item, src.read(item.filename))
            elif data is not None:
                z.writestr(item, data)
    return target


def test_a_changed_or_missing_vba_project_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with zipfile.ZipFile(XLSM) as z:
        vba = bytearray(z.read(VBA_PART))
    vba[-1] ^= 0xFF  # one byte
    changed = _rewrite_vba(XLSM, tmp_path / "changed.xlsm", bytes(vba))
    missing = _rewrite_vba(XLSM, tmp_path / "missing.xlsm", None)
    for path, what in ((changed, "holds a VBA project that is not the one"), (missing, "holds no VBA project")):
        assert main(["check", str(path)]) == 0
        out = capsys.readouterr().out
        assert f"WARNING vba_changed: {path.name} {what}" in out and "1 finding(s), 0 error(s)" in out
