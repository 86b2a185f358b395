"""Background columns of respondents (age band, gender, wijk, education, mode) and weights.

The reader carries these columns as text (`answers.columns.carried_columns`); here they are
checked against the questionnaire's `background` section like item answers are against
their scale: every value that is not a category is a problem with its file, row and
column, all of them at once. Only rows of the background groups (inwoners) are looked at.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quickscan.answers.answer_set import AnswerSet
from quickscan.answers.problems import ProblemLog, make_problem
from quickscan.errors import Problem
from quickscan.questionnaire.models import Characteristic, Questionnaire, normalise_label

#: The carried column with weights from the file (`--weights COLUMN`).
WEIGHT_COLUMN = "weight"


@dataclass(frozen=True)
class BackgroundColumns:
    """Per row of an AnswerSet: a category index per characteristic, and the file's weight.

    `codes[c][i]` indexes `categories[c]`, -1 where blank, invalid or the row's group is not
    asked the background questions. For an open characteristic (wijk) the categories are the
    spellings met, in order of first appearance (compared case- and accent-insensitively).
    """

    characteristics: list[Characteristic]
    codes: dict[str, np.ndarray]
    categories: dict[str, list[str]]
    #: Rows whose group answers the background questions.
    asked: np.ndarray
    #: The file's weight per row (NaN where blank); None when the files have no weight column.
    weight: np.ndarray | None

    def characteristic(self, characteristic_id: str) -> Characteristic:
        for characteristic in self.characteristics:
            if characteristic.id == characteristic_id:
                return characteristic
        raise KeyError(characteristic_id)


def read_background(
    answers: AnswerSet, questionnaire: Questionnaire
) -> tuple[BackgroundColumns, list[Problem]]:
    """Check and code the background columns present in `answers`; problems, not exceptions."""
    respondents = answers.respondents
    background = questionnaire.background
    n = len(answers)
    groups = respondents["group"].astype(object).to_numpy() if n else np.zeros(0, dtype=object)
    asked_groups = set(background.groups) if background else set()
    asked = np.array([g in asked_groups for g in groups], dtype=bool)
    files = respondents["source"].astype(object).to_numpy() if n else np.zeros(0, dtype=object)
    rows = respondents["row"].to_numpy() if n else np.zeros(0, dtype=np.int64)
    log = ProblemLog()

    characteristics: list[Characteristic] = []
    codes: dict[str, np.ndarray] = {}
    categories: dict[str, list[str]] = {}
    for characteristic in background.characteristics if background else []:
        if characteristic.id not in respondents.columns:
            continue
        characteristics.append(characteristic)
        values = respondents[characteristic.id].to_numpy(dtype=object, na_value=None)
        index, names = _code(characteristic, values, asked, files, rows, log)
        codes[characteristic.id] = index
        categories[characteristic.id] = names

    weight: np.ndarray | None = None
    if WEIGHT_COLUMN in respondents.columns:
        weight = _weights(
            respondents[WEIGHT_COLUMN].to_numpy(dtype=object, na_value=None), files, rows, log
        )
    return (
        BackgroundColumns(characteristics, codes, categories, asked, weight),
        log.problems(),
    )


def _code(
    characteristic: Characteristic,
    values: np.ndarray,
    asked: np.ndarray,
    files: np.ndarray,
    rows: np.ndarray,
    log: ProblemLog,
) -> tuple[np.ndarray, list[str]]:
    index = np.full(len(values), -1, dtype=np.int64)
    if characteristic.open:
        names: list[str] = []
        seen: dict[str, int] = {}
        for i, value in enumerate(values):
            if not asked[i] or value is None or not str(value).strip():
                continue
            key = normalise_label(str(value))
            if key not in seen:
                seen[key] = len(names)
                names.append(" ".join(str(value).split()))
            index[i] = seen[key]
        return index, names
    lookup = characteristic.category_lookup()
    names = [category.code for category in characteristic.categories]
    position = {code: k for k, code in enumerate(names)}
    allowed = ", ".join(names)
    # Few distinct spellings: decide each once.
    decided: dict[str, int] = {}
    for i, value in enumerate(values):
        if not asked[i] or value is None or not str(value).strip():
            continue
        text = str(value)
        if text not in decided:
            code = lookup.get(normalise_label(text))
            decided[text] = -1 if code is None else position[code]
        index[i] = decided[text]
        if decided[text] < 0:
            log.add(
                make_problem(
                    "invalid-category",
                    f"'{text.strip()[:40]}' is not a category of {characteristic.id}",
                    file=str(files[i]),
                    row=int(rows[i]),
                    field=characteristic.id,
                    value=text,
                    hint=f"allowed: {allowed} (or their labels); leave the cell empty if "
                    "unknown",
                )
            )
    return index, names


def _weights(values: np.ndarray, files: np.ndarray, rows: np.ndarray, log: ProblemLog) -> np.ndarray:
    out = np.full(len(values), np.nan)
    for i, value in enumerate(values):
        if value is None or not str(value).strip():
            continue
        text = str(value).strip().replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            number = float("nan")
        if not np.isfinite(number) or number <= 0:
            log.add(
                make_problem(
                    "invalid-weight",
                    f"'{str(value).strip()[:40]}' is not a positive number",
                    file=str(files[i]),
                    row=int(rows[i]),
                    field=WEIGHT_COLUMN,
                    value=value,
                    hint="a weight is a number above 0, e.g. 0.84 or 1,37",
                )
            )
            continue
        out[i] = number
    return out
