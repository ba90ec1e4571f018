"""Staffing's table columns: where each is, its header, which are inputs.

Shared by the sheet (``staffing.build``), its reader (``staffing.read``) and the sheets that
reach a Staffing column through its defined name.
"""

from __future__ import annotations

__all__ = ["ADDED_LATER", "COLUMNS", "HEADERS", "INPUT_KEYS", "MONEY_KEYS", "escape", "header"]

# Staffing table columns (1-based), shared with the workbook reader.
COLUMNS = {
    "id": 1,
    "role": 2,
    "label": 3,
    "level": 4,
    "function": 5,
    "fte": 6,
    "employment": 7,
    "search_month": 8,
    "end_month": 9,
    "search_opens": 10,
    "start_month": 11,
    "start_date": 12,
    "productive_month": 13,
    "annual_salary": 14,
    "annual_cost": 15,
    "group": 16,
    "manual": 17,
    "notes": 18,
    "location": 19,
    "pay_factor": 20,
    "cover_data_science": 21,
    "cover_ml_engineering": 22,
    "cover_infrastructure": 23,
    "cover_domain": 24,
    "technical": 25,
    "ds_start": 26,
    "eng_start": 27,
    "mlops_start": 28,
    "platform_start": 29,
    "guide": 30,
    "actual_start": 31,  # added later: the month a hire really started (an input at the table's end)
    "seat": 32,  # added later: the seat of the stage table a generated row follows
    "in_plan": 33,  # 1 when the model can plan the row (a known role, a level it has); other sheets count only these
}
# input columns added after the first version: read where their header is, and blank in a workbook without them
ADDED_LATER = ("location", "actual_start", "seat")
INPUT_KEYS = ("id", "role", "label", "level", "fte", "employment", "search_month", "end_month", "group", "manual", "notes", *ADDED_LATER)
MONEY_KEYS = ("annual_salary", "annual_cost")  # their headers name the reporting currency: "Annual salary (EUR)"
HEADERS = {
    "id": "ID",
    "role": "Role",
    "label": "Label",
    "level": "Level",
    "function": "Function",
    "fte": "FTE",
    "employment": "Employment",
    "search_month": "Search planned (existing: 1st month)",
    "end_month": "End month (blank: stays)",
    "search_opens": "Search opens (after delay)",
    "start_month": "Start month",
    "start_date": "Start date",
    "productive_month": "Productive from (month)",
    "annual_salary": "Annual salary",
    "annual_cost": "Loaded annual cost",
    "group": "Group",
    "manual": "Manual row",
    "notes": "Notes",
    "location": "Location (blank: base)",
    "pay_factor": "Pay factor (location)",
    "cover_data_science": "Data science FTE",
    "cover_ml_engineering": "ML engineering FTE",
    "cover_infrastructure": "Infrastructure FTE",
    "cover_domain": "Domain FTE",
    "technical": "Technical, levelled",
    "ds_start": "Data scientist start",
    "eng_start": "Engineer start",
    "mlops_start": "MLOps start",
    "platform_start": "Platform start",
    "guide": "Hiring guide",
    "actual_start": "Actual start (month; blank: as planned)",
    "seat": "Stage seat",
    "in_plan": "In the plan (1: yes)",
}


def header(key: str, currency: str) -> str:
    """A column's header; a money column's names the reporting currency."""
    return f"{HEADERS[key]} ({currency})" if key in MONEY_KEYS else HEADERS[key]


def escape(header: str) -> str:
    """A column name as a structured reference writes it: ' [ ] and # take a ' before them."""
    return "".join("'" + ch if ch in "'[]#" else ch for ch in header)
