"""Wilson intervals in the profile: the response chapter and the answer distributions.

Real scoring of the worked example (tests/unit/scoring_factories.py), so every share and
its interval can be computed by hand. Wilson 95%, z = 1.959964 (z^2 = 3.841459):
centre = (p + z^2/2n) / (1 + z^2/n), half = z sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n).
"""

from __future__ import annotations

import datetime as dt

import pytest
from report_factory import parse_html
from scoring_factories import answer_set, item, make_questionnaire, worked_example_rows

from quickscan.questionnaire import Questionnaire
from quickscan.report import ReportOptions, build_context, build_report
from quickscan.results import ScoreResult
from quickscan.scoring import score


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return make_questionnaire(maatwerk=[item("MW1")])


@pytest.fixture(scope="module")
def result(q: Questionnaire) -> ScoreResult:
    return score(answer_set(q, worked_example_rows()), q)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_response_chapter_dont_know_with_intervals(
    result: ScoreResult, q: Questionnaire, lang: str
) -> None:
    options = ReportOptions(lang=lang)
    response = build_context(result, result.municipalities[0], q, options)["response"]
    cells = {row["label"]: row["dont_know"] for row in response["rows"]}
    raad, college, ambtenaar, inwoner = cells.values()
    # Whole percentages: the same digits in Dutch and English (no decimal mark to differ).
    # raad: 2 don't-know of 17 answers; the respondent is the unit, n = 6: z^2/n = 0.640243,
    # centre (0.117647 + 0.320122) / 1.640243 = 0.266892, half 1.959964 sqrt(0.017301 +
    # 0.026677) / 1.640243 = 0.250586 -> 1.6% to 51.7%
    assert raad == "12% (2–52%)"
    assert college == ""  # suppressed (2 respondents)
    # ambtenaar: 0 of 8 answers, n = 5: 0 to (z^2/n) / (1 + z^2/n) = 0.768292 / 1.768292
    assert ambtenaar == "0% (0–43%)"
    # inwoner: 1 of 12 answers (R3 is not asked of them), n = 6: centre (0.083333 +
    # 0.320122) / 1.640243 = 0.245972, half 0.237210 -> 0.9% to 48.3%
    assert inwoner == "8% (1–48%)"
    # the total: the 'all' rows of R1 (10 valid + 2 don't know), R2 (6) and R3 (6), 2 of 24
    # answers; they count raad and inwoner (ambtenaar's cells have too few answers), so
    # n = 6 + 6 = 12: z^2/n = 0.320122, centre (0.083333 + 0.160061) / 1.320122 = 0.184375,
    # half 1.959964 sqrt(0.006366 + 0.006669) / 1.320122 = 0.169508 -> 1.5% to 35.4%
    assert response["total_dont_know"] == "8% (1–35%)"


def test_response_table_in_the_html_shows_the_intervals(
    result: ScoreResult, q: Questionnaire
) -> None:
    doc = build_report(result, q, report_date=dt.date(2026, 3, 31), charts=False)
    table = parse_html(doc.html).by_id("response").find_all("table")[0]
    footer = table.find_all("tfoot")[0].find_all("td")
    assert footer[3].text() == "8% (1–35%)"
    body = [
        [td.text() for td in tr.find_all("td")] for tr in table.find_all("tbody")[0].find_all("tr")
    ]
    assert body[0][:4] == ["Raadsleden", "6", "ja", "12% (2–52%)"]
    assert "95%-interval" in parse_html(doc.html).by_id("response").text()


def test_distribution_description_has_an_interval_per_share(
    result: ScoreResult, q: Questionnaire
) -> None:
    context = build_context(result, result.municipalities[0], q)
    alt = context["areas"][0]["alt_items"]
    # R1, all groups together (raad + inwoner): codes 1..5 given 1, 3, 2, 3, 1 of 10 times;
    # z^2/n = 0.384146, denominator 1.384146:
    # 1 of 10: centre (0.1 + 0.192073) / 1.384146 = 0.211013, half 1.959964 sqrt(0.009 +
    #   0.009604) / 1.384146 = 0.193138 -> 1.8% to 40.4%
    # 3 of 10: centre 0.355506, half 0.247715 -> 10.8% to 60.3%
    # 2 of 10: centre 0.283260, half 0.226578 -> 5.7% to 51.0%
    assert (
        "R1 De raad stelt de kaders: helemaal oneens 10% (2–40%), oneens 30% (11–60%), "
        "neutraal 20% (6–51%), eens 30% (11–60%), helemaal eens 10% (2–40%);"
    ) in alt
    assert "tussen haakjes het 95%-interval" in alt
    # an item without shown answers says so, without an interval
    assert "W1 Stelling W1: niet getoond" in context["areas"][1]["alt_items"]
    # the chart data carries the same intervals (a chart need not draw them)
    r1 = context["chart_data"]["areas"][context["areas"][0]["anchor"]]["items"]["rows"][0]
    assert r1["intervals"][0] == pytest.approx((0.017876, 0.404151), abs=1e-6)


def test_interval_text_is_one_rule_for_every_share() -> None:
    from quickscan.report.i18n import format_percent_interval, format_percent_with_interval

    # bounds round half away from zero like the share: 0.0849 -> 8%, 0.1250 -> 13%
    assert format_percent_interval(0.0849, 0.125, "nl") == "8–13%"
    assert format_percent_with_interval(0.1, 0.0849, 0.125, "en") == "10% (8–13%)"
    # without an interval the share stands alone; without a share there is nothing
    assert format_percent_with_interval(0.1, None, None, "nl") == "10%"
    assert format_percent_with_interval(None, 0.1, 0.2, "nl") == ""
