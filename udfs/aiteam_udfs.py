"""AI Team Planner functions for Excel, through xlwings.

Listed under "UDF Modules" on the workbook's xlwings.conf sheet; the add-in's Import
Functions turns each ``@func`` into an Excel function and each ``@script`` into a macro.
The decorators are imported by the names xlwings Lite also uses (func, arg, ret, script).

Every function is a thin wrapper: convert the cells, call the model (``xl_aiteam``), and
map errors. A bad argument gives one line of text in the cell, starting with "#AITEAM!",
never a traceback and never a wrong number.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from xlwings import arg, func, ret, script

from xl_aiteam.errors import AITeamError, ErrorCode, InputError
from xl_aiteam.rules import (
    GPU_HOURS,
    MAX_HORIZON,
    MONTHS,
    PLAYBOOK_DAY,
    PLAYBOOK_DAYS,
    PRICING,
    PRICINGS,
    Bounds,
    Choices,
    bounds,
    check_number,
    choices,
)

__all__ = [
    "AITEAM_BUDGET",
    "AITEAM_CHECK",
    "AITEAM_COVERAGE",
    "AITEAM_HEADCOUNT",
    "AITEAM_HIRE_WINDOW",
    "AITEAM_INFER_HOURS",
    "AITEAM_LOADED_COST",
    "AITEAM_PLAYBOOK",
    "AITEAM_RISK",
    "AITEAM_ROLE",
    "AITEAM_ROLES",
    "AITEAM_SALARY",
    "AITEAM_TEAM_COST",
    "AITEAM_TRAIN_HOURS",
    "AITEAM_VERSION",
    "ML_COST",
    "aiteam_fill_plan",
    "aiteam_fill_playbook",
    "aiteam_refill",
]

_F = TypeVar("_F", bound=Callable[..., Any])
PREFIX = "#AITEAM! "
CATEGORY = "AI Team Planner"
# Excel error values as classic xlwings passes them when err_to_str is not honoured (COM codes)
EXCEL_ERRORS = {
    -2146826281: "#DIV/0!",
    -2146826246: "#N/A",
    -2146826259: "#NAME?",
    -2146826288: "#NULL!",
    -2146826252: "#NUM!",
    -2146826265: "#REF!",
    -2146826273: "#VALUE!",
}
ERROR_TEXTS = set(EXCEL_ERRORS.values()) | {"#GETTING_DATA", "#SPILL!", "#CALC!", "#BLOCKED!", "#FIELD!", "#UNKNOWN!"}
EXCEL_ERROR_ALLOWED = "the cell holds an Excel error; fix that cell first"


def _model() -> Any:
    import xl_aiteam

    return xl_aiteam


def _cell_errors(fn: _F) -> _F:
    """Turn any expected error into one line of text in the cell."""

    @functools.wraps(fn)
    def wrapper(*args: Any) -> Any:
        try:
            return fn(*args)
        except AITeamError as exc:
            return PREFIX + str(exc)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:  # a bug of ours: still one line, never a number
            return PREFIX + f"cannot compute this ({exc.__class__.__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"

    return wrapper  # type: ignore[return-value]


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def _no_error(name: str, value: Any) -> Any:
    """The value, unless the cell holds an Excel error (as err_to_str's text or a COM code)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in EXCEL_ERRORS:
        raise InputError(name, EXCEL_ERRORS[value], EXCEL_ERROR_ALLOWED, code=ErrorCode.EXCEL_ERROR)
    if isinstance(value, str) and value.strip().upper() in ERROR_TEXTS:
        raise InputError(name, value.strip(), EXCEL_ERROR_ALLOWED, code=ErrorCode.EXCEL_ERROR)
    return value


def _number(name: str, value: Any, rule: Bounds | str) -> float:
    """A number cell checked by the model's rule (a Bounds, or an Assumptions path such as "utilisation")."""
    value = _no_error(name, value)
    rule = bounds(rule) if isinstance(rule, str) else rule
    if not _given(value):
        raise InputError(name, "", rule.allowed(), code=ErrorCode.REQUIRED)
    return check_number(name, value, rule)


def _whole(name: str, value: Any, rule: Bounds | str) -> int:
    return int(_number(name, value, rule))


def _one_of(name: str, value: Any, rule: Choices) -> Any:
    """``value`` if it is one of the rule's values, as Excel passes it (stage 2 arrives as 2.0)."""
    value = _no_error(name, value)
    key = value.strip().lower() if isinstance(value, str) else value
    if isinstance(key, float) and key.is_integer():
        key = int(key)
    if _given(key) and not isinstance(key, bool) and key in rule.values:
        return key
    code = rule.code if _given(value) else ErrorCode.REQUIRED
    raise InputError(name, value if _given(value) else "", rule.allowed(), code=code)


def _stage(value: Any) -> int:
    return int(_one_of("stage", value, choices("stage")))


def _role(value: Any) -> str:
    from xl_aiteam.guide import find_role

    return find_role(_no_error("role", value))


def _level(value: Any, role: str) -> str:
    levels = [lvl.value for lvl in _model().load_catalog().role(role).levels]
    if not _given(_no_error("level", value)):
        return "mid" if "mid" in levels else levels[0]
    return str(_one_of("level", value, Choices(tuple(levels), ErrorCode.UNKNOWN_LEVEL)))


def _choice(name: str, value: Any, rule: Choices, default: str) -> str:
    if not _given(_no_error(name, value)):
        return default
    return str(_one_of(name, value, rule))


def _defaults(stage: int | None = None, **changes: Any) -> Any:
    """The catalog's default assumptions (read once per stage: a cell recalculates in microseconds)."""
    if changes:
        from xl_aiteam.assumptions import default_assumptions

        return default_assumptions(stage, **changes)
    return _cached_defaults(stage)


@functools.cache
def _cached_defaults(stage: int | None) -> Any:
    from xl_aiteam.assumptions import default_assumptions

    return default_assumptions(stage)


# --- functions -------------------------------------------------------------------------------


@func(category=CATEGORY)
@arg("stage", doc="Maturity stage: 1 (first AI initiative), 2 (scaling across products) or 3 (AI platform).", err_to_str=True)
@arg("role", doc="Optional: one role, by name (ML engineer) or id (ml_engineer). Empty: all roles.", err_to_str=True)
@arg("bound", doc="Optional: low, mid or high point of the seed's ranges. Default mid.", err_to_str=True)
@_cell_errors
def AITEAM_HEADCOUNT(stage, role=None, bound=None):
    """FTE that the seed staffing table gives a maturity stage, for all roles or one role, at the low, mid or high point of its ranges. Stage 3 counts applied ML for the default number of products."""
    number = _stage(stage)
    role_id = _role(role) if _given(role) else None
    point = _choice("bound", bound, choices("size"), "mid")
    return _model().plan.stage_headcount(number, role_id, point, _defaults().products)


@func(category=CATEGORY)
@arg("stage", doc="Maturity stage: 1, 2 or 3.", err_to_str=True)
@ret(index=False, header=True)
@_cell_errors
def AITEAM_ROLES(stage):
    """The staffing table of a maturity stage from the seed, spilled with headers: line, roles, levels, low and high FTE, note. Stage 3 lists its sub-teams."""
    import pandas as pd

    rows = _model().plan.stage_table(_stage(stage), _defaults().products)
    frame = pd.DataFrame(rows, columns=["line", "roles", "levels", "low", "high", "note"])
    return frame.rename(
        columns={"line": "Line", "roles": "Roles", "levels": "Levels", "low": "Low FTE", "high": "High FTE", "note": "Note"}
    )


@func(category=CATEGORY)
@arg("role", doc="A role by name (Data scientist) or id (data_scientist).", err_to_str=True)
@arg("level", doc="Optional: junior, mid, senior or lead. Default mid (or the role's only level).", err_to_str=True)
@_cell_errors
def AITEAM_SALARY(role, level=None):
    """Default annual salary (total cash compensation, before the loaded-cost multiplier) of a role at a level, from the planner's catalog."""
    role_id = _role(role)
    return _defaults().salary(role_id, _level(level, role_id))


@func(category=CATEGORY)
@arg("role", doc="A role by name or id.", err_to_str=True)
@arg("level", doc="Optional: junior, mid, senior or lead. Default mid.", err_to_str=True)
@arg("months", doc=f"Optional: months of cost, 1 to {MAX_HORIZON}. Default 12.", err_to_str=True)
@_cell_errors
def AITEAM_LOADED_COST(role, level=None, months=None):
    """Fully loaded cost of one full-time person in a role for a number of months: salary times the loaded-cost multiplier, at first-year prices, rounded to the cent."""
    role_id = _role(role)
    span = _whole("months", months, MONTHS) if _given(months) else 12
    a = _defaults()
    from xl_aiteam.money import round_money

    return round_money(a.salary(role_id, _level(level, role_id)) * a.loaded_multiplier / 12 * span)


@func(category=CATEGORY)
@arg("role", doc="A role by name (ML engineer) or id (ml_engineer).", err_to_str=True)
@arg(
    "field",
    doc="Optional: summary (default), responsibilities, skills, seniority, look_for, red_flags or interview.",
    err_to_str=True,
)
@_cell_errors
def AITEAM_ROLE(role, field=None):
    """A role's hiring guide from the seeds: what the role is for, or one list spilled down: responsibilities, skills, seniority markers, what to look for, red flags or interview tasks."""
    from xl_aiteam.guide import TITLES, find_field, role_lines

    role_id = _role(role)
    name = find_field(_no_error("field", field))
    lines = role_lines(role_id, name)
    if not lines:
        return f"The seeds give no {TITLES[name].lower()} for the role {_model().load_catalog().role(role_id).name}."
    return lines[0] if name == "summary" else [[line] for line in lines]


@func(category=CATEGORY)
@arg("role", doc="A role by name or id.", err_to_str=True)
@_cell_errors
def AITEAM_HIRE_WINDOW(role):
    """The months of the hiring sequence in which the search for the first person in a role opens, as two cells: first month and last month."""
    catalog = _model().load_catalog()
    window = catalog.window(catalog.role_windows(_role(role))[0])
    return [[window.start_month, window.end_month]]


def _ml_cost_one(hours: Any, rate: float | None, pricing: str, util: float | None, gpu: str | None, a: Any) -> Any:
    try:
        return _model().ml_cost(_number("gpu_hours", hours, GPU_HOURS), rate, pricing, util, gpu, a)
    except AITeamError as exc:
        return PREFIX + str(exc)


@func(category=CATEGORY)
@arg("gpu_hours", doc="Useful GPU-hours: a number or a range of numbers.", err_to_str=True)
@arg("rate", doc="Optional: on-demand price per GPU-hour. Default: the price of gpu_type.", err_to_str=True)
@arg("pricing", doc=f"Optional: {PRICINGS[0]} (default), {', '.join(PRICINGS[1:-1])} or {PRICINGS[-1]}.", err_to_str=True)
@arg("utilisation", doc="Optional: share of billed time doing useful work, above 0 to 1. Default 0.5.", err_to_str=True)
@arg("gpu_type", doc="Optional: GPU price id, e.g. aws_h100 (default) or aws_a100_80gb.", err_to_str=True)
@_cell_errors
def ML_COST(gpu_hours, rate=None, pricing=None, utilisation=None, gpu_type=None):
    """Compute cost of useful GPU-hours: hours / utilisation x on-demand rate x pricing factor (reserved and spot discounts), rounded to the cent. A range of hours gives a range of costs."""
    a = _defaults()
    price = _number("rate", rate, "gpu_types.hourly_rate") if _given(rate) else None
    mode = _choice("pricing", pricing, PRICING, "mix")
    util = _number("utilisation", utilisation, "utilisation") if _given(utilisation) else None
    from xl_aiteam.costs import gpu_choices

    gpu = _choice("gpu_type", gpu_type, gpu_choices(a), "") or None
    if isinstance(gpu_hours, list | tuple):
        return _ml_cost_range(gpu_hours, price, mode, util, gpu, a)
    return _model().ml_cost(_number("gpu_hours", gpu_hours, GPU_HOURS), price, mode, util, gpu, a)


def _workload_hours(kind: str, params: Any, tokens: Any, gpu_type: Any, mfu: Any) -> float:
    """The arguments of AITEAM_TRAIN_HOURS and AITEAM_INFER_HOURS checked by the model's rules, then the hours."""
    from xl_aiteam import workload
    from xl_aiteam.costs import gpu_choices

    a = _defaults()
    n = _number("params", params, "workloads.params")
    d = _number("tokens", tokens, "workloads.tokens")
    gpu = _choice("gpu_type", gpu_type, gpu_choices(a), "") or None
    u = _number("mfu", mfu, "mfu") if _given(mfu) else None
    hours = workload.train_hours if kind == "train" else workload.infer_hours
    return float(hours(n, d, gpu, u, a))


@func(category=CATEGORY)
@arg("params", doc="Model parameters, e.g. 7E9 for a 7B model.", err_to_str=True)
@arg("tokens", doc="Training tokens, e.g. 1E12.", err_to_str=True)
@arg("gpu_type", doc="Optional: GPU price id, e.g. aws_h100 (default) or aws_a100_80gb: its peak dense BF16 TFLOP/s.", err_to_str=True)
@arg("mfu", doc="Optional: model FLOPs utilisation, above 0 to 1. Default 0.4.", err_to_str=True)
@_cell_errors
def AITEAM_TRAIN_HOURS(params, tokens, gpu_type=None, mfu=None):
    """Useful GPU-hours to train a model: 6 x params x tokens FLOPs / (the GPU's peak dense BF16 FLOP/s x MFU) / 3600. Not rounded; ML_COST turns hours into money."""
    return _workload_hours("train", params, tokens, gpu_type, mfu)


@func(category=CATEGORY)
@arg("params", doc="Model parameters, e.g. 7E9 for a 7B model.", err_to_str=True)
@arg("tokens", doc="Tokens served (input and output), e.g. a month's worth.", err_to_str=True)
@arg("gpu_type", doc="Optional: GPU price id, e.g. aws_h100 (default) or aws_a100_80gb: its peak dense BF16 TFLOP/s.", err_to_str=True)
@arg("mfu", doc="Optional: model FLOPs utilisation, above 0 to 1. Default 0.4.", err_to_str=True)
@_cell_errors
def AITEAM_INFER_HOURS(params, tokens, gpu_type=None, mfu=None):
    """Useful GPU-hours to serve tokens from a model: 2 x params FLOPs a token / (the GPU's peak dense BF16 FLOP/s x MFU) / 3600. Not rounded."""
    return _workload_hours("infer", params, tokens, gpu_type, mfu)


def _ml_cost_range(gpu_hours: Any, rate: float | None, pricing: str, util: float | None, gpu: str | None, a: Any) -> list[list[Any]]:
    """ML_COST over a range: the numbers at once (vectorised, rounded as ROUND rounds), each bad cell marked in its own cell."""
    import numpy as np

    from xl_aiteam.costs import blended_rate
    from xl_aiteam.money import round_money_array

    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in gpu_hours]
    flat = [h for row in rows for h in row]
    ok = [GPU_HOURS.contains(h) for h in flat]  # COM error codes are negative: out of range
    hours = np.array([h if good else 0.0 for h, good in zip(flat, ok, strict=True)], dtype=np.float64)
    per_hour = blended_rate(a, pricing, a.gpu_types[gpu or a.gpu_type].hourly_rate if rate is None else rate)
    costs = round_money_array(hours / (a.utilisation if util is None else util) * per_hour).tolist()
    out = [cost if good else _ml_cost_one(h, rate, pricing, util, gpu, a) for h, good, cost in zip(flat, ok, costs, strict=True)]
    width = len(rows[0]) if rows else 0
    return [out[i * width : (i + 1) * width] for i in range(len(rows))]


def _stage_budget(stage: Any, months: Any) -> Any:
    m = _model()
    span = _whole("months", months, "horizon_months") if _given(months) else 12
    a = _defaults(_stage(stage), horizon_months=span)
    return m.project_budget(m.build_plan(a))


@func(category=CATEGORY)
@arg("stage", doc="Maturity stage: 1, 2 or 3.", err_to_str=True)
@arg("months", doc=f"Optional: months from the plan start, 1 to {MAX_HORIZON}. Default 12.", err_to_str=True)
@_cell_errors
def AITEAM_TEAM_COST(stage, months=None):
    """Total cost of the default plan of a stage over its first months: people, contractors, recruiting, compute and storage, from the planner's default assumptions."""
    from xl_aiteam.money import round_money

    return round_money(float(_stage_budget(stage, months).to_numpy().sum()))


@func(category=CATEGORY)
@arg("stage", doc="Maturity stage: 1, 2 or 3.", err_to_str=True)
@arg("months", doc=f"Optional: months from the plan start, 1 to {MAX_HORIZON}. Default 12.", err_to_str=True)
@ret(index=True, header=True)
@_cell_errors
def AITEAM_BUDGET(stage, months=None):
    """Monthly budget of the default plan of a stage, spilled: one row per category and a total, one column per month (first day of the month), rounded to the cent."""
    totals = _model().budget_totals(_stage_budget(stage, months), "M")
    totals.columns = [p.to_timestamp().to_pydatetime() for p in totals.columns]
    totals.index.name = "Category"
    return totals


@functools.lru_cache(maxsize=8)
def _risk_rows(stage: int, runs: int, seed: int) -> dict[str, Any]:
    """The simulation's rows of a stage's default plan (one run of the model per stage, runs and seed)."""
    from xl_aiteam.risk import risk_rows, simulate

    m = _model()
    return {row.measure: row for row in risk_rows(simulate(m.build_plan(_defaults(stage)), runs, seed))}


@func(category=CATEGORY)
@arg("measure", doc="complete (month the team is complete), productive, year1_cost or year1_unspent.", err_to_str=True)
@arg("percentile", doc="10, 50 or 90.", err_to_str=True)
@arg("stage", doc="Optional: maturity stage 1, 2 or 3. Default 2.", err_to_str=True)
@arg("runs", doc="Optional: runs of the simulation, 1 to 1,000,000. Default 10,000.", err_to_str=True)
@arg("seed", doc="Optional: random seed; the same seed gives the same figure. Default 2027.", err_to_str=True)
@_cell_errors
def AITEAM_RISK(measure, percentile, stage=None, runs=None, seed=None):
    """The risk that hiring runs late: P10, P50 or P90 of a measure over simulated runs of a stage's default plan (searches that take longer, fail or start late): the month the team is complete, year 1 cost or year 1 budget left unspent."""
    from xl_aiteam.risk import MEASURES, PERCENTILES

    key = str(_one_of("measure", measure, Choices(tuple(MEASURES), ErrorCode.UNKNOWN_CHOICE)))
    q = int(_one_of("percentile", percentile, Choices(PERCENTILES, ErrorCode.UNKNOWN_CHOICE)))
    a = _defaults()
    number = _stage(stage) if _given(stage) else a.stage
    count = _whole("runs", runs, "risk_runs") if _given(runs) else a.risk_runs
    chosen = _whole("seed", seed, "risk_seed") if _given(seed) else a.risk_seed
    row = _risk_rows(number, count, chosen)[key]
    return {10: row.p10, 50: row.p50, 90: row.p90}[q]


STAFFING_HEADERS = {
    "role": ("role",),
    "level": ("level",),
    "fte": ("fte",),
    "employment": ("employment",),
    "search_month": ("search opens (month)", "search month", "search"),
}


def _team(staffing: Any) -> list[dict[str, Any]]:
    """Positions typed into cells: with a header row (as on the Staffing sheet), or as columns
    role, level, FTE[, employment[, search month]]."""
    rows = staffing if isinstance(staffing, list | tuple) else [[staffing]]
    rows = [list(r) if isinstance(r, list | tuple) else [r] for r in rows]
    rows = [r for r in rows if any(_given(v) for v in r)]
    if not rows:
        raise InputError("staffing_range", "", "needs at least one row: role, level, FTE", code=ErrorCode.REQUIRED)
    first = [str(v).strip().lower() if isinstance(v, str) else "" for v in rows[0]]
    columns = {"role": 0, "level": 1, "fte": 2, "employment": 3, "search_month": 4}
    if any(v in ("role", "fte", "level") for v in first):
        columns = {}
        for key, names in STAFFING_HEADERS.items():
            for i, v in enumerate(first):
                if v in names:
                    columns.setdefault(key, i)
        for key in ("role", "level", "fte"):
            if key not in columns:
                raise InputError(
                    "staffing_range",
                    rows[0],
                    f"the header row needs a {key.upper() if key == 'fte' else key.title()} column",
                    code=ErrorCode.MISSING_COLUMN,
                )
        rows = rows[1:]
    team = []
    for n, row in enumerate(rows, start=1):

        def cell(key: str, row: list[Any] = row, n: int = n) -> Any:
            i = columns.get(key)
            return _no_error(f"row {n} {key}", row[i]) if i is not None and i < len(row) else None

        role = _role(cell("role"))
        line: dict[str, Any] = {
            "role": role,
            "level": _level(cell("level"), role),
            "fte": _number(f"row {n} FTE", cell("fte"), "team.fte"),
        }
        if _given(cell("employment")):
            line["employment"] = _choice(f"row {n} employment", cell("employment"), choices("team.employment"), "permanent")
        if _given(cell("search_month")):
            line["search_month"] = _whole(f"row {n} search month", cell("search_month"), "team.search_month")
        team.append(line)
    return team


def _typed_plan(staffing: Any) -> Any:
    from xl_aiteam.assumptions import parse_assumptions

    return _model().build_plan(parse_assumptions({"team": _team(staffing)}))


@func(category=CATEGORY)
@arg(
    "staffing_range",
    doc="Positions: the Staffing table with its header row, or columns role, level, FTE, [employment], [search month].",
    err_to_str=True,
)
@_cell_errors
def AITEAM_CHECK(staffing_range):
    """Hiring mistakes and missing functions in a plan typed into cells: one row per finding (code, severity, message, fix), or one OK row when the plan passes."""
    findings = _model().check_plan(_typed_plan(staffing_range))
    if not findings:
        return [["Code", "Severity", "Message", "Fix"], ["OK", "", "The plan passes every check.", ""]]
    return [["Code", "Severity", "Message", "Fix"]] + [[f.code, f.severity, f.message, f.fix] for f in findings]


@func(category=CATEGORY)
@arg(
    "staffing_range",
    doc="Positions: the Staffing table with its header row, or columns role, level, FTE, [employment], [search month].",
    err_to_str=True,
)
@_cell_errors
def AITEAM_COVERAGE(staffing_range):
    """FTE covering each function in a plan typed into cells (data science, ML engineering, infrastructure, domain, product, leadership), and whether each of the four required ones is covered."""
    from xl_aiteam.catalog import FUNCTION_LABELS

    m = _model()
    cover = m.coverage(_typed_plan(staffing_range))
    required = set(m.load_catalog().hiring.four_functions.functions)
    rows = [["Function", "FTE", "Covered"]]
    for function, fte in cover.items():
        status = ("yes" if fte > 0 else "MISSING") if function in required else ""
        rows.append([FUNCTION_LABELS[function], fte, status])
    return rows


@func(category=CATEGORY)
@arg("day", doc=f"Optional: a day of the first {PLAYBOOK_DAYS} (1-{PLAYBOOK_DAYS}). Empty: the whole playbook.", err_to_str=True)
@ret(index=False, header=True)
@_cell_errors
def AITEAM_PLAYBOOK(day=None):
    """The new AI leader's 90-day playbook from the seed: phase, days, kind (priority or deliverable) and item. With a day, only the phase that day falls in."""
    frame = _model().playbook_frame(_defaults())
    if _given(day):
        d = _whole("day", day, PLAYBOOK_DAY)
        frame = frame[(frame["day_from"] <= d) & (frame["day_to"] >= d)]
    return frame.assign(
        Phase=frame["phase"].astype(str) + ". " + frame["phase_name"],
        Days=frame["day_from"].astype(str) + "-" + frame["day_to"].astype(str),
    ).rename(columns={"kind": "Kind", "item": "Item"})[["Phase", "Days", "Kind", "Item"]]


@func(category=CATEGORY)
@_cell_errors
def AITEAM_VERSION():
    """Version of the AI Team Planner package and of its catalog of seed facts."""
    m = _model()
    return f"aiteam {m.__version__} (catalog {m.load_catalog().stages.version})"


# --- macros --------------------------------------------------------------------------------


def _caller_book() -> Any:
    import xlwings as xw

    from xl_aiteam.adapters.xlwings_book import XlwingsBook

    return XlwingsBook(xw.Book.caller())


@script
def aiteam_refill():
    """Refill Staffing, Budget, the timeline, Summary, Checks and the 90-day playbook of this workbook from the Python model."""
    from xl_aiteam.macros import refill

    refill(_caller_book())


@script
def aiteam_fill_plan():
    """Refill Staffing and the sheets that follow it (Budget, timeline, Summary, Checks) from the Python model."""
    from xl_aiteam.macros import fill_plan

    fill_plan(_caller_book())


@script
def aiteam_fill_playbook():
    """Refill the 90-day playbook from the catalog, keeping owners, statuses and notes."""
    from xl_aiteam.macros import fill_playbook

    fill_playbook(_caller_book())
