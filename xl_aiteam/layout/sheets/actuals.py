"""Actuals: the user's own sheet, one row per month of the plan, what each Budget category really cost.

Built once and then the user's: a refill never rewrites it (``refilled=False``), and a workbook
made before it existed gets it on its next refill (``added_later``). The amounts are named
``ActualSpend`` (60 months x the Budget's categories, in the Budget's order), the FTE on board
``ActualHeadcount``. ``ActualsThrough`` on Assumptions says which months are closed; the
Budget and Summary compare those with the plan and forecast the rest. ``read`` reads the
cells back for the model, text and negative amounts as problems, not as a crash.
"""

from __future__ import annotations

from ...actuals import ActualMonth, Actuals, parse_actuals
from ...budget import CATEGORIES
from ...rules import bounds as rule
from ..a1 import area, col, ref
from ..common import title
from ..context import Context
from ..months import MONTHS
from ..port import BookPort, bounds
from ..rules import number_validation
from ..spec import Formula, SheetSpec

__all__ = ["HEADER", "TITLE", "build", "read"]

TITLE = "Actuals"
HEADER = 4
FIRST_SPEND = 4  # column D: the first category
HEADCOUNT = FIRST_SPEND + len(CATEGORIES) + 1  # after the categories and their total


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"{col(FIRST_SPEND)}{HEADER + 1}", tab_color="0000FF")
    title(
        s,
        "Actuals",
        f"Yours: each month's actual cost in {ctx.a.currency} once its books close (blank: nothing spent). "
        "Then set ActualsThrough on Assumptions.",
    )
    headers = ["Month of the plan", "Month starting", "Status", *CATEGORIES, "Total", "Headcount (FTE)"]
    for c, text in enumerate(headers, start=1):
        s.put(HEADER, c, text, "header")
    s.heights[HEADER] = 30
    got = ctx.state.actuals
    fig = ctx.figures
    first, last = HEADER + 1, HEADER + MONTHS
    for i in range(MONTHS):
        r, m = first + i, i + 1
        s.put(r, 1, m, "constant", "int")
        s.put(r, 2, Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+$A{r}-1,1)"), "calc", "month", cached=fig.dates[i])
        status = ("closed" if m <= ctx.a.actuals_through else "open") if m <= ctx.a.horizon_months else ""
        s.put(r, 3, Formula(f'=IF($A{r}<=Horizon,IF($A{r}<=ActualsThrough,"closed","open"),"")'), "text", cached=status)
        for j in range(len(CATEGORIES)):
            amount = float(got.spend[i, j])
            s.put(r, FIRST_SPEND + j, amount if amount else None, "input", "cents")
        total = f"SUM({ref(r, FIRST_SPEND)}:{ref(r, FIRST_SPEND + len(CATEGORIES) - 1)})"
        s.put(r, HEADCOUNT - 1, Formula(f"={total}"), "calc", "cents", cached=round(float(got.spend[i].sum()), 2))
        fte = float(got.headcount[i])
        s.put(r, HEADCOUNT, fte if fte else None, "input", "fte")
    ctx.name("ActualSpend", s.name, first, FIRST_SPEND, last, FIRST_SPEND + len(CATEGORIES) - 1)
    ctx.name("ActualCategories", s.name, HEADER, FIRST_SPEND, HEADER, FIRST_SPEND + len(CATEGORIES) - 1)
    ctx.name("ActualHeadcount", s.name, first, HEADCOUNT, last, HEADCOUNT)
    s.validations += [
        number_validation(area(first, FIRST_SPEND, last, FIRST_SPEND + len(CATEGORIES) - 1), rule("spend", ActualMonth), "Actual spend"),
        number_validation(area(first, HEADCOUNT, last, HEADCOUNT), rule("headcount", ActualMonth), "Headcount"),
    ]
    s.widths.update({1: 9, 2: 11, 3: 9, **{FIRST_SPEND + j: 12 for j in range(len(CATEGORIES) + 1)}, HEADCOUNT: 10})
    s.print_area = f"A1:{col(HEADCOUNT)}{last}"
    s.print_title_rows = f"{HEADER}:{HEADER}"
    s.landscape = False
    return s


def read(port: BookPort) -> Actuals:
    """The actuals the workbook holds; none when it has no Actuals sheet yet (made before it existed)."""
    spend_ref, fte_ref = port.name_ref("ActualSpend"), port.name_ref("ActualHeadcount")
    if spend_ref is None or fte_ref is None:
        return Actuals()
    sheet, r1, c1, r2, c2 = bounds(spend_ref)
    fte_sheet, f1, fc, f2, _ = bounds(fte_ref)
    if sheet not in port.sheet_names() or fte_sheet not in port.sheet_names():
        return Actuals()
    spend = port.values(sheet, r1, c1, r2, c2)
    fte = [row[0] for row in port.values(fte_sheet, f1, fc, f2, fc)]

    def cell(i: int, j: int) -> str:
        return f"{sheet}!{ref(r1 + i, c1 + j)}" if j < len(CATEGORIES) else f"{fte_sheet}!{ref(f1 + i, fc)}"

    return parse_actuals(spend, fte, cell)
