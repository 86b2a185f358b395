"""The last step of the HTML profile for screens (`--html`); the PDF never passes here.

Two things a screen needs that paper does not, done on the rendered page so that every
template (also a user's own) gets them:

- each table is wrapped in a labelled, keyboard-focusable region that scrolls sideways,
  so a wide table on a phone scrolls instead of being cut off or widening the page
  (WCAG 1.4.10 reflow; a scrollable region must be reachable by keyboard, 2.1.1);
- chart images that share their alternative text with another chart get the first sentence
  of their figure caption added, so that a screen reader tells each chart of an area apart
  (a fallback: the charts' own descriptions should already differ).
"""

from __future__ import annotations

import html
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


def screen_html(page: str, table_label: str = "Tabel") -> str:
    """The rendered profile, made ready for a screen (see the module docstring)."""
    return wrap_tables(distinct_chart_alts(page), table_label)
