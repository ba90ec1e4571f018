"""Compute: the GPU cost of a month (rate, pricing mix, utilisation, useful hours), and a quick calculator.

The GPU rate is typed in the base currency (column C); beside it (column D) it is in the reporting
currency, ROUND(rate x the base location's exchange rate, 2), and every cost is figured from that
(``locations.price_in_currency``). The storage price and the exchange rate are in the workload
block (``workload_block``): rows added above the quick calculator would leave an earlier
version's cells behind when a refill writes this layout over its Compute sheet.

``build`` hands on :class:`ComputeCells`, the cells the Budget's compute rows link to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ...costs import PRICINGS, ml_cost, pricing_factor
from ...errors import InputError
from ...locations import base_currency, price_in_currency
from ...rules import GPU_HOURS
from ...workload import TRAINING_KINDS, full_run_hours
from ..a1 import ref
from ..common import fit_rows, in_reporting, source_label, title
from ..context import Context
from ..port import BookPort, rows_until, scalar
from ..rules import list_validation, number_validation
from ..spec import FAIL, NOT_CACHED, PASS, CondFormat, Formula, SheetSpec
from ..workload_block import build_block, hours_name

__all__ = ["TITLE", "ComputeCells", "build", "read"]

TITLE = "Compute"


@dataclass(frozen=True)
class ComputeCells:
    """The defined names of a month's training and inference cost, which the Budget links to."""

    training: str = "ComputeTraining"
    inference: str = "ComputeInference"


QUICK = ("q_hours", "q_gpu", "q_pricing", "q_util")  # the quick calculator's inputs, in their rows
QUICK_TITLE = "Quick calculator (does not feed the budget)"


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="7030A0", landscape=False)
    title(
        s,
        "Compute",
        "GPU-hours from the work (the workload table below), then their cost from utilisation, the on-demand rate and the pricing mix.",
    )
    facts = ctx.catalog.costs.facts
    a, month = ctx.a, ctx.figures.compute
    full_hours = full_run_hours(ctx.plan)
    factor = pricing_factor("mix", a.pricing_mix, a.reserved_discount, a.spot_discount)
    base, rate = base_currency(), price_in_currency(a.gpu.hourly_rate, a)
    rows: list[tuple[str, str, Any, str, str, Any]] = [
        ("gpu", "GPU type", Formula("=GpuType"), "link", "text", a.gpu_type),
        # the scenario's, or the list's, as typed (C), and in the reporting currency (D)
        ("rate", f"On-demand rate per GPU-hour ({base}, as listed)", Formula("=GpuRate"), "link", "rate", a.gpu.hourly_rate),
        ("rate_source", "Price source", Formula("=INDEX(GpuSources,MATCH(GpuType,GpuIds,0))"), "calc", "text", a.gpu.source),
        ("rate_date", "Price date", Formula("=INDEX(GpuDates,MATCH(GpuType,GpuIds,0))"), "calc", "text", a.gpu.date),
        (
            "factor",
            "Pricing factor (share of on-demand paid)",
            Formula("=MixOnDemand+MixReserved*(1-ReservedDiscount)+MixSpot*(1-SpotDiscount)"),
            "calc",
            "percent",
            factor,
        ),
        ("blended", "Blended rate per billed GPU-hour, in the reporting currency", None, "calc", "rate", rate * factor),
        ("util", "Utilisation", Formula("=Utilisation"), "link", "percent", a.utilisation),
        ("train_h", "Training: useful GPU-hours a month at full run", None, "calc", "hours", full_hours[0]),
        ("infer_h", "Inference: useful GPU-hours a month at full run", None, "calc", "hours", full_hours[1]),
        ("training", "Training cost a month", None, "calc", "cents", month.training),
        ("inference", "Inference cost a month", None, "calc", "cents", month.inference),
        ("processing", "Data processing cost a month", None, "calc", "cents", month.data_processing),
        ("total", "Compute cost a month", None, "total", "cents", month.total),
    ]
    row_of = {key: 4 + i for i, (key, *_rest) in enumerate(rows)}
    at = {key: ref(r, 3, absolute=True) for key, r in row_of.items()}
    trains = "+".join(hours_name(k) for k in TRAINING_KINDS)
    formulas = {
        "blended": f"={ref(row_of['rate'], 4, absolute=True)}*{at['factor']}",  # the rate in the reporting currency
        "train_h": f"=({trains})+N(WorkloadExperimentHours)*N(WorkloadScale)*WorkloadPractitionersAtEnd+TrainingHours",
        "infer_h": f"={hours_name('inference')}+InferenceHours",
        "training": f"=ROUND({at['train_h']}/Utilisation*{at['blended']},2)",
        "inference": f"=ROUND({at['infer_h']}/Utilisation*{at['blended']},2)",
        "processing": f"=ROUND(({at['training']}+{at['inference']})*DataProcessingShare/(1-DataProcessingShare),2)",
        "total": f"=ROUND({at['training']}+{at['inference']}+{at['processing']},2)",
    }
    s.put(3, 2, "Item", "header")
    s.put(3, 3, "Value", "header")
    s.put(3, 4, Formula('="In the reporting currency ("&Currency&")"'), "header", cached=f"In the reporting currency ({a.currency})")
    for i, (key, label, value, style, fmt, cached) in enumerate(rows):
        r = 4 + i
        s.put(r, 2, label, "label")
        s.put(r, 3, Formula(formulas[key]) if value is None else value, style, fmt, cached=cached)
        if key == "rate":  # beside the typed price: the price the costs are figured from
            s.put(r, 4, Formula(f"={in_reporting(at[key])}"), "calc", "rate", cached=rate)
    cells = ComputeCells()
    ctx.name(cells.training, s.name, row_of["training"], 3)
    ctx.name(cells.inference, s.name, row_of["inference"], 3)
    ctx.hand(cells)
    r = 4 + len(rows) + 1
    s.put(r, 2, "Split of compute cost", "header")
    s.put(r, 3, "Share", "header")
    s.put(r, 4, "Seed range", "header")
    s.put(r, 5, "Inside?", "header")
    shares = month.shares()
    for j, part in enumerate(("training", "inference", "processing")):
        rr = r + 1 + j
        fact = facts[f"compute_share_{'data_processing' if part == 'processing' else part}"]
        share = shares["data_processing" if part == "processing" else part]
        s.put(rr, 2, {"training": "Training", "inference": "Inference", "processing": "Data processing"}[part], "label")
        s.put(rr, 3, Formula(f"=IF({at['total']}=0,0,{at[part]}/{at['total']})"), "calc", "percent", cached=share)
        s.put(rr, 4, f"{fact.low:.0%}-{fact.high:.0%} ({source_label(fact.source)})", "unit")
        s.put(rr, 6, fact.low, "constant", "percent")
        s.put(rr, 7, fact.high, "constant", "percent")
        inside = "yes" if fact.low <= share <= (fact.high if fact.high is not None else fact.low) else "outside"
        s.put(rr, 5, Formula(f'=IF(AND({ref(rr, 3)}>={ref(rr, 6)},{ref(rr, 3)}<={ref(rr, 7)}),"yes","outside")'), "check", cached=inside)
    s.cond_formats += [CondFormat(f"E{r + 1}:E{r + 3}", "yes", *PASS), CondFormat(f"E{r + 1}:E{r + 3}", "outside", *FAIL)]
    s.put(
        r + 4,
        2,
        "At full run: every row of the workload table below, the team as at the end of the plan. The Budget follows them month by month.",
        "note",
    )
    end = _quick_calculator(ctx, s, r + 6, at, ctx.state.quick_calc)
    last = build_block(ctx, s, end + 3)  # last: an earlier version's sheet has every cell above where this one has it
    s.print_area = f"A1:I{last}"
    fit_rows(s)
    return s


def _quick_calculator(ctx: Context, s: SheetSpec, q: int, at: dict[str, str], kept: dict[str, Any]) -> int:
    """A calculator for any hours, as ML_COST computes them (it does not feed the Budget).

    ``kept``: the inputs a user typed into it, read back before a refill.
    """
    s.put(q, 2, QUICK_TITLE, "section")
    s.put(q, 3, "", "section")
    values: dict[str, Any] = {"q_hours": 1000, "q_gpu": ctx.a.gpu_type, "q_pricing": "mix", "q_util": ctx.a.utilisation} | kept
    calc_rows: list[tuple[str, str, Any, str, str]] = [
        ("q_hours", "Useful GPU-hours", values["q_hours"], "input", "whole"),
        ("q_gpu", "GPU type", values["q_gpu"], "input", "text"),
        ("q_pricing", "Pricing (mix, on_demand, reserved, spot)", values["q_pricing"], "input", "text"),
        ("q_util", "Utilisation", values["q_util"], "input", "percent"),
    ]
    for j, (key, label, value, style, fmt) in enumerate(calc_rows):
        rr = q + 1 + j
        s.put(rr, 2, label, "label")
        s.put(rr, 3, value, style, fmt)
        at[key] = ref(rr, 3, absolute=True)
    rr = q + 1 + len(calc_rows)
    factor = (
        f'IF({at["q_pricing"]}="on_demand",1,IF({at["q_pricing"]}="reserved",1-ReservedDiscount,'
        f'IF({at["q_pricing"]}="spot",1-SpotDiscount,{at["factor"]})))'
    )
    listed = in_reporting(f"INDEX(GpuRates,MATCH({at['q_gpu']},GpuIds,0))")  # the list's price, in the reporting currency
    s.put(rr, 2, "Cost", "total")
    s.put(
        rr,
        3,
        Formula(f"=ROUND({at['q_hours']}/{at['q_util']}*({listed}*{factor}),2)"),
        "total",
        "cents",
        cached=_quick_cost(ctx, values),
    )
    s.validations += [
        number_validation(ref(q + 1, 3), GPU_HOURS, "GPU-hours"),
        list_validation(ref(q + 2, 3), "GpuIds", "GPU type"),
        list_validation(ref(q + 3, 3), PRICINGS, "Pricing"),
        number_validation(ref(q + 4, 3), "utilisation", "Utilisation"),
    ]
    s.widths.update({1: 2, 2: 52, 3: 18, 4: 34, 5: 12, 6: 12, 7: 10, 8: 12, 9: 14})
    return rr


def _quick_cost(ctx: Context, values: dict[str, Any]) -> Any:
    """What the quick calculator shows for ``values``; NOT_CACHED where they are not valid inputs."""
    try:
        hours, gpu, pricing, util = (values[k] for k in QUICK)
        rate = price_in_currency(ctx.a.base.gpu_types[gpu].hourly_rate, ctx.a)  # from the list, whatever the scenario
        return ml_cost(hours, rate=rate, pricing=pricing, utilisation=util, gpu_type=gpu, assumptions=ctx.a)
    except (InputError, TypeError, ZeroDivisionError, KeyError):
        return NOT_CACHED


def read(port: BookPort) -> dict[str, Any]:
    """The quick calculator's inputs as the user left them (found by its section title)."""
    if TITLE not in port.sheet_names():
        return {}
    above = rows_until(port, TITLE, 1, 2, 2, lambda row: row[0] == QUICK_TITLE)
    top = len(above) + 1
    if top > port.last_row(TITLE):
        return {}
    values = port.values(TITLE, top + 1, 3, top + len(QUICK), 3)
    return {key: scalar(row[0]) for key, row in zip(QUICK, values, strict=True) if row[0] not in (None, "")}
