"""Data validation from the model's rules: the workbook refuses what the model refuses.

Every limit comes from the pydantic field definitions through ``xl_aiteam.rules`` (the same
source the Excel functions, the command line and the loader use); a sheet names the field,
never the numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..rules import Bounds, bounds, choices, date_range
from .spec import Validation

__all__ = ["date_validation", "list_validation", "number_validation"]


def _top_left(sqref: str) -> str:
    return sqref.split(":")[0].replace("$", "")


def number_validation(sqref: str, rule: Bounds | str, label: str) -> Validation:
    """A whole or decimal number as ``rule`` (or the rule of the field path ``rule``) allows."""
    rule = bounds(rule) if isinstance(rule, str) else rule
    limits = rule.excel_limits()
    text = rule.describe()
    common = {"error": f"{label}: {text}", "prompt": text[0].upper() + text[1:]}
    if limits.type == "custom":
        return Validation(sqref, "custom", formula=rule.excel_formula(_top_left(sqref)), **common)
    return Validation(sqref, limits.type, low=limits.low, high=limits.high, operator=limits.operator or "between", **common)


def list_validation(sqref: str, values: str | Sequence[object], label: str) -> Validation:
    """One of ``values``: a field path with fixed values ("size"), a defined name ("RoleNames"), or a list."""
    if isinstance(values, str) and "." not in values and values[:1].isupper():
        return Validation(sqref, "list", source=values, error=f"{label}: choose from the list", prompt="Choose from the list")
    items = choices(values).values if isinstance(values, str) else tuple(values)
    shown = ", ".join(str(v) for v in items)
    return Validation(
        sqref,
        "list",
        source='"' + ",".join(str(v) for v in items) + '"',
        error=f"{label}: one of {shown}",
        prompt=f"One of {shown}",
    )


def date_validation(sqref: str, path: str, label: str) -> Validation:
    """A date in the range the field ``path`` allows."""
    rule = date_range(path)
    text = f"a date from {rule.low:%Y-%m-%d} to {rule.high:%Y-%m-%d}"
    return Validation(sqref, "date", low=str(rule.low), high=str(rule.high), error=f"{label}: {text}", prompt=text[0].upper() + text[1:])
