"""Compute cost: GPU-hours at a rate, bought in a pricing mix, at a utilisation.

Billed hours are the useful hours divided by utilisation (a GPU that is busy half the
time costs twice its useful hours). The blended rate weighs the on-demand rate by the
pricing mix: reserved and spot hours are cheaper by their discounts. Data processing
(ETL and features) is a share of total compute cost, as in seed 002's split, so
``total = (training + inference) / (1 - data_processing_share)``.

The price list's rates are in the base currency (USD list prices); a rate taken from it is
priced in the reporting currency first (``locations.price_in_currency``: ROUND(rate x the base
location's exchange rate, 2)). A rate passed in (``ml_cost(rate=...)``, ML_COST's argument) is
taken as it is, in the caller's currency.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .assumptions import Assumptions, PricingMix, default_assumptions
from .errors import ErrorCode, InputError
from .locations import price_in_currency
from .money import round_money
from .rules import GPU_HOURS, PRICING, PRICINGS, Choices, Pricing, check_choice, check_number
from .scenarios import in_effect

__all__ = ["PRICING", "PRICINGS", "ComputeCost", "Pricing", "blended_rate", "compute_cost", "gpu_choices", "ml_cost"]


def gpu_choices(assumptions: Assumptions) -> Choices:
    """The GPU types of the assumptions' price list, as a rule (code ``unknown_gpu``)."""
    return Choices(tuple(assumptions.gpu_types), ErrorCode.UNKNOWN_GPU)


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
    raise InputError("pricing", pricing, PRICING.allowed(), code=PRICING.code)


def blended_rate(assumptions: Assumptions, pricing: str = "mix", rate: float | None = None) -> float:
    """The effective price of one billed GPU-hour: ``rate`` (default: the assumptions' GPU type's
    list price in the reporting currency) times the pricing factor."""
    on_demand = price_in_currency(assumptions.gpu.hourly_rate, assumptions) if rate is None else rate
    return on_demand * pricing_factor(pricing, assumptions.pricing_mix, assumptions.reserved_discount, assumptions.spot_discount)


def ml_cost(
    gpu_hours: float,
    rate: float | None = None,
    pricing: str = "mix",
    utilisation: float | None = None,
    gpu_type: str | None = None,
    assumptions: Assumptions | None = None,
) -> float:
    """Cost of ``gpu_hours`` of useful GPU work, rounded to the cent.

    ``rate`` is the on-demand price per GPU-hour, as given (default: the list price of
    ``gpu_type``, or of the assumptions' GPU type, in the reporting currency); ``pricing`` is ``mix`` (the assumptions' pricing mix),
    ``on_demand``, ``reserved`` or ``spot``; ``utilisation`` the share of billed time
    doing useful work (default: the assumptions'). Each is checked by the rule of its
    Assumptions field (``rate`` by ``gpu_types.hourly_rate``), ``gpu_hours`` by
    :data:`~xl_aiteam.rules.GPU_HOURS`; a bad one raises InputError.
    """
    a = assumptions or default_assumptions()
    hours = check_number("gpu_hours", gpu_hours, GPU_HOURS)
    check_choice("pricing", pricing, PRICING)
    if gpu_type is not None:
        check_choice("gpu_type", gpu_type, gpu_choices(a))
    if rate is None:  # the list's price (checked when the assumptions were), in the reporting currency
        rate = price_in_currency(a.gpu_types[gpu_type or a.gpu_type].hourly_rate, a)
    else:
        rate = check_number("rate", rate, "gpu_types.hourly_rate")
    util = a.utilisation if utilisation is None else check_number("utilisation", utilisation, "utilisation")
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
    """A month of compute at the assumptions' workload (the same figures as the Budget), under the
    scenario they select."""
    a = in_effect(assumptions)
    training = ml_cost(a.training_gpu_hours_per_month, assumptions=a)
    inference = ml_cost(a.inference_gpu_hours_per_month, assumptions=a)
    processing = round_money((training + inference) * a.data_processing_share / (1 - a.data_processing_share))
    return ComputeCost(training=training, inference=inference, data_processing=processing)
