"""The Compute sheet's workload table: what the team runs on GPUs, the FLOPs and the useful
GPU-hours it gives (``xl_aiteam.workload`` computes the same), and each GPU's peak throughput.

The block comes last on the Compute sheet (``build_block(ctx, s, top)``), so a Compute sheet of
an earlier version has every other cell where this layout has it and a refill can write this
layout over it (``upgrade``): the Budget's compute rows then find the table's names in both.
"""

from __future__ import annotations

from typing import Any

from ..assumptions import WORKLOAD_KINDS
from ..costs import blended_rate
from ..locations import base_currency, base_rate, price_in_currency
from ..workload import FLOP_PER_TFLOP, SECONDS_PER_HOUR, TRAINING_KINDS, row_flops, row_hours, workload_months
from .a1 import area, col, ref
from .common import BASE_RATE, in_reporting, source_label
from .context import Context
from .months import FIRST, LAST, TimelineRows
from .port import BookPort, bounds, named, scalar
from .rules import number_validation
from .spec import Formula, SheetSpec

__all__ = [
    "BLOCK_TITLE",
    "BUDGET_LABELS",
    "NAMES",
    "budget_rows",
    "build_block",
    "hours_name",
    "inputs_check",
    "read",
    "start_name",
    "upgrade",
]

BLOCK_TITLE = "Workload: what the team runs on GPUs (feeds the Budget month by month)"
LABELS = {"training": "Training runs", "fine_tuning": "Fine-tuning", "evaluation": "Evaluation", "inference": "Inference (tokens a month)"}
COLUMNS = ("flops_per_param_token", "params", "tokens", "runs_per_month", "start_month")  # inputs, columns C to G
HEADERS = ("Workload", "FLOPs per parameter per token", "Parameters", "Tokens per run", "Runs a month", "Start month", "FLOPs a month")
NAMES = {
    "mfu": "WorkloadMfu",
    "experiment": "WorkloadExperimentHours",
    "peak": "WorkloadPeak",
    "blended": "WorkloadBlendedRate",
    "at_end": "WorkloadPractitionersAtEnd",
    "base_rate": "WorkloadBaseRate",
    "storage": "WorkloadStoragePrice",
    "flop_per_tflop": "FlopPerTflop",
    "seconds": "SecondsPerHour",
    "gpu_peaks": "GpuPeakTflops",
    "gpu_peak_notes": "GpuPeakNotes",
}
RULES = {"params": "workloads.params", "tokens": "workloads.tokens", "runs_per_month": "workloads.runs_per_month"}
RULES |= {"start_month": "workloads.start_month", "flops_per_param_token": "workloads.flops_per_param_token"}
TABLE_NAMES = {
    "flops_per_param_token": "WorkloadFactors",
    "params": "WorkloadParams",
    "tokens": "WorkloadTokens",
    "runs_per_month": "WorkloadRuns",
    "start_month": "WorkloadStarts",
}
MIX = "MixOnDemand+MixReserved*(1-ReservedDiscount)+MixSpot*(1-SpotDiscount)"  # the pricing factor of the mix
PRACTITIONER_LABELS = ("data science", "ML engineering")  # the Staffing function labels of ML practitioners


def _camel(kind: str) -> str:
    return "".join(part.title() for part in kind.split("_"))


def hours_name(kind: str) -> str:
    return f"Workload{_camel(kind)}Hours"


def start_name(kind: str) -> str:
    return f"Workload{_camel(kind)}Start"


def practitioners(month: str) -> str:
    """Productive ML practitioners (FTE) on board in ``month``, from the Staffing table."""
    who = "+".join(f'(StaffFunction="{label}")' for label in PRACTITIONER_LABELS)
    return f'SUMPRODUCT(({who})*(StaffProductiveMonth<={month})*(((StaffEndMonth="")+(StaffEndMonth>={month}))>0)*StaffFte*StaffInPlan)'


def build_block(ctx: Context, s: SheetSpec, top: int) -> int:
    """Write the block from row ``top``; returns its last row."""
    a, catalog = ctx.a, ctx.catalog
    s.put(top, 2, BLOCK_TITLE, "section")
    for c in range(3, 10):
        s.put(top, c, "", "section")
    r = top + 1
    scalars: list[tuple[str, str, Any, str, str, Any]] = [
        ("mfu", "Model FLOPs utilisation (MFU): share of the GPU's peak a job uses", a.mfu, "input", "percent", None),
        (
            "experiment",
            "Experiments: GPU-hours a month per productive ML practitioner",
            a.experiment_gpu_hours_per_practitioner,
            "input",
            "whole",
            None,
        ),
        ("flop_per_tflop", "FLOP per TFLOP", FLOP_PER_TFLOP, "constant", "big", None),
        ("seconds", "Seconds per hour", SECONDS_PER_HOUR, "constant", "whole", None),
    ]
    for key, label, value, style, fmt, _ in scalars:
        s.put(r, 2, label, "label")
        s.put(r, 3, value, style, fmt)
        ctx.name(NAMES[key], s.name, r, 3)
        if key in ("mfu", "experiment"):
            source = catalog.defaults.scalars["mfu" if key == "mfu" else "experiment_gpu_hours_per_practitioner"].source
            s.put(r, 4, source_label(source), "unit")
        r += 1
    s.validations += [
        number_validation(ref(top + 1, 3), "mfu", "MFU"),
        number_validation(ref(top + 2, 3), "experiment_gpu_hours_per_practitioner", "Experiment hours"),
    ]
    at_end = float(workload_months(ctx.plan).practitioners[-1])
    base = base_currency()
    derived: list[tuple[str, str, str, str, Any]] = [
        (
            "peak",
            "Peak dense BF16 TFLOP/s of the GPU type",
            f"=INDEX({NAMES['gpu_peaks']},MATCH(GpuType,GpuIds,0))",
            "rate",
            a.gpu.peak_tflops,
        ),
        (
            "blended",
            "Blended rate per billed GPU-hour, in the reporting currency",
            f"={in_reporting('GpuRate')}*({MIX})",  # the rate in effect (a scenario's), converted
            "rate",
            blended_rate(a),
        ),
        ("at_end", "Productive ML practitioners at the end of the plan (FTE)", "=" + practitioners("Horizon"), "fte", at_end),
        ("base_rate", f"Exchange rate: reporting currency per {base} (Locations, first row)", f"={BASE_RATE}", "index", base_rate(a)),
        ("storage", f"Storage price per TB-month ({base}, on Assumptions)", "=StoragePrice", "rate", a.storage_price_per_tb_month),
    ]
    for key, label, formula, fmt, cached in derived:
        s.put(r, 2, label, "label")
        s.put(r, 3, Formula(formula), "calc", fmt, cached=cached)
        ctx.name(NAMES[key], s.name, r, 3)
        if key == "storage":  # beside the typed price: the price the Budget's storage row is figured from
            s.put(r, 4, Formula(f"={in_reporting(ref(r, 3))}"), "calc", "rate", cached=price_in_currency(a.storage_price_per_tb_month, a))
            s.put(r, 5, Formula('="per TB-month ("&Currency&")"'), "unit", cached=f"per TB-month ({a.currency})")
        r += 1
    r += 1
    for c, text in enumerate((*HEADERS, "Useful GPU-hours a month"), start=2):
        s.put(r, c, text, "header")
    s.heights[r] = 30
    first = r + 1
    for kind in WORKLOAD_KINDS:
        r += 1
        w = a.workloads[kind]
        s.put(r, 2, LABELS[kind], "label")
        for j, column in enumerate(COLUMNS):
            fmt = "int" if column == "start_month" else "whole" if column in ("flops_per_param_token", "runs_per_month") else "big"
            s.put(r, 3 + j, getattr(w, column), "input", fmt)
        inputs = "*".join(ref(r, 3 + j) for j in range(4))
        # a value the rules refuse (text, an MFU of 0) shows 0 here, never an error value: Checks flags it (WORKLOAD_INPUTS)
        s.put(r, 8, Formula(f"=IFERROR({inputs}*WorkloadScale,0)"), "calc", "big", cached=row_flops(a, kind))
        hours = f"=IFERROR({ref(r, 8)}/({NAMES['peak']}*{NAMES['flop_per_tflop']}*{NAMES['mfu']})/{NAMES['seconds']},0)"
        s.put(r, 9, Formula(hours), "calc", "hours", cached=row_hours(a, kind))
        ctx.name(hours_name(kind), s.name, r, 9)
        ctx.name(start_name(kind), s.name, r, 7)
    for j, column in enumerate(COLUMNS):
        s.validations.append(number_validation(area(first, 3 + j, r, 3 + j), RULES[column], HEADERS[1 + j]))
        ctx.name(TABLE_NAMES[column], s.name, first, 3 + j, r, 3 + j)
    r += 2
    return _gpu_peaks(ctx, s, r)


def _gpu_peaks(ctx: Context, s: SheetSpec, r: int) -> int:
    """Each GPU type's peak dense BF16 throughput, in the price list's order (``GpuIds``)."""
    for c, text in enumerate(("GPU id", "Peak dense BF16 TFLOP/s", "Source of the throughput", "Date"), start=2):
        s.put(r, c, text, "header")
    s.heights[r] = 30
    first = r + 1
    for gpu_id, gpu in ctx.a.gpu_types.items():
        r += 1
        s.put(r, 2, Formula(f"=INDEX(GpuIds,ROWS($B${first}:$B{r}))"), "link", cached=gpu_id)  # the k-th id of the price list
        s.put(r, 3, gpu.peak_tflops, "input", "rate")
        s.put(r, 4, gpu.peak_note, "wrap")  # fit_rows gives the row the height it needs
        s.put(r, 5, _peak_date(ctx, gpu_id), "unit")
    ctx.name(NAMES["gpu_peaks"], s.name, first, 3, r, 3)
    ctx.name(NAMES["gpu_peak_notes"], s.name, first, 4, r, 4)
    s.validations.append(number_validation(area(first, 3, r, 3), "gpu_types.peak_tflops", "Peak TFLOP/s"))
    return r


def _peak_date(ctx: Context, gpu_id: str) -> str:
    known = {g.id: g.peak_date for g in ctx.catalog.costs.gpu_prices}
    return known.get(gpu_id, "")


def read(port: BookPort) -> dict[str, Any]:
    """The block's inputs as plain data for ``parse_assumptions``; {} in a workbook made before it
    (the defaults apply). GPU peaks come as ``gpu_types`` entries, to merge with the price list's."""
    if port.name_ref(NAMES["mfu"]) is None:
        return {}
    data: dict[str, Any] = {
        "mfu": scalar(named(port, NAMES["mfu"])[0][0]),
        "experiment_gpu_hours_per_practitioner": scalar(named(port, NAMES["experiment"])[0][0]),
        "workloads": {},
    }
    for kind in WORKLOAD_KINDS:
        row_ref = port.name_ref(hours_name(kind)) or ""
        sheet, row, _, _, _ = bounds(row_ref)
        values = port.values(sheet, row, 3, row, 7)[0]
        data["workloads"][kind] = {column: scalar(v) for column, v in zip(COLUMNS, values, strict=True)}
    ids = [row[0] for row in named(port, "GpuIds")]
    peaks = [row[0] for row in named(port, NAMES["gpu_peaks"])]
    notes = [row[0] for row in named(port, NAMES["gpu_peak_notes"])]
    data["gpu_types"] = {
        gid: {"peak_tflops": scalar(peak), "peak_note": str(note or "")} for gid, peak, note in zip(ids, peaks, notes, strict=False) if gid
    }
    return data


def inputs_check() -> str:
    """A Checks formula: 1 when a workload input is outside what the model takes (its lower limits,
    and MFU at most 1; the cells' validation holds the upper ones), else 0, never an error value."""
    counted = " ".join(f"COUNT({n})<ROWS({n})," for n in TABLE_NAMES.values())
    peaks = NAMES["gpu_peaks"]
    return (
        f"=IF(OR(NOT(ISNUMBER({NAMES['mfu']})),{NAMES['mfu']}<=0,{NAMES['mfu']}>1,"
        f"NOT(ISNUMBER({NAMES['experiment']})),{NAMES['experiment']}<0,NOT(ISNUMBER(WorkloadScale)),WorkloadScale<0,"
        f"{counted.replace(' ', '')}MIN(WorkloadParams)<=0,MIN(WorkloadTokens)<=0,MIN(WorkloadRuns)<0,MIN(WorkloadFactors)<=0,"
        f"MIN(WorkloadStarts)<1,COUNT({peaks})<ROWS({peaks}),MIN({peaks})<=0),1,0)"
    )


def upgrade(port: BookPort, compute: SheetSpec) -> SheetSpec | None:
    """The whole Compute sheet of this layout, for a workbook whose Compute sheet was made before
    the workload table (None when it has one). The earlier layout put every cell it had where this
    one puts it (the table comes last), so writing this one over it changes the month's rows to
    follow the workload, keeps the quick calculator's inputs (read back before) and adds the table."""
    return compute if port.name_ref(NAMES["mfu"]) is None else None


BUDGET_LABELS = {
    "practitioners": "Productive ML practitioners (FTE)",
    "team_on": "Team productive (1 from the first ML practitioner's productive month)",
    "training": "Training: useful GPU-hours (workload, experiments, fixed extra)",
    "inference": "Inference: useful GPU-hours (workload, fixed extra)",
}


def budget_rows(ctx: Context, s: SheetSpec, t: TimelineRows, top: int) -> dict[str, int]:
    """The Budget's workload rows from row ``top`` ("Workload" is no category: no total counts them): who runs the
    work and the useful GPU-hours it takes each month, which the compute rows price."""
    fig = ctx.figures
    months = workload_months(ctx.plan)
    s.put(top - 1, 2, "The work behind the compute rows (not a cost: not in the totals)", "note")
    rows = {key: top + i for i, key in enumerate(BUDGET_LABELS)}
    who = "+".join(f'(StaffFunction="{label}")' for label in PRACTITIONER_LABELS)
    for key, label in BUDGET_LABELS.items():
        s.put(rows[key], 1, "Workload", "label")  # not a category: no total counts it
        s.put(rows[key], 2, label, "label")
    trains = "+".join(f"{hours_name(k)}*(M>={start_name(k)})" for k in TRAINING_KINDS)
    values = {key: fig.padded(getattr(months, key)) for key in BUDGET_LABELS}
    infer = hours_name("inference")
    for c in range(FIRST, LAST + 1):
        m, on = f"{col(c)}${t.month}", f"{col(c)}${t.in_plan}"
        p, team = f"{col(c)}{rows['practitioners']}", f"{col(c)}{rows['team_on']}"
        formulas = {
            "practitioners": f"={practitioners(m)}*{on}",
            "team_on": f"=(SUMPRODUCT(({who})*(StaffProductiveMonth<={m})*StaffInPlan)>0)*{on}",
            "training": f"=(({trains.replace('M>=', m + '>=')})*{team}+N(WorkloadExperimentHours)*N(WorkloadScale)*{p}"
            f"+TrainingHours*({m}>=ComputeStartMonth))*{on}",
            "inference": f"=({infer}*({m}>={start_name('inference')})*{team}+InferenceHours*({m}>=ComputeStartMonth))*{on}",
        }
        for key, formula in formulas.items():
            fmt = "fte" if key == "practitioners" else "int" if key == "team_on" else "hours"
            s.put(rows[key], c, Formula(formula), "calc", fmt, cached=float(values[key][c - FIRST]))
    return rows
