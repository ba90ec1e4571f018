"""No silent limit on reading: the Staffing table, the playbook and the Compute sheet are read to
their end, however long (a refill once dropped Staffing rows past 2,000 without a word).

Reading is cheap (10,000 Staffing rows: 0.5 s on top of openpyxl's 1.7 s to open the file; a
refill of 2,500 positions about 15 s, nearly all openpyxl loading and saving the cells the plan
makes), so there is no limit to report. Tables are read in blocks to their first blank row, so a
sheet whose used range runs to Excel's last row costs no more than the table.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from xl_aiteam.adapters.openpyxl_book import OpenpyxlBook
from xl_aiteam.cli import main
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS, port
from xl_aiteam.macros import read_inputs
from xl_aiteam.workbook import committed_workbooks, fill_workbook, open_book, read_assumptions

STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)
OLD_LIMIT = 2000
EXCEL_LAST_ROW = 1_048_576


def _long_staffing(path: Path, n: int, *, far_cell: bool = False) -> list[str]:
    """The stage-2 workbook with its Staffing table replaced by ``n`` rows written with openpyxl."""
    wb = load_workbook(STAGE2)
    ws = wb[SHEET["staffing"]]
    ids = [f"X{i:05d}" for i in range(1, n + 1)]
    for i, ident in enumerate(ids):
        line = {"id": ident, "role": "ML engineer", "level": "mid", "fte": 1, "employment": "permanent", "search_month": 1 + i % 12}
        for key, value in line.items():
            ws.cell(5 + i, STAFFING_COLUMNS[key]).value = value
    if far_cell:  # a note at the bottom of the sheet: the used range now runs to Excel's last row
        ws.cell(EXCEL_LAST_ROW, 30).value = "end"
    wb.save(path)
    return ids


def test_every_staffing_row_past_the_old_limit_is_read(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    ids = _long_staffing(path, OLD_LIMIT + 50)
    team = read_assumptions(path).team or []
    assert [line.id for line in team] == ids
    assert main(["check", str(path)]) in (0, 1)  # findings or none, but read whole: no error
    assert "aiteam:" not in capsys.readouterr().err


class _Counting(OpenpyxlBook):
    """Counts the cells a reader asks for."""

    cells = 0

    def values(self, sheet: str, first_row: int, first_col: int, last_row: int, last_col: int) -> list[list[Any]]:
        type(self).cells += (last_row - first_row + 1) * (last_col - first_col + 1)
        return super().values(sheet, first_row, first_col, last_row, last_col)


def test_a_used_range_to_the_last_row_costs_no_more_than_the_table(tmp_path: Path) -> None:
    path = tmp_path / "plan.xlsx"
    ids = _long_staffing(path, 30, far_cell=True)
    book = open_book(path)
    assert book.last_row(SHEET["staffing"]) == EXCEL_LAST_ROW
    counting = _Counting(book.wb, book.label)
    assert [line["id"] for line in read_inputs(counting)["team"]] == ids
    assert _Counting.cells < 10 * port.BLOCK * STAFFING_COLUMNS["notes"], f"{_Counting.cells:,} cells read for a table of 30 rows"


def test_a_refill_keeps_every_row_across_blocks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Blocks of 4 rows: the Staffing table (30 rows), the playbook (its owners and notes) and the
    quick calculator (below row 4 of Compute) all cross block boundaries."""
    monkeypatch.setattr(port, "BLOCK", 4)
    path = tmp_path / "plan.xlsx"
    ids = _long_staffing(path, 30)
    wb = load_workbook(path)
    playbook = wb[SHEET["playbook"]]
    last_item = max(r for r in range(5, playbook.max_row + 1) if playbook.cell(r, 1).value not in (None, ""))
    playbook.cell(last_item, 10).value = "kept across blocks"
    wb.save(path)
    fill_workbook(path)
    assert [line.id for line in read_assumptions(path).team or []] == ids
    after = load_workbook(path)[SHEET["playbook"]]
    assert "kept across blocks" in [after.cell(r, 10).value for r in range(5, after.max_row + 1)]


def test_the_quick_calculator_is_found_below_the_first_block(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from xl_aiteam.layout.sheets import compute

    monkeypatch.setattr(port, "BLOCK", 2)
    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    wb = load_workbook(path)
    ws = wb[SHEET["compute"]]
    title = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == compute.QUICK_TITLE)
    assert title > 2 * port.BLOCK
    ws.cell(title + 1, 3).value = 4321  # the quick calculator's GPU-hours
    wb.save(path)
    assert compute.read(open_book(path))["q_hours"] == 4321
