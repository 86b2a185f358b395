"""The last step of the HTML profile for screens (`--html`); the PDF never passes here.

Two things a screen needs that paper does not, done on the rendered page so that every
template (also a user's own) gets them:

- each table is wrapped in a labelled, keyboard-focusable region that scrolls sideways,
  so a wide table on a phone scrolls instead of being cut off or widening the page
  (WCAG 1.4.10 reflow; a scrollable region must be reachable by keyboard, 2.1.1);
- chart images that share their alternative text with another chart get the first sentence
  of their figure caption added, so that a screen reader tells each chart of an area apart
  (a fallback: the charts' own descriptions should already differ);
- each chart keeps a minimum width at which its smallest text is `MIN_CHART_TEXT_PX` CSS
  pixels, and scrolls sideways in a labelled, focusable region when the screen is narrower.
  A chart's text is drawn in the SVG's own units, so a chart scaled down to a 390 px phone
  had 4.5 to 6 px text; a phone user now scrolls a readable chart instead of zooming.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
from collections import Counter

from markupsafe import escape

_TAGS = re.compile(r"<[^>]+>")
# Headings name the tables after them; tables are never nested in the templates.
_HEADING_OR_TABLE = re.compile(
    r"<h(?P<level>[1-6])\b[^>]*>(?P<heading>.*?)</h(?P=level)>|(?P<table><table\b.*?</table>)",
    re.DOTALL,
)
_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.DOTALL)
_FIGURE = re.compile(r"<figure\b[^>]*>.*?</figure>", re.DOTALL)
_IMG_ALT = re.compile(r'(<img\b[^>]*\balt=")([^"]*)(")')
_SENTENCE = re.compile(r"(?<=[.!?])\s")
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.DOTALL)
_CHART_IMG = re.compile(r'<img\b[^>]*\bclass="chart-img"[^>]*>')
_SVG_SRC = re.compile(r'\bsrc="data:image/svg\+xml;base64,([^"]+)"')
_VIEWBOX_WIDTH = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)')
_FONT_SIZE = re.compile(rb'font-size="([\d.]+)"')
#: The smallest chart text on a screen, in CSS px: about 9 px (WCAG sets no minimum; at 9 px
#: tick labels and the numbers in the bars stay readable on a phone without zooming).
MIN_CHART_TEXT_PX = 9.0
#: CSS px per rem in the screen style (screen.css.j2: html font-size 106.25% of 16 px). The
#: minimum width is given in rem, so it grows with a reader's larger default font.
ROOT_FONT_PX = 17.0


def _text(markup: str) -> str:
    """Plain text of a piece of HTML, whitespace collapsed."""
    return " ".join(html.unescape(_TAGS.sub(" ", markup)).split())


def wrap_tables(page: str, label: str = "Tabel") -> str:
    """Each <table> inside a `.table-scroll` region named after its caption or heading."""
    out: list[str] = []
    position = 0
    heading = ""
    for match in _HEADING_OR_TABLE.finditer(page):
        if match.group("heading") is not None:
            heading = _text(match.group("heading"))
            continue
        table = match.group("table")
        if table.count("<table") != 1:
            continue  # a nested table: leave it as it is
        caption = _CAPTION.search(table)
        name = _text(caption.group(1)) if caption else heading
        out.append(page[position : match.start()])
        out.append(
            f'<div class="table-scroll" role="region" tabindex="0" '
            f'aria-label="{escape(f"{label}: {name}" if name else label)}">{table}</div>'
        )
        position = match.end()
    out.append(page[position:])
    return "".join(out)


def distinct_chart_alts(page: str) -> str:
    """Charts that share an alternative text get their caption's first sentence added."""
    figures = list(_FIGURE.finditer(page))
    alts = [_IMG_ALT.search(f.group(0)) for f in figures]
    counts = Counter(html.unescape(a.group(2)) for a in alts if a is not None)
    out: list[str] = []
    position = 0
    for match, image in zip(figures, alts, strict=True):
        if image is None or counts[html.unescape(image.group(2))] < 2:
            continue
        block = match.group(0)
        caption = _FIGCAPTION.search(block)
        if caption is None:
            continue
        alt = html.unescape(image.group(2))
        first = _SENTENCE.split(_text(caption.group(1)), maxsplit=1)[0].rstrip(".")
        new = f"{alt}: {first}." if alt else f"{first}."
        out.append(page[position : match.start()])
        out.append(block[: image.start(2)] + str(escape(new)) + block[image.end(2) :])
        position = match.end()
    out.append(page[position:])
    return "".join(out)


def chart_min_width(img: str) -> float | None:
    """The width (rem) at which the smallest text of a chart <img> is MIN_CHART_TEXT_PX;
    None for an image that is not an SVG data URI with sized text."""
    source = _SVG_SRC.search(img)
    if source is None:
        return None
    try:
        svg = base64.b64decode(source.group(1), validate=True)
    except (binascii.Error, ValueError):
        return None
    width = _VIEWBOX_WIDTH.search(svg)
    sizes = [float(size) for size in _FONT_SIZE.findall(svg) if float(size) > 0]
    if width is None or not sizes:
        return None
    pixels = float(width.group(1)) * MIN_CHART_TEXT_PX / min(sizes)
    return math.ceil(pixels / ROOT_FONT_PX * 10) / 10


def scroll_charts(page: str, label: str = "Grafiek") -> str:
    """Each chart image gets its minimum width and a `.chart-scroll` region around it,
    named after the chart (its alternative text up to the first colon)."""

    def wrap(match: re.Match[str]) -> str:
        img = match.group(0)
        width = chart_min_width(img)
        if width is None:
            return img
        alt = _IMG_ALT.search(img)
        name = html.unescape(alt.group(2)).split(":", 1)[0].strip() if alt else ""
        sized = f'{img[:-1].rstrip("/ ")} style="min-width: {width:g}rem">'
        return (
            f'<div class="chart-scroll" role="region" tabindex="0" '
            f'aria-label="{escape(f"{label}: {name}" if name else label)}">{sized}</div>'
        )

    return _CHART_IMG.sub(wrap, page)


def screen_html(page: str, table_label: str = "Tabel", chart_label: str = "Grafiek") -> str:
    """The rendered profile, made ready for a screen (see the module docstring)."""
    return scroll_charts(wrap_tables(distinct_chart_alts(page), table_label), chart_label)
