"""Roles: the hiring guide, one block per role of the catalog, each fact with the seed it came from.

An index of the roles comes first; each role's block starts a printed page and carries a
defined name (``GuideRoleMlEngineer``). Staffing's Guide column links to it by looking the
role up in the index (``GuideRoleNames``) and jumping to the name beside it (``GuideRoleTargets``).
The roles come in the catalog's order, the order the Skills matrix uses too.
"""

from __future__ import annotations

from ...guide import role_facts, role_guide, role_order, source_label
from ..blocks import Block, RoleBlocks, define, put_link
from ..common import fit_rows, title
from ..context import Context
from ..spec import SheetSpec

__all__ = ["TITLE", "build"]

TITLE = "Roles"
TEXT, SOURCE, TARGET = 2, 3, 4  # columns: A holds labels, B the text, C its source, D the link names (not printed)


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, tab_color="808080", landscape=False)
    catalog = ctx.catalog
    title(
        s,
        "Roles and interview guide",
        "What each role does, the skills it needs, how seniority shows, and how to interview for it. Printed, each role starts a page.",
    )
    order = role_order()
    s.put(4, 1, "Roles in this guide", "section")
    for c in (TEXT, SOURCE):
        s.put(4, c, "", "section")
    s.put(5, 1, "Role (click to go to it)", "header")
    s.put(5, TEXT, "Function and levels", "header")
    s.put(5, SOURCE, "", "header")
    s.put(5, TARGET, "Name of its block (used by the links)", "note")
    first_index = 6
    row = first_index + len(order) + 1
    s.put(row, 1, "Each item names the document it came from (Start lists them). Sections the seeds leave empty are left out.", "note")
    blocks: list[Block] = [define(ctx, s, 4, "roles", "Roles: the guide's index")]
    for i, role_id in enumerate(order):
        role = catalog.role(role_id)
        row += 2
        block = define(ctx, s, row, f"role:{role_id}", f"Roles: {role.name}")
        blocks.append(block)
        s.row_breaks.append(row)
        index_row = first_index + i
        put_link(s, index_row, 1, block, role.name)
        s.put(index_row, TEXT, role_facts(role), "label")
        s.put(index_row, TARGET, block.name, "note")
        s.put(row, 1, role.name, "subtitle")
        s.put(row, TEXT, role_facts(role), "note")
        missing = []
        for section in role_guide(role_id):
            if not section.items:
                missing.append(section.title.lower())
                continue
            row += 1
            s.put(row, 1, section.title, "section")
            for c in (TEXT, SOURCE):
                s.put(row, c, "", "section")
            for item in section.items:
                row += 1
                if item.lead:
                    s.put(row, 1, item.lead, "label")
                s.put(row, TEXT, item.text, "wrap")
                s.put(row, SOURCE, source_label(item.source), "unit")
        if missing:
            row += 1
            listed = ", ".join(missing[:-1]) + (" or " if len(missing) > 1 else "") + missing[-1]
            s.put(row, TEXT, f"The seeds give no {listed} for this role.", "note")
    ctx.name("GuideRoleNames", s.name, first_index, 1, first_index + len(order) - 1, 1)
    ctx.name("GuideRoleTargets", s.name, first_index, TARGET, first_index + len(order) - 1, TARGET)
    s.widths.update({1: 22, TEXT: 74, SOURCE: 10, TARGET: 30})
    fit_rows(s)
    s.print_area = f"A1:C{row}"
    ctx.hand(RoleBlocks(tuple(blocks)))
    return s
