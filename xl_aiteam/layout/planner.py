"""The planner workbook, described once.

``planner_layout(plan)`` returns a :class:`WorkbookSpec`: every sheet, every input cell
with its named range, every live formula. Each Budget formula mirrors a rule of
``xl_aiteam.budget`` term for term (the same order of operations, the same ROUND), so a
spreadsheet engine and the Python model compute the same cents independently.

Where is a Budget formula defined?  ``_budget`` below, one ``Formula`` per cost line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..assumptions import Assumptions
from ..catalog import Employment, Level, load_catalog
from ..plan import Plan, team_basis
from ..playbook import STATUSES, playbook_frame
from .spec import (
    STYLES,
    Chart,
    CondFormat,
    Formula,
    SheetSpec,
    TableSpec,
    Validation,
    WorkbookSpec,
    area,
    col,
    ref,
)

__all__ = [
    "GENERATED",
    "INPUTS",
    "MONTHS",
    "SHEET",
    "STAFFING_COLUMNS",
    "InputSpec",
    "planner_layout",
]

MONTHS = 60  # prepared timeline columns: the horizon can be changed up to this many months
FIRST = 9  # column I: the first month on every timeline sheet
LAST = FIRST + MONTHS - 1
QUARTERS = 21  # calendar quarters a 60-month plan can touch
YEARS = 6

SHEET = {
    "start": "Start",
    "inputs": "Assumptions",
    "staffing": "Staffing",
    "compute": "Compute",
    "budget": "Budget",
    "timeline": "Hiring timeline",
    "playbook": "90-day playbook",
    "summary": "Summary",
    "skills": "Skills matrix",
    "checks": "Checks",
}
# Sheets a refill rewrites from the model; Assumptions, Compute and Skills matrix are left as the user keeps them.
GENERATED = ("start", "staffing", "budget", "timeline", "playbook", "summary", "checks")
LEVELS = [lvl.value for lvl in Level]
EMPLOYMENT = [e.value for e in Employment]
FUNCTION_LABELS = {
    "data_science": "data science",
    "ml_engineering": "ML engineering",
    "infrastructure": "infrastructure",
    "domain": "domain",
    "product": "product",
    "leadership": "leadership",
}
GRID = {"search": "S", "ramp-up": "R", "on board": "O"}


@dataclass(frozen=True)
class InputSpec:
    """One scalar input: its named range, the Assumptions field, and how it is shown."""

    name: str
    field: str  # dotted path into Assumptions ("pricing_mix.spot")
    label: str
    unit: str
    fmt: str
    kind: Literal["whole", "decimal", "date", "list", "text"]  # the validation
    low: float | str | None = None
    high: float | str | None = None
    source_key: str = ""  # key in defaults.yaml scalars / stage_defaults, for the source column
    section: str = ""


INPUTS: tuple[InputSpec, ...] = (
    InputSpec("StartDate", "start_date", "Plan start date", "date", "date", "date", "2000-01-01", "2099-12-31", "start_date", "Plan"),
    InputSpec("Horizon", "horizon_months", "Horizon", "months", "int", "whole", 1, MONTHS, "horizon_months", "Plan"),
    InputSpec("Stage", "stage", "Maturity stage", "1, 2 or 3", "int", "list", '"1,2,3"', None, "stage", "Plan"),
    InputSpec("Size", "size", "Point of the seed ranges", "low / mid / high", "text", "list", '"low,mid,high"', None, "size", "Plan"),
    InputSpec(
        "Products",
        "products",
        "Products with an applied ML team",
        "products (stage 3)",
        "int",
        "whole",
        1,
        20,
        "products",
        "Plan",
    ),
    InputSpec("Currency", "currency", "Currency of all money figures", "ISO code", "text", "text", None, None, "", "Plan"),
    InputSpec(
        "LoadedMultiplier",
        "loaded_multiplier",
        "Loaded-cost multiplier",
        "x salary",
        "number",
        "decimal",
        1,
        5,
        "loaded_multiplier",
        "People",
    ),
    InputSpec(
        "AnnualRaise",
        "annual_raise",
        "Annual raise of the pay grid",
        "% a year",
        "percent",
        "decimal",
        0,
        0.5,
        "annual_raise",
        "People",
    ),
    InputSpec(
        "RecruitingFee",
        "recruiting_cost_per_hire",
        "Recruiting cost per permanent hire",
        "currency",
        "money",
        "decimal",
        0,
        1e9,
        "recruiting_cost_per_hire",
        "People",
    ),
    InputSpec(
        "Attrition",
        "attrition_rate",
        "Attrition (backfill recruiting)",
        "% a year",
        "percent",
        "decimal",
        0,
        1,
        "attrition_rate",
        "People",
    ),
    InputSpec(
        "ContractorHours",
        "contractor_hours_per_month",
        "Contractor hours",
        "hours a month",
        "number",
        "decimal",
        1,
        744,
        "contractor_hours_per_month",
        "People",
    ),
    InputSpec(
        "ContractorTimeToFill",
        "contractor_time_to_fill_months",
        "Contractor time to start",
        "months",
        "int",
        "whole",
        0,
        24,
        "contractor_time_to_fill_months",
        "People",
    ),
    InputSpec("GpuType", "gpu_type", "GPU type (price list below)", "GPU id", "text", "list", "GpuIds", None, "gpu_type", "Compute"),
    InputSpec(
        "MixOnDemand",
        "pricing_mix.on_demand",
        "GPU-hours bought on demand",
        "% of hours",
        "percent",
        "decimal",
        0,
        1,
        "pricing_mix",
        "Compute",
    ),
    InputSpec(
        "MixReserved",
        "pricing_mix.reserved",
        "GPU-hours reserved",
        "% of hours",
        "percent",
        "decimal",
        0,
        1,
        "pricing_mix",
        "Compute",
    ),
    InputSpec("MixSpot", "pricing_mix.spot", "GPU-hours on spot", "% of hours", "percent", "decimal", 0, 1, "pricing_mix", "Compute"),
    InputSpec(
        "ReservedDiscount",
        "reserved_discount",
        "Reserved discount",
        "% off on-demand",
        "percent",
        "decimal",
        0,
        0.99,
        "reserved_discount",
        "Compute",
    ),
    InputSpec(
        "SpotDiscount",
        "spot_discount",
        "Spot discount",
        "% off on-demand",
        "percent",
        "decimal",
        0,
        0.99,
        "spot_discount",
        "Compute",
    ),
    InputSpec(
        "Utilisation",
        "utilisation",
        "GPU utilisation",
        "% of billed time",
        "percent",
        "decimal",
        0.01,
        1,
        "utilisation",
        "Compute",
    ),
    InputSpec(
        "TrainingHours",
        "training_gpu_hours_per_month",
        "Training GPU-hours",
        "useful hours a month",
        "number",
        "decimal",
        0,
        1e8,
        "training_gpu_hours_per_month",
        "Compute",
    ),
    InputSpec(
        "InferenceHours",
        "inference_gpu_hours_per_month",
        "Inference GPU-hours",
        "useful hours a month",
        "number",
        "decimal",
        0,
        1e8,
        "inference_gpu_hours_per_month",
        "Compute",
    ),
    InputSpec(
        "DataProcessingShare",
        "data_processing_share",
        "Data processing",
        "% of all compute",
        "percent",
        "decimal",
        0,
        0.9,
        "data_processing_share",
        "Compute",
    ),
    InputSpec(
        "ComputeStartMonth",
        "compute_start_month",
        "Compute and storage start",
        "month of the plan",
        "int",
        "whole",
        1,
        MONTHS,
        "compute_start_month",
        "Compute",
    ),
    InputSpec("StorageTB", "storage_tb", "Storage at the start", "TB", "number", "decimal", 0, 1e7, "storage_tb", "Compute"),
    InputSpec(
        "StorageGrowth",
        "storage_growth_tb_per_month",
        "Storage growth",
        "TB a month",
        "number",
        "decimal",
        0,
        1e6,
        "storage_growth_tb_per_month",
        "Compute",
    ),
    InputSpec(
        "StoragePrice",
        "storage_price_per_tb_month",
        "Storage price",
        "currency per TB-month",
        "rate",
        "decimal",
        0,
        1e5,
        "storage_price_per_tb_month",
        "Compute",
    ),
)

# Staffing table columns (1-based), shared with the workbook reader.
STAFFING_COLUMNS = {
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
STAFFING_HEADER_ROW = 4


def _get(a: Assumptions, path: str) -> Any:
    value: Any = a
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _source(key: str, stage: int) -> str:
    """The document a default came from (the file name), or "assumption"."""
    catalog = load_catalog()
    workload = catalog.defaults.stage_defaults[stage]
    source = catalog.defaults.scalars[key].source if key in catalog.defaults.scalars else workload.source
    return source_label(source)


def source_label(key: str) -> str:
    """How a source shows in a cell: "seed 002", "team note", "assumption" (Start lists the files)."""
    doc = load_catalog().sources[key]
    return {"seed": f"seed {key[1:]}", "note": "team note"}.get(doc.kind, "assumption")


PlaybookState = dict[tuple[int, str], dict[str, Any]]  # (phase, item) -> owner, status, notes a user typed


class _Book:
    """Builds the sheets and keeps the references one sheet needs of another."""

    def __init__(self, plan: Plan, playbook: PlaybookState | None = None) -> None:
        self.plan = plan
        self.playbook = playbook or {}
        self.a = plan.assumptions
        self.catalog = load_catalog()
        self.names: dict[str, str] = {}
        self.at: dict[str, str] = {}  # cross-sheet references by key
        self.n = len(plan.positions)
        self.first_pos = STAFFING_HEADER_ROW + 1
        self.last_pos = STAFFING_HEADER_ROW + max(self.n, 1)

    def name(self, name: str, sheet: str, first_row: int, first_col: int, last_row: int | None = None, last_col: int | None = None) -> None:
        self.names[name] = area(first_row, first_col, last_row or first_row, last_col or first_col, sheet=sheet)

    def staffing_range(self, key: str) -> str:
        c = STAFFING_COLUMNS[key]
        return area(self.first_pos, c, self.last_pos, c, sheet=SHEET["staffing"])


def _title(sheet: SheetSpec, title: str, note: str) -> None:
    sheet.put(1, 1, title, "title")
    sheet.put(2, 1, note, "note")


def _timeline(sheet: SheetSpec, top: int, pay_index: bool) -> dict[str, int]:
    """The shared monthly timeline: the same rows, formulas and columns on every timeline sheet."""
    rows = {"month": top, "date": top + 1, "year": top + 2, "quarter": top + 3, "in_plan": top + 4}
    if pay_index:
        rows["pay_index"] = top + 5
    labels = {
        "month": "Month of the plan",
        "date": "Month starting",
        "year": "Year",
        "quarter": "Quarter",
        "in_plan": "In the plan (1 = yes)",
        "pay_index": "Pay index (raises)",
    }
    for key, row in rows.items():
        sheet.put(row, FIRST - 1, labels[key], "timeline")
    for c in range(FIRST, LAST + 1):
        here = col(c)
        m = f"{here}${rows['month']}"
        sheet.put(rows["month"], c, Formula(f"=N({col(c - 1)}{rows['month']})+1"), "timeline", "int")
        sheet.put(rows["date"], c, Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+{m}-1,1)"), "timeline", "month")
        sheet.put(rows["year"], c, Formula(f"=YEAR({here}${rows['date']})"), "timeline", "int")
        sheet.put(
            rows["quarter"],
            c,
            Formula(f'=YEAR({here}${rows["date"]})&" Q"&ROUNDUP(MONTH({here}${rows["date"]})/MonthsPerQuarter,0)'),
            "timeline",
        )
        sheet.put(rows["in_plan"], c, Formula(f"=IF({m}<=Horizon,1,0)"), "timeline", "int")
        if pay_index:
            sheet.put(rows["pay_index"], c, Formula(f"=(1+AnnualRaise)^INT(({m}-1)/MonthsPerYear)"), "timeline", "number")
        sheet.widths[c] = 11
    return rows


# --- Start ------------------------------------------------------------------------------


def _start(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["start"], tab_color="1F3864", landscape=False)
    a = book.a
    _title(
        s,
        "AI Team Planner",
        f"Stage {a.stage} plan: {len(book.plan.positions)} positions, {book.plan.fte:g} FTE. Every figure is a live formula.",
    )
    s.put(4, 1, "Plan check", "subtitle")
    s.put(4, 2, Formula("=MasterCheck"), "check")
    s.put(5, 1, "OK when every check on the Checks sheet passes; CHECK means look there.", "note")
    lines = [
        ("What it is for", "section"),
        (
            "Plan an AI/ML team: which roles to hire, how many at each maturity stage, in what order and month, and what it costs.",
            "label",
        ),
        (
            "Staffing lists the positions; Budget turns them into monthly cost; Summary shows headcount, spend and yearly totals.",
            "label",
        ),
        ("How to use it without Python", "section"),
        (
            "1. Change the blue cells on Assumptions (salaries, multiplier, dates, GPU prices...). Everything else follows at once.",
            "label",
        ),
        (
            "2. On Staffing, the blue columns are the positions: role, level, FTE, employment and the month the search opens.",
            "label",
        ),
        ("3. The Horizon can be 1 to 60 months: the timeline is prepared for 60. Months after the horizon show zero.", "label"),
        ("   Staffing holds the team of the stage it was made for; a new Stage, Size or Products takes effect on a refill.", "label"),
        ("4. Read Checks for hiring mistakes and missing functions; the result above rolls them up.", "label"),
        ("How to use it with Python", "section"),
        (
            "aiteam build --stage 3 --out plan.xlsx writes a new workbook for a stage; aiteam check FILE checks a saved one.",
            "label",
        ),
        ("With the xlwings add-in, =AITEAM_HEADCOUNT(2) and =ML_COST(1000) compute from the Python model inside Excel.", "label"),
        ("Colour key", "section"),
    ]
    row = 7
    for text, style in lines:
        s.put(row, 1, text, style)
        row += 1
    for label, style, text in (
        ("Input", "input", "Blue on a light fill: type your own figures here"),
        ("Formula", "calc", "Black: computed, do not overwrite"),
        ("Link", "link", "Green: taken from another sheet"),
        ("Check", "check", "Red: a check result"),
        ("Constant", "constant", "Grey: a fixed convention (months in a year) or a seed threshold"),
    ):
        s.put(row, 1, label, style)
        s.put(row, 2, text, "label")
        row += 1
    row += 1
    s.put(row, 1, "Where the default figures come from", "section")
    row += 1
    for doc in book.catalog.sources.values():
        s.put(row, 1, source_label(doc.key), "label")
        s.put(row, 2, f"{doc.file}: {doc.title}" if doc.file else doc.title, "label")
        row += 1
    row += 1
    s.put(row, 1, f"Catalog {book.catalog.stages.version}; start date {a.start_date:%Y-%m-%d}; currency {a.currency}.", "note")
    s.widths.update({1: 18, 2: 110})
    s.print_area = f"A1:B{row}"
    return s


# --- Assumptions -------------------------------------------------------------------------


def _assumptions(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["inputs"], freeze="A4", tab_color="0000FF")
    a = book.a
    _title(s, "Assumptions", "Every input of the plan. Blue cells are yours to change; each has a unit, a source and a date.")
    for c, text in enumerate(["Input", "Value", "Unit", "Source", "Date"], start=1):
        s.put(3, c, text, "header")
    row = 4
    section = ""
    for spec in INPUTS:
        if spec.section != section:
            section = spec.section
            s.put(row, 1, {"Plan": "Plan", "People": "People costs", "Compute": "Compute and storage"}[section], "section")
            row += 1
        value = _get(a, spec.field)
        value = value.value if hasattr(value, "value") else value
        s.put(row, 1, spec.label, "label")
        s.put(row, 2, value if not isinstance(value, bool) else int(value), "input", spec.fmt)
        s.put(row, 3, spec.unit, "note")
        s.put(row, 4, _source(spec.source_key, a.stage) if spec.source_key else "assumption", "note")
        s.put(row, 5, "2026-11", "note")
        book.name(spec.name, s.name, row, 2)
        rng = ref(row, 2)
        if spec.kind == "list":
            s.validations.append(Validation(rng, "list", source=str(spec.low), error=f"{spec.label}: choose from the list"))
        elif spec.kind == "whole" or spec.kind == "decimal" or spec.kind == "date":
            s.validations.append(
                Validation(rng, spec.kind, low=spec.low, high=spec.high, error=f"{spec.label}: from {spec.low} to {spec.high}")
            )
        row += 1

    row += 1
    s.put(row, 1, "Constants (conventions and seed thresholds, not inputs)", "section")
    row += 1
    catalog = book.catalog
    constants = [
        ("MonthsPerYear", "Months in a year", 12, "months", "convention"),
        ("MonthsPerQuarter", "Months in a quarter", 3, "months", "convention"),
        ("MLOpsBy", "MLOps engineer on board by", catalog.window("w3").end_month, "month of the plan", "s000"),
        (
            "PlatformThreshold",
            "Platform or MLOps engineer before the team reaches",
            catalog.fact("platform_team_by").high,
            "FTE",
            "s002",
        ),
        ("Tolerance", "Rounding tolerance of checks", 0.000001, "", "convention"),
        ("PerProductStage", "Stage whose applied ML team is sized per product", 3, "stage", "s000"),
    ]
    constants = [
        (name, label, value, unit, source if source == "convention" else source_label(source))
        for name, label, value, unit, source in constants
    ]
    for name, label, value, unit, source in constants:
        s.put(row, 1, label, "label")
        s.put(row, 2, value, "constant", "small" if name == "Tolerance" else "number")
        s.put(row, 3, unit, "note")
        s.put(row, 4, source, "note")
        book.name(name, s.name, row, 2)
        row += 1

    # roles: salary grid, time to fill, ramp-up, contractor rate, function coverage
    row += 1
    s.put(row, 1, "Roles: salary per level (a year, before loading), hiring terms, contractor rate", "section")
    row += 1
    headers = [
        "Role",
        "Role id",
        "Function",
        *LEVELS,
        "Time to fill (months)",
        "Ramp-up (months)",
        "Contractor rate (per hour)",
        "Covers data science from",
        "Covers ML engineering from",
        "Covers infrastructure from",
        "Covers domain from",
        "Salary source",
    ]
    for c, text in enumerate(headers, start=1):
        s.put(row, c, text, "header")
    level_row = row
    s.heights[row] = 40
    first = row + 1
    for role in catalog.roles.values():
        row += 1
        s.put(row, 1, role.name, "constant")
        s.put(row, 2, role.id, "constant")
        s.put(row, 3, FUNCTION_LABELS[role.function.value], "constant")
        for i, level in enumerate(LEVELS):
            if level in role.levels:
                s.put(row, 4 + i, a.salary(role.id, level), "input", "money")
        terms = a.terms(role.id)
        s.put(row, 8, terms.time_to_fill_months, "input", "int")
        s.put(row, 9, terms.ramp_up_months, "input", "int")
        s.put(row, 10, terms.contractor_hourly_rate, "input", "rate")
        for i, function in enumerate(("data_science", "ml_engineering", "infrastructure", "domain")):
            lowest = _lowest_level_covering(role, function)
            s.put(row, 11 + i, lowest or "", "constant")
        s.put(row, 15, source_label(catalog.defaults.salaries[role.id].source), "note")
    last = row
    book.name("RoleNames", s.name, first, 1, last, 1)
    book.name("RoleIds", s.name, first, 2, last, 2)
    book.name("RoleFunctions", s.name, first, 3, last, 3)
    book.name("SalaryTable", s.name, first, 4, last, 7)
    book.name("LevelNames", s.name, level_row, 4, level_row, 7)
    book.name("RoleTimeToFill", s.name, first, 8, last, 8)
    book.name("RoleRampUp", s.name, first, 9, last, 9)
    book.name("RoleContractorRate", s.name, first, 10, last, 10)
    for i, name in enumerate(("CoverDataScience", "CoverMLEngineering", "CoverInfrastructure", "CoverDomain")):
        book.name(name, s.name, first, 11 + i, last, 11 + i)
    s.validations.append(Validation(area(first, 4, last, 7), "decimal", low=0, high=1e9, error="Salary: a number from 0"))
    s.validations.append(Validation(area(first, 8, last, 9), "whole", low=0, high=24, error="Months: a whole number from 0 to 24"))
    s.validations.append(Validation(area(first, 10, last, 10), "decimal", low=0, high=10000, error="Rate: a number from 0 to 10,000"))

    # GPU price list
    row += 2
    s.put(row, 1, "GPU prices (on-demand, per GPU-hour)", "section")
    row += 1
    for c, text in enumerate(["GPU id", "Name", "Rate per hour", "Source", "Date"], start=1):
        s.put(row, c, text, "header")
    first = row + 1
    for gpu_id, gpu in a.gpu_types.items():
        row += 1
        s.put(row, 1, gpu_id, "constant")
        s.put(row, 2, gpu.name, "label")
        s.put(row, 3, gpu.hourly_rate, "input", "rate")
        s.put(row, 4, gpu.source, "note")  # the price's own source, as the user keeps it
        s.put(row, 5, gpu.date, "note")
    book.name("GpuIds", s.name, first, 1, row, 1)
    book.name("GpuNames", s.name, first, 2, row, 2)
    book.name("GpuRates", s.name, first, 3, row, 3)
    book.name("GpuSources", s.name, first, 4, row, 4)
    book.name("GpuDates", s.name, first, 5, row, 5)
    s.validations.append(Validation(area(first, 3, row, 3), "decimal", low=0.0001, high=1000, error="Rate: a number above 0"))
    s.widths.update({1: 44, 2: 18, 3: 20, 4: 18, 5: 12, 6: 12, 7: 12, 8: 11, 9: 11, 10: 12, 11: 14, 12: 14, 13: 14, 14: 14, 15: 14})
    s.print_area = f"A1:O{row}"
    return s


def _lowest_level_covering(role: Any, function: str) -> str | None:
    if role.function.value == function:
        return role.levels[0].value
    for cover in role.also_covers:
        if cover.function.value == function:
            return (cover.min_level or role.levels[0]).value
    return None


# --- Staffing ----------------------------------------------------------------------------


def _staffing(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["staffing"], freeze="C5", tab_color="0000FF")
    _title(s, "Staffing", "One row per position. Blue columns are inputs; salary and cost come from Assumptions by lookup.")
    s.put(3, STAFFING_COLUMNS["cover_data_science"], "Check helpers (used by the Checks sheet)", "note")
    a = book.a
    s.put(2, STAFFING_COLUMNS["group"], "Generated rows: the team of", "note")
    s.put(2, STAFFING_COLUMNS["manual"], team_basis(a), "constant")
    book.name("TeamBasis", s.name, 2, STAFFING_COLUMNS["manual"])
    headers = {
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
    C = STAFFING_COLUMNS
    for key, c in C.items():
        s.put(STAFFING_HEADER_ROW, c, headers[key], "header")
    s.heights[STAFFING_HEADER_ROW] = 40
    for i, p in enumerate(book.plan.positions):
        r = book.first_pos + i

        def at(key: str, row: int = r) -> str:
            return f"${col(C[key])}{row}"

        role_row = f"MATCH({at('role')},RoleNames,0)"
        s.put(r, C["id"], p.id, "label")
        s.put(r, C["role"], p.role_name, "input")
        s.put(r, C["label"], p.label, "input")
        s.put(r, C["level"], p.level.value, "input")
        s.put(r, C["function"], Formula(f"=INDEX(RoleFunctions,{role_row})"), "calc")
        s.put(r, C["fte"], p.fte, "input", "fte")
        s.put(r, C["employment"], p.employment.value, "input")
        s.put(r, C["search_month"], p.search_month, "input", "int")
        s.put(
            r,
            C["start_month"],
            Formula(f'={at("search_month")}+IF({at("employment")}="contractor",ContractorTimeToFill,INDEX(RoleTimeToFill,{role_row}))'),
            "calc",
            "int",
        )
        s.put(r, C["start_date"], Formula(f"=DATE(YEAR(StartDate),MONTH(StartDate)+{at('start_month')}-1,1)"), "calc", "date")
        s.put(r, C["productive_month"], Formula(f"={at('start_month')}+INDEX(RoleRampUp,{role_row})"), "calc", "int")
        s.put(r, C["annual_salary"], Formula(f"=INDEX(SalaryTable,{role_row},MATCH({at('level')},LevelNames,0))"), "calc", "money")
        s.put(
            r,
            C["annual_cost"],
            Formula(
                f'=IF({at("employment")}="contractor",INDEX(RoleContractorRate,{role_row})*ContractorHours*MonthsPerYear*{at("fte")},'
                f"{at('annual_salary')}*{at('fte')}*LoadedMultiplier)"
            ),
            "calc",
            "money",
        )
        s.put(r, C["group"], p.group, "label")
        s.put(r, C["manual"], "yes" if p.manual else "", "input")
        s.put(r, C["notes"], p.notes, "input")
        for key, table in (
            ("cover_data_science", "CoverDataScience"),
            ("cover_ml_engineering", "CoverMLEngineering"),
            ("cover_infrastructure", "CoverInfrastructure"),
            ("cover_domain", "CoverDomain"),
        ):
            lowest = f"INDEX({table},{role_row})"
            s.put(
                r,
                C[key],
                Formula(f'=IF({lowest}="",0,IF(MATCH({at("level")},LevelNames,0)>=MATCH({lowest},LevelNames,0),{at("fte")},0))'),
                "calc",
                "fte",
            )
        technical = ",".join(f'{at("function")}="{FUNCTION_LABELS[f]}"' for f in ("data_science", "ml_engineering", "infrastructure"))
        s.put(r, C["technical"], Formula(f'=IF(AND(OR({technical}),{at("level")}<>"lead"),1,0)'), "calc", "int")
        s.put(
            r,
            C["ds_start"],
            Formula(f'=IF({at("role")}="{book.catalog.role("data_scientist").name}",{at("start_month")},"")'),
            "calc",
            "int",
        )
        s.put(r, C["eng_start"], Formula(f'=IF({at("cover_ml_engineering")}>0,{at("start_month")},"")'), "calc", "int")
        s.put(
            r,
            C["mlops_start"],
            Formula(f'=IF({at("role")}="{book.catalog.role("mlops_engineer").name}",{at("start_month")},"")'),
            "calc",
            "int",
        )
        platform = ",".join(f'{at("role")}="{book.catalog.role(r_).name}"' for r_ in ("mlops_engineer", "ml_platform_engineer"))
        s.put(r, C["platform_start"], Formula(f'=IF(OR({platform}),{at("start_month")},"")'), "calc", "int")
    last_col = max(C.values())
    s.tables.append(TableSpec("StaffingTable", f"A{STAFFING_HEADER_ROW}:{col(last_col)}{book.last_pos}"))
    rows = f"{book.first_pos}:{book.last_pos}"
    first, last = rows.split(":")
    s.validations += [
        Validation(f"B{first}:B{last}", "list", source="RoleNames", error="Role: choose a role from the list"),
        Validation(f"D{first}:D{last}", "list", source="LevelNames", error="Level: junior, mid, senior or lead"),
        Validation(f"F{first}:F{last}", "decimal", low=0.01, high=1, error="FTE: more than 0, at most 1 (one person)"),
        Validation(
            f"G{first}:G{last}",
            "list",
            source='"' + ",".join(EMPLOYMENT) + '"',
            error="Employment: permanent, contractor or internal",
        ),
        Validation(f"H{first}:H{last}", "whole", low=1, high=MONTHS, error=f"Search month: 1 to {MONTHS}"),
        Validation(f"O{first}:O{last}", "list", source='"yes"', error="Manual row: yes or empty"),
    ]
    widths = [7, 22, 24, 9, 15, 7, 12, 10, 8, 11, 11, 12, 13, 24, 8, 30, 10, 10, 10, 10, 10, 10, 10, 10, 10]
    s.widths.update({i + 1: w for i, w in enumerate(widths)})
    s.print_area = f"A1:P{book.last_pos}"
    return s


# --- Compute -----------------------------------------------------------------------------


def _compute(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["compute"], tab_color="7030A0", landscape=False)
    _title(s, "Compute", "GPU cost from useful hours, utilisation, the on-demand rate and the pricing mix. Feeds the Budget.")
    facts = book.catalog.costs.facts
    rows: list[tuple[str, str, Any, str, str]] = [
        ("gpu", "GPU type", Formula("=GpuType"), "link", "text"),
        ("rate", "On-demand rate per GPU-hour", Formula("=INDEX(GpuRates,MATCH(GpuType,GpuIds,0))"), "calc", "rate"),
        ("rate_source", "Price source", Formula("=INDEX(GpuSources,MATCH(GpuType,GpuIds,0))"), "calc", "text"),
        ("rate_date", "Price date", Formula("=INDEX(GpuDates,MATCH(GpuType,GpuIds,0))"), "calc", "text"),
        (
            "factor",
            "Pricing factor (share of on-demand paid)",
            Formula("=MixOnDemand+MixReserved*(1-ReservedDiscount)+MixSpot*(1-SpotDiscount)"),
            "calc",
            "percent",
        ),
        ("blended", "Blended rate per billed GPU-hour", None, "calc", "rate"),
        ("util", "Utilisation", Formula("=Utilisation"), "link", "percent"),
        ("train_h", "Training: useful GPU-hours a month", Formula("=TrainingHours"), "link", "number"),
        ("infer_h", "Inference: useful GPU-hours a month", Formula("=InferenceHours"), "link", "number"),
        ("training", "Training cost a month", None, "calc", "cents"),
        ("inference", "Inference cost a month", None, "calc", "cents"),
        ("processing", "Data processing cost a month", None, "calc", "cents"),
        ("total", "Compute cost a month", None, "total", "cents"),
    ]
    at: dict[str, str] = {}
    for i, (key, *_rest) in enumerate(rows):
        at[key] = ref(4 + i, 3, absolute=True)
    formulas = {
        "blended": f"={at['rate']}*{at['factor']}",
        "training": f"=ROUND(TrainingHours/Utilisation*{at['blended']},2)",
        "inference": f"=ROUND(InferenceHours/Utilisation*{at['blended']},2)",
        "processing": f"=ROUND(({at['training']}+{at['inference']})*DataProcessingShare/(1-DataProcessingShare),2)",
        "total": f"=ROUND({at['training']}+{at['inference']}+{at['processing']},2)",
    }
    s.put(3, 2, "Item", "header")
    s.put(3, 3, "Value", "header")
    for i, (key, label, value, style, fmt) in enumerate(rows):
        r = 4 + i
        s.put(r, 2, label, "label")
        s.put(r, 3, Formula(formulas[key]) if value is None else value, style, fmt)
        book.at[f"compute.{key}"] = ref(r, 3, absolute=True, sheet=s.name)
    r = 4 + len(rows) + 1
    s.put(r, 2, "Split of compute cost", "header")
    s.put(r, 3, "Share", "header")
    s.put(r, 4, "Seed range", "header")
    s.put(r, 5, "Inside?", "header")
    for j, part in enumerate(("training", "inference", "processing")):
        rr = r + 1 + j
        fact = facts[f"compute_share_{'data_processing' if part == 'processing' else part}"]
        s.put(rr, 2, {"training": "Training", "inference": "Inference", "processing": "Data processing"}[part], "label")
        s.put(rr, 3, Formula(f"=IF({at['total']}=0,0,{at[part]}/{at['total']})"), "calc", "percent")
        s.put(rr, 4, f"{fact.low:.0%}-{fact.high:.0%} ({source_label(fact.source)})", "note")
        s.put(rr, 6, fact.low, "constant", "percent")
        s.put(rr, 7, fact.high, "constant", "percent")
        s.put(rr, 5, Formula(f'=IF(AND({ref(rr, 3)}>={ref(rr, 6)},{ref(rr, 3)}<={ref(rr, 7)}),"yes","outside")'), "check")

    # a quick calculator, as ML_COST computes it
    q = r + 6
    s.put(q, 2, "Quick calculator (does not feed the budget)", "section")
    s.put(q, 3, "", "section")
    calc_rows: list[tuple[str, str, str | float, str, str]] = [
        ("q_hours", "Useful GPU-hours", 1000, "input", "number"),
        ("q_gpu", "GPU type", book.a.gpu_type, "input", "text"),
        ("q_pricing", "Pricing (mix, on_demand, reserved, spot)", "mix", "input", "text"),
        ("q_util", "Utilisation", book.a.utilisation, "input", "percent"),
    ]
    for j, (key, label, value, style, fmt) in enumerate(calc_rows):
        rr = q + 1 + j
        s.put(rr, 2, label, "label")
        s.put(rr, 3, value, style, fmt)
        at[key] = ref(rr, 3, absolute=True)
    rr = q + 1 + len(calc_rows)
    factor = (
        f'IF({at["q_pricing"]}="on_demand",1,IF({at["q_pricing"]}="reserved",1-ReservedDiscount,'
        f'IF({at["q_pricing"]}="spot",1-SpotDiscount,{at["factor"]})))'
    )
    s.put(rr, 2, "Cost", "total")
    s.put(
        rr,
        3,
        Formula(f"=ROUND({at['q_hours']}/{at['q_util']}*(INDEX(GpuRates,MATCH({at['q_gpu']},GpuIds,0))*{factor}),2)"),
        "total",
        "cents",
    )
    s.validations += [
        Validation(ref(q + 1, 3), "decimal", low=0, high=1e9, error="GPU-hours: a number from 0"),
        Validation(ref(q + 2, 3), "list", source="GpuIds", error="GPU type: choose from the price list"),
        Validation(ref(q + 3, 3), "list", source='"mix,on_demand,reserved,spot"', error="Pricing: mix, on_demand, reserved or spot"),
        Validation(ref(q + 4, 3), "decimal", low=0.01, high=1, error="Utilisation: above 0, at most 100 %"),
    ]
    s.widths.update({1: 2, 2: 44, 3: 18, 4: 34, 5: 10, 6: 8, 7: 8})
    s.print_area = f"A1:E{rr}"
    return s


# --- Budget ------------------------------------------------------------------------------


def _budget(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["budget"], freeze=f"{col(FIRST)}10", tab_color="00B050", zoom=90)
    _title(
        s,
        "Budget",
        "Monthly cost in the plan currency, each cell rounded to the cent. One formula per row, copied across 60 months.",
    )
    t = _timeline(s, 4, pay_index=True)
    # totals sit in fixed rows above the detail, so links and charts never move when positions change
    totals_top, quarters_top, years_top, head = 11, 20, 30, 39
    for c, text in enumerate(["Category", "Line", "Position", "Employment", "FTE", "Start month", "Rate", "Total"], start=1):
        s.put(head, c, text, "header")
    C = STAFFING_COLUMNS
    m_row, flag, pay = t["month"], t["in_plan"], t["pay_index"]
    row = head + 1
    first_row = row
    categories: dict[str, list[int]] = {}

    def link(key: str, r: int) -> Formula:
        return Formula(f"={ref(r, C[key], sheet=SHEET['staffing'])}")

    for category in ("Personnel", "Contractors", "Recruiting"):
        for i in range(book.n):
            sr = book.first_pos + i
            s.put(row, 1, category, "label")
            s.put(row, 2, link("label", sr), "link")
            s.put(row, 3, link("id", sr), "link")
            s.put(row, 4, link("employment", sr), "link")
            s.put(row, 5, link("fte", sr), "link", "fte")
            s.put(row, 6, link("start_month", sr), "link", "int")
            if category == "Personnel":
                s.put(row, 7, link("annual_salary", sr), "link", "money")
            elif category == "Contractors":
                s.put(
                    row,
                    7,
                    Formula(f"=INDEX(RoleContractorRate,MATCH({ref(sr, C['role'], sheet=SHEET['staffing'])},RoleNames,0))"),
                    "calc",
                    "rate",
                )
            else:
                s.put(row, 7, Formula("=RecruitingFee"), "link", "money")
            for c in range(FIRST, LAST + 1):
                m, on = f"{col(c)}${m_row}", f"{col(c)}${flag}"
                emp, fte, start, rate = f"$D{row}", f"$E{row}", f"$F{row}", f"$G{row}"
                if category == "Personnel":
                    f = f'=IF({emp}="contractor",0,ROUND({rate}*{fte}*LoadedMultiplier/MonthsPerYear*{col(c)}${pay},2)*({m}>={start})*{on})'
                elif category == "Contractors":
                    f = f'=IF({emp}="contractor",ROUND({rate}*ContractorHours*{fte},2)*({m}>={start})*{on},0)'
                else:
                    f = f'=IF({emp}="permanent",ROUND({rate}*({m}={start})+{rate}*Attrition/MonthsPerYear*({m}>{start}),2)*{on},0)'
                s.put(row, c, Formula(f), "calc", "money")
            s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
            categories.setdefault(category, []).append(row)
            row += 1
    compute_rows = {}
    for line in ("Training", "Inference", "Data processing"):
        s.put(row, 1, "Compute", "label")
        s.put(row, 2, line, "label")
        compute_rows[line] = row
        for c in range(FIRST, LAST + 1):
            m, on = f"{col(c)}${m_row}", f"{col(c)}${flag}"
            if line == "Data processing":
                f = (
                    f"=ROUND(({col(c)}{compute_rows['Training']}+{col(c)}{compute_rows['Inference']})"
                    f"*DataProcessingShare/(1-DataProcessingShare),2)"
                )
                s.put(row, c, Formula(f), "calc", "money")
            else:
                source = book.at["compute.training" if line == "Training" else "compute.inference"]
                s.put(row, c, Formula(f"={source}*({m}>=ComputeStartMonth)*{on}"), "link", "money")
        s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
        categories.setdefault("Compute", []).append(row)
        row += 1
    s.put(row, 1, "Storage", "label")
    s.put(row, 2, "Storage", "label")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${m_row}", f"{col(c)}${flag}"
        f = f"=ROUND((StorageTB+StorageGrowth*({m}-ComputeStartMonth))*StoragePrice,2)*({m}>=ComputeStartMonth)*{on}"
        s.put(row, c, Formula(f), "calc", "money")
    s.put(row, 8, Formula(f"=SUM({col(FIRST)}{row}:{col(LAST)}{row})"), "calc", "money")
    categories["Storage"] = [row]
    last_row = row

    # totals by category, per month
    row = totals_top
    s.put(row, 1, "Totals by category", "section")
    s.put(row, FIRST - 1, "Total over the horizon", "timeline")
    row += 1
    book.at["budget.detail"] = f"{first_row}:{last_row}"
    subtotal_rows = {}
    for category in ("Personnel", "Contractors", "Recruiting", "Compute", "Storage"):
        s.put(row, 1, category, "total")
        for c in range(FIRST - 1, LAST + 1):
            letter = col(c)
            s.put(
                row,
                c,
                Formula(f"=SUMIF($A${first_row}:$A${last_row},$A{row},{letter}${first_row}:{letter}${last_row})"),
                "calc",
                "money",
            )
        subtotal_rows[category] = row
        row += 1
    s.put(row, 1, "Total", "total")
    for c in range(FIRST - 1, LAST + 1):
        letter = col(c)
        s.put(row, c, Formula(f"=SUM({letter}{subtotal_rows['Personnel']}:{letter}{row - 1})"), "total", "money")
    total_row = row
    row += 1
    s.put(row, 1, "Headcount (FTE on board)", "total")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${m_row}", f"{col(c)}${flag}"
        s.put(
            row,
            c,
            Formula(f"=SUMPRODUCT(({book.staffing_range('start_month')}<={m})*{book.staffing_range('fte')})*{on}"),
            "calc",
            "fte",
        )
    headcount_row = row
    book.at.update({f"budget.row.{k}": str(v) for k, v in subtotal_rows.items()})
    book.at["budget.row.Total"] = str(total_row)
    book.at["budget.row.headcount"] = str(headcount_row)
    book.at["budget.row.date"] = str(t["date"])

    # quarterly and yearly totals: calendar periods, summed from the monthly rows by their key
    row = quarters_top
    s.put(row, 1, "Totals by calendar quarter", "section")
    row += 1
    q_count, q_label = row, row + 1
    s.put(q_count, FIRST - 1, "Quarter of the plan", "timeline")
    s.put(q_label, FIRST - 1, "Quarter", "timeline")
    q_first = "DATE(YEAR(StartDate),(ROUNDUP(MONTH(StartDate)/MonthsPerQuarter,0)-1)*MonthsPerQuarter+1,1)"
    last_month = "DATE(YEAR(StartDate),MONTH(StartDate)+Horizon-1,1)"
    for c in range(FIRST, FIRST + QUARTERS):
        here = col(c)
        s.put(q_count, c, Formula(f"=N({col(c - 1)}{q_count})+1"), "timeline", "int")
        qd = f"EDATE({q_first},({here}${q_count}-1)*MonthsPerQuarter)"
        s.put(q_label, c, Formula(f'=IF({qd}>{last_month},"",YEAR({qd})&" Q"&ROUNDUP(MONTH({qd})/MonthsPerQuarter,0))'), "timeline")
    row = _period_totals(s, book, "quarter", q_label + 1, q_label, t["quarter"], QUARTERS, subtotal_rows, total_row)

    row = years_top
    s.put(row, 1, "Totals by calendar year", "section")
    row += 1
    y_label = row
    s.put(y_label, FIRST - 1, "Year", "timeline")
    for c in range(FIRST, FIRST + YEARS):
        here = col(c)
        year = f"YEAR(StartDate)+COLUMN()-COLUMN(${col(FIRST)}${y_label})"
        s.put(y_label, c, Formula(f'=IF({year}>YEAR({last_month}),"",{year})'), "timeline")
    row = _period_totals(s, book, "year", row + 1, y_label, t["year"], YEARS, subtotal_rows, total_row)
    book.at["budget.year.label"] = str(y_label)
    s.widths.update({1: 24, 2: 26, 3: 9, 4: 11, 5: 6, 6: 7, 7: 11, 8: 30})
    s.heights[head] = 30
    horizon_last = FIRST + book.a.horizon_months - 1
    s.print_area = f"A1:{col(max(horizon_last, FIRST + QUARTERS - 1))}{last_row}"
    s.print_title_cols = "A:H"
    s.print_title_rows = f"{t['month']}:{t['pay_index']}"
    s.pages_wide = max(1, -(-book.a.horizon_months // 12))
    return s


def _period_totals(
    s: SheetSpec,
    book: _Book,
    period: str,
    row: int,
    label_row: int,
    key_row: int,
    count: int,
    subtotal_rows: dict[str, int],
    total_row: int,
) -> int:
    """Rows of totals per calendar quarter or year: SUMIF of each category's monthly row by the period key."""
    keys = f"${col(FIRST)}${key_row}:${col(LAST)}${key_row}"
    for category in ("Personnel", "Contractors", "Recruiting", "Compute", "Storage", "Total"):
        style = "total" if category == "Total" else "calc"
        s.put(row, 1, category, "total" if category == "Total" else "label")
        source = total_row if category == "Total" else subtotal_rows[category]
        values = f"${col(FIRST)}${source}:${col(LAST)}${source}"
        for c in range(FIRST, FIRST + count):
            label = f"{col(c)}${label_row}"
            s.put(row, c, Formula(f'=IF({label}="","",SUMIF({keys},{label},{values}))'), style, "money")
        book.at[f"budget.{period}.{category}"] = str(row)
        row += 1
    return row


# --- Hiring timeline ---------------------------------------------------------------------


def _timeline_sheet(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["timeline"], freeze=f"{col(FIRST)}11", tab_color="00B050", zoom=90)
    _title(s, "Hiring timeline", "S = search open, R = ramping up, O = on board and productive. Months as on the Budget sheet.")
    t = _timeline(s, 4, pay_index=False)
    head = 10
    for c, text in enumerate(["Position", "Role", "Level", "FTE", "Search opens", "Start month", "Productive from", "Start date"], start=1):
        s.put(head, c, text, "header")
    C = STAFFING_COLUMNS
    for i in range(book.n):
        r, sr = head + 1 + i, book.first_pos + i
        for c, key, fmt in (
            (1, "id", None),
            (2, "role", None),
            (3, "level", None),
            (4, "fte", "fte"),
            (5, "search_month", "int"),
            (6, "start_month", "int"),
            (7, "productive_month", "int"),
            (8, "start_date", "date"),
        ):
            s.put(r, c, Formula(f"={ref(sr, C[key], sheet=SHEET['staffing'])}"), "link", fmt)
        for c in range(FIRST, LAST + 1):
            m = f"{col(c)}${t['month']}"
            f = (
                f'=IF({col(c)}${t["in_plan"]}=0,"",IF({m}<$E{r},"",IF({m}<$F{r},"{GRID["search"]}",'
                f'IF({m}<$G{r},"{GRID["ramp-up"]}","{GRID["on board"]}"))))'
            )
            s.put(r, c, Formula(f), "calc")
    last = head + max(book.n, 1)
    grid = f"{col(FIRST)}{head + 1}:{col(LAST)}{last}"
    s.cond_formats += [
        CondFormat(grid, GRID["search"], "FFE699", "7F6000"),
        CondFormat(grid, GRID["ramp-up"], "9DC3E6", "1F4E79"),
        CondFormat(grid, GRID["on board"], "A9D08E", "375623"),
    ]
    for c in range(FIRST, LAST + 1):
        s.widths[c] = 9
    s.widths.update({1: 9, 2: 26, 3: 8, 4: 6, 5: 8, 6: 8, 7: 9, 8: 11})
    s.heights[head] = 30
    s.print_area = f"A1:{col(FIRST + book.a.horizon_months - 1)}{last}"
    s.print_title_cols = "A:H"
    s.pages_wide = max(1, -(-book.a.horizon_months // 24))
    return s


# --- 90-day playbook ---------------------------------------------------------------------


def _playbook(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["playbook"], freeze="A5", tab_color="FFC000")
    _title(
        s,
        "The leader's first 90 days",
        "Three phases from seed 002. Day 1 is the plan start date; each item is due on the last day of its phase.",
    )
    headers = ["Phase", "Name", "Day from", "Day to", "Kind", "Item", "Owner", "Due date", "Status", "Notes"]
    for c, text in enumerate(headers, start=1):
        s.put(4, c, text, "header")
    items = playbook_frame(book.a).to_dict("records")
    for i, item in enumerate(items):
        r = 5 + i
        kept = book.playbook.get((int(item["phase"]), str(item["item"])), {})
        item.update({k: v for k, v in kept.items() if v not in (None, "")})
        s.put(r, 1, int(item["phase"]), "label", "int")
        s.put(r, 2, str(item["phase_name"]), "label")
        s.put(r, 3, int(item["day_from"]), "constant", "int")
        s.put(r, 4, int(item["day_to"]), "constant", "int")
        s.put(r, 5, str(item["kind"]), "label")
        s.put(r, 6, str(item["item"]), "wrap")
        s.put(r, 7, str(item["owner"]), "input")
        s.put(r, 8, Formula(f"=StartDate+$D{r}-1"), "calc", "date")
        s.put(r, 9, str(item["status"]), "input")
        s.put(r, 10, str(item.get("notes") or ""), "input")
    last = 4 + len(items)
    s.validations.append(Validation(f"I5:I{last}", "list", source='"' + ",".join(STATUSES) + '"', error="Status: choose from the list"))
    s.cond_formats += [
        CondFormat(f"I5:I{last}", "Done", "A9D08E"),
        CondFormat(f"I5:I{last}", "Blocked", "F4B084"),
        CondFormat(f"I5:I{last}", "In progress", "FFE699"),
    ]
    s.tables.append(TableSpec("PlaybookTable", f"A4:J{last}", "TableStyleLight1"))
    s.widths.update({1: 7, 2: 30, 3: 8, 4: 8, 5: 12, 6: 70, 7: 14, 8: 11, 9: 13, 10: 30})
    s.print_area = f"A1:J{last}"
    return s


# --- Skills matrix -----------------------------------------------------------------------


def _skills(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["skills"], freeze="B5", tab_color="808080", landscape=False)
    matrix = book.catalog.hiring.skills_matrix
    _title(s, "Skills matrix", f"What to look for when hiring, from {book.catalog.sources[matrix.source].file}.")
    s.put(4, 1, "Skill", "header")
    for j, role in enumerate(matrix.roles):
        s.put(4, 2 + j, book.catalog.role(role).name, "header")
    labels = {"must_have": "Must have", "nice_to_have": "Nice to have", "not_needed": "Not needed"}
    for i, row in enumerate(matrix.rows):
        s.put(5 + i, 1, row.skill, "label")
        for j, role in enumerate(matrix.roles):
            s.put(5 + i, 2 + j, labels[row.ratings[role].value], "label")
    last = 4 + len(matrix.rows)
    grid = f"B5:{col(1 + len(matrix.roles))}{last}"
    s.cond_formats += [
        CondFormat(grid, "Must have", "A9D08E"),
        CondFormat(grid, "Nice to have", "FFE699"),
        CondFormat(grid, "Not needed", "EDEDED"),
    ]
    r = last + 2
    s.put(r, 1, "Roles", "section")
    for c, text in enumerate(["Role", "Function", "What the role is for", "Source"], start=1):
        s.put(r + 1, c, text, "header")
    for i, info in enumerate(book.catalog.roles.values()):
        rr = r + 2 + i
        s.put(rr, 1, info.name, "label")
        s.put(rr, 2, FUNCTION_LABELS[info.function.value], "label")
        s.put(rr, 3, info.summary.text, "wrap")
        s.put(rr, 4, source_label(info.summary.source), "note")
    s.widths.update({1: 34, 2: 18, 3: 70, 4: 14, 5: 18})
    s.print_area = f"A1:E{r + 1 + len(book.catalog.roles)}"
    return s


# --- Checks ------------------------------------------------------------------------------


def _checks(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["checks"], freeze="A5", tab_color="C00000")
    _title(s, "Checks", "1 in Flag means the check found a problem. Errors and warnings count against the plan check; notes do not.")
    for c, text in enumerate(["Code", "Check", "Severity", "Flag", "Result", "What to do"], start=1):
        s.put(4, c, text, "header")
    R = book.staffing_range
    mistakes = {m.code: m for m in book.catalog.hiring.mistakes}
    detail = book.at["budget.detail"].split(":")
    total_row = book.at["budget.row.Total"]
    budget = SHEET["budget"]
    checks: list[tuple[str, str, str, str, str]] = [
        (
            "DS_FIRST",
            mistakes["DS_FIRST"].title,
            mistakes["DS_FIRST"].severity,
            f"=IF(AND(COUNT({R('ds_start')})>0,OR(COUNT({R('eng_start')})=0,MIN({R('ds_start')})<MIN({R('eng_start')}))),1,0)",
            mistakes["DS_FIRST"].fix,
        ),
        (
            "ALL_SENIOR",
            mistakes["ALL_SENIOR"].title,
            mistakes["ALL_SENIOR"].severity,
            f'=IF(AND(SUM({R("technical")})>1,COUNTIFS({R("technical")},1,{R("level")},"senior")=SUM({R("technical")})),1,0)',
            mistakes["ALL_SENIOR"].fix,
        ),
        (
            "ALL_JUNIOR",
            mistakes["ALL_JUNIOR"].title,
            mistakes["ALL_JUNIOR"].severity,
            f'=IF(AND(SUM({R("technical")})>0,COUNTIFS({R("technical")},1,{R("level")},"junior")=SUM({R("technical")})),1,0)',
            mistakes["ALL_JUNIOR"].fix,
        ),
        (
            "MLOPS_LATE",
            mistakes["MLOPS_LATE"].title,
            mistakes["MLOPS_LATE"].severity,
            f"=IF(AND(COUNT({R('mlops_start')})>0,MIN({R('mlops_start')})>MLOpsBy),1,0)",
            mistakes["MLOPS_LATE"].fix,
        ),
    ]
    for key, code in (
        ("cover_data_science", "NO_DATA_SCIENCE"),
        ("cover_ml_engineering", "NO_ML_ENGINEERING"),
        ("cover_infrastructure", "NO_INFRASTRUCTURE"),
        ("cover_domain", "NO_DOMAIN_EXPERT"),
    ):
        checks.append((code, mistakes[code].title, mistakes[code].severity, f"=IF(SUM({R(key)})<=0,1,0)", mistakes[code].fix))
    checks += [
        (
            "RESEARCH_LAB",
            mistakes["RESEARCH_LAB"].title,
            mistakes["RESEARCH_LAB"].severity,
            f"=IF(AND(SUM({R('cover_ml_engineering')})>0,SUM({R('cover_data_science')})>SUM({R('cover_ml_engineering')})),1,0)",
            mistakes["RESEARCH_LAB"].fix,
        ),
        (
            "PLATFORM_LATE",
            mistakes["PLATFORM_LATE"].title,
            mistakes["PLATFORM_LATE"].severity,
            f'=IF(IF(COUNT({R("platform_start")})=0,SUM({R("fte")}),SUMIF({R("start_month")},"<"&MIN({R("platform_start")}),{R("fte")}))'
            f">=PlatformThreshold,1,0)",
            mistakes["PLATFORM_LATE"].fix,
        ),
        (
            "STARTS_AFTER_HORIZON",
            mistakes["STARTS_AFTER_HORIZON"].title,
            mistakes["STARTS_AFTER_HORIZON"].severity,
            f'=IF(COUNTIF({R("start_month")},">"&Horizon)>0,1,0)',
            mistakes["STARTS_AFTER_HORIZON"].fix,
        ),
        (
            "TEAM_BASIS",
            "Staffing rows match the stage, size and products on Assumptions",
            "info",
            '=IF(TeamBasis="stage "&Stage&", "&Size&IF(Stage=PerProductStage,", "&Products&" products",""),0,1)',
            "Refill the workbook (aiteam fill, or Run main in Excel) to staff the new stage, or edit the Staffing rows by hand.",
        ),
        (
            "MIX_TOTAL",
            "The pricing mix adds up to 100 %",
            "error",
            "=IF(ABS(MixOnDemand+MixReserved+MixSpot-1)>Tolerance,1,0)",
            "Change the on-demand, reserved and spot shares on Assumptions so they add up to 100 %.",
        ),
        (
            "SALARY_MISSING",
            "Every salaried position has a salary for its level",
            "error",
            f'=IF(COUNTIFS({R("annual_salary")},0,{R("employment")},"<>contractor")>0,1,0)',
            "Give the role a salary for that level on Assumptions, or choose a level the role has.",
        ),
        (
            "BUDGET_ADDS_UP",
            "Category totals add up to the detail rows",
            "error",
            f"=IF(ABS(SUM({area(int(total_row), FIRST, int(total_row), LAST, sheet=budget)})"
            f"-SUM({area(int(detail[0]), FIRST, int(detail[1]), LAST, sheet=budget)}))>Tolerance,1,0)",
            "A row was added or deleted inside the Budget detail: rebuild or refill the workbook.",
        ),
    ]
    first = 5
    for i, (code, title, severity, formula, fix) in enumerate(checks):
        r = first + i
        s.put(r, 1, code, "label")
        s.put(r, 2, title, "label")
        s.put(r, 3, severity, "label")
        s.put(r, 4, Formula(formula), "check", "int")
        s.put(r, 5, Formula(f'=IF(D{r}=0,"OK",IF(C{r}="info","Note","Check"))'), "check")
        s.put(r, 6, fix, "note")
    last = first + len(checks) - 1
    r = last + 2
    s.put(r, 1, "Plan check", "subtitle")
    s.put(r, 4, Formula(f'=SUMPRODUCT(D{first}:D{last},--(C{first}:C{last}<>"info"))'), "check", "int")
    s.put(r, 5, Formula(f'=IF(D{r}=0,"OK","CHECK")'), "check")
    book.name("MasterCheck", s.name, r, 5)
    s.cond_formats += [
        CondFormat(f"E{first}:E{r}", "OK", "C6EFCE", "006100"),
        CondFormat(f"E{first}:E{r}", "Check", "FFC7CE", "9C0006"),
        CondFormat(f"E{first}:E{r}", "CHECK", "FFC7CE", "9C0006"),
        CondFormat(f"E{first}:E{r}", "Note", "FFEB9C", "9C5700"),
    ]
    s.widths.update({1: 22, 2: 46, 3: 9, 4: 6, 5: 8, 6: 100})
    s.print_area = f"A1:F{r}"
    return s


# --- Summary -----------------------------------------------------------------------------


def _summary(book: _Book) -> SheetSpec:
    s = SheetSpec(SHEET["summary"], tab_color="00B050")
    _title(s, "Summary", "Headcount and spend by month, and totals by calendar year. Figures in the plan currency.")
    budget = SHEET["budget"]
    R = book.staffing_range
    s.put(4, 1, "Positions", "label")
    s.put(4, 2, Formula(f"=COUNTA({R('id')})"), "calc", "int")
    s.put(5, 1, "FTE planned", "label")
    s.put(5, 2, Formula(f"=SUM({R('fte')})"), "calc", "fte")
    s.put(6, 1, "Cost over the horizon", "label")
    s.put(6, 2, Formula(f"={ref(int(book.at['budget.row.Total']), FIRST - 1, sheet=budget)}"), "link", "money")
    s.put(7, 1, "Plan check", "label")
    s.put(7, 2, Formula("=MasterCheck"), "check")
    s.put(9, 1, "Totals by calendar year", "section")
    y_label = int(book.at["budget.year.label"])
    s.put(10, 1, "Category", "header")
    for j in range(YEARS):
        s.put(10, 2 + j, Formula(f"={ref(y_label, FIRST + j, sheet=budget)}"), "header")
    for i, category in enumerate(("Personnel", "Contractors", "Recruiting", "Compute", "Storage", "Total")):
        source = int(book.at[f"budget.year.{category}"])
        s.put(11 + i, 1, category, "total" if category == "Total" else "label")
        for j in range(YEARS):
            s.put(
                11 + i,
                2 + j,
                Formula(f"={ref(source, FIRST + j, sheet=budget)}"),
                "total" if category == "Total" else "link",
                "money",
            )
    date_row = int(book.at["budget.row.date"])
    horizon_last = FIRST + book.a.horizon_months - 1  # charts cover the horizon the workbook was built with
    s.put(8, 1, "The charts show the months of the horizon this workbook was built with.", "note")
    s.charts.append(
        Chart(
            "line",
            "Headcount (FTE on board)",
            "A19",
            budget,
            date_row,
            FIRST,
            horizon_last,
            (int(book.at["budget.row.headcount"]),),
            1,
            "FTE",
            24,
            8,
        )
    )
    s.charts.append(
        Chart(
            "stacked_column",
            "Monthly spend by category",
            "A36",
            budget,
            date_row,
            FIRST,
            horizon_last,
            tuple(int(book.at[f"budget.row.{c}"]) for c in ("Personnel", "Contractors", "Recruiting", "Compute", "Storage")),
            1,
            "per month",
            24,
            9,
        )
    )
    s.widths.update({1: 26, **{2 + j: 14 for j in range(YEARS)}})
    s.print_area = "A1:H54"
    s.landscape = False
    return s


def planner_layout(plan: Plan, playbook_state: PlaybookState | None = None) -> WorkbookSpec:
    """The whole planner workbook for ``plan`` (keeping what a user typed in the playbook)."""
    book = _Book(plan, playbook_state)
    inputs = _assumptions(book)
    staffing = _staffing(book)
    compute = _compute(book)
    budget = _budget(book)
    timeline = _timeline_sheet(book)
    playbook = _playbook(book)
    checks = _checks(book)
    summary = _summary(book)
    skills = _skills(book)
    start = _start(book)
    sheets = [start, inputs, staffing, compute, budget, timeline, playbook, summary, skills, checks]
    assert all(cell.style in STYLES for sheet in sheets for cell in sheet.cells.values())
    return WorkbookSpec(sheets=sheets, names=book.names, active=start.name)
