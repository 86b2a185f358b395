"""The validated answers that scoring works on: the contract between reading and scoring.

Reading (`quickscan.answers.reader`) turns messy files into an `AnswerSet`; scoring
(`quickscan.scoring`) never sees a file, a label or an alias, only codes.

The reader keeps the respondent columns as arrays (`RespondentColumns`) and builds the
pandas tables only when someone asks for them: scoring needs just the integer keys, and
importing pandas plus turning a million ids into Python objects would cost scoring a
large share of its time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from quickscan.errors import Problem

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa

    from quickscan.results import InputFile

#: Code stored for a blank answer. Don't-know answers keep their own scale code (e.g. 9).
MISSING = -1

#: Columns of `AnswerSet.respondents`, in this order.
RESPONDENT_COLUMNS = (
    "respondent_id",  # text, as in the file ("007" stays "007")
    "municipality_code",  # "GM0363", or None when the file only has names
    "municipality_name",  # text or None
    "group",  # a questionnaire group id (aliases already resolved)
    "wave",  # text or None
    "source",  # the file the row came from
    "row",  # the row number as a spreadsheet shows it (header = 1)
)

#: Columns of `AnswerSet.open_answers` before the open question ids.
OPEN_ANSWER_KEYS = ("respondent_id", "municipality_code", "municipality_name", "group", "wave")

#: The respondent columns with few distinct values, kept as an index per row into a list.
FEW_VALUED = ("municipality_code", "municipality_name", "group", "wave", "source")


@dataclass(frozen=True)
class RespondentColumns:
    """The respondent table as the reader builds it: arrow text and integer indexes.

    `few[name]` is (index per row, values): row i has `values[index[i]]`, or nothing when the
    index is -1. The values hold no blanks.
    """

    respondent_id: pa.ChunkedArray
    few: dict[str, tuple[np.ndarray, list[str]]]
    row: np.ndarray
    #: Optional text columns carried along (e.g. submitted_at); null when blank.
    extra: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    #: Per open question id, the answers as text; null when blank.
    open_answers: dict[str, pa.ChunkedArray] = field(default_factory=dict)
    #: Per source file (the index in `few['source']`): carried column name -> its header
    #: as written in that file (`source` for the mode, `weging` for the weight).
    carried_headers: list[dict[str, str]] = field(default_factory=list)

    def frame(self) -> pd.DataFrame:
        import pandas as pd

        def categorical(name: str) -> pd.Categorical:
            index, values = self.few[name]
            return pd.Categorical.from_codes(index, categories=pd.Index(values, dtype=object))

        return pd.DataFrame(
            {
                "respondent_id": self.respondent_id.to_pandas(),
                **{name: categorical(name) for name in FEW_VALUED},
                "row": self.row,
                **{name: values.to_pandas() for name, values in self.extra.items()},
            },
            columns=[*RESPONDENT_COLUMNS, *self.extra],
        )


class AnswerSet:
    """All respondents of one or more answer files, validated against one questionnaire.

    `codes[i, j]` is respondent i's answer code to `item_ids[j]`: a scale code, a don't-know
    code of that item's scale, or MISSING. `item_ids` follows `questionnaire.all_items`
    (the seven areas' items, then maatwerk items); an item column absent from the file is
    all MISSING (and a warning was recorded).

    As read by `quickscan.answers`: `codes` has the smallest signed integer type that holds
    the questionnaire's codes (int8 for QSLD). In `respondents`, the columns with few values
    (municipality_code, municipality_name, group, wave, source) are pandas categoricals of
    text, respondent_id is text, and a file's `submitted_at` column is carried as an extra
    text column; a missing value is NA (test with `pd.isna`). `open_answers` has the columns
    OPEN_ANSWER_KEYS and one per open question (Python text, None when blank).

    Build one either from pandas tables (`respondents`, `open_answers`) or, as the reader
    does, from `columns`; the pandas tables are then made on first use.
    """

    def __init__(
        self,
        respondents: pd.DataFrame | None = None,
        item_ids: Sequence[str] = (),
        codes: np.ndarray | None = None,
        open_answers: pd.DataFrame | None = None,
        inputs: Sequence[InputFile] = (),
        problems: Sequence[Problem] = (),
        *,
        columns: RespondentColumns | None = None,
    ) -> None:
        if (respondents is None) == (columns is None):
            raise ValueError("give either respondents or columns")
        self._respondents = respondents
        self._open_answers = open_answers
        self._columns = columns
        if codes is None:
            raise ValueError("codes are required")
        self.item_ids = list(item_ids)
        self.codes = codes
        self.inputs: list[InputFile] = list(inputs)
        #: Warnings found while reading (errors are raised as AnswersError instead).
        self.problems: list[Problem] = list(problems)
        if columns is not None:
            rows = len(columns.row)
        else:
            assert respondents is not None  # checked above
            rows = len(respondents)
        if self.codes.shape != (rows, len(self.item_ids)):
            raise ValueError(
                f"codes has shape {self.codes.shape}, expected ({rows}, {len(self.item_ids)})"
            )

    def __len__(self) -> int:
        return int(self.codes.shape[0])

    def __repr__(self) -> str:
        return f"AnswerSet({len(self)} respondents x {len(self.item_ids)} items)"

    @property
    def respondents(self) -> pd.DataFrame:
        if self._respondents is None:
            assert self._columns is not None
            self._respondents = self._columns.frame()
        return self._respondents

    @property
    def open_answers(self) -> pd.DataFrame:
        if self._open_answers is None:
            import pandas as pd

            table = self.respondents[list(OPEN_ANSWER_KEYS)].copy()
            answers = {} if self._columns is None else self._columns.open_answers
            for name, values in answers.items():
                # Open answers are read by people: plain Python text, None when blank.
                table[name] = pd.Series(values.to_pylist(), dtype=object, index=table.index)
            self._open_answers = table
        return self._open_answers

    def replace(self, **changes: Any) -> AnswerSet:
        """A copy with some parts changed (as `dataclasses.replace`)."""
        parts: dict[str, Any] = {
            "item_ids": self.item_ids,
            "codes": self.codes,
            "inputs": self.inputs,
            "problems": self.problems,
        }
        if "respondents" in changes:
            parts["open_answers"] = self.open_answers
        elif self._columns is not None:
            parts["columns"] = self._columns
            parts["open_answers"] = self._open_answers
        else:
            parts["respondents"] = self._respondents
            parts["open_answers"] = self._open_answers
        parts.update(changes)
        return AnswerSet(**parts)

    def key_column(self, name: str) -> tuple[np.ndarray, list[str]]:
        """Row -> index into the sorted distinct texts of a respondent column; -1 when blank.

        What scoring groups rows by (municipality code and name, group, wave), without
        building the pandas table when the reader's columns are at hand.
        """
        if self._columns is None:
            return _factorize_sorted(self.respondents[name])
        index, values = self._columns.few[name]
        order = sorted(range(len(values)), key=lambda i: values[i])
        rank = np.empty(len(values) + 1, dtype=np.int64)
        rank[order] = np.arange(len(values))
        rank[len(values)] = -1  # index -1 picks this
        return rank[index], [values[i] for i in order]


def _factorize_sorted(column: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Index per row into the sorted distinct texts; -1 for a missing or empty value."""
    import pandas as pd

    index, uniques = pd.factorize(column, sort=True)
    texts = [str(u) for u in uniques]
    index = index.astype(np.int64)
    if "" in texts:
        empty = texts.index("")
        index[index == empty] = -1
    return index, texts
