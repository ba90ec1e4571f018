"""Skills matrix: must have / nice to have / not needed per role, and what each role is for."""

from __future__ import annotations

from ...guide import role_order
from ..a1 import col
from ..blocks import RoleBlocks, put_link
from ..common import FUNCTION_LABELS, fit_rows, source_label, title
from ..context import Context
from ..spec import CondFormat, SheetSpec

__all__ = ["TITLE", "build"]

TITLE = "Skills matrix"


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="B5", tab_color="808080", landscape=False)
    catalog = ctx.catalog
    matrix = catalog.hiring.skills_matrix
    order = role_order()  # the Roles sheet's order
    rated = sorted(matrix.roles, key=order.index)
    guide = ctx.need(RoleBlocks)
    title(s, "Skills matrix", f"What to look for when hiring, from {catalog.sources[matrix.source].file}.")
    s.put(4, 1, "Skill", "header")
    for j, role in enumerate(rated):
        s.put(4, 2 + j, catalog.role(role).name, "header")
    labels = {"must_have": "Must have", "nice_to_have": "Nice to have", "not_needed": "Not needed"}
    for i, row in enumerate(matrix.rows):
        s.put(5 + i, 1, row.skill, "label")
        for j, role in enumerate(rated):
            s.put(5 + i, 2 + j, labels[row.ratings[role].value], "label")
    last = 4 + len(matrix.rows)
    grid = f"B5:{col(1 + len(matrix.roles))}{last}"
    s.cond_formats += [
        CondFormat(grid, "Must have", "A9D08E"),
        CondFormat(grid, "Nice to have", "FFE699"),
        CondFormat(grid, "Not needed", "EDEDED"),
    ]
    r = last + 2
    s.put(r, 1, "Roles", "section")
    for c, text in enumerate(["Role", "Function", "What the role is for", "Source"], start=1):
        s.put(r + 1, c, text, "header")
    for i, role_id in enumerate(order):
        info = catalog.role(role_id)
        rr = r + 2 + i
        block = guide.get(f"role:{role_id}")
        assert block is not None, role_id
        put_link(s, rr, 1, block, info.name)
        s.put(rr, 2, FUNCTION_LABELS[info.function], "label")
        s.put(rr, 3, info.summary.text, "wrap")
        s.put(rr, 4, source_label(info.summary.source), "note")
    s.widths.update({1: 34, 2: 18, 3: 70, 4: 14, 5: 18})
    fit_rows(s)
    s.print_area = f"A1:E{r + 1 + len(catalog.roles)}"
    return s
