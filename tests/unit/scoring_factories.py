"""Small factories for scoring and export tests: a questionnaire built in code, answer sets.

The questionnaire here is deliberately tiny and independent of the built-in QSLD, so the
expected numbers in the tests can be worked out by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from quickscan.answers.answer_set import MISSING, RESPONDENT_COLUMNS, AnswerSet
from quickscan.questionnaire.models import (
    Area,
    Band,
    Group,
    Item,
    Questionnaire,
    Scale,
    ScaleOption,
    ScoringSettings,
    Text,
)
from quickscan.results import InputFile

GROUPS = ("raad", "college", "ambtenaar", "inwoner")
_GROUP_LABELS = {
    "raad": ("Raadsleden", "Council members"),
    "college": ("Collegeleden", "Executive"),
    "ambtenaar": ("Ambtenaren", "Civil servants"),
    "inwoner": ("Inwoners", "Residents"),
}
DK = 9  # the don't-know code of both scales
_ = None  # a blank answer in the row tables of the tests


def text(nl: str, en: str | None = None) -> Text:
    return Text(nl=nl, en=en)


def agree5() -> Scale:
    labels = ["Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens"]
    return Scale(
        id="agree5",
        options=[ScaleOption(code=i + 1, label=text(lab)) for i, lab in enumerate(labels)],
        dont_know=[ScaleOption(code=DK, label=text("Weet niet", "Don't know"))],
    )


def freq4() -> Scale:
    """A 4-point scale (range 3): scores 0, 3.33, 6.67, 10."""
    labels = ["Nooit", "Soms", "Vaak", "Altijd"]
    return Scale(
        id="freq4",
        options=[ScaleOption(code=i + 1, label=text(lab)) for i, lab in enumerate(labels)],
        dont_know=[ScaleOption(code=DK, label=text("Weet niet", "Don't know"))],
    )


def item(
    item_id: str,
    *,
    scale: str = "agree5",
    reverse: bool = False,
    groups: list[str] | None = None,
    nl: str | None = None,
    en: str | None = None,
) -> Item:
    return Item(
        id=item_id,
        text=text(nl or f"Stelling {item_id}", en or f"Statement {item_id}"),
        scale=scale,
        reverse=reverse,
        groups=groups,
    )


def area(number: int, area_id: str, title_nl: str, title_en: str, items: list[Item]) -> Area:
    return Area(
        number=number,
        id=area_id,
        title=text(title_nl, title_en),
        description=text(f"Over {title_nl}"),
        items=items,
    )


def default_areas() -> list[Area]:
    """Two areas: the worked example of docs/methodology.md and a second one."""
    return [
        area(
            1,
            "krachtige-raad",
            "Krachtige gemeenteraad",
            "Strong council",
            [
                item("R1", nl="De raad stelt de kaders."),
                item("R2", reverse=True, nl="De raad volgt vooral het college."),
                item("R3", groups=["raad", "college"], nl="Ik heb genoeg tijd voor mijn werk."),
            ],
        ),
        area(
            2,
            "weerbaar-bestuur",
            "Weerbaar bestuur",
            "Resilient governance",
            [item("W1"), item("W2"), item("W3", scale="freq4", reverse=True)],
        ),
    ]


def make_questionnaire(
    areas: list[Area] | None = None,
    *,
    maatwerk: list[Item] | None = None,
    **scoring: Any,
) -> Questionnaire:
    return Questionnaire(
        id="test",
        version="1.0",
        title=text("Testvragenlijst", "Test questionnaire"),
        languages=["nl", "en"],
        groups=[Group(id=g, label=text(*_GROUP_LABELS[g])) for g in GROUPS],
        scales=[agree5(), freq4()],
        scoring=ScoringSettings(**scoring),
        bands=[
            Band(
                id="aandachtspunt",
                label=text("Aandachtspunt", "Point for attention"),
                min=0,
                max=5.5,
                colour="#c8553d",
            ),
            Band(
                id="voldoende",
                label=text("Voldoende", "Adequate"),
                min=5.5,
                max=7,
                colour="#e9b44c",
            ),
            Band(id="sterk", label=text("Sterk", "Strong"), min=7, max=10, colour="#3b8e6e"),
        ],
        offerings=[],
        areas=areas if areas is not None else default_areas(),
        open_questions=[],
        maatwerk=maatwerk or [],
    )


def answer_set(
    questionnaire: Questionnaire,
    rows: Iterable[tuple[str, Mapping[str, int | None] | Sequence[int | None]]],
    *,
    municipality_code: str | None = "GM9901",
    municipality_name: str | None = "Testdorp",
    wave: str | None = "2025",
    item_ids: list[str] | None = None,
    extra: list[dict[str, Any]] | None = None,
) -> AnswerSet:
    """An AnswerSet from (group, answers) rows; answers by item id or in `item_ids` order.

    None is a blank answer. `extra` rows (dicts with the same keys plus municipality and
    wave) are appended, for answer sets spanning several municipalities or waves.
    """
    ids = item_ids if item_ids is not None else [i.id for i in questionnaire.all_items]
    records: list[dict[str, Any]] = []
    for group, answers in rows:
        records.append(
            {
                "group": group,
                "answers": answers,
                "municipality_code": municipality_code,
                "municipality_name": municipality_name,
                "wave": wave,
            }
        )
    records.extend(extra or [])
    codes = np.full((len(records), len(ids)), MISSING, dtype=np.int64)
    frame_rows = []
    for r, record in enumerate(records):
        answers = record["answers"]
        if isinstance(answers, Mapping):
            for item_id, code in answers.items():
                codes[r, ids.index(item_id)] = MISSING if code is None else code
        else:
            for j, code in enumerate(answers):
                codes[r, j] = MISSING if code is None else code
        frame_rows.append(
            {
                "respondent_id": f"{r + 1:03d}",
                "municipality_code": record["municipality_code"],
                "municipality_name": record["municipality_name"],
                "group": record["group"],
                "wave": record["wave"],
                "source": "answers.csv",
                "row": r + 2,
            }
        )
    respondents = pd.DataFrame(frame_rows, columns=list(RESPONDENT_COLUMNS))
    return AnswerSet(
        respondents=respondents,
        item_ids=list(ids),
        codes=codes,
        open_answers=pd.DataFrame({"respondent_id": respondents["respondent_id"]}),
        inputs=[InputFile(file="answers.csv", rows=len(records), sha256="0" * 64)],
    )


def worked_example_rows() -> list[tuple[str, dict[str, int | None]]]:
    """The example of docs/methodology.md (area 'krachtige-raad' only; W items blank)."""
    return [
        # raad: R1, R2 (reverse), R3 -- 3 items apply, at least 2 valid answers needed
        ("raad", {"R1": 4, "R2": 2, "R3": 5}),  # 7.5, 7.5, 10   -> 8.3333
        ("raad", {"R1": 5, "R2": 1, "R3": 4}),  # 10, 10, 7.5    -> 9.1667
        ("raad", {"R1": 3, "R2": DK, "R3": 4}),  # 5, -, 7.5     -> 6.25
        ("raad", {"R1": DK, "R2": None, "R3": 3}),  # -, -, 5    -> too few answers
        ("raad", {"R1": 2, "R2": 4, "R3": 3}),  # 2.5, 2.5, 5    -> 3.3333
        ("raad", {"R1": 4, "R2": 3, "R3": 4}),  # 7.5, 5, 7.5    -> 6.6667
        # inwoner: R3 is not asked of them (its answer is ignored); 1 valid answer needed
        ("inwoner", {"R1": 2, "R2": 4, "R3": 5}),  # 2.5, 2.5    -> 2.5
        ("inwoner", {"R1": 3, "R2": 3}),  # 5, 5                 -> 5
        ("inwoner", {"R1": 1, "R2": 5}),  # 0, 0                 -> 0
        ("inwoner", {"R1": DK, "R2": 2}),  # -, 7.5              -> 7.5
        ("inwoner", {"R1": 4, "R2": 2}),  # 7.5, 7.5             -> 7.5
        ("inwoner", {"R1": 2, "R2": 2}),  # 2.5, 7.5             -> 5
        # college: 2 respondents, fewer than 5: suppressed everywhere
        ("college", {"R1": 5, "R2": 1, "R3": 5}),
        ("college", {"R1": 5, "R2": 1, "R3": 5}),
        # ambtenaar: 5 respondents, but only 4 valid area scores: this cell is suppressed
        ("ambtenaar", {"R1": 5, "R2": 1}),
        ("ambtenaar", {"R1": 5, "R2": 1}),
        ("ambtenaar", {"R1": 5, "R2": 1}),
        ("ambtenaar", {"R1": 5, "R2": 1}),
        ("ambtenaar", {"R1": None, "R2": None}),
    ]
