"""90-day playbook: the leader's three phases, items with owner, due date and status.

``read`` gives back what the user typed (owners, statuses, notes), so a refill keeps it.
"""

from __future__ import annotations

from typing import Any

from ...playbook import STATUSES, playbook_items
from ..blocks import find, put_link
from ..common import fit_rows, title
from ..context import Context
from ..port import BookPort, rows_until, scalar
from ..rules import list_validation
from ..spec import CondFormat, Formula, SheetSpec, TableSpec

__all__ = ["TITLE", "build", "read"]

TITLE = "90-day playbook"
HEADER_ROW = 4
HEADERS = ["Phase", "Name", "Day from", "Day to", "Kind", "Item", "Owner", "Due date", "Status", "Notes", "Guide"]


def build(ctx: Context) -> SheetSpec:
    s = SheetSpec(TITLE, freeze="A5", tab_color="FFC000")
    title(
        s,
        "The leader's first 90 days",
        "Three phases from seed 002. Day 1 is the plan start date; each item is due on the last day of its phase.",
    )
    for c, text in enumerate(HEADERS, start=1):
        s.put(HEADER_ROW, c, text, "header")
    items = playbook_items(ctx.a)
    # the guide block each item draws on, in the order of the items: a phase's priorities, then its deliverable
    sees = [
        see for phase in ctx.catalog.lifecycle.playbook for see in [*(phase.see or [None] * len(phase.priorities)), phase.deliverable_see]
    ]
    for i, item in enumerate(items):
        r = HEADER_ROW + 1 + i
        kept = ctx.state.playbook.get((int(item["phase"]), str(item["item"])), {})
        item.update({k: v for k, v in kept.items() if v not in (None, "")})
        s.put(r, 1, int(item["phase"]), "label", "int")
        s.put(r, 2, str(item["phase_name"]), "text")
        s.put(r, 3, int(item["day_from"]), "constant", "int")
        s.put(r, 4, int(item["day_to"]), "constant", "int")
        s.put(r, 5, str(item["kind"]), "text")
        s.put(r, 6, str(item["item"]), "wrap")
        s.put(r, 7, str(item["owner"]), "input")
        s.put(r, 8, Formula(f"=StartDate+$D{r}-1"), "calc", "date", cached=item["due_date"])
        s.put(r, 9, str(item["status"]), "input_text")
        s.put(r, 10, str(item.get("notes") or ""), "input")
        if sees[i]:
            put_link(s, r, 11, find(ctx, str(sees[i])))
    last = HEADER_ROW + len(items)
    s.validations.append(list_validation(f"I5:I{last}", STATUSES, "Status"))
    s.cond_formats += [
        CondFormat(f"I5:I{last}", "Done", "A9D08E"),
        CondFormat(f"I5:I{last}", "Blocked", "F4B084"),
        CondFormat(f"I5:I{last}", "In progress", "FFE699"),
    ]
    s.tables.append(TableSpec("PlaybookTable", f"A4:K{last}", "TableStyleLight1"))
    s.widths.update({1: 7, 2: 30, 3: 8, 4: 8, 5: 12, 6: 70, 7: 14, 8: 11, 9: 13, 10: 30, 11: 40})
    fit_rows(s)
    s.print_area = f"A1:K{last}"
    return s


def read(port: BookPort) -> dict[tuple[int, str], dict[str, Any]]:
    """Owner, status and notes of each item as the user keeps them, by (phase, item)."""
    if TITLE not in port.sheet_names():
        return {}
    state: dict[tuple[int, str], dict[str, Any]] = {}
    for row in rows_until(port, TITLE, HEADER_ROW + 1, 1, len(HEADERS), lambda row: row[0] in (None, "")):
        state[(int(scalar(row[0])), str(row[5]))] = {"owner": row[6], "status": row[8], "notes": row[9]}
    return state
