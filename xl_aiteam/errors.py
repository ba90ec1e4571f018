"""The project's exceptions, split by cause.

``InputError`` is what a user typed (a cell, a YAML file, a command-line flag);
``WorkbookError`` is a file the planner was asked to read or write. Both carry a
stable ``code`` that tests match, and a one-line message that names the field,
the value and what is allowed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

__all__ = ["AITeamError", "InputError", "WorkbookError"]


def _show(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class AITeamError(Exception):
    """Base of every error the planner raises on purpose."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class InputError(AITeamError, ValueError):
    """A value a user supplied is not allowed."""

    code = "invalid_input"

    def __init__(self, field: str, value: Any, allowed: str, *, code: str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field} = {_show(value)} is not allowed: {allowed}", code=code)


class WorkbookError(AITeamError, OSError):
    """A file could not be read or written as a planner workbook or assumptions file."""

    code = "bad_file"

    def __init__(self, path: str, problem: str, *, code: str | None = None) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}", code=code)
