"""The record of which cells a layout wrote: rectangles that cover exactly those cells, as a
union of ranges in one workbook name per sheet, read back whatever the sheet is called."""

from __future__ import annotations

import random

from openpyxl.workbook.defined_name import DefinedName

from xl_aiteam.adapters.openpyxl_book import OpenpyxlBook, render
from xl_aiteam.layout import SHEET, planner_layout
from xl_aiteam.layout.port import Rewrite, cells_in, footprint, footprint_names, outside, rectangles
from xl_aiteam.plan import build_plan
from xl_aiteam.workbook import committed_workbooks, read_assumptions

STAGE1 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 1)


def test_rectangles_cover_exactly_the_cells() -> None:
    rng = random.Random(15)
    for _ in range(200):
        cells = {(rng.randint(1, 12), rng.randint(1, 9)) for _ in range(rng.randint(0, 60))}
        areas = rectangles(cells)
        assert cells_in(areas) == cells
        assert sum((r2 - r1 + 1) * (c2 - c1 + 1) for r1, c1, r2, c2 in areas) == len(cells)  # no overlaps
        cut = rectangles({(rng.randint(1, 12), rng.randint(1, 9)) for _ in range(20)})
        assert cells_in(outside(areas, cut)) == cells - cells_in(cut)


def test_the_record_reads_back_for_any_sheet_name() -> None:
    spec = planner_layout(build_plan(read_assumptions(STAGE1)))
    sheet = spec.sheet(SHEET["timeline"])
    sheet.name = "Q1, 'draft' plan"
    names = footprint_names([sheet])
    wb = render(spec)
    wb.create_sheet(sheet.name)
    for name, target in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=target)
    assert footprint(OpenpyxlBook(wb, "x.xlsx"), sheet.name) == set(sheet.cells)
    assert all(len(target) < 4096 for target in footprint_names(spec.sheets).values())  # half of Excel's 8,192 at most


def test_a_rewrite_empties_what_the_old_layout_alone_wrote() -> None:
    spec = planner_layout(build_plan(read_assumptions(STAGE1)))
    sheet = spec.sheet(SHEET["staffing"])
    end = max(r for r, _ in sheet.cells)
    before = set(sheet.cells) | {(r, c) for r in range(end + 1, end + 4) for c in range(1, 26)}  # three more rows, once
    rewrite = Rewrite.of(sheet, before)
    assert cells_in(rewrite.vacated) == before - set(sheet.cells)
    assert cells_in(rewrite.written) == set(sheet.cells)
    assert cells_in(rewrite.claimed) >= before | set(sheet.cells) and rewrite.rows_vacated == [end + 1, end + 2, end + 3]
