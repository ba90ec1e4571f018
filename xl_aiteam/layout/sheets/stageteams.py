"""Stage teams: the seeds' stage tables as seats, and the team the Stage, Size and Products on
Assumptions give now, seat by seat. Staffing's generated rows look their seat up here.

The blocks and seats are constants from the catalog (``seats.blocks``), each with its source;
the live part counts, per block, how many of its seats the current stage, size and products
take (a per-product block once per product) and where they end, so the k-th seat of the team
is found by COUNTIF over those ends: the same order as ``plan.default_team``.
``build`` hands on :class:`StageSeats`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...plan import SIZE_POINTS
from ...seats import Block, blocks, prepared_seats, sequence_months, team_of
from ..a1 import col
from ..common import source_label, title
from ..context import Context
from ..spec import Formula, SheetSpec

__all__ = ["TITLE", "StageSeats", "build"]

TITLE = "Stage teams"
SIZES = ("low", "mid", "high")


@dataclass(frozen=True)
class StageSeats:
    """How many Staffing rows follow the stage table (``prepared``) and the names they look up."""

    prepared: int


def _span(b: Block, stage: int, size: str, products: int) -> int:
    return len(b.seats) * b.copies(products) if (b.stage, b.size) == (stage, size) else 0


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="A4", tab_color="808080", landscape=False)
    a, catalog = ctx.a, ctx.catalog
    title(
        s,
        "Stage teams",
        "The seeds' team tables as seats. Staffing's generated rows follow the seats of the Stage, Size and Products on Assumptions.",
    )
    every = [b for stage in (1, 2, 3) for size in SIZES for b in blocks(stage, size, catalog)]
    team = team_of(a.stage, a.size, a.products, catalog)
    prepared = prepared_seats(a.products, catalog)

    # the team now
    s.put(4, 1, "The team now", "section")
    s.put(4, 2, "", "section")
    for i, (label, formula, cached) in enumerate(
        (("Stage", "=Stage", a.stage), ("Size", "=Size", a.size), ("Products (stage 3)", "=Products", a.products))
    ):
        s.put(5 + i, 1, label, "label")
        s.put(5 + i, 2, Formula(formula), "link", "int" if label != "Size" else None, cached=cached)
    r_blocks = 21  # the blocks table's header; the size points sit above it
    block_first, block_last = r_blocks + 1, r_blocks + len(every)
    s.put(8, 1, "Seats in the team", "label")
    s.put(8, 2, Formula(f"=$I${block_last}"), "calc", "int", cached=len(team))
    ctx.name("TeamSize", s.name, 8, 2)
    s.put(9, 1, "Rows on Staffing that follow the seats", "label")
    s.put(9, 2, prepared, "constant", "int")
    ctx.name("SeatsPrepared", s.name, 9, 2)
    s.put(10, 1, "More seats than rows: the Checks sheet says so, and a refill makes room.", "note")

    # the size points: what Low, Mid and High mean (Start's title and Staffing's note look them up)
    s.put(12, 1, "Size points", "section")
    s.put(12, 2, "", "section")
    s.put(13, 1, "Size", "header")
    s.put(13, 2, "Meaning", "header")
    for i, size in enumerate(SIZES):
        s.put(14 + i, 1, size, "constant_text")
        s.put(14 + i, 2, SIZE_POINTS[size], "constant_text")
    ctx.name("SizePointNames", s.name, 14, 1, 16, 1)
    ctx.name("SizePointTexts", s.name, 14, 2, 16, 2)

    # the blocks: a stage's table, each sub-team, each addition; per stage and size
    s.put(r_blocks - 1, 1, "Stage tables, in blocks (a per-product block is copied once per product)", "section")
    s.put(r_blocks - 1, 2, "", "section")
    heads = ["Stage", "Size", "Group", "Per product", "Group numbered", "Seats", "First seat", "Seats now", "Last seat now", "Source"]
    for c, text in enumerate(heads, start=1):
        s.put(r_blocks, c, text, "header")
    first_seat, ends = 1, 0
    for i, b in enumerate(every):
        r = block_first + i
        span = _span(b, a.stage, a.size, a.products)
        ends += span
        s.put(r, 1, b.stage, "constant", "int")
        s.put(r, 2, b.size, "constant_text")
        s.put(r, 3, b.group, "constant_text")
        s.put(r, 4, "yes" if b.per_product else "", "constant_text")
        s.put(r, 5, "yes" if b.numbered else "", "constant_text")
        s.put(r, 6, len(b.seats), "constant", "int")
        s.put(r, 7, first_seat, "constant", "int")
        now = f'=IF(AND($A{r}=Stage,$B{r}=Size),$F{r}*IF($D{r}="yes",Products,1),0)'
        s.put(r, 8, Formula(now), "calc", "int", cached=span)
        s.put(r, 9, Formula(f"=$H{r}" if i == 0 else f"=$I{r - 1}+$H{r}"), "calc", "int", cached=ends)
        s.put(r, 10, source_label(b.source), "note")
        first_seat += len(b.seats)
    for name, c in (("BlockGroups", 3), ("BlockNumbered", 5), ("BlockSeats", 6), ("BlockFirst", 7), ("BlockSpan", 8), ("BlockEnds", 9)):
        ctx.name(name, s.name, block_first, c, block_last, c)

    # the seats, block by block
    r_seats = block_last + 3
    s.put(r_seats - 1, 1, "Seats (one person each; a half is a part-time seat)", "section")
    s.put(r_seats - 1, 2, "", "section")
    for c, text in enumerate(["Seat", "Stage", "Size", "Group", "Role", "Level", "FTE", "Employment", "Source"], start=1):
        s.put(r_seats, c, text, "header")
    r = r_seats
    for b in every:
        for seat in b.seats:
            r += 1
            s.put(r, 1, r - r_seats, "constant", "int")
            s.put(r, 2, b.stage, "constant", "int")
            s.put(r, 3, b.size, "constant_text")
            s.put(r, 4, b.group, "constant_text")
            s.put(r, 5, catalog.role(seat.role).name, "constant_text")
            s.put(r, 6, seat.level.value, "constant_text")
            s.put(r, 7, seat.fte, "constant", "fte")
            s.put(r, 8, seat.employment.value, "constant_text")
            s.put(r, 9, source_label(b.source), "note")
    for name, c in (("SeatRoles", 5), ("SeatLevels", 6), ("SeatFte", 7), ("SeatEmployment", 8)):
        ctx.name(name, s.name, r_seats + 1, c, r, c)

    # the hiring sequence: the month the search for a role's 1st, 2nd, 3rd... person opens
    r_seq = r + 3
    months = sequence_months(catalog)
    width = max(len(m) for m in months.values())
    s.put(r_seq - 1, 1, "Hiring sequence: the month each search opens, by the role's 1st, 2nd... person", "section")
    s.put(r_seq - 1, 2, "", "section")
    for c, text in enumerate(["Role", "Windows", *[f"Person {n + 1}" for n in range(width)], "Source"], start=1):
        s.put(r_seq, c, text, "header")
    sources = {rw.role: rw.source for rw in catalog.hiring.role_windows}
    for i, (role, starts) in enumerate(months.items()):
        rr = r_seq + 1 + i
        s.put(rr, 1, catalog.role(role).name, "constant_text")
        s.put(rr, 2, len(starts), "constant", "int")
        for j, month in enumerate(starts):
            s.put(rr, 3 + j, month, "constant", "int")
        s.put(rr, 3 + width, source_label(sources[role]), "note")
    r_seq_last = r_seq + len(months)
    ctx.name("SequenceRoles", s.name, r_seq + 1, 1, r_seq_last, 1)
    ctx.name("SequenceCount", s.name, r_seq + 1, 2, r_seq_last, 2)
    ctx.name("SequenceMonths", s.name, r_seq + 1, 3, r_seq_last, 2 + width)

    # the team now, seat by seat: what Staffing's generated rows show
    r_now = r_seq_last + 3
    s.put(r_now - 1, 1, "The team now, seat by seat (blank past the team's size)", "section")
    s.put(r_now - 1, 2, "", "section")
    for c, text in enumerate(["Seat", "Block", "Place in block", "Seat row", "Role", "Level", "FTE", "Employment", "Group"], start=1):
        s.put(r_now, c, text, "header")
    where = _where(every, a.stage, a.size, a.products)
    for k in range(1, prepared + 1):
        rr = r_now + k
        line = team[k - 1] if k <= len(team) else None
        found: tuple[int | str, ...] = where[k - 1] if line is not None else ("", "", "")
        block, place, seat_row = found
        s.put(rr, 1, k, "constant", "int")
        s.put(rr, 2, Formula(f'=IF($A{rr}>TeamSize,"",COUNTIF(BlockEnds,"<"&$A{rr})+1)'), "calc", "int", cached=block)
        place_f = f'=IF($B{rr}="","",$A{rr}-(INDEX(BlockEnds,$B{rr})-INDEX(BlockSpan,$B{rr}))-1)'
        s.put(rr, 3, Formula(place_f), "calc", "int", cached=place)
        seat_f = f'=IF($B{rr}="","",INDEX(BlockFirst,$B{rr})+MOD($C{rr},INDEX(BlockSeats,$B{rr})))'
        s.put(rr, 4, Formula(seat_f), "calc", "int", cached=seat_row)
        for c, name, value, fmt in (
            (5, "SeatRoles", "" if line is None else catalog.role(line.role).name, None),
            (6, "SeatLevels", "" if line is None else line.level.value, None),
            (7, "SeatFte", "" if line is None else line.fte, "fte"),
            (8, "SeatEmployment", "" if line is None else line.employment.value, None),
        ):
            s.put(rr, c, Formula(f'=IF($D{rr}="","",INDEX({name},$D{rr}))'), "calc" if fmt else "text", fmt, cached=value)
        group = (
            f'=IF($B{rr}="","",INDEX(BlockGroups,$B{rr})'
            f'&IF(INDEX(BlockNumbered,$B{rr})="yes"," "&(INT($C{rr}/INDEX(BlockSeats,$B{rr}))+1),""))'
        )
        s.put(rr, 9, Formula(group), "text", cached="" if line is None else line.group)
    last = r_now + prepared
    for name, c in (("TeamNowRole", 5), ("TeamNowLevel", 6), ("TeamNowFte", 7), ("TeamNowEmployment", 8), ("TeamNowGroup", 9)):
        ctx.name(name, s.name, r_now + 1, c, last, c)
    s.widths.update({1: 34, 2: 10, 3: 22, 4: 22, 5: 22, 6: 10, 7: 10, 8: 12, 9: 22, 10: 12})
    s.print_area = f"A1:{col(10)}{last}"
    ctx.hand(StageSeats(prepared))
    return s


def _where(every: list[Block], stage: int, size: str, products: int) -> list[tuple[int, int, int]]:
    """For each seat of the team now: its block (1-based), its place in the block's copies (0-based)
    and its row in the seats table (1-based), as the sheet's formulas find them."""
    out = []
    first = 1
    for i, b in enumerate(every):
        span = _span(b, stage, size, products)
        out += [(i + 1, place, first + place % len(b.seats)) for place in range(span)]
        first += len(b.seats)
    return out
