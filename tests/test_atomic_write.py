"""Every file the planner writes goes through one atomic write (xl_aiteam.atomic): each way a
write can fail is one clear line and exit 2, and a file that was there is left byte for byte."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from xl_aiteam import atomic
from xl_aiteam.cli import main
from xl_aiteam.workbook import committed_workbooks

XLSM = next(p for p in committed_workbooks() if p.suffix == ".xlsm")
STAGE2 = next(p for p, a in committed_workbooks().items() if p.suffix == ".xlsx" and a.stage == 2)

# each command that writes a file: the file's name, the command line, and what is there before
WRITERS: dict[str, tuple[str, Callable[[Path], list[str]], Callable[[Path], object]]] = {
    "init yaml": ("plan.yaml", lambda p: ["init", "--force", str(p)], lambda p: p.write_text("stage: 1\n")),
    "init json": ("plan.json", lambda p: ["init", "--force", str(p)], lambda p: p.write_text('{"stage": 1}\n')),
    "build xlsx": ("plan.xlsx", lambda p: ["build", "--force", "--out", str(p)], lambda p: shutil.copy(STAGE2, p)),
    "build xlsm": ("plan.xlsm", lambda p: ["build", "--force", "--out", str(p)], lambda p: shutil.copy(XLSM, p)),
    "fill xlsx": ("plan.xlsx", lambda p: ["fill", str(p)], lambda p: shutil.copy(STAGE2, p)),
    "fill xlsm": ("plan.xlsm", lambda p: ["fill", str(p)], lambda p: shutil.copy(XLSM, p)),
}
CREATORS = [name for name in WRITERS if not name.startswith("fill")]  # fill needs the file to be there


def _run(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    code = main(argv)
    err = capsys.readouterr().err
    assert err.count("\n") <= 1 and "Traceback" not in err and "internal error" not in err, err
    return code, err


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@contextlib.contextmanager
def _read_only(folder: Path) -> Iterator[None]:
    """A folder no file can be created in: chmod, or for root (whom chmod does not stop) chattr +i."""
    folder.chmod(0o555)
    immutable = False
    try:
        probe = folder / ".probe"
        try:
            probe.touch()
        except PermissionError:
            pass
        else:
            probe.unlink()
            folder.chmod(0o755)
            done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=False) if shutil.which("chattr") else None
            if done is None or done.returncode != 0:
                pytest.skip("this user can write into any folder and cannot make one immutable")
            immutable = True
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


@pytest.mark.parametrize("writer", CREATORS)
def test_a_missing_folder_is_one_line_and_nothing_is_made(capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str) -> None:
    name, argv, _ = WRITERS[writer]
    code, err = _run(capsys, argv(tmp_path / "no such folder" / name))
    assert code == 2 and "no such folder does not exist; nothing was written" in err, err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_read_only_folder_is_one_line_and_the_file_is_kept(capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str) -> None:
    name, argv, make_old = WRITERS[writer]
    make_old(tmp_path / name)
    before = _snapshot(tmp_path)
    with _read_only(tmp_path):
        code, err = _run(capsys, argv(tmp_path / name))
    assert code == 2 and "could not be written (permission denied); the file there is as it was" in err, err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_disk_full_half_way_leaves_the_old_file_byte_for_byte(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, writer: str
) -> None:
    name, argv, make_old = WRITERS[writer]
    make_old(tmp_path / name)
    before = _snapshot(tmp_path)
    written = []
    real_write = os.write

    def half_then_full(fd: int, data: bytes | memoryview) -> int:
        written.append(real_write(fd, data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", half_then_full)
    code, err = _run(capsys, argv(tmp_path / name))
    assert written and written[0] > 0, "the write never started"
    assert code == 2 and "could not be written (the disk is full); the file there is as it was" in err, err
    assert _snapshot(tmp_path) == before, "the file was changed or a temporary file was left"


def test_a_reproducible_build_that_fails_half_way_leaves_the_old_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The committed workbooks (`aiteam templates`) are saved through the same path."""
    from xl_aiteam.errors import WorkbookError
    from xl_aiteam.workbook import build_workbook

    path = Path(shutil.copy(STAGE2, tmp_path / "plan.xlsx"))
    before = _snapshot(tmp_path)

    def full(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(atomic.os, "write", full)
    with pytest.raises(WorkbookError, match="the disk is full") as info:
        build_workbook(None, path, reproducible=True)
    assert info.value.code == "write_failed"
    assert _snapshot(tmp_path) == before


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 48 KB file system (tmpfs), where a user may mount one."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mount = ["mount", "-t", "tmpfs", "-o", "size=48k", "tmpfs", str(disk)]
    if not shutil.which("mount") or subprocess.run(mount, capture_output=True, check=False).returncode:
        pytest.skip("cannot mount a small file system here")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_a_really_full_disk_is_one_line_and_the_file_is_kept(capsys: pytest.CaptureFixture[str], tiny_disk: Path) -> None:
    """Not a stand-in: the stage-3 workbook (about 100 KB) does not fit on a 48 KB disk."""
    old = tiny_disk / "plan.xlsx"
    old.write_bytes(os.urandom(30_000))
    before = _snapshot(tiny_disk)
    code, err = _run(capsys, ["build", "--force", "--stage", "3", "--out", str(old)])
    assert code == 2 and "the disk is full" in err, err
    assert _snapshot(tiny_disk) == before
    code, err = _run(capsys, ["build", "--stage", "3", "--out", str(tiny_disk / "new.xlsx")])
    assert code == 2 and "the disk is full); nothing was written" in err, err
    assert _snapshot(tiny_disk) == before


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_read_only_file_is_not_replaced(capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str) -> None:
    name, argv, make_old = WRITERS[writer]
    make_old(tmp_path / name)
    (tmp_path / name).chmod(0o444)
    before = _snapshot(tmp_path)
    code, err = _run(capsys, argv(tmp_path / name))
    assert code == 2 and "is read-only; nothing was written" in err, err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("lock", ["~$plan.xlsx", ".~lock.plan.xlsx#"], ids=["Excel", "LibreOffice"])
@pytest.mark.parametrize("writer", ["build xlsx", "fill xlsx"])
def test_a_file_open_in_a_spreadsheet_application_is_not_replaced(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str, lock: str
) -> None:
    name, argv, make_old = WRITERS[writer]
    make_old(tmp_path / name)
    (tmp_path / lock).write_bytes(b"owner")
    before = _snapshot(tmp_path)
    code, err = _run(capsys, argv(tmp_path / name))
    assert code == 2 and f"({lock} exists): close it first; nothing was written" in err, err
    assert _snapshot(tmp_path) == before


@pytest.mark.parametrize("writer", CREATORS)
def test_a_folder_in_the_files_place_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str) -> None:
    name, argv, _ = WRITERS[writer]
    (tmp_path / name).mkdir()
    code, err = _run(capsys, argv(tmp_path / name))
    assert code == 2 and "is a folder; nothing was written" in err, err
    assert [p.name for p in tmp_path.iterdir()] == [name]


@pytest.mark.parametrize("writer", list(WRITERS))
def test_a_write_keeps_the_files_permissions_and_leaves_no_temporary_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, writer: str
) -> None:
    name, argv, make_old = WRITERS[writer]
    make_old(tmp_path / name)
    (tmp_path / name).chmod(0o640)
    old = (tmp_path / name).read_bytes()
    code, err = _run(capsys, argv(tmp_path / name))
    assert code == 0, err
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o640
    assert (tmp_path / name).read_bytes() != old or writer.startswith("fill")


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    mask = os.umask(0o027)
    try:
        code, err = _run(capsys, ["init", str(tmp_path / "plan.yaml")])
    finally:
        os.umask(mask)
    assert code == 0, err
    assert stat.S_IMODE((tmp_path / "plan.yaml").stat().st_mode) == 0o640


# the README counts these (its reliability table)
FAILURES = {
    "missing folder": test_a_missing_folder_is_one_line_and_nothing_is_made,
    "read-only folder": test_a_read_only_folder_is_one_line_and_the_file_is_kept,
    "disk full half-way": test_a_disk_full_half_way_leaves_the_old_file_byte_for_byte,
    "a real full disk": test_a_really_full_disk_is_one_line_and_the_file_is_kept,
    "read-only file": test_a_read_only_file_is_not_replaced,
    "a folder in the file's place": test_a_folder_in_the_files_place_is_one_line,
    "open in Excel or LibreOffice (2 lock files)": test_a_file_open_in_a_spreadsheet_application_is_not_replaced,
}
LOCK_FILES = 2


def test_the_readme_quotes_the_number_of_write_failures() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    n = len(FAILURES) - 1 + LOCK_FILES
    assert f"<!-- writes -->{n}<!-- /writes -->" in readme, f"README's count of write failures should be {n}"
