"""The one way the planner writes a file: to a temporary file beside it, then renamed over it.

Workbooks (:func:`xl_aiteam.workbook.save_atomically`) and assumptions files
(:func:`xl_aiteam.assumptions.save_assumptions`) are written through :func:`write_atomically`.
A failure at any point leaves the file that was there byte for byte as it was (or no file),
removes the temporary file, and raises a :class:`~xl_aiteam.errors.WorkbookError` of one line.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from .errors import ErrorCode, WorkbookError

__all__ = ["check_writable", "write_atomically"]

# what a spreadsheet application leaves beside a file it has open
LOCK_FILES = (("~${}", "Excel"), (".~lock.{}#", "LibreOffice"))

_WHY = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the disk is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOENT: "its folder does not exist",
    errno.ENAMETOOLONG: "the name is too long",
}


def check_writable(path: Path) -> None:
    """What can be told before any work: no folder, a folder in the file's place, a read-only
    file, a file open in a spreadsheet application."""
    if path.is_dir():
        raise WorkbookError(str(path), "is a folder; nothing was written", code=ErrorCode.WRITE_FAILED)
    if not path.parent.is_dir():
        raise WorkbookError(str(path), f"the folder {path.parent} does not exist; nothing was written", code=ErrorCode.NO_FOLDER)
    for pattern, application in LOCK_FILES:
        lock = path.with_name(pattern.format(path.name))
        if lock.exists():
            raise WorkbookError(
                str(path), f"is open in {application} ({lock.name} exists): close it first; nothing was written", code=ErrorCode.LOCKED
            )
    if path.exists() and not path.stat().st_mode & stat.S_IWUSR:
        raise WorkbookError(str(path), "is read-only; nothing was written", code=ErrorCode.WRITE_FAILED)


def _failed(path: Path, exc: OSError, existed: bool) -> WorkbookError:
    why = _WHY.get(exc.errno or 0) or exc.strerror or exc.__class__.__name__
    kept = "the file there is as it was" if existed else "nothing was written"
    code = ErrorCode.NO_FOLDER if exc.errno == errno.ENOENT else ErrorCode.WRITE_FAILED
    return WorkbookError(str(path), f"could not be written ({why}); {kept}", code=code)


def write_atomically(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, rename it over ``path``.

    The new file keeps the old one's permissions (or gets the usual ones for a new file). The
    bytes are made before anything is written, so a writer's failure half-way never reaches disk.
    """
    path = Path(path)
    check_writable(path)
    existed = path.exists()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    except OSError as exc:
        raise _failed(path, exc, existed) from None
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.chmod(tmp, stat.S_IMODE(path.stat().st_mode) if existed else 0o666 & ~_umask())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _failed(path, exc, existed) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _write_all(fd: int, data: bytes) -> None:
    """Every byte, then to disk (fsync) before the rename: a crash leaves the old file or the new."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]
    os.fsync(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
