"""Compare a workbook LibreOffice recalculated with the Python model, figure by figure.

The workbook's rows are found by their labels, not by the layout's own bookkeeping, so a
layout bug cannot hide itself. Money must agree to the cent (0.005).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl.worksheet.worksheet import Worksheet

from xl_aiteam import (
    Assumptions,
    budget_totals,
    build_plan,
    check_plan,
    compute_cost,
    coverage,
    hiring_timeline,
    ml_cost,
    playbook_frame,
    project_budget,
)
from xl_aiteam.budget import headcount_by_month
from xl_aiteam.catalog import FUNCTION_LABELS, load_catalog
from xl_aiteam.layout import FIRST, GRID, MONTHS, SHEET, STAFFING_COLUMNS
from xl_aiteam.layout.variance import SECTION as ACTUALS_SECTION
from xl_aiteam.layout.workload_block import BUDGET_LABELS
from xl_aiteam.layout.workload_block import LABELS as WORKLOAD_LABELS
from xl_aiteam.locations import price_in_currency
from xl_aiteam.plan import Finding
from xl_aiteam.scenarios import in_effect
from xl_aiteam.seats import team_of
from xl_aiteam.workload import full_run_cost, full_run_hours, row_flops, row_hours, workload_months

CENT = 0.005
TOTALS_LABEL = FIRST - 2  # the Budget names each totals row right beside its numbers
ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#N/A", "#DIV/0!", "#NUM!", "#NULL!", "Err:")


def error_cells(wb: Any) -> list[str]:
    """Every cell that holds an error value after recalculation."""
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "e" or (isinstance(c.value, str) and c.value.startswith(ERRORS)):
                    found.append(f"{ws.title}!{c.coordinate}={c.value}")
    return found


def _day(value: Any) -> date:
    return value.date() if isinstance(value, datetime) else value


def _near(got: Any, want: float, where: str) -> None:
    got = 0.0 if got in (None, "") else got
    assert isinstance(got, int | float), f"{where}: {got!r} is not a number"
    assert abs(got - want) <= CENT, f"{where}: workbook {got} != model {want}"


def name_cell(wb: Any, name: str) -> Any:
    """The (first) cell a workbook-level defined name points to."""
    sheet, _, at = wb.defined_names[name].attr_text.partition("!")
    return wb[sheet.strip("'")][at.replace("$", "").split(":")[0]]


def input_cell(wb: Any, name: str) -> Any:
    """The cell a user types an input into: for a scenario's driver its ``NAMEBase`` on Assumptions
    (the plain name is the value in effect, a formula on Scenarios), else the named cell."""
    return name_cell(wb, f"{name}Base" if f"{name}Base" in wb.defined_names else name)


def _named(wb: Any, name: str) -> Any:
    """The value of a one-cell defined name (0 when the workbook has no such name)."""
    return name_cell(wb, name).value if name in wb.defined_names else 0


def _find(ws: Worksheet, column: int, text: str, start: int = 1) -> int:
    for r in range(start, ws.max_row + 1):
        if ws.cell(r, column).value == text:
            return r
    raise AssertionError(f"{ws.title}: no row labelled {text!r} in column {column}")


def assert_matches_model(wb: Any, a: Assumptions, *, catalog_labels: bool = True, row_findings: Sequence[Finding] = ()) -> dict[str, int]:
    """Every Staffing, Budget, Compute, Summary, Checks and playbook figure equals the model's
    (``row_findings``: the Staffing rows the model left out, as ``read_assumptions_and_row_findings`` finds them)."""
    counts = {"figures": 0}

    def near(got: Any, want: float, where: str) -> None:
        _near(got, want, where)
        counts["figures"] += 1

    assert error_cells(wb) == []
    plan = build_plan(a)
    h = a.horizon_months

    # Staffing
    ws = wb[SHEET["staffing"]]
    C = STAFFING_COLUMNS
    at = _rows_by_id(ws, 5, C["id"])  # empty seat rows may sit between the positions: found by ID
    for p in plan.positions:
        r = at[p.id]
        if catalog_labels:  # a workbook of an earlier version keeps its own role table's labels
            assert ws.cell(r, C["function"]).value == FUNCTION_LABELS[p.function]
        near(ws.cell(r, C["start_month"]).value, p.start_month, f"Staffing {p.id} start month")
        assert _day(ws.cell(r, C["start_date"]).value) == plan.frame().loc[p.id, "start_date"], p.id
        near(ws.cell(r, C["productive_month"]).value, p.productive_month, f"Staffing {p.id} productive month")
        near(ws.cell(r, C["annual_salary"]).value, p.annual_salary, f"Staffing {p.id} salary")
        near(ws.cell(r, C["annual_cost"]).value, p.annual_cost, f"Staffing {p.id} loaded cost")
        assert (ws.cell(r, C["location"]).value or "") == p.location, p.id
        assert abs(ws.cell(r, C["pay_factor"]).value - p.pay_factor) <= 1e-12, f"Staffing {p.id} pay factor"
    # money headers name a currency (the table's, as of the last build or refill); the label above them, the live one
    for money in ("annual_salary", "annual_cost"):
        assert re.search(r" \([A-Z]{3}\)$", str(ws.cell(4, C[money]).value)), ws.cell(4, C[money]).value
    assert ws.cell(3, C["annual_salary"]).value == f"Money in {a.currency}"
    assert_locations_match(wb, a)
    others = [r for pid, r in at.items() if pid not in {p.id for p in plan.positions}]
    # a row the model does not have is empty, or one it cannot plan (flagged on Checks): out of every count
    assert all(ws.cell(r, C["role"]).value in (None, "") or ws.cell(r, C["in_plan"]).value == 0 for r in others), (
        "a row the model lacks counts"
    )

    # Budget: every detail row, every prepared month
    ws = wb[SHEET["budget"]]
    budget = project_budget(plan)
    head = _find(ws, 1, "Category")
    model_rows = {(str(cat), str(pos or line)): values for (cat, line, pos), values in zip(budget.index, budget.to_numpy(), strict=True)}
    seen = set()
    hours = workload_months(plan)
    hour_rows = {label: getattr(hours, key) for key, label in BUDGET_LABELS.items()}
    for r in range(head + 1, ws.max_row + 1):
        if ws.cell(r, 1).value == "Workload" and ws.cell(r, 2).value in hour_rows:  # the workload's hours, month by month
            label = ws.cell(r, 2).value
            for m in range(MONTHS):
                near(ws.cell(r, FIRST + m).value, float(hour_rows[label][m]) if m < h else 0.0, f"Budget {label} month {m + 1}")
            seen.add(("hours", label))
            continue
        if ws.cell(r, 1).value == ACTUALS_SECTION:  # the detail ends where the actuals block begins (tests/actuals_truth.py)
            break
        if ws.cell(r, 1).value in (None, ""):  # a prepared slot with no position: nothing in it
            assert all(ws.cell(r, FIRST + m).value in (None, "", 0) for m in range(MONTHS)), f"Budget row {r} is empty but costs"
            continue
        key = (ws.cell(r, 1).value, ws.cell(r, 3).value or ws.cell(r, 2).value)
        want = model_rows.get(key)
        for m in range(MONTHS):
            expected = float(want[m]) if want is not None and m < h else 0.0
            near(ws.cell(r, FIRST + m).value, expected, f"Budget {key} month {m + 1}")
        seen.add(key)
    assert set(model_rows) <= seen, set(model_rows) - seen
    assert {("hours", label) for label in hour_rows} <= seen, "the Budget lacks a row of workload hours"

    monthly = budget_totals(budget, "M")
    sub = _find(ws, 1, "Totals by category")
    for category in [*monthly.index]:
        row = _find(ws, TOTALS_LABEL, category, sub)
        for m in range(MONTHS):
            near(
                ws.cell(row, FIRST + m).value,
                float(monthly.loc[category].iloc[m]) if m < h else 0.0,
                f"Budget {category} month {m + 1}",
            )
    heads = headcount_by_month(plan)
    row = _find(ws, TOTALS_LABEL, "Headcount (FTE on board)", sub)
    for m in range(MONTHS):
        near(ws.cell(row, FIRST + m).value, float(heads.iloc[m]) if m < h else 0.0, f"headcount month {m + 1}")

    for block, period in (("Totals by fiscal quarter", "Q"), ("Totals by fiscal year", "Y")):
        totals = budget_totals(budget, period, a.fiscal_year_start)
        top = _find(ws, 1, block, sub)
        label_row = top + 1
        labels = [ws.cell(label_row, FIRST + k).value for k in range(len(totals.columns) + 1)]
        want_labels = list(totals.columns)
        assert labels[:-1] == want_labels and labels[-1] in (None, ""), (labels, want_labels)
        for category in totals.index:
            row = _find(ws, TOTALS_LABEL, category, label_row)
            for k in range(len(totals.columns)):
                near(ws.cell(row, FIRST + k).value, float(totals.loc[category].iloc[k]), f"{block} {category} {totals.columns[k]}")

    # Summary: yearly totals by category, key figures
    ws = wb[SHEET["summary"]]
    yearly = budget_totals(budget, "Y", a.fiscal_year_start)
    near(ws["B4"].value, len(plan.positions), "Summary positions")
    near(ws["B5"].value, plan.fte, "Summary FTE")
    near(ws["B6"].value, float(budget.to_numpy().sum()), "Summary cost over the horizon")
    for i, category in enumerate(yearly.index):
        assert ws.cell(11 + i, 1).value == category
        for k in range(len(yearly.columns)):
            near(ws.cell(11 + i, 2 + k).value, float(yearly.loc[category].iloc[k]), f"Summary {category} {yearly.columns[k]}")

    # Compute: the month's split and the quick calculator, as ml_cost computes them
    ws = wb[SHEET["compute"]]
    full_run = any(ws.cell(r, 2).value == "Training: useful GPU-hours a month at full run" for r in range(1, 20))
    month = full_run_cost(plan) if full_run else compute_cost(a)  # an earlier version's month: the fixed hours
    if full_run:
        training_hours, inference_hours = full_run_hours(plan)
        near(ws.cell(_find(ws, 2, "Training: useful GPU-hours a month at full run"), 3).value, training_hours, "Compute training hours")
        near(ws.cell(_find(ws, 2, "Inference: useful GPU-hours a month at full run"), 3).value, inference_hours, "Compute inference hours")
    for kind, label in WORKLOAD_LABELS.items():  # the workload table: FLOPs (relative: they run to 1e21) and hours
        r = _find(ws, 2, label)
        assert abs(ws.cell(r, 8).value - row_flops(a, kind)) <= 1e-9 * row_flops(a, kind), f"Compute {label} FLOPs"
        near(ws.cell(r, 9).value, row_hours(a, kind), f"Compute {label} GPU-hours")
    for label, figure in (
        ("Training cost a month", month.training),
        ("Inference cost a month", month.inference),
        ("Data processing cost a month", month.data_processing),
        ("Compute cost a month", month.total),
    ):
        near(ws.cell(_find(ws, 2, label), 3).value, figure, f"Compute {label}")
    calc = _find(ws, 2, "Quick calculator (does not feed the budget)")
    hours, gpu, pricing, util = (ws.cell(calc + k, 3).value for k in range(1, 5))
    near(
        ws.cell(calc + 5, 3).value,
        # the calculator prices from the GPU list (in the reporting currency), under the scenario's mix
        ml_cost(
            hours,
            rate=price_in_currency(a.gpu_types[gpu].hourly_rate, a),
            pricing=pricing,
            utilisation=util,
            gpu_type=gpu,
            assumptions=in_effect(a),
        ),
        "Compute quick calculator",
    )

    # Checks: each formula check says what check_plan says
    ws = wb[SHEET["checks"]]
    found = {f.code for f in check_plan(plan)} | {f.code for f in row_findings}
    r = 5
    codes = set()
    actuals_flagged = 0
    while ws.cell(r, 1).value:
        code, flag = ws.cell(r, 1).value, ws.cell(r, 4).value
        codes.add(code)
        # model checks agree with check_plan; the workbook's integrity checks pass on valid inputs;
        # SEATS_BEYOND_ROWS flags a team larger than the rows prepared to follow the stage table
        flagged = 1 if code in found else 0
        if code == "SCENARIOS_STALE":  # whether the comparison is stale: tests/test_scenarios_workbook.py
            r += 1
            continue
        if code == "SEATS_BEYOND_ROWS":
            flagged = int(len(team_of(a.stage, a.size, a.products)) > _named(wb, "SeatsPrepared"))
        elif code == "PRINT_AREA":  # the print areas are set for the horizon of the last build or refill
            flagged = int(_named(wb, "PrintedMonths") != a.horizon_months)
        elif code == "RISK_STALE":  # the figures' signature against the inputs read back: any change makes them stale
            flagged = int(risk_is_stale(wb, a))
        elif code.startswith("ACTUALS_"):  # what was typed on Actuals: compared with the model by tests/actuals_truth.py
            actuals_flagged += flag
            r += 1
            continue
        assert flag == flagged, f"Checks {code}: workbook {flag}, model {'flags' if flagged else 'passes'}"
        counts["figures"] += 1
        r += 1
    assert codes >= _MODEL_CODES
    blocking = any(f.severity != "info" for f in [*check_plan(plan), *row_findings]) or actuals_flagged > 0
    assert wb[SHEET["start"]]["B4"].value == ("Check" if blocking else "OK")

    # Team structure: where the plan stands, live over the Staffing rows
    ws = wb[SHEET["team"]]
    cover = coverage(plan)
    near(ws.cell(_find(ws, 1, "Team size (FTE)"), 2).value, plan.fte, "Team structure size")
    near(ws.cell(_find(ws, 1, "Positions"), 2).value, len(plan.positions), "Team structure positions")
    required = load_catalog().hiring.four_functions.functions
    for function in required:
        label = FUNCTION_LABELS[function]
        row = _find(ws, 1, label[:1].upper() + label[1:])
        near(ws.cell(row, 3).value, cover[function], f"Team structure {label} FTE")
        assert ws.cell(row, 4).value == ("yes" if cover[function] > 0 else "missing"), label
    covered = sum(cover[f] > 0 for f in required)
    assert ws.cell(_find(ws, 1, "Functions covered"), 2).value == f"{covered} of {len(required)}"
    threshold = load_catalog().fact("platform_team_by").high
    due = str(ws.cell(_find(ws, 1, "Platform team due"), 2).value)
    assert due.startswith("yes" if threshold is not None and plan.fte >= threshold else "not yet"), due
    starts = [p.start_month for p in plan.positions if p.role in ("mlops_engineer", "ml_platform_engineer")]
    engineer = ws.cell(_find(ws, 1, "Platform or MLOps engineer"), 2).value
    assert engineer == (f"in the plan, from month {min(starts)}" if starts else "none in the plan"), engineer

    # playbook due dates and the hiring timeline grid
    ws = wb[SHEET["playbook"]]
    for i, item in enumerate(playbook_frame(a).itertuples()):
        assert _day(ws.cell(5 + i, 8).value) == item.due_date, f"playbook row {i}"
    ws = wb[SHEET["timeline"]]
    grid = hiring_timeline(plan)
    months = [str(p) for p in pd.period_range(pd.Period(a.start_date, freq="M"), periods=h, freq="M")]
    head = _find(ws, 1, "Position")
    at = _rows_by_id(ws, head + 1, 1)
    for pid in grid.index:
        for m, label in enumerate(months):
            got = ws.cell(at[pid], FIRST + m).value or ""
            assert got == GRID.get(grid.loc[pid, label], ""), f"timeline {pid} {label}: {got!r}"
    counts["figures"] += assert_bridge_matches(wb, plan)

    # Hiring risk: written by the model; when its inputs are the file's, its figures are the simulation's
    if not risk_is_stale(wb, a):
        counts["figures"] += assert_risk_matches_model(wb, a)
    return counts


def assert_bridge_matches(wb: Any, plan: Any) -> int:
    """Hire or contract: every path figure of every open position, and the totals, equal the model's."""
    from xl_aiteam.bridge import PATHS, bridge_rows, bridge_totals

    ws = wb[SHEET["bridge"]]
    head = _find(ws, 1, "ID")
    header = {ws.cell(head, c).value: c for c in range(1, ws.max_column + 1)}
    groups = {ws.cell(head - 1, c).value: c for c in range(1, ws.max_column + 1) if ws.cell(head - 1, c).value}
    rows = {r.position.id: r for r in bridge_rows(plan)}
    checked = 0

    def near(got: Any, want: float | None, where: str) -> None:
        nonlocal checked
        if want is None:
            assert got in (None, ""), f"{where}: workbook {got!r}, model none"
        else:
            _near(got, want, where)
        checked += 1

    def at(group: str, title: str) -> int:  # the column of a header inside a path's group of columns
        return next(c for c in range(groups[group], ws.max_column + 1) if ws.cell(head, c).value == title)

    total, team = head + 1, head + 2  # all open positions, then the months to a full team
    where = _rows_by_id(ws, head + 3, 1)  # slot k is row k of the Staffing table: empty seat rows sit between positions
    assert list(where) == [p.id for p in plan.positions], list(where)
    for p in plan.positions:
        r = where[p.id]
        status = ws.cell(r, header["Compared"]).value
        if p.id not in rows:
            assert status == "already employed", (p.id, status)
            continue
        assert status == "open", (p.id, status)
        row = rows[p.id]
        for key, group in PATHS.items():
            path = getattr(row, key)
            near(ws.cell(r, at(group, "Cost over the window")).value, path.cost, f"{p.id} {group} cost")
            near(ws.cell(r, at(group, "Productive person-months")).value, path.productive_months, f"{p.id} {group} work")
            per = ws.cell(r, at(group, "Cost per productive month")).value
            near(per, path.cost_per_productive_month, f"{p.id} {group} cost per productive month")
        near(ws.cell(r, at("Hire", "Productive from (month)")).value, row.hire.productive_month, f"{p.id} hire productive")
        near(ws.cell(r, at("Contract", "Starts and is productive (month)")).value, row.contract.productive_month, f"{p.id} contract")
        near(ws.cell(r, at("Contract, then hire", "Productive from (month)")).value, row.bridge.productive_month, f"{p.id} bridged")
        near(ws.cell(r, at("Contract, then hire", "Contractor until (month)")).value, row.contractor_until, f"{p.id} contractor until")
        assert ws.cell(r, header["Cheapest per productive month"]).value == (PATHS[row.cheapest] if row.cheapest else None), p.id
        saving = ws.cell(r, header["Contract saves against hire"]).value
        assert (saving in (None, "")) == (row.saving is None), p.id
        if row.saving is not None:
            assert abs(saving - row.saving) < 1e-9, (p.id, saving, row.saving)
    shown = set(where.values())  # every other slot (an empty seat row, a row out of the plan, a spare) shows nothing
    blank = next(r for r in range(head + 3, ws.max_row + 1) if r not in shown)
    assert all(ws.cell(blank, c).value in (None, "") for c in range(1, ws.max_column + 1)), "a spare slot shows figures"
    totals = bridge_totals(list(rows.values()))
    assert ws.cell(total, 2).value == "All open positions"
    productive = {
        "Hire": "Productive from (month)",
        "Contract": "Starts and is productive (month)",
        "Contract, then hire": "Productive from (month)",
    }
    for key, name in PATHS.items():
        near(ws.cell(total, at(name, "Cost over the window")).value, totals.cost[key], f"{name} cost, all positions")
        near(ws.cell(total, at(name, "Productive person-months")).value, totals.productive_months[key], f"{name} work, all positions")
        per = ws.cell(total, at(name, "Cost per productive month")).value
        near(per, totals.cost_per_productive_month[key], f"{name} per productive month, all positions")
        near(ws.cell(team, at(name, productive[name])).value, totals.months_to_team[key], f"{name} months to the team")
    best = min((v, i, k) for i, (k, v) in enumerate(totals.cost_per_productive_month.items()) if v is not None)[2]
    assert ws.cell(total, header["Cheapest per productive month"]).value == PATHS[best]
    claim = _find(ws, 1, "Saving against fully loaded permanent hiring")
    answer = next(c for c in range(1, ws.max_column + 1) if ws.cell(_find(ws, 1, "Claim"), c).value == "This workbook")
    near(ws.cell(claim, answer).value, totals.saving, "computed saving beside the vendor's 40 %")
    near(ws.cell(claim - 2, answer).value, totals.months_to_team["hire"], "computed months to a hired team beside the vendor's 9-12")
    return checked


def assert_locations_match(wb: Any, a: Assumptions) -> None:
    """The Locations table holds the model's locations, every row passes its check, and the
    Budget's money headers name the reporting currency."""
    from xl_aiteam.layout.sheets import locations

    ws = wb[SHEET["locations"]]
    C = locations.COLUMNS
    for i, place in enumerate(a.locations):
        r = locations.HEADER_ROW + 1 + i
        assert ws.cell(r, C["name"]).value == place.name
        assert ws.cell(r, C["currency"]).value == place.currency
        assert ws.cell(r, C["exchange_rate"]).value == place.exchange_rate
        assert ws.cell(r, C["check"]).value == 0, f"Locations {place.name} row check"
    assert ws.cell(locations.HEADER_ROW + 1 + len(a.locations), C["name"]).value in (None, "")
    budget = wb[SHEET["budget"]]
    head = _find(budget, 1, "Category")
    headers = [budget.cell(head, c).value for c in range(1, FIRST)]
    assert f"Rate ({a.currency})" in headers and f"Total ({a.currency})" in headers, headers


def _rows_by_id(ws: Worksheet, first: int, column: int) -> dict[str, int]:
    """Row of each ID in a column, from ``first`` down (empty slots may sit between them)."""
    found: dict[str, int] = {}
    for r in range(first, ws.max_row + 1):
        if ws.cell(r, column).value not in (None, ""):
            found.setdefault(str(ws.cell(r, column).value), r)
    return found


def risk_is_stale(wb: Any, a: Assumptions) -> bool:
    """Whether the inputs ``a`` (read back from the file) differ from those the Hiring risk figures came from."""
    from xl_aiteam.layout import Context
    from xl_aiteam.layout.sheets.risk import signature

    return bool(_named(wb, "RiskDigest") != signature(Context(build_plan(a))))


def assert_risk_matches_model(wb: Any, a: Assumptions) -> int:
    """The Hiring risk figures of a current workbook are the simulation's, run on the inputs read back."""
    from xl_aiteam.risk import risk_rows, simulate

    ws = wb[SHEET["risk"]]
    sim = simulate(build_plan(a))
    assert _named(wb, "RiskChanged") == 0 and ws.cell(_find(ws, 1, "Runs"), 2).value == sim.runs
    count = 0
    for row in risk_rows(sim):
        r = _find(ws, 1, row.label)
        for c, want in enumerate((row.plan, row.p10, row.p50, row.p90), start=3):
            _near(ws.cell(r, c).value, want, f"Hiring risk {row.label} column {c}")
            count += 1
    fan = sim.fan()
    for i, label in enumerate(("P10 of the runs", "P50 of the runs", "P90 of the runs")):
        r = _find(ws, 1, label)
        for m in range(sim.horizon):
            _near(ws.cell(r, FIRST + m).value, float(fan[i][m]), f"Hiring risk {label} month {m + 1}")
            count += 1
    return count


# every hiring mistake of the catalog has its row on the Checks sheet
_MODEL_CODES = {m.code for m in load_catalog().hiring.mistakes}
