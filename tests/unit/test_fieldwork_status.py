"""Response monitoring (`quickscan.fieldwork.status`): numbers computed by hand."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from quickscan.answers.answer_set import MISSING, RESPONDENT_COLUMNS, AnswerSet
from quickscan.errors import Problem
from quickscan.fieldwork.invited import read_invited
from quickscan.fieldwork.status import (
    InvitedCount,
    StatusReport,
    build_status,
    is_stopping_halfway,
    submission_date,
)
from quickscan.questionnaire import Questionnaire, load_questionnaire

MINI = Path(__file__).resolve().parents[1] / "cases" / "questionnaires" / "_valid"


@pytest.fixture(scope="module")
def mini() -> Questionnaire:
    # groups raad, inwoner; items GR01 GR02 GR03 (raad only) BI01 BI02 -> raad 5, inwoner 4
    return load_questionnaire(MINI)


def make_answers(
    questionnaire: Questionnaire, rows: list[dict[str, Any]], dated: bool = False
) -> AnswerSet:
    """An AnswerSet as the reader builds it: one dict per respondent, codes by item id."""
    item_ids = [item.id for item in questionnaire.all_items]
    records = []
    codes = np.full((len(rows), len(item_ids)), MISSING, dtype=np.int64)
    for i, row in enumerate(rows):
        records.append(
            {
                "respondent_id": str(i + 1),
                "municipality_code": row.get("code", "GM9901"),
                "municipality_name": row.get("name", "Voorbeeldstad"),
                "group": row["group"],
                "wave": row.get("wave", "2026"),
                "source": "answers.csv",
                "row": i + 2,
                **({"submitted_at": row.get("at")} if dated else {}),
            }
        )
        for item_id, code in row.get("answers", {}).items():
            codes[i, item_ids.index(item_id)] = code
    columns = [*RESPONDENT_COLUMNS, *(["submitted_at"] if dated else [])]
    return AnswerSet(
        respondents=pd.DataFrame.from_records(records, columns=columns),
        item_ids=item_ids,
        codes=codes,
        open_answers=pd.DataFrame({"respondent_id": [r["respondent_id"] for r in records]}),
    )


def answered(*item_ids: str, code: int = 4) -> dict[str, int]:
    return dict.fromkeys(item_ids, code)


RAAD_ALL = ("GR01", "GR02", "GR03", "BI01", "BI02")
INWONER_ALL = ("GR01", "GR02", "BI01", "BI02")


def scenario(mini: Questionnaire, dated: bool = False) -> AnswerSet:
    """GM9901 wave 2026: raad 6 (stopping halfway), inwoner 3 (too small)."""
    rows = [
        # raad completions: 1.0, 1.0 (two don't-knows), 0.4, 0.4, 0.2, 0.6
        {"group": "raad", "answers": answered(*RAAD_ALL), "at": "2026-03-02T10:15:00"},
        {
            "group": "raad",
            "answers": {**answered(*RAAD_ALL), "GR01": 9, "BI02": 9},
            "at": "2026-03-02 18:00",
        },
        {"group": "raad", "answers": answered("GR01", "GR02"), "at": "04-03-2026"},
        {"group": "raad", "answers": answered("GR01", "GR02"), "at": "4/3/2026 09:00"},
        {"group": "raad", "answers": answered("GR01"), "at": ""},
        {"group": "raad", "answers": answered("GR01", "GR02", "GR03"), "at": "yesterday"},
        # inwoner: all complete; GR03 does not apply to inwoners and must not count
        {"group": "inwoner", "answers": answered(*INWONER_ALL, "GR03"), "at": "2026-03-05"},
        {"group": "inwoner", "answers": answered(*INWONER_ALL), "at": "2026-03-05"},
        {"group": "inwoner", "answers": answered(*INWONER_ALL, code=9), "at": "2026-03-05"},
    ]
    return make_answers(mini, rows, dated=dated)


def test_completion_median_decile_and_dont_know(mini: Questionnaire) -> None:
    report = build_status(scenario(mini), mini)
    assert report.respondents == 9
    (municipality,) = report.municipalities
    assert (municipality.municipality_code, municipality.wave) == ("GM9901", "2026")
    raad, inwoner = municipality.groups
    assert (raad.group, raad.respondents, raad.items) == ("raad", 6, 5)
    # sorted completions 0.2 0.4 0.4 0.6 1.0 1.0: median (0.4 + 0.6) / 2; the 10th
    # percentile sits at position (6 - 1) * 0.1 = 0.5, halfway between 0.2 and 0.4
    assert raad.completion_median == pytest.approx(0.5)
    assert raad.completion_p10 == pytest.approx(0.3)
    assert raad.below_half == 3
    assert raad.dont_know_share == pytest.approx(2 / 18)  # 5 + 5 + 2 + 2 + 1 + 3 answered
    assert raad.stopping_halfway and not raad.suppressed and raad.needed == 0
    assert (inwoner.respondents, inwoner.items) == (3, 4)
    assert inwoner.completion_median == 1.0 and inwoner.completion_p10 == 1.0
    assert inwoner.dont_know_share == pytest.approx(4 / 12)
    assert inwoner.suppressed and inwoner.needed == 2 and not inwoner.stopping_halfway
    assert municipality.per_day is None  # no submitted_at column
    codes = [(w.code, w.group) for w in municipality.warnings]
    assert codes == [("stopping-halfway", "raad"), ("small-group", "inwoner")]
    small = municipality.warnings[1].message
    assert "3 respondents, 2 more needed" in small and "fewer than 5" in small


def test_stopping_halfway_rule() -> None:
    assert is_stopping_halfway(0.59, 0, 10)  # median below 0.6
    assert not is_stopping_halfway(0.6, 2, 8)  # a quarter exactly is not more than a quarter
    assert is_stopping_halfway(0.9, 3, 8)  # 3/8 below half
    assert not is_stopping_halfway(None, 0, 0)


def test_min_group_size_override(mini: Questionnaire) -> None:
    report = build_status(scenario(mini), mini, min_group_size=3)
    inwoner = report.municipalities[0].groups[1]
    assert not inwoner.suppressed and inwoner.needed == 0
    assert report.rules.min_group_size == 3


def test_invited_response_rates(mini: Questionnaire) -> None:
    invited = [
        InvitedCount(municipality_code="gm9901", group="raad", invited=10),
        InvitedCount(municipality_code="GM9901", group="inwoner", invited=100),
        InvitedCount(municipality_code="GM9903", group="inwoner", invited=50),
    ]
    report = build_status(scenario(mini), mini, invited=invited)
    first, nothing_yet = report.municipalities
    raad, inwoner = first.groups
    assert raad.response_rate == pytest.approx(0.6)
    assert inwoner.response_rate == pytest.approx(0.03)
    assert (first.invited, first.response_rate) == (110, pytest.approx(9 / 110))
    # invited but not a single answer yet: a line with a warning for the invited group only
    assert (nothing_yet.municipality_code, nothing_yet.respondents) == ("GM9903", 0)
    assert nothing_yet.response_rate == 0.0
    assert [(w.code, w.group) for w in nothing_yet.warnings] == [("no-respondents", "inwoner")]


def test_response_rate_wilson_intervals(mini: Questionnaire) -> None:
    """Wilson 95% with n = invited, z = 1.959964 (z^2 = 3.841459), by hand:
    centre = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
    """
    invited = [
        InvitedCount(municipality_code="GM9901", group="raad", invited=10),
        InvitedCount(municipality_code="GM9901", group="inwoner", invited=100),
        InvitedCount(municipality_code="GM9903", group="inwoner", invited=50),
    ]
    report = build_status(scenario(mini), mini, invited=invited)
    first, nothing_yet = report.municipalities
    raad, inwoner = first.groups
    # raad 6 of 10: z^2/n = 0.384146; centre = (0.6 + 0.192073) / 1.384146 = 0.572247;
    # half = 1.959964 sqrt(0.024 + 0.009604) / 1.384146 = 0.259573 -> 0.312674 to 0.831820
    assert (raad.response_rate_ci_low, raad.response_rate_ci_high) == (
        pytest.approx(0.312674, abs=1e-5),
        pytest.approx(0.831820, abs=1e-5),
    )
    # inwoner 3 of 100: z^2/n = 0.0384146; centre = (0.03 + 0.0192073) / 1.0384146 = 0.047387;
    # half = 1.959964 sqrt(0.000291 + 0.000096036) / 1.0384146 = 0.037132 -> 0.010255, 0.084519
    assert (inwoner.response_rate_ci_low, inwoner.response_rate_ci_high) == (
        pytest.approx(0.010255, abs=1e-5),
        pytest.approx(0.084519, abs=1e-5),
    )
    # the municipality: 9 of 110 -> centre 0.095929, half 0.052289 -> 0.043641 to 0.148218
    assert (first.response_rate_ci_low, first.response_rate_ci_high) == (
        pytest.approx(0.043641, abs=1e-5),
        pytest.approx(0.148218, abs=1e-5),
    )
    # 0 of 50: low is 0, high = (z^2/n) / (1 + z^2/n) = 0.0768292 / 1.0768292 = 0.071348
    assert nothing_yet.response_rate_ci_low == 0.0
    assert nothing_yet.response_rate_ci_high == pytest.approx(0.071348, abs=1e-6)


def test_no_response_rate_interval_above_invited(mini: Questionnaire) -> None:
    # 3 inwoners answered, 2 were invited: a rate of 150% is a fault in the counts, no share
    invited = [InvitedCount(municipality_code="GM9901", group="inwoner", invited=2)]
    municipality = build_status(scenario(mini), mini, invited=invited).municipalities[0]
    raad, inwoner = municipality.groups
    assert inwoner.response_rate == pytest.approx(1.5)
    assert (inwoner.response_rate_ci_low, inwoner.response_rate_ci_high) == (None, None)
    assert (municipality.response_rate_ci_low, municipality.response_rate_ci_high) == (None, None)
    # without invited counts there is neither a rate nor an interval
    assert (raad.response_rate, raad.response_rate_ci_low) == (None, None)


def test_more_respondents_than_invited(mini: Questionnaire) -> None:
    invited = [InvitedCount(municipality_code="GM9901", group="inwoner", invited=2)]
    report = build_status(scenario(mini), mini, invited=invited)
    codes = [w.code for w in report.municipalities[0].warnings]
    assert "more-than-invited" in codes
    # raad is not in the invited file for GM9901 but has answers: no rate, still counted
    raad = report.municipalities[0].groups[0]
    assert raad.invited is None and raad.response_rate is None


def test_per_day_counts(mini: Questionnaire) -> None:
    report = build_status(scenario(mini, dated=True), mini)
    municipality = report.municipalities[0]
    assert [(d.date, d.count) for d in municipality.per_day or []] == [
        ("2026-03-02", 2),
        ("2026-03-03", 0),
        ("2026-03-04", 2),
        ("2026-03-05", 3),
    ]
    assert municipality.undated == 2
    assert municipality.warnings[-1].code == "undated"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-02", date(2026, 3, 2)),
        ("2026-03-02T23:59:59+01:00", date(2026, 3, 2)),
        (" 2-3-2026 ", date(2026, 3, 2)),
        ("02.03.2026 10:00", date(2026, 3, 2)),
        ("2026-02-30", None),
        ("20260302", None),
        ("", None),
        (None, None),
    ],
)
def test_submission_date(text: str | None, expected: date | None) -> None:
    assert submission_date(text) == expected


def test_groups_and_municipalities_apart(mini: Questionnaire) -> None:
    rows = [
        {"group": "raad", "code": "GM9902", "wave": None, "answers": answered(*RAAD_ALL)},
        {"group": "raad", "code": "GM9901", "wave": "2025", "answers": answered(*RAAD_ALL)},
        {"group": "raad", "code": None, "name": "Zonder Code", "answers": {}},
        {"group": "raad", "code": "GM9901", "wave": "2026", "answers": {}},
    ]
    report = build_status(make_answers(mini, rows), mini)
    keys = [(m.municipality_code, m.municipality_name, m.wave) for m in report.municipalities]
    assert keys == [
        ("GM9901", "Voorbeeldstad", "2025"),
        ("GM9901", "Voorbeeldstad", "2026"),
        ("GM9902", "Voorbeeldstad", None),
        (None, "Zonder Code", "2026"),
    ]
    # a blank row counts as a respondent with completion 0
    assert report.municipalities[1].groups[0].completion_median == 0.0


def test_nothing_read_and_problem_summary(mini: Questionnaire) -> None:
    problems = [
        Problem(code="bad-code", message="x"),
        Problem(code="bad-code", message="y"),
        Problem(code="unknown-column", message="z", severity="warning"),
    ]
    report = build_status(None, mini, problems=problems)
    assert report.municipalities == [] and report.respondents == 0
    assert report.problems.model_dump() == {
        "errors": 2,
        "warnings": 1,
        "codes": {"bad-code": 2, "unknown-column": 1},
    }


def test_json_round_trip(mini: Questionnaire) -> None:
    report = build_status(scenario(mini, dated=True), mini)
    dumped = report.model_dump(mode="json")
    assert StatusReport.model_validate(dumped) == report
    assert dumped["municipalities"][0]["per_day"][0] == {"date": "2026-03-02", "count": 2}


# --- invited.csv ----------------------------------------------------------------------------


def test_read_invited_aliases_and_problems(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "invited.csv"
    path.write_text(
        "\ufeffMunicipality_Code;Group;Invited;note\n"
        "gm9901;Raadsleden;10;\n"  # label, lower-case code
        "GM9901;bewoner;1.200;\n"  # alias; Dutch thousands separator
        "GM9901;raadslid;12;\n"  # duplicate of row 2 through an alias
        "GM9901;wethouder;3;\n"  # not a group of this questionnaire
        ";raad;4;\n"
        "GM9902;raad;ten;\n"
        "GM9902;raad;-1;\n"
        "\n",
        encoding="utf-8",
    )
    counts, problems = read_invited(path, mini)
    assert counts == [
        InvitedCount(municipality_code="GM9901", group="raad", invited=10),
        InvitedCount(municipality_code="GM9901", group="inwoner", invited=1200),
    ]
    found = [(p.code, p.location.row, p.severity) for p in problems]
    assert found == [
        ("invited-extra-column", 1, "warning"),
        ("invited-duplicate", 4, "error"),
        ("invited-unknown-group", 5, "error"),
        ("invited-missing-value", 6, "error"),
        ("invited-bad-number", 7, "error"),
        ("invited-bad-number", 8, "error"),
    ]
    assert "wethouder" in str(problems[2]) and "invited.csv row 5, column group" in str(problems[2])


def test_read_invited_missing_columns(mini: Questionnaire, tmp_path: Path) -> None:
    path = tmp_path / "invited.csv"
    path.write_text("gemeente,groep,aantal\nGM9901,raad,3\n", encoding="utf-8")
    counts, problems = read_invited(path, mini)
    assert counts == []
    assert problems[-1].code == "invited-missing-column"
    assert "municipality_code, group, invited" in problems[-1].message
