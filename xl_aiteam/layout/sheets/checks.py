"""Checks: each hiring mistake a formula can test, four-function coverage, integrity checks, and the
plan check (``MasterCheck``) that Start and Summary show."""

from __future__ import annotations

from ..blocks import find, put_link
from ..common import fit_rows, title
from ..context import Context
from ..spec import FAIL, NOTE, PASS, CondFormat, Formula, SheetSpec
from ..variance import actuals_checks, actuals_flags
from ..workload_block import inputs_check
from .budget import BudgetRows
from .locations import location_checks
from .staffing import StaffingRows

__all__ = ["FIXES", "TITLE", "build", "result_colours"]

TITLE = "Checks"
# what to do about a Staffing row the planner cannot cost; `aiteam check` gives the same advice (xl_aiteam.bad_rows)
FIXES = {
    "UNKNOWN_ROLE": "Choose the role from the list in the Role column: the roles table on Assumptions names every role the planner knows.",
    "SALARY_MISSING": "Give the role a salary for that level on Assumptions, or choose a level the role has.",
}


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="A5", tab_color="C00000")
    title(s, "Checks", "1 in Flag means the check found a problem. Errors and warnings count against the plan check; notes do not.")
    for c, text in enumerate(["Code", "Check", "Severity", "Flag", "Result", "What to do", "Where the advice comes from"], start=1):
        s.put(4, c, text, "header")
    R = ctx.need(StaffingRows).column
    ctx.need(BudgetRows)  # its names (MonthlyTotal, BudgetDetail) must be defined before the checks use them
    mistakes = {m.code: m for m in ctx.catalog.hiring.mistakes}
    model_checks = {
        "DS_FIRST": f"=IF(AND(COUNT({R('ds_start')})>0,OR(COUNT({R('eng_start')})=0,MIN({R('ds_start')})<MIN({R('eng_start')}))),1,0)",
        "ALL_SENIOR": f'=IF(AND(SUM({R("technical")})>1,COUNTIFS({R("technical")},1,{R("level")},"senior")=SUM({R("technical")})),1,0)',
        "ALL_JUNIOR": f'=IF(AND(SUM({R("technical")})>0,COUNTIFS({R("technical")},1,{R("level")},"junior")=SUM({R("technical")})),1,0)',
        "MLOPS_LATE": f"=IF(AND(COUNT({R('mlops_start')})>0,MIN({R('mlops_start')})>MLOpsBy),1,0)",
        "NO_DATA_SCIENCE": f"=IF(SUM({R('cover_data_science')})<=0,1,0)",
        "NO_ML_ENGINEERING": f"=IF(SUM({R('cover_ml_engineering')})<=0,1,0)",
        "NO_INFRASTRUCTURE": f"=IF(SUM({R('cover_infrastructure')})<=0,1,0)",
        "NO_DOMAIN_EXPERT": f"=IF(SUM({R('cover_domain')})<=0,1,0)",
        "RESEARCH_LAB": f"=IF(AND(SUM({R('cover_ml_engineering')})>0,SUM({R('cover_data_science')})>SUM({R('cover_ml_engineering')})),1,0)",
        "PLATFORM_LATE": f"=IF(IF(COUNT({R('platform_start')})=0,SUMPRODUCT({R('fte')},{R('in_plan')}),"
        f'SUMIFS({R("fte")},{R("start_month")},"<"&MIN({R("platform_start")}),{R("in_plan")},1))'
        f">=PlatformThreshold,1,0)",
        "STARTS_AFTER_HORIZON": f'=IF(COUNTIFS({R("start_month")},">"&Horizon,{R("in_plan")},1)>0,1,0)',
        "END_BEFORE_START": f'=IF(SUMPRODUCT(({R("end_month")}<>"")*({R("end_month")}<{R("start_month")})*{R("in_plan")})>0,1,0)',
    }
    checks: list[tuple[str, str, str, str, str]] = [
        (code, mistakes[code].title, mistakes[code].severity, formula, mistakes[code].fix) for code, formula in model_checks.items()
    ]
    checks += [
        (
            "SEATS_BEYOND_ROWS",
            "Staffing has a row for every seat of the stage, size and products on Assumptions",
            "error",
            "=IF(TeamSize>SeatsPrepared,1,0)",
            "The team asks for more seats than Staffing has rows that follow the stage table: refill the workbook "
            "(aiteam fill, or Run main in Excel) to make room.",
        ),
        (
            "UNKNOWN_ROLE",
            "Every Staffing row names a role of the planner",
            "error",
            f'=IF(SUMPRODUCT(({R("role")}<>"")*ISNA(MATCH({R("role")},RoleNames,0)))>0,1,0)',
            FIXES["UNKNOWN_ROLE"],
        ),
        (
            "ROWS_BEYOND_BUDGET",
            "Every Staffing row has its rows on the Budget and the timeline",
            "error",
            f"=IF(ROWS({R('role')})>BudgetSlots,1,0)",
            "More rows were added to Staffing than the Budget has room for: refill the workbook (aiteam fill, or Run main).",
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
            FIXES["SALARY_MISSING"],
        ),
        *location_checks(R),
        (
            "WORKLOAD_INPUTS",
            "The workload table and GPU throughputs on Compute hold numbers the planner takes",
            "error",
            inputs_check(),
            "Type numbers in the workload table on Compute: parameters and tokens above 0, runs 0 or more, start month 1 or later, "
            "MFU above 0 and at most 100 %, every GPU's TFLOP/s above 0. Until then those rows count 0 GPU-hours.",
        ),
        (
            "RISK_STALE",
            "The Hiring risk figures come from the inputs now in the workbook",
            "info",
            "=IF(RiskChanged>0,1,0)",
            "An input changed since the simulation ran: refill the workbook (aiteam fill, or Run main in Excel) to run it again.",
        ),
        (
            "BUDGET_ADDS_UP",
            "Category totals add up to the detail rows",
            "error",
            "=IF(ABS(SUM(MonthlyTotal)-SUM(BudgetDetail))>Tolerance,1,0)",
            "A row was added or deleted inside the Budget detail: rebuild or refill the workbook.",
        ),
        (
            "PRINT_AREA",
            "The print areas cover the months of the horizon",
            "info",
            "=IF(PrintedMonths<>Horizon,1,0)",
            "The charts and figures follow the new horizon; the print areas do on a refill (aiteam fill, or Run main in Excel).",
        ),
        (
            "DECISION_WINDOW",
            "The hire-or-contract window is a whole number of months within the limit",
            "error",
            "=IF(BridgeWindowOK=1,0,1)",
            "Type a whole number of months from 1 to the limit shown on the Hire or contract sheet in Assumptions' decision window.",
        ),
    ]
    checks += actuals_checks()
    checks += [
        (
            "SCENARIO_UNKNOWN",
            "The Scenario on Assumptions is one of the scenarios on the Scenarios sheet",
            "error",
            "=IF(ScenarioColumn=0,1,0)",
            "Choose the scenario from the list in the Scenario cell on Assumptions; until then every sheet shows the base inputs.",
        ),
        (
            "SCENARIOS_STALE",
            "The scenario comparison was computed from the inputs as they are now",
            "info",
            "=ComparisonStale",
            "Inputs changed since the comparison was written: refill the workbook (aiteam fill, or Run main in Excel).",
        ),
    ]
    first = 5
    flagged = {code: int(code in ctx.figures.findings) for code in model_checks}  # the model's verdict on each
    flagged.update(actuals_flags(ctx))
    blocking = 0
    for i, (code, check, severity, formula, fix) in enumerate(checks):
        r = first + i
        # the integrity checks pass on what a build writes: the inputs were validated (the mix adds up, every
        # level has a salary), the totals add up, and Staffing holds the team of the basis on Assumptions
        flag = flagged.get(code, 0)
        blocking += flag if severity != "info" else 0
        s.put(r, 1, code, "label")
        s.put(r, 2, check, "wrap")
        s.put(r, 3, severity, "label")
        s.put(r, 4, Formula(formula), "calc", "int", cached=flag)
        result = "OK" if flag == 0 else "Note" if severity == "info" else "Check"
        s.put(r, 5, Formula(f'=IF(D{r}=0,"OK",IF(C{r}="info","Note","Check"))'), "check", cached=result)
        s.put(r, 6, fix, "wrap")
        see = mistakes[code].see if code in mistakes else None
        if see:
            put_link(s, r, 7, find(ctx, see))
    last = first + len(checks) - 1
    r = last + 2
    s.put(r, 1, "Plan check", "subtitle")
    s.put(r, 4, Formula(f'=SUMPRODUCT(D{first}:D{last},--(C{first}:C{last}<>"info"))'), "calc", "int", cached=blocking)
    s.put(r, 5, Formula(f'=IF(D{r}=0,"OK","Check")'), "check", cached="OK" if blocking == 0 else "Check")
    ctx.name("MasterCheck", s.name, r, 5)
    s.cond_formats += result_colours(f"E{first}:E{r}")
    s.widths.update({1: 22, 2: 46, 3: 9, 4: 6, 5: 8, 6: 84, 7: 40})
    fit_rows(s)
    s.print_area = f"A1:G{r}"
    return s


def result_colours(sqref: str) -> list[CondFormat]:
    """Green for OK, red for Check, amber for Note: one rule each (Excel compares text case-blind)."""
    return [CondFormat(sqref, "OK", *PASS), CondFormat(sqref, "Check", *FAIL), CondFormat(sqref, "Note", *NOTE)]
