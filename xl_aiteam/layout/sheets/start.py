"""Start: what the workbook is for, how to use it with and without Python, the colour key, the
plan check and the sources of the defaults."""

from __future__ import annotations

from ...plan import SIZE_POINTS
from ..common import source_label, title
from ..context import Context
from ..spec import Formula, SheetSpec
from .checks import result_colours
from .staffing import StaffingRows

__all__ = ["TITLE", "build"]

TITLE = "Start"
_HOW = [
    ("What it is for", "section"),
    ("Plan an AI/ML team: which roles to hire, how many at each maturity stage, in what order and month, and what it costs.", "label"),
    ("Staffing lists the positions; Budget turns them into monthly cost; Summary shows headcount, spend and yearly totals.", "label"),
    ("How to use it without Python", "section"),
    ("1. Change the blue cells on Assumptions (salaries, multiplier, dates, GPU prices...). Everything else follows at once.", "label"),
    ("2. On Staffing, the blue columns are the positions: role, level, FTE, employment and the month the search opens.", "label"),
    ("   A position's Location (a row of the Locations sheet) sets its pay; every total is in the Currency on Assumptions.", "label"),
    ("3. The Horizon can be 1 to 60 months: the timeline is prepared for 60. Months after the horizon show zero.", "label"),
    ("   Rows you add to or delete from Staffing count at once; a new Stage, Size or Products changes the team at once.", "label"),
    ("4. Read Checks for hiring mistakes and missing functions; the result above rolls them up.", "label"),
    ("5. Roles, Team structure and Model lifecycle hold the seeds' advice on hiring and organising the team.", "label"),
    ("6. Hiring risk simulates searches that run late. Its figures are values a refill writes, not formulas: Checks notes", "label"),
    ("   when an input changed since, and a refill (aiteam fill, or Run main) brings them up to date.", "label"),
    ("7. Hire or contract compares hiring, contracting, and a contractor who holds the seat until the hire is productive.", "label"),
    ("How to use it with Python", "section"),
    ("aiteam build --stage 3 --out plan.xlsx writes a new workbook for a stage; aiteam check FILE checks a saved one.", "label"),
    ("With the xlwings add-in, =AITEAM_HEADCOUNT(2) and =ML_COST(1000) compute from the Python model inside Excel.", "label"),
    ("Colour key", "section"),
]
_KEY = (
    ("Input", "input", "Blue on a light fill: type your own figures here"),
    ("Formula", "calc", "Black: computed, do not overwrite"),
    ("Link", "link", "Green: taken from another sheet"),
    ("Check", "check", "Bold: a check result, green when it passes, red when it needs a look, amber for a note"),
    ("Constant", "constant", "Grey: a fixed convention (months in a year) or a seed threshold"),
    ("Go to", "hyperlink", "Blue, underlined: a link to the block of the Roles, Team structure or Model lifecycle sheet it names"),
)


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="1F3864", landscape=False)
    a = ctx.a
    shown_for = f"A plan for stage {a.stage} at {SIZE_POINTS[a.size]}. Every figure is a live formula."
    title(s, "AI Team Planner", shown_for)
    size_text = "IFERROR(INDEX(SizePointTexts,MATCH(Size,SizePointNames,0)),Size)"
    plan_for = f'="A plan for stage "&Stage&" at "&{size_text}&". Every figure is a live formula."'
    s.put(2, 1, Formula(plan_for), "note", cached=shown_for)  # follows Stage and Size on Assumptions
    staff = ctx.need(StaffingRows)
    s.put(3, 1, "Plan", "label")
    count = f"SUM({staff.column('in_plan')})"  # an empty seat row, or one the model cannot plan, is no position
    fte = f"SUMPRODUCT({staff.column('fte')},{staff.column('in_plan')})"
    live = f'="Stage "&Stage&": "&{count}&" positions, "&{fte}&" FTE over "&Horizon&" months"'
    shown = f"Stage {a.stage}: {len(ctx.plan.positions)} positions, {ctx.plan.fte:g} FTE over {a.horizon_months} months"
    s.put(3, 2, Formula(live), "calc", cached=shown)
    s.put(4, 1, "Plan check", "subtitle")
    s.put(4, 2, Formula("=MasterCheck"), "check", cached="OK" if ctx.figures.blocking == 0 else "Check")
    s.cond_formats += result_colours("B4")
    s.put(5, 1, "OK when every check on the Checks sheet passes; Check means look there.", "note")
    row = 7
    for text, style in _HOW:
        s.put(row, 1, text, style)
        if style == "section":
            s.put(row, 2, "", style)  # the band runs under the whole heading
        row += 1
    for label, style, text in _KEY:
        s.put(row, 1, label, style)
        s.put(row, 2, text, "label")
        row += 1
    row += 1
    s.put(row, 1, "Where the default figures come from", "section")
    s.put(row, 2, "", "section")
    row += 1
    for doc in ctx.catalog.sources.values():
        s.put(row, 1, source_label(doc.key), "label")
        s.put(row, 2, f"{doc.file}: {doc.title}" if doc.file else doc.title, "label")
        row += 1
    row += 1
    s.put(row, 1, f"Catalog {ctx.catalog.stages.version}; start date {a.start_date:%Y-%m-%d}; currency {a.currency}.", "note")
    s.widths.update({1: 18, 2: 110})
    s.print_area = f"A1:B{row}"
    return s
