"""What each survey platform's export looks like: header rows, meta columns, code conventions.

A `Platform` is data, not code: the readers (`readers.py`) and the header matcher
(`headers.py`) read it. `detect` recognises the platform from the header alone (plus, for
Qualtrics, its third row), so `check` and `score` can use it for their hint too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from quickscan.answers.columns import header_key

#: The platform names of `--from` (and of `from:` in a mapping file), auto excepted.
PLATFORM_NAMES = ("limesurvey", "qualtrics", "surveymonkey", "forms", "kobo", "spss", "quickscan")


def meta_key(text: str) -> str:
    """'Date submitted' -> 'date_submitted'; 'Duration (in seconds)' -> 'duration_in_seconds'."""
    key = header_key(text)
    lead = len(key) - len(key.lstrip("_"))  # Kobo's '_uuid' and '__version__' keep theirs
    body = re.sub(r"[^a-z0-9/]+", "_", key[lead:]).strip("_")
    return "_" * lead + body


@dataclass(frozen=True)
class Platform:
    name: str
    title: str
    #: Rows at the top that are header, not answers (Qualtrics 3, SurveyMonkey 2).
    header_rows: int
    #: Meta columns (as `meta_key`) that hold the respondent id, in order of preference.
    id_columns: tuple[str, ...] = ()
    #: Meta columns that hold the submission time, in order of preference.
    submitted_columns: tuple[str, ...] = ()
    #: A column that says whether the response was finished ('1', 'True').
    finished_columns: tuple[str, ...] = ()
    #: Meta columns that are read and then left out of the answer file.
    drop_columns: tuple[str, ...] = ()
    #: Columns whose presence marks an export of this platform (two of them suffice).
    signature: tuple[str, ...] = ()
    #: An empty submission time means the response is unfinished (LimeSurvey).
    blank_submitted_is_unfinished: bool = False

    def meta_role(self, header: str) -> str | None:
        """'respondent_id', 'submitted_at', 'finished' or 'drop' for a meta column."""
        key = meta_key(header)
        if key in self.id_columns:
            return "respondent_id"
        if key in self.submitted_columns:
            return "submitted_at"
        if key in self.finished_columns:
            return "finished"
        if key in self.drop_columns or _TIMING.match(key):
            return "drop"
        return None


# LimeSurvey's timing columns ('interviewtime', 'groupTime12', 'G01Q01Time').
_TIMING = re.compile(r"^(interviewtime|grouptime\d+|.+time)$")

LIMESURVEY = Platform(
    name="limesurvey",
    title="LimeSurvey",
    header_rows=1,
    id_columns=("id", "response_id"),
    submitted_columns=("submitdate", "date_submitted"),
    drop_columns=(
        "lastpage",
        "last_page",
        "startlanguage",
        "start_language",
        "seed",
        "token",
        "startdate",
        "date_started",
        "datestamp",
        "date_last_action",
        "ipaddr",
        "ip_address",
        "refurl",
        "referrer_url",
    ),
    signature=("submitdate", "lastpage", "startlanguage", "date_submitted", "last_page"),
    blank_submitted_is_unfinished=True,
)

QUALTRICS = Platform(
    name="qualtrics",
    title="Qualtrics",
    header_rows=3,
    id_columns=("responseid",),
    submitted_columns=("recordeddate", "enddate"),
    finished_columns=("finished",),
    drop_columns=(
        "startdate",
        "enddate",
        "status",
        "ipaddress",
        "progress",
        "duration_in_seconds",
        "recipientlastname",
        "recipientfirstname",
        "recipientemail",
        "externalreference",
        "externaldatareference",
        "locationlatitude",
        "locationlongitude",
        "distributionchannel",
        "userlanguage",
        "q_recaptchascore",
        "q_relevantidduplicate",
        "q_relevantidduplicatescore",
        "q_relevantidfraudscore",
        "q_relevantidlastststartdate",
    ),
    signature=("responseid", "recordeddate", "distributionchannel", "userlanguage", "finished"),
)

SURVEYMONKEY = Platform(
    name="surveymonkey",
    title="SurveyMonkey",
    header_rows=2,
    id_columns=("respondent_id",),
    submitted_columns=("end_date",),
    drop_columns=(
        "collector_id",
        "start_date",
        "end_date",
        "ip_address",
        "email_address",
        "first_name",
        "last_name",
        "custom_data_1",
        "custom_data_2",
        "custom_data_3",
    ),
    signature=("respondent_id", "collector_id", "ip_address", "custom_data_1"),
)

FORMS = Platform(
    name="forms",
    title="Microsoft Forms / Google Forms",
    header_rows=1,
    id_columns=("id",),
    submitted_columns=("completion_time", "tijd_van_voltooien", "timestamp", "tijdstempel"),
    drop_columns=(
        "start_time",
        "begintijd",
        "email",
        "e_mail",
        "name",
        "naam",
        "last_modified_time",
        "tijd_van_laatste_wijziging",
        "email_address",
        "e_mailadres",
        "score",
        "total_points",
    ),
    signature=(
        "start_time",
        "completion_time",
        "begintijd",
        "tijd_van_voltooien",
        "timestamp",
        "tijdstempel",
    ),
)

KOBO = Platform(
    name="kobo",
    title="KoboToolbox / ODK",
    header_rows=1,
    id_columns=("_uuid", "meta/instanceid", "_id"),
    submitted_columns=("_submission_time", "end"),
    drop_columns=(
        "start",
        "end",
        "today",
        "deviceid",
        "username",
        "phonenumber",
        "simserial",
        "subscriberid",
        "audit",
        "_id",
        "_uuid",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version",
        "_tags",
        "_index",
        "meta/instanceid",
        "formhub/uuid",
        "_attachments",
        "_geolocation",
        "_xform_id_string",
    ),
    signature=("_uuid", "_submission_time", "_validation_status", "__version", "_index"),
)

SPSS = Platform(
    name="spss",
    title="SPSS",
    header_rows=1,
    id_columns=("respnr", "respondentnummer", "respid", "resp_id", "responseid", "id", "caseid"),
    submitted_columns=("datum", "date", "submitdate"),
    drop_columns=("filter", "filter_"),
)

QUICKSCAN = Platform(name="quickscan", title="quickscan answer file", header_rows=1)

PLATFORMS: dict[str, Platform] = {
    p.name: p for p in (LIMESURVEY, QUALTRICS, SURVEYMONKEY, FORMS, KOBO, SPSS, QUICKSCAN)
}


def detect(header: Sequence[str], second_rows: Sequence[Sequence[str]] = ()) -> Platform | None:
    """The platform whose export this header is, or None when it is none of them.

    Qualtrics is recognised by its third header row (`{"ImportId":...}`) alone; the others
    need at least two of their meta columns.
    """
    if any(
        cell.lstrip().startswith('{"ImportId"') for row in second_rows[1:2] for cell in row[:50]
    ):
        return QUALTRICS
    keys = {meta_key(h) for h in header}
    best: Platform | None = None
    best_hits = 1
    for platform in (LIMESURVEY, QUALTRICS, SURVEYMONKEY, FORMS, KOBO):
        hits = sum(key in keys for key in platform.signature)
        if hits > best_hits:
            best, best_hits = platform, hits
    if best is None and keys & {"timestamp", "tijdstempel"}:
        return FORMS  # Google Forms: one timestamp column and question texts
    return best


# --- code conventions: a header that names an item in the platform's own way --------------
_BRACKETED = re.compile(r"^(?P<question>[^\[\]]+)\[(?P<sub>[^\[\]]+)\](?:\[[^\[\]]*\])?$")


def code_candidates(header: str) -> list[str]:
    """Item ids a header may name by convention: LimeSurvey `GR[GR01]` and `GR_GR01`, Kobo
    and ODK group paths `gebied1/GR01`."""
    text = header.strip()
    found: list[str] = []
    match = _BRACKETED.match(text)
    if match:
        found += [match["sub"].strip(), match["question"].strip() + match["sub"].strip()]
    if "/" in text:
        found.append(text.rsplit("/", 1)[1].strip())
    if "_" in text:
        found.append(text.rsplit("_", 1)[1].strip())
    return [f for f in found if f]
