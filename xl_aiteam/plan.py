"""From assumptions to a plan of positions, and the checks a plan must pass.

``build_plan`` turns the stage's staffing table (or the user's own ``team``) into
positions, each with the month its search opens (from the hiring sequence) and the month
the person starts: search month + the role's time to fill (a contractor's own, shorter
time to fill when the position is contracted). ``check_plan`` looks for the
hiring mistakes the seeds warn about and for the four functions a team must cover.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict

from .assumptions import Assumptions, TeamLine
from .catalog import FUNCTION_LABELS, Catalog, Employment, Function, Level, load_catalog
from .locations import converted, pay_factor
from .scenarios import in_effect

if TYPE_CHECKING:  # pandas is imported where a frame is made
    import pandas as pd

__all__ = [
    "SIZE_POINTS",
    "Finding",
    "Plan",
    "Position",
    "build_plan",
    "check_plan",
    "coverage",
    "default_team",
    "stage_headcount",
    "stage_table",
    "team_basis",
]

TECHNICAL = (Function.DATA_SCIENCE, Function.ML_ENGINEERING, Function.INFRASTRUCTURE)
LEVELS_COUNTED = (Level.JUNIOR, Level.MID, Level.SENIOR)


class Position(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    role: str
    role_name: str
    level: Level
    function: Function
    fte: float
    employment: Employment
    search_month: int  # as planned (the input); for a person already employed, their first month
    search_opens: int  # the month the search really opens: planned + the hiring delay
    start_month: int
    productive_month: int
    end_month: int | None = None  # the last month on the plan; None: to its end
    annual_salary: (
        float  # the salary grid's figure for role and level at the position's location, in the reporting currency (before FTE and loading)
    )
    annual_cost: float  # a year at the plan's first-year prices: loaded salary x FTE, or contract rate x hours x 12 x FTE
    label: str  # the user's own name for the position; empty: the role's name is shown
    group: str
    manual: bool = False
    notes: str = ""
    location: str = ""  # empty: the base location
    pay_factor: float = 1.0  # reporting currency per unit of a base figure at the location (see ``locations``)
    contractor_rate: float = 0.0  # the role's contractor rate at the location, in the reporting currency
    recruiting_fee: float = 0.0  # the recruiting fee at the location, in the reporting currency
    actual_start: int | None = None  # the month the person really started (Staffing's "Actual start"); None: as planned

    def on_board(self, month: int) -> bool:
        """Whether the person is there (paid) in ``month`` of the plan."""
        return self.start_month <= month and (self.end_month is None or month <= self.end_month)

    @property
    def line(self) -> str:
        """How the position is named on the Budget: its label, or else its role's name."""
        return self.label or self.role_name


class Plan(BaseModel):
    model_config = ConfigDict(frozen=True)

    assumptions: Assumptions
    positions: list[Position]

    @property
    def fte(self) -> float:
        return sum(p.fte for p in self.positions)

    def frame(self) -> pd.DataFrame:
        """One row per position, with the start date of each."""
        import pandas as pd

        rows = [p.model_dump(mode="json") for p in self.positions]
        frame = pd.DataFrame(rows, columns=list(Position.model_fields))
        first = pd.Timestamp(self.assumptions.start_date).to_period("M")
        frame["start_date"] = [(first + (m - 1)).to_timestamp().date() for m in frame["start_month"]]
        return frame.set_index("id")


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    severity: Literal["error", "warning", "info"]
    message: str
    fix: str
    positions: tuple[str, ...] = ()


SIZE_POINTS = {
    "low": "the low end of each seed range",
    "mid": "the midpoint of each seed range (a half is a part-time position)",
    "high": "the high end of each seed range",
}


def _count(low: float, high: float | None, size: str) -> float:
    """The FTE at the chosen point of a seed range: its low end, its high end, or its exact midpoint."""
    top = low if high is None else high
    if size == "low":
        return low
    if size == "high":
        return top
    return (low + top) / 2


def _people(count: float) -> list[float]:
    """A line's FTE as people: whole people of 1 FTE, then the fraction (0.5) as one more."""
    whole = math.floor(count + 1e-9)
    rest = round(count - whole, 6)
    return [1.0] * whole + ([rest] if rest > 0 else [])


def default_team(assumptions: Assumptions, catalog: Catalog | None = None) -> list[TeamLine]:
    """The stage's staffing table at the chosen size, plus the catalog's plan additions."""
    catalog = catalog or load_catalog()
    stage = catalog.stage(assumptions.stage)
    lines: list[TeamLine] = []
    for line in stage.lines:
        for i, fte in enumerate(_people(_count(line.count.low, line.count.high, assumptions.size))):
            level = line.levels[i % len(line.levels)]
            lines.append(TeamLine(role=line.role, level=level, fte=fte, employment=line.employment, group=f"Stage {stage.number} table"))
    for team in stage.sub_teams:
        seats = _people(_count(team.size.low, team.size.high, assumptions.size))
        copies = assumptions.products if team.per_product else 1
        for copy in range(copies):
            group = f"{team.name.replace(' (per product)', '')} {copy + 1}" if team.per_product else team.name
            for i, fte in enumerate(seats):
                seat = team.composition[i % len(team.composition)]
                lines.append(TeamLine(role=seat.role, level=seat.level, fte=fte, group=group))
    for extra in catalog.stages.plan_additions:
        share = extra.fte.get(assumptions.stage)
        if not share:
            continue
        copies = assumptions.products if extra.per_product and assumptions.stage == 3 else 1
        for _ in range(copies):
            lines.append(
                TeamLine(
                    role=extra.role,
                    level=extra.level,
                    fte=share,
                    employment=extra.employment,
                    group="Added to the seed table",
                )
            )
    return lines


def team_basis(assumptions: Assumptions) -> str:
    """What a default team is made from: stage, size and (stage 3) products. A refill compares it."""
    products = f", {assumptions.products} products" if assumptions.stage == 3 else ""
    return f"stage {assumptions.stage}, {assumptions.size}{products}"


def stage_table(stage: int, products: int = 1) -> list[dict[str, object]]:
    """The seed's staffing table of a stage: lines (stages 1, 2) or sub-teams (stage 3, applied ML per product)."""
    catalog = load_catalog()
    s = catalog.stage(stage)
    rows: list[dict[str, object]] = []
    for line in s.lines:
        rows.append(
            {
                "line": line.label,
                "roles": catalog.role(line.role).name,
                "levels": ", ".join(line.levels),
                "low": line.count.low,
                "high": line.count.high,
                "note": line.note,
            }
        )
    for team in s.sub_teams:
        copies = products if team.per_product else 1
        roles = list(dict.fromkeys(catalog.role(seat.role).name for seat in team.composition))
        rows.append(
            {
                "line": team.name,
                "roles": ", ".join(roles),
                "levels": "",
                "low": team.size.low * copies,
                "high": (team.size.high or team.size.low) * copies,
                "note": team.focus + (f" ({products} products)" if team.per_product else ""),
            }
        )
    return rows


def stage_headcount(stage: int, role: str | None = None, bound: str = "mid", products: int = 1) -> float:
    """FTE the seed's table gives a stage, at the low, mid or high point of its ranges; all roles or one.

    The same rule as the default team (``default_team``): ``mid`` is the exact midpoint of each
    range, so it may be fractional. Stage 3 counts each sub-team's seats by the roles that fill
    them, applied ML once per product.
    """
    catalog = load_catalog()
    s = catalog.stage(stage)
    total = 0.0
    for line in s.lines:
        if role is None or line.role == role:
            total += _count(line.count.low, line.count.high, bound)
    for team in s.sub_teams:
        seats = _people(_count(team.size.low, team.size.high, bound))
        copies = products if team.per_product else 1
        chosen = [(team.composition[i % len(team.composition)], fte) for i, fte in enumerate(seats)]
        total += copies * sum(fte for seat, fte in chosen if role is None or seat.role == role)
    return total


def search_months(team: list[TeamLine], catalog: Catalog | None = None) -> list[int]:
    """The month each position's search opens: the user's, or the hiring sequence's."""
    catalog = catalog or load_catalog()
    seen: Counter[str] = Counter()
    months = []
    for line in team:
        windows = catalog.role_windows(line.role)
        window = windows[min(seen[line.role], len(windows) - 1)]
        if line.employment == Employment.EXISTING:  # already employed: on the plan from month 1, no search
            months.append(line.search_month if line.search_month is not None else 1)
            continue
        seen[line.role] += 1
        months.append(line.search_month if line.search_month is not None else catalog.window(window).start_month)
    return months


def build_plan(assumptions: Assumptions) -> Plan:
    """Positions for the assumptions' team (or the stage's default team), with months, under the
    scenario the assumptions select (``plan.assumptions`` are those in effect)."""
    assumptions = in_effect(assumptions)
    catalog = load_catalog()
    team = assumptions.team if assumptions.team is not None else default_team(assumptions, catalog)
    width = max(2, len(str(len(team))))
    taken = {line.id for line in team if line.id}
    numbers = (f"P{n:0{width}d}" for n in range(1, 10 * len(team) + 2))
    positions = []
    for line, search in zip(team, search_months(team, catalog), strict=True):
        role = catalog.role(line.role)
        terms = assumptions.terms(line.role)
        to_fill = assumptions.contractor_time_to_fill_months if line.employment == Employment.CONTRACTOR else terms.time_to_fill_months
        existing = line.employment == Employment.EXISTING
        # a person already employed starts in their month; every search opens the hiring delay later than planned
        opens = search if existing else search + assumptions.hiring_delay_months
        start = opens if existing else opens + to_fill
        factor = pay_factor(assumptions, line.location)
        salary = converted(assumptions.salary(line.role, line.level), factor)
        contractor_rate = converted(terms.contractor_hourly_rate, factor)
        if line.employment == Employment.CONTRACTOR:
            annual_cost = contractor_rate * assumptions.contractor_hours_per_month * 12 * line.fte
        else:
            annual_cost = salary * line.fte * assumptions.loaded_multiplier
        positions.append(
            Position(
                id=line.id or next(n for n in numbers if n not in taken),
                role=line.role,
                role_name=role.name,
                level=line.level,
                function=role.function,
                fte=float(line.fte),
                employment=line.employment,
                search_month=search,
                search_opens=opens,
                start_month=start,
                productive_month=start if existing else start + terms.ramp_up_months,
                end_month=line.end_month,
                annual_salary=salary,
                annual_cost=annual_cost,
                label=line.label,
                group=line.group,
                manual=line.manual,
                notes=line.notes,
                location=line.location,
                pay_factor=factor,
                contractor_rate=contractor_rate,
                recruiting_fee=converted(assumptions.recruiting_cost_per_hire, factor),
                actual_start=line.actual_start,
            )
        )
    return Plan(assumptions=assumptions, positions=positions)


def coverage(plan: Plan) -> dict[Function, float]:
    """FTE that covers each function at the end of the plan (a senior ML engineer also covers infrastructure;
    a position that ends before the last month covers nothing)."""
    catalog = load_catalog()
    found = dict.fromkeys(Function, 0.0)
    last = plan.assumptions.horizon_months
    for p in plan.positions:
        if p.end_month is not None and p.end_month < last:
            continue  # gone before the end of the plan: a bridge covers nothing for good
        for function in catalog.role(p.role).covers(p.level):
            found[function] += p.fte
    return found


def check_plan(plan: Plan) -> list[Finding]:
    """Every common hiring mistake and every missing function the plan shows."""
    catalog = load_catalog()
    mistakes = {m.code: m for m in catalog.hiring.mistakes}
    findings: list[Finding] = []

    def flag(code: str, message: str, positions: list[Position] | tuple[()] = ()) -> None:
        m = mistakes[code]
        findings.append(Finding(code=code, severity=m.severity, message=message, fix=m.fix, positions=tuple(p.id for p in positions)))

    ps = plan.positions
    covers = {p.id: catalog.role(p.role).covers(p.level) for p in ps}

    scientists = [p for p in ps if p.role == "data_scientist"]
    engineers = [p for p in ps if Function.ML_ENGINEERING in covers[p.id]]
    if scientists:
        first_ds = min(p.start_month for p in scientists)
        first_eng = min((p.start_month for p in engineers), default=math.inf)
        if first_ds < first_eng:
            early = [p for p in scientists if p.start_month == first_ds]
            flag("DS_FIRST", f"A data scientist starts in month {first_ds}, before any ML engineer ({_month(first_eng)}).", early)

    technical = [p for p in ps if p.function in TECHNICAL and p.level in LEVELS_COUNTED]
    if len(technical) >= 2 and all(p.level == Level.SENIOR for p in technical):
        flag("ALL_SENIOR", f"All {len(technical)} technical positions are senior.", technical)
    if technical and all(p.level == Level.JUNIOR for p in technical):
        flag("ALL_JUNIOR", f"All {len(technical)} technical positions are junior.", technical)

    mlops = [p for p in ps if p.role == "mlops_engineer"]
    by_month = catalog.window("w3").end_month
    if mlops and min(p.start_month for p in mlops) > by_month:
        first = min(p.start_month for p in mlops)
        flag(
            "MLOPS_LATE",
            f"The first MLOps engineer starts in month {first}, after month {by_month}.",
            [p for p in mlops if p.start_month == first],
        )

    cover = coverage(plan)
    codes = {
        Function.DATA_SCIENCE: "NO_DATA_SCIENCE",
        Function.ML_ENGINEERING: "NO_ML_ENGINEERING",
        Function.INFRASTRUCTURE: "NO_INFRASTRUCTURE",
        Function.DOMAIN: "NO_DOMAIN_EXPERT",
    }
    for function in catalog.hiring.four_functions.functions:
        if cover[function] <= 0:
            flag(codes[function], f"No position covers {FUNCTION_LABELS[function]}.")

    research = cover[Function.DATA_SCIENCE]
    if research > cover[Function.ML_ENGINEERING] > 0:
        flag(
            "RESEARCH_LAB",
            f"Data science and research add up to {research:g} FTE, ML engineering to {cover[Function.ML_ENGINEERING]:g}.",
        )

    threshold = catalog.fact("platform_team_by").high or catalog.fact("platform_team_by").low
    platform_roles = ("mlops_engineer", "ml_platform_engineer")
    for month in sorted({p.start_month for p in ps}):
        on_board = [p for p in ps if p.start_month <= month]
        if sum(p.fte for p in on_board) >= threshold:
            if not any(p.role in platform_roles for p in on_board):
                flag(
                    "PLATFORM_LATE",
                    f"The team reaches {threshold:g} FTE in month {month} with no MLOps or platform engineer on board.",
                )
            break

    ended = [p for p in ps if p.end_month is not None and p.end_month < p.start_month]
    if ended:
        flag("END_BEFORE_START", f"{len(ended)} position(s) end before they start.", ended)

    late = [p for p in ps if p.start_month > plan.assumptions.horizon_months]
    if late:
        flag(
            "STARTS_AFTER_HORIZON",
            f"{len(late)} position(s) start after month {plan.assumptions.horizon_months}, the end of the plan.",
            late,
        )
    return findings


def _month(month: float) -> str:
    return "there is none" if month == math.inf else f"month {int(month)}"
