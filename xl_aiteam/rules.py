"""One source for the rules an input must follow, read from the Assumptions model.

The pydantic fields of :class:`~xl_aiteam.assumptions.Assumptions` (and the models it
holds: ``TeamLine``, ``RoleTerms``, ``GpuType``, ``PricingMix``) are where every limit is
written. This module reads those definitions, so that the Excel functions, ``ml_cost``, the
command line, the loader's messages and (later) the workbook's data validation all say the
same thing about the same value::

    >>> bounds("utilisation")
    Bounds(low=0, high=1, low_open=True, high_open=False, whole=False)
    >>> bounds("utilisation").allowed()
    'must be a number > 0 and <= 1'
    >>> bounds("team.search_month").allowed()
    'must be a whole number from 1 to 60'
    >>> check_number("utilisation", 1.5, "utilisation")
    Traceback (most recent call last):
    ...
    xl_aiteam.errors.InputError: utilisation = 1.5 is not allowed: must be a number > 0 and <= 1

A path names a field as a user would: ``"utilisation"``, ``"pricing_mix.spot"``,
``"team.fte"``, ``"role_terms.time_to_fill_months"``, ``"gpu_types.hourly_rate"``,
``"salaries"``. Keys of tables and list positions may be given or left out
(``"salaries.ml_engineer.senior"`` and ``"team.0.fte"`` work too), so a pydantic error
location can be passed as it is.

Limits that belong to no Assumptions field (the hours ``ML_COST`` accepts, a span of
months, a day of the playbook) are the named constants and rules below.

The module imports neither openpyxl nor xlwings; the Assumptions model is imported when a
path is first read, because the model itself takes its constants from here.
"""

from __future__ import annotations

import math
import types
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from .errors import ErrorCode, InputError

if TYPE_CHECKING:  # pydantic is loaded when a field's rule is first read, not to name a limit
    from pydantic import BaseModel

__all__ = [
    "GPU_HOURS",
    "MAX_GPU_HOURS",
    "MAX_HORIZON",
    "MAX_MONEY",
    "MONTHS",
    "PLAYBOOK_DAY",
    "PLAYBOOK_DAYS",
    "PRICING",
    "PRICINGS",
    "Bounds",
    "Choices",
    "DateRange",
    "ExcelLimits",
    "Pricing",
    "bounds",
    "check_choice",
    "check_number",
    "choices",
    "date_range",
    "format_number",
    "one_of",
    "rule_at",
]

MAX_HORIZON = 60  # months of the plan; the workbook's timeline is prepared for this many
MAX_MONEY = 1e9  # the largest salary or fee the planner takes
MAX_GPU_HOURS = 1e9  # the most useful GPU-hours ML_COST and ml_cost take in one call
PLAYBOOK_DAYS = 90  # the leader's playbook covers days 1 to 90

FieldPath = str | Sequence[str | int]  # "team.fte", or a pydantic location such as ("team", 0, "fte")
ExcelOperator = Literal["between", "greaterThan", "greaterThanOrEqual", "lessThan", "lessThanOrEqual"]


# --- numbers as people read them --------------------------------------------------------------


def format_number(value: float) -> str:
    """A number for a message: ``1,000,000,000``, ``0.5``, ``12``, ``-3.25``.

    Fifteen significant digits at most (as Excel shows a number), thousands separated by
    commas, no trailing zeros, never an exponent between 1e-9 and 1e15. Outside that span
    the number is written as Excel writes it (``1E+300``); NaN and infinity as ``nan``,
    ``inf`` and ``-inf``.
    """
    if isinstance(value, int) and not isinstance(value, bool):
        if abs(value) < 10**15:
            return f"{value:,}"
        return _exponent(Decimal(value))
    x = float(value)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"
    if not 1e-9 <= abs(x) < 1e15:
        return _exponent(Decimal(repr(x)))
    sign, digits = ("-", _plain(-x)) if x < 0 else ("", _plain(x))
    whole, _, fraction = digits.partition(".")
    return f"{sign}{int(whole):,}" + (f".{fraction}" if fraction else "")


def _plain(x: float) -> str:
    """``x`` to 15 significant digits in plain decimal notation, without trailing zeros."""
    text = format(Decimal(f"{x:.15g}"), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _exponent(d: Decimal) -> str:
    mantissa, _, power = f"{d:.14E}".partition("E")
    mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}E{'+' if not power.startswith('-') else '-'}{power.lstrip('+-')}"


def one_of(values: Sequence[object]) -> str:
    """``one of a, b or c``: how a message lists what may be chosen."""
    shown = [str(v) for v in values]
    if len(shown) <= 1:
        return shown[0] if shown else "nothing"
    return f"one of {', '.join(shown[:-1])} or {shown[-1]}"


# --- the rules --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExcelLimits:
    """How Excel's data validation expresses a :class:`Bounds`.

    ``type`` is Excel's validation type. For ``"whole"`` and ``"decimal"``, ``operator``,
    ``low`` and ``high`` are Excel's operator and its Formula1 and Formula2 (``high`` is
    None for one-sided operators; ``low`` then holds the one limit). For ``"custom"``,
    operator and limits are None: no operator of Excel says "above 0 and at most 1", so the
    layout writes :meth:`Bounds.excel_formula` as a custom validation instead.
    """

    type: Literal["whole", "decimal", "custom"]
    operator: ExcelOperator | None
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Bounds:
    """The numbers a field takes: limits (each open or closed, or None for no limit) and
    whether only whole numbers are allowed."""

    low: float | None = None
    high: float | None = None
    low_open: bool = False  # True: the value must be above ``low``, not equal to it
    high_open: bool = False  # True: the value must be below ``high``
    whole: bool = False

    def describe(self) -> str:
        """What is allowed, for a prompt: ``a number > 0 and <= 1``, ``a whole number from 1 to 60``."""
        kind = "a whole number" if self.whole else "a number"
        if self.low is not None and self.high is not None and not (self.low_open or self.high_open):
            return f"{kind} from {format_number(self.low)} to {format_number(self.high)}"
        parts = []
        if self.low is not None:
            parts.append(f"{'>' if self.low_open else '>='} {format_number(self.low)}")
        if self.high is not None:
            parts.append(f"{'<' if self.high_open else '<='} {format_number(self.high)}")
        return " ".join([kind, " and ".join(parts)]) if parts else kind

    def allowed(self) -> str:
        """What is allowed, for an error message: ``must be a number > 0 and <= 1``."""
        return f"must be {self.describe()}"

    def problem(self, value: object) -> ErrorCode | None:
        """Why ``value`` breaks the rule (None: it does not). Booleans are not numbers."""
        if value is None:
            return ErrorCode.REQUIRED
        if isinstance(value, bool) or not isinstance(value, int | float):
            return ErrorCode.NOT_A_NUMBER
        try:
            x = float(value)
        except OverflowError:  # an int beyond any float is beyond any limit
            return ErrorCode.OUT_OF_RANGE
        if not math.isfinite(x):
            return ErrorCode.NOT_FINITE
        if self.whole and not x.is_integer():
            return ErrorCode.NOT_WHOLE
        if self.low is not None and (x < self.low or (self.low_open and x == self.low)):
            return ErrorCode.OUT_OF_RANGE
        if self.high is not None and (x > self.high or (self.high_open and x == self.high)):
            return ErrorCode.OUT_OF_RANGE
        return None

    def contains(self, value: object) -> bool:
        """True when ``value`` is a number the rule allows."""
        return self.problem(value) is None

    def excel_limits(self) -> ExcelLimits:
        """The data validation Excel needs for this rule.

        Whole numbers always fit one operator: an open limit is the next whole number
        (``> 0`` is ``>= 1``). Decimals fit one operator when both limits are closed, or
        when there is one limit. A decimal with two limits of which one is open (utilisation:
        above 0, at most 1) fits none: ``between 0.0001 and 1`` would refuse 0.00005, which
        the model takes, so the workbook and the model would disagree. Such a rule comes
        back as ``type="custom"``; write :meth:`excel_formula` for it.
        """
        kind: Literal["whole", "decimal"] = "whole" if self.whole else "decimal"
        low, high = self.low, self.high
        low_open, high_open = self.low_open, self.high_open
        if self.whole:
            if low is not None:
                low, low_open = (math.floor(low) + 1 if low_open else math.ceil(low)), False
            if high is not None:
                high, high_open = (math.ceil(high) - 1 if high_open else math.floor(high)), False
        if low is not None and high is not None:
            if low_open or high_open:
                return ExcelLimits("custom", None, None, None)
            return ExcelLimits(kind, "between", low, high)
        if low is not None:
            return ExcelLimits(kind, "greaterThan" if low_open else "greaterThanOrEqual", low, None)
        if high is not None:
            return ExcelLimits(kind, "lessThan" if high_open else "lessThanOrEqual", high, None)
        return ExcelLimits("custom", None, None, None)

    def excel_formula(self, cell: str) -> str:
        """A custom-validation formula for the rule, relative to ``cell`` (the top-left cell
        of the validated range): ``AND(ISNUMBER(B5),B5>0,B5<=1)``.

        ``ISNUMBER`` is needed because Excel compares text as greater than any number, so
        ``B5>0`` alone would let "abc" in. The formula has no leading ``=``: openpyxl's
        ``formula1`` takes it so; Excel's ``Validation.Add`` wants ``"=" + formula``.
        """
        terms = [f"ISNUMBER({cell})"]
        if self.whole:
            terms.append(f"INT({cell})={cell}")
        if self.low is not None:
            terms.append(f"{cell}{'>' if self.low_open else '>='}{_excel_number(self.low)}")
        if self.high is not None:
            terms.append(f"{cell}{'<' if self.high_open else '<='}{_excel_number(self.high)}")
        return f"AND({','.join(terms)})"


def _excel_number(x: float) -> str:
    return str(x) if isinstance(x, int) else _plain(float(x))


@dataclass(frozen=True)
class Choices:
    """A field that takes one of a fixed list of values (a Literal or an Enum)."""

    values: tuple[str | int, ...]
    code: ErrorCode = ErrorCode.UNKNOWN_CHOICE  # UNKNOWN_LEVEL for levels

    def allowed(self) -> str:
        return f"must be {one_of(self.values)}"


@dataclass(frozen=True)
class DateRange:
    """A date field and its first and last allowed day (either may be None)."""

    low: date | None = None
    high: date | None = None

    def allowed(self) -> str:
        text = "must be a date written YYYY-MM-DD"
        if self.low and self.high:
            return f"{text}, from {self.low.isoformat()} to {self.high.isoformat()}"
        if self.low:
            return f"{text}, from {self.low.isoformat()}"
        if self.high:
            return f"{text}, up to {self.high.isoformat()}"
        return text


Rule = Bounds | Choices | DateRange

Pricing = Literal["mix", "on_demand", "reserved", "spot"]
PRICINGS: tuple[str, ...] = get_args(Pricing)  # the one list of pricing modes: ML_COST, ml_cost, the Compute sheet
PRICING = Choices(PRICINGS)

GPU_HOURS = Bounds(low=0, high=MAX_GPU_HOURS)  # useful GPU-hours in one ML_COST / ml_cost call
MONTHS = Bounds(low=1, high=MAX_HORIZON, whole=True)  # a span of months within the plan
PLAYBOOK_DAY = Bounds(low=1, high=PLAYBOOK_DAYS, whole=True)  # a day of the leader's first 90


# --- checking a value -------------------------------------------------------------------------


def check_number(name: str, value: object, rule: Bounds | str) -> float:
    """``value`` as a float if ``rule`` allows it (a Bounds, or a path for :func:`bounds`).

    Otherwise raises :class:`InputError` naming ``name``, the value and ``rule.allowed()``,
    with the code of the first problem: ``required`` (None), ``not_a_number`` (text, a
    boolean, anything but int and float), ``not_finite``, ``not_whole``, ``out_of_range``.
    A whole-number rule returns an integer-valued float.
    """
    rule = bounds(rule) if isinstance(rule, str) else rule
    code = rule.problem(value)
    if code is not None:
        raise InputError(name, value, rule.allowed(), code=code)
    assert isinstance(value, int | float)  # problem() has checked it
    return float(value)


def check_choice(name: str, value: object, rule: Choices | str) -> Any:
    """``value`` if it is one of ``rule``'s values (a Choices, or a path for :func:`choices`);
    otherwise an InputError with the rule's code (``unknown_choice``, or ``unknown_level``)."""
    rule = _choices(rule) if isinstance(rule, str) else rule
    if isinstance(value, str | int) and not isinstance(value, bool) and value in rule.values:
        return value
    raise InputError(name, value, rule.allowed(), code=ErrorCode.REQUIRED if value is None else rule.code)


# --- reading the rules from the pydantic model ------------------------------------------------


def bounds(path: FieldPath, model: type[BaseModel] | None = None) -> Bounds:
    """The limits of a number field of ``model`` (default: Assumptions), read from its
    ``Ge``/``Gt``/``Le``/``Lt`` constraints; ``whole`` when the field is a StrictInt.

    Raises KeyError for a path that names no field, TypeError for a field that is not a number.
    """
    rule = rule_at(path, model)
    if not isinstance(rule, Bounds):
        raise TypeError(f"{_dotted(path)} is not a number field")
    return rule


def choices(path: FieldPath, model: type[BaseModel] | None = None) -> Choices:
    """The values a Literal or Enum field takes (``"stage"``, ``"size"``, ``"team.employment"``)."""
    return _choices(path, model)


def _choices(path: FieldPath, model: type[BaseModel] | None = None) -> Choices:
    rule = rule_at(path, model)
    if not isinstance(rule, Choices):
        raise TypeError(f"{_dotted(path)} is not a field with a fixed list of values")
    return rule


def date_range(path: FieldPath, model: type[BaseModel] | None = None) -> DateRange:
    """The first and last day a date field takes (``"start_date"``)."""
    rule = rule_at(path, model)
    if not isinstance(rule, DateRange):
        raise TypeError(f"{_dotted(path)} is not a date field")
    return rule


def rule_at(path: FieldPath, model: type[BaseModel] | None = None) -> Rule | None:
    """The rule of the field at ``path``: Bounds, Choices or DateRange; None for a field of
    another kind (text, a table, a whole model). Raises KeyError for a path that names no field."""
    parts = tuple(_parts(path))
    return _rule(parts, model or _assumptions_model())


def _assumptions_model() -> type[BaseModel]:
    from .assumptions import Assumptions  # the model takes its constants from this module

    return Assumptions


def _dotted(path: FieldPath) -> str:
    return path if isinstance(path, str) else ".".join(str(p) for p in path)


def _parts(path: FieldPath) -> list[str | int]:
    raw = path.split(".") if isinstance(path, str) else list(path)
    return [int(p) if isinstance(p, str) and p.isdigit() else p for p in raw if p != ""]


@cache
def _rule(parts: tuple[str | int, ...], model: type[BaseModel]) -> Rule | None:
    import annotated_types as at

    leaf, metadata = _walk(model, (), parts, parts)
    if _is_number(leaf):
        return _bounds_of(metadata, whole=_is_whole(leaf))
    if leaf is date:
        low = next((m.ge for m in metadata if isinstance(m, at.Ge)), None)
        high = next((m.le for m in metadata if isinstance(m, at.Le)), None)
        return DateRange(low, high)  # type: ignore[arg-type]
    if get_origin(leaf) is Literal:
        return Choices(tuple(get_args(leaf)))
    if isinstance(leaf, type) and issubclass(leaf, Enum):
        from .catalog import Level

        return Choices(tuple(m.value for m in leaf), ErrorCode.UNKNOWN_LEVEL if leaf is Level else ErrorCode.UNKNOWN_CHOICE)
    return None


def _walk(
    tp: Any, metadata: tuple[Any, ...], parts: tuple[str | int, ...], whole_path: tuple[str | int, ...]
) -> tuple[Any, tuple[Any, ...]]:
    """Follow ``parts`` from the type ``tp`` to the type of the field they name."""
    from pydantic import BaseModel

    tp, metadata = _unwrap(tp, metadata)
    origin = get_origin(tp)
    if not parts:
        if origin is dict:  # "salaries": the values of the table
            return _walk(get_args(tp)[1], (), (), whole_path)
        if origin is list:  # "team": its lines
            return _walk(get_args(tp)[0], (), (), whole_path)
        return tp, metadata
    head, rest = parts[0], parts[1:]
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        field = tp.model_fields.get(str(head))
        if field is None:
            raise KeyError(f"{_dotted(whole_path)}: {tp.__name__} has no field {head}")
        return _walk(field.annotation, tuple(field.metadata), rest, whole_path)
    if origin is dict:
        key_type, value_type = get_args(tp)
        if rest[:1] == ("[key]",):  # pydantic's location of a bad key
            return _unwrap(key_type, ())
        inner, _ = _unwrap(value_type, ())
        if isinstance(inner, type) and issubclass(inner, BaseModel) and head in inner.model_fields:
            return _walk(value_type, (), parts, whole_path)  # the key was left out
        return _walk(value_type, (), rest, whole_path)
    if origin is list:
        item = get_args(tp)[0]
        return _walk(item, (), rest if isinstance(head, int) else parts, whole_path)
    raise KeyError(f"{_dotted(whole_path)}: nothing inside {head}")


def _unwrap(tp: Any, metadata: tuple[Any, ...]) -> tuple[Any, tuple[Any, ...]]:
    """Strip Annotated (keeping its constraints) and Optional from a type."""
    from pydantic.fields import FieldInfo

    while True:
        origin = get_origin(tp)
        if origin is Annotated:
            tp, *extra = get_args(tp)
            for item in extra:
                metadata += tuple(item.metadata) if isinstance(item, FieldInfo) else (item,)
        elif origin in (Union, types.UnionType):
            members = [a for a in get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp, metadata  # int | float: a number
            tp = members[0]
        else:
            return tp, metadata


def _is_number(tp: Any) -> bool:
    if get_origin(tp) in (Union, types.UnionType):
        return all(_is_number(_unwrap(a, ())[0]) for a in get_args(tp))
    return tp in (int, float)


def _is_whole(tp: Any) -> bool:
    if get_origin(tp) in (Union, types.UnionType):
        return all(_is_whole(_unwrap(a, ())[0]) for a in get_args(tp))
    return tp is int


def _bounds_of(metadata: tuple[Any, ...], *, whole: bool) -> Bounds:
    import annotated_types as at

    low: Any = None
    high: Any = None
    low_open = high_open = False
    for m in metadata:
        if isinstance(m, at.Ge):
            low, low_open = m.ge, False
        elif isinstance(m, at.Gt):
            low, low_open = m.gt, True
        elif isinstance(m, at.Le):
            high, high_open = m.le, False
        elif isinstance(m, at.Lt):
            high, high_open = m.lt, True
    return Bounds(low, high, low_open, high_open, whole)
