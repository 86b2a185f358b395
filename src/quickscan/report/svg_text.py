"""SVG text drawn as one run per text element, not one letter at a time.

WeasyPrint 70 lays out and draws each letter of an SVG ``<text>`` on its own, to honour
per-letter ``x``/``y``/``dx``/``dy``/``rotate`` lists: a Pango layout per letter, plus one
for the whole string. The charts of one profile hold some 2,800 letters, and that was about
half of all the time WeasyPrint spent drawing charts (an eighth of a whole profile).

`install()` puts a drawer in front of WeasyPrint's: a ``<text>`` with exactly one ``x`` and
one ``y`` and none of the per-letter attributes is laid out once and drawn as one run;
everything else goes to WeasyPrint's own code. The one run is shaped with kerning and
ligatures off, as the per-letter path is (each letter alone has no neighbour to kern with),
so every glyph lands where WeasyPrint would have put it, and `charts.text_width`, which
anchors labels with the font's plain advance widths, stays exact.
`tests/unit/test_svg_text.py` compares both drawers on the same SVG, glyph for glyph.

Only the WeasyPrint versions in `KNOWN_VERSIONS` get the drawer: it calls the same internal
helpers as WeasyPrint's own `svg.text.text`, and those change between releases (68 and 69
set the graphical state differently). On any other version nothing is replaced, so the
output stays right and only the speed is lost.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from math import inf
from typing import Any

#: WeasyPrint major versions whose internal text helpers the drawer was checked against.
KNOWN_VERSIONS = ("70",)

#: Attributes that need WeasyPrint's per-letter layout, or that its drawer reads itself.
_PER_LETTER = frozenset(
    (
        "dx",
        "dy",
        "rotate",
        "letter-spacing",
        "textLength",
        "lengthAdjust",
        "direction",
        "display-anchor",
        "dominant-baseline",
        "alignment-baseline",
    )
)

_stock: Any = None
#: WeasyPrint's helpers the drawer calls, looked up once by `install` rather than per label.
_wp: Any = None


def known_version(version: str) -> bool:
    return version.split(".", 1)[0] in KNOWN_VERSIONS


def install() -> bool:
    """Put the one-run drawer in front of WeasyPrint's SVG text drawing (once per process).

    Returns whether it is in place: False on a WeasyPrint version it was not checked with.
    """
    global _stock, _wp
    import weasyprint

    if _stock is not None:
        return True
    if not known_version(weasyprint.__version__):
        return False
    from types import SimpleNamespace

    import weasyprint.svg
    from weasyprint.css.properties import INITIAL_VALUES
    from weasyprint.draw.text import draw_emojis, draw_first_line
    from weasyprint.matrix import Matrix
    from weasyprint.svg.bounding_box import extend_bounding_box
    from weasyprint.svg.utils import normalize, size
    from weasyprint.text.line_break import split_first_line

    # `weasyprint.svg` binds the name `text` to the function, hiding the module of that name.
    text_module = sys.modules["weasyprint.svg.text"]
    _wp = SimpleNamespace(
        svg=weasyprint.svg,
        text=text_module,
        initial_values=INITIAL_VALUES,
        draw_emojis=draw_emojis,
        draw_first_line=draw_first_line,
        Matrix=Matrix,
        extend_bounding_box=extend_bounding_box,
        normalize=normalize,
        size=size,
        split_first_line=split_first_line,
    )
    _stock = text_module.text
    _use(draw_text, instead_of=_stock)
    return True


def _use(drawer: Any, *, instead_of: Any) -> None:
    """Draw SVG text with `drawer` wherever WeasyPrint would call `instead_of`.

    WeasyPrint tells text elements (which get a bounding box and text-anchor handling) from
    other nodes by comparing a node's drawer with its module's `text` function: both the
    table of drawers and that name change, so the comparison still holds.
    """
    for tag, current in list(_wp.svg.TAGS.items()):
        if current is instead_of:
            _wp.svg.TAGS[tag] = drawer
    _wp.svg.text = drawer


def installed() -> bool:
    return _stock is not None


@contextmanager
def stock_drawing() -> Iterator[None]:
    """WeasyPrint's own per-letter drawing for a while (tests compare the two with it)."""
    if _stock is None:
        yield
        return
    _use(_stock, instead_of=draw_text)
    try:
        yield
    finally:
        _use(draw_text, instead_of=_stock)


def _single(value: str) -> str | None:
    parts = _wp.normalize(value).split()
    return parts[0] if len(parts) == 1 else None


def draw_text(svg: Any, node: Any, font_size: float) -> None:
    """Draw an SVG text node: as one run where it can be, else as WeasyPrint does."""
    attrib = node.attrib
    simple = (
        node.tag == "text"
        and node.text
        and "x" in attrib
        and "y" in attrib
        and _PER_LETTER.isdisjoint(attrib)
        # A <tspan> or <a> inside positions its own letters.
        and next(iter(node), None) is None
    )
    x_value = _single(attrib["x"]) if simple else None
    y_value = _single(attrib["y"]) if simple else None
    if x_value is None or y_value is None:
        _stock(svg, node, font_size)
        return

    style = _style(svg, node, font_size)
    layout, _, _, width, height, baseline = _wp.split_first_line(
        node.text, style, svg.context, inf, 0
    )
    x = _wp.size(x_value, font_size, svg.inner_width)
    y = _wp.size(y_value, font_size, svg.inner_height)

    # What WeasyPrint's loop leaves behind after the last letter: the cursor after the run,
    # no pending shift, and the union of the letters' boxes (for text-anchor).
    svg.cursor_d_position = [0, 0]
    svg.cursor_position = (x + width, y)
    node.text_bounding_box = _wp.extend_bounding_box(
        node.text_bounding_box, ((x, y - baseline), (x + width, y - baseline + height))
    )

    svg.stream.push_state()
    fill, stroke = svg.set_graphical_state(node, font_size)
    svg.stream.begin_text()
    layout.reactivate(style)
    svg.fill_stroke(fill, stroke, text=True)
    box = _wp.text.TextBox(layout, style)
    box.baseline = baseline
    matrix = _wp.Matrix(a=1, d=-1, e=x, f=y)
    emojis = _wp.draw_first_line(svg.stream, box, "none", "none", matrix)
    svg.stream.end_text()
    svg.stream.pop_state()
    _wp.draw_emojis(svg.stream, style, x, y, emojis)


def _style(svg: Any, node: Any, font_size: float) -> Any:
    """The style WeasyPrint's drawer builds for a text node, without kerning and ligatures."""
    style = _wp.text.Style()
    style.update(_wp.initial_values)
    style.font_config = svg.font_config
    style["font_family"] = [
        font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")
    ]
    style["font_style"] = node.get("font-style", "normal")
    weight = node.get("font-weight", 400)
    if weight == "normal":
        style["font_weight"] = 400
    elif weight == "bold":
        style["font_weight"] = 700
    else:
        try:
            style["font_weight"] = int(weight)
        except ValueError:
            style["font_weight"] = 400
    style["font_size"] = font_size
    # One letter alone is never kerned nor joined into a ligature: neither is the run.
    style["font_kerning"] = "none"
    style["font_variant_ligatures"] = "none"
    return style
