"""Build survey platform exports, in each platform's documented layout, from one set of answers.

`fixed_answers()` is a fixed set of respondents of the built-in QSLD (every group, items only
where the group is asked, don't-know answers, blanks, open answers with commas, quotes and a
line break). Each `write_*` function writes the export a platform would give for them:

- LimeSurvey: CSV with every cell quoted, meta columns `id, submitdate, lastpage,
  startlanguage, seed`; "answer codes" with default codes (`G01Q01[SQ001]`, answers `A1`...),
  or with the researcher's own codes (`GR[GR01]`); "full answers" with "question text"
  headings (`Question [Subquestion]`); the same as XLSX.
- Qualtrics: CSV with three header rows (export tags, question texts "matrix question -
  statement", `{"ImportId": ...}`), its meta columns, numeric values (the default recodes,
  don't know = 6) or choice texts.
- SurveyMonkey: two header rows (question, then "Response" or the matrix statement).
- Microsoft Forms: XLSX with Id, Start time, Completion time, Email, Name, and question
  texts (one column per Likert statement).
- Google Forms: CSV with Tijdstempel and grid columns `Vraag [Stelling]`, no respondent id.
- KoboToolbox: `;`-separated CSV, XML values with group paths (`gebied1/GR01`) or labels.
- SPSS: `.sav` (pyreadstat) with variable labels, value labels and 9 declared user-missing.

`write_clean` writes the same answers as a plain quickscan answer file.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from quickscan.questionnaire import Questionnaire, load_questionnaire

GROUP_ORDER = ("raad", "college", "ambtenaar", "inwoner")
#: How the respondents name their group in a form's answer options.
GROUP_LABELS = {
    "raad": "Raadslid",
    "college": "Wethouder",
    "ambtenaar": "Ambtenaar",
    "inwoner": "Inwoner",
}
CODE = "GM9901"
NAME = "Wolderveen"
WAVE = "2026"
#: The wording of the scale in the forms (not the questionnaire's own labels everywhere).
FORM_WORDS = {
    1: "Helemaal niet mee eens",
    2: "Niet mee eens",
    3: "Neutraal",
    4: "Mee eens",
    5: "Helemaal mee eens",
    9: "Weet ik niet",
}
MATRIX_QUESTION = "In hoeverre bent u het eens met de volgende stellingen?"
GROUP_QUESTION = "Wat is uw rol in de gemeente?"


@dataclass
class Respondent:
    id: str
    group: str
    submitted: dt.datetime
    finished: bool
    #: item id -> code (None: no answer or not asked).
    answers: dict[str, int | None]
    opens: dict[str, str]


def questionnaire() -> Questionnaire:
    return load_questionnaire("qsld")


def fixed_answers(q: Questionnaire, per_group: int = 8, seed: int = 20260302) -> list[Respondent]:
    rng = random.Random(seed)
    texts = [
        "Korte lijnen met de griffie, en een open college.",
        'De raad zegt vaak "we gaan het doen", maar dan gebeurt er weinig.',
        "Meer avonden in de dorpen;\nniet alleen in het gemeentehuis.",
        "",
    ]
    people: list[Respondent] = []
    start = dt.datetime(2026, 3, 2, 9, 0, 0)
    for g, group in enumerate(GROUP_ORDER):
        for k in range(per_group):
            number = g * per_group + k + 1
            answers: dict[str, int | None] = {}
            for item in q.all_items:
                if not item.applies_to(group):
                    answers[item.id] = None
                    continue
                draw = rng.random()
                if draw < 0.08:
                    answers[item.id] = None
                elif draw < 0.16:
                    answers[item.id] = 9
                else:
                    answers[item.id] = rng.choice([1, 2, 3, 4, 4, 5, 5])
            opens = {
                o.id: texts[(number + i) % len(texts)]
                if o.groups is None or group in o.groups
                else ""
                for i, o in enumerate(q.all_open_questions)
            }
            people.append(
                Respondent(
                    id=str(1000 + number),
                    group=group,
                    submitted=start + dt.timedelta(minutes=37 * number),
                    finished=number % 11 != 0,  # a few unfinished responses, answers kept
                    answers=answers,
                    opens=opens,
                )
            )
    return people


def _write_csv(
    path: Path,
    rows: Sequence[Sequence[object]],
    *,
    delimiter: str = ",",
    quote_all: bool = False,
    bom: bool = False,
) -> Path:
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as handle:
        writer = csv.writer(
            handle, delimiter=delimiter, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
        )
        writer.writerows([["" if c is None else c for c in row] for row in rows])
    return path


def _write_xlsx(path: Path, rows: Sequence[Sequence[object]], sheet: str = "Sheet1") -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    assert worksheet is not None
    worksheet.title = sheet
    for row in rows:
        worksheet.append(list(row))
    workbook.save(path)
    return path


def _code_text(code: int | None) -> str:
    return "" if code is None else str(code)


# --- clean ------------------------------------------------------------------------------------
def write_clean(path: Path, q: Questionnaire, people: list[Respondent]) -> Path:
    header = [
        "respondent_id",
        "municipality_code",
        "municipality_name",
        "group",
        "wave",
        *(i.id for i in q.all_items),
        *(o.id for o in q.all_open_questions),
    ]
    rows = [header] + [
        [
            p.id,
            CODE,
            NAME,
            p.group,
            WAVE,
            *(_code_text(p.answers[i.id]) for i in q.all_items),
            *(p.opens[o.id] for o in q.all_open_questions),
        ]
        for p in people
    ]
    return _write_csv(path, rows)


# --- LimeSurvey -------------------------------------------------------------------------------
LIME_META = ["id", "submitdate", "lastpage", "startlanguage", "seed"]
LIME_META_FULL = ["Response ID", "Date submitted", "Last page", "Start language", "Seed"]
#: LimeSurvey's default answer codes for the five options and don't know.
LIME_ANSWER = {1: "A1", 2: "A2", 3: "A3", 4: "A4", 5: "A5", 9: "A6"}
LIME_GROUP = {g: f"A{i + 1}" for i, g in enumerate(GROUP_ORDER)}


def _lime_meta(p: Respondent, number: int) -> list[str]:
    submitted = p.submitted.strftime("%Y-%m-%d %H:%M:%S") if p.finished else ""
    return [str(number), submitted, "8" if p.finished else "5", "nl", str(7000 + number)]


def lime_default_codes(q: Questionnaire) -> dict[str, str]:
    """Item id -> LimeSurvey default code: G01Q01[SQ001] (area n is question group n)."""
    codes: dict[str, str] = {}
    for area in q.areas:
        for k, item in enumerate(area.items, start=1):
            codes[item.id] = f"G{area.number:02d}Q01[SQ{k:03d}]"
    return codes


def lime_open_codes(q: Questionnaire) -> dict[str, str]:
    return {o.id: f"G08Q{k:02d}" for k, o in enumerate(q.all_open_questions, start=1)}


def write_limesurvey_codes(
    path: Path, q: Questionnaire, people: list[Respondent], *, xlsx: bool = False
) -> Path:
    """'Answer codes' export of a survey built with LimeSurvey's default codes."""
    items, opens = lime_default_codes(q), lime_open_codes(q)
    header = [*LIME_META, "G00Q01", *items.values(), *opens.values()]
    rows: list[list[str]] = [header]
    for number, p in enumerate(people, start=1):
        rows.append(
            [
                *_lime_meta(p, number),
                LIME_GROUP[p.group],
                *(LIME_ANSWER[c] if (c := p.answers[i]) is not None else "" for i in items),
                *(p.opens[o] for o in opens),
            ]
        )
    if xlsx:
        return _write_xlsx(path, rows, sheet="results-survey123456")
    return _write_csv(path, rows, quote_all=True)


def limesurvey_codes_mapping(q: Questionnaire) -> str:
    """What the user writes for the default-coded survey: the column lines and the codes."""
    lines = ["from: limesurvey", "columns:", "  G00Q01: group"]
    lines += [f'  "{code}": {item}' for item, code in lime_default_codes(q).items()]
    lines += [f"  {code}: {o}" for o, code in lime_open_codes(q).items()]
    lines += [
        "values:",
        "  group: {A1: raad, A2: college, A3: ambtenaar, A4: inwoner}",
        "  items: {A1: 1, A2: 2, A3: 3, A4: 4, A5: 5, A6: 9}",
    ]
    return "\n".join(lines) + "\n"


def write_limesurvey_own_codes(path: Path, q: Questionnaire, people: list[Respondent]) -> Path:
    """'Answer codes' export of a survey coded by the researcher: `GR[GR01]`, answers 1-5, 9."""
    header = [
        *LIME_META,
        "rol",
        *(f"{i.id[:2]}[{i.id}]" for i in q.all_items),
        *(o.id for o in q.all_open_questions),
    ]
    rows: list[list[str]] = [header]
    for number, p in enumerate(people, start=1):
        rows.append(
            [
                *_lime_meta(p, number),
                LIME_GROUP[p.group],
                *(_code_text(p.answers[i.id]) for i in q.all_items),
                *(p.opens[o.id] for o in q.all_open_questions),
            ]
        )
    return _write_csv(path, rows, quote_all=True)


def write_limesurvey_full(
    path: Path,
    q: Questionnaire,
    people: list[Respondent],
    *,
    xlsx: bool = True,
    code_headings: bool = False,
) -> Path:
    """'Full answers' with 'Full question text' headings: `Question [Subquestion]`; or with
    'Question code' headings (`code_headings`), the same header as the codes export."""
    if code_headings:
        header = [*LIME_META, "G00Q01", *lime_default_codes(q).values()]
        header += list(lime_open_codes(q).values())
    else:
        header = [*LIME_META_FULL, GROUP_QUESTION]
        for area in q.areas:
            header += [f"{MATRIX_QUESTION} [{i.text.nl}]" for i in area.items]
        header += [o.text.nl for o in q.all_open_questions]
    rows: list[list[str]] = [header]
    for number, p in enumerate(people, start=1):
        rows.append(
            [
                *_lime_meta(p, number),
                GROUP_LABELS[p.group],
                *(FORM_WORDS[c] if (c := p.answers[i.id]) is not None else "" for i in q.all_items),
                *(p.opens[o.id] for o in q.all_open_questions),
            ]
        )
    if xlsx:
        return _write_xlsx(path, rows, sheet="results-survey123456")
    return _write_csv(path, rows, quote_all=True)


# --- Qualtrics --------------------------------------------------------------------------------
QUALTRICS_META = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Amsterdam"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Amsterdam"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
    ("Progress", "Progress", '{"ImportId":"progress"}'),
    ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Amsterdam"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
    ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
    ("RecipientEmail", "Recipient Email", '{"ImportId":"recipientEmail"}'),
    ("ExternalReference", "External Data Reference", '{"ImportId":"externalDataReference"}'),
    ("LocationLatitude", "Location Latitude", '{"ImportId":"locationLatitude"}'),
    ("LocationLongitude", "Location Longitude", '{"ImportId":"locationLongitude"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
    ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
]
#: Qualtrics numbers the choices of a matrix 1..n in display order: don't know is 6.
QUALTRICS_RECODE = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 9: 6}


def write_qualtrics(
    path: Path, q: Questionnaire, people: list[Respondent], *, choice_text: bool = False
) -> Path:
    names = [m[0] for m in QUALTRICS_META] + ["Q1"]
    texts = [m[1] for m in QUALTRICS_META] + [GROUP_QUESTION]
    ids = [m[2] for m in QUALTRICS_META] + ['{"ImportId":"QID1"}']
    for area in q.areas:
        block = area.number + 1
        for k, item in enumerate(area.items, start=1):
            names.append(f"Q{block}_{k}")
            texts.append(f"{MATRIX_QUESTION} - {item.text.nl}")
            ids.append(json.dumps({"ImportId": f"QID{block}_{k}"}, separators=(",", ":")))
    for k, question in enumerate(q.all_open_questions, start=9):
        names.append(f"Q{k}")
        texts.append(question.text.nl)
        ids.append(json.dumps({"ImportId": f"QID{k}_TEXT"}, separators=(",", ":")))
    rows: list[list[str]] = [names, texts, ids]
    for number, p in enumerate(people, start=1):
        end = p.submitted
        meta = [
            (end - dt.timedelta(minutes=12)).strftime("%Y-%m-%d %H:%M:%S"),
            end.strftime("%Y-%m-%d %H:%M:%S"),
            "0",
            f"192.0.2.{number}",
            "100" if p.finished else "64",
            "731",
            "1" if p.finished else "0",
            end.strftime("%Y-%m-%d %H:%M:%S"),
            f"R_{number:03d}aBcDeFgHiJkLmN",
            "",
            "",
            "",
            "",
            "52.7",
            "6.9",
            "anonymous",
            "NL",
        ]
        group = GROUP_LABELS[p.group] if choice_text else str(GROUP_ORDER.index(p.group) + 1)
        if choice_text:
            answers = [
                FORM_WORDS[c] if (c := p.answers[i.id]) is not None else "" for i in q.all_items
            ]
        else:
            answers = [
                str(QUALTRICS_RECODE[c]) if (c := p.answers[i.id]) is not None else ""
                for i in q.all_items
            ]
        rows.append([*meta, group, *answers, *(p.opens[o.id] for o in q.all_open_questions)])
    return _write_csv(path, rows, bom=True)


QUALTRICS_NUMERIC_MAPPING = """\
columns: {Q1: group}
values:
  group: {1: raad, 2: college, 3: ambtenaar, 4: inwoner}
  items: {6: 9}
"""


# --- SurveyMonkey -----------------------------------------------------------------------------
SURVEYMONKEY_META = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
]


def write_surveymonkey(path: Path, q: Questionnaire, people: list[Respondent]) -> Path:
    first = [*SURVEYMONKEY_META, GROUP_QUESTION]
    second = [""] * len(SURVEYMONKEY_META) + ["Response"]
    for area in q.areas:
        for k, item in enumerate(area.items):
            first.append(f"{area.title.nl}: {MATRIX_QUESTION}" if k == 0 else "")
            second.append(item.text.nl)
    for question in q.all_open_questions:
        first.append(question.text.nl)
        second.append("Open-Ended Response")
    rows: list[list[str]] = [first, second]
    for number, p in enumerate(people, start=1):
        stamp = p.submitted.strftime("%m/%d/%Y %I:%M:%S %p")
        rows.append(
            [
                str(11800000000 + number),
                "430000001",
                stamp,
                stamp,
                f"198.51.100.{number}",
                "",
                "",
                "",
                "",
                GROUP_LABELS[p.group],
                *(FORM_WORDS[c] if (c := p.answers[i.id]) is not None else "" for i in q.all_items),
                *(p.opens[o.id] for o in q.all_open_questions),
            ]
        )
    return _write_csv(path, rows)


# --- Microsoft Forms and Google Forms ---------------------------------------------------------
def write_ms_forms(path: Path, q: Questionnaire, people: list[Respondent]) -> Path:
    header = [
        "Id",
        "Start time",
        "Completion time",
        "Email",
        "Name",
        GROUP_QUESTION,
        *(i.text.nl for i in q.all_items),
        *(o.text.nl for o in q.all_open_questions),
    ]
    rows: list[list[object]] = [header]
    for number, p in enumerate(people, start=1):
        rows.append(
            [
                number,
                p.submitted - dt.timedelta(minutes=9),
                p.submitted,
                "anonymous",
                "",
                GROUP_LABELS[p.group],
                *(
                    FORM_WORDS[c] if (c := p.answers[i.id]) is not None else None
                    for i in q.all_items
                ),
                *(p.opens[o.id] or None for o in q.all_open_questions),
            ]
        )
    return _write_xlsx(path, rows)


def write_google_forms(
    path: Path,
    q: Questionnaire,
    people: list[Respondent],
    *,
    texts: dict[str, str] | None = None,
    words: dict[int, str] | None = None,
    extra_question: str | None = None,
) -> Path:
    """Google Forms' CSV. `texts` rewords items, `words` the scale, `extra_question` adds a
    question of the municipality's own (all as a researcher may have built the form)."""
    texts = texts or {}
    words = {**FORM_WORDS, **(words or {})}
    header = ["Tijdstempel", GROUP_QUESTION]
    for area in q.areas:
        header += [f"{area.title.nl} [{texts.get(i.id, i.text.nl)}]" for i in area.items]
    header += [o.text.nl for o in q.all_open_questions]
    if extra_question:
        header.append(extra_question)
    rows: list[list[str]] = [header]
    for number, p in enumerate(people):
        rows.append(
            [
                p.submitted.strftime("%d-%m-%Y %H:%M:%S"),
                GROUP_LABELS[p.group],
                *(words[c] if (c := p.answers[i.id]) is not None else "" for i in q.all_items),
                *(p.opens[o.id] for o in q.all_open_questions),
                *([("Ja", "Nee")[number % 2]] if extra_question else []),
            ]
        )
    return _write_csv(path, rows)


# --- KoboToolbox ------------------------------------------------------------------------------
KOBO_TAIL = [
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
]


def write_kobo(
    path: Path, q: Questionnaire, people: list[Respondent], *, labels: bool = False
) -> Path:
    """Kobo's CSV export (`;`): XML values with group paths, or labels with '/' between."""
    if labels:
        header = ["start", "end", GROUP_QUESTION]
        header += [f"{a.title.nl}/{i.text.nl}" for a in q.areas for i in a.items]
        header += [f"Tot slot/{o.text.nl}" for o in q.all_open_questions]
    else:
        header = ["start", "end", "doelgroep"]
        header += [f"gebied{a.number}/{i.id}" for a in q.areas for i in a.items]
        header += [f"slot/{o.id}" for o in q.all_open_questions]
    header += KOBO_TAIL
    rows: list[list[str]] = [header]
    for number, p in enumerate(people, start=1):
        stamp = p.submitted.isoformat(timespec="milliseconds") + "+01:00"
        group = GROUP_LABELS[p.group] if labels else p.group
        answers = [
            "" if (c := p.answers[i.id]) is None else (FORM_WORDS[c] if labels else str(c))
            for i in q.all_items
        ]
        rows.append(
            [
                stamp,
                stamp,
                group,
                *answers,
                *(p.opens[o.id] for o in q.all_open_questions),
                str(2000 + number),
                f"3f1c9a2e-0000-4000-8000-{number:012d}",
                p.submitted.isoformat(),
                "",
                "",
                "submitted_via_web",
                "",
                "vA1b2C3",
                "",
                str(number),
            ]
        )
    return _write_csv(path, rows, delimiter=";")


# --- SPSS -------------------------------------------------------------------------------------
SPSS_LABELS = {
    1.0: "Helemaal oneens",
    2.0: "Oneens",
    3.0: "Neutraal",
    4.0: "Eens",
    5.0: "Helemaal eens",
    9.0: "Weet niet",
}


def write_spss(
    path: Path, q: Questionnaire, people: list[Respondent], *, reversed_scale: bool = False
) -> Path:
    """A research bureau's `.sav`: numbered variables with the item texts as labels.

    `reversed_scale` codes the answers 1 = Helemaal eens ... 5 = Helemaal oneens (as some
    bureaus do), with value labels that say so.
    """
    import pandas as pd
    import pyreadstat

    data: dict[str, list[object]] = {
        "respnr": [float(p.id) for p in people],
        "doelgroep": [float(GROUP_ORDER.index(p.group) + 1) for p in people],
        "jaar": [2026.0] * len(people),
    }
    labels: dict[str, str] = {
        "respnr": "Respondentnummer",
        "doelgroep": GROUP_QUESTION,
        "jaar": "Jaar van de meting",
    }
    value_labels: dict[str, dict[float, str]] = {
        "doelgroep": {float(i + 1): GROUP_LABELS[g] for i, g in enumerate(GROUP_ORDER)}
    }
    missing: dict[str, list[float]] = {}
    for k, item in enumerate(q.all_items, start=1):
        name = f"v{k}"
        codes = [p.answers[item.id] for p in people]
        if reversed_scale:
            codes = [c if c in (None, 9) else 6 - c for c in codes]
        data[name] = [float("nan") if c is None else float(c) for c in codes]
        labels[name] = item.text.nl
        value_labels[name] = (
            {6.0 - k2 if k2 != 9.0 else 9.0: v for k2, v in SPSS_LABELS.items()}
            if reversed_scale
            else dict(SPSS_LABELS)
        )
        missing[name] = [9.0]
    for k, question in enumerate(q.all_open_questions, start=1):
        name = f"open{k}"
        data[name] = [p.opens[question.id] for p in people]
        labels[name] = question.text.nl
    frame = pd.DataFrame(data)
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=labels,
        variable_value_labels=value_labels,
        missing_ranges=missing,
    )
    return path
