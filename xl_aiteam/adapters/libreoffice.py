"""LibreOffice Calc, headless: the real spreadsheet engine that recalculates a workbook.

Used by the tests (does the workbook compute what the model computes?) and to render
sheets to PDF for looking at them. Each call runs soffice with a private profile that
tells Calc to recalculate every formula on load, even in a file that holds cached values.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["LibreOfficeError", "recalculate", "soffice", "to_pdf"]

_PROFILE_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class LibreOfficeError(RuntimeError):
    pass


def soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        raise LibreOfficeError("LibreOffice is not installed: run 'bash scripts/setup.sh --test' (Debian package libreoffice-calc-nogui)")
    return found


def _convert(paths: list[Path], outdir: Path, target: str, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="aiteam-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir(parents=True)
        (user / "registrymodifications.xcu").write_text(_PROFILE_XCU, encoding="utf-8")
        cmd = [
            soffice(),
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            *[str(p) for p in paths],
        ]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        if done.returncode != 0:
            raise LibreOfficeError(f"soffice failed ({done.returncode}): {done.stderr.strip() or done.stdout.strip()}")


def recalculate(paths: list[Path], outdir: Path, timeout: float = 300) -> list[Path]:
    """Open each workbook in Calc, recalculate everything, save as .xlsx in ``outdir``.

    The results are for reading values only: a file LibreOffice saved is never shipped.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    _convert(paths, outdir, "xlsx:Calc MS Excel 2007 XML", timeout)
    out = [outdir / (p.stem + ".xlsx") for p in paths]
    missing = [p for p in out if not p.exists()]
    if missing:
        raise LibreOfficeError(f"LibreOffice wrote no result for {', '.join(p.name for p in missing)}")
    return out


def to_pdf(path: Path, outdir: Path, timeout: float = 300) -> Path:
    """Every sheet of a workbook as pages of one PDF (each sheet on as few pages as fit)."""
    outdir.mkdir(parents=True, exist_ok=True)
    _convert([path], outdir, "pdf:calc_pdf_Export", timeout)
    return outdir / (path.stem + ".pdf")
