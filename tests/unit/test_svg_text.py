"""SVG text drawn as one run (report/svg_text.py) puts every glyph where WeasyPrint's own
per-letter drawing puts it, falls back to WeasyPrint for what needs per-letter layout, and
is in place on the WeasyPrint this project installs."""

from __future__ import annotations

import base64
import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import weasyprint

from quickscan.report import charts, pdf, svg_text
from quickscan.report.pdf import render_pdf
from quickscan.report.render import packaged_assets, packaged_fonts_css

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")

#: Pairs a kerning font pulls together (AV, To, Te, "Y,") and ligature candidates (fi, ffl),
#: which one run shaped with kerning or ligatures on would move. (The bundled Open Sans
#: has neither kerning nor ligature features, so here they guard a template's own font.)
TEXTS = [
    ("start", "normal", "AVATAR To Te Y, Wolderveen"),
    ("middle", "normal", "office fluffy final 5,6"),
    ("end", "bold", "Totaal 7,4 ‘weet niet’"),
    ("start", "normal", "Raadsleden & <collegeleden>"),
]


@pytest.fixture(autouse=True)
def _forget_own_fonts() -> Iterator[None]:
    """These pages load the fonts under their own base URL: drop that process-wide entry
    again, so a later test still finds only the profiles' one (test_report_pdf)."""
    before = set(pdf._SHARED_FONTS)
    yield
    for key in set(pdf._SHARED_FONTS) - before:
        del pdf._SHARED_FONTS[key]


def _svg() -> str:
    drawing = charts.Svg(300, 20 + 18 * len(TEXTS))
    for row, (anchor, weight, text) in enumerate(TEXTS):
        drawing.text(150, 15 + 18 * row, text, size=9, anchor=anchor, weight=weight)
    # A tspan positions its own letters: this one must go to WeasyPrint's drawer.
    drawing.parts.append(
        f'<text x="10" y="{_y(len(TEXTS))}" font-size="9">Inwo<tspan dx="4">ners</tspan></text>'
    )
    return drawing.document()


def _y(row: int) -> str:
    return str(15 + 18 * row)


def _pdf(tmp_path: Path, name: str) -> Path:
    data = base64.b64encode(_svg().encode()).decode()
    page = (
        '<html lang="nl"><head><title>t</title></head><body>'
        f'<img alt="t" src="data:image/svg+xml;base64,{data}"></body></html>'
    )
    out = tmp_path / name
    out.write_bytes(
        render_pdf(
            page,
            base_url=tmp_path,
            roots=[packaged_assets()],
            fonts_css=packaged_fonts_css(),
            variant="plain",
        )
    )
    return out


def _words(pdf: Path) -> list[tuple[str, float, float, float, float]]:
    """Every word with its box, from poppler's own reading of the glyph positions."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (word, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            xhtml,
        )
    ]


def test_installed_on_the_weasyprint_this_project_installs() -> None:
    # On a WeasyPrint not yet checked, charts are drawn right but a batch is an eighth
    # slower: check the drawer against its svg/text.py and add the version to KNOWN_VERSIONS.
    assert svg_text.known_version(weasyprint.__version__), weasyprint.__version__
    assert svg_text.install()
    assert svg_text.installed()


def test_unknown_versions_are_left_alone() -> None:
    assert svg_text.known_version("70.0")
    assert svg_text.known_version("70.2")
    assert not svg_text.known_version("69.0")
    assert not svg_text.known_version("71.0")


@needs_poppler
def test_glyphs_land_where_weasyprint_puts_them(tmp_path: Path) -> None:
    fast = _pdf(tmp_path, "fast.pdf")
    with svg_text.stock_drawing():
        stock = _pdf(tmp_path, "stock.pdf")
    fast_words, stock_words = _words(fast), _words(stock)
    expected = " ".join(text for _, _, text in TEXTS).split() + ["Inwo", "ners"]
    assert [html.unescape(w[0]) for w in fast_words] == expected
    assert [w[0] for w in stock_words] == [w[0] for w in fast_words]
    # WeasyPrint rounds each letter's advance to Pango units as it goes: over a line the
    # two drawers differ by up to 0.016 pt (0.006 mm).
    for got, want in zip(fast_words, stock_words, strict=True):
        for a, b in zip(got[1:], want[1:], strict=True):
            assert a == pytest.approx(b, abs=0.025), (got, want)


@needs_poppler
def test_anchored_labels_end_where_charts_text_width_says(tmp_path: Path) -> None:
    # charts.Svg.text anchors "middle" and "end" itself, with the font's advance widths;
    # the drawn run must agree with that measure, or labels would drift off their bars.
    words = _words(_pdf(tmp_path, "fast.pdf"))
    # All rows are anchored at the same x: where the "start" row begins.
    anchor = next(w for w in words if w[0] == "AVATAR")[1]
    end_row = next(w for w in words if w[0] == "niet’")
    middle_first = next(w for w in words if w[0] == "office")
    middle_last = next(w for w in words if w[0] == "5,6")
    assert end_row[3] == pytest.approx(anchor, abs=0.05)
    assert (middle_first[1] + middle_last[3]) / 2 == pytest.approx(anchor, abs=0.05)


def test_text_with_per_letter_attributes_goes_to_weasyprint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[str] = []
    svg_text.install()
    monkeypatch.setattr(svg_text, "_stock", lambda svg, node, size: calls.append(node.tag))

    class Node:
        tag = "text"
        text = "abc"

        def __init__(self, **attrib: str) -> None:
            self.attrib = attrib

        def __iter__(self):  # type: ignore[no-untyped-def]
            return iter(())

    for attrib in (
        {"x": "1 2 3", "y": "4"},  # a position per letter
        {"x": "1", "y": "4", "dx": "2"},
        {"x": "1", "y": "4", "rotate": "30"},
        {"x": "1", "y": "4", "letter-spacing": "1"},
        {"x": "1", "y": "4", "textLength": "40"},
        {"x": "1", "y": "4", "direction": "rtl"},
        {"y": "4"},  # continues at the cursor
    ):
        svg_text.draw_text(object(), Node(**attrib), 9.0)
    assert calls == ["text"] * 7
