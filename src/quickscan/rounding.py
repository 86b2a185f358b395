"""The one rounding rule for everything a person sees: one decimal, half away from zero.

Kept apart from the result models so that the terminal code can use it without loading
pydantic models first.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal


def round_half_away(value: float, decimals: int = 1) -> float:
    """Round half away from zero on the decimal value a person would write down.

    `round()` rounds half to even and works on the binary value (2.675 -> 2.67); this uses
    the shortest decimal representation of the float, so 6.25 -> 6.3 and -6.25 -> -6.3.
    """
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP))


def display(value: float | None, decimals: int = 1) -> str:
    """The text shown for a score: '6.3', or '' when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{round_half_away(value, decimals):.{decimals}f}"
