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
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    AllowInfNan,
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .catalog import Employment, Level, load_catalog
from .errors import InputError, WorkbookError

__all__ = [
    "Assumptions",
    "GpuType",
    "PricingMix",
    "RoleTerms",
    "TeamLine",
    "default_assumptions",
    "load_assumptions",
    "parse_assumptions",
    "read_assumptions_file",
    "save_assumptions",
]

MAX_HORIZON = 60
MAX_MONEY = 1e9

# Numbers must be numbers: text such as "120k" is refused, not guessed at.
Number = Annotated[StrictInt | StrictFloat, AllowInfNan(False)]
Money = Annotated[Number, Field(ge=0, le=MAX_MONEY)]
Share = Annotated[Number, Field(ge=0, le=1)]
Month = Annotated[StrictInt, Field(ge=1, le=MAX_HORIZON)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class RoleTerms(_Input):
    time_to_fill_months: Annotated[StrictInt, Field(ge=0, le=24)]
    ramp_up_months: Annotated[StrictInt, Field(ge=0, le=24)]
    contractor_hourly_rate: Annotated[Number, Field(ge=0, le=10_000)]


class GpuType(_Input):
    name: str
    hourly_rate: Annotated[Number, Field(gt=0, le=1_000)]
    source: str
    date: str


class PricingMix(_Input):
    """Shares of GPU-hours bought on demand, reserved and spot; they add up to 1."""

    on_demand: Share
    reserved: Share
    spot: Share

    @model_validator(mode="after")
    def _adds_up(self) -> PricingMix:
        total = self.on_demand + self.reserved + self.spot
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            raise PydanticCustomError("mix_total", "shares must add up to 1 (they add up to {total})", {"total": round(total, 6)})
        return self


class TeamLine(_Input):
    """One position the user wants: a person (``fte`` up to 1) in a role at a level."""

    role: str
    level: Level
    fte: Annotated[Number, Field(gt=0, le=1)]
    employment: Employment = Employment.PERMANENT
    search_month: Month | None = None  # None: from the hiring sequence
    label: str = ""
    group: str = ""  # the stage line or sub-team it came from
    id: Annotated[str, Field(max_length=20)] = ""  # empty: numbered P01, P02... in plan order
    manual: bool = False  # added by the user in the workbook: a refill keeps it as it is
    notes: Annotated[str, Field(max_length=2000)] = ""

    @field_validator("role")
    @classmethod
    def _known_role(cls, role: str) -> str:
        roles = load_catalog().roles
        if role not in roles:
            raise PydanticCustomError("unknown_role", "unknown role; allowed: {allowed}", {"allowed": ", ".join(roles)})
        return role

    @model_validator(mode="after")
    def _level_for_role(self) -> TeamLine:
        levels = load_catalog().role(self.role).levels
        if self.level not in levels:
            raise PydanticCustomError(
                "unknown_level",
                "level {level} does not exist for {role}; allowed: {allowed}",
                {"level": self.level.value, "role": self.role, "allowed": ", ".join(levels)},
            )
        return self


class Assumptions(_Input):
    """Every editable input of the plan. ``Assumptions()`` gives the catalog defaults."""

    start_date: Annotated[date, Field(ge=date(2000, 1, 1), le=date(2099, 12, 31))]
    horizon_months: Month
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
    team: list[TeamLine] | None = None  # None: the stage's default team

    def __init__(self, **data: Any) -> None:  # tells type checkers any field may be left out: _fill_defaults fills it
        super().__init__(**data)

    @field_validator("team")
    @classmethod
    def _unique_ids(cls, team: list[TeamLine] | None) -> list[TeamLine] | None:
        ids = [line.id for line in team or [] if line.id]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise PydanticCustomError("duplicate_id", "position ID {id} is used twice; IDs must be unique", {"id": repeated[0]})
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
        if isinstance(stage, bool) or not isinstance(stage, int) or stage not in (1, 2, 3):
            raise PydanticCustomError("literal_error", "must be one of 1, 2 or 3", {"expected": "1, 2 or 3"})
        return stage

    @field_validator("salaries")
    @classmethod
    def _salary_roles(cls, salaries: dict[str, dict[Level, float]]) -> dict[str, dict[Level, float]]:
        catalog = load_catalog()
        for role, by_level in salaries.items():
            if role not in catalog.roles:
                raise PydanticCustomError(
                    "unknown_role", "unknown role {role}; allowed: {allowed}", {"role": role, "allowed": ", ".join(catalog.roles)}
                )
            wrong = [lvl.value for lvl in by_level if lvl not in catalog.role(role).levels]
            if wrong:
                raise PydanticCustomError(
                    "unknown_level",
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
                    "unknown_role", "unknown role {role}; allowed: {allowed}", {"role": role, "allowed": ", ".join(roles)}
                )
        return terms

    @model_validator(mode="after")
    def _gpu_known(self) -> Assumptions:
        if self.gpu_type not in self.gpu_types:
            raise PydanticCustomError(
                "unknown_gpu",
                "unknown GPU type {gpu}; allowed: {allowed}",
                {"gpu": self.gpu_type, "allowed": ", ".join(self.gpu_types)},
            )
        return self

    # --- look-ups ---

    def salary(self, role: str, level: Level | str) -> float:
        return float(self.salaries[role][Level(level)])

    def terms(self, role: str) -> RoleTerms:
        return self.role_terms[role]

    @property
    def gpu(self) -> GpuType:
        return self.gpu_types[self.gpu_type]

    # --- saving ---

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude_none=True)


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
            g.id: {"name": g.name, "hourly_rate": g.hourly_rate, "source": catalog.sources[g.source].file, "date": g.date}
            for g in catalog.costs.gpu_prices
        },
        "training_gpu_hours_per_month": workload.training_gpu_hours_per_month,
        "inference_gpu_hours_per_month": workload.inference_gpu_hours_per_month,
        "storage_tb": workload.storage_tb,
        "storage_growth_tb_per_month": workload.storage_growth_tb_per_month,
    }


def _with_defaults(data: dict[str, Any]) -> dict[str, Any]:
    merged = defaults(_stage_of(data))
    for key, value in data.items():
        base = merged.get(key)
        if key in ("salaries", "role_terms", "gpu_types") and isinstance(value, dict) and isinstance(base, dict):
            table = dict(base)
            for name, inner in value.items():
                old = table.get(name)
                table[name] = {**old, **inner} if isinstance(old, dict) and isinstance(inner, dict) else inner
            merged[key] = table
        elif key == "pricing_mix" and isinstance(value, dict) and isinstance(base, dict):
            merged[key] = value  # a mix is one decision: a partial mix would not add up
        else:
            merged[key] = value
    return merged


# --- turning pydantic's errors into one line a user can act on --------------------------


def _allowed(err: Mapping[str, Any]) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    simple = {
        "greater_than_equal": "must be >= {ge}",
        "less_than_equal": "must be <= {le}",
        "greater_than": "must be > {gt}",
        "less_than": "must be < {lt}",
        "int_type": "must be a whole number",
        "int_parsing": "must be a whole number",
        "int_from_float": "must be a whole number",
        "float_type": "must be a number",
        "float_parsing": "must be a number",
        "finite_number": "must be a finite number (not NaN or infinity)",
        "missing": "is required",
        "date_type": "must be a date written YYYY-MM-DD",
        "date_parsing": "must be a date written YYYY-MM-DD",
        "date_from_datetime_parsing": "must be a date written YYYY-MM-DD",
        "string_type": "must be text",
        "string_pattern_mismatch": "must match {pattern}",
        "dict_type": "must be a table of names and values",
        "list_type": "must be a list",
        "bool_type": "must be true or false",
        "model_type": "must be a table of names and values",
        "extra_forbidden": "is not an input of the planner",
    }
    if kind in ("literal_error", "enum"):
        return f"must be one of {ctx.get('expected', '')}".replace("'", "")
    if kind in simple:
        return simple[kind].format(**ctx)
    return str(err["msg"]).removeprefix("Value error, ")


def _field(loc: tuple[Any, ...], where: str) -> str:
    parts = [str(p) for p in loc if not str(p).startswith(("function-", "constrained-", "lax-", "strict-"))]
    parts = [p for p in parts if p not in ("int", "float", "union[int,float]", "[key]")]
    text = ".".join(parts)
    return f"{where}.{text}" if where and text else (text or where or "assumptions")


def as_input_error(exc: ValidationError, where: str = "") -> InputError:
    """The first problem of a pydantic ValidationError, as the project's InputError."""
    errors = exc.errors(include_url=False)
    # a union of int and float reports one error per branch: keep the most telling one
    err = next((e for e in errors if e["type"] not in ("int_type", "int_from_float")), errors[0])
    value = err.get("input")
    if err["type"] == "missing":
        value = None
    return InputError(_field(tuple(err["loc"]), where), value, _allowed(err), code=err["type"])


def parse_assumptions(data: Any, where: str = "") -> Assumptions:
    """Validate plain data (from YAML, JSON, a workbook or the CLI) into Assumptions."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(where or "assumptions", data, "must be a table of named inputs", code="not_a_table")
    try:
        return Assumptions.model_validate(data)
    except ValidationError as exc:
        raise as_input_error(exc, where) from None


def read_assumptions_file(path: str | Path) -> dict[str, Any]:
    """The raw inputs a ``.yaml``/``.yml`` or ``.json`` file holds, not yet validated."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".json"):
        raise WorkbookError(str(path), "assumptions must be a .yaml, .yml or .json file", code="bad_suffix")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise WorkbookError(str(path), "no such file", code="not_found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise WorkbookError(str(path), f"cannot be read ({exc.__class__.__name__})", code="unreadable") from None
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except ValueError as exc:
        if not isinstance(exc, json.JSONDecodeError):  # YAML read a value it cannot build, e.g. 2027-02-30
            raise WorkbookError(str(path), f"holds a value that is not what it looks like ({exc})", code="bad_value") from None
        raise WorkbookError(str(path), f"is not valid JSON (near line {exc.lineno})", code="bad_syntax") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = getattr(exc, "lineno", None) or (mark.line + 1 if mark is not None else "?")
        raise WorkbookError(str(path), f"is not valid {suffix[1:].upper()} (near line {line})", code="bad_syntax") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(path.name, data, "must be a table of named inputs", code="not_a_table")
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
        raise WorkbookError(str(path), "assumptions must be saved as .yaml, .yml or .json", code="bad_suffix")
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def default_assumptions(stage: int | None = None, **changes: Any) -> Assumptions:
    """Catalog defaults for ``stage``, with ``changes`` applied (validated)."""
    data: dict[str, Any] = {} if stage is None else {"stage": stage}
    return parse_assumptions({**data, **changes})
