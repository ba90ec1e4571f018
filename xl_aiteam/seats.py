"""The stage tables as seats: the team a stage, size and product count give, seat by seat.

A *block* is a run of seats that ``plan.default_team`` makes together: a stage's table (its
lines, one seat per person), a stage 3 sub-team (copied once per product when it is per
product), or one of the plan additions. ``team_of`` lays the blocks out in that order and
numbers the seats 1, 2, 3...: it gives the same lines as ``default_team``, each with its
``seat``. The workbook holds the same blocks on its Stage teams sheet, and the generated rows
of Staffing look their seat up there, so changing Stage, Size or Products changes the team
with no Python.

``resolve`` is the read-back side: a Staffing row that follows the stage table holds
formulas, not values, so its role, level, FTE, employment, group and search month are taken
from the seat of the current stage, size and products, except where the user typed a value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args

from .assumptions import Assumptions, SeatField, TeamLine
from .catalog import Catalog, Employment, Level, load_catalog
from .plan import _count, _people

__all__ = [
    "FOLLOWS",
    "MIN_PRODUCTS",
    "Block",
    "Seat",
    "blocks",
    "prepared_seats",
    "reseat",
    "resolve",
    "seated_team",
    "sequence_months",
    "team_of",
]

MIN_PRODUCTS = 3  # a workbook has room for the largest team at this many products at least
# the Staffing cells of a seat row that follow the stage table (formulas) until the user types over them
FOLLOWS: tuple[str, ...] = get_args(SeatField)


@dataclass(frozen=True)
class Seat:
    role: str
    level: Level
    fte: float
    employment: Employment


@dataclass(frozen=True)
class Block:
    stage: int
    size: str
    group: str  # the group its seats carry; a numbered block adds the product's number
    numbered: bool
    per_product: bool  # copied once per product
    seats: tuple[Seat, ...]
    source: str

    def copies(self, products: int) -> int:
        return products if self.per_product else 1


def blocks(stage: int, size: str, catalog: Catalog | None = None) -> list[Block]:
    """A stage's seats at a size point, in blocks, in the order ``default_team`` makes them."""
    catalog = catalog or load_catalog()
    s = catalog.stage(stage)
    out: list[Block] = []
    table = [
        Seat(line.role, Level(line.levels[i % len(line.levels)]), fte, line.employment)
        for line in s.lines
        for i, fte in enumerate(_people(_count(line.count.low, line.count.high, size)))
    ]
    if table:
        out.append(Block(stage, size, f"Stage {s.number} table", False, False, tuple(table), s.source))
    for team in s.sub_teams:
        seats = _people(_count(team.size.low, team.size.high, size))
        places = [team.composition[i % len(team.composition)] for i in range(len(seats))]
        chosen = tuple(Seat(place.role, place.level, fte, Employment.PERMANENT) for place, fte in zip(places, seats, strict=True))
        name = team.name.replace(" (per product)", "")
        out.append(Block(stage, size, name, team.per_product, team.per_product, chosen, team.composition_source))
    for extra in catalog.stages.plan_additions:
        share = extra.fte.get(stage)
        if share:
            seat = Seat(extra.role, extra.level, share, extra.employment)
            out.append(Block(stage, size, "Added to the seed table", False, extra.per_product and stage == 3, (seat,), extra.source))
    return out


def team_of(stage: int, size: str, products: int, catalog: Catalog | None = None) -> list[TeamLine]:
    """The team the seats give, seat by seat (``seat`` 1, 2, 3...): ``default_team``'s lines."""
    lines: list[TeamLine] = []
    for block in blocks(stage, size, catalog):
        for copy in range(block.copies(products)):
            group = f"{block.group} {copy + 1}" if block.numbered else block.group
            for seat in block.seats:
                lines.append(
                    TeamLine(role=seat.role, level=seat.level, fte=seat.fte, employment=seat.employment, group=group, seat=len(lines) + 1)
                )
    return lines


def seated_team(a: Assumptions) -> list[TeamLine]:
    """The team the plan is made of: the user's lines, or the stage's seats (numbered)."""
    return list(a.team) if a.team is not None else team_of(a.stage, a.size, a.products)


def prepared_seats(products: int, catalog: Catalog | None = None) -> int:
    """Staffing rows that follow the stage table: the largest team any stage and size gives at the
    workbook's product count (and at ``MIN_PRODUCTS`` at least), so a switch needs no new rows."""
    n = max(products, MIN_PRODUCTS)
    sizes = ("low", "mid", "high")
    return max(sum(len(b.seats) * b.copies(n) for b in blocks(stage, size, catalog)) for stage in (1, 2, 3) for size in sizes)


def sequence_months(catalog: Catalog | None = None) -> dict[str, list[int]]:
    """Role -> the month the search for its 1st, 2nd, 3rd... person opens (the hiring sequence)."""
    catalog = catalog or load_catalog()
    return {rw.role: [catalog.window(w).start_month for w in rw.windows] for rw in catalog.hiring.role_windows}


def _seats(stage: Any, size: Any, products: Any) -> list[TeamLine]:
    """The team of a stage, size and product count as read (any value), seat by seat; none when they
    are not a stage, a size point and a whole number (the inputs' own check names them)."""
    valid = stage in (1, 2, 3) and size in ("low", "mid", "high") and isinstance(products, int) and not isinstance(products, bool)
    return team_of(stage, size, max(1, min(products, 20))) if valid else []


def resolve(rows: list[dict[str, Any]], stage: Any, size: Any, products: Any) -> list[dict[str, Any]]:
    """Staffing rows as read back, with every cell that follows the stage table (``follows``) taken
    from the seat of the current stage, size and products. A seat past the current team is an
    empty row: it is left out, unless the user typed a role into it. Rows are returned in order."""
    team = {line.seat: line for line in _seats(stage, size, products)}
    out = []
    for row in rows:
        follows = row.setdefault("follows", [])  # kept: a scenario of another size moves these cells too (``reseat``)
        seat = row.get("seat")
        line = team.get(seat)
        if follows and line is None:  # an empty seat row: the cells the user typed, if any role
            row.update({key: (None if key != "group" else "") for key in follows})
            if row["role"] in (None, ""):
                continue
        elif line is not None:
            known = line.model_dump(mode="json")
            for key in follows:
                row[key] = known[key]  # search_month: None, the hiring sequence's month, as the formula
        out.append(row)
    # a row the user added has no ID yet: the next free one, past every ID on the sheet (empty seat rows' too,
    # so a seat the team grows into later never shares its ID)
    taken = {str(row["id"]) for row in rows if row.get("id")}
    width = max(2, len(str(len(rows))))
    numbers = (f"P{n:0{width}d}" for n in range(1, 10 * len(rows) + 2))
    for row in out:
        if not row.get("id"):
            row["id"] = next(n for n in numbers if n not in taken)
            taken.add(row["id"])
    return out


def reseat(team: list[dict[str, Any]], stage: Any, size: Any, products: Any) -> list[dict[str, Any]]:
    """A team's lines (as ``TeamLine.model_dump`` gives them) at another stage, size or product count,
    as the workbook's rows show it when a scenario changes Size: every cell that follows a seat takes
    the seat's value there, a seat the team no longer has is left out (unless a user typed its role),
    and the seats it now has beyond the rows are added after the last row with a seat, where the
    workbook's empty seat rows are. A team of the user's own (no line follows a seat) is unchanged."""
    rows = [{**row, "follows": list(row.get("follows") or [])} for row in team]
    seated = [i for i, row in enumerate(rows) if row.get("seat") and row["follows"]]
    now = _seats(stage, size, products)
    if not seated or not now:
        return rows
    have = {row.get("seat") for row in rows}
    taken = {str(row["id"]) for row in rows if row.get("id")}
    width = max(2, len(str(len(rows))))
    more = []
    for line in now:
        if line.seat in have:
            continue
        pid = f"P{line.seat:0{width}d}"  # the ID the workbook's empty seat row shows
        more.append({**line.model_dump(mode="json"), "id": "" if pid in taken else pid, "follows": list(FOLLOWS)})
    cut = seated[-1] + 1
    return resolve([*rows[:cut], *more, *rows[cut:]], stage, size, products)
