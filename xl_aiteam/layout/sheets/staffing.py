"""Staffing: one row per position, as an Excel table. Inputs in blue; lookups and check helpers beside them.

``build`` writes the table and hands on :class:`StaffingRows` (where the positions are);
``read`` reads the rows back as team lines for the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ...catalog import Function, Level
from ...errors import WorkbookError
from ...plan import SIZE_POINTS, team_basis
from ..a1 import col
from ..blocks import RoleBlocks
from ..common import FUNCTION_LABELS, title
from ..context import Context
from ..months import month_start
from ..port import BookPort, rows_until, scalar
from ..rules import list_validation, number_validation
from ..spec import Formula, SheetSpec, TableSpec

__all__ = ["COLUMNS", "HEADER_ROW", "NAMES", "PLATFORM_ROLES", "TITLE", "StaffingRows", "build", "read"]

TITLE = "Staffing"
HEADER_ROW = 4
# Staffing table columns (1-based), shared with the workbook reader.
COLUMNS = {
    "id": 1,
    "role": 2,
    "label": 3,
    "level": 4,
    "function": 5,
    "fte": 6,
    "employment": 7,
    "search_month": 8,
    "end_month": 9,
    "search_opens": 10,
    "start_month": 11,
    "start_date": 12,
    "productive_month": 13,
    "annual_salary": 14,
    "annual_cost": 15,
    "group": 16,
    "manual": 17,
    "notes": 18,
    "location": 19,
    "pay_factor": 20,
    "cover_data_science": 21,
    "cover_ml_engineering": 22,
    "cover_infrastructure": 23,
    "cover_domain": 24,
    "technical": 25,
    "ds_start": 26,
    "eng_start": 27,
    "mlops_start": 28,
    "platform_start": 29,
    "guide": 30,
}
INPUT_KEYS = ("id", "role", "label", "level", "fte", "employment", "search_month", "end_month", "group", "manual", "notes", "location")
MONEY_KEYS = ("annual_salary", "annual_cost")  # their headers name the reporting currency: "Annual salary (EUR)"
HEADERS = {
    "id": "ID",
    "role": "Role",
    "label": "Label",
    "level": "Level",
    "function": "Function",
    "fte": "FTE",
    "employment": "Employment",
    "search_month": "Search planned (existing: 1st month)",
    "end_month": "End month (blank: stays)",
    "search_opens": "Search opens (after delay)",
    "start_month": "Start month",
    "start_date": "Start date",
    "productive_month": "Productive from (month)",
    "annual_salary": "Annual salary",
    "annual_cost": "Loaded annual cost",
    "group": "Group",
    "manual": "Manual row",
    "notes": "Notes",
    "location": "Location (blank: base)",
    "pay_factor": "Pay factor (location)",
    "cover_data_science": "Data science FTE",
    "cover_ml_engineering": "ML engineering FTE",
    "cover_infrastructure": "Infrastructure FTE",
    "cover_domain": "Domain FTE",
    "technical": "Technical, levelled",
    "ds_start": "Data scientist start",
    "eng_start": "Engineer start",
    "mlops_start": "MLOps start",
    "platform_start": "Platform start",
    "guide": "Hiring guide",
}
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
    s.put(3, 1, f"Generated rows are the team of stage {a.stage} at {SIZE_POINTS[a.size]}.", "note")
    s.put(3, C["cover_data_science"], "Check helpers (used by the Checks sheet)", "note")
    # the table's headers name the currency of the last build or refill; this label follows the Currency cell live
    s.put(3, C["annual_salary"], Formula('="Money in "&Currency'), "note", cached=f"Money in {a.currency}")
    s.put(2, C["group"], "Generated rows: the team of", "note")
    s.put(2, C["manual"], team_basis(a), "constant")
    ctx.name("TeamBasis", s.name, 2, C["manual"])
    for key, c in C.items():
        s.put(HEADER_ROW, c, header(key, a.currency), "header")
    s.heights[HEADER_ROW] = 54
    rows = StaffingRows(HEADER_ROW + 1, HEADER_ROW + max(len(ctx.plan.positions), 1), len(ctx.plan.positions))
    data_scientist = ctx.catalog.role("data_scientist").name
    mlops = ctx.catalog.role("mlops_engineer").name
    platform_ids = PLATFORM_ROLES
    platform_roles = [ctx.catalog.role(r).name for r in platform_ids]
    for i, p in enumerate(ctx.plan.positions):
        r = rows.row_of(i)

        def at(key: str, row: int = r) -> str:
            return f"${col(C[key])}{row}"

        role_row = f"MATCH({at('role')},RoleNames,0)"
        covers = ctx.catalog.role(p.role).covers(p.level)
        s.put(r, C["id"], p.id, "label")
        s.put(r, C["role"], p.role_name, "input")
        s.put(r, C["label"], p.label, "input")
        s.put(r, C["level"], p.level.value, "input")
        s.put(
            r,
            C["function"],
            Formula(f'=IFERROR(INDEX(RoleFunctions,{role_row}),"")'),
            "calc",
            cached=ctx.state.role_functions.get(p.role_name, FUNCTION_LABELS[p.function]),
        )
        s.put(r, C["fte"], p.fte, "input", "fte")
        s.put(r, C["employment"], p.employment.value, "input_text")
        s.put(r, C["search_month"], p.search_month, "input", "int")
        s.put(r, C["end_month"], p.end_month, "input", "int")
        existing = f'{at("employment")}="existing"'
        opens = Formula(f"=IF({existing},{at('search_month')},{at('search_month')}+HiringDelay)")
        s.put(r, C["search_opens"], opens, "calc", "int", cached=p.search_opens)
        to_fill = f'IF({at("employment")}="contractor",ContractorTimeToFill,IFERROR(INDEX(RoleTimeToFill,{role_row}),0))'
        start = Formula(f"=IF({existing},{at('search_opens')},{at('search_opens')}+{to_fill})")
        s.put(r, C["start_month"], start, "calc", "int", cached=p.start_month)
        start_date = Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+{at('start_month')}-1,1)")
        s.put(r, C["start_date"], start_date, "calc", "date", cached=month_start(ctx.a.start_date, p.start_month))
        productive = Formula(f"={at('start_month')}+IF({existing},0,IFERROR(INDEX(RoleRampUp,{role_row}),0))")
        s.put(r, C["productive_month"], productive, "calc", "int", cached=p.productive_month)
        s.put(r, C["location"], p.location, "input")
        s.put(r, C["pay_factor"], Formula(pay_factor_formula(at("location"))), "calc", "index", cached=p.pay_factor)
        salary = Formula(f"=IFERROR(ROUND(INDEX(SalaryTable,{role_row},MATCH({at('level')},LevelNames,0))*{at('pay_factor')},2),0)")
        s.put(r, C["annual_salary"], salary, "calc", "money", cached=p.annual_salary)
        s.put(
            r,
            C["annual_cost"],
            Formula(
                f'=IF({at("employment")}="contractor",ROUND(IFERROR(INDEX(RoleContractorRate,{role_row}),0)*{at("pay_factor")},2)'
                f"*ContractorHours*MonthsPerYear*{at('fte')},"
                f"{at('annual_salary')}*{at('fte')}*LoadedMultiplier)"
            ),
            "calc",
            "money",
            cached=p.annual_cost,
        )
        s.put(r, C["group"], p.group, "text")
        s.put(r, C["manual"], "yes" if p.manual else "", "input")
        s.put(r, C["notes"], p.notes, "input")
        gone = p.end_month is not None and p.end_month < a.horizon_months  # leaves before the plan's last month
        for key, table in _COVERS:
            lowest = f"INDEX({table},{role_row})"
            level_covers = f"IF(MATCH({at('level')},LevelNames,0)>=MATCH({lowest},LevelNames,0),{at('fte')},0)"
            s.put(
                r,
                C[key],
                Formula(f'=IFERROR(IF(OR({lowest}="",AND(N({at("end_month")})>0,N({at("end_month")})<Horizon)),0,{level_covers}),0)'),
                "calc",
                "fte",
                cached=p.fte if Function(key.removeprefix("cover_")) in covers and not gone else 0,
            )
        technical = ",".join(f'{at("function")}="{FUNCTION_LABELS[f]}"' for f in _TECHNICAL)
        is_technical = int(p.function in _TECHNICAL and p.level != Level.LEAD)
        s.put(r, C["technical"], Formula(f'=IF(AND(OR({technical}),{at("level")}<>"lead"),1,0)'), "calc", "int", cached=is_technical)

        def start_if(flag: bool, start: int = p.start_month) -> int | str:
            return start if flag else ""

        s.put(
            r,
            C["ds_start"],
            Formula(f'=IF({at("role")}="{data_scientist}",{at("start_month")},"")'),
            "calc",
            "int",
            cached=start_if(p.role == "data_scientist"),
        )
        s.put(
            r,
            C["eng_start"],
            Formula(f'=IF({at("cover_ml_engineering")}>0,{at("start_month")},"")'),
            "calc",
            "int",
            cached=start_if(Function.ML_ENGINEERING in covers),
        )
        s.put(
            r,
            C["mlops_start"],
            Formula(f'=IF({at("role")}="{mlops}",{at("start_month")},"")'),
            "calc",
            "int",
            cached=start_if(p.role == "mlops_engineer"),
        )
        platform = ",".join(f'{at("role")}="{name}"' for name in platform_roles)
        s.put(
            r,
            C["platform_start"],
            Formula(f'=IF(OR({platform}),{at("start_month")},"")'),
            "calc",
            "int",
            cached=start_if(p.role in platform_ids),
        )
        # a link to the role's block on Roles, looked up live: it follows a role typed into the row
        s.put(
            r,
            C["guide"],
            Formula(f'=IFERROR(HYPERLINK("#"&INDEX(GuideRoleTargets,MATCH({at("role")},GuideRoleNames,0)),"Roles: "&{at("role")}),"")'),
            "hyperlink",
            cached=f"Roles: {p.role_name}",
        )
    formulas = {header(key, a.currency): str(cell.value) for (r, c), cell in s.cells.items() if r == rows.first for key in C if C[key] == c}
    calculated = {header: text for header, text in formulas.items() if text.startswith("=")}
    s.tables.append(TableSpec(TABLE, f"A{HEADER_ROW}:{col(max(C.values()))}{rows.last}", calculated=calculated))
    for key in C:
        ctx.names[NAMES[key]] = f"{TABLE}[{_escape(header(key, a.currency))}]"
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
    ]
    widths = [7, 22, 16, 9, 15, 7, 12, 12, 10, 10, 8, 11, 11, 12, 13, 22, 8, 30, 14, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 30]
    s.widths.update({i + 1: w for i, w in enumerate(widths)})
    s.print_area = f"A1:{col(C['pay_factor'])}{rows.last}"
    ctx.hand(rows)
    return s


def header(key: str, currency: str) -> str:
    """A column's header; a money column's names the reporting currency."""
    return f"{HEADERS[key]} ({currency})" if key in MONEY_KEYS else HEADERS[key]


def pay_factor_formula(location: str) -> str:
    """Reporting currency per unit of base pay at a row's location (blank: the first, the base
    location): its pay multiplier x its exchange rate, as ``xl_aiteam.locations`` computes it. A
    location the table does not list, or a rate that is not a number, gives 0 (Checks flags it)."""
    at = f"MATCH({location},LocationNames,0)"
    listed = f"IFERROR(INDEX(LocationMultipliers,{at})*INDEX(LocationRates,{at}),0)"
    return f'=IF({location}="",IFERROR(INDEX(LocationMultipliers,1)*INDEX(LocationRates,1),0),{listed})'


def _escape(header: str) -> str:
    """A column name as a structured reference writes it: ' [ ] and # take a ' before them."""
    return "".join("'" + ch if ch in "'[]#" else ch for ch in header)


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
    (or where the earlier version put them: a refill writes there); the Location column, added
    later, is read wherever it is, and a workbook without it reads as all at the base location.
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
    if HEADERS["location"] in header:
        where["location"] = header.index(HEADERS["location"])

    def end(row: list[Any]) -> bool:  # a row with a role but no ID is a row the user added: it is read, and numbered on refill
        return row[where["id"]] in (None, "") and row[where["role"]] in (None, "")

    team = []
    for row in rows_until(port, TITLE, HEADER_ROW + 1, 1, width, end):

        def value(key: str, row: list[Any] = row) -> Any:
            return scalar(row[where[key]]) if key in where else None

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
            }
        )
    return team
