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
    from quickscan.scoring.weights import Weighting


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
    population: str | Path | None = None,
    weights: str | None = None,
    weight_cap: float | None = None,
) -> ScoreResult:
    """Read answer files and score every municipality and wave in them.

    `items=False` skips the item statistics and notable results (see `scoring.score`).
    `population`, `weights` and `weight_cap` as `weighting_for`.
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

    return score(
        answer_set,
        q,
        weighting=weighting,
        min_group_size=min_group_size,
        items=items,
        weights=weighting_for(
            answer_set, q, population=population, weights=weights, cap=weight_cap
        ),
    )


def weighting_for(
    answer_set: AnswerSet,
    questionnaire: Questionnaire,
    *,
    population: str | Path | None = None,
    weights: str | None = None,
    cap: float | None = None,
) -> Weighting | None:
    """Check the background columns and compute weights: 'rake', 'none' or a column name.

    `weights` None means 'rake' when a population file is given, else 'none'. `cap` None
    takes `scoring.weights.DEFAULT_CAP`. None when there is nothing to weight or compare
    (no background columns and no population file). Raises AnswersError for bad background
    values or a bad population file, UsageError for an impossible choice.
    """
    if population is None and weights in (None, "none"):
        # Nothing to weight or compare: the background columns are not even read (and
        # reading them would build the pandas table that plain scoring never needs).
        return None
    from quickscan.answers.background import read_background
    from quickscan.answers.columns import WEIGHT_ALIASES, header_key
    from quickscan.answers.population import read_population
    from quickscan.errors import AnswersError, Location, UsageError
    from quickscan.scoring.weights import DEFAULT_CAP, NONE, RAKE, compute_weighting

    background, problems = read_background(answer_set, questionnaire)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise AnswersError(problems=problems)
    answer_set.problems.extend(problems)
    method = weights or (RAKE if population is not None else NONE)

    def refuse(message: str, hint: str) -> UsageError:
        return UsageError(
            problems=[
                Problem(
                    code="invalid-weights",
                    message=message,
                    location=Location(field="--weights"),
                    hint=hint,
                )
            ]
        )

    if method == RAKE and population is None:
        raise refuse("--weights rake needs --population", "give --population population.csv")
    if method not in (RAKE, NONE):
        if header_key(method) not in {header_key(a) for a in WEIGHT_ALIASES}:
            raise refuse(
                f"unknown weights '{method}'",
                "use rake, none, or the weight column: " + ", ".join(WEIGHT_ALIASES),
            )
        if background.weight is None:
            raise refuse(
                f"the answer files have no column '{method}'",
                "add the weight column, or use --weights rake with --population",
            )
        method = f"column:{method}"
    # Raking needs a background column of a characteristic it can rake on (14.4).
    declared = questionnaire.background.characteristics if questionnaire.background else []
    rakeable = tuple(c.id for c in declared if c.rake)
    no_background = population is not None and not any(c.rake for c in background.characteristics)
    if no_background and method == RAKE:
        if weights is not None:
            raise refuse(
                "--weights rake needs background columns in the answer files, and they have "
                "none of: " + (", ".join(rakeable) or "(the questionnaire declares none)"),
                "add one or more of these columns (docs/methodology.md 14.1), or use "
                "--weights none to score unweighted",
            )
        # Only --population: nothing to rake on, so unweighted, and every output says why.
        method = NONE
    if cap is not None and cap <= 1:
        raise UsageError(
            problems=[
                Problem(
                    code="invalid-weight-cap",
                    message=f"the weight cap must be above 1, got {cap:g}",
                    location=Location(field="--weight-cap"),
                    hint=f"the default is {DEFAULT_CAP:g}",
                )
            ]
        )
    if population is None and not background.characteristics and method == NONE:
        return None
    table = read_population(Path(population), questionnaire) if population is not None else None
    return compute_weighting(
        answer_set,
        background,
        table,
        method,
        DEFAULT_CAP if cap is None else cap,
        no_background=rakeable if no_background else None,
    )
