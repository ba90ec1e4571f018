"""AI Team Planner: plan an AI/ML team's roles, hiring order and cost, for Excel.

The planning model (catalog, assumptions, plan, costs, budget, playbook) is pure Python
and pandas; it imports neither openpyxl nor xlwings.
"""

from .assumptions import Assumptions, load_assumptions, parse_assumptions, save_assumptions
from .budget import budget_totals, headcount_by_month, project_budget
from .catalog import load_catalog
from .costs import compute_cost, ml_cost
from .errors import AITeamError, InputError, WorkbookError
from .plan import Finding, Plan, Position, build_plan, check_plan, coverage
from .playbook import hiring_timeline, playbook_frame

__version__ = "0.1.0"

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
