"""Ranks and percentiles among compared municipalities, as defined in docs/compare.md.

- rank: 1 is the highest score; tied scores share the best rank of their block and the next
  rank skips ("min" method, as in sports): 8.0, 7.0, 7.0, 6.0 -> 1, 2, 2, 4.
- percentile: the share of the *other* scored municipalities with a lower score, ties
  counting half, times 100. With scores 8, 7, 7, 6 the 7s get (1 + 0.5) / 3 = 50.
  The percentile needs at least one other municipality; alone it is None.

Missing scores (None: suppressed, no data, incomplete) get neither and are left out of the
counts of everyone else.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence

from quickscan.rounding import clean


def min_ranks(values: Sequence[float | None]) -> list[int | None]:
    """Rank 1 = highest; ties share the best (lowest) rank; None stays None."""
    scored = sorted(v for v in values if v is not None)
    # 1 + the number of values strictly higher.
    return [None if v is None else 1 + len(scored) - bisect_right(scored, v) for v in values]


def percentile_of(value: float, others: Sequence[float]) -> float | None:
    """Share (0-100) of `others` below `value`, ties counting half; None when empty."""
    if not others:
        return None
    lower = sum(1 for w in others if w < value)
    tied = sum(1 for w in others if w == value)
    return clean(100.0 * (lower + 0.5 * tied) / len(others))


def percentiles(values: Sequence[float | None]) -> list[float | None]:
    """`percentile_of` each value among the other scored values of the same list."""
    scored = sorted(v for v in values if v is not None)
    others = len(scored) - 1
    out: list[float | None] = []
    for value in values:
        if value is None or others < 1:
            out.append(None)
            continue
        lower = bisect_left(scored, value)
        tied = bisect_right(scored, value) - lower - 1  # not counting the value itself
        out.append(clean(100.0 * (lower + 0.5 * tied) / others))
    return out
