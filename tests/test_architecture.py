"""Imports point one way: the model loads neither openpyxl nor xlwings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import ROOT

MODEL = [
    "xl_aiteam",
    "xl_aiteam.catalog",
    "xl_aiteam.assumptions",
    "xl_aiteam.plan",
    "xl_aiteam.costs",
    "xl_aiteam.budget",
    "xl_aiteam.playbook",
    "xl_aiteam.guide",
    "xl_aiteam.money",
    "xl_aiteam.errors",
    "xl_aiteam.rules",
]


def test_importing_the_model_loads_no_excel_library() -> None:
    code = (
        f"import {', '.join(MODEL)}, sys\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'xlwings'))\n"
        "print(loaded)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


def test_model_sources_do_not_import_excel_libraries() -> None:
    for name in MODEL:
        path = ROOT / (name.replace(".", "/") + ("/__init__.py" if name == "xl_aiteam" else ".py"))
        text = path.read_text()
        assert "import openpyxl" not in text and "from openpyxl" not in text, name
        assert "import xlwings" not in text and "from xlwings" not in text, name


def test_the_package_names_its_entry_points() -> None:
    import xl_aiteam

    assert xl_aiteam.__all__ == sorted(xl_aiteam.__all__)
    assert {"Assumptions", "build_plan", "check_plan", "project_budget", "ml_cost"} <= set(xl_aiteam.__all__)


def test_building_a_workbook_does_not_load_pandas(tmp_path: Path) -> None:
    """Each command imports what it uses: `aiteam build` and `aiteam fill` need no pandas (0.2 s of start-up)."""
    code = (
        "import sys\n"
        "from xl_aiteam.cli import main\n"
        f"main(['build', '--stage', '3', '--out', r'{tmp_path}/plan.xlsx'])\n"
        f"main(['fill', r'{tmp_path}/plan.xlsx'])\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pandas'))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip().splitlines()[-1] == "[]"


def test_no_layout_module_is_over_450_lines() -> None:
    """One module per sheet keeps each small enough to read: a sheet that outgrows it splits."""
    long = {p.name: n for p in (ROOT / "xl_aiteam" / "layout").rglob("*.py") if (n := len(p.read_text().splitlines())) > 450}
    assert long == {}
