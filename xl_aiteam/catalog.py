"""The catalog: what the planner knows, read from the data files in ``xl_aiteam/data``.

Every fact in those files carries a ``source``: a key of ``sources.yaml`` naming the seed
document (or team note) it came from, or ``assumption`` where no document gives a figure.
The pydantic models below validate the files when they are loaded, so a missing or
misspelt fact fails at import of the catalog, not deep inside a budget.

Where does a role's default salary come from?  ``data/defaults.yaml`` -> ``salaries``.
"""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

__all__ = [
    "FUNCTION_LABELS",
    "Catalog",
    "Employment",
    "Function",
    "Level",
    "Rating",
    "load_catalog",
]

DATA_VERSION = "2026.11.1"
FILES = (
    "sources",
    "roles",
    "stages",
    "hiring",
    "organisation",
    "lifecycle",
    "costs",
    "defaults",
)


class Function(StrEnum):
    """The six functions a role can belong to; the first four are the seed's required ones."""

    DATA_SCIENCE = "data_science"
    ML_ENGINEERING = "ml_engineering"
    INFRASTRUCTURE = "infrastructure"
    DOMAIN = "domain"
    PRODUCT = "product"
    LEADERSHIP = "leadership"


# How every output names a function: check messages, the coverage of the CLI and of
# AITEAM_COVERAGE. Keyed by Function, which is a str: FUNCTION_LABELS["domain"] works too.
FUNCTION_LABELS: dict[Function, str] = {
    Function.DATA_SCIENCE: "data science",
    Function.ML_ENGINEERING: "ML engineering",
    Function.INFRASTRUCTURE: "infrastructure",
    Function.DOMAIN: "domain expertise",
    Function.PRODUCT: "product",
    Function.LEADERSHIP: "leadership",
}


class Level(StrEnum):
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    LEAD = "lead"


class Employment(StrEnum):
    """How a position is filled: a permanent hire, a contractor at an hourly rate, an internal
    colleague seconded from the business (loaded salary, no recruiting fee), or a person
    already employed when the plan starts (on board and productive at once: no search, no
    recruiting fee, no ramp-up)."""

    PERMANENT = "permanent"
    CONTRACTOR = "contractor"
    INTERNAL = "internal"
    EXISTING = "existing"


class Rating(StrEnum):
    MUST_HAVE = "must_have"
    NICE_TO_HAVE = "nice_to_have"
    NOT_NEEDED = "not_needed"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Source = Annotated[str, Field(min_length=1)]


class Sourced(Strict):
    source: Source


class Text(Sourced):
    """One sentence of ours, and the document its fact came from."""

    text: str = Field(min_length=3)


class Range(Strict):
    """A low-high range as the seeds give it; ``high`` is None for an open end ("5+")."""

    low: float
    high: float | None
    open_ended: bool = False  # "20-40+": more than ``high`` is common

    @model_validator(mode="after")
    def _ordered(self) -> Range:
        if self.high is not None and self.high < self.low:
            raise ValueError(f"range {self.low}-{self.high} runs backwards")
        return self

    @property
    def mid(self) -> float:
        return self.low if self.high is None else (self.low + self.high) / 2

    def __contains__(self, value: object) -> bool:
        if not isinstance(value, int | float):
            return False
        return self.low <= value and (self.high is None or value <= self.high)


class Fact(Sourced):
    """A figure: a range (or a single value, low == high) with its unit."""

    low: float
    high: float | None
    unit: str
    note: str = ""

    @property
    def range(self) -> Range:
        return Range(low=self.low, high=self.high)


class SourceDoc(Strict):
    key: str
    file: str
    title: str
    kind: Literal["seed", "note", "assumption"]
    date: str = ""  # when a note was read or an assumption set (YYYY-MM); seeds are undated


# --- roles ---------------------------------------------------------------------------


class Coverage(Sourced):
    function: Function
    min_level: Level | None = None


class SeniorityMarker(Sourced):
    level: Level
    years: Range
    marker: str


class Evaluation(Sourced):
    look_for: list[str]
    red_flags: list[str]
    interview: list[str]


class Role(Strict):
    id: str
    name: str
    function: Function
    function_source: Source
    also_covers: list[Coverage] = []
    levels: list[Level]
    summary: Text
    responsibilities: list[Text] = []
    skills: list[Text] = []
    seniority: list[SeniorityMarker] = []
    evaluation: Evaluation | None = None

    def covers(self, level: Level) -> set[Function]:
        """Functions a person in this role at ``level`` brings to the team."""
        order = list(Level)
        found = {self.function}
        for cover in self.also_covers:
            if cover.min_level is None or order.index(level) >= order.index(cover.min_level):
                found.add(cover.function)
        return found


# --- stages --------------------------------------------------------------------------


class StageLine(Strict):
    """One row of a seed staffing table (stages 1 and 2)."""

    label: str
    role: str
    count: Range
    note: str
    levels: list[Level] = Field(min_length=1)
    levels_source: Source
    employment: Employment = Employment.PERMANENT
    employment_source: Source = "assumption"


class RoleLevel(Strict):
    role: str
    level: Level


class SubTeam(Strict):
    """One sub-team of the stage 3 table; ``composition`` says which roles fill its seats."""

    id: str
    name: str
    size: Range
    per_product: bool
    focus: str
    composition: list[RoleLevel] = Field(min_length=1)
    composition_source: Source


class Stage(Sourced):
    number: Literal[1, 2, 3]
    name: str
    people: Range
    situation: str
    principle: Text
    lines: list[StageLine] = []
    sub_teams: list[SubTeam] = []

    @model_validator(mode="after")
    def _one_table(self) -> Stage:
        if bool(self.lines) == bool(self.sub_teams):
            raise ValueError(f"stage {self.number} needs either lines or sub_teams")
        return self


class ScalingBand(Sourced):
    name: str
    people: Range
    structure: str
    strengths: list[str]
    weaknesses: list[str]
    focus: str


class PlanAddition(Sourced):
    """A position every default plan gets beyond the seed table (the domain expert)."""

    role: str
    level: Level
    fte: dict[int, float]
    per_product: bool = False  # at stage 3, ``fte`` is per product
    employment: Employment
    reason: str


class StagesFile(Strict):
    version: str
    stages: list[Stage]
    scaling_bands: list[ScalingBand]
    plan_additions: list[PlanAddition]


# --- hiring ---------------------------------------------------------------------------


class HiringWindow(Sourced):
    id: str
    start_month: int
    end_month: int
    hires: list[str]
    reason: str


class RoleWindows(Sourced):
    """Which window opens the search for the 1st, 2nd, ... person in a role (last repeats)."""

    role: str
    windows: list[str] = Field(min_length=1)
    note: str = ""


class SkillRow(Strict):
    skill: str
    ratings: dict[str, Rating]


class SkillsMatrix(Sourced):
    roles: list[str]
    rows: list[SkillRow]

    @model_validator(mode="after")
    def _complete(self) -> SkillsMatrix:
        for row in self.rows:
            if sorted(row.ratings) != sorted(self.roles):
                raise ValueError(f"skills row {row.skill!r} must rate exactly {self.roles}")
        return self


class Mistake(Sourced):
    code: str
    title: str
    why: str
    fix: str
    severity: Literal["error", "warning", "info"]
    see: str | None = None  # the block of the workbook's guide sheets the advice draws on


class FunctionRule(Sourced):
    functions: list[Function]
    statement: str


class HiringFile(Strict):
    version: str
    windows: list[HiringWindow]
    role_windows: list[RoleWindows]
    skills_matrix: SkillsMatrix
    mistakes: list[Mistake]
    four_functions: FunctionRule


# --- organisation, lifecycle, playbook ------------------------------------------------


class TeamType(Sourced):
    id: str
    name: str
    description: str
    strengths: list[str] = []
    weaknesses: list[str] = []


class Pod(Sourced):
    description: str
    led_by: str
    members: list[str]
    notes: list[str]


class TopologyTeam(Sourced):
    """One group of the organisation a growing AI team splits into, and how its success is measured."""

    id: str
    name: str
    mission: str
    members: list[str]
    activities: list[str]
    success: list[str]
    works: str  # the way it works (experiment, production or product mode)


class OrganisationFile(Strict):
    version: str
    team_types: list[TeamType]
    topology: list[TopologyTeam] = []
    ai_pod: Pod
    practices: list[Text] = []


class StageRole(Sourced):
    role: str


class LifecycleStage(Sourced):
    number: int
    name: str
    weeks: Range | None  # None: ongoing for the model's life
    activities: list[str]
    deliverables: list[str]
    carried_by: list[StageRole] = []  # the roles that do most of the stage's work


class PlaybookPhase(Sourced):
    number: int
    name: str
    day_from: int
    day_to: int
    priorities: list[str]
    deliverable: str
    owner: str
    owner_source: Source
    see: list[str | None] = []  # per priority: the guide block it draws on (None: none)
    deliverable_see: str | None = None

    @model_validator(mode="after")
    def _one_see_per_priority(self) -> PlaybookPhase:
        if self.see and len(self.see) != len(self.priorities):
            raise ValueError(f"playbook phase {self.number}: see needs one entry per priority ({len(self.priorities)})")
        return self


class LifecycleFile(Strict):
    version: str
    lifecycle: list[LifecycleStage]
    playbook: list[PlaybookPhase]


# --- costs and defaults ----------------------------------------------------------------


class CompRange(Sourced):
    role: str
    low: float
    high: float
    open_ended: bool
    unit: str


class GpuPrice(Sourced):
    id: str
    name: str
    provider: str
    hourly_rate: float = Field(gt=0)
    currency: str
    date: str
    note: str = ""
    peak_tflops: float = Field(gt=0)  # peak dense BF16 throughput, TFLOP/s (no sparsity)
    peak_date: str
    peak_note: str  # the datasheet the figure comes from, or why it is assumed


class CostsFile(Strict):
    version: str
    compensation: list[CompRange]
    facts: dict[str, Fact]
    gpu_prices: list[GpuPrice]


class LevelSalaries(Sourced):
    """Default annual salary (total cash compensation) per level, in the catalog currency."""

    salaries: dict[Level, float]
    note: str = ""


class RoleTermsDefault(Sourced):
    time_to_fill_months: int
    ramp_up_months: int
    contractor_hourly_rate: float
    note: str = ""


class ScalarDefault(Sourced):
    value: Any
    unit: str
    note: str = ""


class StageDefaults(Sourced):
    training_gpu_hours_per_month: float
    inference_gpu_hours_per_month: float
    storage_tb: float
    storage_growth_tb_per_month: float
    note: str = ""


class LocationDefault(Sourced):
    """A default row of the locations table; its exchange rate is to the catalog currency."""

    name: str
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    pay_multiplier: float = Field(gt=0)
    exchange_rate: float = Field(gt=0)
    date: str
    note: str = ""


class WorkloadDefault(Sourced):
    """One row of the default workload table (see ``xl_aiteam.workload``)."""

    params: float
    tokens: float
    runs_per_month: float
    start_month: int
    flops_per_param_token: float
    note: str = ""


class DefaultsFile(Strict):
    version: str
    currency: str
    salaries: dict[str, LevelSalaries]
    role_terms: dict[str, RoleTermsDefault]
    scalars: dict[str, ScalarDefault]
    stage_defaults: dict[int, StageDefaults]
    locations: list[LocationDefault]
    workloads: dict[str, WorkloadDefault]


class SourcesFile(Strict):
    version: str
    sources: list[SourceDoc]


class Catalog(Strict):
    """Everything in ``xl_aiteam/data``, validated and cross-checked."""

    sources: dict[str, SourceDoc]
    roles: dict[str, Role]
    stages: StagesFile
    hiring: HiringFile
    organisation: OrganisationFile
    lifecycle: LifecycleFile
    costs: CostsFile
    defaults: DefaultsFile

    @field_validator("stages", "hiring", "organisation", "lifecycle", "costs", "defaults")
    @classmethod
    def _version(cls, value: Any, info: ValidationInfo) -> Any:
        if value.version != DATA_VERSION:
            raise ValueError(f"{info.field_name}.yaml is version {value.version}, expected {DATA_VERSION}")
        return value

    @model_validator(mode="after")
    def _cross_check(self) -> Catalog:
        problems: list[str] = []
        for where, source in _walk_sources(self):
            if source not in self.sources:
                problems.append(f"{where}: unknown source {source!r}")
        roles = self.roles
        role_refs: list[tuple[str, str]] = []
        for stage in self.stages.stages:
            role_refs += [(f"stage {stage.number}", line.role) for line in stage.lines]
            for team in stage.sub_teams:
                role_refs += [(f"stage 3 {team.id}", seat.role) for seat in team.composition]
        role_refs += [("plan_additions", a.role) for a in self.stages.plan_additions]
        role_refs += [("role_windows", w.role) for w in self.hiring.role_windows]
        role_refs += [("skills_matrix", r) for r in self.hiring.skills_matrix.roles]
        role_refs += [("defaults.salaries", r) for r in self.defaults.salaries]
        role_refs += [("defaults.role_terms", r) for r in self.defaults.role_terms]
        role_refs += [(f"lifecycle stage {s.number}", c.role) for s in self.lifecycle.lifecycle for c in s.carried_by]
        role_refs += [("ai_pod", r) for r in [self.organisation.ai_pod.led_by, *self.organisation.ai_pod.members]]
        problems += [f"{where}: unknown role {role!r}" for where, role in role_refs if role not in roles]
        for role_id, role in roles.items():
            if role_id != role.id:
                problems.append(f"role key {role_id!r} differs from its id {role.id!r}")
            if role_id not in self.defaults.salaries:
                problems.append(f"role {role_id!r} has no default salary")
            elif sorted(self.defaults.salaries[role_id].salaries) != sorted(role.levels):
                problems.append(f"role {role_id!r}: salaries must cover exactly its levels {role.levels}")
            if role_id not in self.defaults.role_terms:
                problems.append(f"role {role_id!r} has no time-to-fill/ramp-up defaults")
            if role_id not in {w.role for w in self.hiring.role_windows}:
                problems.append(f"role {role_id!r} has no hiring window")
        window_ids = {w.id for w in self.hiring.windows}
        for rw in self.hiring.role_windows:
            problems += [f"role_windows {rw.role}: unknown window {w!r}" for w in rw.windows if w not in window_ids]
        if problems:
            raise ValueError("; ".join(problems))
        return self

    # --- look-ups used by the model ---

    def role(self, role_id: str) -> Role:
        return self.roles[role_id]

    def stage(self, number: int) -> Stage:
        return next(s for s in self.stages.stages if s.number == number)

    def window(self, window_id: str) -> HiringWindow:
        return next(w for w in self.hiring.windows if w.id == window_id)

    def role_windows(self, role_id: str) -> list[str]:
        return next(w.windows for w in self.hiring.role_windows if w.role == role_id)

    def gpu(self, gpu_id: str) -> GpuPrice:
        return next(g for g in self.costs.gpu_prices if g.id == gpu_id)

    def fact(self, key: str) -> Fact:
        return self.costs.facts[key]

    def scalar(self, key: str) -> Any:
        return self.defaults.scalars[key].value


def _walk_sources(node: Any, where: str = "catalog") -> list[tuple[str, str]]:
    """Every (place, source key) in the catalog, for the cross-check."""
    found: list[tuple[str, str]] = []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            value = getattr(node, name)
            if name.endswith("source") and isinstance(value, str):
                found.append((f"{where}.{name}", value))
            elif name != "sources":
                found += _walk_sources(value, f"{where}.{name}")
    elif isinstance(node, dict):
        for key, value in node.items():
            found += _walk_sources(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _walk_sources(value, f"{where}[{i}]")
    return found


def read_data(name: str) -> Any:
    """One data file, parsed (``name`` without ``.yaml``)."""
    text = resources.files("xl_aiteam.data").joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    # libyaml's safe loader when PyYAML was built with it (its wheels are): the same result, ten times faster
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@cache
def load_catalog() -> Catalog:
    """The validated catalog (read once per process)."""
    raw = {name: read_data(name) for name in FILES}
    for name in ("sources", "roles"):
        if raw[name].get("version") != DATA_VERSION:
            raise ValueError(f"{name}.yaml is version {raw[name].get('version')}, expected {DATA_VERSION}")
    return Catalog.model_validate(
        {
            "sources": {s["key"]: s for s in raw["sources"]["sources"]},
            "roles": {r["id"]: r for r in raw["roles"]["roles"]},
            **{name: raw[name] for name in FILES if name not in ("sources", "roles")},
        }
    )
