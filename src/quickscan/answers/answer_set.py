"""The validated answers that scoring works on: the contract between reading and scoring.

Reading (`quickscan.answers.reader`) turns messy files into an `AnswerSet`; scoring
(`quickscan.scoring`) never sees a file, a label or an alias, only codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from quickscan.errors import Problem
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


@dataclass
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
    text column; a missing value is NA (test with `pd.isna`).
    """

    respondents: pd.DataFrame
    item_ids: list[str]
    codes: np.ndarray  # shape (len(respondents), len(item_ids)), integer dtype
    open_answers: pd.DataFrame  # columns: respondent_id, <open question ids> (text or None)
    inputs: list[InputFile] = field(default_factory=list)
    #: Warnings found while reading (errors are raised as AnswersError instead).
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.codes.shape != (len(self.respondents), len(self.item_ids)):
            raise ValueError(
                f"codes has shape {self.codes.shape}, expected "
                f"({len(self.respondents)}, {len(self.item_ids)})"
            )

    def __len__(self) -> int:
        return len(self.respondents)
