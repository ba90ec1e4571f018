"""A role's hiring guide, section by section, as the catalog holds it.

One source for the three places a manager reads it: the workbook's Roles sheet, the
``aiteam roles`` command and the ``=AITEAM_ROLE`` function. Every item keeps the key of the
document it came from (``source_label`` says how to show it).

    >>> [s.field for s in role_guide("ml_engineer") if s.items][:3]
    ['summary', 'responsibilities', 'skills']
    >>> role_lines("data_scientist", "seniority")[0][:24]
    'junior (0-2 years): Runs'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .catalog import FUNCTION_LABELS, Range, Role, load_catalog
from .errors import ErrorCode, InputError
from .rules import one_of

__all__ = [
    "FIELDS",
    "TITLES",
    "Item",
    "Section",
    "find_field",
    "find_role",
    "role_facts",
    "role_guide",
    "role_lines",
    "role_order",
    "source_label",
    "years",
]

# A role's guide in reading order; the names are the ones =AITEAM_ROLE and the catalog use.
FIELDS = ("summary", "responsibilities", "skills", "seniority", "look_for", "red_flags", "interview")
TITLES = {
    "summary": "What the role is for",
    "responsibilities": "Responsibilities",
    "skills": "Skills required",
    "seniority": "Seniority markers",
    "look_for": "What to look for",
    "red_flags": "Red flags",
    "interview": "Interview tasks",
}


@dataclass(frozen=True)
class Item:
    text: str
    source: str  # a key of sources.yaml
    lead: str = ""  # what the item is about, where it needs saying: "senior (5+ years)" before a marker


@dataclass(frozen=True)
class Section:
    field: str
    title: str
    items: tuple[Item, ...]


def role_order() -> list[str]:
    """The one order roles are shown in (the Roles sheet, the Skills matrix, ``aiteam roles``): the catalog's."""
    return list(load_catalog().roles)


def source_label(key: str) -> str:
    """How a source shows beside a fact: "seed 002", "team note", "assumption"."""
    doc = load_catalog().sources[key]
    return {"seed": f"seed {key[1:]}", "note": "team note"}.get(doc.kind, "assumption")


def years(span: Range) -> str:
    """ "0-2 years", "5+ years"."""
    if span.high is None:
        return f"{span.low:g}+ years"
    return f"{span.low:g}-{span.high:g} years"


def role_facts(role: Role) -> str:
    """The role's function and levels, in one line: "ML engineering; levels junior, mid, senior"."""
    return f"{FUNCTION_LABELS[role.function]}; level{'s' if len(role.levels) > 1 else ''} {', '.join(lvl.value for lvl in role.levels)}"


def role_guide(role_id: str) -> list[Section]:
    """Every section of a role's guide, in the order of FIELDS; a section the seeds leave empty has no items."""
    role = load_catalog().role(role_id)
    ev = role.evaluation
    items: dict[str, list[Item]] = {
        "summary": [Item(role.summary.text, role.summary.source)],
        "responsibilities": [Item(t.text, t.source) for t in role.responsibilities],
        "skills": [Item(t.text, t.source) for t in role.skills],
        "seniority": [Item(m.marker, m.source, f"{m.level.value} ({years(m.years)})") for m in role.seniority],
        "look_for": [Item(t, ev.source) for t in ev.look_for] if ev else [],
        "red_flags": [Item(t, ev.source) for t in ev.red_flags] if ev else [],
        "interview": [Item(t, ev.source) for t in ev.interview] if ev else [],
    }
    return [Section(field, TITLES[field], tuple(items[field])) for field in FIELDS]


def role_lines(role_id: str, field: str = "summary") -> list[str]:
    """One field of a role's guide as lines of text (a seniority marker led by its level and years)."""
    section = next(s for s in role_guide(role_id) if s.field == field)
    return [f"{item.lead}: {item.text}" if item.lead else item.text for item in section.items]


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, str) and value.strip() == "")


def find_role(value: Any, name: str = "role") -> str:
    """The id of the role ``value`` names, by id (``ml_engineer``) or name (``ML engineer``), any case."""
    roles = load_catalog().roles
    if isinstance(value, str):
        key = value.strip().lower()
        for role in roles.values():
            if key in (role.id, role.name.lower()):
                return role.id
    allowed = f"must be {one_of([roles[r].name for r in role_order()])}"
    raise InputError(name, value if _given(value) else "", allowed, code=ErrorCode.UNKNOWN_ROLE if _given(value) else ErrorCode.REQUIRED)


def find_field(value: Any, name: str = "field") -> str:
    """A field of the guide, as typed (``Red flags`` and ``red_flags`` both work); empty means the summary."""
    if not _given(value):
        return "summary"
    if isinstance(value, str):
        key = value.strip().lower().replace(" ", "_").replace("-", "_")
        if key in FIELDS:
            return key
    raise InputError(name, value, f"must be {one_of(FIELDS)}", code=ErrorCode.UNKNOWN_CHOICE)
