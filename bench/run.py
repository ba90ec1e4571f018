"""Benchmarks: each figure measured on this machine, side by side, against its target.

    .venv/bin/python bench/run.py            (about five minutes on 2 cores; needs LibreOffice for the LibreOffice rows)

Prints one table: what was measured, the figure, the target and the ratio (figure / target,
or figure / baseline where the target is relative), then the machine it ran on. Timings are
medians of several runs; nothing here is asserted by the test suite.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "udfs"))

from openpyxl import Workbook  # noqa: E402

from xl_aiteam import build_plan, parse_assumptions, project_budget  # noqa: E402
from xl_aiteam.assumptions import default_assumptions  # noqa: E402
from xl_aiteam.layout import Formula, planner_layout  # noqa: E402
from xl_aiteam.workbook import build_workbook  # noqa: E402

Row = tuple[str, str, str, str]


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 1, clock: Callable[[], float] = time.perf_counter) -> float:
    """The median of ``runs`` timings (wall clock; ``clock=time.process_time`` for the CPU time of this process)."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def peak_memory(fn: Callable[[], Any]) -> float:
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def stage3_assumptions() -> Any:
    """Stage 3 at the top of its ranges with 3 products: 40 positions, 60 months."""
    a = default_assumptions(3, size="high", products=3, horizon_months=60)
    assert len(build_plan(a).positions) == 40, len(build_plan(a).positions)
    return a


Cells = list[tuple[str, list[tuple[tuple[int, int], Any]]]]


def same_cells(a: Any) -> Cells:
    """The workbook's cells and formulas as plain values, per sheet (made before the baseline is timed)."""
    spec = planner_layout(build_plan(a))
    return [(s.name, [(rc, str(c.value) if isinstance(c.value, Formula) else c.value) for rc, c in s.cells.items()]) for s in spec.sheets]


def plain_openpyxl(cells: Cells, out: Path) -> int:
    """The baseline: the same cells and formulas, written with plain openpyxl (no styles, names,
    validations, tables, charts or cached values); the cells are given, not computed."""
    wb = Workbook()
    wb.remove(wb.active)
    count = 0
    for name, values in cells:
        ws = wb.create_sheet(name)
        for (r, c), value in values:
            ws.cell(row=r, column=c, value=value)
            count += 1
    wb.save(out)
    return count


def bench_build(tmp: Path) -> list[Row]:
    a = stage3_assumptions()
    out, base = tmp / "stage3.xlsx", tmp / "baseline.xlsx"
    build_workbook(a, out)
    cells = same_cells(a)
    plain_openpyxl(cells, base)
    built_runs, base_runs = [], []
    for _ in range(7):  # interleaved, so both see the same machine load
        built_runs.append(median_time(lambda: build_workbook(a, out), runs=1, warmup=0))
        base_runs.append(median_time(lambda: plain_openpyxl(cells, base), runs=1, warmup=0))
    built, baseline = statistics.median(built_runs), statistics.median(base_runs)
    count = plain_openpyxl(cells, base)
    memory = peak_memory(lambda: build_workbook(a, out))
    return [
        (f"aiteam build, stage 3 (40 positions, 60 months, {count:,} cells)", f"{built:.3f} s", "<= 1 s", f"{built:.2f}"),
        ("  same cells with plain openpyxl (baseline)", f"{baseline:.3f} s", "<= 1.5x baseline", f"{built / baseline:.2f}x"),
        ("  peak memory of the build (tracemalloc)", f"{memory:.0f} MiB", "reported", ""),
    ]


_PLAIN_SCRIPT = """
import pickle, sys
from openpyxl import Workbook
sheets = pickle.loads(open(sys.argv[1], "rb").read())
wb = Workbook()
wb.remove(wb.active)
for name, cells in sheets:
    ws = wb.create_sheet(name)
    for (r, c), value in cells:
        ws.cell(row=r, column=c, value=value)
wb.save(sys.argv[2])
"""


def bench_process(tmp: Path) -> list[Row]:
    """The whole command, as a user runs it, against a plain openpyxl script writing the same cells."""
    import pickle

    a = stage3_assumptions()
    cells = same_cells(a)
    (tmp / "cells.pkl").write_bytes(pickle.dumps(cells))
    (tmp / "plain.py").write_text(_PLAIN_SCRIPT, encoding="utf-8")
    aiteam = Path(sys.executable).with_name("aiteam")
    command = [str(aiteam), "build", "--stage", "3", "--size", "high", "--products", "3", "--horizon", "60"]
    ours = [*command, "--out", str(tmp / "process.xlsx"), "--force"]
    plain = [sys.executable, str(tmp / "plain.py"), str(tmp / "cells.pkl"), str(tmp / "plain.xlsx")]

    def run(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - start

    ours_runs, plain_runs = [], []
    for _ in range(7):  # interleaved, so both see the same machine load
        ours_runs.append(run(ours))
        plain_runs.append(run(plain))
    built, baseline = statistics.median(ours_runs), statistics.median(plain_runs)
    return [
        ("aiteam build --stage 3 (40 positions), whole process", f"{built:.3f} s", "<= 1.3x baseline", f"{built / baseline:.2f}x"),
        ("  plain openpyxl script, same cells, whole process", f"{baseline:.3f} s", "", ""),
    ]


def bench_budget() -> list[Row]:
    team = [
        {
            "role": "ml_engineer",
            "level": ("junior", "mid", "senior")[i % 3],
            "fte": 1,
            "employment": ("permanent", "contractor")[i % 7 == 0],
            "search_month": 1 + i % 24,
        }
        for i in range(1000)
    ]
    plan = build_plan(parse_assumptions({"team": team, "horizon_months": 60}))
    took = median_time(lambda: project_budget(plan), runs=15)
    return [("project_budget, 1,000 positions x 60 months", f"{took * 1000:.1f} ms", "<= 50 ms", f"{took / 0.05:.2f}")]


def bench_risk() -> list[Row]:
    from xl_aiteam.risk import simulate

    rows: list[Row] = []
    for label, a in (
        ("stage 3 default (22 positions)", default_assumptions(3)),
        ("stage 3 high (40 positions, 60 m)", stage3_assumptions()),
    ):
        plan = build_plan(a)
        took = median_time(lambda plan=plan: simulate(plan, 10_000, 1), runs=7, clock=time.process_time)
        rows.append((f"hiring risk, 10,000 runs, {label}, CPU", f"{took * 1000:.0f} ms", "<= 250 ms", f"{took / 0.25:.2f}"))
    return rows


def bench_udfs() -> list[Row]:
    import aiteam_udfs as udf

    ml = median_time(lambda: udf.ML_COST(1234.5), runs=5000)
    head = median_time(lambda: udf.AITEAM_HEADCOUNT(2, "ML engineer", "high"), runs=5000)
    cells = [[float(i % 5000)] for i in range(10_000)]
    rng = median_time(lambda: udf.ML_COST(cells), runs=9)
    return [
        ("ML_COST, one call", f"{ml * 1e6:.1f} us", "<= 20 us", f"{ml / 20e-6:.2f}"),
        ("AITEAM_HEADCOUNT, one call", f"{head * 1e6:.1f} us", "<= 20 us", f"{head / 20e-6:.2f}"),
        ("ML_COST over 10,000 cells", f"{rng * 1000:.1f} ms", "<= 20 ms", f"{rng / 0.02:.2f}"),
    ]


def cold_import(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(ROOT / "udfs")}
    return float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout)


def bench_import() -> list[Row]:
    udfs_runs, base_runs = [], []
    for _ in range(11):  # interleaved, so both see the same machine load and file cache
        udfs_runs.append(cold_import("import aiteam_udfs"))
        base_runs.append(cold_import("import pandas, pydantic"))
    udfs, base = statistics.median(udfs_runs), statistics.median(base_runs)
    return [
        ("import aiteam_udfs, cold, new process", f"{udfs * 1000:.0f} ms", "<= 1.3x baseline", f"{udfs / base:.2f}x"),
        ("  import pandas, pydantic (baseline)", f"{base * 1000:.0f} ms", "", ""),
    ]


def bench_libreoffice(tmp: Path) -> list[Row]:
    if not shutil.which("soffice"):
        return [("LibreOffice recalculation, stage 3", "not measured", "<= 2 s", "LibreOffice is not installed")]
    from xl_aiteam.adapters.libreoffice import recalculate

    book = build_workbook(stage3_assumptions(), tmp / "recalc-stage3.xlsx")
    empty = Workbook()
    empty.active["A1"] = 1
    empty.save(tmp / "empty.xlsx")
    took = median_time(lambda: recalculate([book], tmp / "lo"), runs=5)
    start_up = median_time(lambda: recalculate([tmp / "empty.xlsx"], tmp / "lo"), runs=5)
    work = took - start_up
    return [
        ("LibreOffice: load, recalculate, save the stage 3 workbook", f"{work:.2f} s", "<= 2 s", f"{work / 2:.2f}"),
        ("  end to end, with soffice start-up (headless convert)", f"{took:.2f} s", "reported", ""),
        ("  soffice start-up alone (an empty workbook)", f"{start_up:.2f} s", "reported", ""),
    ]


def bench_largest(tmp: Path) -> list[Row]:
    """The largest plan the CLI accepts: stage 3 at the top of its ranges, 20 products, 60 months."""
    a = default_assumptions(3, size="high", products=20, horizon_months=60)
    return _build_and_recalculate(tmp, a, f"aiteam build, largest plan ({len(build_plan(a).positions)} positions, 60 months)", "largest")


def bench_stage_live(tmp: Path) -> list[Row]:
    """What live stages cost a small plan: a stage 1 workbook prepares the rows of the largest team any
    stage and size give (at three products), so a switch needs no refill."""
    from xl_aiteam.seats import prepared_seats

    a = default_assumptions(1)
    label = f"aiteam build, stage 1 ({len(build_plan(a).positions)} positions, {prepared_seats(a.products)} rows follow the seats)"
    return _build_and_recalculate(tmp, a, label, "stage1")


def _build_and_recalculate(tmp: Path, a: Any, label: str, stem: str) -> list[Row]:
    """The build of a workbook, and LibreOffice's load, recalculation and save of it less its start-up."""
    out = tmp / f"{stem}.xlsx"
    took = median_time(lambda: build_workbook(a, out), runs=3)
    rows: list[Row] = [(label, f"{took:.2f} s", "reported", "")]
    if shutil.which("soffice"):
        from xl_aiteam.adapters.libreoffice import recalculate

        empty = Workbook()
        empty.active["A1"] = 1
        empty.save(tmp / f"empty-{stem}.xlsx")
        whole = median_time(lambda: recalculate([out], tmp / f"lo-{stem}"), runs=3)
        start_up = median_time(lambda: recalculate([tmp / f"empty-{stem}.xlsx"], tmp / f"lo-{stem}"), runs=3)
        rows.append(("  LibreOffice: load, recalculate, save it", f"{whole - start_up:.2f} s", "reported", ""))
    return rows


def bench_scale(tmp: Path) -> list[Row]:
    """Plans of hundreds, from an assumptions file's team: build, refill and LibreOffice
    recalculation, peak memory, and the build against plain openpyxl writing the same cells."""
    from xl_aiteam.workbook import fill_workbook

    roles = [("ml_engineer", "senior"), ("data_engineer", "mid"), ("data_scientist", "mid"), ("mlops_engineer", "senior")]
    rows: list[Row] = []
    for count in (50, 150, 500):
        team = [{"role": r, "level": lvl, "fte": 1, "search_month": 1 + i % 24} for i, (r, lvl) in enumerate(roles * (count // 4 + 1))][
            :count
        ]
        a = parse_assumptions({"team": team, "horizon_months": 60})
        out, base = tmp / f"scale-{count}.xlsx", tmp / f"scale-{count}-plain.xlsx"
        built = median_time(partial(build_workbook, a, out), runs=3, warmup=0)
        plain = median_time(partial(plain_openpyxl, same_cells(a), base), runs=3, warmup=0)
        refill = median_time(partial(fill_workbook, out), runs=2, warmup=0)
        memory = peak_memory(partial(build_workbook, a, out))
        rows += [
            (
                f"{count} positions x 60 months: build",
                f"{built:.2f} s",
                "<= 1.5x baseline" if count == 500 else "reported",
                f"{built / plain:.2f}x",
            ),
            ("  same cells with plain openpyxl (baseline)", f"{plain:.2f} s", "", ""),
            ("  refill (aiteam fill)", f"{refill:.2f} s", "<= 2x baseline" if count == 500 else "reported", f"{refill / plain:.2f}x"),
            ("  peak memory of the build (tracemalloc)", f"{memory:.0f} MiB", "reported", ""),
        ]
        if shutil.which("soffice"):
            from xl_aiteam.adapters.libreoffice import recalculate

            took = median_time(partial(recalculate, [out], tmp / f"lo-scale-{count}"), runs=1, warmup=0)
            rows.append(("  LibreOffice: load, recalculate, save (with start-up)", f"{took:.2f} s", "reported", ""))
    return rows


def machine() -> str:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal")))
        memory = f", {kb / 2**20:.0f} GiB"
    except (OSError, StopIteration):
        pass
    office = ""
    if shutil.which("soffice"):
        office = subprocess.run(["soffice", "--version"], capture_output=True, text=True, check=False).stdout.strip().split(" ")[:2]
        office = "; " + " ".join(office)
    return f"{cpu}, {os.cpu_count()} cores{memory}; {platform.system()} {platform.release()}; Python {platform.python_version()}{office}"


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="aiteam-bench-") as folder:
        tmp = Path(folder)
        rows = (
            bench_build(tmp)
            + bench_process(tmp)
            + bench_budget()
            + bench_risk()
            + bench_udfs()
            + bench_import()
            + bench_libreoffice(tmp)
            + bench_largest(tmp)
            + bench_stage_live(tmp)
            + bench_scale(tmp)
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':>10}  {'target':<17} ratio")
    for name, figure, target, ratio in rows:
        print(f"{name:<{width}}  {figure:>10}  {target:<17} {ratio}")
    print(f"\nmachine: {machine()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
