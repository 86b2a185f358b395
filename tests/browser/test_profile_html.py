"""The HTML profile (`quickscan report --html`) in a real browser, on a phone and a desktop.

One profile per language (with the municipality's own questions and the open answers) is
rendered once for the module and opened at 390 and 1280 px: no axe-core violations (WCAG
2.1 A/AA), no sideways scrolling of the page, no request beyond the file itself. The
screenshots land in the test's temporary folder, and in $QUICKSCAN_SCREENSHOTS if set, for a
person to look at.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from browser_support import describe_violations, open_file

from quickscan.api import read_files
from quickscan.questionnaire import load_questionnaire
from quickscan.report import build_report, open_answers_from, select_municipality
from quickscan.scoring import score

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-maatwerk.csv"
MAATWERK = EXAMPLES / "maatwerk.yaml"
WIDTHS = (390, 1280)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=["nl", "en"])
def profile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    lang = request.param
    q = load_questionnaire("qsld", extra=MAATWERK)
    answers = read_files([SINGLE], q)
    result = score(answers, q)
    chosen = select_municipality(result, None, None)
    document = build_report(
        result, q, lang=lang, include_open_answers=True,
        open_answers=open_answers_from(answers, chosen),
    )  # fmt: skip
    path = tmp_path_factory.mktemp(f"html-{lang}") / f"profile-{lang}.html"
    path.write_text(document.html, encoding="utf-8")
    return path


@pytest.fixture(scope="module", params=WIDTHS, ids=lambda w: f"{w}px")
def opened(request: pytest.FixtureRequest, browser, profile: Path):
    """The profile open at one width; axe runs once per page (it is the slow part)."""
    page = open_file(browser, profile, width=request.param)
    page.width = request.param
    page.violations = page.axe_violations()
    yield page
    page.page.context.close()


def test_no_axe_violations(opened) -> None:
    assert opened.violations == [], describe_violations(opened.violations)


def test_page_fits_the_screen_and_charts_scale(opened, profile: Path) -> None:
    page, width = opened.page, opened.width
    # The page itself never scrolls sideways; wide tables scroll inside their region.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow}px wider than the {width}px screen"
    outside = page.evaluate(
        """() => {
          const W = document.documentElement.clientWidth, out = [];
          for (const el of document.querySelectorAll('body *')) {
            if (el.closest('.table-scroll') || el.closest('.chart-scroll')
                || el.closest('.skip-link')) continue;
            const r = el.getBoundingClientRect();
            if (r.width && r.right > W + 1) out.push(el.tagName + '.' + el.className);
          }
          return out.slice(0, 10);
        }"""
    )
    assert outside == []
    # Each chart's region fits the screen; the chart inside may be wider and scroll.
    charts = page.evaluate(
        "[...document.querySelectorAll('figure.chart img')].map(i => [i.closest('.chart-scroll')"
        ".getBoundingClientRect().right, i.naturalWidth > 0])"
    )
    assert len(charts) >= 15 and all(right <= width and loaded for right, loaded in charts)
    assert opened.blocked_requests == []
    assert opened.console_errors == []
    folder = Path(os.environ.get("QUICKSCAN_SCREENSHOTS") or profile.parent)
    folder.mkdir(parents=True, exist_ok=True)
    shot = opened.screenshot(folder / f"{profile.stem}-{width}.png")
    assert shot.stat().st_size > 10_000


#: Per chart: the smallest and largest text as rendered (CSS px), the chart's rendered width,
#: and its region. A chart's text is drawn in SVG units: rendered size = font-size in the
#: SVG x (rendered width / viewBox width).
CHART_TEXT = """() => [...document.querySelectorAll('figure.chart img.chart-img')].map(img => {
  const svg = atob(img.src.split(',')[1]);
  const viewBox = parseFloat(svg.match(/viewBox="[-\\d.]+ [-\\d.]+ ([\\d.]+)/)[1]);
  const sizes = [...svg.matchAll(/font-size="([\\d.]+)"/g)].map(m => parseFloat(m[1]));
  const scale = img.getBoundingClientRect().width / viewBox;
  const region = img.closest('.chart-scroll');
  return {id: img.id, smallest: Math.min(...sizes) * scale,
          width: img.getBoundingClientRect().width,
          scrolls: region.scrollWidth > region.clientWidth, tab: region.tabIndex,
          label: region.getAttribute('aria-label'), role: region.getAttribute('role')};
})"""


def test_chart_text_stays_readable(opened) -> None:
    """At 390 px a chart scaled to the column had 4.5-6 px text (the radar's 6-unit ring
    labels at 356/472 px per unit); now every chart keeps the width at which its smallest
    text is 9 px (radar: 472 x 9 / 6 = 708 px) and scrolls in its labelled region."""
    charts = opened.page.evaluate(CHART_TEXT)
    assert len(charts) >= 15
    too_small = [(c["id"], round(c["smallest"], 2)) for c in charts if c["smallest"] < 8.99]
    assert too_small == []
    assert all(c["tab"] == 0 and c["role"] == "region" and c["label"] for c in charts)
    assert len({c["label"] for c in charts}) == len(charts)  # each region says which chart
    if opened.width == 390:
        radar = next(c for c in charts if c["id"] == "chart-radar")
        assert 707 <= radar["width"] <= 712 and radar["scrolls"]
    else:
        # On a desktop the column (48rem = 816 px) holds every chart.
        assert not any(c["scrolls"] for c in charts)


def test_tables_scroll_in_labelled_regions(opened) -> None:
    regions = opened.page.evaluate(
        """[...document.querySelectorAll('.table-scroll')].map(r => ({
             label: r.getAttribute('aria-label'), tab: r.tabIndex,
             fits: r.getBoundingClientRect().right <= document.documentElement.clientWidth,
             scrolls: r.scrollWidth > r.clientWidth,
             table: r.firstElementChild.tagName}))"""
    )
    assert regions and all(r["table"] == "TABLE" and r["tab"] == 0 and r["fits"] for r in regions)
    assert all(r["label"] for r in regions)
    summary_fits = opened.page.evaluate(
        "document.querySelector('#summary table').getBoundingClientRect().right"
        " <= document.documentElement.clientWidth"
    )
    assert summary_fits
    if opened.width == 390:
        # The six-column verbeteragenda does not fit a phone: it scrolls in its region.
        assert any(r["scrolls"] for r in regions)


def test_skip_link_and_navigation(opened) -> None:
    page = opened.page
    page.evaluate("window.scrollTo(0, 0); document.activeElement.blur()")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.className, document.activeElement.hash]")
    assert focused[0] == "skip-link"
    assert page.evaluate(f"!!document.querySelector('{focused[1]}')")
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") >= 0
    links = page.evaluate(
        "[...document.querySelectorAll('nav.toc a')].map(a => a.getAttribute('href'))"
    )
    assert len(links) >= 10
    assert all(page.evaluate(f"!!document.querySelector('{href}')") for href in links)


def test_every_chart_has_its_own_description(profile: Path) -> None:
    page = profile.read_text(encoding="utf-8")
    alts = re.findall(r'<img class="chart-img"[^>]*\balt="([^"]*)"', page)
    assert len(alts) >= 15
    assert all(alts) and len(set(alts)) == len(alts)


def test_screen_style_is_in_the_html_only(profile: Path) -> None:
    page = profile.read_text(encoding="utf-8")
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert ".table-scroll" in page and "@media screen" in page
