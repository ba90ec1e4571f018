"""What gets installed: one version everywhere, the type marker and the data files in the wheel,
and xlwings only with the ``excel`` extra (the CLI and the API work without it)."""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import re
import shutil
import subprocess
import sys
import textwrap
import tomllib
import zipfile
from email.parser import HeaderParser
from pathlib import Path
from typing import Any

import aiteam_udfs
from oletools.olevba import VBA_Parser

import xl_aiteam

from .conftest import ROOT

XLWINGS_PIN = "xlwings==0.37.8"


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as f:
        return tomllib.load(f)


def test_the_version_is_written_once_and_everything_reports_the_installed_one() -> None:
    assert "version" not in _pyproject()["project"]  # it is read from xl_aiteam.__version__
    installed = importlib.metadata.version("xl-aiteam")
    assert re.fullmatch(r"\d+\.\d+\.\d+", installed)
    assert xl_aiteam.__version__ == installed
    cli = subprocess.run([str(Path(sys.executable).with_name("aiteam")), "--version"], capture_output=True, text=True, check=True)
    assert cli.stdout == f"aiteam {installed}\n"
    assert aiteam_udfs.AITEAM_VERSION().startswith(f"aiteam {installed} (catalog ")


def test_xlwings_is_an_extra_pinned_to_the_version_of_the_workbooks_vba() -> None:
    project = _pyproject()["project"]
    assert not [d for d in project["dependencies"] if d.lower().startswith("xlwings")]
    extras = project["optional-dependencies"]
    assert extras["excel"] == [XLWINGS_PIN]
    assert "xl-aiteam[excel]" in extras["test"]  # the tests build .xlsm files and decorate the UDFs
    parser = VBA_Parser(str(ROOT / "workbook" / "AITeamPlanner.xlsm"))
    try:
        vba = "\n".join(code for _, _, _, code in parser.extract_macros())
    finally:
        parser.close()
    assert re.findall(r'XLWINGS_VERSION As String = "([^"]+)"', vba) == [XLWINGS_PIN.split("==")[1]]


def test_the_installed_package_is_marked_typed() -> None:
    marker = importlib.resources.files("xl_aiteam").joinpath("py.typed")
    assert marker.is_file() and marker.read_bytes() == b""


def test_the_wheel_holds_the_type_marker_the_data_and_the_udf_module(tmp_path: Path) -> None:
    """Built offline from a copy of the sources, as pip builds it (without touching the worktree)."""
    src = tmp_path / "src"
    junk = shutil.ignore_patterns("__pycache__", "*.egg-info")
    shutil.copytree(ROOT / "xl_aiteam", src / "xl_aiteam", ignore=junk)
    shutil.copytree(ROOT / "udfs", src / "udfs", ignore=junk)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    [wheel] = tmp_path.glob("xl_aiteam-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        [metadata] = [n for n in names if n.endswith(".dist-info/METADATA")]
        meta = HeaderParser().parsestr(zf.read(metadata).decode())
    assert "xl_aiteam/py.typed" in names
    assert "aiteam_udfs.py" in names and "xl_aiteam/adapters/openpyxl_book.py" in names
    data = {f"xl_aiteam/data/{p.name}" for p in (ROOT / "xl_aiteam" / "data").glob("*.yaml")}
    assert data and data <= names
    assert not [n for n in names if n.startswith(("tests/", "udfs/")) or "__pycache__" in n]
    assert meta["Version"] == xl_aiteam.__version__
    requires = meta.get_all("Requires-Dist", [])
    assert f'{XLWINGS_PIN}; extra == "excel"' in requires
    assert not [r for r in requires if r.startswith("xlwings") and "extra ==" not in r]


# Runs in a new interpreter in which xlwings cannot be found, as if it were not installed.
WITHOUT_XLWINGS = """
import importlib, pkgutil, sys
from importlib.machinery import PathFinder


class _NoXlwings(PathFinder):
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition(".")[0] == "xlwings":
            return None
        return super().find_spec(name, path, target)


sys.meta_path[:] = [_NoXlwings if finder is PathFinder else finder for finder in sys.meta_path]
try:
    import xlwings
except ImportError:
    pass
else:
    sys.exit("xlwings is still importable")

import xl_aiteam
from xl_aiteam.cli import main

for module in pkgutil.walk_packages(xl_aiteam.__path__, "xl_aiteam."):
    importlib.import_module(module.name)
print("loaded:", sorted(m for m in sys.modules if m.partition(".")[0] == "xlwings"))
out = sys.argv[1]
print("xlsx:", main(["build", "--stage", "2", "--out", out + ".xlsx", "--force"]))
print("budget:", main(["budget", "--stage", "2", "--period", "Y"]))
print("xlsm:", main(["build", "--stage", "2", "--out", out + ".xlsm", "--force"]))
"""


def test_without_xlwings_the_package_and_the_cli_work_and_an_xlsm_is_one_clear_line(tmp_path: Path) -> None:
    script = tmp_path / "no_xlwings.py"
    script.write_text(textwrap.dedent(WITHOUT_XLWINGS))
    run = subprocess.run([sys.executable, str(script), str(tmp_path / "plan")], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert "loaded: []" in lines  # no module of xl_aiteam imports xlwings when it is imported
    assert "xlsx: 0" in lines and "budget: 0" in lines and "xlsm: 2" in lines
    assert "Total" in run.stdout
    assert (tmp_path / "plan.xlsx").is_file() and not (tmp_path / "plan.xlsm").exists()
    [line] = run.stderr.splitlines()  # one line, no traceback
    assert line.startswith("aiteam: ") and "xlwings" in line and "not installed" in line, line
