"""Staffing: one row per position, as an Excel table. Inputs in blue; lookups and check helpers beside them.

``build`` writes the table and hands on :class:`StaffingRows` (where the positions are);
``read`` reads the rows back as team lines for the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...catalog import Function, Level
from ...errors import WorkbookError
from ...plan import SIZE_POINTS, team_basis
from ..a1 import col
from ..common import FUNCTION_LABELS, title
from ..context import Context
from ..months import month_start
from ..port import BookPort, rows_until, scalar
from ..rules import list_validation, number_validation
from ..spec import Formula, SheetSpec, TableSpec

__all__ = ["COLUMNS", "HEADER_ROW", "NAMES", "TITLE", "StaffingRows", "build", "read"]

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
    "start_month": 9,
    "start_date": 10,
    "productive_month": 11,
    "annual_salary": 12,
    "annual_cost": 13,
    "group": 14,
    "manual": 15,
    "notes": 16,
    "cover_data_science": 17,
    "cover_ml_engineering": 18,
    "cover_infrastructure": 19,
    "cover_domain": 20,
    "technical": 21,
    "ds_start": 22,
    "eng_start": 23,
    "mlops_start": 24,
    "platform_start": 25,
}
HEADERS = {
    "id": "ID",
    "role": "Role",
    "label": "Label",
    "level": "Level",
    "function": "Function",
    "fte": "FTE",
    "employment": "Employment",
    "search_month": "Search opens (month)",
    "start_month": "Start month",
    "start_date": "Start date",
    "productive_month": "Productive from (month)",
    "annual_salary": "Annual salary",
    "annual_cost": "Loaded annual cost",
    "group": "Group",
    "manual": "Manual row",
    "notes": "Notes",
    "cover_data_science": "Data science FTE",
    "cover_ml_engineering": "ML engineering FTE",
    "cover_infrastructure": "Infrastructure FTE",
    "cover_domain": "Domain FTE",
    "technical": "Technical, levelled",
    "ds_start": "Data scientist start",
    "eng_start": "Engineer start",
    "mlops_start": "MLOps start",
    "platform_start": "Platform start",
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

    Other sheets reach a Staffing column through its defined name (``column(key)``), which
    Excel keeps right when a user inserts or deletes rows.
    """

    first: int
    last: int
    count: int

    @staticmethod
    def column(key: str) -> str:
        """The defined name of one Staffing column over the positions (``fte`` -> ``StaffFte``)."""
        return NAMES[key]

    def row_of(self, index: int) -> int:
        return self.first + index


NAMES = {key: "Staff" + "".join(part.title() for part in key.split("_")) for key in COLUMNS}
_TECHNICAL = (Function.DATA_SCIENCE, Function.ML_ENGINEERING, Function.INFRASTRUCTURE)


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="C5", tab_color="0000FF")
    a = ctx.a
    title(
        s,
        "Staffing",
        f"One row per position: {len(ctx.plan.positions)} positions, {ctx.plan.fte:g} FTE. Blue columns are inputs; "
        "salary and cost come from Assumptions by lookup.",
    )
    C = COLUMNS
    s.put(3, 1, f"Generated rows are the team of stage {a.stage} at {SIZE_POINTS[a.size]}.", "note")
    s.put(3, C["cover_data_science"], "Check helpers (used by the Checks sheet)", "note")
    s.put(2, C["group"], "Generated rows: the team of", "note")
    s.put(2, C["manual"], team_basis(a), "constant")
    ctx.name("TeamBasis", s.name, 2, C["manual"])
    for key, c in C.items():
        s.put(HEADER_ROW, c, HEADERS[key], "header")
    s.heights[HEADER_ROW] = 40
    rows = StaffingRows(HEADER_ROW + 1, HEADER_ROW + max(len(ctx.plan.positions), 1), len(ctx.plan.positions))
    data_scientist = ctx.catalog.role("data_scientist").name
    mlops = ctx.catalog.role("mlops_engineer").name
    platform_ids = ("mlops_engineer", "ml_platform_engineer")
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
        s.put(r, C["function"], Formula(f"=INDEX(RoleFunctions,{role_row})"), "calc", cached=FUNCTION_LABELS[p.function])
        s.put(r, C["fte"], p.fte, "input", "fte")
        s.put(r, C["employment"], p.employment.value, "input_text")
        s.put(r, C["search_month"], p.search_month, "input", "int")
        s.put(
            r,
            C["start_month"],
            Formula(f'={at("search_month")}+IF({at("employment")}="contractor",ContractorTimeToFill,INDEX(RoleTimeToFill,{role_row}))'),
            "calc",
            "int",
            cached=p.start_month,
        )
        start_date = Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+{at('start_month')}-1,1)")
        s.put(r, C["start_date"], start_date, "calc", "date", cached=month_start(ctx.a.start_date, p.start_month))
        productive = Formula(f"={at('start_month')}+INDEX(RoleRampUp,{role_row})")
        s.put(r, C["productive_month"], productive, "calc", "int", cached=p.productive_month)
        salary = Formula(f"=INDEX(SalaryTable,{role_row},MATCH({at('level')},LevelNames,0))")
        s.put(r, C["annual_salary"], salary, "calc", "money", cached=p.annual_salary)
        s.put(
            r,
            C["annual_cost"],
            Formula(
                f'=IF({at("employment")}="contractor",INDEX(RoleContractorRate,{role_row})*ContractorHours*MonthsPerYear*{at("fte")},'
                f"{at('annual_salary')}*{at('fte')}*LoadedMultiplier)"
            ),
            "calc",
            "money",
            cached=p.annual_cost,
        )
        s.put(r, C["group"], p.group, "text")
        s.put(r, C["manual"], "yes" if p.manual else "", "input")
        s.put(r, C["notes"], p.notes, "input")
        for key, table in _COVERS:
            lowest = f"INDEX({table},{role_row})"
            s.put(
                r,
                C[key],
                Formula(f'=IF({lowest}="",0,IF(MATCH({at("level")},LevelNames,0)>=MATCH({lowest},LevelNames,0),{at("fte")},0))'),
                "calc",
                "fte",
                cached=p.fte if Function(key.removeprefix("cover_")) in covers else 0,
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
    s.tables.append(TableSpec("StaffingTable", f"A{HEADER_ROW}:{col(max(C.values()))}{rows.last}"))
    for key, c in C.items():
        ctx.name(NAMES[key], s.name, rows.first, c, rows.last, c)
    first, last = rows.first, rows.last
    s.validations += [
        list_validation(f"B{first}:B{last}", "RoleNames", "Role"),
        list_validation(f"D{first}:D{last}", "LevelNames", "Level"),
        number_validation(f"F{first}:F{last}", "team.fte", "FTE"),
        list_validation(f"G{first}:G{last}", "team.employment", "Employment"),
        number_validation(f"H{first}:H{last}", "team.search_month", "Search month"),
        list_validation(f"O{first}:O{last}", ["yes"], "Manual row"),
    ]
    widths = [7, 22, 16, 9, 15, 7, 12, 10, 8, 11, 11, 12, 13, 22, 8, 30, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    s.widths.update({i + 1: w for i, w in enumerate(widths)})
    s.print_area = f"A1:P{rows.last}"
    ctx.hand(rows)
    return s


def read(port: BookPort, ids: dict[str, str]) -> list[dict[str, Any]]:
    """The positions on the sheet as team lines (``ids``: role name -> role id)."""
    if TITLE not in port.sheet_names():
        raise WorkbookError(port.label, f"the {TITLE} sheet is missing: is this a planner workbook?", code="missing_sheet")
    C = COLUMNS
    header = port.values(TITLE, HEADER_ROW, 1, HEADER_ROW, C["notes"])[0]
    if [str(h or "") for h in header[:2]] != ["ID", "Role"] or header[C["notes"] - 1] != "Notes":
        raise WorkbookError(
            port.label, f"the {TITLE} table's columns were moved: ID, Role ... Notes must stay in A to P", code="moved_columns"
        )

    def end(row: list[Any]) -> bool:  # a row with a role but no ID is a row the user added: it is read, and numbered on refill
        return row[C["id"] - 1] in (None, "") and row[C["role"] - 1] in (None, "")

    team = []
    for row in rows_until(port, TITLE, HEADER_ROW + 1, 1, C["notes"], end):

        def value(key: str, row: list[Any] = row) -> Any:
            return scalar(row[C[key] - 1])

        role = value("role")
        team.append(
            {
                "id": str(value("id") or ""),
                "role": ids.get(role, role),
                "level": value("level"),
                "fte": value("fte"),
                "employment": value("employment"),
                "search_month": value("search_month"),
                "label": str(value("label") or ""),
                "group": str(value("group") or ""),
                "manual": str(value("manual") or "").strip().lower() == "yes",
                "notes": str(value("notes") or ""),
            }
        )
    return team
