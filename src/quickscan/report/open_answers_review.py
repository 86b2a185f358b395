"""The review of open answers before they are published: write a workbook, read it back.

`quickscan report --open-answers-review review.xlsx` writes every open answer with the text
the report would print and what was found in it; a person reads each one, corrects the
text where something was missed and marks it approved. `--open-answers-approved
review.xlsx` then prints only the approved answers, with the reviewer's text. The workbook
holds the answers as given, so it is personal data itself: it stays inside the
organisation (docs/privacy.md).

Each answer carries a key (`open_answers.answer_key`) made from respondent, question and
text, and the workbook's `about` sheet names the municipality, wave and questionnaire, so a
review of other or changed answers is refused instead of approving the wrong texts.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from quickscan.errors import Location, Problem, ReportError
from quickscan.report.agenda import neutralise
from quickscan.report.open_answers import Approval, RedactedAnswer, redact_answers, settings_for
from quickscan.report.redact import MASKS, MAX_ANSWER_LENGTH, NOUNS, RedactionSettings

if TYPE_CHECKING:
    from quickscan.questionnaire.models import Questionnaire
    from quickscan.results import MunicipalityResult

FORMAT = "quickscan open-answers review"
FORMAT_VERSION = "1"
SHEET = "answers"
ABOUT_SHEET = "about"
#: Column keys, in order; the headers are written in the report's language.
COLUMNS = ("key", "question", "group", "original", "published", "found", "approved", "note")
HEADERS: dict[str, dict[str, str]] = {
    "nl": {
        "key": "sleutel (niet wijzigen)",
        "question": "vraag",
        "group": "groep",
        "original": "antwoord zoals gegeven",
        "published": "tekst voor publicatie (mag worden aangepast)",
        "found": "gevonden en vervangen",
        "approved": "goedgekeurd (ja/nee)",
        "note": "opmerking",
    },
    "en": {
        "key": "key (do not change)",
        "question": "question",
        "group": "group",
        "original": "answer as given",
        "published": "text to publish (may be edited)",
        "found": "found and replaced",
        "approved": "approved (yes/no)",
        "note": "note",
    },
}
YES = frozenset({"ja", "j", "yes", "y", "x", "1", "true", "waar", "goedgekeurd", "approved"})
NO = frozenset({"", "nee", "n", "no", "0", "false", "onwaar", "afgekeurd", "rejected"})
#: What the `about` sheet must agree on with the report being made.
IDENTITY = ("municipality_code", "municipality_name", "wave", "questionnaire")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_LETTERS = "ABCDEFGH"


def review_identity(municipality: MunicipalityResult, q: Questionnaire) -> dict[str, str]:
    """What a review file must agree on with the report it approves answers for."""
    return {
        "municipality_code": municipality.municipality_code or "",
        "municipality_name": municipality.municipality_name or "",
        "wave": municipality.wave or "",
        "questionnaire": f"{q.id} {q.version}",
    }


def describe_findings(row: RedactedAnswer, lang: str) -> str:
    """'naam: Ria; telefoonnummer: 06-12345678': what the reviewer should check."""
    nouns = NOUNS.get(lang, NOUNS["nl"])
    return "; ".join(f"{nouns[f.kind][0]}: {f.text}" for f in row.findings)


def write_review(
    rows: Sequence[RedactedAnswer],
    path: Path | str,
    identity: dict[str, str],
    *,
    lang: str = "nl",
    inputs: Iterable[Path | str] = (),
    created: dt.date | None = None,
) -> Path:
    """Write the review workbook (atomically; readable by its owner only)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    from quickscan.output import atomic_output

    headers = HEADERS.get(lang, HEADERS["nl"])
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = SHEET
    table = [[headers[c] for c in COLUMNS]]
    for row in rows:
        table.append(
            [row.key, row.question, row.group or "", row.original, row.text,
             describe_findings(row, lang), "", ""]
        )  # fmt: skip
    for r, cells in enumerate(table, start=1):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            # Always a string, never a formula, whatever the respondent typed.
            cell.value = neutralise(value)
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F3A5F")
    choices = "ja,nee" if lang == "nl" else "yes,no"
    decision = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    sheet.add_data_validation(decision)
    letter = _LETTERS[COLUMNS.index("approved")]
    decision.add(f"{letter}2:{letter}{max(len(table), 2)}")
    for letter, width in zip(_LETTERS, (18, 10, 12, 50, 50, 30, 14, 24), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"

    about = workbook.create_sheet(ABOUT_SHEET)
    info = {"format": FORMAT, "version": FORMAT_VERSION, "lang": lang, **identity}
    info["masks"] = " ".join(MASKS.get(lang, MASKS["nl"]).values())
    for r, (key, value) in enumerate(info.items(), start=1):
        about.cell(row=r, column=1, value=key).data_type = "s"
        cell = about.cell(row=r, column=2, value=neutralise(str(value)))
        cell.data_type = "s"
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 60
    if created is not None:
        moment = dt.datetime(created.year, created.month, created.day)
        workbook.properties.created = moment
        workbook.properties.modified = moment
    workbook.properties.creator = "quickscan"
    with atomic_output(path, inputs) as temp:
        workbook.save(temp)
        # The workbook holds the answers as given: keep it from other users of the machine.
        os.chmod(temp, 0o600)
    target = Path(path)
    os.chmod(target, 0o600)
    return target


def _text(value: Any) -> str:
    """A cell as text, with the quote `neutralise` put before a formula character removed."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith("'") and text[1:].startswith(_FORMULA_START):
        return text[1:]
    return text


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def read_review(
    path: Path | str,
    rows: Sequence[RedactedAnswer],
    identity: dict[str, str],
) -> Approval:
    """The reviewer's decisions in `path`, checked against the answers of this report.

    Every problem is collected and raised together as a ReportError (exit 6): a file that
    is not a review, a review of another municipality, wave or questionnaire, keys that
    match no current answer (the answers changed), current answers that are not in the
    review, and decisions other than yes or no.
    """
    from openpyxl import load_workbook

    source = str(path)
    where = Location(file=source)

    def fail(code: str, message: str, hint: str) -> ReportError:
        return ReportError(problems=[Problem(code=code, message=message, location=where,
                                             hint=hint)])  # fmt: skip

    write_hint = "write a new one with --open-answers-review and review it again"
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except FileNotFoundError:
        raise fail("review-missing", "the review file does not exist",
                   "write it first with --open-answers-review") from None  # fmt: skip
    except Exception as exc:  # openpyxl raises many kinds for a file that is not XLSX
        raise fail("review-unreadable", f"cannot read the review file as .xlsx ({exc})",
                   write_hint) from None  # fmt: skip
    try:
        if SHEET not in workbook.sheetnames or ABOUT_SHEET not in workbook.sheetnames:
            raise fail(
                "review-not-a-review",
                f"this is not an open-answers review (no sheets '{SHEET}' and '{ABOUT_SHEET}')",
                write_hint,
            )
        about = {
            _text(key): _text(value)
            for key, value, *_ in workbook[ABOUT_SHEET].iter_rows(values_only=True)
            if key is not None
        }
        if about.get("format") != FORMAT:
            raise fail("review-not-a-review", "this is not an open-answers review", write_hint)
        if about.get("version") != FORMAT_VERSION:
            raise fail(
                "review-version",
                f"review format version {about.get('version')!r} is not supported "
                f"(this quickscan reads {FORMAT_VERSION})",
                write_hint,
            )
        problems = [
            Problem(
                code="review-other-report",
                message=f"the review is for {key.replace('_', ' ')} "
                f"{_short(about.get(key, ''))!r}, this report for {identity.get(key, '')!r}",
                location=Location(file=source, field=f"{ABOUT_SHEET}!{key}"),
                hint="give the review file of this municipality, wave and questionnaire",
            )
            for key in IDENTITY
            if about.get(key, "") != identity.get(key, "")
        ]
        if problems:
            raise ReportError(problems=problems)
        table = list(workbook[SHEET].iter_rows(values_only=True))
    finally:
        workbook.close()

    lang = about.get("lang", "nl")
    headers = HEADERS.get(lang, HEADERS["nl"])
    header = [_text(v) for v in (table[0] if table else ())]
    expected = [headers[c] for c in COLUMNS]
    if header[: len(expected)] != expected:
        missing = [h for h in expected if h not in header]
        raise fail(
            "review-columns",
            "the review's columns were changed"
            + (f"; missing: {', '.join(missing)}" if missing else " (order)"),
            "keep the columns as written; only fill in 'approved' and edit the text",
        )
    column = {key: COLUMNS.index(key) for key in COLUMNS}
    known = {row.key: row for row in rows}
    problems = []
    approved: dict[str, str] = {}
    reviewed: set[str] = set()
    for number, cells in enumerate(table[1:], start=2):
        values = [_text(v) for v in cells] + [""] * len(COLUMNS)
        if not any(v.strip() for v in values[: len(COLUMNS)]):
            continue
        key = values[column["key"]].strip()

        def at(name: str, _row: int = number) -> Location:
            # Workbook, sheet and cell as Excel names them ("answers!G5"), row and column.
            cell = f"{SHEET}!{_LETTERS[column[name]]}{_row}"
            return Location(file=source, path=cell, row=_row, field=headers[name])

        if key not in known:
            problems.append(
                Problem(
                    code="review-answer-unknown",
                    message="no answer in the data has this key: the answer was changed or "
                    "removed since the review, or the key was edited",
                    location=at("key"),
                    value=_short(key),
                    hint=write_hint,
                )
            )
            continue
        reviewed.add(key)
        if " ".join(values[column["original"]].split()) != " ".join(known[key].original.split()):
            # The reviewer edited the answer as given, not the text to publish: the edit
            # would be silently ignored and the automatic text published instead.
            problems.append(
                Problem(
                    code="review-original-edited",
                    message="the answer as given was changed; quickscan publishes the text "
                    f"in '{headers['published']}', not this one",
                    location=at("original"),
                    value=_short(values[column["original"]]),
                    hint=f"put the original back and make the edit in '{headers['published']}'",
                )
            )
        decision = values[column["approved"]].strip().casefold()
        if decision in YES:
            text = " ".join(values[column["published"]].split())
            if not text:
                problems.append(
                    Problem(
                        code="review-empty-text",
                        message="an approved answer has no text to publish",
                        location=at("published"),
                        hint="write the text, or mark the answer 'nee'",
                    )
                )
            approved[key] = text
        elif decision not in NO:
            problems.append(
                Problem(
                    code="review-bad-decision",
                    message=f"{_short(values[column['approved']])!r} is not a decision",
                    location=at("approved"),
                    value=_short(values[column["approved"]]),
                    hint="write 'ja' (publish) or 'nee' (leave out); empty means 'nee'",
                )
            )
    missing_rows = [row for row in rows if row.key not in reviewed]
    if missing_rows:
        problems.append(
            Problem(
                code="review-answer-missing",
                message=f"{len(missing_rows)} open answer(s) in the data are not in the review "
                f"(first: {missing_rows[0].question} {_short(missing_rows[0].text)!r})",
                location=where,
                hint="the answers changed since the review: " + write_hint,
            )
        )
    if problems:
        raise ReportError(problems=problems)
    return Approval(approved=approved, reviewed=frozenset(reviewed), source=source)


def review_rows(
    answer_set: Any,
    q: Questionnaire,
    municipality: MunicipalityResult,
    *,
    lang: str,
    settings: RedactionSettings,
    limit: int = MAX_ANSWER_LENGTH,
) -> list[RedactedAnswer]:
    """The municipality's open answers, redacted exactly as the report redacts them."""
    from quickscan.report.document import open_answers_from

    return redact_answers(
        q, open_answers_from(answer_set, municipality), lang, limit,
        settings_for(settings, municipality),
    )  # fmt: skip


def write_review_for(
    answer_set: Any,
    q: Questionnaire,
    municipality: MunicipalityResult,
    path: Path | str,
    *,
    lang: str = "nl",
    settings: RedactionSettings | None = None,
    inputs: Iterable[Path | str] = (),
    created: dt.date | None = None,
) -> int:
    """Write the review workbook of one municipality's open answers; return how many."""
    rows = review_rows(answer_set, q, municipality, lang=lang,
                       settings=settings or RedactionSettings())  # fmt: skip
    write_review(rows, path, review_identity(municipality, q), lang=lang, inputs=inputs,
                 created=created)  # fmt: skip
    return len(rows)


def read_review_for(
    answer_set: Any,
    q: Questionnaire,
    municipality: MunicipalityResult,
    path: Path | str,
    *,
    lang: str = "nl",
    settings: RedactionSettings | None = None,
) -> Approval:
    """The approvals in `path`, checked against this municipality's open answers."""
    rows = review_rows(answer_set, q, municipality, lang=lang,
                       settings=settings or RedactionSettings())  # fmt: skip
    return read_review(path, rows, review_identity(municipality, q))
