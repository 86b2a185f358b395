"""The open-answers section: counts with singular and plural, groups, approval."""

from __future__ import annotations

import pytest

from quickscan.questionnaire import load_questionnaire
from quickscan.report.context import OpenAnswer
from quickscan.report.i18n import strings
from quickscan.report.open_answers import (
    Approval,
    answer_key,
    count_phrase,
    open_answers_section,
    redaction_sentence,
)


@pytest.fixture(scope="module")
def q():
    return load_questionnaire("qsld")


@pytest.mark.parametrize(
    ("counts", "lang", "phrase"),
    [
        ({"email": 1}, "nl", "1 e-mailadres"),
        ({"email": 2}, "nl", "2 e-mailadressen"),
        ({"name": 1, "address": 2}, "nl", "1 naam en 2 adressen"),
        ({"phone": 3, "name": 2, "age": 1}, "nl", "2 namen, 1 leeftijd en 3 telefoonnummers"),
        ({"birth_date": 2, "place": 1}, "nl", "1 plaatsnaam en 2 geboortedata"),
        ({"licence_plate": 1, "bsn": 2}, "nl", "2 burgerservicenummers en 1 kenteken"),
        ({"email": 1}, "en", "1 e-mail address"),
        ({"address": 2, "name": 1}, "en", "1 name and 2 addresses"),
    ],
)
def test_counts_have_the_right_number(counts, lang, phrase) -> None:
    assert count_phrase(counts, lang) == phrase


def test_the_sentence_names_an_example_marker() -> None:
    t = strings("nl")
    assert redaction_sentence({"email": 1}, "nl", t) == (
        "Weggelaten persoonsgegevens: 1 e-mailadres. Op hun plaats staat tussen haken wat er "
        "is weggehaald, zoals [e-mailadres]."
    )
    assert redaction_sentence({}, "nl", t) == "Er zijn geen persoonsgegevens aangetroffen."
    en = redaction_sentence({"name": 2}, "en", strings("en"))
    assert en.startswith("Personal data removed: 2 names.") and "[name]" in en


def _answers() -> list[OpenAnswer]:
    return [
        OpenAnswer("OPEN01", "Groet, Ria", "inwoner", "r1"),
        OpenAnswer("OPEN01", "Mail a@example.org of b@example.org", "raadslid", "r2"),
        OpenAnswer("OPEN02", "Goed zo", "inwoner", "r3"),
        OpenAnswer("OPEN02", "   ", "inwoner", "r4"),
    ]


def test_section_counts_and_groups(q) -> None:
    section = open_answers_section(q, _answers(), {"inwoner"}, "nl", strings("nl"), 600)
    first, second = section["questions"][:2]
    assert [a["text"] for a in first["answers"]] == [
        "Groet, [naam]",
        "Mail [e-mailadres] of [e-mailadres]",
    ]
    # The raadslid group is not shown in this report: its answer carries no group name.
    assert [a["group"] for a in first["answers"]] == ["Inwoners", ""]
    assert first["count"] == "2 antwoorden" and second["count"] == "1 antwoord"
    assert section["redacted"] == {"name": 1, "email": 2}
    assert section["redaction_text"].startswith(
        "Weggelaten persoonsgegevens: 1 naam en 2 e-mailadressen."
    )


def test_section_with_approval_shows_only_approved_answers(q) -> None:
    answers = _answers()
    keys = [answer_key(a) for a in answers]
    approval = Approval(
        approved={keys[1]: "Mail [e-mailadres] of [e-mailadres]", keys[2]: "Goed zo, Ria"},
        reviewed=frozenset(keys[:3]),
    )
    section = open_answers_section(
        q, answers, {"inwoner"}, "nl", strings("nl"), 600, approval=approval
    )
    texts = [a["text"] for question in section["questions"] for a in question["answers"]]
    # The reviewer's edit is redacted once more: the name typed in is caught.
    assert texts == ["Mail [e-mailadres] of [e-mailadres]", "Goed zo, [naam]"]
    assert section["redacted"] == {"email": 2, "name": 1}
    assert "Na controle getoond: 2 van de 3 antwoorden." in section["redaction_text"]
    assert "Niet goedgekeurd en daarom weggelaten: 1." in section["redaction_text"]


def test_the_key_changes_with_the_text() -> None:
    a = OpenAnswer("OPEN01", "Goed", "inwoner", "r1")
    assert answer_key(a) == answer_key(OpenAnswer("OPEN01", "Goed", "raadslid", "r1"))
    assert answer_key(a) != answer_key(OpenAnswer("OPEN01", "Goed!", "inwoner", "r1"))
    assert answer_key(a) != answer_key(OpenAnswer("OPEN01", "Goed", "inwoner", "r2"))
