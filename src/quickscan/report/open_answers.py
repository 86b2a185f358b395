"""The open-answers section of a report: every answer redacted once, then laid out.

The same redacted answers feed the report and the review file (`open_answers_review`), so
what a reviewer approves is exactly what the report prints. The sentence about removed
personal data is built here, with the right singular or plural for every kind.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from quickscan.report.redact import (
    KINDS,
    MASKS,
    NOUNS,
    Finding,
    RedactionSettings,
    clean_answer,
)

if TYPE_CHECKING:
    from quickscan.questionnaire.models import Questionnaire
    from quickscan.report.context import OpenAnswer
    from quickscan.results import MunicipalityResult


@dataclass(frozen=True)
class RedactedAnswer:
    """One open answer as given and as it would be published."""

    #: Stable id of the answer: respondent, question and the text as given. It changes
    #: when the answer changes, so an old review never approves a new text.
    key: str
    question: str
    group: str | None
    original: str
    text: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Approval:
    """What a reviewer decided (read from the review file): text to publish, per key."""

    #: Answers marked approved, with the text to publish (the reviewer may have edited it).
    approved: Mapping[str, str]
    #: Keys of every answer in the review file, approved or not.
    reviewed: frozenset[str]
    source: str = ""


def settings_for(
    settings: RedactionSettings, municipality: MunicipalityResult
) -> RedactionSettings:
    """The settings for one municipality: its own name is public context, never a place."""
    own = {municipality.municipality_name} if municipality.municipality_name else set()
    return replace(settings, keep_places=settings.keep_places | own)


def answer_key(answer: OpenAnswer) -> str:
    payload = "\x1f".join((answer.respondent or "", answer.question, answer.text))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def redact_answers(
    q: Questionnaire,
    answers: Sequence[OpenAnswer],
    lang: str,
    limit: int,
    settings: RedactionSettings,
) -> list[RedactedAnswer]:
    """Every non-empty answer to one of the questionnaire's open questions, redacted."""
    order = {question.id: n for n, question in enumerate(q.all_open_questions)}
    rows = []
    for answer in answers:
        if answer.question not in order or not answer.text.strip():
            continue
        text, found = clean_answer(answer.text, lang, limit, settings)
        rows.append(
            RedactedAnswer(
                key=answer_key(answer),
                question=answer.question,
                group=answer.group,
                original=answer.text,
                text=text,
                findings=tuple(found.findings),
            )
        )
    # Stable sort: the questionnaire's order of questions, respondents in reading order.
    rows.sort(key=lambda row: order[row.question])
    return rows


def count_phrase(counts: Mapping[str, int], lang: str) -> str:
    """ "1 naam, 1 adres en 2 e-mailadressen": each kind with its singular or plural."""
    nouns = NOUNS.get(lang, NOUNS["nl"])
    parts = [
        f"{counts[kind]} {nouns[kind][0] if counts[kind] == 1 else nouns[kind][1]}"
        for kind in KINDS
        if counts.get(kind)
    ]
    if len(parts) <= 1:
        return "".join(parts)
    joiner = " en " if lang == "nl" else " and "
    return ", ".join(parts[:-1]) + joiner + parts[-1]


def redaction_sentence(
    counts: Mapping[str, int], lang: str, t: Mapping[str, str], *, reviewed: bool = False
) -> str:
    """The report's sentence about what was removed, e.g. 'Vervangen ...: 1 e-mailadres.'"""
    if not any(counts.values()):
        return t["redacted_none_reviewed" if reviewed else "redacted_none"]
    first = next(kind for kind in KINDS if counts.get(kind))
    return t["redacted_summary"].format(
        items=count_phrase(counts, lang), example=MASKS.get(lang, MASKS["nl"])[first]
    )


def _answers_count(n: int, t: Mapping[str, str]) -> str:
    return t["answers_count_one"] if n == 1 else t["answers_count"].format(n=n)


def _reviewed_text(row: RedactedAnswer, approval: Approval, lang: str, limit: int,
                   settings: RedactionSettings) -> tuple[str, Counter[str]]:  # fmt: skip
    """The approved text, redacted once more in case the reviewer typed something in."""
    published = approval.approved[row.key]
    counts: Counter[str] = Counter(f.kind for f in row.findings)
    if published == row.text:
        return row.text, counts
    text, found = clean_answer(published, lang, limit, settings)
    counts.update(found.counts)
    return text, counts


def open_answers_section(
    q: Questionnaire,
    answers: Sequence[OpenAnswer],
    shown_groups: Iterable[str],
    lang: str,
    t: Mapping[str, str],
    limit: int,
    settings: RedactionSettings | None = None,
    approval: Approval | None = None,
) -> dict[str, Any]:
    """The report context of the open answers (`context.build_context` calls this)."""
    settings = settings or RedactionSettings()
    shown = set(shown_groups)
    rows = redact_answers(q, answers, lang, limit, settings)
    total: Counter[str] = Counter()
    per_question: dict[str, list[dict[str, str]]] = {}
    left_out = 0
    for row in rows:
        if approval is not None and row.key not in approval.approved:
            left_out += 1
            continue
        if approval is not None:
            text, counts = _reviewed_text(row, approval, lang, limit, settings)
        else:
            text, counts = row.text, Counter(f.kind for f in row.findings)
        total.update(counts)
        # Name the group only when its scores are shown: a small group's answer could
        # point to a person.
        group = row.group if row.group in shown else None
        per_question.setdefault(row.question, []).append(
            {"text": text, "group": q.group(group).label.get(lang) if group else ""}
        )
    questions = []
    for question in q.all_open_questions:
        shown_rows = per_question.get(question.id, [])
        questions.append(
            {
                "id": question.id,
                "text": question.text.get(lang),
                "answers": shown_rows,
                "count": _answers_count(len(shown_rows), t),
            }
        )
    review_text = ""
    if approval is not None:
        published = len(rows) - left_out
        review_text = t["review_summary"].format(published=published, total=len(rows))
        if left_out:
            review_text += " " + t["review_left_out"].format(n=left_out)
    redaction_text = redaction_sentence(total, lang, t, reviewed=approval is not None)
    return {
        "questions": questions,
        "redacted_total": sum(total.values()),
        "redacted": {kind: total[kind] for kind in KINDS if total.get(kind)},
        # One note for both, so the template shows the review without a change of its own.
        "redaction_text": f"{redaction_text} {review_text}".strip(),
        "review_text": review_text,
        "intro": t["open_intro"].format(limit=limit),
    }
