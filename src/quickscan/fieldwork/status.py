"""Response monitoring while a scan is still open: who has answered, how far, what is missing.

Pure: an `AnswerSet`, the questionnaire and (optionally) invitation counts go in, a
`StatusReport` comes out. `quickscan status --format json` prints exactly
`StatusReport.model_dump(mode="json")`. The rules (docs/fieldwork.md):

- completion of a respondent = answered items / items that apply to the respondent's group
  (area items and maatwerk items; a don't-know answer counts as answered, open questions
  do not count);
- a group is *below the minimum* when it has fewer respondents than `min_group_size`: its
  results would be suppressed in the report;
- a group is *stopping halfway* when its median completion is below 0.6, or more than a
  quarter of its respondents answered fewer than half of their items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from quickscan.answers.answer_set import MISSING, AnswerSet
from quickscan.errors import Problem
from quickscan.questionnaire.models import Questionnaire
from quickscan.scoring.uncertainty import wilson_one

#: A group is stopping halfway when its median completion is below this ...
HALFWAY_MEDIAN = 0.6
#: ... or when more than this share of its respondents ...
HALFWAY_SHARE = 0.25
#: ... answered fewer than this share of their items.
HALFWAY_COMPLETION = 0.5
#: The lowest decile: the 10th percentile of completion (numpy's linear interpolation).
LOW_PERCENTILE = 10

#: The column of `AnswerSet.respondents` with the moment a respondent submitted (optional).
SUBMITTED_AT = "submitted_at"
#: The fieldwork of one municipality and wave lies within this many days of its median
#: submission day, and not after today: a date outside (1970, 9999, a typo such as 2062) is
#: reported and left out of the per-day counts, which would otherwise run to millions of days.
FIELDWORK_SPAN_DAYS = 183


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InvitedCount(_Model):
    """How many people of one group a municipality invited (a row of invited.csv)."""

    municipality_code: str
    group: str
    invited: int = Field(ge=0)


class StatusRules(_Model):
    """The thresholds the warnings were computed with (shown so a reader can check them)."""

    min_group_size: int
    halfway_median: float = HALFWAY_MEDIAN
    halfway_share: float = HALFWAY_SHARE
    halfway_completion: float = HALFWAY_COMPLETION
    low_percentile: int = LOW_PERCENTILE


class GroupStatus(_Model):
    """One respondent group in one municipality and wave. Shares are 0-1, unrounded."""

    group: str
    respondents: int
    #: Items (area + maatwerk) that apply to this group.
    items: int
    invited: int | None = None
    response_rate: float | None = None
    #: Wilson 95% interval of response_rate with n = invited (docs/methodology.md 14.6);
    #: None without invited counts or with more respondents than invited.
    response_rate_ci_low: float | None = None
    response_rate_ci_high: float | None = None
    completion_median: float | None = None
    completion_p10: float | None = None
    #: Respondents who answered fewer than `halfway_completion` of their items.
    below_half: int = 0
    #: Don't-know answers / answered items, over all the group's respondents.
    dont_know_share: float | None = None
    #: More respondents needed before the group's results can be shown (0: enough).
    needed: int = 0
    suppressed: bool = False
    stopping_halfway: bool = False


class DayCount(_Model):
    date: str  # ISO date, YYYY-MM-DD
    count: int


StatusWarningCode = Literal[
    "no-respondents",
    "small-group",
    "stopping-halfway",
    "more-than-invited",
    "undated",
    "implausible-date",
]


class StatusWarning(_Model):
    code: StatusWarningCode
    group: str | None = None
    message: str


class MunicipalityStatus(_Model):
    """One municipality in one wave: per-group response, completion and warnings."""

    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    respondents: int
    invited: int | None = None
    response_rate: float | None = None
    #: Wilson 95% interval of response_rate (n = invited of the groups with invited counts).
    response_rate_ci_low: float | None = None
    response_rate_ci_high: float | None = None
    groups: list[GroupStatus]
    #: Respondents per day (from `submitted_at`, gaps filled with 0); None without the column.
    per_day: list[DayCount] | None = None
    #: Respondents whose `submitted_at` is empty or not a date (only with the column).
    undated: int = 0
    #: Respondents whose `submitted_at` lies outside the fieldwork period (see
    #: `fieldwork_window`); they are left out of `per_day`.
    implausible_dates: int = 0
    warnings: list[StatusWarning] = Field(default_factory=list)


class ProblemSummary(_Model):
    """How many problems reading the inputs found; they are listed on stderr, not here."""

    errors: int = 0
    warnings: int = 0
    codes: dict[str, int] = Field(default_factory=dict)


class QuestionnaireRef(_Model):
    id: str
    version: str
    fingerprint: str


class StatusReport(_Model):
    """The fieldwork overview of every municipality and wave in the answer files."""

    questionnaire: QuestionnaireRef
    rules: StatusRules
    respondents: int
    municipalities: list[MunicipalityStatus]
    problems: ProblemSummary = Field(default_factory=ProblemSummary)

    @property
    def warnings(self) -> list[StatusWarning]:
        return [w for m in self.municipalities for w in m.warnings]


# --- computing ----------------------------------------------------------------------------------


def applicable_matrix(questionnaire: Questionnaire, item_ids: Sequence[str]) -> np.ndarray:
    """(groups, items) booleans: does item j apply to group g (questionnaire group order)."""
    known = {item.id: item for item in questionnaire.all_items}
    return np.array(
        [
            [item_id in known and known[item_id].applies_to(group.id) for item_id in item_ids]
            for group in questionnaire.groups
        ],
        dtype=bool,
    ).reshape(len(questionnaire.groups), len(item_ids))


def dont_know_mask(
    questionnaire: Questionnaire, item_ids: Sequence[str], codes: np.ndarray
) -> np.ndarray:
    """Booleans of the same shape as `codes`: the answer is a don't-know code of its scale."""
    known = {item.id: item for item in questionnaire.all_items}
    mask = np.zeros(codes.shape, dtype=bool)
    for j, item_id in enumerate(item_ids):
        if item_id not in known:
            continue
        dk_codes = questionnaire.scale(known[item_id].scale).dont_know_codes
        if dk_codes:
            mask[:, j] = np.isin(codes[:, j], dk_codes)
    return mask


def completion(
    questionnaire: Questionnaire, answers: AnswerSet
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per respondent: completion (NaN where nothing applies), answered and don't-know counts.

    Only items that apply to the respondent's group count; a don't-know answer is answered.
    """
    group_ids = [g.id for g in questionnaire.groups]
    applicable = applicable_matrix(questionnaire, answers.item_ids)
    group_index = np.array(
        [group_ids.index(g) if g in group_ids else -1 for g in answers.respondents["group"]],
        dtype=np.int64,
    )
    applies = np.zeros(answers.codes.shape, dtype=bool)
    known = group_index >= 0
    applies[known] = applicable[group_index[known]]
    codes = np.asarray(answers.codes)
    answered = (codes != MISSING) & applies
    dont_know = dont_know_mask(questionnaire, answers.item_ids, codes) & applies
    n_applicable = applies.sum(axis=1)
    n_answered = answered.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(n_applicable > 0, n_answered / n_applicable, np.nan)
    return share, n_answered, dont_know.sum(axis=1)


def is_stopping_halfway(median: float | None, below_half: int, respondents: int) -> bool:
    """The documented rule: median completion < 0.6, or > 25% of respondents under 50%."""
    if respondents == 0 or median is None:
        return False
    return median < HALFWAY_MEDIAN or below_half / respondents > HALFWAY_SHARE


_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")
_DUTCH_DATE = re.compile(r"^\s*(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:$|\s)")


def submission_date(value: object) -> date | None:
    """The day in a `submitted_at` text: ISO (2026-03-02, 2026-03-02T10:15+01:00) or Dutch
    day-first (2-3-2026, 02/03/2026 10:15). The date as written; no time zone conversion."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    text = str(value)
    match = _ISO_DATE.match(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DUTCH_DATE.match(text)
        if not match:
            return None
        day, month, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        return None


def per_day_counts(days: Sequence[date | None]) -> list[DayCount]:
    """Respondents per day from the first to the last day, days without response as 0."""
    dated = [d for d in days if d is not None]
    if not dated:
        return []
    counts: dict[date, int] = {}
    for day in dated:
        counts[day] = counts.get(day, 0) + 1
    first, last = min(dated), max(dated)
    return [
        DayCount(
            date=(first + timedelta(days=i)).isoformat(),
            count=counts.get(first + timedelta(days=i), 0),
        )
        for i in range((last - first).days + 1)
    ]


def fieldwork_window(days: Sequence[date | None], today: date) -> tuple[date, date] | None:
    """The plausible submission days: `FIELDWORK_SPAN_DAYS` around the median day, and not
    after today (a day of slack for time zones). None without any plausible date."""
    latest = today + timedelta(days=1)
    dated = sorted(d for d in days if d is not None and d <= latest)
    if not dated:
        return None
    median = dated[len(dated) // 2]
    span = timedelta(days=FIELDWORK_SPAN_DAYS)
    return median - span, min(median + span, latest)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return None
    text = str(value).strip()
    return text or None


def normalise_code(code: str) -> str:
    """Municipality codes match case- and space-insensitively ('gm9901 ' = 'GM9901')."""
    return "".join(code.split()).upper()


def build_status(
    answers: AnswerSet | None,
    questionnaire: Questionnaire,
    invited: Sequence[InvitedCount] = (),
    problems: Sequence[Problem] = (),
    min_group_size: int | None = None,
    today: date | None = None,
) -> StatusReport:
    """The fieldwork overview per municipality, wave and group (see the module docstring).

    `today` (default: the system date) bounds the plausible submission dates."""
    today = today or date.today()
    minimum = questionnaire.scoring.min_group_size if min_group_size is None else min_group_size
    group_ids = [g.id for g in questionnaire.groups]
    item_ids = answers.item_ids if answers is not None else []
    applicable = applicable_matrix(questionnaire, item_ids)
    items_per_group = {
        g: int(applicable[gi].sum()) if item_ids else _count_applicable(questionnaire, g)
        for gi, g in enumerate(group_ids)
    }

    invited_by: dict[str, dict[str, int]] = {}
    for row in invited:
        by_group = invited_by.setdefault(normalise_code(row.municipality_code), {})
        by_group[row.group] = by_group.get(row.group, 0) + row.invited

    municipalities: list[MunicipalityStatus] = []
    seen_codes: set[str] = set()
    if answers is not None and len(answers):
        share, n_answered, n_dont_know = completion(questionnaire, answers)
        frame = answers.respondents
        codes = [_text(v) for v in frame["municipality_code"]]
        codes = [normalise_code(c) if c else None for c in codes]
        names = [_text(v) for v in frame["municipality_name"]]
        waves = [_text(v) for v in frame["wave"]]
        groups = [str(v) for v in frame["group"]]
        dated = SUBMITTED_AT in frame.columns
        days = [submission_date(v) for v in frame[SUBMITTED_AT]] if dated else []
        # Like scoring: a municipality is its code, or its name where the row has no code;
        # rows with a code come first, then by code or name and wave.
        keys: dict[tuple[bool, str, str], list[int]] = {}
        for i, (code, name, wave) in enumerate(zip(codes, names, waves, strict=True)):
            key = (not code, code or name or "", wave or "")
            keys.setdefault(key, []).append(i)
        for _key, rows in sorted(keys.items()):
            first = rows[0]
            code = codes[first]
            name = next((names[i] for i in rows if names[i]), None)
            if code:
                seen_codes.add(code)
            municipalities.append(
                _municipality(
                    code=code,
                    name=name,
                    wave=waves[first],
                    rows=np.array(rows),
                    groups=groups,
                    share=share,
                    n_answered=n_answered,
                    n_dont_know=n_dont_know,
                    days=[days[i] for i in rows] if dated else None,
                    group_ids=group_ids,
                    items_per_group=items_per_group,
                    invited=invited_by.get(code) if code else None,
                    minimum=minimum,
                    today=today,
                )
            )
    # Invited municipalities without a single response yet still get a line (and warnings).
    for code in sorted(set(invited_by) - seen_codes):
        municipalities.append(
            _municipality(
                code=code,
                name=None,
                wave=None,
                rows=np.array([], dtype=np.int64),
                groups=[],
                share=np.array([]),
                n_answered=np.array([]),
                n_dont_know=np.array([]),
                days=None,
                group_ids=group_ids,
                items_per_group=items_per_group,
                invited=invited_by[code],
                minimum=minimum,
                today=today,
            )
        )

    return StatusReport(
        questionnaire=QuestionnaireRef(
            id=questionnaire.id,
            version=questionnaire.version,
            fingerprint=questionnaire.fingerprint,
        ),
        rules=StatusRules(min_group_size=minimum),
        respondents=sum(m.respondents for m in municipalities),
        municipalities=municipalities,
        problems=summarise_problems(problems),
    )


def summarise_problems(problems: Sequence[Problem]) -> ProblemSummary:
    codes: dict[str, int] = {}
    for problem in problems:
        codes[problem.code] = codes.get(problem.code, 0) + 1
    errors = sum(1 for problem in problems if problem.severity == "error")
    return ProblemSummary(
        errors=errors, warnings=len(problems) - errors, codes=dict(sorted(codes.items()))
    )


def _count_applicable(questionnaire: Questionnaire, group: str) -> int:
    return sum(item.applies_to(group) for item in questionnaire.all_items)


def _share(numerator: float, denominator: float) -> float | None:
    return float(numerator / denominator) if denominator > 0 else None


def response_rate_interval(
    respondents: int, invited: int | None
) -> tuple[float | None, float | None]:
    """Wilson 95% interval of respondents / invited, with n = invited.

    None, None without invited people, and when more responded than were invited: a rate
    above 1 is a fault in the counts (warned as `more-than-invited`), not a share with an
    uncertainty.
    """
    if not invited or respondents > invited:
        return None, None
    return wilson_one(respondents / invited, invited)


def _municipality(
    *,
    code: str | None,
    name: str | None,
    wave: str | None,
    rows: np.ndarray,
    groups: list[str],
    share: np.ndarray,
    n_answered: np.ndarray,
    n_dont_know: np.ndarray,
    days: list[date | None] | None,
    group_ids: list[str],
    items_per_group: dict[str, int],
    invited: dict[str, int] | None,
    minimum: int,
    today: date,
) -> MunicipalityStatus:
    row_groups = np.array([groups[i] for i in rows], dtype=object)
    statuses: list[GroupStatus] = []
    warnings: list[StatusWarning] = []
    for group_id in group_ids:
        label = f"group {group_id}"
        in_group = rows[row_groups == group_id] if len(rows) else rows
        n = len(in_group)
        group_invited = invited.get(group_id) if invited is not None else None
        values = share[in_group] if n else np.array([])
        values = values[~np.isnan(values)]
        median = float(np.median(values)) if len(values) else None
        p10 = float(np.percentile(values, LOW_PERCENTILE)) if len(values) else None
        below = int((values < HALFWAY_COMPLETION).sum())
        answered = int(n_answered[in_group].sum()) if n else 0
        dont_know = int(n_dont_know[in_group].sum()) if n else 0
        rate_low, rate_high = response_rate_interval(n, group_invited)
        status = GroupStatus(
            group=group_id,
            respondents=n,
            items=items_per_group[group_id],
            invited=group_invited,
            response_rate=_share(n, group_invited) if group_invited is not None else None,
            response_rate_ci_low=rate_low,
            response_rate_ci_high=rate_high,
            completion_median=median,
            completion_p10=p10,
            below_half=below,
            dont_know_share=_share(dont_know, answered),
            needed=max(0, minimum - n),
            suppressed=0 < n < minimum,
            stopping_halfway=is_stopping_halfway(median, below, n),
        )
        statuses.append(status)
        # A group the municipality did not invite (invited file given, group absent or 0)
        # and that has no answers is simply not part of this scan: no warning.
        not_surveyed = invited is not None and not group_invited and n == 0
        if n == 0 and not not_surveyed:
            warnings.append(
                StatusWarning(
                    code="no-respondents",
                    group=group_id,
                    message=f"{label}: no respondents yet; {minimum} needed before the "
                    "group's results can be shown",
                )
            )
        elif 0 < n < minimum:
            more = minimum - n
            warnings.append(
                StatusWarning(
                    code="small-group",
                    group=group_id,
                    message=f"{label}: {n} respondent{'s' if n != 1 else ''}, {more} more "
                    f"needed; with fewer than {minimum} the group's results are suppressed",
                )
            )
        if status.stopping_halfway:
            warnings.append(
                StatusWarning(
                    code="stopping-halfway",
                    group=group_id,
                    message=f"{label}: many respondents stop halfway (median completion "
                    f"{_percent(median)}, {below} of {n} answered fewer than half of the "
                    "items)",
                )
            )
        if group_invited is not None and n > group_invited:
            warnings.append(
                StatusWarning(
                    code="more-than-invited",
                    group=group_id,
                    message=f"{label}: {n} respondents but only {group_invited} invited; "
                    "check the invited counts or the group column",
                )
            )
    respondents = len(rows)
    total_invited = sum(s.invited for s in statuses if s.invited is not None) if invited else None
    with_invited = sum(s.respondents for s in statuses if s.invited is not None)
    undated = sum(1 for d in days if d is None) if days is not None else 0
    implausible: list[date] = []
    window = fieldwork_window(days, today) if days is not None else None
    if days is not None:
        inside = [
            d is not None and window is not None and window[0] <= d <= window[1] for d in days
        ]
        implausible = [d for d, ok in zip(days, inside, strict=True) if d is not None and not ok]
        days = [d for d, ok in zip(days, inside, strict=True) if ok]
    if implausible:
        shown = ", ".join(sorted({d.isoformat() for d in implausible})[:3])
        period = (
            f"; the fieldwork runs from about {window[0].isoformat()} to {window[1].isoformat()}"
            if window is not None
            else ""
        )
        n = len(implausible)
        warnings.append(
            StatusWarning(
                code="implausible-date",
                message=f"{n} respondent{'s have' if n != 1 else ' has'} a submitted_at date "
                f"outside the fieldwork period ({shown}{period}); left out of the per-day "
                "counts",
            )
        )
    if undated:
        warnings.append(
            StatusWarning(
                code="undated",
                message=f"{undated} respondent{'s have' if undated != 1 else ' has'} no "
                "readable submitted_at date (left out of the per-day counts)",
            )
        )
    rate_low, rate_high = response_rate_interval(with_invited, total_invited)
    return MunicipalityStatus(
        municipality_code=code,
        municipality_name=name,
        wave=wave,
        respondents=respondents,
        invited=total_invited,
        response_rate=_share(with_invited, total_invited) if total_invited else None,
        response_rate_ci_low=rate_low,
        response_rate_ci_high=rate_high,
        groups=statuses,
        per_day=per_day_counts(days) if days is not None else None,
        undated=undated,
        implausible_dates=len(implausible),
        warnings=warnings,
    )


def _percent(value: float | None) -> str:
    from quickscan.results import display

    return f"{display(value * 100, 0)}%" if value is not None else "-"
