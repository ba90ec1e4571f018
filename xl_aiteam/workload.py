"""GPU-hours from the work the team does, month by month.

A workload's compute is counted in floating-point operations (FLOPs): a training pass over
``D`` tokens of a model with ``N`` parameters costs about ``6 x N x D`` FLOPs (forward and
backward), a forward pass (evaluation, inference) about ``2 x N`` per token. A GPU delivers
its peak dense BF16 throughput (the datasheet's TFLOP/s) times the model FLOPs utilisation
(MFU), so::

    useful GPU-hours = FLOPs / (peak TFLOP/s x 10^12 x MFU) / 3600

MFU and ``utilisation`` are two different losses and both apply. MFU is how much of the
GPU's peak a running job turns into model FLOPs (kernels, memory, communication): it turns
FLOPs into the GPU-hours the job needs. ``utilisation`` is how much of the billed time the
GPUs run jobs at all (idle reservations, queues, failed runs): ``costs.ml_cost`` divides the
useful hours by it to get billed hours. So billed hours = FLOPs / (peak x MFU) / 3600 /
utilisation.

Month ``m`` of the plan (1 = its first month), each row of the workload table runs
``runs_per_month`` times from its own ``start_month`` on, but never before the first ML
practitioner (a data science or ML engineering role) is productive: before that nobody runs
it. Experimentation adds ``experiment_gpu_hours_per_practitioner`` for each productive ML
practitioner on board in the month (FTE-weighted), so it grows with the team. Every volume
is multiplied by ``workload_scale``. Training, fine-tuning, evaluation and experimentation
are the Budget's Training line; inference is its Inference line. The fixed extra hours
(``training_gpu_hours_per_month``, ``inference_gpu_hours_per_month``, the inputs of earlier
versions) are added from ``compute_start_month``, as before.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from .assumptions import WORKLOAD_KINDS, Assumptions, default_assumptions
from .catalog import Function
from .costs import ComputeCost, blended_rate, gpu_choices, ml_cost
from .money import round_money, round_money_array
from .plan import Plan
from .rules import check_choice, check_number

__all__ = [
    "FLOP_PER_TFLOP",
    "INFER_FLOPS_PER_PARAM_TOKEN",
    "PRACTITIONER_FUNCTIONS",
    "SECONDS_PER_HOUR",
    "TRAINING_KINDS",
    "TRAIN_FLOPS_PER_PARAM_TOKEN",
    "WorkloadMonths",
    "full_run_cost",
    "full_run_hours",
    "gpu_hours",
    "hours_costs",
    "infer_hours",
    "row_flops",
    "row_hours",
    "train_hours",
    "workload_costs",
    "workload_hours",
    "workload_months",
]

TRAIN_FLOPS_PER_PARAM_TOKEN = 6  # forward and backward pass (research note: training FLOPs ~ 6 x N x D)
INFER_FLOPS_PER_PARAM_TOKEN = 2  # forward pass only (research note: inference ~ 2 x N per token)
FLOP_PER_TFLOP = 1e12
SECONDS_PER_HOUR = 3600
TRAINING_KINDS = tuple(k for k in WORKLOAD_KINDS if k != "inference")  # the Budget's Training line
PRACTITIONER_FUNCTIONS = (Function.DATA_SCIENCE, Function.ML_ENGINEERING)  # who runs experiments


def gpu_hours(flops: float, peak_tflops: float, mfu: float) -> float:
    """Useful GPU-hours that ``flops`` take on a GPU of ``peak_tflops`` at ``mfu`` (not rounded)."""
    return flops / (peak_tflops * FLOP_PER_TFLOP * mfu) / SECONDS_PER_HOUR


def _hours(per_param_token: int, params: float, tokens: float, gpu_type: str | None, mfu: float | None, a: Assumptions | None) -> float:
    a = a or default_assumptions()
    n = check_number("params", params, "workloads.params")
    d = check_number("tokens", tokens, "workloads.tokens")
    if gpu_type is not None:
        check_choice("gpu_type", gpu_type, gpu_choices(a))
    u = a.mfu if mfu is None else check_number("mfu", mfu, "mfu")
    return gpu_hours(per_param_token * n * d, a.gpu_types[gpu_type or a.gpu_type].peak_tflops, u)


def train_hours(
    params: float, tokens: float, gpu_type: str | None = None, mfu: float | None = None, assumptions: Assumptions | None = None
) -> float:
    """Useful GPU-hours to train a model of ``params`` parameters on ``tokens`` tokens (6 x N x D FLOPs).

    ``gpu_type`` is an id of the price list (default: the assumptions'), ``mfu`` the model FLOPs
    utilisation (default: the assumptions'). A bad argument raises InputError naming it."""
    return _hours(TRAIN_FLOPS_PER_PARAM_TOKEN, params, tokens, gpu_type, mfu, assumptions)


def infer_hours(
    params: float, tokens: float, gpu_type: str | None = None, mfu: float | None = None, assumptions: Assumptions | None = None
) -> float:
    """Useful GPU-hours to serve ``tokens`` tokens from a model of ``params`` parameters (2 x N FLOPs a token)."""
    return _hours(INFER_FLOPS_PER_PARAM_TOKEN, params, tokens, gpu_type, mfu, assumptions)


def row_flops(a: Assumptions, kind: str) -> float:
    """FLOPs a month of one workload row while it runs, scaled by ``workload_scale``."""
    w = a.workloads[kind]
    return w.flops_per_param_token * w.params * w.tokens * w.runs_per_month * a.workload_scale


def row_hours(a: Assumptions, kind: str) -> float:
    """Useful GPU-hours a month of one workload row while it runs."""
    return gpu_hours(row_flops(a, kind), a.gpu.peak_tflops, a.mfu)


@dataclass(frozen=True)
class WorkloadMonths:
    """Month by month over the horizon: who runs the work and the useful GPU-hours it takes."""

    practitioners: npt.NDArray[np.float64]  # productive ML practitioners on board (FTE)
    team_on: npt.NDArray[np.int64]  # 1 from the month the first ML practitioner is productive
    training: npt.NDArray[np.float64]  # useful GPU-hours: training, fine-tuning, evaluation, experiments, fixed extra
    inference: npt.NDArray[np.float64]  # useful GPU-hours: inference, fixed extra


def workload_months(plan: Plan, assumptions: Assumptions | None = None) -> WorkloadMonths:
    """The workload's useful GPU-hours in each month of the plan (the rules in the module docstring)."""
    a = assumptions or plan.assumptions
    m = np.arange(1, a.horizon_months + 1)
    practitioners = np.zeros(len(m))
    ever = np.zeros(len(m), dtype=bool)
    for p in plan.positions:
        if p.function not in PRACTITIONER_FUNCTIONS:
            continue
        productive = m >= p.productive_month
        ever |= productive
        ends = p.end_month if p.end_month is not None else m[-1] + 1
        practitioners += p.fte * (productive & (m <= ends))
    practitioners = np.round(practitioners, 9)
    team_on = ever.astype(np.int64)
    training, inference = workload_hours(a, practitioners, team_on)
    return WorkloadMonths(practitioners, team_on, training, inference)


def workload_hours(
    a: Assumptions, practitioners: npt.NDArray[np.float64], team_on: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Useful GPU-hours (training, inference) for productive practitioners and the team-productive
    flag of each month; any leading shape (``risk`` passes one row per simulated run)."""
    m = np.arange(1, a.horizon_months + 1)
    runs = {k: row_hours(a, k) * (m >= a.workloads[k].start_month) for k in WORKLOAD_KINDS}
    fixed_on = m >= a.compute_start_month
    training = (
        (runs["training"] + runs["fine_tuning"] + runs["evaluation"]) * team_on
        + a.experiment_gpu_hours_per_practitioner * a.workload_scale * practitioners
        + a.training_gpu_hours_per_month * fixed_on
    )
    inference = runs["inference"] * team_on + a.inference_gpu_hours_per_month * fixed_on
    return training + 0.0, inference + 0.0


def workload_costs(plan: Plan, assumptions: Assumptions | None = None) -> dict[str, npt.NDArray[np.float64]]:
    """The Budget's compute lines month by month, each rounded to the cent as ``ROUND(..., 2)``:
    training and inference ``hours / utilisation x blended rate``, data processing their share."""
    a = assumptions or plan.assumptions
    months = workload_months(plan, a)
    return hours_costs(a, months.training, months.inference)


def hours_costs(
    a: Assumptions, training_hours: npt.NDArray[np.float64], inference_hours: npt.NDArray[np.float64]
) -> dict[str, npt.NDArray[np.float64]]:
    """The compute lines for useful GPU-hours of any shape, rounded as the Budget rounds them, in
    the reporting currency (the blended rate of the list price converted, see ``costs``)."""
    rate = blended_rate(a)
    training = round_money_array(training_hours / a.utilisation * rate)
    inference = round_money_array(inference_hours / a.utilisation * rate)
    processing = round_money_array((training + inference) * a.data_processing_share / (1 - a.data_processing_share))
    return {"Training": training, "Inference": inference, "Data processing": processing}


def full_run_hours(plan: Plan, assumptions: Assumptions | None = None) -> tuple[float, float]:
    """Useful GPU-hours of a month with every row running and the team as it is at the end of the
    plan: (training, inference). The Compute sheet shows this month and its split."""
    a = assumptions or plan.assumptions
    at_end = float(workload_months(plan, a).practitioners[-1])
    training = (
        (row_hours(a, "training") + row_hours(a, "fine_tuning") + row_hours(a, "evaluation"))
        + a.experiment_gpu_hours_per_practitioner * a.workload_scale * at_end
        + a.training_gpu_hours_per_month
    )
    return training, row_hours(a, "inference") + a.inference_gpu_hours_per_month


def full_run_cost(plan: Plan, assumptions: Assumptions | None = None) -> ComputeCost:
    """The cost of :func:`full_run_hours`' month, split as ``costs.compute_cost`` splits it."""
    a = assumptions or plan.assumptions
    training, inference = (ml_cost(h, assumptions=a) for h in full_run_hours(plan, a))
    processing = round_money((training + inference) * a.data_processing_share / (1 - a.data_processing_share))
    return ComputeCost(training=training, inference=inference, data_processing=processing)
