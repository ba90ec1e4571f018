"""Model lifecycle: the stages of a model's life with their typical duration, activities,
deliverables and the roles that carry them, and the seeds' figures on how many projects reach
production and how long it takes. Each block's first cell carries a defined name other sheets link to.
"""

from __future__ import annotations

from ...guide import source_label
from ..blocks import Block, LifecycleBlocks, RoleBlocks, define, put_link
from ..common import fit_rows, title
from ..context import Context
from ..spec import SheetSpec

__all__ = ["FIGURES", "TITLE", "build"]

TITLE = "Model lifecycle"
TEXT, FIGURE, SOURCE = 2, 3, 4  # columns; A holds the labels
SERVICE_PAGE = 4  # printed, the stages from release on (deployment, monitoring) start a page of their own
# the seeds' production figures (cost facts of the catalog), what each counts, and its number format
FIGURES = {
    "projects_reaching_production": ("Reach production", "Share of AI projects that get from prototype to production", "share"),
    "ds_projects_never_in_production": ("Never reach production", "Share of data science projects that never get there", "share"),
    "months_to_production": ("Time to production", "Months it takes on average, for the projects that do get there", "whole"),
}


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="808080", landscape=False)
    catalog = ctx.catalog
    roles = ctx.need(RoleBlocks)
    title(s, "Model lifecycle", "From an idea to a model in service: the stages, who carries them, and how often projects get there.")
    blocks: list[Block] = []
    row = 4

    def section(key: str, heading: str, label: str) -> None:
        blocks.append(define(ctx, s, row, key, f"Model lifecycle: {label}"))
        s.put(row, 1, heading, "section")
        for c in (TEXT, FIGURE, SOURCE):
            s.put(row, c, "", "section")

    section("production", "How many projects reach production, and how long it takes", "production figures")
    row += 1
    s.put(row, 1, "Figure", "header")
    s.put(row, TEXT, "What it counts", "header")
    s.put(row, FIGURE, "Seed figure", "header")
    s.put(row, SOURCE, "Source", "header")
    for key, (label, what, fmt) in FIGURES.items():
        fact = catalog.fact(key)
        row += 1
        s.put(row, 1, label, "label")
        s.put(row, TEXT, f"{what}{f' ({fact.note})' if fact.note else ''}.", "wrap")
        s.put(row, FIGURE, fact.low, "constant", fmt)
        s.put(row, SOURCE, source_label(fact.source), "unit")
    stages = catalog.lifecycle.lifecycle
    timed = [st.weeks for st in stages if st.weeks is not None]
    low, high = sum(w.low for w in timed), sum(w.high or w.low for w in timed)
    row += 1
    s.put(row, 1, f"Stages 1 to {len(timed)} together", "label")
    s.put(
        row,
        TEXT,
        f"{low:g}-{high:g} weeks for most projects, by our sum of the typical durations below: far less than the "
        "time most projects take in practice.",
        "wrap",
    )
    s.put(row, SOURCE, "our sum", "unit")

    row += 2
    section("lifecycle", "The stages of a model's life", "the stages")
    for stage in stages:
        row += 1 if stage is stages[0] else 2  # a blank row between stages
        if stage.number == SERVICE_PAGE:
            s.row_breaks.append(row)
        s.put(row, 1, f"{stage.number}. {stage.name}", "strong")
        if stage.weeks is None:
            duration = "ongoing, for as long as the model is in service."
        else:
            duration = f"{stage.weeks.low:g}-{stage.weeks.high or stage.weeks.low:g} weeks for most projects."
        s.put(row, TEXT, f"Typical duration: {duration}", "wrap")
        s.put(row, SOURCE, source_label(stage.source), "unit")
        for label, texts in (("Activities", stage.activities), ("Deliverables", stage.deliverables)):
            for i, text in enumerate(texts):
                row += 1
                if i == 0:
                    s.put(row, 1, label, "label")
                s.put(row, TEXT, text, "wrap")
                s.put(row, SOURCE, source_label(stage.source), "unit")
        for i, carrier in enumerate(stage.carried_by):
            row += 1
            if i == 0:
                s.put(row, 1, "Carried by", "label")
            block = roles.get(f"role:{carrier.role}")
            assert block is not None, carrier.role
            put_link(s, row, TEXT, block, catalog.role(carrier.role).name)
            s.put(row, SOURCE, source_label(carrier.source), "unit")
    s.widths.update({1: 26, TEXT: 66, FIGURE: 11, SOURCE: 10})
    fit_rows(s)
    s.print_area = f"A1:D{row}"
    ctx.hand(LifecycleBlocks(tuple(blocks)))
    return s
