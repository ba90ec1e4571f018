"""Compute: the GPU cost of a month (rate, pricing mix, utilisation, useful hours), and a quick calculator.

``build`` hands on :class:`ComputeCells`, the cells the Budget's compute rows link to.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..a1 import ref
from ..common import source_label, title
from ..context import Context
from ..spec import Formula, SheetSpec, Validation

__all__ = ["TITLE", "ComputeCells", "build"]

TITLE = "Compute"


@dataclass(frozen=True)
class ComputeCells:
    """References (on the Compute sheet) of a month's training and inference cost."""

    training: str
    inference: str


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="7030A0", landscape=False)
    title(s, "Compute", "GPU cost from useful hours, utilisation, the on-demand rate and the pricing mix. Feeds the Budget.")
    facts = ctx.catalog.costs.facts
    rows: list[tuple[str, str, Any, str, str]] = [
        ("gpu", "GPU type", Formula("=GpuType"), "link", "text"),
        ("rate", "On-demand rate per GPU-hour", Formula("=INDEX(GpuRates,MATCH(GpuType,GpuIds,0))"), "calc", "rate"),
        ("rate_source", "Price source", Formula("=INDEX(GpuSources,MATCH(GpuType,GpuIds,0))"), "calc", "text"),
        ("rate_date", "Price date", Formula("=INDEX(GpuDates,MATCH(GpuType,GpuIds,0))"), "calc", "text"),
        (
            "factor",
            "Pricing factor (share of on-demand paid)",
            Formula("=MixOnDemand+MixReserved*(1-ReservedDiscount)+MixSpot*(1-SpotDiscount)"),
            "calc",
            "percent",
        ),
        ("blended", "Blended rate per billed GPU-hour", None, "calc", "rate"),
        ("util", "Utilisation", Formula("=Utilisation"), "link", "percent"),
        ("train_h", "Training: useful GPU-hours a month", Formula("=TrainingHours"), "link", "number"),
        ("infer_h", "Inference: useful GPU-hours a month", Formula("=InferenceHours"), "link", "number"),
        ("training", "Training cost a month", None, "calc", "cents"),
        ("inference", "Inference cost a month", None, "calc", "cents"),
        ("processing", "Data processing cost a month", None, "calc", "cents"),
        ("total", "Compute cost a month", None, "total", "cents"),
    ]
    row_of = {key: 4 + i for i, (key, *_rest) in enumerate(rows)}
    at = {key: ref(r, 3, absolute=True) for key, r in row_of.items()}
    formulas = {
        "blended": f"={at['rate']}*{at['factor']}",
        "training": f"=ROUND(TrainingHours/Utilisation*{at['blended']},2)",
        "inference": f"=ROUND(InferenceHours/Utilisation*{at['blended']},2)",
        "processing": f"=ROUND(({at['training']}+{at['inference']})*DataProcessingShare/(1-DataProcessingShare),2)",
        "total": f"=ROUND({at['training']}+{at['inference']}+{at['processing']},2)",
    }
    s.put(3, 2, "Item", "header")
    s.put(3, 3, "Value", "header")
    for i, (key, label, value, style, fmt) in enumerate(rows):
        r = 4 + i
        s.put(r, 2, label, "label")
        s.put(r, 3, Formula(formulas[key]) if value is None else value, style, fmt)
    ctx.hand(
        ComputeCells(
            training=ref(row_of["training"], 3, absolute=True, sheet=TITLE),
            inference=ref(row_of["inference"], 3, absolute=True, sheet=TITLE),
        )
    )
    r = 4 + len(rows) + 1
    s.put(r, 2, "Split of compute cost", "header")
    s.put(r, 3, "Share", "header")
    s.put(r, 4, "Seed range", "header")
    s.put(r, 5, "Inside?", "header")
    for j, part in enumerate(("training", "inference", "processing")):
        rr = r + 1 + j
        fact = facts[f"compute_share_{'data_processing' if part == 'processing' else part}"]
        s.put(rr, 2, {"training": "Training", "inference": "Inference", "processing": "Data processing"}[part], "label")
        s.put(rr, 3, Formula(f"=IF({at['total']}=0,0,{at[part]}/{at['total']})"), "calc", "percent")
        s.put(rr, 4, f"{fact.low:.0%}-{fact.high:.0%} ({source_label(fact.source)})", "note")
        s.put(rr, 6, fact.low, "constant", "percent")
        s.put(rr, 7, fact.high, "constant", "percent")
        s.put(rr, 5, Formula(f'=IF(AND({ref(rr, 3)}>={ref(rr, 6)},{ref(rr, 3)}<={ref(rr, 7)}),"yes","outside")'), "check")
    _quick_calculator(ctx, s, r + 6, at)
    return s


def _quick_calculator(ctx: Context, s: SheetSpec, q: int, at: dict[str, str]) -> None:
    """A calculator for any hours, as ML_COST computes them (it does not feed the Budget)."""
    s.put(q, 2, "Quick calculator (does not feed the budget)", "section")
    s.put(q, 3, "", "section")
    calc_rows: list[tuple[str, str, str | float, str, str]] = [
        ("q_hours", "Useful GPU-hours", 1000, "input", "number"),
        ("q_gpu", "GPU type", ctx.a.gpu_type, "input", "text"),
        ("q_pricing", "Pricing (mix, on_demand, reserved, spot)", "mix", "input", "text"),
        ("q_util", "Utilisation", ctx.a.utilisation, "input", "percent"),
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
    s.put(rr, 2, "Cost", "total")
    s.put(
        rr,
        3,
        Formula(f"=ROUND({at['q_hours']}/{at['q_util']}*(INDEX(GpuRates,MATCH({at['q_gpu']},GpuIds,0))*{factor}),2)"),
        "total",
        "cents",
    )
    s.validations += [
        Validation(ref(q + 1, 3), "decimal", low=0, high=1e9, error="GPU-hours: a number from 0"),
        Validation(ref(q + 2, 3), "list", source="GpuIds", error="GPU type: choose from the price list"),
        Validation(ref(q + 3, 3), "list", source='"mix,on_demand,reserved,spot"', error="Pricing: mix, on_demand, reserved or spot"),
        Validation(ref(q + 4, 3), "decimal", low=0.01, high=1, error="Utilisation: above 0, at most 100 %"),
    ]
    s.widths.update({1: 2, 2: 44, 3: 18, 4: 34, 5: 10, 6: 8, 7: 8})
    s.print_area = f"A1:E{rr}"
