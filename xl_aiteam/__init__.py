"""AI Team Planner: plan an AI/ML team's roles, hiring order and cost, for Excel.

The planning model (catalog, assumptions, plan, costs, budget, playbook) is pure Python
with numpy (pandas where a table is printed); it imports neither openpyxl nor xlwings.

The names below are loaded when first used, so importing one part (``xl_aiteam.rules``,
``xl_aiteam.errors``) does not load the whole model: the Excel functions start quicker.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .assumptions import Assumptions, load_assumptions, parse_assumptions, save_assumptions
    from .budget import budget_totals, headcount_by_month, project_budget
    from .catalog import load_catalog
    from .costs import compute_cost, ml_cost
    from .errors import AITeamError, InputError, WorkbookError
    from .plan import Finding, Plan, Position, build_plan, check_plan, coverage
    from .playbook import hiring_timeline, playbook_frame

__version__ = "0.1.0"

_WHERE = {
    "Assumptions": "assumptions",
    "load_assumptions": "assumptions",
    "parse_assumptions": "assumptions",
    "save_assumptions": "assumptions",
    "budget_totals": "budget",
    "headcount_by_month": "budget",
    "project_budget": "budget",
    "load_catalog": "catalog",
    "compute_cost": "costs",
    "ml_cost": "costs",
    "AITeamError": "errors",
    "InputError": "errors",
    "WorkbookError": "errors",
    "Finding": "plan",
    "Plan": "plan",
    "Position": "plan",
    "build_plan": "plan",
    "check_plan": "plan",
    "coverage": "plan",
    "hiring_timeline": "playbook",
    "playbook_frame": "playbook",
}

__all__ = [
    "AITeamError",
    "Assumptions",
    "Finding",
    "InputError",
    "Plan",
    "Position",
    "WorkbookError",
    "__version__",
    "budget_totals",
    "build_plan",
    "check_plan",
    "compute_cost",
    "coverage",
    "headcount_by_month",
    "hiring_timeline",
    "load_assumptions",
    "load_catalog",
    "ml_cost",
    "parse_assumptions",
    "playbook_frame",
    "project_budget",
    "save_assumptions",
]


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
