"""A stamp for figures the model writes as values (not formulas): what made them, when, and a live
check that the inputs they came from are still the ones in the workbook.

Some figures cannot be live formulas (a simulation of thousands of runs); the build and every
refill write them as values. Beside them, ``put_stamp`` writes

* the facts of the run (runs, seed...) and when it was written;
* a signature of the inputs: a copy of each input as the model read it (``Source``), and, for
  each, a live formula that is 1 when the workbook now holds something else (a scalar compared
  exactly; a range compared cell by cell, to the cent where the workbook computes it; a range
  that grew or shrank counts as changed);
* the count of changed inputs under a defined name (``<prefix>Changed``), which the Checks sheet
  turns into a "refill to bring these figures up to date" note, and a digest of the copy
  (``<prefix>Digest``): a refill on unchanged inputs keeps the time the figures were first
  written, so refilling twice gives the same file.

``plan_sources(ctx)`` lists what a plan is made of: every input on Assumptions, the Staffing
columns the plan reads and computes, and the Budget's monthly total (it moves with any price).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import reduce
from typing import Any

from ..money import round_money
from .a1 import area, ref
from .context import Context
from .months import FIRST, MONTHS
from .port import BookPort, named
from .spec import Formula, SheetSpec

__all__ = ["STAMPS", "Source", "StampCells", "digest", "now", "plan_sources", "put_stamp", "read_stamps"]

STAMPS = ("Risk", "Comparison")  # the prefixes of the stamps the sheets write: a refill reads each back first

Grid = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class Source:
    """One input the figures depend on: its label, where it is (a defined name), and its value then."""

    label: str
    ref: str
    values: Grid  # rows x columns, as the workbook holds them when the figures are written
    rounded: bool = False  # compare to the cent (a figure the workbook computes), not exactly
    blank_rows: frozenset[int] = frozenset()  # rows of the copy that are empty seat rows: not inputs, left out of the digest

    @property
    def scalar(self) -> bool:
        return len(self.values) == 1 and len(self.values[0]) == 1


@dataclass(frozen=True)
class StampCells:
    changed: str  # the defined name of the count of changed inputs
    last_row: int  # the last row of the copy of the inputs
    written: datetime  # when the figures were written (kept from before when the inputs did not change)


def _plain(value: Any) -> Any:
    """A value as a cell gives it back: numbers as float, dates as datetimes, empty as None."""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day)
    if value == "":
        return None
    return value


def now() -> datetime:
    """The time a build or refill stamps on new figures: UTC, to the second (tests fix it)."""
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


def digest(sources: list[Source], facts: list[tuple[str, Any, str]]) -> str:
    """A short signature of the inputs and the run's facts (the same inputs, the same digest)."""
    kept = [(s.ref, [[_plain(v) for v in row] for i, row in enumerate(s.values) if i not in s.blank_rows]) for s in sources]
    text = repr(kept + [(k, _plain(v)) for k, v, _ in facts])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def read_stamps(port: BookPort) -> dict[str, tuple[str, Any]]:
    """The digest and the time of each stamp a saved workbook holds (a refill keeps the time when the digest is the same)."""
    found = {}
    for prefix in STAMPS:
        if port.name_ref(f"{prefix}Digest") is not None and port.name_ref(f"{prefix}Written") is not None:
            found[prefix] = (str(named(port, f"{prefix}Digest")[0][0] or ""), named(port, f"{prefix}Written")[0][0])
    return found


def put_stamp(
    ctx: Context,
    s: SheetSpec,
    row: int,
    below: int,
    prefix: str,
    sources: list[Source],
    facts: list[tuple[str, Any, str]],
    figures: Any = None,
) -> StampCells:
    """Write the run's facts from ``row`` down (label, value; ``len(facts) + 3`` rows), and the copy
    of the inputs from ``below`` down (below the figures). ``figures``: what was written, signed too
    (not copied) when the sources do not hold every input the figures depend on."""
    signature = digest(sources, facts if figures is None else [*facts, ("figures", repr(figures), "")])
    before = ctx.state.stamps.get(prefix)
    made = ctx.made or now()
    written = before[1] if before is not None and before[0] == signature and isinstance(before[1], datetime) else made
    for label, value, fmt in facts:
        s.put(row, 1, label, "label")
        s.put(row, 2, value, "constant", fmt)
        row += 1
    s.put(row, 1, "Written (UTC)", "label")
    s.put(row, 2, written, "constant", "datetime")
    ctx.name(f"{prefix}Written", s.name, row, 2)
    s.put(row + 1, 1, "Signature of the inputs", "label")
    s.put(row + 1, 2, signature, "constant_text")
    ctx.name(f"{prefix}Digest", s.name, row + 1, 2)
    flags: list[str] = []
    last = _copy(s, below, sources, flags)
    s.put(row + 2, 1, "Inputs changed since (0: the figures are current)", "label")
    s.put(row + 2, 2, Formula(f"=SUM({','.join(flags)})" if flags else "=0"), "check", "int", cached=0)
    ctx.name(f"{prefix}Changed", s.name, row + 2, 2)
    return StampCells(f"{prefix}Changed", last, written)


def _flag(source: Source, copy: str) -> str:
    here = f"IFERROR(ROUND({source.ref},2),{source.ref})" if source.rounded else source.ref  # a blank row stays blank
    if source.scalar:
        return f"=IF({here}={copy},0,1)"
    sizes = f"OR(ROWS({source.ref})<>ROWS({copy}),COLUMNS({source.ref})<>COLUMNS({copy}))"
    return f"=IFERROR(IF({sizes},1,IF(SUMPRODUCT(--({here}<>{copy}))=0,0,1)),1)"


def _copy(s: SheetSpec, row: int, sources: list[Source], flags: list[str]) -> int:
    """The copy of the inputs: scalars one a row; rows along the timeline; columns side by side (a
    longer plan only adds rows below them); then tables, each as it is."""
    s.put(row, 1, "The inputs these figures came from", "section")
    s.put(row + 1, 1, "A copy of each input as the model read it. Changed is 1 where the workbook now holds something else.", "note")
    row += 2
    s.put(row, 1, "Input", "header")
    s.put(row, 2, "Changed", "header")
    s.put(row, 3, "Value then", "header")
    row += 1
    for source in (x for x in sources if x.scalar):
        s.put(row, 1, source.label, "label")
        value = source.values[0][0]
        s.put(row, 3, value, "constant", "date" if isinstance(value, date) else None)
        s.put(row, 2, Formula(_flag(source, ref(row, 3))), "check", "int", cached=0)
        flags.append(ref(row, 2))
        row += 1
    for source in (x for x in sources if not x.scalar and len(x.values[0]) > 1 and len(x.values) == 1):
        row += 1
        width = len(source.values[0])
        start = FIRST if width == MONTHS else 3  # a row of months lines up with the timeline; any other row, with the values
        s.put(row, 1, source.label, "label")
        for j, value in enumerate(source.values[0]):
            s.put(row, start + j, value, "constant", "money" if source.rounded else None)
        copy = area(row, start, row, start + width - 1)
        s.put(row, 2, Formula(_flag(source, copy)), "check", "int", cached=0)
        flags.append(ref(row, 2))
        row += 1
    columns = [x for x in sources if not x.scalar and len(x.values[0]) == 1]
    if columns:
        row += 1
        s.put(row, 1, "Columns", "label")
        s.put(row + 1, 1, "Changed", "label")
        height = max(len(x.values) for x in columns)
        for i, source in enumerate(columns):
            c = 3 + i
            s.put(row, c, source.label, "header")
            for j, (value,) in enumerate(source.values):
                s.put(row + 2 + j, c, value, "constant")
            copy = area(row + 2, c, row + 1 + len(source.values), c)
            s.put(row + 1, c, Formula(_flag(source, copy)), "check", "int", cached=0)
        flags.append(area(row + 1, 3, row + 1, 2 + len(columns)))
        row += 2 + height
    for source in (x for x in sources if len(x.values) > 1 and len(x.values[0]) > 1):  # a table: its rows and columns as they are
        row += 1
        s.put(row, 1, source.label, "label")
        for i, values in enumerate(source.values):
            for j, value in enumerate(values):
                s.put(row + i, 3 + j, value, "constant")
        copy = area(row, 3, row + len(source.values) - 1, 2 + len(source.values[0]))
        s.put(row, 2, Formula(_flag(source, copy)), "check", "int", cached=0)
        flags.append(ref(row, 2))
        row += len(source.values)
    return row


def plan_sources(ctx: Context) -> list[Source]:
    """What a plan is made of, as the workbook holds it: every input on Assumptions, the Staffing
    columns the plan reads and computes, and the Budget's monthly total (it moves with any price)."""
    from .sheets.assumptions import INPUTS
    from .sheets.staffing import HEADERS, StaffingRows

    a, ps = ctx.a, ctx.plan.positions
    out: list[Source] = []
    for spec in INPUTS:
        value = reduce(getattr, spec.field.split("."), a)
        value = getattr(value, "value", value)
        out.append(Source(spec.label, spec.name, ((int(value) if isinstance(value, bool) else value,),)))
    # one value per row of the Staffing table, as the workbook shows it: an empty seat row (None) shows
    # blanks and FTE 0 (``staffing._row``), so the copy lines up with the live column row by row
    try:
        order = ctx.need(StaffingRows).positions or tuple(range(len(ps)))
    except LookupError:  # a plan's signature alone (no sheet built): its positions
        order = tuple(range(len(ps)))
    table = [ps[i] if i is not None else None for i in order]
    blank = frozenset(k for k, p in enumerate(table) if p is None)

    def column(get: Any, empty: Any = "") -> list[Any]:
        return [get(p) if p is not None else empty for p in table]

    typed: dict[str, list[Any]] = {
        "role": column(lambda p: p.role_name),
        "level": column(lambda p: p.level.value),
        "fte": column(lambda p: p.fte, 0),
        "employment": column(lambda p: p.employment.value),
        "search_month": column(lambda p: p.search_month),
        "end_month": column(lambda p: p.end_month),
    }
    computed: dict[str, list[Any]] = {
        "start_month": column(lambda p: p.start_month),
        "productive_month": column(lambda p: p.productive_month),
        "annual_cost": column(lambda p: p.annual_cost),
    }
    for group, rounded in ((typed, False), (computed, True)):
        for key, values in group.items():
            copied = tuple((round_money(v) if rounded and v != "" else v,) for v in values) or ((None,),)  # compared to the cent
            out.append(Source(HEADERS[key], StaffingRows.column(key), copied, rounded, blank))
    total = ctx.figures.monthly["Total"]
    out.append(Source("Budget: monthly total", "MonthlyTotal", (tuple(float(v) for v in total[:MONTHS]),), rounded=True))
    return out
