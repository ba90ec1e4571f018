"""Assumptions: every input of the plan, with its unit, source and date, each under a defined name.

``build`` writes the inputs, the constants, the role table (salaries, hiring terms, contractor
rates, function coverage) and the GPU price list; ``read`` reads them all back for the model.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...catalog import Role
from ...rules import Bounds, Choices, DateRange, rule_at
from ..a1 import area, ref
from ..common import FUNCTION_LABELS, LEVELS, source_date, source_label, title
from ..context import Context
from ..port import BookPort, bounds, named, scalar
from ..rules import date_validation, list_validation, number_validation
from ..spec import SheetSpec, Validation
from .bridge import INPUTS as BRIDGE_INPUTS
from .scenarios import base_name

__all__ = ["INPUTS", "TITLE", "InputSpec", "build", "read"]

TITLE = "Assumptions"


@dataclass(frozen=True)
class InputSpec:
    """One scalar input: its named range, the Assumptions field, and how it is shown.

    What the cell accepts is the field's rule in the model (``layout.rules``): a number in its
    limits, one of its fixed values, a date in its range; ``choose`` names a list on the
    workbook to choose from instead (``GpuIds``)."""

    name: str
    field: str  # dotted path into Assumptions ("pricing_mix.spot")
    label: str
    unit: str
    fmt: str
    source_key: str = ""  # key in defaults.yaml scalars / stage_defaults, for the source column
    section: str = ""
    choose: str = ""  # a defined name holding the values to choose from
    added_later: bool = False  # a workbook made before it existed lacks it: its default applies, and a refill adds it

    def validation(self, sqref: str) -> Validation | None:
        if self.choose:
            return list_validation(sqref, self.choose, self.label)
        rule = rule_at(self.field)
        if isinstance(rule, Choices):
            return list_validation(sqref, self.field, self.label)
        if isinstance(rule, DateRange):
            return date_validation(sqref, self.field, self.label)
        if isinstance(rule, Bounds):
            return number_validation(sqref, rule, self.label)
        return None  # free text (the currency code)


_I = InputSpec


def _later(name: str, field: str, label: str, unit: str, fmt: str, section: str) -> InputSpec:
    """An input added after the first version: a workbook made before it gets it on a refill."""
    return InputSpec(name, field, label, unit, fmt, field, section, added_later=True)


INPUTS: tuple[InputSpec, ...] = (
    _I("StartDate", "start_date", "Plan start date", "date", "date", "start_date", "Plan"),
    _I("Horizon", "horizon_months", "Horizon", "months", "int", "horizon_months", "Plan"),
    _later("FiscalYearStart", "fiscal_year_start", "First month of the fiscal year", "month (1 = January)", "int", "Plan"),
    _I("Stage", "stage", "Maturity stage", "1, 2 or 3", "int", "stage", "Plan"),
    _I("Size", "size", "Point of the seed ranges", "low / mid / high", "text", "size", "Plan"),
    _I("Products", "products", "Products with an applied ML team", "products (stage 3)", "int", "products", "Plan"),
    _I("Currency", "currency", "Reporting currency (every total; see Locations)", "ISO code", "text", "", "Plan"),
    _I("LoadedMultiplier", "loaded_multiplier", "Loaded-cost multiplier", "x salary", "multiple", "loaded_multiplier", "People"),
    _I("AnnualRaise", "annual_raise", "Annual raise of the pay grid", "% a year", "percent", "annual_raise", "People"),
    _I(
        "RecruitingFee",
        "recruiting_cost_per_hire",
        "Recruiting cost per permanent hire",
        "base pay (see Locations)",
        "money",
        "recruiting_cost_per_hire",
        "People",
    ),
    _I("Attrition", "attrition_rate", "Attrition (backfill recruiting)", "% a year", "percent", "attrition_rate", "People"),
    _I(
        "ContractorHours",
        "contractor_hours_per_month",
        "Contractor hours",
        "hours a month",
        "whole",
        "contractor_hours_per_month",
        "People",
    ),
    _later("HiringDelay", "hiring_delay_months", "Hiring delay (every search opens later)", "months", "int", "People"),
    _I(
        "ContractorTimeToFill",
        "contractor_time_to_fill_months",
        "Contractor time to start",
        "months",
        "int",
        "contractor_time_to_fill_months",
        "People",
    ),
    _I("GpuType", "gpu_type", "GPU type (price list below)", "GPU id", "text", "gpu_type", "Compute", choose="GpuIds"),
    _I("MixOnDemand", "pricing_mix.on_demand", "GPU-hours bought on demand", "% of hours", "percent", "pricing_mix", "Compute"),
    _I("MixReserved", "pricing_mix.reserved", "GPU-hours reserved", "% of hours", "percent", "pricing_mix", "Compute"),
    _I("MixSpot", "pricing_mix.spot", "GPU-hours on spot", "% of hours", "percent", "pricing_mix", "Compute"),
    _I("ReservedDiscount", "reserved_discount", "Reserved discount", "% off on-demand", "percent", "reserved_discount", "Compute"),
    _I("SpotDiscount", "spot_discount", "Spot discount", "% off on-demand", "percent", "spot_discount", "Compute"),
    _I("Utilisation", "utilisation", "GPU utilisation", "% of billed time", "percent", "utilisation", "Compute"),
    _I(
        "TrainingHours",
        "training_gpu_hours_per_month",
        "Fixed extra training GPU-hours",
        "useful hours a month",
        "whole",
        "training_gpu_hours_per_month",
        "Compute",
    ),
    _I(
        "InferenceHours",
        "inference_gpu_hours_per_month",
        "Fixed extra inference GPU-hours",
        "useful hours a month",
        "whole",
        "inference_gpu_hours_per_month",
        "Compute",
    ),
    _I(
        "DataProcessingShare", "data_processing_share", "Data processing", "% of all compute", "percent", "data_processing_share", "Compute"
    ),
    _I(
        "ComputeStartMonth",
        "compute_start_month",
        "Storage and fixed extra hours start",
        "month of the plan",
        "int",
        "compute_start_month",
        "Compute",
    ),
    _I(
        "WorkloadScale",
        "workload_scale",
        "Workload scale (times every workload volume on Compute)",
        "x the workload table",
        "multiple",
        "workload_scale",
        "Compute",
        added_later=True,
    ),
    _I("StorageTB", "storage_tb", "Storage at the start", "TB", "tb", "storage_tb", "Compute"),
    _I("StorageGrowth", "storage_growth_tb_per_month", "Storage growth", "TB a month", "tb", "storage_growth_tb_per_month", "Compute"),
    _I(
        "StoragePrice",
        "storage_price_per_tb_month",
        "Storage price",
        "per TB-month (base currency)",
        "rate",
        "storage_price_per_tb_month",
        "Compute",
    ),
    _I("RiskRuns", "risk_runs", "Runs of the hiring-risk simulation", "runs", "whole", "risk_runs", "Risk", added_later=True),
    _I("RiskSeed", "risk_seed", "Random seed of the simulation", "seed", "int", "risk_seed", "Risk", added_later=True),
    _later("SearchFailureChance", "search_failure_chance", "Chance a search fails and opens again", "% of searches", "percent", "Risk"),
    _later("LateStartChance", "late_start_chance", "Chance a hire starts 1-2 months late", "% of hires", "percent", "Risk"),
    _I(
        "ActualsThrough",
        "actuals_through",
        "Last closed month (actuals typed up to it)",
        "month of the plan (0 = none)",
        "int",
        "actuals_through",
        "Actuals",
        added_later=True,
    ),
    _later("VarianceTolerance", "variance_tolerance", "Over budget by more than this is flagged", "% of the plan", "percent", "Actuals"),
    *(_I(*row, added_later=True) for row in BRIDGE_INPUTS),  # the Hire or contract sheet's inputs
)
INPUTS += (
    _I(
        "Scenario",
        "scenario",
        "Scenario the workbook shows (see Scenarios)",
        "name on Scenarios",
        "text",
        "scenario",
        "Scenario",
        choose="ScenarioNames",
        added_later=True,
    ),
)
_SECTIONS = {"Plan": "Plan", "People": "People costs", "Compute": "Compute and storage", "Actuals": "Actuals and variance"}
_SECTIONS["Risk"] = "Hiring risk (the simulation on the Hiring risk sheet)"
_SECTIONS["Decisions"] = "Hire or contract"
_SECTIONS["Scenario"] = "Scenario (drivers on the Scenarios sheet)"


def _get(a: Any, path: str) -> Any:
    value = a
    for part in path.split("."):
        value = getattr(value, part)
    return value


def _source_key(ctx: Context, key: str) -> str:
    """The source (a key of sources.yaml) of a default input."""
    d = ctx.catalog.defaults
    return d.scalars[key].source if key in d.scalars else d.stage_defaults[ctx.a.stage].source


def _lowest_level_covering(role: Role, function: str) -> str | None:
    if role.function.value == function:
        return role.levels[0].value
    for cover in role.also_covers:
        if cover.function.value == function:
            return (cover.min_level or role.levels[0]).value
    return None


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="A4", tab_color="0000FF")
    a = ctx.a.base  # the inputs as typed; a scenario's changes are on Scenarios
    title(s, "Assumptions", "Every input of the plan. Blue cells are yours to change; each has a unit, a source and a date.")
    for c, text in enumerate(["Input", "Value", "Unit", "Source", "Date"], start=1):
        s.put(3, c, text, "header")
    row = 4
    section = ""
    for spec in INPUTS:
        if spec.section != section:
            section = spec.section
            s.put(row, 1, _SECTIONS[section], "section")
            row += 1
        value = _get(a, spec.field)
        value = value.value if hasattr(value, "value") else value
        s.put(row, 1, spec.label, "label")
        s.put(row, 2, value if not isinstance(value, bool) else int(value), "input", spec.fmt)
        source = _source_key(ctx, spec.source_key) if spec.source_key else "assumption"
        s.put(row, 3, spec.unit, "unit")
        s.put(row, 4, source_label(source), "unit")
        s.put(row, 5, source_date(source), "unit")
        ctx.name(spec.name, s.name, row, 2)
        validation = spec.validation(ref(row, 2))
        if validation is not None:
            s.validations.append(validation)
        row += 1
    row = _constants(ctx, s, row + 1)
    row = _roles(ctx, s, row + 1)
    row = _gpus(ctx, s, row + 2)
    s.widths.update({1: 44, 2: 18, 3: 26, 4: 18, 5: 12, 6: 12, 7: 12, 8: 11, 9: 11, 10: 12, 11: 14, 12: 14, 13: 14, 14: 14, 15: 14})
    s.print_area = f"A1:O{row}"
    return s


def _constants(ctx: Context, s: SheetSpec, row: int) -> int:
    s.put(row, 1, "Constants (conventions and seed thresholds, not inputs)", "section")
    row += 1
    catalog = ctx.catalog
    constants = [
        ("MonthsPerYear", "Months in a year", 12, "months", "convention"),
        ("MonthsPerQuarter", "Months in a quarter", 3, "months", "convention"),
        ("MLOpsBy", "MLOps engineer on board by", catalog.window("w3").end_month, "month of the plan", "s000"),
        ("PlatformThreshold", "Platform or MLOps engineer before the team reaches", catalog.fact("platform_team_by").high, "FTE", "s002"),
        ("Tolerance", "Rounding tolerance of checks", 0.000001, "", "convention"),
        ("PerProductStage", "Stage whose applied ML team is sized per product", 3, "stage", "s000"),
    ]
    for name, label, value, unit, source in constants:
        s.put(row, 1, label, "label")
        s.put(row, 2, value, "constant", "small" if name == "Tolerance" else "whole")
        s.put(row, 3, unit, "unit")
        s.put(row, 4, source if source == "convention" else source_label(source), "unit")
        ctx.name(name, s.name, row, 2)
        row += 1
    return row


def _roles(ctx: Context, s: SheetSpec, row: int) -> int:
    """The role table: salary per level (a year, before loading), hiring terms, contractor rate, coverage."""
    a, catalog = ctx.a, ctx.catalog
    s.put(
        row,
        1,
        "Roles: salary per level (a year, before loading), hiring terms, contractor rate; "
        "pay in the base currency at the base location (see Locations)",
        "section",
    )
    row += 1
    headers = [
        "Role",
        "Role id",
        "Function",
        *LEVELS,
        "Time to fill (months)",
        "Ramp-up (months)",
        "Contractor rate (an hour)",
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
        s.put(row, 3, FUNCTION_LABELS[role.function], "constant")
        for i, level in enumerate(LEVELS):
            if level in role.levels:
                s.put(row, 4 + i, a.salary(role.id, level), "input", "money")
        terms = a.terms(role.id)
        s.put(row, 8, terms.time_to_fill_months, "input", "int")
        s.put(row, 9, terms.ramp_up_months, "input", "int")
        s.put(row, 10, terms.contractor_hourly_rate, "input", "rate")
        for i, function in enumerate(("data_science", "ml_engineering", "infrastructure", "domain")):
            s.put(row, 11 + i, _lowest_level_covering(role, function) or "", "constant_text")
        s.put(row, 15, source_label(catalog.defaults.salaries[role.id].source), "note")
    last = row
    for name, column, width in (
        ("RoleNames", 1, 1),
        ("RoleIds", 2, 1),
        ("RoleFunctions", 3, 1),
        ("SalaryTable", 4, 4),
        ("RoleTimeToFill", 8, 1),
        ("RoleRampUp", 9, 1),
        ("RoleContractorRate", 10, 1),
        ("CoverDataScience", 11, 1),
        ("CoverMLEngineering", 12, 1),
        ("CoverInfrastructure", 13, 1),
        ("CoverDomain", 14, 1),
    ):
        ctx.name(name, s.name, first, column, last, column + width - 1)
        if name == "SalaryTable":  # the level headers above the salary columns
            ctx.name("LevelNames", s.name, level_row, 4, level_row, 7)
    s.validations += [
        number_validation(area(first, 4, last, 7), "salaries", "Salary"),
        number_validation(area(first, 8, last, 8), "role_terms.time_to_fill_months", "Time to fill"),
        number_validation(area(first, 9, last, 9), "role_terms.ramp_up_months", "Ramp-up"),
        number_validation(area(first, 10, last, 10), "role_terms.contractor_hourly_rate", "Contractor rate"),
    ]
    return row


def _gpus(ctx: Context, s: SheetSpec, row: int) -> int:
    s.put(row, 1, "GPU prices (on-demand, per GPU-hour, in the base currency: Compute converts them)", "section")
    row += 1
    for c, text in enumerate(["GPU id", "Name", "Rate per hour", "Source", "Date"], start=1):
        s.put(row, c, text, "header")
    first = row + 1
    for gpu_id, gpu in ctx.a.base.gpu_types.items():
        row += 1
        s.put(row, 1, gpu_id, "constant")
        s.put(row, 2, gpu.name, "label")
        s.put(row, 3, gpu.hourly_rate, "input", "rate")
        s.put(row, 4, gpu.source, "unit")  # the price's own source, as the user keeps it
        s.put(row, 5, gpu.date, "unit")
    for name, column in (("GpuIds", 1), ("GpuNames", 2), ("GpuRates", 3), ("GpuSources", 4), ("GpuDates", 5)):
        ctx.name(name, s.name, first, column, row, column)
    s.validations.append(number_validation(area(first, 3, row, 3), "gpu_types.hourly_rate", "GPU rate"))
    return row


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def read(port: BookPort) -> dict[str, Any]:
    """Every input on the sheet, as plain data for ``parse_assumptions`` (the team is Staffing's)."""
    from ...catalog import load_catalog

    data: dict[str, Any] = {}
    for spec in INPUTS:
        if spec.added_later and port.name_ref(spec.name) is None:
            continue  # a workbook made before the input existed: its default applies
        stored = base_name(spec.name) if port.name_ref(base_name(spec.name)) is not None else spec.name  # a scenario's driver
        _set(data, spec.field, scalar(named(port, stored)[0][0]))
    ids = {role.name: role.id for role in load_catalog().roles.values()}
    names = [row[0] for row in named(port, "RoleNames")]
    levels = named(port, "LevelNames")[0]
    salaries, fill, ramp, rates = (named(port, n) for n in ("SalaryTable", "RoleTimeToFill", "RoleRampUp", "RoleContractorRate"))
    data["salaries"], data["role_terms"] = {}, {}
    for i, name in enumerate(names):
        role = ids.get(name, name)
        data["salaries"][role] = {lvl: scalar(v) for lvl, v in zip(levels, salaries[i], strict=True) if v not in (None, "")}
        data["role_terms"][role] = {
            "time_to_fill_months": scalar(fill[i][0]),
            "ramp_up_months": scalar(ramp[i][0]),
            "contractor_hourly_rate": scalar(rates[i][0]),
        }
    gpu_ids = [row[0] for row in named(port, "GpuIds")]
    gpu_names = [row[0] for row in named(port, "GpuNames")]
    rates_, sources, dates = ([row[0] for row in named(port, n)] for n in ("GpuRates", "GpuSources", "GpuDates"))
    data["gpu_types"] = {
        gid: {"name": gpu_names[i] or gid, "hourly_rate": scalar(rates_[i]), "source": sources[i] or "", "date": str(dates[i] or "")}
        for i, gid in enumerate(gpu_ids)
    }
    return data


def added_inputs(port: BookPort, full: SheetSpec, names: dict[str, str]) -> SheetSpec | None:
    """The inputs a workbook made before they existed lacks, as rows to add below what its
    Assumptions sheet holds (their names in ``names`` are moved there); None when none is missing."""
    missing = [spec for spec in INPUTS if spec.added_later and port.name_ref(spec.name) is None]
    if not missing:
        return None
    s = SheetSpec(TITLE)
    row = port.last_row(TITLE) + 2
    s.put(row, 1, "Inputs added in a later version of the planner", "section")
    for spec in missing:
        row += 1
        stored = base_name(spec.name)  # a scenario's driver: its input's own name (the plain name is the value in effect)
        _, source_row, _, _, _ = bounds(names[stored])
        for column in range(1, 6):
            cell = full.cells.get((source_row, column))
            if cell is not None:
                s.cells[(row, column)] = cell
        names[stored] = area(row, 2, row, 2, sheet=TITLE)
        validation = spec.validation(ref(row, 2))
        if validation is not None:
            s.validations.append(validation)
    return s


def role_functions(port: BookPort) -> dict[str, str]:
    """Role name -> function label, as the workbook's role table holds them (a workbook of an
    earlier version may word them otherwise: its Staffing lookups show its own words)."""
    names = [row[0] for row in named(port, "RoleNames")]
    labels = [row[0] for row in named(port, "RoleFunctions")]
    return {str(n): str(f) for n, f in zip(names, labels, strict=True) if n and f}
