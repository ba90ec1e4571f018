"""The project's exceptions, split by cause, and the one set of error codes they carry.

``InputError`` is what a user typed (a cell, a YAML file, a command-line flag);
``WorkbookError`` is a file the planner was asked to read or write. Both carry a
stable ``code`` (an :class:`ErrorCode`) that tests match, and a one-line message that
names the field, the value and what is allowed.

Every path that checks input (the Excel functions, the ``aiteam`` command, the
assumptions loader, ``ml_cost``) reports the same code for the same problem. pydantic's
own error types (``float_type``, ``literal_error``...) are translated to these codes in
:func:`xl_aiteam.assumptions.as_input_error` and never reach a user.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

__all__ = ["AITeamError", "ErrorCode", "InputError", "WorkbookError"]


class ErrorCode(StrEnum):
    """Why an input or a file was refused. A member equals its plain string value."""

    # --- a value a user supplied (InputError) ---
    INVALID_INPUT = "invalid_input"  # a problem no more specific code names
    REQUIRED = "required"  # empty, or left out
    NOT_A_NUMBER = "not_a_number"  # text, a boolean, a list... where a number belongs
    NOT_FINITE = "not_finite"  # NaN or infinity
    NOT_WHOLE = "not_whole"  # a fraction where a whole number belongs
    OUT_OF_RANGE = "out_of_range"  # a number or a date outside its limits
    NOT_A_DATE = "not_a_date"  # not a date written YYYY-MM-DD, or no such day
    NOT_TEXT = "not_text"
    NOT_A_BOOLEAN = "not_a_boolean"  # not true or false
    BAD_FORMAT = "bad_format"  # text of the wrong shape, e.g. a currency that is not three capitals
    TEXT_TOO_LONG = "text_too_long"  # text longer than its limit
    NOT_A_TABLE = "not_a_table"  # not a table of names and values
    NOT_A_LIST = "not_a_list"
    MISSING_COLUMN = "missing_column"  # a range of cells without a column it needs
    UNKNOWN_INPUT = "unknown_input"  # a name that is not an input of the planner (a typo)
    UNKNOWN_CHOICE = "unknown_choice"  # not one of a fixed list (stage, size, pricing, employment...)
    UNKNOWN_ROLE = "unknown_role"
    UNKNOWN_LEVEL = "unknown_level"  # not a level, or not a level of that role
    UNKNOWN_GPU = "unknown_gpu"
    MIX_TOTAL = "mix_total"  # pricing-mix shares that do not add up to 1
    DUPLICATE_ID = "duplicate_id"
    UNKNOWN_LOCATION = "unknown_location"  # a position's location that the locations table does not list
    DUPLICATE_LOCATION = "duplicate_location"
    REPORTING_RATE = "reporting_rate"  # no location in the reporting currency, or one whose rate is not 1
    EXCEL_ERROR = "excel_error"  # a cell holding #N/A, #DIV/0! ...
    EXISTS = "exists"  # a file that would be overwritten without --force
    ACTUALS_PAST_HORIZON = "actuals_past_horizon"  # the last closed month lies after the plan's last month
    UNKNOWN_SCENARIO = "unknown_scenario"  # a scenario name the plan does not hold

    # --- a file the planner reads or writes (WorkbookError) ---
    BAD_FILE = "bad_file"  # a problem no more specific code names
    NOT_FOUND = "not_found"
    UNREADABLE = "unreadable"
    BAD_SUFFIX = "bad_suffix"
    BAD_SYNTAX = "bad_syntax"  # YAML or JSON that does not parse
    BAD_VALUE = "bad_value"  # YAML holding a value that cannot be built, e.g. 2027-02-30
    NOT_A_WORKBOOK = "not_a_workbook"
    TOO_LARGE = "too_large"  # a file larger than any planner workbook
    ZIP_BOMB = "zip_bomb"
    XML_BOMB = "xml_bomb"
    MISSING_NAME = "missing_name"  # a named range of the planner is gone
    MISSING_SHEET = "missing_sheet"
    MOVED_COLUMNS = "moved_columns"
    IN_THE_WAY = "in_the_way"  # cells a user filled where a refill must write the new plan
    LOCKED = "locked"  # open in Excel
    NO_FOLDER = "no_folder"
    WRITE_FAILED = "write_failed"
    NO_XLWINGS = "no_xlwings"
    NO_QUICKSTART = "no_quickstart"
    NOT_A_CHECKOUT = "not_a_checkout"


def _show(value: Any) -> str:
    """A value as a message shows it: numbers as people read them, dates as YYYY-MM-DD."""
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        from .rules import format_number  # rules imports this module

        return format_number(value)
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


class AITeamError(Exception):
    """Base of every error the planner raises on purpose."""

    code: ErrorCode = ErrorCode.INVALID_INPUT

    def __init__(self, message: str, *, code: ErrorCode | str | None = None) -> None:
        super().__init__(message)
        # a plain string must name a member: ErrorCode("typo") raises ValueError
        self.code = ErrorCode(code) if code is not None else type(self).code

    @property
    def message(self) -> str:
        return str(self.args[0])

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception pickles as cls(*self.args), and args holds only the message; rebuild
        # from the constructor's own arguments and restore the attributes (code among them).
        return (self.__class__, self._init_args(), self.__dict__.copy())

    def _init_args(self) -> tuple[Any, ...]:
        return (self.message,)


class InputError(AITeamError, ValueError):
    """A value a user supplied is not allowed."""

    code = ErrorCode.INVALID_INPUT

    def __init__(self, field: str, value: Any, allowed: str, *, code: ErrorCode | str | None = None) -> None:
        self.field = field
        self.value = value
        self.allowed = allowed
        super().__init__(f"{field} = {_show(value)} is not allowed: {allowed}", code=code)

    def _init_args(self) -> tuple[Any, ...]:
        return (self.field, self.value, self.allowed)


class WorkbookError(AITeamError, OSError):
    """A file could not be read or written as a planner workbook or assumptions file."""

    code = ErrorCode.BAD_FILE

    def __init__(self, path: str, problem: str, *, code: ErrorCode | str | None = None) -> None:
        self.path = path
        self.problem = problem
        super().__init__(f"{path}: {problem}", code=code)

    def _init_args(self) -> tuple[Any, ...]:
        return (self.path, self.problem)
