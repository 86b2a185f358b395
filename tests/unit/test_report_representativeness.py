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


def _report_text(answers: str, population: Path, lang: str) -> tuple[str, str]:
    """The profile's HTML, and its text with tags stripped and spaces collapsed."""
    import re

    result = score_files([EXAMPLES / answers], Q, population=str(population))
    html = build_report(result, Q, lang=lang, report_date=dt.date(2026, 11, 26)).html
    return html, " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_report_without_background_columns_says_so_in_both_languages() -> None:
    # gm9901-maatwerk.csv has no background column: the section says so in one plain
    # sentence, without a table or chart, and the scores are not weighted. Before, it
    # read "gewogen naar van de bevolking" (the characteristics raked on were none).
    expected = {
        "nl": (
            "Lijken de inwoners die meededen op de gemeente? Het antwoordbestand heeft geen "
            "kolommen met achtergrondkenmerken (leeftijd, geslacht, wijk of "
            "opleidingsniveau), dus de inwoners die meededen zijn niet met de bevolking te "
            "vergelijken. De scores in dit profiel zijn niet gewogen: elke inwoner telt even "
            "zwaar.",
            "Na weging",
        ),
        "en": (
            "Do the residents who took part resemble the municipality? The answer file has "
            "no background columns (age, gender, district or education), so the residents "
            "who took part cannot be compared with the population. The scores in this "
            "profile are not weighted: every resident counts the same.",
            "Weighted",
        ),
    }
    for lang, (section, header) in expected.items():
        html, text = _report_text("gm9901-maatwerk.csv", EXAMPLES / "population.csv", lang)
        assert section in text
        assert header not in text and 'id="chart-representativeness"' not in html
        assert "gewogen naar van" not in text and "weighted to the population's (" not in text


def test_report_for_a_municipality_the_population_file_lacks(tmp_path: Path) -> None:
    # The answers have background columns, the population file only other municipalities:
    # nothing is raked, and the section says so instead of "gewogen naar van de bevolking".
    lines = (EXAMPLES / "population.csv").read_text(encoding="utf-8").splitlines()
    other = tmp_path / "elders.csv"
    other.write_text(
        "\n".join(line for line in lines if not line.startswith("GM9901")) + "\n",
        encoding="utf-8",
    )
    _, nl = _report_text("gm9901-single.csv", other, "nl")
    assert (
        "De scores in dit profiel zijn niet gewogen: elders.csv heeft voor deze gemeente geen "
        "cijfers over de achtergrondkenmerken in het antwoordbestand." in nl
    )
    _, en = _report_text("gm9901-single.csv", other, "en")
    assert (
        "The scores in this profile are not weighted: elders.csv has no figures for this "
        "municipality on the background characteristics in the answer file." in en
    )
    assert "Na weging" not in nl and "gewogen naar" not in nl


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
