"""Rounding money as Excel's ROUND does: half away from zero, to the cent.

Python's ``round`` rounds half to even (``round(0.125, 2) == 0.12``); Excel and
LibreOffice give 0.13. Both spreadsheet engines also look at a double through about 15
significant digits, so binary noise such as ``1.005 == 1.00499999999999989...`` still
rounds up. ``round_money`` does the same with Decimal; ``round_money_array`` is the
vectorised twin the budget uses, and a property test holds them equal.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import numpy.typing as npt

__all__ = ["round_money", "round_money_array"]

_CENT = Decimal("0.01")


def round_money(value: float, digits: int = 2) -> float:
    """``ROUND(value, digits)`` as Excel computes it."""
    if not np.isfinite(value):
        raise ValueError(f"cannot round {value!r} as money")
    exact = Decimal(f"{value:.15g}")
    return float(exact.quantize(_CENT if digits == 2 else Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def round_money_array(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """``ROUND(x, 2)`` for every element, vectorised."""
    x = np.asarray(values, dtype=np.float64)
    cents = np.abs(x) * 100.0
    # fold away binary noise below the 15th significant digit, as the spreadsheet does
    digits = np.clip(14 - np.floor(np.log10(np.maximum(cents, 1e-300))), 0, 15).astype(int)
    scale = np.power(10.0, digits)
    cents = np.round(cents * scale) / scale
    return np.copysign(np.floor(cents + 0.5), x) / 100.0
