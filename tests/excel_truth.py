"""Compare a workbook LibreOffice recalculated with the Python model, figure by figure.

The workbook's rows are found by their labels, not by the layout's own bookkeeping, so a
layout bug cannot hide itself. Money must agree to the cent (0.005).
"""

from __future__ import annotations

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
from xl_aiteam.plan import team_basis
from xl_aiteam.scenarios import in_effect

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


def _find(ws: Worksheet, column: int, text: str, start: int = 1) -> int:
    for r in range(start, ws.max_row + 1):
        if ws.cell(r, column).value == text:
            return r
    raise AssertionError(f"{ws.title}: no row labelled {text!r} in column {column}")


def assert_matches_model(wb: Any, a: Assumptions, *, catalog_labels: bool = True) -> dict[str, int]:
    """Every Staffing, Budget, Compute, Summary, Checks and playbook figure equals the model's."""
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
    for i, p in enumerate(plan.positions):
        r = 5 + i
        assert ws.cell(r, C["id"]).value == p.id
        if catalog_labels:  # a workbook of an earlier version keeps its own role table's labels
            assert ws.cell(r, C["function"]).value == FUNCTION_LABELS[p.function]
        near(ws.cell(r, C["start_month"]).value, p.start_month, f"Staffing {p.id} start month")
        assert _day(ws.cell(r, C["start_date"]).value) == plan.frame().loc[p.id, "start_date"], p.id
        near(ws.cell(r, C["productive_month"]).value, p.productive_month, f"Staffing {p.id} productive month")
        near(ws.cell(r, C["annual_salary"]).value, p.annual_salary, f"Staffing {p.id} salary")
        near(ws.cell(r, C["annual_cost"]).value, p.annual_cost, f"Staffing {p.id} loaded cost")
    assert ws.cell(5 + len(plan.positions), C["id"]).value in (None, "")

    # Budget: every detail row, every prepared month
    ws = wb[SHEET["budget"]]
    budget = project_budget(plan)
    head = _find(ws, 1, "Category")
    model_rows = {(str(cat), str(pos or line)): values for (cat, line, pos), values in zip(budget.index, budget.to_numpy(), strict=True)}
    seen = set()
    for r in range(head + 1, ws.max_row + 1):
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
    month = compute_cost(a)
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
        # the calculator prices from the GPU list, under the scenario's mix
        ml_cost(hours, rate=a.gpu_types[gpu].hourly_rate, pricing=pricing, utilisation=util, gpu_type=gpu, assumptions=in_effect(a)),
        "Compute quick calculator",
    )

    # Checks: each formula check says what check_plan says
    ws = wb[SHEET["checks"]]
    found = {f.code for f in check_plan(plan)}
    r = 5
    codes = set()
    while ws.cell(r, 1).value:
        code, flag = ws.cell(r, 1).value, ws.cell(r, 4).value
        codes.add(code)
        # model checks agree with check_plan; the workbook's integrity checks pass on valid inputs;
        # TEAM_BASIS notes Staffing rows made for another stage than the one now on Assumptions
        flagged = 1 if code in found else 0
        if code == "SCENARIOS_STALE":  # whether the comparison is stale: tests/test_scenarios_workbook.py
            r += 1
            continue
        if code == "TEAM_BASIS":
            flagged = int(wb[SHEET["staffing"]].cell(2, STAFFING_COLUMNS["manual"]).value != team_basis(a))
        assert flag == flagged, f"Checks {code}: workbook {flag}, model {'flags' if flagged else 'passes'}"
        counts["figures"] += 1
        r += 1
    assert codes >= _MODEL_CODES
    blocking = any(f.severity != "info" for f in check_plan(plan))
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
    for i, pid in enumerate(grid.index):
        for m, label in enumerate(months):
            got = ws.cell(head + 1 + i, FIRST + m).value or ""
            assert got == GRID.get(grid.loc[pid, label], ""), f"timeline {pid} {label}: {got!r}"
    return counts


# every hiring mistake of the catalog has its row on the Checks sheet
_MODEL_CODES = {m.code for m in load_catalog().hiring.mistakes}
