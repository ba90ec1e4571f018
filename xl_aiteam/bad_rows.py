"""Staffing rows the model cannot plan, taken as findings rather than refusing the whole workbook.

In the workbook a row whose role the planner does not know, or whose level has no salary for
its role, shows no error value: its lookups fall back to nothing and the Checks sheet flags it
(``UNKNOWN_ROLE``, ``SALARY_MISSING``). ``read_with_findings`` reads such a workbook the same
way: each such row becomes a finding that names the sheet row, what it holds and what is
allowed, and the rest of the plan is computed without it. Any other bad value (an FTE of 2, a
Horizon of 0, two rows with one ID...) still refuses the file with one line, as before.

An assumptions file (YAML or JSON) keeps refusing a bad team line with one line: it is typed
by hand, there is no Checks sheet to show a finding beside it, and a line left out silently
would change the plan's figures without the user seeing why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .assumptions import Assumptions, parse_assumptions
from .catalog import load_catalog
from .errors import ErrorCode, InputError
from .layout.port import BookPort
from .layout.sheets import staffing as staffing_sheet
from .layout.sheets.checks import FIXES
from .plan import Finding
from .rules import one_of

__all__ = ["BadRow", "read_with_findings", "row_findings"]


@dataclass(frozen=True)
class BadRow:
    """A Staffing row the model cannot plan: where it is, what it holds, why."""

    row: int  # the sheet row
    line: dict[str, Any]  # as read, nothing changed
    problem: str  # "role" or "level"
    error: InputError


def _row_error(label: str, exc: InputError, row: int) -> InputError:
    """An error of one team line, naming the sheet row (as ``read_assumptions_from`` does)."""
    m = re.match(rf"^{re.escape(label)}\.team\.\d+\.?(.*)$", exc.field)
    where = f"{label} {staffing_sheet.TITLE} row {row} {m[1] if m else ''}".strip()
    return InputError(where, exc.value, exc.allowed, code=exc.code)


def _problem(label: str, exc: InputError) -> str | None:
    """``role`` or ``level`` when the error is one the Checks sheet flags for a row, else None."""
    m = re.match(rf"^{re.escape(label)}\.team\.\d+\.?(.*)$", exc.field)
    if m is None:
        return None
    if exc.code == ErrorCode.UNKNOWN_ROLE and m[1] == "role":
        return "role"
    if exc.code == ErrorCode.UNKNOWN_LEVEL and m[1] in ("level", ""):  # not a level, or not one of the role's
        return "level"
    return None


def read_with_findings(port: BookPort, data: dict[str, Any]) -> tuple[Assumptions, list[BadRow]]:
    """The workbook's inputs (``data``, as ``read_inputs`` gives them) with every row the model cannot
    plan taken out and returned beside them. Raises InputError for any other bad value."""
    label = port.label
    try:
        return parse_assumptions(data, where=label), []
    except InputError:
        pass  # find the rows at fault, one by one
    bad: list[BadRow] = []
    good: list[dict[str, Any]] = []
    team = data.get("team") or []
    for i, line in enumerate(team):
        row = staffing_sheet.HEADER_ROW + 1 + i
        try:
            parse_assumptions({**data, "team": [line]}, where=label)
        except InputError as exc:
            problem = _problem(label, exc)
            if problem is not None:
                bad.append(BadRow(row, line, problem, exc))
                continue
            if re.match(rf"^{re.escape(label)}\.team\.\d+", exc.field):
                raise _row_error(label, exc, row) from None
            raise  # not a row's value: the same one line as ever
        good.append(line)
    if not bad:  # the rows pass one by one: the fault is in the team as a whole (two rows, one ID)
        return parse_assumptions(data, where=label), []
    return parse_assumptions({**data, "team": good}, where=label), bad


def row_findings(bad: list[BadRow]) -> list[Finding]:
    """The findings the Checks sheet shows for these rows, one line each with the row and what is allowed.

    A row with an unknown role also has no salary (its lookups find nothing), so a salaried one is
    flagged SALARY_MISSING as well, as the Checks sheet flags it."""
    roles = load_catalog().roles
    findings = []
    for b in bad:
        line = b.line
        shown = f"{staffing_sheet.TITLE} row {b.row}"
        ids = (str(line["id"]),) if line.get("id") else ()
        if b.problem == "role":
            names = one_of([r.name for r in roles.values()])
            message = f"{shown}: role {line['role']!r} is not a role of the planner; allowed: {names}. Left out of the plan."
            findings.append(_finding("UNKNOWN_ROLE", message, ids))
            if line.get("employment") == "contractor":
                continue
            message = f"{shown}: no salary, as the role {line['role']!r} is unknown."
        else:
            role = roles[line["role"]]
            message = (
                f"{shown}: {role.name} has no salary for level {line['level']!r}; allowed: {one_of(list(role.levels))}. "
                "Left out of the plan."
            )
        findings.append(_finding("SALARY_MISSING", message, ids))
    return findings


def _finding(check: str, message: str, ids: tuple[str, ...]) -> Finding:
    """A finding of one of the Checks sheet's row checks, with the sheet's advice."""
    return Finding(code=check, severity="error", message=message, fix=FIXES[check], positions=ids)
