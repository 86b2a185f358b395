"""The response chapter's representativeness section, on the example municipality."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quickscan.api import score_files
from quickscan.questionnaire import load_questionnaire
from quickscan.report import build_report
from quickscan.report.charts import svg_of
from quickscan.report.representativeness import representativeness_chart

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
Q = load_questionnaire("qsld")


def _html(**weights: str) -> str:
    result = score_files([EXAMPLES / "gm9901-single.csv"], Q, **weights)  # type: ignore[arg-type]
    document = build_report(result, Q, lang="nl", report_date=dt.date(2026, 11, 26))
    return document.html


def test_weighted_report_shows_representativeness_and_the_weights() -> None:
    html = _html(population=str(EXAMPLES / "population.csv"))
    assert "Lijken de inwoners die meededen op de gemeente?" in html
    assert "Na weging" in html
    assert "gewogen naar leeftijd, geslacht, wijk en opleidingsniveau" in html
    assert "ontwerpeffect is 1,50" in html
    assert "oververtegenwoordigd" in html
    assert 'id="chart-representativeness"' in html


def test_unweighted_report_has_no_section() -> None:
    html = _html()
    assert "Lijken de inwoners" not in html
    assert "chart-representativeness" not in html


def test_chart_tells_respondents_and_population_apart_without_colour() -> None:
    chart = representativeness_chart(
        {
            "rows": [
                {"group": "Leeftijd", "label": "18-34", "sample": 0.12, "population": 0.22},
                {"group": "", "label": "65+", "sample": 0.41, "population": 0.30},
            ],
            "legend": ["respondenten", "bevolking"],
            "label": "Aandeel",
        }
    )
    svg = svg_of(chart)
    # Respondents are hatched (white hatch lines), the population is an open light bar.
    assert 'stroke="white"' in svg
    assert "12%" in svg and "22%" in svg and "41%" in svg
    assert "respondenten" in svg and "bevolking" in svg


def test_group_tables_carry_the_quality_label() -> None:
    # The raad (25 respondents) is at best 'indicatief'; 'betrouwbaar' is not written out.
    html = _html(population=str(EXAMPLES / "population.csv"))
    assert '<span class="muted quality">indicatief</span>' in html
    assert '<span class="muted quality">betrouwbaar</span>' not in html
