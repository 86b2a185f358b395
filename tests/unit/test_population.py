"""The population file: counts or shares, and every problem with its row and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from quickscan.answers.population import read_population
from quickscan.errors import AnswersError
from quickscan.questionnaire import load_questionnaire

Q = load_questionnaire("qsld")
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "population.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_counts_and_shares_and_labels(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "gemeentecode;kenmerk;categorie;aandeel\n"
        "GM0001;Leeftijd;18-34;25\nGM0001;age;35 tot 50 jaar;25\nGM0001;leeftijd;50-64;30\n"
        "GM0001;leeftijd;65+;20\nGM0001;gender;Vrouw;0,5\nGM0001;geslacht;m;0,5\n"
        "GM0001;wijk;Oost;0.6\nGM0001;wijk;West;0.4\n",
    )
    population = read_population(path, Q)
    margins = population.margins("GM0001")
    assert margins["leeftijd"] == {"18-34": 0.25, "35-49": 0.25, "50-64": 0.3, "65+": 0.2}
    assert margins["geslacht"] == {"vrouw": 0.5, "man": 0.5}
    assert margins["wijk"] == {"Oost": 0.6, "West": 0.4}


def test_example_population_file_adds_up() -> None:
    population = read_population(EXAMPLES / "population.csv", Q)
    assert set(population.shares) == {"GM9901", "GM9902", "GM9903", "GM9904", "GM9905"}
    for margins in population.shares.values():
        for shares in margins.values():
            assert sum(shares.values()) == pytest.approx(1.0)
    # counts: the adults behind each characteristic are the same number (rounding aside)
    totals = population.totals["GM9901"]
    assert max(totals.values()) - min(totals.values()) <= 3


def test_every_problem_at_once(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "municipality_code,characteristic,category,share\n"
        "GM0001,leeftijd,18-34,0.5\n"
        "GM0001,leeftijd,18-34,0.5\n"  # row 3: repeated
        "GM0001,shoe size,42,0.5\n"  # row 4: unknown characteristic
        "GM0001,opleiding,zeer hoog,0.5\n"  # row 5: unknown category
        "X1,geslacht,man,0.5\n"  # row 6: bad code
        "GM0001,geslacht,man,abc\n"  # row 7: not a number
        "GM0001,opleiding,laag,0.2\n",  # with nothing else: shares add up to 0.2
    )
    with pytest.raises(AnswersError) as caught:
        read_population(path, Q)
    found = {(p.code, p.location.row) for p in caught.value.problems}
    assert ("duplicate-row", 3) in found
    assert ("unknown-characteristic", 4) in found
    assert ("invalid-category", 5) in found
    assert ("invalid-municipality-code", 6) in found
    assert ("invalid-number", 7) in found
    assert any(p.code == "shares-do-not-add-up" for p in caught.value.problems)
    category = next(p for p in caught.value.problems if p.code == "invalid-category")
    assert category.location.field == "category"
    assert "laag, middelbaar, hoog" in (category.hint or "")


def test_missing_columns(tmp_path: Path) -> None:
    with pytest.raises(AnswersError) as caught:
        read_population(_write(tmp_path, "municipality_code,category\nGM0001,x\n"), Q)
    messages = [p.message for p in caught.value.problems]
    assert "required column 'characteristic' is missing" in messages
    assert "the file needs a column 'count' or 'share'" in messages


def test_background_is_outside_the_score_fingerprint() -> None:
    # The fingerprint of QSLD 1.0 before the background section was added.
    assert Q.fingerprint == "sha256:c651131191ff7a3b"
    assert Q.background is not None
    assert [c.id for c in Q.background.characteristics] == [
        "leeftijd", "geslacht", "wijk", "opleiding", "mode",
    ]  # fmt: skip
