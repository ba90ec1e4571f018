"""Compute cost: GPU-hours at a rate, bought in a pricing mix, at a utilisation.

Billed hours are the useful hours divided by utilisation (a GPU that is busy half the
time costs twice its useful hours). The blended rate weighs the on-demand rate by the
pricing mix: reserved and spot hours are cheaper by their discounts. Data processing
(ETL and features) is a share of total compute cost, as in seed 002's split, so
``total = (training + inference) / (1 - data_processing_share)``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from .assumptions import Assumptions, PricingMix, default_assumptions
from .errors import InputError
from .money import round_money

__all__ = ["ComputeCost", "Pricing", "blended_rate", "compute_cost", "ml_cost"]

Pricing = Literal["mix", "on_demand", "reserved", "spot"]
PRICINGS: tuple[str, ...] = ("mix", "on_demand", "reserved", "spot")


def pricing_factor(pricing: str, mix: PricingMix, reserved_discount: float, spot_discount: float) -> float:
    """What one GPU-hour costs as a share of the on-demand rate."""
    if pricing == "on_demand":
        return 1.0
    if pricing == "reserved":
        return 1.0 - reserved_discount
    if pricing == "spot":
        return 1.0 - spot_discount
    if pricing == "mix":
        return mix.on_demand + mix.reserved * (1.0 - reserved_discount) + mix.spot * (1.0 - spot_discount)
    raise InputError("pricing", pricing, f"must be one of {', '.join(PRICINGS)}", code="unknown_pricing")


def blended_rate(assumptions: Assumptions, pricing: str = "mix", rate: float | None = None) -> float:
    """The effective price of one billed GPU-hour."""
    on_demand = assumptions.gpu.hourly_rate if rate is None else rate
    return on_demand * pricing_factor(pricing, assumptions.pricing_mix, assumptions.reserved_discount, assumptions.spot_discount)


def _number(name: str, value: object, *, low: float, high: float, low_open: bool = False) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputError(name, value, "must be a number", code="not_a_number")
    value = float(value)
    if value != value or value in (float("inf"), float("-inf")):
        raise InputError(name, value, "must be a finite number", code="not_finite")
    if value < low or (low_open and value == low) or value > high:
        bound = f"> {low:g}" if low_open else f">= {low:g}"
        raise InputError(name, value, f"must be {bound} and <= {high:g}", code="out_of_range")
    return value


def ml_cost(
    gpu_hours: float,
    rate: float | None = None,
    pricing: str = "mix",
    utilisation: float | None = None,
    gpu_type: str | None = None,
    assumptions: Assumptions | None = None,
) -> float:
    """Cost of ``gpu_hours`` of useful GPU work, rounded to the cent.

    ``rate`` is the on-demand price per GPU-hour (default: the price of ``gpu_type``, or
    of the assumptions' GPU type); ``pricing`` is ``mix`` (the assumptions' pricing mix),
    ``on_demand``, ``reserved`` or ``spot``; ``utilisation`` the share of billed time
    doing useful work (default: the assumptions').
    """
    a = assumptions or default_assumptions()
    hours = _number("gpu_hours", gpu_hours, low=0, high=1e9)
    if gpu_type is not None and gpu_type not in a.gpu_types:
        raise InputError("gpu_type", gpu_type, f"must be one of {', '.join(a.gpu_types)}", code="unknown_gpu")
    if rate is None:
        rate = a.gpu_types[gpu_type or a.gpu_type].hourly_rate
    rate = _number("rate", rate, low=0, high=1_000)
    util = a.utilisation if utilisation is None else _number("utilisation", utilisation, low=0, high=1, low_open=True)
    return round_money(hours / util * blended_rate(a, pricing, rate))


class ComputeCost(BaseModel):
    """One month of compute, split as seed 002 splits it."""

    model_config = ConfigDict(frozen=True)

    training: float
    inference: float
    data_processing: float

    @property
    def total(self) -> float:
        return round_money(self.training + self.inference + self.data_processing)

    def shares(self) -> dict[str, float]:
        total = self.total
        if total == 0:
            return {"training": 0.0, "inference": 0.0, "data_processing": 0.0}
        return {
            "training": self.training / total,
            "inference": self.inference / total,
            "data_processing": self.data_processing / total,
        }


def compute_cost(assumptions: Assumptions) -> ComputeCost:
    """A month of compute at the assumptions' workload (the same figures as the Budget)."""
    a = assumptions
    training = ml_cost(a.training_gpu_hours_per_month, assumptions=a)
    inference = ml_cost(a.inference_gpu_hours_per_month, assumptions=a)
    processing = round_money((training + inference) * a.data_processing_share / (1 - a.data_processing_share))
    return ComputeCost(training=training, inference=inference, data_processing=processing)
