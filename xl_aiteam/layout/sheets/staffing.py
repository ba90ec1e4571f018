"""Staffing: one row per position, as an Excel table. Inputs in blue; lookups and check helpers beside them.

``build`` writes the table and hands on :class:`StaffingRows` (where the positions are);
``read`` reads the rows back as team lines for the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...assumptions import TeamLine
from ...catalog import Function, Level
from ...errors import WorkbookError
from ...plan import SIZE_POINTS, Position, team_basis
from ...seats import FOLLOWS, seated_team, team_of
from ..a1 import col
from ..blocks import RoleBlocks
from ..common import FUNCTION_LABELS, title
from ..context import Context
from ..months import month_start
from ..port import BookPort, rows_until, scalar
from ..rules import list_validation, number_validation
from ..spec import CondFormat, Formula, SheetSpec, TableSpec
from .staffing_columns import ADDED_LATER, COLUMNS, HEADERS, INPUT_KEYS, escape, header
from .stageteams import StageSeats

__all__ = ["COLUMNS", "HEADER_ROW", "NAMES", "PLATFORM_ROLES", "TITLE", "StaffingRows", "build", "read"]

TITLE = "Staffing"
HEADER_ROW = 4
_COVERS = (
    ("cover_data_science", "CoverDataScience"),
    ("cover_ml_engineering", "CoverMLEngineering"),
    ("cover_infrastructure", "CoverInfrastructure"),
    ("cover_domain", "CoverDomain"),
)


@dataclass(frozen=True)
class StaffingRows:
    """Where the positions are on Staffing: one row each, from ``first`` to ``last``.

    Other sheets reach a Staffing column through its defined name (``column(key)``): a
    structured reference to the table's column, which grows and shrinks with the table when a
    user adds or deletes rows. Sheets that list positions prepare ``slots`` rows, room for
    ``HEADROOM`` more than the plan has.
    """

    first: int
    last: int
    count: int
    positions: tuple[int | None, ...] = ()  # per table row: the index of its position in the plan; None: an empty seat row

    def slot_positions(self, positions: list[Position]) -> list[Position | None]:
        """The position each prepared slot shows (slot k: row k of the table), None where it shows nothing."""
        order = self.positions or tuple(range(len(positions)))
        return [positions[i] if i is not None else None for i in order] + [None] * (self.slots - len(order))

    @property
    def slots(self) -> int:
        return self.count + HEADROOM

    @staticmethod
    def column(key: str) -> str:
        """The defined name of one Staffing column over the positions (``fte`` -> ``StaffFte``)."""
        return NAMES[key]

    def row_of(self, index: int) -> int:
        return self.first + index


PLATFORM_ROLES = ("mlops_engineer", "ml_platform_engineer")  # the roles the "Platform start" column follows
NAMES = {key: "Staff" + "".join(part.title() for part in key.split("_")) for key in COLUMNS}
TABLE = "StaffingTable"
EMPTY_SEAT = ("F2F2F2", "A6A6A6")  # fill and font of an empty seat row's ID and FTE: light grey on grey
HEADROOM = 10  # rows prepared on Budget and the timeline for positions a user adds to the table
_TECHNICAL = (Function.DATA_SCIENCE, Function.ML_ENGINEERING, Function.INFRASTRUCTURE)


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="C5", tab_color="0000FF")
    a = ctx.a
    title(
        s,
        "Staffing",
        "One row per position; type a new one under the table and every sheet counts it. Blue columns are inputs; "
        "salary and cost come from Assumptions by lookup.",
    )
    C = COLUMNS
    ctx.need(RoleBlocks)  # the Roles sheet's index (GuideRoleNames, GuideRoleTargets) that the Guide column looks up
    seats = ctx.need(StageSeats)
    size_text = "IFERROR(INDEX(SizePointTexts,MATCH(Size,SizePointNames,0)),Size)"
    note = f'="Rows with a stage seat follow the team of stage "&Stage&" at "&{size_text}&"; a cell you type over stays yours."'
    shown = f"Rows with a stage seat follow the team of stage {a.stage} at {SIZE_POINTS[a.size]}; a cell you type over stays yours."
    s.put(3, 1, Formula(note), "note", cached=shown)
    s.put(3, C["cover_data_science"], "Check helpers (used by the Checks sheet)", "note")
    # the table's headers name the currency of the last build or refill; this label follows the Currency cell live
    s.put(3, C["annual_salary"], Formula('="Money in "&Currency'), "note", cached=f"Money in {a.currency}")
    s.put(2, C["group"], "Generated rows: the team of", "note")
    basis = '="stage "&Stage&", "&Size&IF(Stage=PerProductStage,", "&Products&" products","")'
    s.put(2, C["manual"], Formula(basis), "calc", cached=team_basis(a))
    ctx.name("TeamBasis", s.name, 2, C["manual"])
    for key, c in C.items():
        s.put(HEADER_ROW, c, header(key, a.currency), "header")
    s.heights[HEADER_ROW] = 54
    lines = seated_team(a)
    now = {line.seat: line for line in team_of(a.stage, a.size, a.products, ctx.catalog)}
    present = {line.seat for line in lines if line.seat is not None}
    live = a.team is None or bool(present)  # a team of the user's own (no seats) gets no rows that follow the stage table
    empty = [k for k in range(len(now) + 1, seats.prepared + 1) if k not in present] if live else []
    # the empty seat rows go right after the last row with a seat: rows a user typed under the table stay below them
    cut = max((i + 1 for i, line in enumerate(lines) if line.seat is not None), default=len(lines))
    order: list[int | None] = [*range(cut), *[None] * len(empty), *range(cut, len(lines))]
    count = len(order)
    rows = StaffingRows(HEADER_ROW + 1, HEADER_ROW + max(count, 1), count, tuple(order))
    width = max(2, len(str(len(lines))))
    empty_seats = iter(empty)
    for i, index in enumerate(order):
        r = rows.row_of(i)
        if index is None:
            k = next(empty_seats)
            _row(ctx, s, r, None, None, k, None, f"P{k:0{width}d}")
        else:
            line, p = lines[index], ctx.plan.positions[index]
            _row(ctx, s, r, p, line, line.seat, now.get(line.seat) if line.seat is not None else None, p.id)
    formulas = {header(key, a.currency): str(cell.value) for (r, c), cell in s.cells.items() if r == rows.first for key in C if C[key] == c}
    # Excel fills a calculated column into a row a user adds: never the seat columns (a new row is the user's own)
    follows = {HEADERS[key] for key in FOLLOWS}
    calculated = {header: text for header, text in formulas.items() if text.startswith("=") and header not in follows}
    s.tables.append(TableSpec(TABLE, f"A{HEADER_ROW}:{col(max(C.values()))}{rows.last}", calculated=calculated))
    for key in C:
        ctx.names[NAMES[key]] = f"{TABLE}[{escape(header(key, a.currency))}]"
    first, last = rows.first, rows.last
    s.validations += [
        list_validation(f"B{first}:B{last}", "RoleNames", "Role"),
        list_validation(f"D{first}:D{last}", "LevelNames", "Level"),
        number_validation(f"F{first}:F{last}", "team.fte", "FTE"),
        list_validation(f"G{first}:G{last}", "team.employment", "Employment"),
        number_validation(_column(C["search_month"], first, last), "team.search_month", "Search month"),
        number_validation(_column(C["end_month"], first, last), "team.end_month", "End month"),
        list_validation(_column(C["manual"], first, last), ["yes"], "Manual row"),
        list_validation(_column(C["location"], first, last), "LocationNames", "Location"),
        number_validation(_column(C["actual_start"], first, last), "team.actual_start", "Actual start"),
    ]
    # an empty seat row (no role yet) is muted: its ID and FTE 0 wait for the team to grow into it
    role_blank = f'${col(C["role"])}{first}=""'
    s.cond_formats += [CondFormat(_column(C[key], first, last), "", *EMPTY_SEAT, formula=role_blank) for key in ("id", "fte")]
    widths = [7, 22, 16, 9, 15, 7, 12, 12, 10, 10, 8, 11, 11, 12, 13, 22, 8, 30, 14, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30, 12, 8, 9]
    s.widths.update({i + 1: w for i, w in enumerate(widths)})
    s.print_area = f"A1:{col(C['pay_factor'])}{rows.last}"
    ctx.hand(rows)
    return s


def _row(
    ctx: Context, s: SheetSpec, r: int, p: Position | None, line: TeamLine | None, seat: int | None, now: TeamLine | None, pid: str
) -> None:
    """One row of the table: position ``p`` (None: an empty seat row, blank until the team grows into it).

    A row with a ``seat`` follows the stage table: its role, level, FTE, employment, group and search
    month are formulas over the Stage teams sheet, except the cells whose value differs from the seat's
    (``now``): the user typed those, and they stay values."""
    C = COLUMNS

    def at(key: str, row: int = r) -> str:
        return f"${col(C[key])}{row}"

    def guarded(formula: str) -> Formula:  # an empty seat row shows nothing, and no error value
        return Formula(f'=IF({at("role")}="","",{formula})')

    role_row = f"MATCH({at('role')},RoleNames,0)"
    seat_formula = {
        # FTE is a number even in an empty seat row (0): sheets multiply it by other columns
        key: f"=IFERROR(N(INDEX({name},{at('seat')})),0)" if key == "fte" else f'=IFERROR(INDEX({name},{at("seat")}),"")'
        for key, name in (
            ("role", "TeamNowRole"),
            ("level", "TeamNowLevel"),
            ("fte", "TeamNowFte"),
            ("employment", "TeamNowEmployment"),
            ("group", "TeamNowGroup"),
        )
    }
    sequence = f"MATCH({at('role')},SequenceRoles,0)"
    top = HEADER_ROW + 1  # the n-th person of a role (people already employed not counted) opens in its n-th window
    nth = f'COUNTIFS(${col(C["role"])}${top}:{at("role")},{at("role")},${col(C["employment"])}${top}:{at("employment")},"<>existing")'
    seat_formula["search_month"] = (
        f'=IF({at("role")}="","",IF({at("employment")}="existing",1,'
        f"IFERROR(INDEX(SequenceMonths,{sequence},MIN({nth},INDEX(SequenceCount,{sequence}))),1)))"  # a role with no sequence: month 1
    )
    values: dict[str, Any] = {key: "" for key in C} | {"fte": 0}
    if p is not None and line is not None:
        values |= {
            "role": p.role_name,
            "level": p.level.value,
            "fte": p.fte,
            "employment": p.employment.value,
            "search_month": p.search_month,
            "end_month": p.end_month,
            "label": p.label,
            "group": p.group,
            "manual": "yes" if p.manual else "",
            "notes": p.notes,
            "location": p.location,
            "actual_start": p.actual_start,
        }
    typed = {"role": "input", "level": "input", "fte": "input", "employment": "input_text", "search_month": "input", "group": "text"}
    fmts = {"fte": "fte", "search_month": "int", "actual_start": "int"}
    s.put(r, C["id"], pid, "label")
    for key in (
        "role",
        "label",
        "level",
        "fte",
        "employment",
        "search_month",
        "end_month",
        "group",
        "manual",
        "notes",
        "location",
        "actual_start",
    ):
        style, fmt = typed.get(key, "input"), fmts.get(key, "int" if key == "end_month" else None)
        if key in FOLLOWS and seat is not None and (p is None or line is None or _follows(line, now, key)):
            s.put(r, C[key], Formula(seat_formula[key]), style, fmt, cached=values[key])
        else:
            s.put(r, C[key], values[key], style, fmt)
    s.put(r, C["seat"], seat, "constant", "int")
    cached = _cached(ctx, p)
    s.put(r, C["function"], Formula(f'=IFERROR(INDEX(RoleFunctions,{role_row}),"")'), "calc", cached=cached["function"])
    existing = f'{at("employment")}="existing"'
    opens = guarded(f"IF({existing},{at('search_month')},{at('search_month')}+HiringDelay)")
    s.put(r, C["search_opens"], opens, "calc", "int", cached=cached["search_opens"])
    to_fill = f'IF({at("employment")}="contractor",ContractorTimeToFill,IFERROR(INDEX(RoleTimeToFill,{role_row}),0))'
    start = guarded(f"IF({existing},{at('search_opens')},{at('search_opens')}+{to_fill})")
    s.put(r, C["start_month"], start, "calc", "int", cached=cached["start_month"])
    start_date = guarded(f"DATE(YEAR(StartDate),MONTH(StartDate)+{at('start_month')}-1,1)")
    s.put(r, C["start_date"], start_date, "calc", "date", cached=cached["start_date"])
    productive = guarded(f"{at('start_month')}+IF({existing},0,IFERROR(INDEX(RoleRampUp,{role_row}),0))")
    s.put(r, C["productive_month"], productive, "calc", "int", cached=cached["productive_month"])
    factor = guarded(pay_factor_formula(at("location")).removeprefix("="))
    s.put(r, C["pay_factor"], factor, "calc", "index", cached=cached["pay_factor"])
    salary = guarded(f"IFERROR(ROUND(INDEX(SalaryTable,{role_row},MATCH({at('level')},LevelNames,0))*{at('pay_factor')},2),0)")
    s.put(r, C["annual_salary"], salary, "calc", "money", cached=cached["annual_salary"])
    cost = guarded(
        f'IF({at("employment")}="contractor",ROUND(IFERROR(INDEX(RoleContractorRate,{role_row}),0)*{at("pay_factor")},2)'
        f"*ContractorHours*MonthsPerYear*{at('fte')},"
        f"{at('annual_salary')}*{at('fte')}*LoadedMultiplier)"
    )
    s.put(r, C["annual_cost"], cost, "calc", "money", cached=cached["annual_cost"])
    # the model plans a row whose role it knows at a level the role has (a salary cell of the role's level);
    # any other row is flagged on Checks and left out of every count and total, as the model leaves it out
    level_col = f"MATCH({at('level')},LevelNames,0)"
    known = f"IF(ISNA({role_row}),0,IF(ISNA({level_col}),0,IF(COUNT(INDEX(SalaryTable,{role_row},{level_col}))=1,1,0)))"
    s.put(r, C["in_plan"], Formula(f'=IF({at("role")}="",0,{known})'), "calc", "int", cached=0 if p is None else 1)
    planned = f"{at('in_plan')}=1"
    for key, table in _COVERS:
        lowest = f"INDEX({table},{role_row})"
        level_covers = f"IF(MATCH({at('level')},LevelNames,0)>=MATCH({lowest},LevelNames,0),{at('fte')},0)"
        gone = f"AND(N({at('end_month')})>0,N({at('end_month')})<Horizon)"
        covers = f'IFERROR(IF(OR({lowest}="",{gone},NOT({planned})),0,{level_covers}),0)'
        s.put(r, C[key], guarded(covers), "calc", "fte", cached=cached[key])
    technical = ",".join(f'{at("function")}="{FUNCTION_LABELS[f]}"' for f in _TECHNICAL)
    technical_row = f'IF(AND(OR({technical}),{at("level")}<>"lead",{planned}),1,0)'
    s.put(r, C["technical"], guarded(technical_row), "calc", "int", cached=cached["technical"])
    names = {key: ctx.catalog.role(role).name for key, role in (("ds", "data_scientist"), ("mlops", "mlops_engineer"))}
    platform = ",".join(f'{at("role")}="{ctx.catalog.role(name).name}"' for name in PLATFORM_ROLES)
    for key, test in (
        ("ds_start", f'{at("role")}="{names["ds"]}"'),
        ("eng_start", f"{at('cover_ml_engineering')}>0"),
        ("mlops_start", f'{at("role")}="{names["mlops"]}"'),
        ("platform_start", f"OR({platform})"),
    ):
        s.put(r, C[key], Formula(f'=IF(AND({test},{planned}),{at("start_month")},"")'), "calc", "int", cached=cached[key])
    # a link to the role's block on Roles, looked up live: it follows a role typed into the row
    guide = f'=IFERROR(HYPERLINK("#"&INDEX(GuideRoleTargets,MATCH({at("role")},GuideRoleNames,0)),"Roles: "&{at("role")}),"")'
    s.put(r, C["guide"], Formula(guide), "hyperlink", cached=cached["guide"])


def _follows(line: TeamLine, now: TeamLine | None, key: str) -> bool:
    """Whether a seat row's cell still follows the stage table: the user's value is the seat's."""
    if key == "search_month":
        return line.search_month is None
    return now is not None and getattr(line, key) == getattr(now, key)


def _cached(ctx: Context, p: Position | None) -> dict[str, Any]:
    """The model's value of each calculated cell of a row (all blank for an empty seat row)."""
    keys = [k for k in COLUMNS if k not in INPUT_KEYS]
    if p is None:
        return dict.fromkeys(keys, "")
    covers = ctx.catalog.role(p.role).covers(p.level)
    gone = p.end_month is not None and p.end_month < ctx.a.horizon_months  # leaves before the plan's last month

    def start_if(flag: bool) -> int | str:
        return p.start_month if flag else ""

    return {
        "function": ctx.state.role_functions.get(p.role_name, FUNCTION_LABELS[p.function]),
        "search_opens": p.search_opens,
        "start_month": p.start_month,
        "start_date": month_start(ctx.a.start_date, p.start_month),
        "productive_month": p.productive_month,
        "pay_factor": p.pay_factor,
        "annual_salary": p.annual_salary,
        "annual_cost": p.annual_cost,
        **{key: p.fte if Function(key.removeprefix("cover_")) in covers and not gone else 0 for key, _ in _COVERS},
        "technical": int(p.function in _TECHNICAL and p.level != Level.LEAD),
        "ds_start": start_if(p.role == "data_scientist"),
        "eng_start": start_if(Function.ML_ENGINEERING in covers),
        "mlops_start": start_if(p.role == "mlops_engineer"),
        "platform_start": start_if(p.role in PLATFORM_ROLES),
        "guide": f"Roles: {p.role_name}",
    }


def pay_factor_formula(location: str) -> str:
    """Reporting currency per unit of base pay at a row's location (blank: the first, the base
    location): its pay multiplier x its exchange rate, as ``xl_aiteam.locations`` computes it. A
    location the table does not list, or a rate that is not a number, gives 0 (Checks flags it)."""
    at = f"MATCH({location},LocationNames,0)"
    listed = f"IFERROR(INDEX(LocationMultipliers,{at})*INDEX(LocationRates,{at}),0)"
    return f'=IF({location}="",IFERROR(INDEX(LocationMultipliers,1)*INDEX(LocationRates,1),0),{listed})'


def _column(column: int, first: int, last: int) -> str:
    return f"{col(column)}{first}:{col(column)}{last}"


# the table's headers as the earlier version of the workbook wrote them (before end months and the
# hiring delay), so a workbook saved then still reads; any other order is refused
_EARLIER = (
    "ID", "Role", "Label", "Level", "Function", "FTE", "Employment", "Search opens (month)", "Start month", "Start date",
    "Productive from (month)", "Annual salary", "Loaded annual cost", "Group", "Manual row", "Notes",
)  # fmt: skip
_EARLIER_KEYS = {"Search opens (month)": "search_month"}


def read(port: BookPort, ids: dict[str, str]) -> list[dict[str, Any]]:
    """The positions on the sheet as team lines (``ids``: role name -> role id).

    Columns are read by their headers in row 4. ID ... Notes must stay where the layout puts them
    (or where the earlier version put them: a refill writes there); the columns added later
    (Location, Actual start, Stage seat) are read wherever they are, and a workbook without them
    reads as all at the base location, as planned, and with no row following the stage table.
    A table whose columns were moved is refused, naming what is expected."""
    if TITLE not in port.sheet_names():
        raise WorkbookError(port.label, f"the {TITLE} sheet is missing: is this a planner workbook?", code="missing_sheet")
    width = max(COLUMNS.values())
    header = [str(h or "").strip() for h in port.values(TITLE, HEADER_ROW, 1, HEADER_ROW, width)[0]]
    fixed = [HEADERS[key] for key in COLUMNS if COLUMNS[key] <= COLUMNS["notes"]]
    shown = [re.sub(r" \([A-Z]{3}\)$", "", text) for text in header[: len(fixed)]]  # "Annual salary (EUR)": any currency
    if shown == fixed:
        texts = {text: key for key, text in HEADERS.items()}
    elif tuple(header[: len(_EARLIER)]) == _EARLIER:
        texts = {text: key for key, text in HEADERS.items()} | _EARLIER_KEYS
        shown = list(_EARLIER)
    else:
        raise WorkbookError(
            port.label,
            f"the {TITLE} table's columns were moved: ID, Role ... Notes must stay in A to {col(COLUMNS['notes'])} of row {HEADER_ROW}",
            code="moved_columns",
        )
    where = {texts[text]: i for i, text in enumerate(shown) if texts.get(text) in INPUT_KEYS}
    for key in ADDED_LATER:
        if HEADERS[key] in header:
            where[key] = header.index(HEADERS[key])

    def end(row: list[Any]) -> bool:  # a row with a role but no ID is a row the user added: it is read, and numbered on refill
        return row[where["id"]] in (None, "") and row[where["role"]] in (None, "")

    def formula(value: Any) -> bool:
        return isinstance(value, str) and value.startswith("=")

    team = []
    # contents: a cell that follows the stage table holds a formula, which the model replaces by the seat's value
    for at, row in enumerate(rows_until(port, TITLE, HEADER_ROW + 1, 1, width, end, contents=True), start=HEADER_ROW + 1):

        def value(key: str, row: list[Any] = row) -> Any:
            if key not in where or (key in FOLLOWS and formula(row[where[key]])):
                return None
            return scalar(row[where[key]])

        seat = value("seat")
        follows = [key for key in FOLLOWS if key in where and formula(row[where[key]])]
        role = value("role")
        team.append(
            {
                "id": str(value("id") or ""),
                "role": ids.get(role, role),
                "level": value("level"),
                "fte": value("fte"),
                "employment": value("employment"),
                "search_month": value("search_month"),
                "end_month": value("end_month") if value("end_month") not in ("", None) else None,
                "label": str(value("label") or ""),
                "group": str(value("group") or ""),
                "manual": str(value("manual") or "").strip().lower() == "yes",
                "notes": str(value("notes") or ""),
                "location": str(value("location") or "").strip(),
                "actual_start": value("actual_start") if value("actual_start") not in ("", None) else None,
                "seat": seat if isinstance(seat, int) and not isinstance(seat, bool) and seat > 0 else None,
                "follows": follows,
                "row": at,  # the sheet row, for messages (rows that follow no seat now are left out of the team)
            }
        )
    return team
