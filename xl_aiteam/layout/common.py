"""Small pieces several sheets share: titles, source labels, level and employment lists."""

from __future__ import annotations

from ..catalog import Employment, Level, load_catalog
from .spec import SheetSpec

__all__ = ["EMPLOYMENT", "FUNCTION_LABELS", "LEVELS", "source_label", "title"]

LEVELS = [lvl.value for lvl in Level]
EMPLOYMENT = [e.value for e in Employment]
FUNCTION_LABELS = {
    "data_science": "data science",
    "ml_engineering": "ML engineering",
    "infrastructure": "infrastructure",
    "domain": "domain",
    "product": "product",
    "leadership": "leadership",
}


def title(sheet: SheetSpec, text: str, note: str) -> None:
    """The sheet's title in A1 and what it is for in A2."""
    sheet.put(1, 1, text, "title")
    sheet.put(2, 1, note, "note")


def source_label(key: str) -> str:
    """How a source shows in a cell: "seed 002", "team note", "assumption" (Start lists the files)."""
    doc = load_catalog().sources[key]
    return {"seed": f"seed {key[1:]}", "note": "team note"}.get(doc.kind, "assumption")
