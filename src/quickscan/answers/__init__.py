"""Answer files: reading CSV/XLSX, mapping columns, validating into problems and an AnswerSet.

`read_answers` raises `AnswersError` when any error is found; `check_answers` never raises for
data problems and returns what is usable plus every problem. Formats, aliases and problem
codes are documented in docs/answers.md.
"""

from quickscan.answers.answer_set import MISSING, RESPONDENT_COLUMNS, AnswerSet
from quickscan.answers.columns import FIELD_ALIASES
from quickscan.answers.problems import MAX_PER_KEY, PROBLEM_KINDS
from quickscan.answers.reader import check_answers, read_answers

__all__ = [
    "FIELD_ALIASES",
    "MAX_PER_KEY",
    "MISSING",
    "PROBLEM_KINDS",
    "RESPONDENT_COLUMNS",
    "AnswerSet",
    "check_answers",
    "read_answers",
]
