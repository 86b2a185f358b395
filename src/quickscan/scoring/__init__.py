"""Scoring: answers + questionnaire -> results. Pure numpy/pandas: no I/O, no printing.

The method is written down in docs/methodology.md; `score()` is the one entry point.
"""

from quickscan.scoring.engine import score

__all__ = ["score"]
