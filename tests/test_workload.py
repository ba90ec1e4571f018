"""GPU-hours from the work: FLOPs, throughput, MFU, and the months the work runs in."""

from __future__ import annotations

import math
from typing import Any

import aiteam_udfs as udf
import numpy as np
import pytest

from xl_aiteam import Assumptions, InputError, build_plan, parse_assumptions, project_budget
from xl_aiteam.catalog import load_catalog
from xl_aiteam.errors import ErrorCode
from xl_aiteam.money import round_money
from xl_aiteam.workload import PRACTITIONER_FUNCTIONS, infer_hours, row_hours, train_hours, workload_costs, workload_months


def test_training_hours_by_hand() -> None:
    # 7e9 parameters x 1e12 tokens x 6 = 4.2e22 FLOPs; an H100 SXM at 40 % MFU does
    # 989e12 x 0.4 = 3.956e14 FLOP/s: 1.0617e8 s, which is 29,491.07 hours (by hand: 4.2e22 / 3.956e14 / 3600)
    hours = train_hours(7e9, 1e12, "aws_h100", 0.4)
    assert hours == pytest.approx(6 * 7e9 * 1e12 / (989e12 * 0.4) / 3600, rel=1e-12)
    assert round(hours, 2) == 29491.07
    # an A100 (312 TFLOP/s) takes 989/312 times as long for the same run
    assert train_hours(7e9, 1e12, "aws_a100_80gb", 0.4) == pytest.approx(hours * 989 / 312, rel=1e-12)
    # the defaults: the assumptions' GPU (aws_h100) and MFU (0.4)
    assert train_hours(7e9, 1e12) == pytest.approx(hours, rel=1e-12)


def test_inference_is_a_third_of_training_per_token() -> None:
    # 2 x N FLOPs a token against 6 x N x D: one billion tokens from a 7B model on an H100 at 40 %
    hours = infer_hours(7e9, 1e9)
    assert hours == pytest.approx(2 * 7e9 * 1e9 / (989e12 * 0.4) / 3600, rel=1e-12)  # 9.83 hours
    assert round(hours, 2) == 9.83
    assert hours == pytest.approx(train_hours(7e9, 1e9) / 3, rel=1e-12)


def test_every_gpu_of_the_price_list_has_a_sourced_throughput() -> None:
    for g in load_catalog().costs.gpu_prices:
        assert g.peak_tflops > 0 and g.peak_date and g.peak_note, g.id
        assert "datasheet" in g.peak_note or "assumed" in g.peak_note, g.id
    gpus = {g.id: g.peak_tflops for g in load_catalog().costs.gpu_prices}
    assert gpus["aws_h100"] == 989 and gpus["aws_a100_80gb"] == 312


BAD: list[Any] = [
    pytest.param({"params": 0}, "params", ErrorCode.OUT_OF_RANGE, id="params-zero"),
    pytest.param({"params": -7e9}, "params", ErrorCode.OUT_OF_RANGE, id="params-negative"),
    pytest.param({"params": "7B"}, "params", ErrorCode.NOT_A_NUMBER, id="params-text"),  # not guessed at
    pytest.param({"tokens": 0}, "tokens", ErrorCode.OUT_OF_RANGE, id="tokens-zero"),
    pytest.param({"tokens": math.nan}, "tokens", ErrorCode.NOT_FINITE, id="tokens-nan"),
    pytest.param({"mfu": 0}, "mfu", ErrorCode.OUT_OF_RANGE, id="mfu-zero"),  # the open limit
    pytest.param({"mfu": 1.2}, "mfu", ErrorCode.OUT_OF_RANGE, id="mfu-above-one"),
    pytest.param({"gpu_type": "tpu"}, "gpu_type", ErrorCode.UNKNOWN_GPU, id="gpu-unknown"),
]


@pytest.mark.parametrize(("change", "field", "code"), BAD)
def test_bad_arguments_name_the_argument_in_python_and_in_the_cell(change: dict[str, Any], field: str, code: ErrorCode) -> None:
    args: dict[str, Any] = {"params": 7e9, "tokens": 1e12, "gpu_type": None, "mfu": None} | change
    for python, cell in ((train_hours, udf.AITEAM_TRAIN_HOURS), (infer_hours, udf.AITEAM_INFER_HOURS)):
        with pytest.raises(InputError) as err:
            python(**args)
        assert err.value.code is code and err.value.field == field
        assert cell(*args.values()) == "#AITEAM! " + str(err.value)  # the cell says what Python says


def test_the_udfs_give_the_model_s_hours() -> None:
    assert udf.AITEAM_TRAIN_HOURS(7e9, 1e12) == train_hours(7e9, 1e12)
    assert udf.AITEAM_INFER_HOURS(7e9, 1e9, "azure_h100_nvl", 0.25) == infer_hours(7e9, 1e9, "azure_h100_nvl", 0.25)


@pytest.mark.parametrize(
    ("data", "where"),
    [
        ({"mfu": 1.5}, "mfu"),
        ({"workload_scale": -1}, "workload_scale"),
        ({"workloads": {"training": {"params": 0}}}, "workloads.training.params"),
        ({"workloads": {"pretraining": {"params": 1e9}}}, "workloads"),  # a row the table does not have
    ],
)
def test_bad_workload_inputs_in_a_file_are_one_line(data: dict[str, Any], where: str) -> None:
    with pytest.raises(InputError) as err:
        parse_assumptions(data)
    assert err.value.field == where, str(err.value)


def test_a_partial_workload_changes_one_cell_and_keeps_the_rest() -> None:
    a = parse_assumptions({"workloads": {"training": {"runs_per_month": 3}}})
    assert a.workloads["training"].runs_per_month == 3
    assert a.workloads["training"].params == Assumptions().workloads["training"].params


def _practitioner_months(plan: Any) -> list[int]:
    return sorted(p.productive_month for p in plan.positions if p.function in PRACTITIONER_FUNCTIONS)


def test_compute_starts_when_the_first_ml_practitioner_is_productive() -> None:
    a = Assumptions()
    plan = build_plan(a)
    first = _practitioner_months(plan)[0]
    months = workload_months(plan)
    assert (months.training[: first - 1] == 0).all() and (months.inference[: first - 1] == 0).all()
    assert months.training[first - 1] > 0
    # the inference row waits for its own start month (4) and for the team
    start = max(first, a.workloads["inference"].start_month)
    assert months.inference[start - 2] == 0 and months.inference[start - 1] == pytest.approx(row_hours(a, "inference"))


def test_experimentation_grows_with_the_productive_team() -> None:
    a = Assumptions(workloads={k: {"runs_per_month": 0} for k in ("training", "fine_tuning", "evaluation", "inference")})
    plan = build_plan(a)
    months = workload_months(plan)
    # with no runs, the training hours are the experiments alone: hours per practitioner x productive FTE
    assert months.training == pytest.approx(a.experiment_gpu_hours_per_practitioner * months.practitioners)
    assert months.practitioners[-1] > months.practitioners[_practitioner_months(plan)[0] - 1] > 0


def test_delayed_hires_delay_compute() -> None:
    on_time, late = build_plan(Assumptions()), build_plan(Assumptions(hiring_delay_months=3))
    first = _practitioner_months(on_time)[0]
    assert _practitioner_months(late)[0] == first + 3
    assert workload_months(late).training[first + 1] == 0 < workload_months(on_time).training[first + 1]


def test_people_already_employed_run_compute_from_month_1() -> None:
    team = [{"role": "ml_engineer", "level": "senior", "fte": 1, "employment": "existing"}]
    months = workload_months(build_plan(Assumptions(team=team)))
    assert months.team_on[0] == 1 and months.training[0] > 0 and months.practitioners[0] == 1


def test_workload_scale_multiplies_every_volume() -> None:
    base, double = (workload_months(build_plan(Assumptions(workload_scale=s))) for s in (1, 2))
    assert double.training == pytest.approx(2 * base.training) and double.inference == pytest.approx(2 * base.inference)
    zero = workload_months(build_plan(Assumptions(workload_scale=0)))
    assert not zero.training.any() and not zero.inference.any()


def test_fixed_extra_hours_of_an_earlier_version_add_from_the_compute_start_month() -> None:
    a = Assumptions(workload_scale=0, training_gpu_hours_per_month=100, inference_gpu_hours_per_month=50, compute_start_month=3)
    months = workload_months(build_plan(a))
    assert list(months.training[:4]) == [0, 0, 100, 100] and list(months.inference[:4]) == [0, 0, 50, 50]


def test_the_budget_compute_rows_are_the_workload_costs_to_the_cent() -> None:
    a = Assumptions()
    plan = build_plan(a)
    costs = workload_costs(plan)
    budget = project_budget(plan).xs("Compute", level="category")
    for line, values in costs.items():
        assert np.array_equal(budget.xs(line, level="line").to_numpy().ravel(), values)
    # one month by hand: hours / utilisation x the blended H100 rate, rounded to the cent
    hours = workload_months(plan).training
    m = int(np.argmax(hours > 0))
    blended = 6.88 * (0.4 + 0.3 * (1 - 0.37) + 0.3 * (1 - 0.7))
    assert costs["Training"][m] == round_money(hours[m] / 0.5 * blended)
