"""The README's Python examples type-check with the project's mypy settings and run."""

from __future__ import annotations

import gc
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mypy import api

from .conftest import ROOT

BLOCKS = re.findall(r"^```python\n(.*?)^```$", (ROOT / "README.md").read_text(), flags=re.MULTILINE | re.DOTALL)

# Proves mypy sees the real package: were xl_aiteam unresolved (it is ignore_missing_imports), this would pass.
CONTROL = "from xl_aiteam import ml_cost\n\ncost: str = ml_cost(1000)\n"


def test_the_readme_has_python_examples() -> None:
    assert BLOCKS and all(block.strip() for block in BLOCKS)


def test_the_readme_examples_type_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files = [tmp_path / f"readme_example_{number}.py" for number in range(1, len(BLOCKS) + 1)] + [tmp_path / "control.py"]
    for file, text in zip(files, [*BLOCKS, CONTROL], strict=True):
        file.write_text(text)
    monkeypatch.chdir(ROOT)  # mypy finds xl_aiteam from here, installed or not
    args = ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(tmp_path / "cache"), *map(str, files)]
    threshold = gc.get_threshold()
    try:
        out, err, status = api.run(args)
    finally:
        gc.set_threshold(*threshold)  # mypy collects garbage far less often; the rest of the session must not
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert [line for line in errors if "control.py" not in line] == [], out + err
    assert len(errors) == 1 and "incompatible types in assignment" in errors[0].lower(), out + err
    assert status == 1


@pytest.mark.parametrize("block", BLOCKS, ids=[f"example{n}" for n in range(1, len(BLOCKS) + 1)])
def test_the_readme_examples_run(block: str, tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(block)
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0 and run.stderr == "", run.stderr
    assert run.stdout.strip()
