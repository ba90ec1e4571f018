"""Scenario comparison: every scenario's cost by fiscal year, peak headcount and the month the team
is complete, side by side, with the difference from the first scenario and a chart.

A whole plan per scenario needs the model: the build and every refill write those figures as
values and stamp them (``layout/stamp.py``, as Hiring risk does) with when they were written and
the inputs they came from (a copy of the scenario table, the names and the base drivers, below).
``ComparisonStale`` recomputes that signature live: 1 when the scenarios or base drivers differ from the copy, or when the figure of
the scenario in effect is no longer the Budget's total. Checks notes it. The differences from the
first scenario are live formulas.
"""

from __future__ import annotations

from datetime import datetime

from ...scenarios import COMPARED, DRIVERS, compare_scenarios
from ..a1 import col, ref
from ..common import title
from ..context import Context
from ..spec import FAIL, PASS, Chart, CondFormat, Formula, SheetSpec
from ..stamp import Source, put_stamp
from .budget import BudgetRows
from .scenarios import COLUMNS, ScenarioCells, driver_value

__all__ = ["TITLE", "build"]

TITLE = "Scenario comparison"
HEADER = 7
COLOURS = ("4472C4", "ED7D31", "A5A5A5", "FFC000", "5B9BD5", "70AD47")
UP_TO_DATE = "Up to date"
STALE = "Stale: inputs changed since; refill (aiteam fill, or Run main)"
PREFIX = "Comparison"  # the stamp's names: ComparisonWritten, ComparisonDigest, ComparisonChanged


def build(ctx: Context) -> SheetSpec:
    cells = ctx.need(ScenarioCells)
    ctx.need(BudgetRows)  # PlanTotal
    s = SheetSpec(TITLE, freeze="B8", tab_color="7030A0")
    base = ctx.a.base
    title(s, "Scenario comparison", "Each scenario's plan, computed by the model. The differences from the first scenario are live.")
    figures = compare_scenarios(base)
    names = list(base.scenarios)[:COLUMNS]
    s.put(4, 1, "Written by the model on (UTC)", "label")
    s.put(5, 1, "Status", "label")
    s.put(5, 2, Formula(f'=IF(ComparisonStale=0,"{UP_TO_DATE}","{STALE}")'), "check", cached=UP_TO_DATE)
    s.cond_formats += [CondFormat("B5", UP_TO_DATE, *PASS), CondFormat("B5", STALE, *FAIL)]
    s.put(HEADER, 1, "Figure", "header")
    for k in range(COLUMNS):
        s.put(HEADER, 2 + k, names[k] if k < len(names) else None, "timeline")  # right-aligned over the figures
    rows = [label for label in figures if " vs " not in label]
    row_of = {}
    for i, label in enumerate(rows):
        r = HEADER + 1 + i
        row_of[label] = r
        fmt = "money" if label.startswith("Cost") else "fte" if label.startswith("Peak") else "int"
        s.put(r, 1, label, "total" if label == "Cost over the horizon" else "label")
        for k, name in enumerate(names):
            s.put(r, 2 + k, figures[label][name], "total" if label == "Cost over the horizon" else "calc", fmt)
    r = HEADER + len(rows) + 2
    first = names[0] if names else ""
    s.put(r, 1, f"Difference from {first} (live)", "section")
    for k in range(COLUMNS):
        s.put(r, 2 + k, "", "section")
    for j, label in enumerate(COMPARED):
        rr = r + 1 + j
        src = row_of[label]
        fmt = "money" if label.startswith("Cost") else "fte" if label.startswith("Peak") else "int"
        s.put(rr, 1, label, "label")
        for k, name in enumerate(names):
            this, that = ref(src, 2 + k), ref(src, 2, absolute=True)
            s.put(rr, 2 + k, Formula(f"={this}-{that}"), "calc", fmt, cached=figures[f"{label} vs {first}"][name])
    years = [label for label in rows if label.startswith("Cost FY")]
    if names:
        s.charts.append(
            Chart(
                "stacked_column",
                "Cost by fiscal year, per scenario",
                f"A{r + 6}",
                TITLE,
                HEADER,
                2,
                1 + len(names),
                tuple(row_of[y] for y in years),
                1,
                f"{base.currency}",
                17,
                8,
                colors=COLOURS,
            )
        )
    written = _stamp(ctx, s, r + 26, names, cells, row_of["Cost over the horizon"], figures)
    s.put(4, 2, Formula(f"={PREFIX}Written"), "calc", "datetime", cached=written)
    s.widths.update({1: 34, **{2 + k: 15 for k in range(COLUMNS)}})
    s.print_area = f"A1:{col(1 + COLUMNS)}{r + 24}"
    s.landscape = False
    return s


def _stamp(
    ctx: Context, s: SheetSpec, top: int, names: list[str], cells: ScenarioCells, totals_row: int, figures: dict[str, dict[str, float]]
) -> datetime:
    """The stamp of the figures (``layout/stamp.py``): when they were written and a copy of the inputs they
    came from (the scenario names, the scenario table, the base drivers). ``ComparisonStale`` is 1 when
    those differ from the copy, or when the figure of the scenario in effect is no longer the Budget's total."""
    base = ctx.a.base
    s.put(top, 1, "Inputs the figures above were computed from (a refill writes them again)", "section")
    for k in range(COLUMNS):
        s.put(top, 2 + k, "", "section")
    shown = [names[k] if k < len(names) else None for k in range(COLUMNS)]
    table = tuple(tuple(getattr(base.scenarios[name], driver.key) if name is not None else None for name in shown) for driver in DRIVERS)
    sources = [
        Source("Scenario names", cells.names, (tuple(shown),)),
        Source("Scenario table", cells.table, table),
        Source("Base values", cells.bases, tuple((driver_value(base, driver),) for driver in DRIVERS)),
    ]
    facts = [("Scenarios compared", len(names), "int")]
    # every input moves the figures (each scenario is a whole plan): they are signed too, so new figures get a new time
    stamp = put_stamp(ctx, s, top + 1, top + 6, PREFIX, sources, facts, figures=figures)
    ctx.name("ComparisonTotals", s.name, totals_row, 2, totals_row, 1 + COLUMNS)
    r = stamp.last_row + 1
    s.put(r, 1, "Changed since (1: the figures above are stale)", "label")
    total = "ABS(ROUND(INDEX(ComparisonTotals,ScenarioColumn),2)-ROUND(PlanTotal,2))>Tolerance"
    s.put(r, 2, Formula(f"=IF({stamp.changed}>0,1,IF(ScenarioColumn=0,0,IF({total},1,0)))"), "calc", "int", cached=0)
    ctx.name("ComparisonStale", s.name, r, 2)
    return stamp.written
