"""The workbook's live formulas, recalculated by LibreOffice, equal the Python model to the cent.

One LibreOffice run recalculates the committed workbooks (three stage templates and the
.xlsm) and copies of them in which a user changed inputs; each result is compared with
the model run on the inputs read back from that file.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.formula.translate import Translator
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import range_boundaries

from xl_aiteam import Assumptions, InputError
from xl_aiteam.adapters.libreoffice import recalculate
from xl_aiteam.layout import FIRST as FIRST_MONTH
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.seats import team_of
from xl_aiteam.workbook import committed_workbooks, fill_workbook, quickstart_path, read_assumptions, regenerate, workbook_parts

from .excel_truth import assert_matches_model, error_cells
from .excel_truth import input_cell as _cell

pytestmark = pytest.mark.libreoffice

COMMITTED = committed_workbooks()
XLSM = next(p for p in COMMITTED if p.suffix == ".xlsm")
STAGE = {a.stage: p for p, a in COMMITTED.items() if p.suffix == ".xlsx"}


def _role_row(wb: Any, role_name: str) -> int:
    first = _cell(wb, "RoleNames").row
    ws = wb[SHEET["inputs"]]
    return next(r for r in range(first, first + 50) if ws.cell(r, 1).value == role_name)


def _staffing(wb: Any, position: str, key: str, value: Any) -> None:
    ws = wb[SHEET["staffing"]]
    row = next(r for r in range(5, ws.max_row + 1) if ws.cell(r, 1).value == position)
    ws.cell(row, STAFFING_COLUMNS[key]).value = value


def salary(wb: Any) -> None:
    wb[SHEET["inputs"]].cell(_role_row(wb, "ML engineer"), _cell(wb, "SalaryTable").column + 2).value = 333_333.33


def start_date(wb: Any) -> None:
    _cell(wb, "StartDate").value = date(2027, 4, 15)


def fte(wb: Any) -> None:
    _staffing(wb, "P02", "fte", 0.5)
    _staffing(wb, "P05", "fte", 0.8)


def gpu_rate(wb: Any) -> None:
    _cell(wb, "GpuRates").value = 7.25  # the first GPU, the one selected


def multiplier(wb: Any) -> None:
    _cell(wb, "LoadedMultiplier").value = 1.4


def horizon_36(wb: Any) -> None:
    _cell(wb, "Horizon").value = 36


def horizon_7(wb: Any) -> None:
    _cell(wb, "Horizon").value = 7


def many(wb: Any) -> None:
    """A stage 3 plan reworked: a contractor, a junior, an earlier search, other rates and mix."""
    _staffing(wb, "P03", "employment", "contractor")
    _staffing(wb, "P06", "level", "junior")
    _staffing(wb, "P20", "search_month", 2)
    _cell(wb, "Attrition").value = 0.2
    _cell(wb, "AnnualRaise").value = 0.045
    _cell(wb, "MixOnDemand").value = 0.2
    _cell(wb, "MixReserved").value = 0.5
    _cell(wb, "MixSpot").value = 0.3
    _cell(wb, "ComputeStartMonth").value = 4
    _cell(wb, "GpuType").value = "aws_a100_80gb"
    _cell(wb, "Horizon").value = 60


def mistakes(wb: Any) -> None:
    """A data scientist first and MLOps late: the Checks sheet must flag what check_plan flags."""
    _staffing(wb, "P07", "search_month", 1)  # a data scientist from month 3...
    _staffing(wb, "P01", "search_month", 4)  # ...before the first engineer (month 5)
    _staffing(wb, "P06", "search_month", 10)  # MLOps starts in month 12


def stage_only(wb: Any) -> None:
    """A new stage typed on Assumptions, no refill: the rows that follow the stage table change at once."""
    _cell(wb, "Stage").value = 1


def existing(wb: Any) -> None:
    """Two people already on the payroll: one from month 1, one joining the plan in month 4."""
    _staffing(wb, "P02", "employment", "existing")
    _staffing(wb, "P02", "search_month", 1)
    _staffing(wb, "P07", "employment", "existing")
    _staffing(wb, "P07", "search_month", 4)


def contract_then_hire(wb: Any) -> None:
    """A contractor bridges until the permanent hire starts; a fixed-term role ends."""
    _staffing(wb, "P01", "employment", "contractor")
    _staffing(wb, "P01", "end_month", 5)
    _staffing(wb, "P03", "search_month", 1)  # the permanent hire, who starts in month 3
    _staffing(wb, "P09", "end_month", 14)


def hiring_delay(wb: Any) -> None:
    _cell(wb, "HiringDelay").value = 2


def workload(wb: Any) -> None:
    """The workload table edited on Compute: fine-tuning runs and start, MFU, a GPU's throughput, the scale."""
    at = _cell(wb, "WorkloadFineTuningStart")
    ws = at.parent
    ws.cell(at.row, at.column - 1).value = 10  # runs a month
    at.value = 9  # start month
    _cell(wb, "WorkloadMfu").value = 0.35
    _cell(wb, "GpuPeakTflops").value = 900  # the first GPU, the one selected
    _cell(wb, "WorkloadScale").value = 1.5


def hires_later(wb: Any) -> None:
    """Every search opens five months later: no ML practitioner is productive, so no compute, until then."""
    _cell(wb, "HiringDelay").value = 5


def _compute_starts_later(a: Assumptions) -> bool:
    from xl_aiteam import build_plan
    from xl_aiteam.workload import workload_months

    first = int(workload_months(build_plan(a)).team_on.argmax())
    return a.hiring_delay_months == 5 and first == int(workload_months(build_plan(Assumptions())).team_on.argmax()) + 5


def fiscal_april(wb: Any) -> None:
    _cell(wb, "FiscalYearStart").value = 4
    _cell(wb, "Horizon").value = 30


def risk_seed(wb: Any) -> None:
    """Another seed for the simulation: its figures are stale until a refill runs it again."""
    _cell(wb, "RiskSeed").value = 7


def end_before_start(wb: Any) -> None:
    _staffing(wb, "P04", "end_month", 2)  # P04 starts in month 5


def _location(wb: Any, name: str, key: str, value: Any) -> None:
    """Type ``value`` into the ``key`` column of a row of the Locations table, found by its name."""
    from xl_aiteam.layout.sheets import locations

    ws = wb[SHEET["locations"]]
    row = next(r for r in range(locations.HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 1).value == name)
    ws.cell(row, locations.COLUMNS[key]).value = value


def berlin_eur(wb: Any) -> None:
    """A plan reported in euros: the rates restated to EUR, a salaried and a contracted position in Berlin."""
    _cell(wb, "Currency").value = "EUR"
    for name, rate in (("United States", 0.87), ("Berlin", 1), ("London", 1.13), ("Toronto", 0.63)):
        _location(wb, name, "exchange_rate", rate)
    _location(wb, "Berlin", "pay_multiplier", 0.47)
    _staffing(wb, "P02", "location", "Berlin")
    _staffing(wb, "P05", "location", "Berlin")
    _staffing(wb, "P05", "employment", "contractor")


def london_usd(wb: Any) -> None:
    """A dollar plan with one position in London, and a contractor there."""
    _staffing(wb, "P04", "location", "London")
    _staffing(wb, "P03", "location", "London")
    _staffing(wb, "P03", "employment", "contractor")


def location_added(wb: Any) -> None:
    """A location typed under the Locations table, which Excel takes into it, and a position moved there."""
    from xl_aiteam.layout.sheets import locations

    ws = wb[SHEET["locations"]]
    table = ws.tables["LocationsTable"]
    _, header, last_col, last = range_boundaries(table.ref)
    for key, value in (("name", "Paris"), ("currency", "EUR"), ("pay_multiplier", 0.5), ("exchange_rate", 1.15), ("source", "survey")):
        ws.cell(last + 1, locations.COLUMNS[key]).value = value
    check = ws.cell(last, locations.COLUMNS["check"])
    ws.cell(last + 1, check.column).value = Translator(check.value, origin=check.coordinate).translate_formula(
        ws.cell(last + 1, check.column).coordinate
    )
    table.ref = f"A{header}:{get_column_letter(last_col)}{last + 1}"
    _staffing(wb, "P06", "location", "Paris")


def _table_rows(wb: Any) -> tuple[Any, Any, int, int]:
    ws = wb[SHEET["staffing"]]
    table = ws.tables["StaffingTable"]
    _, header, _, last = range_boundaries(table.ref)
    return ws, table, header, last


def _copy_row(ws: Any, source: int, target: int) -> None:
    """What Excel does to a table row: inputs are values, calculated columns carry their formula down."""
    for c in range(1, max(STAFFING_COLUMNS.values()) + 1):
        value = ws.cell(source, c).value
        if isinstance(value, str) and value.startswith("="):
            value = Translator(value, origin=ws.cell(source, c).coordinate).translate_formula(ws.cell(target, c).coordinate)
        ws.cell(target, c).value = value


def row_added(wb: Any) -> None:
    """A position typed under the Staffing table, which Excel takes into the table."""
    ws, table, header, last = _table_rows(wb)
    _copy_row(ws, last, last + 1)
    number = last - header + 1
    for key, value in (("id", f"P{number:02d}"), ("role", "Research engineer"), ("label", ""), ("level", "mid"), ("fte", 1)):
        ws.cell(last + 1, STAFFING_COLUMNS[key]).value = value
    for key, value in (("employment", "permanent"), ("search_month", 2), ("group", ""), ("manual", "yes"), ("notes", "")):
        ws.cell(last + 1, STAFFING_COLUMNS[key]).value = value
    ws.cell(last + 1, STAFFING_COLUMNS["seat"]).value = None  # Excel carries no constant into a new row: it is the user's own
    table.ref = f"A{header}:{get_column_letter(max(STAFFING_COLUMNS.values()))}{last + 1}"


def row_deleted(wb: Any) -> None:
    """A position deleted from the middle of the table: the rows below move up, the table shrinks."""
    ws, table, header, last = _table_rows(wb)
    gone = next(r for r in range(header + 1, last + 1) if ws.cell(r, 1).value == "P05")
    for r in range(gone, last):
        _copy_row(ws, r + 1, r)
    for c in range(1, max(STAFFING_COLUMNS.values()) + 1):
        ws.cell(last, c).value = None
    table.ref = f"A{header}:{get_column_letter(max(STAFFING_COLUMNS.values()))}{last - 1}"


def bridge_rate_window(wb: Any) -> None:
    """Hire or contract: a cheaper ML engineer contractor, and an 18-month window."""
    wb[SHEET["inputs"]].cell(_role_row(wb, "ML engineer"), _cell(wb, "RoleContractorRate").column).value = 95.5
    _cell(wb, "DecisionWindow").value = 18


def bridge_short_window(wb: Any) -> None:
    """A two-month window (most paths deliver no work in it), slower ramp-ups, a slower contractor."""
    _cell(wb, "DecisionWindow").value = 2
    _cell(wb, "RampUpProductivity").value = 0.25
    _cell(wb, "ContractorTimeToFill").value = 0


def xlsm_edit(wb: Any) -> None:
    salary(wb)
    _cell(wb, "Horizon").value = 30


EDITS: dict[str, tuple[Path, Callable[[Any], None], Callable[[Assumptions], bool]]] = {
    "salary": (STAGE[2], salary, lambda a: a.salary("ml_engineer", "senior") == 333_333.33),
    "start_date": (STAGE[2], start_date, lambda a: a.start_date == date(2027, 4, 15)),
    "fte": (STAGE[1], fte, lambda a: a.team is not None and a.team[1].fte == 0.5 and a.team[4].fte == 0.8),
    "gpu_rate": (STAGE[2], gpu_rate, lambda a: a.gpu.hourly_rate == 7.25),
    "multiplier": (STAGE[2], multiplier, lambda a: a.loaded_multiplier == 1.4),
    "horizon_36": (STAGE[2], horizon_36, lambda a: a.horizon_months == 36),
    "horizon_7": (STAGE[3], horizon_7, lambda a: a.horizon_months == 7),
    "many": (
        STAGE[3],
        many,
        lambda a: a.team is not None and a.team[2].employment == "contractor" and a.gpu_type == "aws_a100_80gb",
    ),
    "mistakes": (STAGE[2], mistakes, lambda a: a.team is not None and a.team[6].search_month == 1),
    "xlsm": (XLSM, xlsm_edit, lambda a: a.horizon_months == 30),
    "stage_only": (STAGE[2], stage_only, lambda a: a.stage == 1 and a.team is not None and len(a.team) == 6),
    "existing": (STAGE[2], existing, lambda a: a.team is not None and a.team[1].employment == "existing" and a.team[6].search_month == 4),
    "contract_then_hire": (STAGE[2], contract_then_hire, lambda a: a.team is not None and a.team[0].end_month == 5),
    "hiring_delay": (STAGE[3], hiring_delay, lambda a: a.hiring_delay_months == 2),
    "fiscal_april": (STAGE[2], fiscal_april, lambda a: a.fiscal_year_start == 4),
    "workload": (
        STAGE[2],
        workload,
        lambda a: (a.workloads["fine_tuning"].runs_per_month, a.mfu, a.gpu.peak_tflops, a.workload_scale) == (10, 0.35, 900, 1.5),
    ),
    "hires_later": (STAGE[2], hires_later, _compute_starts_later),
    "end_before_start": (STAGE[2], end_before_start, lambda a: a.team is not None and a.team[3].end_month == 2),
    "berlin_eur": (
        STAGE[2],
        berlin_eur,
        lambda a: a.currency == "EUR" and a.team is not None and a.team[1].location == a.team[4].location == "Berlin",
    ),
    "london_usd": (STAGE[2], london_usd, lambda a: a.currency == "USD" and a.team is not None and a.team[3].location == "London"),
    "location_added": (STAGE[3], location_added, lambda a: a.team is not None and a.team[5].location == "Paris" and len(a.locations) == 5),
    "risk_seed": (STAGE[2], risk_seed, lambda a: a.risk_seed == 7),
    "row_added": (STAGE[2], row_added, lambda a: a.team is not None and len(a.team) == 12 and a.team[11].role == "research_engineer"),
    "row_deleted": (STAGE[3], row_deleted, lambda a: a.team is not None and len(a.team) == 21 and "P05" not in {t.id for t in a.team}),
    "bridge_rate_window": (
        STAGE[2],
        bridge_rate_window,
        lambda a: a.decision_window_months == 18 and a.terms("ml_engineer").contractor_hourly_rate == 95.5,
    ),
    "bridge_short_window": (STAGE[3], bridge_short_window, lambda a: a.decision_window_months == 2 and a.ramp_up_productivity == 0.25),
}


def _filled_after_edits(path: Path) -> None:
    from .test_macros import user_edits

    user_edits(path)
    fill_workbook(path)
    fill_workbook(path)


def _filled_after_stage_change(path: Path) -> None:
    wb = load_workbook(path)
    wb[SHEET["staffing"]].cell(7, STAFFING_COLUMNS["level"]).value = "junior"  # typed over a seat's level: it stays
    _cell(wb, "Stage").value = 3
    _cell(wb, "Products").value = 3
    wb.save(path)
    fill_workbook(path)


EARLIER = Path(__file__).parent / "fixtures" / "AITeamPlanner-stage2-0.1.xlsx"  # as version 0.1 built it


def _filled_as_it_is(path: Path) -> None:
    fill_workbook(path)


# files the refill macro wrote (through the openpyxl adapter, as `aiteam fill` does)
FILLED: dict[str, tuple[Path, Callable[[Path], None]]] = {
    "filled-earlier-version": (EARLIER, _filled_as_it_is),
    "filled-xlsm": (XLSM, _filled_after_edits),
    "filled-stage-change": (STAGE[2], _filled_after_stage_change),
}


@pytest.fixture(scope="session")
def workbook_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Copies of every committed workbook, and the copies a user edited or the refill wrote."""
    src = tmp_path_factory.mktemp("workbooks")
    files: dict[str, Path] = {}
    for path in COMMITTED:
        files[path.stem + path.suffix.replace(".", "-")] = Path(shutil.copy(path, src / f"{path.stem}{path.suffix}"))
    for name, (base, edit, _) in EDITS.items():
        wb = load_workbook(base, keep_vba=base.suffix == ".xlsm")
        edit(wb)
        target = src / f"edit-{name}{base.suffix}"
        wb.save(target)
        files[f"edit-{name}"] = target
    for name, (base, prepare) in FILLED.items():
        target = Path(shutil.copy(base, src / f"{name}{base.suffix}"))
        prepare(target)
        files[name] = target
    wb = load_workbook(STAGE[1])
    for _ in range(11):  # one more than the Budget's spare rows
        row_added(wb)
    wb.save(src / "beyond.xlsx")
    files["beyond"] = src / "beyond.xlsx"
    wb = load_workbook(STAGE[2])
    _staffing(wb, "P04", "role", "Prompt whisperer")  # a role the planner does not know
    _staffing(wb, "P05", "level", "principal")  # a level no role has
    wb.save(src / "unknown.xlsx")
    files["unknown"] = src / "unknown.xlsx"
    wb = load_workbook(STAGE[2])
    for name, key, value in BAD_LOCATIONS:
        _location(wb, name, key, value)
    _staffing(wb, "P03", "location", "Paris")  # a location the table does not list
    wb.save(src / "bad-locations.xlsx")
    files["bad-locations"] = src / "bad-locations.xlsx"
    wb = load_workbook(STAGE[2])
    _cell(wb, "WorkloadMfu").value = 0  # outside (0, 1]
    _cell(wb, "WorkloadParams").value = "seven billion"  # text in a number cell
    _cell(wb, "WorkloadExperimentHours").value = "lots"
    wb.save(src / "bad-workload.xlsx")
    files["bad-workload"] = src / "bad-workload.xlsx"
    wb = load_workbook(STAGE[2])
    _cell(wb, "Currency").value = "euro"  # not a code: the model refuses it, the Checks sheet flags it
    wb.save(src / "bad-currency.xlsx")
    files["bad-currency"] = src / "bad-currency.xlsx"
    for name, window in BAD_WINDOWS.items():  # a decision window the planner refuses, typed past the cell's validation
        wb = load_workbook(STAGE[2])
        _cell(wb, "DecisionWindow").value = window
        wb.save(src / f"{name}.xlsx")
        files[name] = src / f"{name}.xlsx"
    return files


BAD_LOCATIONS = (
    ("Berlin", "exchange_rate", 0),  # a rate of zero
    ("London", "exchange_rate", "one point three"),  # text for a rate
    ("Toronto", "currency", "cad"),  # not three capital letters
    ("United States", "exchange_rate", -1),  # a negative rate, and not 1 in the reporting currency
)


@pytest.fixture(scope="session")
def recalculated(tmp_path_factory: pytest.TempPathFactory, workbook_files: dict[str, Path]) -> dict[str, tuple[Path, Assumptions]]:
    """Every committed workbook and every edited copy, recalculated in one LibreOffice run."""
    files = workbook_files
    outs = recalculate(list(files.values()), tmp_path_factory.mktemp("recalculated"))
    # the model refuses a file with a role it does not know (one line): that file's inputs are not compared
    return {
        key: (out, read_assumptions(path) if key not in UNREADABLE else Assumptions())
        for (key, path), out in zip(files.items(), outs, strict=True)
    }


BAD_WINDOWS: dict[str, Any] = {"window-text": "twelve", "window-zero": 0, "window-long": 61, "window-part": 2.5}
UNREADABLE = {"unknown", "bad-locations", "bad-workload", "bad-currency", *BAD_WINDOWS}


def _refused(recalculated: dict[str, tuple[Path, Assumptions]], files: dict[str, Path], key: str, message: str) -> dict[Any, Any]:
    """A file whose inputs the model refuses: no error value anywhere, the plan check says Check, the
    model's one line says ``message``. Returns the flags on Checks by code."""
    out, _ = recalculated[key]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    ws = wb[SHEET["checks"]]
    assert wb[SHEET["start"]]["B4"].value == "Check"
    with pytest.raises(InputError, match=message):
        read_assumptions(files[key])
    return {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 30) if ws.cell(r, 1).value}


def test_a_workload_input_the_planner_refuses_is_flagged_and_shows_no_error_value(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path]
) -> None:
    flags = _refused(recalculated, workbook_files, "bad-workload", r"bad-workload.xlsx.mfu = 0 is not allowed: must be a number > 0")
    assert flags["WORKLOAD_INPUTS"] == 1


def test_bad_locations_are_flagged_on_checks_show_no_error_value_and_stay_as_typed(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path]
) -> None:
    from xl_aiteam.layout.sheets import locations

    out, _ = recalculated["bad-locations"]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    ws = wb[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 40) if ws.cell(r, 1).value}
    assert flags["LOCATION_TABLE"] == 1 and flags["UNKNOWN_LOCATION"] == 1 and flags["REPORTING_CURRENCY"] == 0
    assert wb[SHEET["start"]]["B4"].value == "Check"
    table = wb[SHEET["locations"]]
    rows = {table.cell(r, 1).value: r for r in range(locations.HEADER_ROW + 1, table.max_row + 1)}
    for name, key, value in BAD_LOCATIONS:  # nothing typed was changed, and each bad row is flagged
        assert table.cell(rows[name], locations.COLUMNS[key]).value == value, (name, key)
        assert table.cell(rows[name], locations.COLUMNS["check"]).value == 1, name
    refusal = r"bad-locations.xlsx Locations row 7 exchange_rate = -1 is not allowed: must be a number > 0"
    with pytest.raises(InputError, match=refusal) as refused:
        read_assumptions(workbook_files["bad-locations"])
    assert "\n" not in str(refused.value)


def test_a_currency_that_is_not_three_capital_letters_is_flagged_and_shows_no_error_value(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path]
) -> None:
    flags = _refused(recalculated, workbook_files, "bad-currency", r"currency = 'euro' is not allowed: must be three capital letters")
    assert flags["CURRENCY_CODE"] == 1
    out, _ = recalculated["edit-berlin_eur"]  # EUR: a code
    ws = load_workbook(out, data_only=True)[SHEET["checks"]]
    assert {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 40)}["CURRENCY_CODE"] == 0


def test_a_eur_workbook_prices_compute_and_storage_in_euros_to_the_cent(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    """The Berlin plan in euros: GPU and storage prices, typed in dollars, converted by the base
    location's rate (0.87) on Compute and in the Budget's compute and storage rows, as the model has them."""
    from xl_aiteam import build_plan, project_budget
    from xl_aiteam.locations import price_in_currency

    out, a = recalculated["edit-berlin_eur"]
    assert a.currency == "EUR" and a.locations[0].exchange_rate == 0.87
    wb = load_workbook(out, data_only=True)
    compute = wb[SHEET["compute"]]
    rows = {compute.cell(r, 2).value: r for r in range(4, compute.max_row + 1) if compute.cell(r, 2).value}
    assert compute.cell(3, 4).value == "In the reporting currency (EUR)"
    rate, storage = rows["On-demand rate per GPU-hour (USD, as listed)"], rows["Storage price per TB-month (USD, on Assumptions)"]
    assert compute.cell(rate, 3).value == a.gpu.hourly_rate and compute.cell(storage, 3).value == a.storage_price_per_tb_month
    assert compute.cell(rate, 4).value == price_in_currency(a.gpu.hourly_rate, a) == round(a.gpu.hourly_rate * 0.87, 2)
    assert (
        compute.cell(storage, 4).value
        == price_in_currency(a.storage_price_per_tb_month, a)
        == round(a.storage_price_per_tb_month * 0.87, 2)
    )
    budget = project_budget(build_plan(a))
    lines = {(cat, line): values for (cat, line, _), values in zip(budget.index, budget.to_numpy(), strict=True)}
    ws = wb[SHEET["budget"]]
    wanted = {("Compute", "Training"), ("Compute", "Inference"), ("Compute", "Data processing"), ("Storage", "Storage")}
    found: dict[tuple[Any, Any], int] = {}
    for r in range(38, ws.max_row + 1):  # the first rows of these names: the detail, above the actuals block
        found.setdefault((ws.cell(r, 1).value, ws.cell(r, 2).value), r)
    found = {key: r for key, r in found.items() if key in wanted}
    assert set(found) == wanted
    dollars = load_workbook(STAGE[2], data_only=True)[SHEET["budget"]]  # the same rows in the committed dollar plan
    for (category, line), r in found.items():
        want = lines[(category, line)]
        got = [ws.cell(r, FIRST_MONTH + m).value for m in range(a.horizon_months)]
        assert all(abs(g - float(w)) < 0.005 for g, w in zip(got, want, strict=True)), (category, line)
        usd = [dollars.cell(r, FIRST_MONTH + m).value for m in range(a.horizon_months)]
        assert sum(got) > 0 and sum(got) < sum(usd), f"{line}: not in euros"


@pytest.mark.parametrize("name", list(BAD_WINDOWS))
def test_a_bad_decision_window_is_a_checks_finding_with_no_error_value(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path], name: str
) -> None:
    out, _ = recalculated[name]
    wb = load_workbook(out, data_only=True)
    assert error_cells(wb) == []
    ws = wb[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 40) if ws.cell(r, 1).value}
    assert flags["DECISION_WINDOW"] == 1 and wb[SHEET["start"]]["B4"].value == "Check"
    bridge = wb[SHEET["bridge"]]
    statuses = {bridge.cell(r, 6).value for r in range(30, 50)} - {None, ""}
    assert statuses == {"no figures"}  # and no figure in any row
    with pytest.raises(InputError, match=r"DecisionWindow|decision_window_months"):
        read_assumptions(workbook_files[name])


def test_a_role_or_level_the_planner_does_not_know_is_flagged_and_shows_no_error_value(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path]
) -> None:
    flags = _refused(recalculated, workbook_files, "unknown", "Staffing row 8 role = 'Prompt whisperer' is not allowed")
    assert flags["UNKNOWN_ROLE"] == 1 and flags["SALARY_MISSING"] == 1


@pytest.mark.parametrize("path", list(COMMITTED), ids=lambda p: p.name)
def test_committed_workbook_equals_the_model(recalculated: dict[str, tuple[Path, Assumptions]], path: Path) -> None:
    out, a = recalculated[path.stem + path.suffix.replace(".", "-")]
    assert a.model_dump(exclude={"team"}) == COMMITTED[path].model_dump(exclude={"team"})
    counts = assert_matches_model(load_workbook(out, data_only=True), a)
    assert counts["figures"] > 1000


@pytest.mark.parametrize("name", list(EDITS))
def test_after_a_user_edits_inputs_the_workbook_still_equals_the_model(
    recalculated: dict[str, tuple[Path, Assumptions]], name: str
) -> None:
    out, a = recalculated[f"edit-{name}"]
    assert EDITS[name][2](a), "the edit did not reach the inputs read back from the file"
    assert_matches_model(load_workbook(out, data_only=True), a)


def test_the_hiring_risk_figures_are_current_when_built_or_refilled_and_stale_after_any_edit(
    recalculated: dict[str, tuple[Path, Assumptions]],
) -> None:
    """LibreOffice's live signature check: off in every fresh build and refill, on after every user edit."""
    seen: dict[bool, int] = {}
    for key, (out, _) in recalculated.items():
        wb = load_workbook(out, data_only=True)
        ws = wb[SHEET["checks"]]
        flag = next(ws.cell(r, 4).value for r in range(5, 40) if ws.cell(r, 1).value == "RISK_STALE")
        status = wb[SHEET["risk"]].cell(_cell(wb, "RiskChanged").row + 1, 2).value
        edited = key.startswith(("edit-", "bad-")) or key in ("beyond", *UNREADABLE)  # every file a user changed, readable or not
        assert (flag, status) == ((1, "Stale") if edited else (0, "OK")), key
        seen[edited] = seen.get(edited, 0) + 1
    assert seen[True] >= len(EDITS) and seen[False] >= len(COMMITTED) + len(FILLED)


@pytest.mark.parametrize("name", list(FILLED))
def test_a_refilled_workbook_still_equals_the_model(recalculated: dict[str, tuple[Path, Assumptions]], name: str) -> None:
    out, a = recalculated[name]
    if name == "filled-earlier-version":  # made by version 0.1: new sheets and inputs added, its role table kept
        wb = load_workbook(out, data_only=True)
        assert {"Roles", "Team structure", "Model lifecycle", "Locations"} <= set(wb.sheetnames)
        assert a.fiscal_year_start == 1 and a.hiring_delay_months == 0
        assert a.locations == Assumptions().locations and all(line.location == "" for line in a.team or [])
        assert_matches_model(wb, a, catalog_labels=False)
        return
    if name == "filled-stage-change":  # the stage 3 team of 3 products, seat 3's level as typed
        assert [line.seat for line in a.team or []] == list(range(1, len(team_of(3, "low", 3)) + 1)) and (a.team or [])[2].level == "junior"
    else:
        assert any(line.manual for line in a.team or [])
    assert_matches_model(load_workbook(out, data_only=True), a)


def test_a_stage_change_without_refill_changes_the_team(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["edit-stage_only"]
    wb = load_workbook(out, data_only=True)
    ws = wb[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: (ws.cell(r, 4).value, ws.cell(r, 5).value) for r in range(5, 30) if ws.cell(r, 1).value}
    assert flags["SEATS_BEYOND_ROWS"] == (0, "OK")
    assert wb[SHEET["start"]]["B3"].value.startswith("Stage 1: 6 positions")
    assert "stage 1" in wb[SHEET["start"]]["A2"].value


def test_people_already_employed_cost_no_fee_and_are_there_from_their_month(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["edit-existing"]
    wb = load_workbook(out, data_only=True)
    staffing = wb[SHEET["staffing"]]
    row = next(r for r in range(5, 30) if staffing.cell(r, 1).value == "P07")
    C = STAFFING_COLUMNS
    assert (staffing.cell(row, C["start_month"]).value, staffing.cell(row, C["productive_month"]).value) == (4, 4)
    timeline = wb[SHEET["timeline"]]
    grid = next(r for r in range(11, 40) if timeline.cell(r, 1).value == "P07")
    first = FIRST_MONTH
    assert [timeline.cell(grid, first + m).value or "" for m in range(5)] == ["", "", "", "O", "O"]  # no search, no ramp-up


def test_a_contractor_who_bridges_stops_costing_after_the_end_month(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["edit-contract_then_hire"]
    ws = load_workbook(out, data_only=True)[SHEET["budget"]]
    row = next(r for r in range(38, 80) if ws.cell(r, 1).value == "Contractors" and ws.cell(r, 3).value == "P01")
    paid = [ws.cell(row, FIRST_MONTH + m).value for m in range(8)]
    assert paid[:1] == [0] and all(v > 0 for v in paid[1:5]) and paid[5:] == [0, 0, 0]


def test_a_row_added_to_the_staffing_table_is_costed_everywhere(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["edit-row_added"]
    wb = load_workbook(out, data_only=True)
    assert wb[SHEET["summary"]]["B4"].value == 12  # the Summary counts it
    ws = wb[SHEET["budget"]]
    rows = {(ws.cell(r, 1).value, ws.cell(r, 3).value) for r in range(38, ws.max_row + 1)}
    staffing = wb[SHEET["staffing"]]
    added = next(r for r in range(5, staffing.max_row + 1) if staffing.cell(r, STAFFING_COLUMNS["role"]).value == "Research engineer")
    assert {("Personnel", staffing.cell(added, 1).value), ("Recruiting", staffing.cell(added, 1).value)} <= rows
    assert staffing.cell(added, STAFFING_COLUMNS["start_month"]).value == 4  # searched in month 2, two to fill


def test_more_rows_than_the_budget_has_room_for_are_flagged_not_dropped_silently(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["beyond"]
    wb = load_workbook(out, data_only=True)
    ws = wb[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 30) if ws.cell(r, 1).value}
    assert flags["ROWS_BEYOND_BUDGET"] == 1
    assert wb[SHEET["start"]]["B4"].value == "Check"


def test_the_mistakes_edit_is_flagged_on_the_checks_sheet(recalculated: dict[str, tuple[Path, Assumptions]]) -> None:
    out, _ = recalculated["edit-mistakes"]
    ws = load_workbook(out, data_only=True)[SHEET["checks"]]
    flags = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(5, 25) if ws.cell(r, 1).value}
    assert flags["DS_FIRST"] == 1 and flags["MLOPS_LATE"] == 1
    assert load_workbook(out, data_only=True)[SHEET["start"]]["B4"].value == "Check"


def test_committed_workbooks_are_not_stale(tmp_path: Path) -> None:
    """`aiteam templates` rebuilds them; a change to the model or layout must be followed by it."""
    for fresh in regenerate(tmp_path):
        committed = Path(__file__).resolve().parents[1] / fresh.relative_to(tmp_path)
        assert committed.exists(), f"{committed.name} is missing: run 'aiteam templates'"
        assert workbook_parts(fresh) == workbook_parts(committed), f"{committed.name} is stale: run 'aiteam templates'"


def test_the_xlsm_keeps_the_quickstart_vba_and_an_xlwings_conf_sheet() -> None:
    with zipfile.ZipFile(XLSM) as z, zipfile.ZipFile(quickstart_path()) as q:
        assert z.read("xl/vbaProject.bin") == q.read("xl/vbaProject.bin")
    wb = load_workbook(XLSM, keep_vba=True)
    conf = wb["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "aiteam_udfs")
    assert conf["A2"].value is None  # no blank keys that would override the user's add-in settings
    assert wb.sheetnames[0] == SHEET["start"] and wb.sheetnames[-1] == "xlwings.conf"


FORBIDDEN = (
    "XLOOKUP",
    "XMATCH",
    "LET",
    "LAMBDA",
    "FILTER",
    "SEQUENCE",
    "UNIQUE",
    "SORT",
    "SORTBY",
    "TEXTJOIN",
    "IFS",
    "SWITCH",
    "MAXIFS",
    "MINIFS",
    "CONCAT",
    "OFFSET",
    "INDIRECT",
    "TODAY",
    "NOW",
    "RAND",
    "RANDBETWEEN",
    "CELL",
    "INFO",
)
NUMBER = re.compile(r"(?<![A-Za-z_$\d.:])(\d+\.?\d*)(?![\d(A-Za-z_])")


def _formulas(path: Path) -> list[tuple[str, str]]:
    wb = load_workbook(path)
    return [
        (f"{ws.title}!{c.coordinate}", c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    ]


@pytest.mark.parametrize("path", list(COMMITTED), ids=lambda p: p.name)
def test_formulas_are_portable_non_volatile_and_have_no_typed_numbers(path: Path) -> None:
    formulas = _formulas(path)
    assert len(formulas) > 2500
    for where, f in formulas:
        code = re.sub(r'"[^"]*"', '""', f)  # text in quotes is not code
        called = set(re.findall(r"([A-Z][A-Z0-9.]*)\(", code))
        assert not called & set(FORBIDDEN), f"{where}: {called & set(FORBIDDEN)} in {f}"
        bare = re.sub(r"'[^']*'!", "", code)  # sheet names
        numbers = [n for n in NUMBER.findall(bare.replace("ROUND(", "ROUND[")) if n not in ("0", "1")]
        numbers = [n for n in numbers if not (n == "2" and re.search(r",2\)", bare))]
        assert numbers == [], f"{where}: typed number(s) {numbers} in {f}"


def test_every_input_has_a_name_validation_and_the_input_style() -> None:
    wb = load_workbook(STAGE[2])
    ws = wb[SHEET["inputs"]]
    validated = set()
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validated |= {(r, c) for r in range(rng.min_row, rng.max_row + 1) for c in range(rng.min_col, rng.max_col + 1)}
    from xl_aiteam.layout import INPUTS

    for spec in INPUTS:
        cell = _cell(wb, spec.name)
        assert cell.font.color.rgb.endswith("0000FF"), spec.name
        assert cell.fill.fgColor.rgb.endswith("FFF2CC"), spec.name
        if spec.name != "Currency":
            assert (cell.row, cell.column) in validated, f"{spec.name} has no validation"
        assert ws.cell(cell.row, cell.column + 1).value, f"{spec.name} has no unit"
        assert ws.cell(cell.row, cell.column + 2).value, f"{spec.name} has no source"


def _shown(value: Any, number_format: str) -> str:
    """About what Excel shows for a number in a cell of this format (enough to judge its width)."""
    if isinstance(value, datetime):
        return {"yyyy-mm-dd": "2027-01-01", "mmm yyyy": "Jan 2027"}.get(number_format, "2027-01-01")
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    if "%" in number_format:
        return f"{value * 100:.1f}%"
    if "E+" in number_format:  # scientific: parameters, tokens, FLOPs
        return f"{value:.2E}"
    decimals = len(number_format.split(".")[1]) if "." in number_format else 0
    return f"{value:,.{decimals}f}"


@pytest.mark.parametrize("path", list(COMMITTED), ids=lambda p: p.name)
def test_no_number_or_date_is_too_wide_for_its_column(recalculated: dict[str, tuple[Path, Assumptions]], path: Path) -> None:
    """Excel shows ### where a number or date does not fit: every one must fit its column."""
    from openpyxl.utils import get_column_letter

    out, _ = recalculated[path.stem + path.suffix.replace(".", "-")]
    values = load_workbook(out, data_only=True)
    built = load_workbook(path)
    too_wide = []
    for ws in built.worksheets:
        if ws.title not in values.sheetnames:
            continue
        computed = values[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                width = ws.column_dimensions[get_column_letter(cell.column)].width or 8.43
                text = _shown(computed.cell(cell.row, cell.column).value, cell.number_format)
                if text and len(text) + 1 > width:
                    too_wide.append(f"{ws.title}!{cell.coordinate} shows {text!r} in a column {width} wide")
    assert too_wide == []


# --- what Excel shows before it recalculates: the cached values ---------------------------------


def _formula_cells(path: Path) -> dict[tuple[str, str], str]:
    wb = load_workbook(path, keep_vba=path.suffix == ".xlsm")
    return {
        (ws.title, c.coordinate): c.value
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=")
    }


def _same(cached: Any, computed: Any) -> bool:
    if cached in (None, "") or computed in (None, ""):
        return cached in (None, "") and computed in (None, "")
    if isinstance(computed, datetime) or isinstance(cached, datetime):
        return bool(cached == computed)
    if isinstance(computed, int | float) and not isinstance(computed, bool):
        return isinstance(cached, int | float) and abs(cached - computed) <= 0.005
    return bool(cached == computed)


CACHED = [p.stem + p.suffix.replace(".", "-") for p in COMMITTED] + list(FILLED)  # as committed, and as a refill leaves them


@pytest.mark.parametrize("key", CACHED)
def test_every_formula_carries_the_value_libreoffice_computes(
    recalculated: dict[str, tuple[Path, Assumptions]], workbook_files: dict[str, Path], key: str
) -> None:
    """Protected View, previews and pandas read the cached values: each equals LibreOffice's own
    recalculation of that formula, to the cent."""
    out, _ = recalculated[key]
    source = workbook_files[key]
    formulas = _formula_cells(source)
    cached = load_workbook(source, data_only=True)
    computed = load_workbook(out, data_only=True)
    wrong = [
        f"{sheet}!{at} {formula}: cached {cached[sheet][at].value!r}, LibreOffice {computed[sheet][at].value!r}"
        for (sheet, at), formula in formulas.items()
        if not _same(cached[sheet][at].value, computed[sheet][at].value)
    ]
    assert len(formulas) > 2500
    assert wrong == [], f"{len(wrong)} of {len(formulas)} cached values differ, e.g. {wrong[:5]}"


@pytest.mark.parametrize("path", list(COMMITTED), ids=lambda p: p.name)
def test_every_formula_cell_is_saved_with_a_value(path: Path) -> None:
    """In the file itself: each <f> has a <v> beside it, as Excel writes it."""
    from lxml import etree

    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    bare = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet") and name.endswith(".xml"):
                root = etree.fromstring(z.read(name))
                for cell in root.iterfind(".//m:c[m:f]", ns):
                    if cell.find("m:v", ns) is None:
                        bare.append(f"{name} {cell.get('r')}")
    assert bare == []
