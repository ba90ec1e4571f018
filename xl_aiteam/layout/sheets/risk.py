"""Hiring risk: what the simulation of late hiring gives (``xl_aiteam.risk``), written as values.

The runs are model output, not formulas: the build and every refill write them, stamped with the
runs, the seed, the time and a signature of the inputs (``layout.stamp``). A live formula compares
those inputs with the workbook's; the Checks sheet notes the figures as stale when they differ.
"""

from __future__ import annotations

from typing import Any

from ...money import round_money
from ...risk import MAX_RESTARTS, Simulation, risk_rows, simulate
from ..common import fit_rows, source_label, title
from ..context import Context
from ..months import FIRST, timeline_header
from ..spec import FAIL, Chart, CondFormat, Formula, SheetSpec
from ..stamp import digest, plan_sources, put_stamp
from .budget import BudgetRows
from .checks import result_colours
from .staffing import StaffingRows

__all__ = ["TITLE", "build", "signature"]

TITLE = "Hiring risk"
PREFIX = "Risk"
FAN_COLOURS = ("7F7F7F", "9DC3E6", "1F4E79", "ED7D31")  # plan grey; P10 light blue, P50 dark blue, P90 orange


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="7030A0")
    a = ctx.a
    ctx.need(StaffingRows)  # the Staffing columns and the Budget total the signature compares
    ctx.need(BudgetRows)
    title(
        s,
        "Hiring risk",
        f"What happens when searches take longer, fail or start late: {a.risk_runs:,} simulated runs of this plan. "
        "These figures are values written by the model (build, aiteam fill or Run main), not live formulas.",
    )
    sim = simulate(ctx.plan)
    s.put(4, 1, "The run", "section")
    facts = _facts(ctx)
    status = 5 + len(facts) + 3
    row = _percentiles(ctx, s, sim, status + 2)
    row = _ranges(ctx, s, row + 1)
    printed, row = _fan(ctx, s, sim, row + 1)
    stamp = put_stamp(ctx, s, 5, row + 2, PREFIX, plan_sources(ctx), facts)
    s.put(status, 1, "Figures", "label")
    s.put(status, 2, Formula(f'=IF({stamp.changed}=0,"OK","Stale")'), "check", cached="OK")
    s.put(status, 3, "Stale: an input changed since; refill (aiteam fill, or Run main) to run the simulation again.", "note")
    s.cond_formats += [*result_colours(f"B{status}"), CondFormat(f"B{status}", "Stale", *FAIL)]
    s.widths.update({1: 50, 2: 18, 3: 14, 4: 14, 5: 14, 6: 14, 7: 12, 8: 12, 9: 12})
    fit_rows(s)
    s.print_area = f"A1:H{printed}"  # the figures and the chart; the rows the chart reads and the copy of the inputs follow
    s.landscape = False
    return s


def _facts(ctx: Context) -> list[tuple[str, Any, str]]:
    return [("Runs", ctx.a.risk_runs, "whole"), ("Seed", ctx.a.risk_seed, "int")]


def signature(ctx: Context) -> str:
    """The signature the sheet stamps on its figures: of the inputs the plan is made of, the runs and the seed."""
    return digest(plan_sources(ctx), _facts(ctx))


def _percentiles(ctx: Context, s: SheetSpec, sim: Simulation, row: int) -> int:
    cur = ctx.a.currency
    s.put(row, 1, "Percentiles over the runs", "section")
    note = "P10: one run in ten comes out at or below the figure; P50: half the runs; P90: nine in ten. Plan: the plan as it stands."
    s.put(row + 1, 1, note, "note")
    row += 2
    for c, text in enumerate(("Measure", "Unit", "Plan", "P10", "P50", "P90"), start=1):
        s.put(row, c, text, "header")
    rows = risk_rows(sim)
    for r in rows:
        row += 1
        money = r.unit == cur
        s.put(row, 1, r.label, "label")
        s.put(row, 2, r.unit, "unit")
        for c, value in enumerate((r.plan, r.p10, r.p50, r.p90), start=3):
            s.put(row, c, value, "constant", "money" if money else "int")
    unspent = next(r for r in rows if r.measure == "year1_unspent")
    share = round(unspent.p50 / sim.plan_year1, 6) if sim.plan_year1 else 0.0
    row += 2
    s.put(row, 1, "Year 1 budget likely unspent because seats are empty", "subtitle")
    row += 1
    s.put(row, 1, f"Unspent in year 1, P50 of the runs ({cur})", "label")
    s.put(row, 2, round_money(unspent.p50), "constant", "money")
    row += 1
    s.put(row, 1, "Share of the plan's year 1 cost", "label")
    s.put(row, 2, share, "constant", "percent")
    row += 1
    vacancy = ctx.catalog.fact("vacancy_factor")
    s.put(row, 1, "Planners' rule of thumb: vacancy factor", "label")
    s.put(row, 2, vacancy.low, "constant", "percent")
    s.put(row, 3, source_label(vacancy.source), "unit")
    return row + 1


def _ranges(ctx: Context, s: SheetSpec, row: int) -> int:
    facts = ctx.catalog.costs.facts
    s.put(row, 1, "What each run draws", "section")
    row += 1
    for c, text in enumerate(("Draw", "Low", "High", "Unit", "Source"), start=1):
        s.put(row, c, text, "header")
    lines = [
        ("Time to fill a search (around each role's planned months)", "recruiting_time", "weeks"),
        ("Ramp-up until productive (around each role's planned months)", "ramp_up_time", "weeks"),
        ("A late start adds", "late_start", "months"),
    ]
    for label, key, unit in lines:
        row += 1
        fact = facts[key]
        s.put(row, 1, label, "label")
        s.put(row, 2, fact.low, "constant", "whole")
        s.put(row, 3, fact.high, "constant", "whole")
        s.put(row, 4, unit, "unit")
        s.put(row, 5, source_label(fact.source), "unit")
    for label, name, value in (
        ("Chance a search fails and opens again", "SearchFailureChance", ctx.a.search_failure_chance),
        ("Chance a hire starts late", "LateStartChance", ctx.a.late_start_chance),
    ):
        row += 1
        s.put(row, 1, label, "label")
        s.put(row, 2, Formula(f"={name}"), "link", "percent", cached=value)
        s.put(row, 4, "input on Assumptions", "unit")
    row += 1
    s.put(row, 1, f"A search fails at most {MAX_RESTARTS} times; contractors and people already employed start as planned.", "note")
    return row + 1


def _fan(ctx: Context, s: SheetSpec, sim: Simulation, row: int) -> tuple[int, int]:
    """Headcount per month: the plan and the runs' P10, P50 and P90, with the fan chart above."""
    h = sim.horizon
    s.put(row, 1, "Headcount fan (FTE on board)", "section")
    chart_row = row + 1
    top = chart_row + 20  # the chart takes about 20 rows
    t = timeline_header(s, top, False, ctx.figures)
    fan = sim.fan()
    series = [("Plan", ctx.figures.headcount[:h])] + [(f"P{q}", fan[i]) for i, q in enumerate((10, 50, 90))]
    first = t.last + 1
    for i, (label, values) in enumerate(series):
        r = first + i
        s.put(r, 1, label if label == "Plan" else f"{label} of the runs", "label")
        s.put(r, 2, "FTE", "unit")
        for j in range(h):
            s.put(r, FIRST + j, float(values[j]), "constant", "fte")
    s.charts.append(
        Chart(
            "line",
            "Headcount: the plan and the runs' P10, P50, P90",
            f"A{chart_row}",
            TITLE,
            t.date,
            FIRST,
            FIRST + h - 1,
            tuple(range(first, first + len(series))),
            1,
            "FTE",
            22,
            9,
            colors=FAN_COLOURS,
        )
    )
    return top - 1, first + len(series)
