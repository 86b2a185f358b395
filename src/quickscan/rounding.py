"""The one rounding rule for everything a person sees: one decimal, half away from zero.

Kept apart from the result models so that the terminal code can use it without loading
pydantic models first. Three rules live here, because every output must agree on them:

- `clean`: every stored number (scores, and every number derived from them: differences,
  wave changes, peer differences) keeps 10 decimals, which removes binary noise
  (5.2499999999999991 -> 5.25) so the display rounding of an exact half goes the way a
  person computes it;
- `display`: one decimal, half away from zero, never a "-0.0";
- `shown_value`: the band of a score is the band of the value a person reads (5.462 shows
  as 5.5 and is *voldoende*, not *aandachtspunt*; docs/methodology.md, "Rounding").
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

#: Decimals kept of every stored number (see `clean`).
CLEAN_DECIMALS = 10
#: Decimals shown of a score; the band of a score is decided on this many decimals.
SHOWN_DECIMALS = 1
#: The minus sign of Dutch text (U+2212), never a hyphen.
MINUS = "\u2212"


def clean(value: float | None) -> float | None:
    """A stored number without binary noise: 10 decimals, and no negative zero."""
    if value is None or math.isnan(value):
        return value
    return round(value, CLEAN_DECIMALS) + 0.0


def round_half_away(value: float, decimals: int = 1) -> float:
    """Round half away from zero on the decimal value a person would write down.

    `round()` rounds half to even and works on the binary value (2.675 -> 2.67); this uses
    the shortest decimal representation of the float, so 6.25 -> 6.3 and -6.25 -> -6.3.
    """
    if 0 <= decimals <= _FAST_DECIMALS:
        # Fast path, same result: away from a half, the binary value and its shortest decimal
        # lie on the same side of it (they differ by far less than _NEAR_HALF), and k / 10^d
        # is the float nearest to the decimal k x 10^-d, as float(Decimal) gives.
        scale = _SCALES[decimals]
        scaled = abs(value) * scale
        if scaled < _FAST_LIMIT:  # also False for inf and nan
            whole = math.floor(scaled)
            fraction = scaled - whole
            if abs(fraction - 0.5) > _NEAR_HALF:
                rounded = (whole + (fraction > 0.5)) / scale
                return (rounded if value >= 0 else -rounded) + 0.0
    quantum = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_UP)) + 0.0


#: The fast path of `round_half_away`: decimals it takes, powers of ten (exact as floats),
#: the largest scaled value (small enough that its float error is far below _NEAR_HALF), and
#: how close to a half it leaves to Decimal.
_FAST_DECIMALS = 15
_SCALES = [10.0**d for d in range(_FAST_DECIMALS + 1)]
_FAST_LIMIT = 2.0**28  # its spacing (6e-8) stays far below _NEAR_HALF
_NEAR_HALF = 1e-6


def shown_value(value: float, decimals: int = SHOWN_DECIMALS) -> float:
    """The value a person reads for a (cleaned) number: what bands are decided on."""
    return round_half_away(value, decimals)


def display(value: float | None, decimals: int = 1) -> str:
    """The text shown for a score: '6.3', or '' when there is none; never '-0.0'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    rounded = round_half_away(value, decimals)
    if rounded == 0:
        rounded = 0.0  # -0.04 shows as 0.0, not -0.0
    return f"{rounded:.{decimals}f}"


def display_lang(value: float | None, lang: str, decimals: int = 1) -> str:
    """`display()` in a language: '6,3' and '−0,4' (a real minus sign) in Dutch, '-0.4' in
    English."""
    text = display(value, decimals)
    if lang == "nl":
        return text.replace(".", ",").replace("-", MINUS)
    return text
