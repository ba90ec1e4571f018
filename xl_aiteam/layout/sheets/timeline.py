"""Hiring timeline: a month grid per position, S (search), R (ramp-up), O (on board), coloured."""

from __future__ import annotations

from ...plan import Position
from ...playbook import month_states
from ..a1 import col
from ..common import title
from ..context import Context
from ..months import FIRST, LAST, month_start, timeline_header
from ..spec import Cell, CondFormat, Formula, SheetSpec
from .staffing import StaffingRows

__all__ = ["GRID", "TITLE", "build"]

TITLE = "Hiring timeline"
GRID = {"search": "S", "ramp-up": "R", "on board": "O"}


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"{col(FIRST)}11", tab_color="00B050", zoom=90)
    title(s, "Hiring timeline", "S = search open, R = ramping up, O = on board and productive. Months as on the Budget sheet.")
    t = timeline_header(s, 4, False, ctx.figures)
    staff = ctx.need(StaffingRows)
    states = dict(zip((p.id for p in ctx.plan.positions), month_states(ctx.plan), strict=True))
    head = 10
    headers = ["Position", "Role", "Level", "FTE", "Search opens", "Start month", "Productive from", "End month", "Start date"]
    for c, text in enumerate(headers, start=1):
        s.put(head, c, text, "header")
    positions: list[Position | None] = staff.slot_positions(ctx.plan.positions)
    columns = [(c, f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}") for c in range(FIRST, LAST + 1)]  # once, not per row
    search, ramp, on_board = GRID["search"], GRID["ramp-up"], GRID["on board"]
    for i, p in enumerate(positions):
        r = head + 1 + i
        k = f"ROWS($A${head + 1}:$A{r})"  # slot k: row k of the Staffing table
        role = staff.column("role")
        s.put(
            r,
            2,
            Formula(f'=IF({k}>ROWS({role}),"",IF(INDEX({staff.column("in_plan")},{k})<>1,"",INDEX({role},{k})))'),  # out of the plan: blank
            "link",
            cached="" if p is None else p.role_name,
        )
        for c, key, fmt, cached in (
            (1, "id", None, None if p is None else p.id),
            (3, "level", None, None if p is None else p.level.value),
            (4, "fte", "fte", None if p is None else p.fte),
            (5, "search_opens", "int", None if p is None else p.search_opens),
            (6, "start_month", "int", None if p is None else p.start_month),
            (7, "productive_month", "int", None if p is None else p.productive_month),
            (8, "end_month", "int", None if p is None else p.end_month),
            (9, "start_date", "date", None if p is None else month_start(ctx.a.start_date, p.start_month)),
        ):
            value = f"INDEX({staff.column(key)},{k})"
            f = f'=IF($B{r}="","",IF({value}="","",{value}))'
            s.put(r, c, Formula(f), "link", fmt, cached="" if cached is None else cached)
        seen = states[p.id][: ctx.a.horizon_months] if p is not None else []
        cells = s.cells
        for j, (c, m, on) in enumerate(columns):
            f = (
                f'=IF(OR($B{r}="",{on}=0,{m}<$E{r},AND(N($H{r})>0,{m}>$H{r})),"",IF({m}<$F{r},"{search}",'
                f'IF({m}<$G{r},"{ramp}","{on_board}")))'
            )
            cells[(r, c)] = Cell(Formula(f), "calc", None, GRID.get(seen[j], "") if j < len(seen) else "")
    last = head + staff.slots
    grid = f"{col(FIRST)}{head + 1}:{col(LAST)}{last}"
    s.cond_formats += [
        CondFormat(grid, GRID["search"], "FFE699", "7F6000"),
        CondFormat(grid, GRID["ramp-up"], "9DC3E6", "1F4E79"),
        CondFormat(grid, GRID["on board"], "A9D08E", "375623"),
    ]
    for c in range(FIRST, LAST + 1):
        s.widths[c] = 9
    s.widths.update({1: 9, 2: 26, 3: 8, 4: 6, 5: 8, 6: 8, 7: 9, 8: 7, 9: 11})
    s.heights[head] = 30
    s.print_area = f"A1:{col(FIRST + ctx.a.horizon_months - 1)}{last}"
    s.print_title_cols = f"A:{col(FIRST - 1)}"
    s.pages_wide = max(1, -(-ctx.a.horizon_months // 24))
    return s
