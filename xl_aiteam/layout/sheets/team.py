"""Team structure: where the plan stands (live), the four functions and the weakest-link rule, when a
platform team is due, the seeds' team topology, team types, size bands, the AI pod and management
practices. Each block's first cell carries a defined name other sheets link to.

The live figures are formulas over Staffing's defined names (``StaffFte``, ``StaffCoverDomain``...)
and ``PlatformThreshold`` on Assumptions, each cached with the model's value.
"""

from __future__ import annotations

from ...catalog import FUNCTION_LABELS, Function
from ...guide import source_label
from ...plan import coverage
from ..a1 import col
from ..blocks import Block, TeamBlocks, define
from ..common import fit_rows, title
from ..context import Context
from ..spec import FAIL, PASS, CondFormat, Formula, SheetSpec
from .staffing import PLATFORM_ROLES, StaffingRows

__all__ = ["MISSING", "TITLE", "build"]

TITLE = "Team structure"
TEXT, FIGURE, STATUS, SOURCE = 2, 3, 4, 5  # columns; A holds the labels
# the check that fires when a function is missing: its "why" says what goes wrong without it
MISSING = {
    Function.DATA_SCIENCE: "NO_DATA_SCIENCE",
    Function.ML_ENGINEERING: "NO_ML_ENGINEERING",
    Function.INFRASTRUCTURE: "NO_INFRASTRUCTURE",
    Function.DOMAIN: "NO_DOMAIN_EXPERT",
}


def _band(s: SheetSpec, row: int) -> None:
    for c in (TEXT, FIGURE, STATUS, SOURCE):
        s.put(row, c, "", "section")


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="808080", landscape=False)
    catalog = ctx.catalog
    org = catalog.organisation
    R = ctx.need(StaffingRows).column
    title(s, "Team structure", "How an AI team is organised, from the seeds, and where this plan stands (live, from Staffing).")
    blocks: list[Block] = []
    row = 4

    def section(key: str, heading: str, label: str) -> None:
        nonlocal row
        blocks.append(define(ctx, s, row, key, f"Team structure: {label}"))
        s.put(row, 1, heading, "section")
        _band(s, row)

    def line(label: str, text: str, source: str | None = None, style: str = "wrap") -> None:
        nonlocal row
        row += 1
        if label:
            s.put(row, 1, label, "label")
        s.put(row, TEXT, text, style)
        if source:
            s.put(row, SOURCE, source_label(source), "unit")

    def items(label: str, texts: list[str], source: str) -> None:
        if not texts:
            line(label, "None named by the seed.", style="note")
        for i, text in enumerate(texts):
            line(label if i == 0 else "", text, source)

    # --- where the plan stands --------------------------------------------------------------
    cover = coverage(ctx.plan)
    required = list(catalog.hiring.four_functions.functions)
    fte = ctx.plan.fte
    bands = catalog.stages.scaling_bands
    section("standing", "Where this plan stands (live: follows the Staffing rows)", "where this plan stands")
    row += 1
    s.put(row, 1, "Team size (FTE)", "label")
    s.put(row, TEXT, Formula(f"=SUMPRODUCT({R('fte')},{R('in_plan')})"), "text", "fte", cached=fte)
    size_row = row
    row += 1
    s.put(row, 1, "Positions", "label")
    s.put(
        row, TEXT, Formula(f'=COUNTIFS({R("fte")},">0",{R("in_plan")},1)'), "text", "int", cached=len(ctx.plan.positions)
    )  # an empty seat row has FTE 0
    band_row = row + 1
    functions_row = row + 2
    weakest_row = row + 3
    platform_row = row + 4
    engineer_row = row + 5
    row = engineer_row
    # the size band, the functions and the platform figures refer to the rows of their blocks below
    function_rows = {}
    first_band_row = 0

    # --- the four functions -------------------------------------------------------------------
    row += 2
    section("functions", "The four functions every AI team must cover", "the four functions")
    rule = catalog.hiring.four_functions
    line("The weakest-link rule", rule.statement, rule.source)
    row += 1
    for c, text in enumerate(["Function", "Who brings it, and what goes wrong without it", "Plan FTE", "Covered"], start=1):
        s.put(row, c, text, "header")
    s.put(row, SOURCE, "", "header")
    mistakes = {m.code: m for m in catalog.hiring.mistakes}
    for function in required:
        row += 1
        function_rows[function] = row
        why = mistakes[MISSING[function]]
        s.put(row, 1, _capital(FUNCTION_LABELS[function]), "label")
        s.put(row, TEXT, f"Brought by: {', '.join(_brought_by(ctx, function))}.\nWithout it: {why.why}", "wrap")
        s.put(row, FIGURE, Formula(f"=SUM({R('cover_' + function.value)})"), "calc", "fte", cached=cover[function])
        status = "yes" if cover[function] > 0 else "missing"
        s.put(row, STATUS, Formula(f'=IF({col(FIGURE)}{row}>0,"yes","missing")'), "check", cached=status)
        s.put(row, SOURCE, source_label(why.source), "unit")
    first_f, last_f = function_rows[required[0]], function_rows[required[-1]]
    s.cond_formats += [CondFormat(f"D{first_f}:D{last_f}", "yes", *PASS), CondFormat(f"D{first_f}:D{last_f}", "missing", *FAIL)]

    # --- when a platform team is due ----------------------------------------------------------
    row += 2
    section("platform", "When a platform team is due", "when a platform team is due")
    due = catalog.fact("platform_team_by")
    line("Seed figure", f"Set up an ML platform team by the time the team has {due.low:g} to {due.high:g} people.", due.source)
    row += 1
    s.put(row, 1, "Threshold the Checks use", "label")
    s.put(row, TEXT, Formula("=PlatformThreshold"), "text", "whole", cached=_threshold(ctx))
    s.put(row, FIGURE, "FTE, a constant on Assumptions", "note")
    threshold_row = row

    # --- the topology ---------------------------------------------------------------------------
    row += 2
    s.row_breaks.append(row)
    section("topology", "How a growing AI organisation splits its work", "how the work splits")
    for team in org.topology:
        row += 1
        s.put(row, 1, team.name, "strong")
        s.put(row, TEXT, team.mission, "wrap")
        s.put(row, SOURCE, source_label(team.source), "unit")
        items("Made up of", team.members, team.source)
        items("What it does", team.activities, team.source)
        items("Success measured by", team.success, team.source)
        line("How it works", team.works, team.source)
        row += 1  # a blank row between teams

    # --- size bands -------------------------------------------------------------------------------
    row += 1
    s.row_breaks.append(row)
    section("bands", "How a team changes as it grows", "size bands")
    row += 1
    for c, text in enumerate(["Size", "Structure, strengths, weaknesses, focus", "From (people)"], start=1):
        s.put(row, c, text, "header")
    s.put(row, STATUS, "", "header")
    s.put(row, SOURCE, "", "header")
    band_names = []
    for band in bands:
        row += 1
        first_band_row = first_band_row or row
        people = f"{band.people.low:g}-{band.people.high:g}{'+' if band.people.open_ended else ''}"
        name = f"{band.name} ({people} people)"
        band_names.append((band.people.low, name))
        s.put(row, 1, name, "strong")
        s.put(
            row,
            TEXT,
            f"Structure: {band.structure}.\nStrengths: {'; '.join(band.strengths)}.\nWeaknesses: {'; '.join(band.weaknesses)}.\n"
            f"Focus: {band.focus}.",
            "wrap",
        )
        s.put(row, FIGURE, band.people.low, "constant", "whole")
        s.put(row, SOURCE, source_label(band.source), "unit")
    last_band_row = row

    # --- team types ---------------------------------------------------------------------------
    row += 2
    section("team_types", "Where the team sits in the organisation", "team types")
    for kind in org.team_types:
        row += 1
        s.put(row, 1, kind.name, "strong")
        s.put(row, TEXT, kind.description, "wrap")
        s.put(row, SOURCE, source_label(kind.source), "unit")
        items("Strengths", kind.strengths, kind.source)
        items("Weaknesses", kind.weaknesses, kind.source)
        row += 1

    # --- the AI pod -------------------------------------------------------------------------------
    row += 1
    s.row_breaks.append(row)
    section("pod", "The AI pod: one initiative, one small team", "the AI pod")
    pod = org.ai_pod
    line("What it is", pod.description, pod.source)
    line("Led by", catalog.role(pod.led_by).name, pod.source, "label")
    line("Members", ", ".join(catalog.role(m).name for m in pod.members), pod.source, "wrap")
    items("How it works", pod.notes, pod.source)

    # --- practices --------------------------------------------------------------------------------
    row += 2
    section("practices", "Management practices", "management practices")
    for practice in org.practices:
        line("", practice.text, practice.source)
    last = row

    # --- the live rows that refer to the blocks above ------------------------------------------
    fte_cell = f"{col(TEXT)}{size_row}"
    lows = f"${col(FIGURE)}${first_band_row}:${col(FIGURE)}${last_band_row}"
    names = f"$A${first_band_row}:$A${last_band_row}"
    below = [n for low, n in band_names if low <= fte]
    smallest = min(low for low, _ in band_names)
    s.put(band_row, 1, "Size band", "label")
    s.put(
        band_row,
        TEXT,
        Formula(f'=IF({fte_cell}<MIN({lows}),"smaller than the smallest band",INDEX({names},MATCH({fte_cell},{lows},1)))'),
        "text",
        cached=below[-1] if below and fte >= smallest else "smaller than the smallest band",
    )
    covered = [f for f in required if cover[f] > 0]
    f_fte = f"${col(FIGURE)}${first_f}:${col(FIGURE)}${last_f}"
    s.put(functions_row, 1, "Functions covered", "label")
    s.put(
        functions_row,
        TEXT,
        Formula(f'=COUNTIF({f_fte},">0")&" of "&ROWS({f_fte})'),
        "text",
        cached=f"{len(covered)} of {len(required)}",
    )
    weakest = min(required, key=lambda f: (cover[f], required.index(f)))
    s.put(weakest_row, 1, "Weakest function", "label")
    s.put(
        weakest_row,
        TEXT,
        Formula(f"=INDEX($A${first_f}:$A${last_f},MATCH(MIN({f_fte}),{f_fte},0))"),
        "text",
        cached=_capital(FUNCTION_LABELS[weakest]),
    )
    s.put(weakest_row, FIGURE, Formula(f"=MIN({f_fte})"), "calc", "fte", cached=cover[weakest])
    s.put(weakest_row, STATUS, "FTE", "note")
    threshold = f"{col(TEXT)}{threshold_row}"
    reached = fte >= _threshold(ctx)
    s.put(platform_row, 1, "Platform team due", "label")
    s.put(
        platform_row,
        TEXT,
        Formula(f'=IF({fte_cell}>={threshold},"yes: the team has reached the threshold","not yet: below the threshold")'),
        "text",
        cached="yes: the team has reached the threshold" if reached else "not yet: below the threshold",
    )
    starts = [p.start_month for p in ctx.plan.positions if p.role in PLATFORM_ROLES]
    s.put(engineer_row, 1, "Platform or MLOps engineer", "label")
    s.put(
        engineer_row,
        TEXT,
        Formula(f'=IF(COUNT({R("platform_start")})>0,"in the plan, from month "&MIN({R("platform_start")}),"none in the plan")'),
        "text",
        cached=f"in the plan, from month {min(starts)}" if starts else "none in the plan",
    )
    s.widths.update({1: 24, TEXT: 66, FIGURE: 10, STATUS: 9, SOURCE: 10})
    fit_rows(s)
    s.print_area = f"A1:E{last}"
    ctx.hand(TeamBlocks(tuple(blocks)))
    return s


def _brought_by(ctx: Context, function: Function) -> list[str]:
    """The roles whose people bring a function, with the lowest level where only senior people do."""
    names = []
    for role in ctx.catalog.roles.values():
        extra = next((c for c in role.also_covers if c.function == function), None)
        if role.function == function or (extra is not None and extra.min_level is None):
            names.append(role.name)
        elif extra is not None and extra.min_level is not None:
            names.append(f"{role.name} ({extra.min_level.value} and above)")
    return names


def _capital(text: str) -> str:
    """ "ML engineering" stays as it is, "domain expertise" becomes "Domain expertise"."""
    return text[:1].upper() + text[1:]


def _threshold(ctx: Context) -> float:
    """The value ``PlatformThreshold`` holds: the FTE at which the Checks expect a platform engineer."""
    due = ctx.catalog.fact("platform_team_by")
    return float(due.high if due.high is not None else due.low)
