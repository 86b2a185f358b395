"""Factories for the comparison tests: ScoreResults built directly, without scoring.

Each municipality gets one combined score per area ("S" = suppressed, None = no data);
every group gets that score plus a fixed offset, so the combined score is the mean of the
group scores, as with equal_groups weighting.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from quickscan.questionnaire import load_questionnaire
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import (
    ALL_GROUPS,
    AreaResult,
    GroupResponse,
    GroupScore,
    InputFile,
    MunicipalityResult,
    QuestionnaireRef,
    ScoreResult,
    Settings,
)

GROUPS = ("raad", "college", "ambtenaar", "inwoner")
OFFSETS = {"raad": 0.6, "college": 0.2, "ambtenaar": -0.2, "inwoner": -0.6}
SIZES = {"raad": 20, "college": 6, "ambtenaar": 30, "inwoner": 80}

Score = float | str | None


@cache
def qsld() -> Questionnaire:
    return load_questionnaire("qsld")


def _band(q: Questionnaire, value: float | None) -> str | None:
    found = q.band_for(value)
    return found.id if found else None


def municipality(
    code: str,
    scores: Sequence[Score] | float,
    *,
    name: str | None = None,
    wave: str | None = None,
    sizes: dict[str, int] | None = None,
    sd: float = 1.5,
    q: Questionnaire | None = None,
) -> MunicipalityResult:
    q = q or qsld()
    sizes = sizes or SIZES
    if isinstance(scores, str) or not isinstance(scores, Sequence):
        scores = [scores] * len(q.areas)
    areas: list[AreaResult] = []
    for area, value in zip(q.areas, scores, strict=True):
        groups: list[GroupScore] = []
        if value == "S":
            groups = [
                GroupScore(group=g, n=None, suppressed=True, reason="small_cell") for g in GROUPS
            ]
            combined = GroupScore(
                group=ALL_GROUPS, n=None, suppressed=True, reason="all_groups_suppressed"
            )
        elif value is None:
            groups = [GroupScore(group=g, n=0, reason="no_data") for g in GROUPS]
            combined = GroupScore(group=ALL_GROUPS, n=0, reason="no_data")
        else:
            assert isinstance(value, float | int)
            for g in GROUPS:
                s = float(value) + OFFSETS[g]
                groups.append(GroupScore(group=g, n=sizes[g], score=s, sd=sd, band=_band(q, s)))
            combined = GroupScore(
                group=ALL_GROUPS,
                n=sum(sizes.values()),
                score=float(value),
                band=_band(q, float(value)),
            )
        areas.append(AreaResult(area=area.id, number=area.number, groups=groups, combined=combined))
    combined_scores = [a.combined.score for a in areas]
    if all(s is not None for s in combined_scores):
        mean = sum(combined_scores) / len(combined_scores)  # type: ignore[arg-type]
        overall = [
            GroupScore(group=ALL_GROUPS, n=sum(sizes.values()), score=mean, band=_band(q, mean))
        ]
    else:
        overall = [GroupScore(group=ALL_GROUPS, n=None, reason="incomplete")]
    for g in GROUPS:
        values = [a.groups[GROUPS.index(g)].score for a in areas]
        if all(v is not None for v in values):
            mean = sum(values) / len(values)  # type: ignore[arg-type]
            overall.insert(-1, GroupScore(group=g, n=sizes[g], score=mean, band=_band(q, mean)))
        else:
            overall.insert(-1, GroupScore(group=g, n=None, reason="incomplete"))
    return MunicipalityResult(
        municipality_code=code,
        municipality_name=name or f"Gemeente {code[2:]}",
        wave=wave,
        respondents=sum(sizes.values()),
        response=[GroupResponse(group=g, respondents=sizes[g], suppressed=False) for g in GROUPS],
        areas=areas,
        overall=overall,
    )


def score_result(
    municipalities: Sequence[MunicipalityResult], q: Questionnaire | None = None
) -> ScoreResult:
    q = q or qsld()
    return ScoreResult(
        tool={"name": "quickscan", "version": "test"},
        questionnaire=QuestionnaireRef(id=q.id, version=q.version, fingerprint=q.fingerprint),
        settings=Settings(
            min_valid_share=0.5,
            min_group_size=5,
            weighting="equal_groups",
            gap_threshold=1.5,
            dont_know_threshold=0.3,
            alpha_warning=0.6,
        ),
        inputs=[InputFile(file="answers.csv", rows=1, sha256="0" * 64)],
        municipalities=list(municipalities),
    )


#: The answer-file fixture questionnaire (areas raad: GR01-GR03, inwoners: IN01 and IN02,
#: the latter for inwoners only).
FIXTURE_QUESTIONNAIRE = Path(__file__).resolve().parents[1] / "cases" / "answers" / "_questionnaire"


def quality_answers(target: Path) -> Path:
    """Three councils whose scores get each quality label (docs/methodology.md 14.7).

    agree5 scores code c as (c - 1) * 2.5, every answer of a council is alike, so sd 0 and
    the half-width is 0; the label then follows n alone (hand computation, n_eff = n):
    - GM0001 Ruim: 30 members answer 4 on GR01-GR03, 12 of them also 4 on IN01: 1 Raad 7.5
      on n 30, betrouwbaar; 2 Inwoners 7.5 on n 12, indicatief ('~'); the overall score
      takes its least certain area's label: indicatief.
    - GM0002 Klein: 12 members, all 2: 2.5 on n 12 everywhere, indicatief ('~').
    - GM0003 Krap: 6 members, all 5: 10.0 on n 6 < 10 everywhere, te weinig respons ('?').
    Each area has one group (raad), whose score and label are the area's.
    """
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent_id", "municipality_code", "municipality_name", "group",
                         "GR01", "GR02", "GR03", "IN01"])  # fmt: skip
        for k in range(30):
            answers = ["4", "4", "4", "4" if k < 12 else ""]
            writer.writerow([f"GM0001-{k}", "GM0001", "Ruim", "raad", *answers])
        for code, name, code_answer, members in (("GM0002", "Klein", "2", 12),
                                                  ("GM0003", "Krap", "5", 6)):  # fmt: skip
            for k in range(members):
                writer.writerow([f"{code}-{k}", code, name, "raad", *[code_answer] * 4])
    return target


def test_factory_combined_is_mean_of_groups() -> None:
    m = municipality("GM0001", 6.0)
    area = m.areas[0]
    values = [g.score for g in area.groups]
    assert sum(values) / len(values) == area.combined.score  # type: ignore[arg-type]
    assert m.overall_for().score == 6.0
