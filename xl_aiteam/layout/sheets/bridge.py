"""Hire or contract: each open position's three paths (hire, contract, contract then hire) over the
decision window, live, beside the staffing vendor's own claims (seed 000).

Every formula mirrors ``xl_aiteam.bridge`` term for term (the same ROUNDs in the same places), so
LibreOffice and the model agree to the cent. Positions are reached through Staffing's defined
names, slot ``k`` as ``INDEX(StaffRole,k)``, so the sheet follows rows a user adds or deletes.
The hire's pay rises with the annual raise once a plan year: helper columns on the right count
the months the hire is paid in each plan year of the window, and the cost sums them at that
year's pay index, as the Budget does month by month.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...bridge import PATHS, BridgeRow, BridgeTotals, PathFigures, bridge_rows, bridge_totals, cheapest
from ...catalog import Employment
from ...plan import Position
from ...rules import MAX_HORIZON
from ..a1 import col
from ..common import source_label, title
from ..context import Context
from ..spec import Formula, SheetSpec
from .staffing import StaffingRows

__all__ = ["INPUTS", "TITLE", "BridgeRows", "build"]

TITLE = "Hire or contract"
# its inputs on Assumptions (name, field, label, unit, format, source key, section), each added to older workbooks by a refill
_WINDOW = ("DecisionWindow", "decision_window_months", "Hire or contract: decision window", "months from each search", "int")
_RAMP = ("RampUpProductivity", "ramp_up_productivity", "Work a new hire does while ramping up", "% of a month's work", "percent")
INPUTS = tuple((*row, row[1], "Decisions") for row in (_WINDOW, _RAMP))  # the source key is the field's own
PAY_YEARS = 12  # plan years the helper columns cover: the latest window ends before month 144
HEAD = 28  # the header row of the per-position table; the totals of all open positions are the two rows below it
C = {
    key: i + 1
    for i, key in enumerate(
        (
            "id", "role", "level", "fte", "employment", "status", "opens",
            "h_start", "h_productive", "h_cost", "h_work", "h_per",
            "c_start", "c_cost", "c_work", "c_per",
            "b_until", "b_productive", "b_cost", "b_work", "b_per",
            "cheapest", "saving",
            "gap", "ends", "salary", "to_fill", "ramp", "rate", "fee",
        )
    )
}  # fmt: skip
BANDS = max(C.values()) + 1  # the first helper column of the months paid per plan year
HEADERS = {
    "id": "ID",
    "role": "Role",
    "level": "Level",
    "fte": "FTE",
    "employment": "Employment (as planned)",
    "status": "Compared",
    "opens": "Search opens (month)",
    "h_start": "Hire starts (month)",
    "h_productive": "Productive from (month)",
    "h_cost": "Cost over the window",
    "h_work": "Productive person-months",
    "h_per": "Cost per productive month",
    "c_start": "Starts and is productive (month)",
    "c_cost": "Cost over the window",
    "c_work": "Productive person-months",
    "c_per": "Cost per productive month",
    "b_until": "Contractor until (month)",
    "b_productive": "Productive from (month)",
    "b_cost": "Cost over the window",
    "b_work": "Productive person-months",
    "b_per": "Cost per productive month",
    "cheapest": "Cheapest per productive month",
    "saving": "Contract saves against hire",
    "gap": "",
    "ends": "Window ends (month)",
    "salary": "Annual salary",
    "to_fill": "Time to fill (months)",
    "ramp": "Ramp-up (months)",
    "rate": "Contractor rate (per hour)",
    "fee": "Recruiting fee",
}
PRODUCTIVE = {"hire": "h_productive", "contract": "c_start", "bridge": "b_productive"}  # the column of each path's productive month
GROUPS = {"h_start": "Hire", "c_start": "Contract", "b_until": "Contract, then hire", "cheapest": "Answer", "ends": "Looked up (helpers)"}
TOTAL_LABEL = "All open positions"
TEAM_LABEL = "Months from the first search to the last seat productive"
VALUE = 5  # column E: the values of the blocks above the table
ANSWER = VALUE + 5  # column J: the workbook's answer beside each claim


@dataclass(frozen=True)
class BridgeRows:
    """Where the sheet's per-position rows are, and the row of the totals of all open positions."""

    first: int
    last: int
    total: int


def _cached(value: str | float | None) -> str | float:
    return "" if value is None else value


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze=f"C{HEAD + 1}", tab_color="00B050", zoom=90)
    a = ctx.a
    title(
        s,
        "Hire or contract",
        f"For each open position: hire, contract, or contract until the hire is productive, compared over the decision window. "
        f"Money in {a.currency}.",
    )
    staff = ctx.need(StaffingRows)
    rows = bridge_rows(ctx.plan)
    totals = bridge_totals(rows)
    total, team = HEAD + 1, HEAD + 2
    first, last = HEAD + 3, HEAD + 2 + staff.slots

    s.put(4, 1, "Window and terms", "section")
    terms: tuple[tuple[str, str, float, str, str], ...] = (
        ("Decision window", "=DecisionWindow", a.decision_window_months, "int", "months compared, from the month each search opens"),
        (
            "Ramp-up productivity",
            "=RampUpProductivity",
            a.ramp_up_productivity,
            "percent",
            "of a month's work a new hire does while ramping up",
        ),
        (
            "Contractor time to start",
            "=ContractorTimeToFill",
            a.contractor_time_to_fill_months,
            "int",
            "months from a search to a contractor's start",
        ),
    )
    for i, (label, formula, value, fmt, unit) in enumerate(terms):
        s.put(5 + i, 1, label, "label")
        s.put(5 + i, VALUE, Formula(formula), "link", fmt, cached=value)
        s.put(5 + i, VALUE + 1, f"{unit} (Assumptions)", "unit")
    s.put(8, 1, "Longest window allowed", "label")
    s.put(8, VALUE, MAX_HORIZON, "constant", "int")
    s.put(8, VALUE + 1, "months: the planner's limit for any span of months", "unit")
    ctx.name("MaxDecisionWindow", s.name, 8, VALUE)
    s.put(9, 1, "Window can be used (1 = yes)", "label")
    w = "DecisionWindow"
    ok = f"=IF(ISNUMBER({w}),IF(AND({w}>=1,{w}<=MaxDecisionWindow,{w}=INT({w})),1,0),0)"
    s.put(9, VALUE, Formula(ok), "check", "int", cached=1)
    s.put(9, VALUE + 1, "0: not a whole number of months from 1 to the limit; Checks flags it and the table shows no figures", "unit")
    ctx.name("BridgeWindowOK", s.name, 9, VALUE)

    # the vendor's own figures (seed 000) beside what this workbook computes
    s.put(11, 1, "A staffing vendor's own claims (seed 000), beside this workbook's answer", "section")
    for c, text in ((1, "Claim"), (VALUE, "Vendor's figure"), (VALUE + 1, "Unit"), (VALUE + 2, "Source"), (ANSWER, "This workbook")):
        s.put(12, c, text, "header")
    s.put(12, ANSWER + 1, "What it is", "header")
    s.heights[12] = 30
    build_team, start, saving = (
        ctx.catalog.fact(k) for k in ("months_to_build_team", "staff_augmentation_start", "staff_augmentation_saving")
    )
    months = f"={col(C['h_productive'])}{team}"
    _claim(s, 13, "Building a team by hiring takes", f"{build_team.low:g}-{build_team.high:g}", "months", build_team.source)
    _answer(s, 13, months, totals.months_to_team["hire"], "int", "months from the first search to the last hire productive")
    _claim(s, 14, "Augmentation adds a person within", start.low, "weeks", start.source)
    _answer(s, 14, "=ContractorTimeToFill", a.contractor_time_to_fill_months, "int", "months to a contractor's start (Assumptions)")
    _claim(s, 15, "Saving against fully loaded permanent hiring", saving.low, "of the cost", saving.source, "share")
    _answer(
        s, 15, f"={col(C['saving'])}{total}", totals.saving, "percent", "contract against hire per productive month, all open positions"
    )

    s.put(17, 1, "How the paths are counted", "section")
    share = f"{a.ramp_up_productivity:.0%}"
    notes = (
        "Hire: the search opens, the hire starts after the role's time to fill and is fully productive after its ramp-up; "
        "pay as on the Budget (loaded, with the yearly raise), plus the recruiting fee and the backfill share.",
        "Contract: a contractor starts after the contractor time to start and is productive from the first month, "
        "paid the role's hourly rate for the contractor hours each month.",
        "Contract, then hire: the same search and hire; a contractor holds the seat until the month before the hire is fully "
        "productive, so the two overlap during the ramp-up (the handover).",
        f"Productive person-months: FTE for each month someone fully productive is in the seat; during a hire's ramp-up, "
        f"FTE x ramp-up productivity ({share} now). A seat's work is counted once.",
        "Cost per productive month: the cost over the window divided by the productive person-months. The cheapest path has the lowest.",
        "The window runs from the month each search opens and may go past the plan's horizon: it compares paths, it is not the budget.",
        "People already employed have nothing to compare. Rows below the positions are ready for rows you add on Staffing.",
    )
    for i, text in enumerate(notes):
        s.put(18 + i, 1, text, "note")

    _table(ctx, s, staff, {r.position.id: r for r in rows}, first)
    _totals(s, totals, total, team, first, last)
    widths = {"id": 7, "role": 20, "level": 8, "fte": 6, "employment": 11, "status": 10, "opens": 8, "cheapest": 17, "gap": 3}
    s.widths.update({c: widths.get(key, 10) for key, c in C.items()})
    s.widths.update({C[k]: 11 for k in ("h_cost", "c_cost", "b_cost")})
    s.widths.update({c: 8 for c in range(BANDS, BANDS + PAY_YEARS)})
    s.heights[HEAD] = 54
    s.print_area = f"A1:{col(C['saving'])}{last}"
    s.print_title_rows = f"{HEAD - 1}:{HEAD}"
    ctx.hand(BridgeRows(first, last, total))
    return s


def _claim(s: SheetSpec, r: int, claim: str, figure: str | float, unit: str, source: str, fmt: str = "int") -> None:
    """A vendor's claim: the figure as the seed gives it, labelled as that vendor's own."""
    s.put(r, 1, claim, "label")
    s.put(r, VALUE, figure, "constant_text" if isinstance(figure, str) else "constant", None if isinstance(figure, str) else fmt)
    s.put(r, VALUE + 1, unit, "unit")
    s.put(r, VALUE + 2, f"{source_label(source)}: the vendor's own claim", "unit")


def _answer(s: SheetSpec, r: int, formula: str, cached: float | None, fmt: str, what: str) -> None:
    """This workbook's computed answer beside a claim, and what it is."""
    s.put(r, ANSWER, Formula(formula), "link", fmt, cached=_cached(cached))
    s.put(r, ANSWER + 1, what, "unit")


def _totals(s: SheetSpec, totals: BridgeTotals, total: int, team: int, first: int, last: int) -> None:
    """The paths over every open position: the row under the headers, and the months to a full team."""
    span = {key: f"${col(C[key])}${first}:${col(C[key])}${last}" for key in C}
    s.put(total, C["role"], TOTAL_LABEL, "total")
    s.put(team, C["role"], TEAM_LABEL, "label")
    per_cells = {}
    for key in PATHS:
        p = key[0]
        cost, work, per = (f"{col(C[p + suffix])}{total}" for suffix in ("_cost", "_work", "_per"))
        per_cells[key] = per
        s.put(total, C[p + "_cost"], Formula(f"=SUM({span[p + '_cost']})"), "total", "money", cached=totals.cost[key])
        s.put(total, C[p + "_work"], Formula(f"=SUM({span[p + '_work']})"), "total", "fte", cached=totals.productive_months[key])
        s.put(
            total,
            C[p + "_per"],
            Formula(f'=IF({work}>0,ROUND({cost}/{work},2),"")'),
            "total",
            "money",
            cached=_cached(totals.cost_per_productive_month[key]),
        )
        productive = span[PRODUCTIVE[key]]
        to_team = f'=IF(COUNT({productive})=0,"",MAX({productive})-MIN({span["opens"]})+1)'
        s.put(team, C[PRODUCTIVE[key]], Formula(to_team), "calc", "int", cached=_cached(totals.months_to_team[key]))
    best = cheapest(totals.cost_per_productive_month)
    formula = _cheapest(per_cells["hire"], per_cells["contract"], per_cells["bridge"])
    s.put(total, C["cheapest"], Formula(formula), "total", cached=PATHS[best] if best else "")
    h, c = per_cells["hire"], per_cells["contract"]
    s.put(total, C["saving"], Formula(f'=IF(OR({h}="",{c}="",N({h})=0),"",1-{c}/{h})'), "total", "percent", cached=_cached(totals.saving))


def _cheapest(hire: str, contract: str, bridge: str) -> str:
    """The first path with the lowest cost per productive month, of three cells that may be blank."""
    h, c, b = hire, contract, bridge
    return (
        f'=IF(AND({h}="",{c}="",{b}=""),"",IF(AND({h}<>"",OR({c}="",{h}<={c}),OR({b}="",{h}<={b})),"{PATHS["hire"]}",'
        f'IF(AND({c}<>"",OR({b}="",{c}<={b})),"{PATHS["contract"]}","{PATHS["bridge"]}")))'
    )


def _table(ctx: Context, s: SheetSpec, staff: StaffingRows, by_id: dict[str, BridgeRow], first: int) -> None:
    """One row per prepared Staffing slot; helper columns (months paid per plan year) on the right."""
    a = ctx.a
    for key, text in GROUPS.items():
        s.put(HEAD - 1, C[key], text, "subtitle")
    for key, c in C.items():
        s.put(HEAD, c, HEADERS[key], "header")
    # the helper columns: plan year, its pay index, and per row the months the hire is paid in it
    s.put(HEAD - 2, BANDS, "Hire: months paid in each plan year of the window (helpers), at that year's pay index", "note")
    for y in range(PAY_YEARS):
        c = BANDS + y
        s.put(HEAD - 1, c, y + 1, "constant", "int")
        index = Formula(f"=(1+AnnualRaise)^({col(c)}${HEAD - 1}-1)")
        s.put(HEAD, c, index, "timeline", "index", cached=(1 + a.annual_raise) ** y)
    positions: list[Position | None] = staff.slot_positions(ctx.plan.positions)  # slot k: row k of the table, empty seat rows too
    for i, p in enumerate(positions):
        r = first + i
        row = by_id.get(p.id) if p is not None else None
        _row(ctx, s, staff, r, p, row, first)


def _row(ctx: Context, s: SheetSpec, staff: StaffingRows, r: int, p: Position | None, row: BridgeRow | None, first: int) -> None:
    a = ctx.a
    name = staff.column  # Staffing's defined names by column key
    k = f"ROWS($A${first}:$A{r})"  # slot k: row k of the Staffing table
    at = {key: f"${col(c)}{r}" for key, c in C.items()}
    role = name("role")
    s.put(
        r,
        C["role"],
        Formula(f'=IF({k}>ROWS({role}),"",IF(INDEX({name("in_plan")},{k})<>1,"",INDEX({role},{k})))'),  # out of the plan: blank
        "link",
        cached="" if p is None else p.role_name,
    )
    for key, staff_key, fmt, value in (
        ("id", "id", None, None if p is None else p.id),
        ("level", "level", None, None if p is None else p.level.value),
        ("fte", "fte", "fte", None if p is None else p.fte),
        ("employment", "employment", None, None if p is None else p.employment.value),
        ("salary", "annual_salary", "money", None if p is None else p.annual_salary),
    ):
        value_at = f"INDEX({name(staff_key)},{k})"
        s.put(r, C[key], Formula(f'=IF({at["role"]}="","",IFERROR({value_at},""))'), "link", fmt, cached=_cached(value))
    existing = p is not None and p.employment == Employment.EXISTING
    opens = f'=IF(OR({at["role"]}="",{at["employment"]}="existing"),"",IFERROR(INDEX({name("search_opens")},{k}),""))'
    s.put(r, C["opens"], Formula(opens), "link", "int", cached="" if p is None or existing else p.search_opens)
    role_row = f"MATCH({at['role']},RoleNames,0)"
    terms = a.terms(p.role) if p is not None else None
    for key, table, fmt, value in (
        ("to_fill", "RoleTimeToFill", "int", None if terms is None else terms.time_to_fill_months),
        ("ramp", "RoleRampUp", "int", None if terms is None else terms.ramp_up_months),
    ):
        s.put(r, C[key], Formula(f'=IF({at["role"]}="","",IFERROR(INDEX({table},{role_row}),""))'), "link", fmt, cached=_cached(value))
    # the contractor rate and the recruiting fee at the position's location, as the Budget converts them
    factor = f"INDEX({name('pay_factor')},{k})"
    rate = f'=IF({at["role"]}="","",IFERROR(ROUND(INDEX(RoleContractorRate,{role_row})*{factor},2),""))'
    s.put(r, C["rate"], Formula(rate), "link", "rate", cached="" if p is None else p.contractor_rate)
    fee = f'=IF({at["role"]}="","",IFERROR(ROUND(RecruitingFee*{factor},2),""))'
    s.put(r, C["fee"], Formula(fee), "link", "money", cached="" if p is None else p.recruiting_fee)
    status = (
        f'=IF({at["role"]}="","",IF({at["employment"]}="existing","already employed",'
        f"IF(AND(BridgeWindowOK=1,{','.join(f'ISNUMBER({at[key]})' for key in ('opens', 'to_fill', 'salary', 'fee', 'rate'))}),"
        '"open","no figures")))'
    )
    s.put(r, C["status"], Formula(status), "calc", cached="" if p is None else "already employed" if existing else "open")

    def put(key: str, formula: str, fmt: str | None, value: object) -> None:
        s.put(r, C[key], Formula(f'=IF({at["status"]}="open",{formula},"")'), "calc", fmt, cached=_cached(value))  # type: ignore[arg-type]

    def per(cost: str, work: str) -> str:
        return f'IF({at[work]}>0,ROUND({at[cost]}/{at[work]},2),"")'

    h, c, b = (None, None, None) if row is None else (row.hire, row.contract, row.bridge)
    fte, end, share = at["fte"], at["ends"], "RampUpProductivity"
    put("ends", f"{at['opens']}+DecisionWindow-1", "int", None if row is None else row.window_end)
    put("h_start", f"{at['opens']}+{at['to_fill']}", "int", _get(h, "start_month"))
    put("h_productive", f"{at['h_start']}+{at['ramp']}", "int", _get(h, "productive_month"))
    bands = f"${col(BANDS)}{r}:${col(BANDS + PAY_YEARS - 1)}{r}"
    index = f"${col(BANDS)}${HEAD}:${col(BANDS + PAY_YEARS - 1)}${HEAD}"
    pay = f"SUMPRODUCT({bands},ROUND({at['salary']}*{fte}*LoadedMultiplier/MonthsPerYear*{index},2))"
    fee_at = at["fee"]
    recruiting = f"ROUND({fee_at},2)*({at['h_start']}<={end})+ROUND({fee_at}*Attrition/MonthsPerYear,2)*MAX(0,{end}-{at['h_start']})"
    put("h_cost", f"ROUND({pay}+{recruiting},2)", "money", _get(h, "cost"))
    hp, hs = at["h_productive"], at["h_start"]
    put("h_work", f"{fte}*(MAX(0,{end}-{hp}+1)+{share}*MAX(0,MIN({end},{hp}-1)-{hs}+1))", "fte", _get(h, "productive_months"))
    put("h_per", per("h_cost", "h_work"), "money", _get(h, "cost_per_productive_month"))
    month_fee = f"ROUND({at['rate']}*ContractorHours*{fte},2)"
    cs = at["c_start"]
    put("c_start", f"{at['opens']}+ContractorTimeToFill", "int", _get(c, "start_month"))
    put("c_cost", f"ROUND({month_fee}*MAX(0,{end}-{cs}+1),2)", "money", _get(c, "cost"))
    put("c_work", f"{fte}*MAX(0,{end}-{cs}+1)", "fte", _get(c, "productive_months"))
    put("c_per", per("c_cost", "c_work"), "money", _get(c, "cost_per_productive_month"))
    put("b_until", f'IF({cs}<{hp},{hp}-1,"")', "int", None if row is None else row.contractor_until)
    put("b_productive", f"MIN({cs},{hp})", "int", _get(b, "productive_month"))
    seat = at["b_productive"]
    put("b_cost", f"ROUND({at['h_cost']}+{month_fee}*MAX(0,MIN({end},{hp}-1)-{cs}+1),2)", "money", _get(b, "cost"))
    put("b_work", f"{fte}*(MAX(0,{end}-{seat}+1)+{share}*MAX(0,MIN({end},{seat}-1)-{hs}+1))", "fte", _get(b, "productive_months"))
    put("b_per", per("b_cost", "b_work"), "money", _get(b, "cost_per_productive_month"))
    s.put(
        r,
        C["cheapest"],
        Formula(f'=IF({at["status"]}<>"open","",{_cheapest(at["h_per"], at["c_per"], at["b_per"])[1:]})'),
        "text",
        cached="" if row is None or row.cheapest is None else PATHS[row.cheapest],
    )
    saving = f'IF(OR({at["h_per"]}="",{at["c_per"]}="",N({at["h_per"]})=0),"",1-{at["c_per"]}/{at["h_per"]})'
    put("saving", saving, "percent", None if row is None else row.saving)
    for y in range(PAY_YEARS):
        c_ = BANDS + y
        year = f"{col(c_)}${HEAD - 1}"
        months = f"MAX(0,MIN({end},{year}*MonthsPerYear)-MAX({hs},({year}-1)*MonthsPerYear+1)+1)"
        value = None if row is None else max(0, min(row.window_end, (y + 1) * 12) - max(row.hire.start_month, y * 12 + 1) + 1)
        put_band = Formula(f'=IF({at["status"]}="open",{months},"")')
        s.put(r, c_, put_band, "calc", "int", cached=_cached(value))


def _get(figures: PathFigures | None, field: str) -> float | int | None:
    return None if figures is None else getattr(figures, field)
