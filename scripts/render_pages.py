"""Render the sheets of a planner workbook to PNG pages, as a user sees them printed.

    .venv/bin/python scripts/render_pages.py templates/AITeamPlanner-stage2.xlsx out/pages
    .venv/bin/python scripts/render_pages.py --docs      # the README's Budget, Summary and Hire-or-contract pictures

Needs LibreOffice and pdftoppm (bash scripts/setup.sh --test installs both).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from xl_aiteam.adapters.libreoffice import to_pdf

ROOT = Path(__file__).resolve().parents[1]


def sheet_pages(pdf: Path) -> dict[int, str]:
    """Page number -> sheet name, read from the footer every page carries ("Budget - page 5 of 11")."""
    pages = {}
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        for line in reversed(page.strip().splitlines()):
            if " - page " in line:
                pages[number] = line.strip().split(" - page ")[0]
                break
    return pages


def render(workbook: Path, outdir: Path, resolution: int = 100, only: set[str] | None = None) -> list[Path]:
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        pdf = to_pdf(workbook, Path(tmp))
        written = []
        for number, sheet in sheet_pages(pdf).items():
            if only and sheet not in only:
                continue
            stem = outdir / f"{number:02d}-{sheet.lower().replace(' ', '-')}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(resolution), "-f", str(number), "-l", str(number), "-singlefile", str(pdf), str(stem)],
                check=True,
            )
            written.append(stem.with_suffix(".png"))
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workbook", nargs="?", type=Path)
    parser.add_argument("outdir", nargs="?", type=Path)
    parser.add_argument("--docs", action="store_true", help="write the README pictures (docs/*.png) from the stage 2 template")
    args = parser.parse_args()
    if args.docs:
        with tempfile.TemporaryDirectory() as tmp:
            sheets = {"Budget", "Summary", "Hire or contract", "Scenario comparison"}
            pages = render(ROOT / "templates" / "AITeamPlanner-stage2.xlsx", Path(tmp), 110, sheets)
            for sheet in ("budget", "summary", "hire-or-contract", "scenario-comparison"):
                first = min(p for p in pages if p.name.endswith(f"-{sheet}.png"))  # the sheet's first page
                shutil.copy(first, ROOT / "docs" / f"{sheet}.png")
                print(f"docs/{sheet}.png")
        return 0
    if not args.workbook or not args.outdir:
        parser.error("give a workbook and an output folder, or --docs")
    for page in render(args.workbook, args.outdir):
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
