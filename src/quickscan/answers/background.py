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
    """Check and code the background columns present in `answers`; problems, not exceptions.

    Works on the distinct spellings of each column (a handful), not on its rows.
    """
    log = ProblemLog()
    columns = check_background(answers, questionnaire, log)
    return columns, log.problems()


def check_background(
    answers: AnswerSet, questionnaire: Questionnaire, log: ProblemLog
) -> BackgroundColumns:
    """`read_background` into the reader's own problem log, so that `check_answers` (and
    through it every command) reports a bad category with the item problems, capped and
    counted the same way. A background column that is absent is no problem: they are all
    optional."""
    background = questionnaire.background
    group_index, group_ids = answers.key_column("group")
    asked_groups = set(background.groups) if background else set()
    asked_lookup = np.array([g in asked_groups for g in group_ids] + [False])
    asked = asked_lookup[group_index]

    characteristics: list[Characteristic] = []
    codes: dict[str, np.ndarray] = {}
    categories: dict[str, list[str]] = {}
    for characteristic in background.characteristics if background else []:
        column = _text_column(answers, characteristic.id)
        if column is None:
            continue
        characteristics.append(characteristic)
        index, names = _code(characteristic, *column, asked, answers, log)
        codes[characteristic.id] = index
        categories[characteristic.id] = names

    weight: np.ndarray | None = None
    column = _text_column(answers, WEIGHT_COLUMN)
    if column is not None:
        weight = _weights(*column, answers, log)
    return BackgroundColumns(characteristics, codes, categories, asked, weight)


def carries_background(answers: AnswerSet, questionnaire: Questionnaire) -> bool:
    """Whether the files have a background or weight column at all (cheap: names only)."""
    names = [WEIGHT_COLUMN]
    if questionnaire.background is not None:
        names += [c.id for c in questionnaire.background.characteristics]
    columns = answers._columns
    present = columns.extra if columns is not None else answers.respondents.columns
    return any(name in present for name in names)


def _text_column(answers: AnswerSet, name: str) -> tuple[np.ndarray, list[str]] | None:
    """(index per row into the distinct texts, -1 when blank; those texts), or None."""
    columns = answers._columns  # the reader's arrow columns: no pandas table needed
    if columns is not None:
        if name not in columns.extra:
            return None
        import pyarrow.compute as pc

        from quickscan.answers import arrow

        encoded = pc.dictionary_encode(columns.extra[name]).combine_chunks()
        # Blank cells are nulls: -1. Read from the buffers: pyarrow's own conversion would
        # import pandas, which reading never needs, and every read checks these columns.
        index = arrow.integers_filled(encoded.indices, -1).astype(np.int64)
        texts = [str(v) for v in encoded.dictionary.to_pylist()]
    else:
        if name not in answers.respondents.columns:
            return None
        import pandas as pd

        index, uniques = pd.factorize(answers.respondents[name])
        texts = [str(u) for u in uniques]
    blank = np.array([not t.strip() for t in texts] + [True])
    index = np.where(blank[index], -1, index).astype(np.int64)
    return index, texts


def _where(answers: AnswerSet, rows: np.ndarray) -> tuple[list[str], list[int]]:
    """File and spreadsheet row of some rows, for problem messages."""
    source_index, sources = answers.key_column("source")
    if answers._columns is not None:
        row_numbers = answers._columns.row
    else:
        row_numbers = answers.respondents["row"].to_numpy()
    return (
        [sources[i] if i >= 0 else "" for i in source_index[rows].tolist()],
        [int(r) for r in row_numbers[rows].tolist()],
    )


def _headers(answers: AnswerSet, name: str, rows: np.ndarray) -> list[str]:
    """The column's header as written in each row's file (`source` for the mode), so a
    problem names the column the user sees; the carried name where it is not known."""
    columns = answers._columns
    if columns is None or not columns.carried_headers:
        return [name] * len(rows)
    source = columns.few["source"][0][rows].tolist()
    return [columns.carried_headers[s].get(name, name) if s >= 0 else name for s in source]


def _code(
    characteristic: Characteristic,
    index: np.ndarray,
    texts: list[str],
    asked: np.ndarray,
    answers: AnswerSet,
    log: ProblemLog,
) -> tuple[np.ndarray, list[str]]:
    """Category index per row (-1 blank, invalid or not asked) and the category names."""
    if characteristic.open:
        names: list[str] = []
        seen: dict[str, int] = {}
        mapping = np.full(len(texts) + 1, -1, dtype=np.int64)
        for k, text in enumerate(texts):
            key = normalise_label(text)
            if key not in seen:
                seen[key] = len(names)
                names.append(" ".join(text.split()))
            mapping[k] = seen[key]
        return np.where(asked, mapping[index], -1), names
    lookup = characteristic.category_lookup()
    names = [category.code for category in characteristic.categories]
    position = {code: k for k, code in enumerate(names)}
    mapping = np.full(len(texts) + 1, -1, dtype=np.int64)
    invalid = np.zeros(len(texts) + 1, dtype=bool)
    for k, text in enumerate(texts):
        code = lookup.get(normalise_label(text))
        if code is None:
            invalid[k] = True
        else:
            mapping[k] = position[code]
    bad_rows = np.flatnonzero(asked & (index >= 0) & invalid[index])
    if len(bad_rows):
        allowed = ", ".join(names)
        files, rows = _where(answers, bad_rows)
        headers = _headers(answers, characteristic.id, bad_rows)
        for row, file, line, header in zip(bad_rows.tolist(), files, rows, headers, strict=True):
            text = texts[index[row]]
            log.add(
                make_problem(
                    "invalid-category",
                    f"'{text.strip()[:40]}' is not a category of {characteristic.id}",
                    file=file,
                    row=line,
                    field=header,
                    value=text,
                    hint=f"allowed: {allowed} (or their labels); leave the cell empty if unknown",
                )
            )
    return np.where(asked, mapping[index], -1), names


def _weights(
    index: np.ndarray, texts: list[str], answers: AnswerSet, log: ProblemLog
) -> np.ndarray:
    numbers = np.full(len(texts) + 1, np.nan)
    for k, text in enumerate(texts):
        try:
            numbers[k] = float(text.strip().replace(",", "."))
        except ValueError:
            numbers[k] = np.nan
    invalid = ~(np.isfinite(numbers) & (numbers > 0))
    invalid[-1] = False  # blank
    bad_rows = np.flatnonzero((index >= 0) & invalid[index])
    if len(bad_rows):
        files, rows = _where(answers, bad_rows)
        headers = _headers(answers, WEIGHT_COLUMN, bad_rows)
        for row, file, line, header in zip(bad_rows.tolist(), files, rows, headers, strict=True):
            log.add(
                make_problem(
                    "invalid-weight",
                    f"'{texts[index[row]].strip()[:40]}' is not a positive number",
                    file=file,
                    row=line,
                    field=header,
                    value=texts[index[row]],
                    hint="a weight is a number above 0, e.g. 0.84 or 1,37",
                )
            )
    out = numbers[index]
    out[(index < 0) | invalid[index]] = np.nan
    return out
