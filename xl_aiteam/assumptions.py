"""Every input a user may change, in one pydantic model, with defaults from the catalog.

A partial file is fine: whatever it leaves out comes from ``data/defaults.yaml`` (and, for
the workload, from the defaults of the stage the file asks for). Nested tables such as
``salaries`` are merged key by key, so ``salaries: {ml_engineer: {senior: 320000}}``
changes one cell and keeps the rest.

Bad values raise :class:`~xl_aiteam.errors.InputError` naming the field, the value and
what is allowed.
"""

from __future__ import annotations

import json
import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional, get_args

import yaml
from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictFloat,
    StrictInt,
    ValidationError,
    ValidationInfo,
    create_model,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .atomic import write_atomically
from .catalog import Employment, Level, load_catalog
from .errors import ErrorCode, InputError, WorkbookError
from .locations import default_locations
from .rules import MAX_HORIZON, MAX_MONEY, Bounds, Choices, DateRange, check_number, format_number, one_of, rule_at
from .scenarios import MAX_SCENARIOS, default_scenarios, find_scenario

__all__ = [
    "Assumptions",
    "GpuType",
    "Location",
    "PricingMix",
    "RoleTerms",
    "TeamLine",
    "Workload",
    "default_assumptions",
    "load_assumptions",
    "parse_assumptions",
    "read_assumptions_file",
    "save_assumptions",
]

# Numbers must be numbers: text such as "120k" is refused, not guessed at.
Number = Annotated[StrictInt | StrictFloat, AllowInfNan(False)]
Money = Annotated[Number, Field(ge=0, le=MAX_MONEY)]
Share = Annotated[Number, Field(ge=0, le=1)]
Month = Annotated[StrictInt, Field(ge=1, le=MAX_HORIZON)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    def __setattr__(self, name: str, value: Any) -> None:
        """Assignment is validated too, and a bad value is an InputError like any other."""
        try:
            super().__setattr__(name, value)
        except ValidationError as exc:
            raise as_input_error(exc, model=type(self)) from None


class RoleTerms(_Input):
    time_to_fill_months: Annotated[StrictInt, Field(ge=0, le=24)]
    ramp_up_months: Annotated[StrictInt, Field(ge=0, le=24)]
    contractor_hourly_rate: Annotated[Number, Field(ge=0, le=10_000)]


class GpuType(_Input):
    name: str
    hourly_rate: Annotated[Number, Field(gt=0, le=1_000)]
    source: str
    date: str
    peak_tflops: Annotated[Number, Field(gt=0, le=100_000)]  # peak dense BF16 TFLOP/s: turns FLOPs into GPU-hours
    peak_note: str = ""  # where the throughput comes from


WORKLOAD_KINDS = ("training", "fine_tuning", "evaluation", "inference")


class Workload(_Input):
    """One row of the workload table: ``runs_per_month`` runs over ``tokens`` tokens each of a
    model of ``params`` parameters, at ``flops_per_param_token`` FLOPs per parameter and token
    (6 trains, 2 runs forward only); from ``start_month``, and never before an ML practitioner
    is productive (see ``xl_aiteam.workload``)."""

    params: Annotated[Number, Field(gt=0, le=1e13)]
    tokens: Annotated[Number, Field(gt=0, le=1e16)]
    runs_per_month: Annotated[Number, Field(ge=0, le=1e6)]
    start_month: Month
    flops_per_param_token: Annotated[Number, Field(gt=0, le=100)]


class Location(_Input):
    """A place people are paid. Pay there is the base figure (a salary, a contractor rate, the
    recruiting fee, all set for the base location in the base currency) x ``pay_multiplier``,
    in the location's ``currency``; ``exchange_rate`` is what one unit of that currency is worth
    in the reporting currency (``Assumptions.currency``)."""

    name: Annotated[str, Field(min_length=1, max_length=40)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    pay_multiplier: Annotated[Number, Field(gt=0, le=1_000)]
    exchange_rate: Annotated[Number, Field(gt=0, le=100_000)]
    source: str = "assumption"
    date: str = ""

    @property
    def pay_factor(self) -> float:
        """Reporting currency per unit of a base figure: the multiplier, then the exchange rate."""
        return self.pay_multiplier * self.exchange_rate


class PricingMix(_Input):
    """Shares of GPU-hours bought on demand, reserved and spot; they add up to 1."""

    on_demand: Share
    reserved: Share
    spot: Share

    @model_validator(mode="after")
    def _adds_up(self) -> PricingMix:
        total = self.on_demand + self.reserved + self.spot
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise PydanticCustomError(
                ErrorCode.MIX_TOTAL.value, "shares must add up to 1 (they add up to {total})", {"total": format_number(round(total, 6))}
            )
        return self


SeatField = Literal["role", "level", "fte", "employment", "search_month", "group"]  # a seat row's cells that follow the stage table


class TeamLine(_Input):
    """One position the user wants: a person (``fte`` up to 1) in a role at a level."""

    role: str
    level: Level
    fte: Annotated[Number, Field(gt=0, le=1)]
    employment: Employment = Employment.PERMANENT
    search_month: Month | None = None  # None: from the hiring sequence; for a person already employed, the first month on the plan
    end_month: Month | None = None  # the last month paid (a contractor who bridges, a fixed term); None: to the end of the plan
    label: str = ""
    group: str = ""  # the stage line or sub-team it came from
    id: Annotated[str, Field(max_length=20)] = ""  # empty: numbered P01, P02... in plan order
    manual: bool = False  # added by the user in the workbook: a refill keeps it as it is
    notes: Annotated[str, Field(max_length=2000)] = ""
    location: Annotated[str, Field(max_length=40)] = ""  # a name of the locations table; empty: the base location (its first row)
    actual_start: Month | None = None  # the month the person really started, once known; None: as planned
    # the seat of the stage table the line follows (the workbook's live rows); None: the user's own
    seat: Annotated[StrictInt, Field(ge=1, le=1000)] | None = None
    # which of its values follow the seat (the workbook's formulas); the others are the user's. A
    # scenario that changes Size gives these the seat's values at that size (``seats.reseat``).
    follows: list[SeatField] = Field(default_factory=list)

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        roles = load_catalog().roles
        if role not in roles:
            raise PydanticCustomError(ErrorCode.UNKNOWN_ROLE.value, "must be {allowed}", {"allowed": one_of(list(roles))})
        return role

    @model_validator(mode="after")
    def _level_for_role(self) -> TeamLine:
        levels = load_catalog().role(self.role).levels
        if self.level not in levels:
            raise PydanticCustomError(
                ErrorCode.UNKNOWN_LEVEL.value,
                "level {level} does not exist for {role}; allowed: {allowed}",
                {"level": self.level.value, "role": self.role, "allowed": ", ".join(levels)},
            )
        return self


class Assumptions(_Input):
    """Every editable input of the plan. ``Assumptions()`` gives the catalog defaults."""

    start_date: Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31))]
    horizon_months: Month
    fiscal_year_start: Annotated[StrictInt, Field(ge=1, le=12)]  # the month the fiscal year starts (1: the calendar year)
    hiring_delay_months: Annotated[StrictInt, Field(ge=0, le=24)]  # every search opens this many months later than planned
    stage: Literal[1, 2, 3]
    size: Literal["low", "mid", "high"]
    products: Annotated[StrictInt, Field(ge=1, le=20)]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    salaries: dict[str, dict[Level, Money]]
    loaded_multiplier: Annotated[Number, Field(ge=1, le=5)]
    annual_raise: Annotated[Number, Field(ge=0, le=0.5)]
    recruiting_cost_per_hire: Money
    attrition_rate: Share
    role_terms: dict[str, RoleTerms]
    contractor_hours_per_month: Annotated[Number, Field(gt=0, le=744)]
    contractor_time_to_fill_months: Annotated[StrictInt, Field(ge=0, le=24)]
    gpu_types: dict[str, GpuType]
    gpu_type: str
    pricing_mix: PricingMix
    reserved_discount: Annotated[Number, Field(ge=0, lt=1)]
    spot_discount: Annotated[Number, Field(ge=0, lt=1)]
    utilisation: Annotated[Number, Field(gt=0, le=1)]
    training_gpu_hours_per_month: Annotated[Number, Field(ge=0, le=1e8)]
    inference_gpu_hours_per_month: Annotated[Number, Field(ge=0, le=1e8)]
    data_processing_share: Annotated[Number, Field(ge=0, le=0.9)]
    compute_start_month: Month
    storage_tb: Annotated[Number, Field(ge=0, le=1e7)]
    storage_growth_tb_per_month: Annotated[Number, Field(ge=0, le=1e6)]
    storage_price_per_tb_month: Annotated[Number, Field(ge=0, le=1e5)]
    locations: Annotated[list[Location], Field(min_length=1)]  # the first row is the base location
    mfu: Annotated[Number, Field(gt=0, le=1)]  # model FLOPs utilisation: useful FLOP/s over the GPU's peak
    workload_scale: Annotated[Number, Field(ge=0, le=1000)]  # multiplies every workload volume (a scenario driver)
    experiment_gpu_hours_per_practitioner: Annotated[Number, Field(ge=0, le=10_000)]  # a month, per productive ML practitioner
    workloads: dict[str, Workload]
    risk_runs: Annotated[StrictInt, Field(ge=1, le=1_000_000)]  # runs of the hiring-risk simulation
    risk_seed: Annotated[StrictInt, Field(ge=0, le=2_147_483_647)]  # its random seed: the same seed, the same figures
    search_failure_chance: Annotated[Number, Field(ge=0, le=0.9)]  # the chance a search fails and opens again
    late_start_chance: Share  # the chance a hire starts later than the search alone would give
    decision_window_months: Month = 12  # hire or contract: the months compared from each search's opening
    ramp_up_productivity: Share = 0.5  # share of a full month's work a new hire delivers while ramping up
    team: list[TeamLine] | None = None  # None: the stage's default team
    actuals_through: Annotated[StrictInt, Field(ge=0, le=MAX_HORIZON)]  # the last month whose actuals are closed; 0: none
    variance_tolerance: Share  # over budget by more than this share of the plan is flagged
    scenarios: dict[str, ScenarioOverrides]  # name -> the drivers it changes (xl_aiteam.scenarios), in order
    scenario: Annotated[str, Field(min_length=1, max_length=31)]  # the scenario in effect
    _base: Assumptions | None = PrivateAttr(default=None)  # for assumptions a scenario put in effect: the base ones

    def __init__(self, **data: Any) -> None:  # tells type checkers any field may be left out: _fill_defaults fills it
        super().__init__(**data)

    @field_validator("team")
    @classmethod
    def _unique_ids(cls, team: list[TeamLine] | None) -> list[TeamLine] | None:
        ids = [line.id for line in team or [] if line.id]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise PydanticCustomError(
                ErrorCode.DUPLICATE_ID.value, "position ID {id} is used twice; IDs must be unique", {"id": repeated[0]}
            )
        return team

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        return _with_defaults(data)

    @field_validator("stage", mode="before")
    @classmethod
    def _whole_stage(cls, stage: Any) -> Any:
        stages = get_args(cls.model_fields["stage"].annotation)
        if isinstance(stage, bool) or not isinstance(stage, int) or stage not in stages:
            raise PydanticCustomError(ErrorCode.UNKNOWN_CHOICE.value, "must be {allowed}", {"allowed": one_of(stages)})
        return stage

    @field_validator("salaries")
    @classmethod
    def _salary_roles(cls, salaries: dict[str, dict[Level, float]]) -> dict[str, dict[Level, float]]:
        catalog = load_catalog()
        for role, by_level in salaries.items():
            if role not in catalog.roles:
                raise PydanticCustomError(
                    ErrorCode.UNKNOWN_ROLE.value,
                    "unknown role {role}; allowed: {allowed}",
                    {"role": role, "allowed": ", ".join(catalog.roles)},
                )
            wrong = [lvl.value for lvl in by_level if lvl not in catalog.role(role).levels]
            if wrong:
                raise PydanticCustomError(
                    ErrorCode.UNKNOWN_LEVEL.value,
                    "{role} has no level {level}; allowed: {allowed}",
                    {"role": role, "level": wrong[0], "allowed": ", ".join(catalog.role(role).levels)},
                )
        return salaries

    @field_validator("role_terms")
    @classmethod
    def _terms_roles(cls, terms: dict[str, RoleTerms]) -> dict[str, RoleTerms]:
        roles = load_catalog().roles
        for role in terms:
            if role not in roles:
                raise PydanticCustomError(
                    ErrorCode.UNKNOWN_ROLE.value, "unknown role {role}; allowed: {allowed}", {"role": role, "allowed": ", ".join(roles)}
                )
        return terms

    @field_validator("workloads", mode="before")
    @classmethod
    def _workload_kinds(cls, workloads: Any) -> Any:
        if isinstance(workloads, dict) and sorted(workloads) != sorted(WORKLOAD_KINDS):
            wrong = [k for k in workloads if k not in WORKLOAD_KINDS] or [k for k in WORKLOAD_KINDS if k not in workloads]
            raise PydanticCustomError(
                ErrorCode.UNKNOWN_CHOICE.value,
                "the workload table has the rows {allowed}, not {wrong}",
                {"allowed": ", ".join(WORKLOAD_KINDS), "wrong": wrong[0]},
            )
        return workloads

    @field_validator("gpu_type")
    @classmethod
    def _gpu_listed(cls, gpu: str, info: ValidationInfo) -> str:
        listed = info.data.get("gpu_types")  # absent when the price list itself was refused
        if listed is not None and gpu not in listed:
            raise PydanticCustomError(ErrorCode.UNKNOWN_GPU.value, "must be {allowed}", {"allowed": one_of(list(listed))})
        return gpu

    @model_validator(mode="after")
    def _gpu_known(self) -> Assumptions:  # a price list assigned without the chosen GPU type
        if self.gpu_type not in self.gpu_types:
            raise PydanticCustomError(
                ErrorCode.UNKNOWN_GPU.value,
                "unknown GPU type {gpu}; allowed: {allowed}",
                {"gpu": self.gpu_type, "allowed": ", ".join(self.gpu_types)},
            )
        return self

    @model_validator(mode="after")
    def _locations_agree(self) -> Assumptions:
        """Location names are unique, the rates are to the reporting currency, every position's location is listed."""
        from .locations import location_problem  # the rules live beside the rest of the location logic

        problem = location_problem(self)
        if problem is not None:
            code, at, message, ctx = problem
            raise PydanticCustomError(code.value, message, {**ctx, "at": at})
        return self

    @field_validator("actuals_through")
    @classmethod
    def _actuals_in_plan(cls, through: int, info: ValidationInfo) -> int:
        horizon = info.data.get("horizon_months")  # absent when the horizon itself was refused
        if horizon is not None and through > horizon:
            raise PydanticCustomError(
                ErrorCode.ACTUALS_PAST_HORIZON.value,
                "must be 0 to the horizon ({horizon} months): a month after the plan cannot be closed",
                {"horizon": horizon},
            )
        return through

    @field_validator("scenarios")
    @classmethod
    def _scenario_names(cls, scenarios: dict[str, Any]) -> dict[str, Any]:
        seen: set[str] = set()
        for name in scenarios:
            if not name.strip() or len(name) > 31 or name.casefold() in seen:
                raise PydanticCustomError(
                    ErrorCode.UNKNOWN_SCENARIO.value,
                    "scenario name {name!r} is empty, longer than 31 characters or used twice; names must be unique",
                    {"name": name},
                )
            seen.add(name.casefold())
        if not scenarios:
            raise PydanticCustomError(ErrorCode.REQUIRED.value, "must name at least one scenario", {})
        if len(scenarios) > MAX_SCENARIOS:
            raise PydanticCustomError(
                ErrorCode.OUT_OF_RANGE.value,
                "holds {count} scenarios; at most {most} (the columns of the Scenarios sheet)",
                {"count": len(scenarios), "most": MAX_SCENARIOS},
            )
        return scenarios

    @field_validator("scenario")
    @classmethod
    def _scenario_listed(cls, scenario: str, info: ValidationInfo) -> str:
        listed = info.data.get("scenarios")  # absent when the scenarios themselves were refused
        if listed is not None:
            try:
                find_scenario(list(listed), scenario)
            except InputError as exc:
                raise PydanticCustomError(ErrorCode.UNKNOWN_SCENARIO.value, exc.allowed, {}) from None
        return scenario

    # --- scenarios ---

    @property
    def base(self) -> Assumptions:
        """The base assumptions (for assumptions a scenario put in effect; else these)."""
        return self._base or self

    def keep_base(self, base: Assumptions) -> None:
        self._base = base

    # --- look-ups ---

    def salary(self, role: str, level: Level | str) -> float:
        return float(self.salaries[role][Level(level)])

    def terms(self, role: str) -> RoleTerms:
        return self.role_terms[role]

    def location(self, name: str = "") -> Location:
        """A location by name; an empty name is the base location (the table's first row)."""
        if not name:
            return self.locations[0]
        return next(place for place in self.locations if place.name == name)

    @property
    def gpu(self) -> GpuType:
        return self.gpu_types[self.gpu_type]

    # --- saving ---

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


def _driver_type(rule: str) -> Any:
    """The type of a scenario's value for a driver: its field's own type and limits, or None."""
    model: Any = Assumptions
    *parents, leaf = rule.split(".")
    for part in parents:
        annotation = model.model_fields[part].annotation
        model = get_args(annotation)[-1] if get_args(annotation) else annotation  # gpu_types: dict[str, GpuType]
    info = model.model_fields[leaf]
    typed = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    return Optional[typed]  # noqa: UP045 (a type built at run time)


def _overrides_model() -> type[_Input]:
    from .scenarios import DRIVERS

    fields: dict[str, Any] = {d.key: (_driver_type(d.rule), None) for d in DRIVERS}
    model: type[_Input] = create_model("ScenarioOverrides", __base__=_Input, **fields)
    return model


if TYPE_CHECKING:
    ScenarioOverrides = _Input
else:
    ScenarioOverrides = _overrides_model()  # a scenario's drivers: one optional field per driver, with its field's rule
    Assumptions.model_rebuild()


def _stage_of(data: dict[str, Any]) -> int:
    stage = data.get("stage", load_catalog().scalar("stage"))
    return stage if stage in (1, 2, 3) and not isinstance(stage, bool) else 2


def defaults(stage: int | None = None) -> dict[str, Any]:
    """The default assumptions as plain data (for a stage, or the catalog's default stage)."""
    catalog = load_catalog()
    d = catalog.defaults
    stage = stage if stage in (1, 2, 3) else catalog.scalar("stage")
    workload = d.stage_defaults[stage]
    scalars = {k: v.value for k, v in d.scalars.items()}
    return {
        **scalars,
        "stage": stage,
        "start_date": date.fromisoformat(str(scalars["start_date"])),
        "currency": d.currency,
        "salaries": {role: {lvl.value: amount for lvl, amount in s.salaries.items()} for role, s in d.salaries.items()},
        "role_terms": {
            role: {
                "time_to_fill_months": t.time_to_fill_months,
                "ramp_up_months": t.ramp_up_months,
                "contractor_hourly_rate": t.contractor_hourly_rate,
            }
            for role, t in d.role_terms.items()
        },
        "gpu_types": {
            g.id: {
                "name": g.name,
                "hourly_rate": g.hourly_rate,
                "source": catalog.sources[g.source].file,
                "date": g.date,
                "peak_tflops": g.peak_tflops,
                "peak_note": g.peak_note,
            }
            for g in catalog.costs.gpu_prices
        },
        "training_gpu_hours_per_month": workload.training_gpu_hours_per_month,
        "inference_gpu_hours_per_month": workload.inference_gpu_hours_per_month,
        "storage_tb": workload.storage_tb,
        "storage_growth_tb_per_month": workload.storage_growth_tb_per_month,
        "locations": default_locations(d.currency),
        "workloads": {k: w.model_dump(exclude={"source", "note"}) for k, w in d.workloads.items()},
        "scenarios": default_scenarios(),
    }


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    merged = defaults(_stage_of(data))
    for key, value in data.items():
        base = merged.get(key)
        if key in ("salaries", "role_terms", "gpu_types", "workloads") and isinstance(value, dict) and isinstance(base, dict):
            table = dict(base)
            for name, inner in value.items():
                old = table.get(name)
                table[name] = {**old, **inner} if isinstance(old, dict) and isinstance(inner, dict) else inner
            merged[key] = table
        elif key == "pricing_mix" and isinstance(value, dict) and isinstance(base, dict):
            merged[key] = value  # a mix is one decision: a partial mix would not add up
        else:
            merged[key] = value
    if "locations" not in data:  # the default table, its rates to the reporting currency asked for
        merged["locations"] = default_locations(merged.get("currency"))
    if "scenario" not in data and isinstance(data.get("scenarios"), dict) and data["scenarios"]:
        merged["scenario"] = next(iter(data["scenarios"]))  # a file's own scenarios: the first is in effect unless it says
    return merged


# --- turning pydantic's errors into one line a user can act on --------------------------

# what pydantic's error types mean here; a number, a date or a choice is first explained by
# its own rule (see as_input_error), so the number types below are only a fallback
_PYDANTIC: dict[str, tuple[ErrorCode, str]] = {
    "string_type": (ErrorCode.NOT_TEXT, "must be text"),
    "string_too_long": (ErrorCode.TEXT_TOO_LONG, "must be at most {max_length} characters"),
    "string_pattern_mismatch": (ErrorCode.BAD_FORMAT, "must match {pattern}"),
    "dict_type": (ErrorCode.NOT_A_TABLE, "must be a table of names and values"),
    "model_type": (ErrorCode.NOT_A_TABLE, "must be a table of names and values"),
    "model_attributes_type": (ErrorCode.NOT_A_TABLE, "must be a table of names and values"),
    "list_type": (ErrorCode.NOT_A_LIST, "must be a list"),
    "bool_type": (ErrorCode.NOT_A_BOOLEAN, "must be true or false"),
    "bool_parsing": (ErrorCode.NOT_A_BOOLEAN, "must be true or false"),
    "extra_forbidden": (ErrorCode.UNKNOWN_INPUT, "is not an input of the planner"),
    "missing": (ErrorCode.REQUIRED, "must be given"),
    "int_type": (ErrorCode.NOT_A_NUMBER, "must be a whole number"),
    "int_parsing": (ErrorCode.NOT_A_NUMBER, "must be a whole number"),
    "int_from_float": (ErrorCode.NOT_WHOLE, "must be a whole number"),
    "float_type": (ErrorCode.NOT_A_NUMBER, "must be a number"),
    "float_parsing": (ErrorCode.NOT_A_NUMBER, "must be a number"),
    "finite_number": (ErrorCode.NOT_FINITE, "must be a number, not NaN or infinity"),
}
_PATTERNS = {r"^[A-Z]{3}$": "must be three capital letters, an ISO currency code such as USD"}
_DATE_ERRORS = ("date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact", "date_future", "date_past")
_RANGE_ERRORS = ("greater_than", "greater_than_equal", "less_than", "less_than_equal")
_CHOICE_ERRORS = ("literal_error", "enum", ErrorCode.UNKNOWN_CHOICE.value)
_NUMBER_ERRORS = ("int_type", "int_parsing", "int_from_float", "float_type", "float_parsing", "finite_number", *_RANGE_ERRORS)
_BRANCHES = ("int", "float", "union[int,float]", "[key]")
_OUR_CODES = frozenset(code.value for code in ErrorCode)


def _loc(loc: tuple[Any, ...]) -> tuple[str | int, ...]:
    """pydantic's location without the names of union branches and validators."""
    return tuple(
        p for p in loc if not (isinstance(p, str) and (p.startswith(("function-", "constrained-", "lax-", "strict-")) or p in _BRANCHES))
    )


def _field(parts: tuple[str | int, ...], where: str) -> str:
    text = ".".join(str(p) for p in parts)
    return f"{where}.{text}" if where and text else (text or where or "assumptions")


def _rule_of(loc: tuple[Any, ...], model: type[BaseModel]) -> Bounds | Choices | DateRange | None:
    """The rule of the field at a pydantic location (a bad table key: the rule of the keys)."""
    parts = _loc(loc) + (("[key]",) if loc and loc[-1] == "[key]" else ())
    try:
        return rule_at(parts, model)
    except (KeyError, TypeError):  # a location inside a value that is not what the model expects
        return None


def as_input_error(exc: ValidationError, where: str = "", model: type[BaseModel] | None = None) -> InputError:
    """The first problem of a pydantic ValidationError, as the project's InputError.

    A number field is checked again by :func:`~xl_aiteam.rules.check_number`, so the loader
    gives the code and the words the Excel functions and ``ml_cost`` give for the same
    value; a choice and a date are explained by their rule. The code is always an
    :class:`~xl_aiteam.errors.ErrorCode`, never one of pydantic's error types.
    """
    err = exc.errors(include_url=False)[0]
    kind, ctx = err["type"], err.get("ctx") or {}
    loc = tuple(err["loc"])
    if "at" in ctx:  # a check across fields that names the one at fault (locations.2.exchange_rate)
        return _at_fault(exc, str(ctx["at"]), where, ErrorCode(kind), str(err["msg"]))
    field = _field(_loc(loc), where)
    value = None if kind == "missing" else err.get("input")
    rule = _rule_of(loc, model or Assumptions)
    if isinstance(rule, Bounds) and (kind in _NUMBER_ERRORS or kind == "missing"):
        if kind == "missing":
            return InputError(field, value, rule.allowed(), code=ErrorCode.REQUIRED)
        try:
            check_number(field, value, rule)
        except InputError as refused:  # the words and the code every path gives for this value
            return refused
        # the rule takes it but the model does not: a whole number written as a decimal, 12.0
        return InputError(field, value, f"{rule.allowed()}, written without a decimal point", code=ErrorCode.NOT_WHOLE)
    code, allowed = _explain(kind, ctx, rule, str(err["msg"]))
    if isinstance(rule, Choices) and isinstance(value, float) and value.is_integer() and int(value) in rule.values:
        allowed += ", written without a decimal point"  # 2.0 for stage 2: shown as 2, so say why
    # an empty value (YAML's null, a blank cell) is a value left out, whatever pydantic calls it
    return InputError(field, value, allowed, code=ErrorCode.REQUIRED if value is None else code)


def _at_fault(exc: ValidationError, at: str, where: str, code: ErrorCode, message: str) -> InputError:
    """The error of a check across fields, on the field it names, with that field's value."""
    data: Any = exc.errors(include_url=False)[0].get("input")
    value: Any = data
    for part in at.split("."):
        if isinstance(value, list):
            value = value[int(part)] if int(part) < len(value) else None
        else:
            value = value.get(part) if isinstance(value, dict) else getattr(value, part, None)
    return InputError(_field(tuple(int(p) if p.isdigit() else p for p in at.split(".")), where), value, message, code=code)


def _explain(kind: str, ctx: dict[str, Any], rule: Bounds | Choices | DateRange | None, msg: str) -> tuple[ErrorCode, str]:
    """The code and the words for a pydantic error that is not about a number."""
    if isinstance(rule, Choices) and (kind in _CHOICE_ERRORS or kind == "missing"):
        return rule.code, rule.allowed()
    if isinstance(rule, DateRange) and (kind in _DATE_ERRORS or kind in _RANGE_ERRORS or kind == "missing"):
        return (ErrorCode.OUT_OF_RANGE if kind in _RANGE_ERRORS else ErrorCode.NOT_A_DATE), rule.allowed()
    if kind in _OUR_CODES:  # the model's own checks: unknown_role, mix_total...
        return ErrorCode(kind), msg
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in _PATTERNS:
        return ErrorCode.BAD_FORMAT, _PATTERNS[ctx["pattern"]]
    if kind in _PYDANTIC:
        code, allowed = _PYDANTIC[kind]
        return code, allowed.format(**ctx)
    if kind in _DATE_ERRORS:
        return ErrorCode.NOT_A_DATE, "must be a date written YYYY-MM-DD"
    if kind in _CHOICE_ERRORS:
        return ErrorCode.UNKNOWN_CHOICE, f"must be one of {ctx.get('expected', '')}".replace("'", "")
    return ErrorCode.INVALID_INPUT, msg.removeprefix("Value error, ")


def parse_assumptions(data: Any, where: str = "") -> Assumptions:
    """Validate plain data (from YAML, JSON, a workbook or the CLI) into Assumptions."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(where or "assumptions", data, "must be a table of named inputs", code=ErrorCode.NOT_A_TABLE)
    try:
        return Assumptions.model_validate(data)
    except ValidationError as exc:
        raise as_input_error(exc, where) from None


def read_assumptions_file(path: str | Path) -> dict[str, Any]:
    """The raw inputs a ``.yaml``/``.yml`` or ``.json`` file holds, not yet validated."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise WorkbookError(str(path), "assumptions must be a .yaml, .yml or .json file", code=ErrorCode.BAD_SUFFIX)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbookError(str(path), "no such file", code=ErrorCode.NOT_FOUND) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(str(path), f"cannot be read ({exc.__class__.__name__})", code=ErrorCode.UNREADABLE) from None
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):  # YAML read a value it cannot build, e.g. 2027-02-30
            raise WorkbookError(str(path), f"holds a value that is not what it looks like ({exc})", code=ErrorCode.BAD_VALUE) from None
        raise WorkbookError(str(path), f"is not valid JSON (near line {exc.lineno})", code=ErrorCode.BAD_SYNTAX) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = getattr(exc, "lineno", None) or (mark.line + 1 if mark is not None else "?")
        raise WorkbookError(str(path), f"is not valid {suffix[1:].upper()} (near line {line})", code=ErrorCode.BAD_SYNTAX) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path.name, data, "must be a table of named inputs", code=ErrorCode.NOT_A_TABLE)
    return data


def load_assumptions(path: str | Path) -> Assumptions:
    """Read and validate assumptions from a ``.yaml``/``.yml`` or ``.json`` file."""
    return parse_assumptions(read_assumptions_file(path), where=Path(path).name)


def save_assumptions(assumptions: Assumptions, path: str | Path) -> Path:
    """Write assumptions to ``.yaml``/``.yml`` or ``.json`` (chosen by the suffix)."""
    path = Path(path)
    data = assumptions.to_dict()
    suffix = path.suffix.lower()
    if suffix == ".json":
        text = json.dumps(data, indent=2) + "\n"
    elif suffix in (".yaml", ".yml"):
        text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    else:
        raise WorkbookError(str(path), "assumptions must be saved as .yaml, .yml or .json", code=ErrorCode.BAD_SUFFIX)
    return write_atomically(path, text.encode("utf-8"))


def default_assumptions(stage: int | None = None, **changes: Any) -> Assumptions:
    """Catalog defaults for ``stage``, with ``changes`` applied (validated)."""
    data: dict[str, Any] = {} if stage is None else {"stage": stage}
    return parse_assumptions({**data, **changes})
