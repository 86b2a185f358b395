"""`quickscan status` with implausible `submitted_at` dates: warned about, not charted."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.fieldwork.status import fieldwork_window

runner = CliRunner()
MINI = Path(__file__).resolve().parents[1] / "cases" / "questionnaires" / "_valid"
HEADER = "respondent_id,submitted_at,municipality_code,group,wave,GR01,GR02,GR03,BI01,BI02\n"


def test_dates_outside_the_fieldwork_are_warned_about_and_left_out(tmp_path: Path) -> None:
    dates = ["2026-03-02", "2026-03-03", "2026-03-03", "1970-01-01", "9999-12-31", "2062-03-04"]
    rows = [f"r{i},{d},GM9901,raad,2026,4,4,4,4,4\n" for i, d in enumerate(dates)]
    answers = tmp_path / "answers.csv"
    answers.write_text(HEADER + "".join(rows), encoding="utf-8")
    result = runner.invoke(app, ["status", str(answers), "-q", str(MINI), "--format", "json"])
    assert result.exit_code == 0, result.output
    municipality = json.loads(result.stdout)["municipalities"][0]
    # Only the two real fieldwork days are charted, not 8,000 years of days.
    assert municipality["per_day"] == [
        {"date": "2026-03-02", "count": 1},
        {"date": "2026-03-03", "count": 2},
    ]
    assert municipality["implausible_dates"] == 3
    assert municipality["respondents"] == 6
    warning = next(w for w in municipality["warnings"] if w["code"] == "implausible-date")
    assert (
        "3 respondents have a submitted_at date outside the fieldwork period"
        in (warning["message"])
    )
    assert "1970-01-01, 2062-03-04, 9999-12-31" in warning["message"]

    table = runner.invoke(app, ["status", str(answers), "-q", str(MINI)])
    assert table.exit_code == 0, table.output
    assert "outside the fieldwork period" in table.output


def test_the_window_is_half_a_year_around_the_median_and_never_after_tomorrow() -> None:
    today = date(2026, 6, 1)
    days = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 9), None, date(2062, 3, 1)]
    assert fieldwork_window(days, today) == (date(2025, 8, 31), date(2026, 6, 2))
    assert fieldwork_window([None, date(2099, 1, 1)], today) is None
