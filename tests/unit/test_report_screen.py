"""The screen step of the HTML profile (report/screen.py), and that the PDF never gets it."""

from __future__ import annotations

import re

import pytest

from quickscan.report.screen import distinct_chart_alts, screen_html, wrap_tables


def test_tables_are_wrapped_in_regions_named_after_their_heading() -> None:
    page = (
        "<h2>Respons</h2><p>x</p><table class='data'><tr><td>1</td></tr></table>"
        "<h3>Items &amp; scores</h3><table><caption>Per groep</caption><tr><td>2</td></tr></table>"
        "<table><tr><td>3</td></tr></table>"
    )
    wrapped = wrap_tables(page, "Tabel")
    region = r'<div class="table-scroll" role="region" tabindex="0" aria-label="([^"]*)"><table'
    labels = re.findall(region, wrapped)
    assert labels == ["Tabel: Respons", "Tabel: Per groep", "Tabel: Items &amp; scores"]
    assert wrapped.count("</table></div>") == 3
    assert re.sub(r"<div[^>]*>|</div>", "", wrapped) == page


def test_a_page_without_headings_still_gets_a_label() -> None:
    assert 'aria-label="Table"' in wrap_tables("<table><tr><td>1</td></tr></table>", "Table")


def _figure(alt: str, caption: str) -> str:
    return (f'<figure class="chart"><img class="chart-img" alt="{alt}" src="data:,">'
            f"<figcaption>{caption}</figcaption></figure>")  # fmt: skip


def test_charts_that_share_an_alt_text_get_their_caption() -> None:
    page = (
        _figure("Raad", "Score per groep. De lijnen zijn grenzen.")
        + _figure("Raad", "Antwoorden per vraag. Links oneens.")
        + _figure("Radar: 5,5", "Alle gebieden.")
    )
    alts = re.findall(r'alt="([^"]*)"', distinct_chart_alts(page))
    assert alts == ["Raad: Score per groep.", "Raad: Antwoorden per vraag.", "Radar: 5,5"]


def test_distinct_alt_texts_are_left_alone() -> None:
    page = _figure("Raad: 4,6", "Score per groep.") + _figure("Raad: 40% eens", "Per vraag.")
    assert distinct_chart_alts(page) == page
    assert screen_html("<p>geen tabel</p>") == "<p>geen tabel</p>"


@pytest.mark.slow
def test_only_the_html_gets_the_screen_style() -> None:
    from pathlib import Path

    from quickscan.api import read_files
    from quickscan.questionnaire import load_questionnaire
    from quickscan.report import build_report
    from quickscan.scoring import score

    example = Path(__file__).resolve().parents[2] / "examples" / "gm9901-single.csv"
    q = load_questionnaire("qsld")
    document = build_report(score(read_files([example], q), q), q, charts=False)
    for marker in ("table-scroll", "skip-link", 'name="viewport"', "<nav"):
        assert marker in document.html
    for marker in ("table-scroll", "skip-link", "<nav", "@media screen"):
        assert marker not in document.print_html
