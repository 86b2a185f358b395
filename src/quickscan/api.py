"""The small library API behind the CLI: load, read, score, in one call each.

`quickscan score --format json` prints exactly `score_files(...).model_dump(mode="json")`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from quickscan.errors import Problem
from quickscan.questionnaire import DEFAULT_QUESTIONNAIRE, Questionnaire, load_questionnaire

if TYPE_CHECKING:
    from quickscan.answers.answer_set import AnswerSet
    from quickscan.results import ScoreResult


def read_files(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
) -> AnswerSet:
    """Read and validate answer files; raises AnswersError listing every problem."""
    from quickscan.answers import read_answers

    return read_answers(
        [Path(p) for p in answers], questionnaire, delimiter=delimiter, sheet=sheet, strict=strict
    )


def check_files(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
) -> list[Problem]:
    """Validate answer files and return every problem (errors and warnings), raising nothing."""
    from quickscan.answers import check_answers

    _, problems = check_answers(
        [Path(p) for p in answers], questionnaire, delimiter=delimiter, sheet=sheet, strict=strict
    )
    return problems


def score_files(
    answers: Sequence[Path | str],
    questionnaire: Questionnaire | str | Path = DEFAULT_QUESTIONNAIRE,
    *,
    extra: str | Path | None = None,
    weighting: str | None = None,
    min_group_size: int | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    items: bool = True,
) -> ScoreResult:
    """Read answer files and score every municipality and wave in them.

    `items=False` skips the item statistics and notable results (see `scoring.score`).
    """
    from quickscan.runtime import preload

    warming = preload("quickscan.scoring")
    q = (
        questionnaire
        if isinstance(questionnaire, Questionnaire)
        else load_questionnaire(questionnaire, extra=extra)
    )
    answer_set = read_files(answers, q, delimiter=delimiter, sheet=sheet, strict=strict)
    warming.join()
    from quickscan.scoring import score

    return score(answer_set, q, weighting=weighting, min_group_size=min_group_size, items=items)
