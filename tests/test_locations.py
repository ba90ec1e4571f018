"""Currency and locations: what a position at a location costs in the reporting currency, the
table's rules, the workbook's headers, and the command line. The LibreOffice agreement of a Berlin
position in a EUR plan and a London one in a USD plan is in ``test_workbook`` (EDITS)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from xl_aiteam import Assumptions, InputError, build_plan, project_budget
from xl_aiteam.assumptions import load_assumptions, parse_assumptions, save_assumptions
from xl_aiteam.budget import budget_totals
from xl_aiteam.cli import main
from xl_aiteam.errors import ErrorCode
from xl_aiteam.layout import SHEET, STAFFING_COLUMNS
from xl_aiteam.money import round_money
from xl_aiteam.workbook import build_workbook, read_assumptions

EARLIER = Path(__file__).parent / "fixtures" / "AITeamPlanner-stage2-0.1.xlsx"

# a plan reported in euros: the US base restated at 0.87 EUR a dollar, Berlin paid 47 % of the US figure in euros
EUR_TABLE = [
    {"name": "San Francisco", "currency": "USD", "pay_multiplier": 1, "exchange_rate": 0.87, "source": "assumption", "date": "2026-11"},
    {"name": "Berlin", "currency": "EUR", "pay_multiplier": 0.47, "exchange_rate": 1, "source": "assumption", "date": "2026-11"},
]
TEAM = [
    {"role": "ml_engineer", "level": "senior", "fte": 1, "search_month": 1, "location": "Berlin"},
    {"role": "data_engineer", "level": "mid", "fte": 0.5, "search_month": 2},  # the base location
    {"role": "mlops_engineer", "level": "mid", "fte": 1, "employment": "contractor", "search_month": 1, "location": "Berlin"},
]


def eur_plan() -> Assumptions:
    return parse_assumptions({"currency": "EUR", "locations": EUR_TABLE, "team": TEAM, "horizon_months": 12})


def test_pay_at_a_location_is_base_pay_times_multiplier_times_rate_rounded_to_the_cent() -> None:
    a = eur_plan()
    berlin, base, contractor = build_plan(a).positions
    assert berlin.pay_factor == 0.47 * 1 and base.pay_factor == 1 * 0.87
    assert berlin.annual_salary == round_money(300_000 * 0.47) == 141_000
    assert base.annual_salary == round_money(180_000 * 0.87) == 156_600
    assert contractor.contractor_rate == round_money(130 * 0.47) == 61.1
    assert berlin.recruiting_fee == round_money(25_000 * 0.47) and base.recruiting_fee == round_money(25_000 * 0.87)
    assert contractor.annual_cost == pytest.approx(61.1 * 160 * 12)
    budget = project_budget(build_plan(a))
    first = budget.columns[2]  # month 3: both the Berlin engineer and the contractor are on board
    assert budget.loc[("Personnel", "ML engineer", berlin.id), first] == round_money(141_000 * 1.25 / 12)
    assert budget.loc[("Contractors", "MLOps engineer", contractor.id), first] == round_money(61.1 * 160)
    assert budget.loc[("Recruiting", "ML engineer", berlin.id), budget.columns[berlin.start_month - 1]] == berlin.recruiting_fee


def test_a_dollar_plan_with_a_london_position() -> None:
    a = parse_assumptions({"team": [{"role": "ml_engineer", "level": "mid", "fte": 1, "location": "London"}]})
    (p,) = build_plan(a).positions
    london = a.location("London")
    assert (london.currency, a.currency) == ("GBP", "USD")
    assert p.annual_salary == round_money(240_000 * london.pay_multiplier * london.exchange_rate)


def test_the_base_location_costs_what_the_salary_table_says() -> None:
    """No location anywhere: every figure is the plan's as before locations existed."""
    a = Assumptions()
    assert a.locations[0].currency == a.currency == "USD" and a.locations[0].pay_factor == 1
    for p in build_plan(a).positions:
        assert p.annual_salary == a.salary(p.role, p.level) and p.recruiting_fee == a.recruiting_cost_per_hire


def test_another_reporting_currency_alone_restates_the_default_rates_to_it() -> None:
    a = parse_assumptions({"currency": "EUR"})
    rates = {place.name: place.exchange_rate for place in a.locations}
    assert rates["Berlin"] == 1 and rates["United States"] == round(1 / 1.15, 6)
    assert rates["London"] == round(1.3 / 1.15, 6)


def _one_line(exc: InputError) -> str:
    text = str(exc)
    assert "\n" not in text and "Traceback" not in text
    return text


def _place(**change: Any) -> dict[str, Any]:
    return {"name": "Here", "currency": "USD", "pay_multiplier": 1, "exchange_rate": 1, **change}


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (
            {"locations": [_place(exchange_rate=0)]},
            ErrorCode.OUT_OF_RANGE,
            "locations.0.exchange_rate = 0 is not allowed: must be a number > 0",
        ),
        ({"locations": [_place(exchange_rate=-1.5)]}, ErrorCode.OUT_OF_RANGE, "locations.0.exchange_rate = -1.5"),
        # text, even text that looks like a number
        ({"locations": [_place(exchange_rate="1.1")]}, ErrorCode.NOT_A_NUMBER, "locations.0.exchange_rate = '1.1' is not allowed"),
        ({"locations": [_place(currency="usd")]}, ErrorCode.BAD_FORMAT, "three capital letters"),
        ({"locations": [_place(currency="EURO")]}, ErrorCode.BAD_FORMAT, "locations.0.currency = 'EURO'"),
        ({"locations": [_place(pay_multiplier=0)]}, ErrorCode.OUT_OF_RANGE, "locations.0.pay_multiplier = 0"),
        ({"locations": []}, ErrorCode.INVALID_INPUT, "locations"),  # no location at all
        ({"currency": "eur"}, ErrorCode.BAD_FORMAT, "currency = 'eur' is not allowed: must be three capital letters"),
        (
            {"locations": [_place(), _place()]},
            ErrorCode.DUPLICATE_LOCATION,
            "locations.1.name = 'Here' is not allowed: location Here is listed twice",
        ),
        (
            {"locations": [_place(exchange_rate=1.1)]},
            ErrorCode.REPORTING_RATE,
            "locations.0.exchange_rate = 1.1 is not allowed: Here is in the reporting",
        ),
        ({"currency": "JPY"}, ErrorCode.REPORTING_RATE, "currency = 'JPY' is not allowed: no location is in JPY"),  # rates to USD, not JPY
        (
            {"team": [{"role": "ml_engineer", "level": "mid", "fte": 1, "location": "Paris"}]},
            ErrorCode.UNKNOWN_LOCATION,
            "team.0.location = 'Paris' is not allowed: must be a location of the locations table (United States, Berlin",
        ),
    ],
)
def test_a_bad_location_is_one_clear_line_naming_the_field(data: dict[str, Any], code: ErrorCode, words: str) -> None:
    with pytest.raises(InputError) as refused:
        parse_assumptions(data, where="plan.yaml")
    assert refused.value.code == code
    assert words in _one_line(refused.value)


def test_the_assumptions_file_holds_the_table(tmp_path: Path) -> None:
    a = eur_plan()
    path = save_assumptions(a, tmp_path / "plan.yaml")
    saved = yaml.safe_load(path.read_text())
    assert saved["locations"][1] == {**EUR_TABLE[1], "pay_multiplier": 0.47, "exchange_rate": 1}
    assert saved["team"][0]["location"] == "Berlin"
    assert load_assumptions(path) == a


def test_cli_budget_prints_in_the_reporting_currency_and_names_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    a = eur_plan()
    path = save_assumptions(a, tmp_path / "plan.yaml")
    assert main(["budget", "--assumptions", str(path), "--period", "Y"]) == 0
    out = capsys.readouterr().out
    assert "in EUR" in out.splitlines()[0]
    total = float(budget_totals(project_budget(build_plan(a)), "Y").loc["Total"].to_numpy()[0])
    assert f"{total:,.0f}" in out


def test_cli_refuses_a_zero_rate_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "plan.yaml"
    path.write_text(yaml.safe_dump({"currency": "EUR", "locations": [{**EUR_TABLE[1], "exchange_rate": 0}]}))
    assert main(["budget", "--assumptions", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and len(err.strip().splitlines()) == 1
    assert "plan.yaml.locations.0.exchange_rate = 0 is not allowed" in err


def test_a_workbook_holds_the_table_and_the_location_column_and_reads_back(tmp_path: Path) -> None:
    a = eur_plan()
    path = build_workbook(a, tmp_path / "eur.xlsx")
    assert read_assumptions(path) == a.model_copy(
        update={"team": [line.model_copy(update={"id": p.id}) for line, p in zip(a.team or [], build_plan(a).positions, strict=True)]}
    )
    wb = load_workbook(path)
    staffing = wb[SHEET["staffing"]]
    assert staffing.cell(5, STAFFING_COLUMNS["location"]).value == "Berlin"
    assert staffing.cell(4, STAFFING_COLUMNS["annual_salary"]).value == "Annual salary (EUR)"
    assert staffing.cell(4, STAFFING_COLUMNS["annual_cost"]).value == "Loaded annual cost (EUR)"
    assert "LocationNames" in wb.defined_names and "StaffLocation" in wb.defined_names
    cached = load_workbook(path, data_only=True)
    budget = cached[SHEET["budget"]]
    head = next(r for r in range(1, 60) if budget.cell(r, 1).value == "Category")
    assert [budget.cell(head, c).value for c in (8, 9)] == ["Rate (EUR)", "Total (EUR)"]
    assert cached[SHEET["summary"]]["A6"].value == "Cost over the horizon (EUR)"


def test_a_workbook_made_before_locations_reads_with_the_default_table() -> None:
    a = read_assumptions(EARLIER)
    assert a.locations == Assumptions().locations
    assert a.team and all(line.location == "" for line in a.team)


@pytest.mark.parametrize(
    ("sheet", "cell", "value", "words"),
    [
        ("locations", "D8", 0, "Locations row 8 exchange_rate = 0 is not allowed: must be a number > 0"),  # Berlin's rate
        ("locations", "B9", "gbp", "Locations row 9 currency = 'gbp' is not allowed: must be three capital letters"),
        ("staffing", (6, STAFFING_COLUMNS["location"]), "Paris", "Staffing row 6 location = 'Paris' is not allowed: must be a location"),
    ],
)
def test_a_bad_location_in_a_workbook_names_its_sheet_row(tmp_path: Path, sheet: str, cell: Any, value: Any, words: str) -> None:
    path = build_workbook(None, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET[sheet]]
    (ws[cell] if isinstance(cell, str) else ws.cell(*cell)).value = value
    wb.save(path)
    with pytest.raises(InputError) as refused:
        read_assumptions(path)
    assert f"plan.xlsx {words}" in _one_line(refused.value)


def test_a_refill_keeps_the_locations_table_as_the_user_left_it(tmp_path: Path) -> None:
    from xl_aiteam.layout.sheets import locations
    from xl_aiteam.workbook import fill_workbook

    path = build_workbook(None, tmp_path / "plan.xlsx")
    wb = load_workbook(path)
    ws = wb[SHEET["locations"]]
    ws.cell(locations.HEADER_ROW + 2, locations.COLUMNS["pay_multiplier"]).value = 0.52  # Berlin
    ws.cell(locations.HEADER_ROW + 2, locations.COLUMNS["source"]).value = "our 2026 pay survey"
    wb[SHEET["staffing"]].cell(5, STAFFING_COLUMNS["location"]).value = "Berlin"
    wb.save(path)
    a = fill_workbook(path)
    assert a.location("Berlin").pay_multiplier == 0.52 and a.location("Berlin").source == "our 2026 pay survey"
    again = read_assumptions(path)
    assert again.locations == a.locations and again.team is not None and again.team[0].location == "Berlin"
    assert build_plan(again).positions[0].annual_salary == round_money(300_000 * 0.52 * 1.15)


# --- GPU and storage prices: base-currency figures, converted by the base location's exchange rate ---


def _compute_and_storage(a: Assumptions) -> Any:
    budget = project_budget(build_plan(a))
    return budget.loc[["Compute", "Storage"]]


def test_gpu_and_storage_prices_are_converted_by_the_base_location_rate_rounded_to_the_cent() -> None:
    from xl_aiteam.costs import blended_rate, pricing_factor
    from xl_aiteam.locations import base_rate, price_in_currency

    a = eur_plan()
    assert base_rate(a) == 0.87  # San Francisco, the first row: the base location
    assert price_in_currency(a.gpu.hourly_rate, a) == round_money(6.88 * 0.87) == 5.99
    assert price_in_currency(a.storage_price_per_tb_month, a) == round_money(23 * 0.87) == 20.01
    factor = pricing_factor("mix", a.pricing_mix, a.reserved_discount, a.spot_discount)
    assert blended_rate(a) == 5.99 * factor
    budget = project_budget(build_plan(a))
    m = a.compute_start_month + 2  # storage has grown for two months
    tb = a.storage_tb + a.storage_growth_tb_per_month * (m - a.compute_start_month)
    assert budget.loc[("Storage", "Storage", ""), budget.columns[m - 1]] == round_money(tb * 20.01)


def test_a_eur_plan_prices_compute_and_storage_at_the_dollar_figures_times_the_base_rate() -> None:
    """The same plan reported in USD and in EUR (the default table restated): compute and storage in
    euros are the dollar figures x the base location's rate, within the cent the price is rounded to."""
    from xl_aiteam.locations import base_rate

    team = [{**line, "location": ""} for line in TEAM]  # everyone at the base location
    usd = parse_assumptions({"team": team, "horizon_months": 12})
    eur = parse_assumptions({"currency": "EUR", "team": team, "horizon_months": 12})
    rate = base_rate(eur)
    assert eur.locations[0].currency == "USD" and rate == round(1 / 1.15, 6)
    dollars, euros = _compute_and_storage(usd), _compute_and_storage(eur)
    assert list(dollars.index) == list(euros.index)
    assert float(dollars.loc["Compute"].to_numpy().sum()) > 0 and float(dollars.loc["Storage"].to_numpy().sum()) > 0
    for price, line in ((usd.gpu.hourly_rate, "Compute"), (usd.storage_price_per_tb_month, "Storage")):
        d, e = dollars.loc[line].to_numpy(), euros.loc[line].to_numpy()
        # the price is rounded to the cent: at most half a cent of it off, and each month's cent
        slack = d * 0.005 / (price * rate) + 0.01 * (1 + rate)
        assert (abs(e - d * rate) <= slack).all(), line
        assert (e[d > 0] < d[d > 0]).all(), f"{line} in euros is not below the dollar figure"


def test_with_the_base_in_the_reporting_currency_the_prices_are_as_typed() -> None:
    """USD reporting, USD base, rate 1: every list price and the storage price stay to the cent."""
    from xl_aiteam.costs import blended_rate
    from xl_aiteam.locations import price_in_currency

    a = Assumptions()
    for gpu in a.gpu_types.values():
        assert price_in_currency(gpu.hourly_rate, a) == gpu.hourly_rate
    assert price_in_currency(a.storage_price_per_tb_month, a) == a.storage_price_per_tb_month
    assert blended_rate(a) == a.gpu.hourly_rate * (
        a.pricing_mix.on_demand + a.pricing_mix.reserved * (1 - a.reserved_discount) + a.pricing_mix.spot * (1 - a.spot_discount)
    )


def test_ml_cost_takes_a_given_rate_as_it_is_and_converts_the_list_price() -> None:
    from xl_aiteam.costs import ml_cost

    a = eur_plan()
    assert ml_cost(1000, rate=6.88, pricing="on_demand", utilisation=1, assumptions=a) == 6880  # the caller's rate, as given
    assert ml_cost(1000, pricing="on_demand", utilisation=1, assumptions=a) == 5990  # the list's 6.88 USD at 0.87


def test_the_compute_sheet_shows_the_typed_price_and_the_price_in_the_reporting_currency(tmp_path: Path) -> None:
    path = build_workbook(eur_plan(), tmp_path / "eur.xlsx")
    ws = load_workbook(path)[SHEET["compute"]]
    cached = load_workbook(path, data_only=True)[SHEET["compute"]]
    rows: dict[str, int] = {}
    for r in range(4, ws.max_row + 1):
        rows.setdefault(ws.cell(r, 2).value, r)  # the first row of a label: the month's table above the workload block
    rate, storage = rows["On-demand rate per GPU-hour (USD, as listed)"], rows["Storage price per TB-month (USD, on Assumptions)"]
    fx = rows["Exchange rate: reporting currency per USD (Locations, first row)"]
    assert ws.cell(3, 4).value == '="In the reporting currency ("&Currency&")"'
    assert cached.cell(3, 4).value == "In the reporting currency (EUR)"
    assert (cached.cell(rate, 3).value, cached.cell(rate, 4).value) == (6.88, 5.99)
    assert (cached.cell(storage, 3).value, cached.cell(storage, 4).value, cached.cell(storage, 5).value) == (
        23,
        20.01,
        "per TB-month (EUR)",
    )
    assert ws.cell(storage, 5).value == '="per TB-month ("&Currency&")"'
    assert cached.cell(fx, 3).value == 0.87
    assert ws.cell(rate, 4).value == f"=IFERROR(ROUND($C${rate}*INDEX(LocationRates,1),2),0)"
    assert ws.cell(rows["Blended rate per billed GPU-hour, in the reporting currency"], 3).value.startswith(f"=$D${rate}*")
