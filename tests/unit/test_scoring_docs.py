"""The worked example in docs/methodology.md is the one the scoring tests compute."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from scoring_factories import answer_set, make_questionnaire, worked_example_rows

from quickscan.results import display
from quickscan.scoring import score

DOC = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"


def doc_answers() -> list[tuple[str, dict[str, int | None]]]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"```csv\n(.*?)```", text, re.DOTALL)
    assert block, "the worked example's answers are missing from docs/methodology.md"
    rows = []
    for record in csv.DictReader(io.StringIO(block.group(1))):
        group = record.pop("group")
        rows.append((group, {k: int(v) if v else None for k, v in record.items()}))
    return rows


def test_doc_answers_are_the_test_answers() -> None:
    expected = [(g, {k: a.get(k) for k in ("R1", "R2", "R3")}) for g, a in worked_example_rows()]
    assert doc_answers() == expected


@pytest.mark.parametrize(
    ("weighting", "combined", "shown"),
    [("equal_groups", 5.6667, "5.7"), ("pooled", 5.5682, "5.6")],
)
def test_doc_numbers(weighting, combined, shown) -> None:
    questionnaire = make_questionnaire()
    result = score(answer_set(questionnaire, doc_answers()), questionnaire, weighting=weighting)
    area = result.municipalities[0].area("krachtige-raad")
    groups = {g.group: g for g in area.groups}
    text = DOC.read_text(encoding="utf-8")
    assert groups["raad"].score == 6.75 and display(groups["raad"].score) == "6.8"
    assert round(groups["raad"].sd, 4) == 2.2515
    assert (round(groups["raad"].ci_low, 3), round(groups["raad"].ci_high, 3)) == (3.954, 9.546)
    assert round(groups["inwoner"].score, 4) == 4.5833 and round(groups["inwoner"].sd, 4) == 2.9226
    assert round(area.combined.score, 4) == combined and display(area.combined.score) == shown
    # No alpha: R2 and R3 were answered together by 4 shown respondents (fewer than 10).
    assert area.alpha is None and area.alpha_reason == "too_few_respondents"
    assert area.alpha_n == 4 and "`alpha_n` 4" in text
    for number in ("6.75", "2.2515", "4.5833", "2.9226", f"{combined}", "2.1667"):
        assert number in text, number
    if weighting == "equal_groups":
        # The interval of the mean of group means (section 13).
        low, high = round(area.combined.ci_low, 3), round(area.combined.ci_high, 3)
        assert (low, high) == (3.867, 7.467)
        assert f"{low} to {high}" in text
    sentence = result.municipalities[0].notable[0].sentence["nl"]
    assert sentence in text
