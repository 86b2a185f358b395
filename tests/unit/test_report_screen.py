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


def _svg_img(svg: str, alt: str = "Raad: 5,5") -> str:
    import base64

    data = base64.b64encode(svg.encode()).decode()
    return (
        f'<img class="chart-img" id="chart-x" alt="{alt}" src="data:image/svg+xml;base64,{data}">'
    )


def test_charts_keep_the_width_at_which_their_smallest_text_is_9_px() -> None:
    from quickscan.report.screen import chart_min_width, scroll_charts

    svg = (
        '<svg viewBox="0 0 472 200"><text font-size="8">a</text><text font-size="6">b</text></svg>'
    )
    # By hand: the 6-unit text is 9 px when a unit is 1.5 px: 472 x 1.5 = 708 px, which at
    # 17 px per rem is 41.65 rem, rounded up to a tenth: 41.7.
    img = _svg_img(svg)
    assert chart_min_width(img) == 41.7
    page = f"<figure class='chart'>{img}<figcaption>x</figcaption></figure>"
    wrapped = scroll_charts(page, "Grafiek")
    assert (
        '<div class="chart-scroll" role="region" tabindex="0" aria-label="Grafiek: Raad">'
        '<img class="chart-img"' in wrapped
    )
    assert 'style="min-width: 41.7rem"></div><figcaption>' in wrapped
    # Not an SVG chart (or no text in it): left as it is.
    plain = '<img class="chart-img" alt="x" src="chart.png">'
    assert scroll_charts(plain) == plain
    assert scroll_charts(_svg_img("<svg viewBox='0 0 10 10'></svg>")) == _svg_img(
        "<svg viewBox='0 0 10 10'></svg>"
    )
