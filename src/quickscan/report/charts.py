"""The report's charts as small, hand-built SVG documents.

We first drew them with matplotlib's SVG backend and measured (benchmarks/bench_report.py):
importing and drawing took about 2 s for the 16 charts, and WeasyPrint then spent as long
again walking matplotlib's clip paths, <use> ticks and hatch patterns. Three chart types with
fixed layouts do not need a plotting library: writing the SVG directly takes milliseconds,
gives far fewer nodes to render, and is deterministic by construction.

Safety: every text and attribute taken from inputs (names, labels) goes through
`markupsafe.escape`, so a `<script>` or `&` in a name stays text. Legibility: text is real
text in the bundled font (measured with its own metrics for layout); series and bands are told
apart by dash pattern, marker shape or hatching as well as by colour, so charts survive
greyscale printing. Each chart is returned as an <img> with a data: URL: its SVG stays a
separate document (no id clashes, no CSS cascade over chart nodes in WeasyPrint).

WeasyPrint pays for every SVG node (attributes parsed, styles cascaded, state saved and
restored), so shapes that share a style are drawn as one <path> (a `Layer`): all bar
segments of one colour, all hatch lines, all tick marks. A layer keeps its place in the
drawing order, and shapes in one layer never overlap, so the picture is the same.
"""

from __future__ import annotations

import base64
import math
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from markupsafe import Markup, escape

from quickscan.report.i18n import format_number
from quickscan.resources import templates_dir

FONT_FAMILY = "Open Sans"
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d5dbe1"
#: The peers' mean on the group bars: near-black, dashed, with diamonds at both ends, so it
#: differs from the band boundaries (grey, short dashes) also in greyscale.
PEER_COLOUR = "#111111"
PEER_DASH = "4 2"
COMBINED_COLOUR = "#1f3a5f"
#: Line colours for the groups (a colour-blind-safe set); dashes and markers do the rest.
GROUP_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
GROUP_DASHES = ("5 2.5", "1.2 2", "6 2 1.2 2", "9 3", "2.5 2.5", "12 2 2 2")
GROUP_MARKERS = ("square", "triangle", "diamond", "triangle-down", "circle", "square")
#: Hatching per band, lowest band first (angles in degrees, empty = plain): the band can be
#: read without colour.
BAND_HATCHES: tuple[tuple[int, ...], ...] = ((45, -45), (45,), (), (-45,), (0,))
#: Width of the page's text column in points (A4 minus margins); charts are drawn 1:1.
WIDTH = 472.0
BASE_SIZE = 7.5


# --- text metrics -------------------------------------------------------------------------
@cache
def _metrics(bold: bool) -> tuple[dict[int, int], float]:
    """Advance widths per code point of the bundled font, in em."""
    from fontTools.ttLib import TTFont

    name = "OpenSans-Bold.ttf" if bold else "OpenSans-Regular.ttf"
    with TTFont(str(templates_dir() / "assets" / "fonts" / name)) as font:
        cmap = font.getBestCmap()
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in cmap.items()}
        return widths, float(font["head"].unitsPerEm)


def text_width(text: str, size: float, bold: bool = False) -> float:
    widths, units = _metrics(bold)
    fallback = 0.6 * units
    return sum(widths.get(ord(ch), fallback) for ch in text) / units * size


# --- a tiny SVG writer --------------------------------------------------------------------
def _n(value: float) -> str:
    """Coordinates with at most two decimals, no trailing zeros: small, stable output."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


class Layer:
    """Shapes drawn as one <path> with shared attributes, at its place in the drawing order."""

    def __init__(self, attrs: dict[str, Any]) -> None:
        self.attrs = attrs
        self.pieces: list[str] = []

    def rect(self, x: float, y: float, w: float, h: float) -> None:
        # Like <rect>: nothing is drawn for an empty width or height (not even a stroke).
        width, height = _n(w), _n(h)
        if float(width) <= 0 or float(height) <= 0:
            return
        self.pieces.append(f"M{_n(x)} {_n(y)}h{width}v{height}h-{width}z")

    def line(self, x1: float, y1: float, x2: float, y2: float) -> None:
        self.pieces.append(f"M{_n(x1)} {_n(y1)}L{_n(x2)} {_n(y2)}")

    def polyline(self, points: Sequence[tuple[float, float]], closed: bool = False) -> None:
        first, *rest = points
        self.pieces.append(
            f"M{_n(first[0])} {_n(first[1])}"
            + "".join(f"L{_n(x)} {_n(y)}" for x, y in rest)
            + ("z" if closed else "")
        )

    def __str__(self) -> str:
        if not self.pieces:
            return ""
        return f'<path d="{"".join(self.pieces)}"{_attrs(self.attrs)}/>'


class Svg:
    def __init__(self, width: float, height: float) -> None:
        self.width = width
        self.height = height
        self.parts: list[str | Layer] = []

    def layer(self, **attrs: Any) -> Layer:
        """A new layer at this point of the drawing order (see `Layer`)."""
        layer = Layer(attrs)
        self.parts.append(layer)
        return layer

    def rect(self, x: float, y: float, w: float, h: float, fill: str, **attrs: Any) -> None:
        self.parts.append(
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(h)}" '
            f'fill="{fill}"{_attrs(attrs)}/>'
        )

    def line(self, x1: float, y1: float, x2: float, y2: float, stroke: str, width: float = 0.6,
             **attrs: Any) -> None:  # fmt: skip
        self.parts.append(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{stroke}" '
            f'stroke-width="{_n(width)}"{_attrs(attrs)}/>'
        )

    def polygon(self, points: Sequence[tuple[float, float]], **attrs: Any) -> None:
        pts = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
        self.parts.append(f'<polygon points="{pts}"{_attrs(attrs)}/>')

    def text(self, x: float, y: float, text: str, size: float = BASE_SIZE, anchor: str = "start",
             fill: str = INK, weight: str = "normal", style: str = "normal") -> None:  # fmt: skip
        # y is the vertical middle of the text: shift to the baseline by hand, since
        # renderers differ on dominant-baseline.
        baseline = y + 0.36 * size
        if anchor != "start":
            # Anchored here, with the font's own advance widths (what WeasyPrint lays out:
            # without kerning, see report.svg_text): WeasyPrint draws each text with a
            # text-anchor of "middle" or "end" as a PDF form of its own, which costs more.
            width = text_width(text, size, bold=weight == "bold")
            x -= width / 2 if anchor == "middle" else width
        extra = ""
        if weight != "normal":
            extra += f' font-weight="{weight}"'
        if style != "normal":
            extra += f' font-style="{style}"'
        self.parts.append(
            f'<text x="{_n(x)}" y="{_n(baseline)}" font-size="{_n(size)}" '
            f'fill="{fill}"{extra}>{escape(text)}</text>'
        )

    def document(self) -> str:
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1" '
            f'width="{_n(self.width)}pt" height="{_n(self.height)}pt" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'font-family="{FONT_FAMILY}, sans-serif">' + "".join(map(str, self.parts)) + "</svg>"
        )


def _attrs(attrs: dict[str, Any]) -> str:
    return "".join(f' {key.replace("_", "-")}="{value}"' for key, value in attrs.items())


def _image(svg: Svg, chart_id: str, label: str) -> Markup:
    data = base64.b64encode(svg.document().encode("utf-8")).decode("ascii")
    # Markup.format escapes the arguments: the label is built from input text.
    return Markup('<img class="chart-img" id="chart-{}" alt="{}" src="{}">').format(
        chart_id, label, "data:image/svg+xml;base64," + data
    )


def svg_of(chart: Markup) -> str:
    """The SVG document inside a chart's <img> (for tests and debugging)."""
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', str(chart))
    if not match:
        raise ValueError("not a chart image")
    return base64.b64decode(match.group(1)).decode("utf-8")


def _mix(colour: str, amount: float) -> str:
    """Mix a #rrggbb colour with white (amount 0..1 of white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _hatch(layer: Layer, x: float, y: float, w: float, h: float, angles: Sequence[int],
           spacing: float = 3.2) -> None:  # fmt: skip
    """Hatch lines inside a rectangle, clipped by arithmetic (no SVG clip paths), added to
    `layer` (white lines, 0.7 wide, in the charts)."""
    for angle in angles:
        if angle == 0:
            offset = y + spacing / 2
            while offset < y + h:
                layer.pieces.append(f"M{_n(x)} {_n(offset)}H{_n(x + w)}")
                offset += spacing
            continue
        slope = 1.0 if angle > 0 else -1.0  # 45-degree lines: dy = slope * dx (up is -y)
        step = spacing * math.sqrt(2)
        # Lines x - slope*(y_bottom - yy) = c, swept over every c that crosses the rectangle.
        c = x - h - step
        while c < x + w + h:
            points = _clip_diagonal(c, slope, x, y, w, h)
            if len(points) == 2:
                layer.line(*points[0], *points[1])
            c += step


def _hatch_layer(svg: Svg) -> Layer:
    return svg.layer(stroke="white", stroke_width="0.7", fill="none")


def _clip_diagonal(c: float, slope: float, x: float, y: float, w: float, h: float
                   ) -> list[tuple[float, float]]:  # fmt: skip
    """Where the 45-degree line through (c, bottom) meets the rectangle's edges."""
    bottom = y + h
    # Parametrise by t = distance upwards from the bottom edge: point = (c + slope*t, bottom-t).
    t_low = max(0.0, (x - c) / slope if slope > 0 else (c - (x + w)))
    t_high = min(h, (x + w - c) / slope if slope > 0 else (c - x))
    if t_high <= t_low:
        return []
    return [(c + slope * t_low, bottom - t_low), (c + slope * t_high, bottom - t_high)]


def _marker(layer: Layer, kind: str, x: float, y: float, size: float) -> None:
    """A marker as a closed subpath of `layer` (which holds the fill colour)."""
    r = size / 2
    if kind == "circle":
        # Two arcs: the <circle> shape as a path, so markers of a series share one node.
        layer.pieces.append(
            f"M{_n(x - r)} {_n(y)}a{_n(r)} {_n(r)} 0 1 0 {_n(2 * r)} 0"
            f"a{_n(r)} {_n(r)} 0 1 0 {_n(-2 * r)} 0z"
        )
    elif kind == "square":
        layer.rect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7)
    elif kind == "diamond":
        layer.polyline([(x, y - r * 1.15), (x + r, y), (x, y + r * 1.15), (x - r, y)], True)
    elif kind == "triangle":
        layer.polyline([(x, y - r * 1.1), (x + r, y + r * 0.8), (x - r, y + r * 0.8)], True)
    else:  # triangle-down
        layer.polyline([(x, y + r * 1.1), (x + r, y - r * 0.8), (x - r, y - r * 0.8)], True)


def _legend(svg: Svg, entries: list[tuple[str, Any]], y: float, size: float = BASE_SIZE) -> None:
    """A centred, one-line legend; each entry draws its own key in a 20 x 8 box."""
    gap, key = 12.0, 22.0
    widths = [key + 4 + text_width(label, size) for label, _ in entries]
    x = (svg.width - sum(widths) - gap * (len(entries) - 1)) / 2
    for (label, draw_key), width in zip(entries, widths, strict=True):
        draw_key(x, y)
        svg.text(x + key + 4, y, label, size)
        x += width + gap


# --- the charts ---------------------------------------------------------------------------
def radar(data: dict[str, Any], chart_id: str = "radar") -> Markup:
    """Spider chart of the areas: the combined score thick, each group as its own line."""
    labels: list[str] = data["axes"]
    lang = data.get("lang", "nl")
    n = len(labels)
    height = 262.0
    svg = Svg(WIDTH, height)
    cx, cy, radius = WIDTH / 2, 122.0, 98.0
    angles = [math.pi / 2 - 2 * math.pi * i / n for i in range(n)]

    def point(value: float, i: int) -> tuple[float, float]:
        r = radius * value / 10
        return cx + r * math.cos(angles[i]), cy - r * math.sin(angles[i])

    def ring(value: float) -> list[tuple[float, float]]:
        return [point(value, i) for i in range(n)]

    for low, high, colour in sorted(data["bands"], reverse=True):
        svg.polygon(ring(min(high, 10)), fill=_mix(colour, 0.78))
        if low > 0:
            svg.polygon(ring(low), fill="none", stroke=_mix(colour, 0.2),
                        stroke_width="0.7", stroke_dasharray="3 2")  # fmt: skip
    rings = svg.layer(fill="none", stroke="white", stroke_width="0.6")
    for value in (2, 4, 6, 8):
        rings.polyline(ring(value), closed=True)
    svg.polygon(ring(10), fill="none", stroke=MUTED, stroke_width="0.6")
    spokes = svg.layer(stroke="white", stroke_width="0.6")
    for i in range(n):
        spokes.line(cx, cy, *point(10, i))
    for value in (2, 4, 6, 8, 10):
        svg.text(cx + 2, cy - radius * value / 10 - 3, format_number(value, lang, 0),
                 BASE_SIZE - 1.5, fill=MUTED)  # fmt: skip
    for i, label in enumerate(labels):
        x, y = point(11.1, i)
        c = math.cos(angles[i])
        anchor = "middle" if abs(c) < 0.2 else ("start" if c > 0 else "end")
        svg.text(x, y, label, BASE_SIZE + 0.5, anchor=anchor)

    legend: list[tuple[str, Any]] = []
    group_index = 0
    for series in data["series"]:
        values = series["values"]
        points = [point(v, i) for i, v in enumerate(values) if v is not None]
        complete = all(v is not None for v in values)
        if series["combined"]:
            colour, dash, marker, width, size = COMBINED_COLOUR, None, "circle", 2.3, 4.6
            if complete:
                svg.polygon(points, fill=COMBINED_COLOUR, fill_opacity="0.08")
        else:
            k = group_index % len(GROUP_COLOURS)
            colour, dash, marker, width, size = (
                GROUP_COLOURS[k], GROUP_DASHES[k], GROUP_MARKERS[k], 1.2, 4.2)  # fmt: skip
            group_index += 1
        style = {"stroke": colour, "stroke_width": _n(width), "stroke_linejoin": "round"}
        if dash:
            style["stroke_dasharray"] = dash
        # A missing value breaks the line: draw the runs of consecutive known values.
        lines = svg.layer(fill="none", **style)
        run: list[tuple[float, float]] = []
        closed = values + values[:1]
        for i, value in enumerate(closed):
            if value is None:
                if len(run) > 1:
                    lines.polyline(run)
                run = []
            else:
                run.append(point(value, i % n))
        if len(run) > 1:
            lines.polyline(run)
        markers = svg.layer(fill=colour)
        for x, y in points:
            _marker(markers, marker, x, y, size)

        def key(x: float, y: float, c: str = colour, d: str | None = dash, m: str = marker,
                w: float = width, s: float = size) -> None:  # fmt: skip
            extra = {"stroke_dasharray": d} if d else {}
            svg.line(x, y, x + 22, y, c, w, **extra)
            _marker(svg.layer(fill=c), m, x + 11, y, s)

        legend.append((series["label"], key))
    _legend(svg, legend, height - 10)
    return _image(svg, chart_id, data.get("title", ""))


def _band_index(value: float, bands: list[tuple[float, float, str]]) -> int:
    for i, (low, high, _colour) in enumerate(bands):
        if low <= value < high or (i == len(bands) - 1 and value >= low):
            return i
    return 0


def group_bars(data: dict[str, Any], chart_id: str, label: str = "") -> Markup:
    """Horizontal bars per group (and the combined score) with 95% intervals.

    With `peer_mean` set (a benchmark), a dashed vertical line with diamonds marks the
    peers' mean of the combined score, explained in a legend under the axis.
    """
    rows: list[dict[str, Any]] = data["rows"]
    bands: list[tuple[float, float, str]] = data["bands"]
    peer_mean: float | None = data.get("peer_mean")
    row_h, bar_h, top, axis = 15.0, 10.0, 4.0, 20.0
    legend_h = 14.0 if peer_mean is not None else 0.0
    if peer_mean is not None:
        top += 4.0  # room for the marker's upper diamond
    height = top + row_h * len(rows) + axis + legend_h
    svg = Svg(WIDTH, height)
    size = BASE_SIZE + 0.5
    label_w = max(text_width(r["label"], size, bold=True) for r in rows) + 10
    x0, x1 = label_w + 6, WIDTH - 44
    scale = (x1 - x0) / 10
    bottom = top + row_h * len(rows)

    def x(value: float) -> float:
        return x0 + value * scale

    ticks = svg.layer(stroke=MUTED, stroke_width="0.6")
    for tick in range(11):
        ticks.line(x(tick), bottom, x(tick), bottom + (3 if tick % 2 == 0 else 1.5))
        if tick % 2 == 0:  # every other label: enough to read, and fewer texts to render
            svg.text(x(tick), bottom + 9, str(tick), BASE_SIZE - 0.5, anchor="middle")
    ticks.line(x0, bottom, x1, bottom)
    band_lines = svg.layer(stroke=MUTED, stroke_width="0.6", stroke_dasharray="3 2")
    for low, _high, _colour in bands[1:]:
        band_lines.line(x(low), top, x(low), bottom)
    last = len(rows) - 1
    # Drawing order: bars (one layer per fill and outline), their hatching, the intervals,
    # (the peers' mean,) then each number on a white patch. Rows never overlap.
    bars: dict[tuple[str, bool], Layer] = {}
    for i, row in enumerate(rows):
        if row["value"] is not None and (row["colour"], i == last) not in bars:
            bars[row["colour"], i == last] = svg.layer(
                fill=row["colour"], stroke="#2b2b2b", stroke_width="0.8" if i == last else "0.4"
            )
    hatching = _hatch_layer(svg)
    intervals = svg.layer(stroke=INK, stroke_width="0.9")
    labels: list[tuple[float, float, str, float, str]] = []
    for i, row in enumerate(rows):
        mid = top + row_h * i + row_h / 2
        is_total = i == last
        svg.text(label_w, mid, row["label"], size, anchor="end",
                 weight="bold" if is_total else "normal")  # fmt: skip
        value = row["value"]
        if value is None:
            svg.text(x0 + 4, mid, row["note"], BASE_SIZE, fill=MUTED, style="italic")
            continue
        band = _band_index(value, bands)
        y = mid - bar_h / 2
        bars[row["colour"], is_total].rect(x0, y, value * scale, bar_h)
        _hatch(hatching, x0, y, value * scale, bar_h, BAND_HATCHES[band % len(BAND_HATCHES)])
        end = value
        if row["low"] is not None and row["high"] is not None:
            lo, hi = x(row["low"]), x(row["high"])
            intervals.line(lo, mid, hi, mid)
            intervals.line(lo, mid - 3, lo, mid + 3)
            intervals.line(hi, mid - 3, hi, mid + 3)
            end = max(value, row["high"])
        weight = "bold" if is_total else "normal"
        labels.append((x(end), mid, row["text"], text_width(row["text"], size, is_total), weight))
    if peer_mean is not None:
        # Before the numbers, so their white patches keep the digits clear of its line.
        px = x(min(max(peer_mean, 0.0), 10.0))
        _peer_line(svg, px, top - 2, bottom + 1, peer_mean)
    # White behind the number, so a band line under it does not cross the digits.
    patches = svg.layer(fill="white")
    for lx, mid, text, tw, weight in labels:
        patches.rect(lx + 2.5, mid - size * 0.6, tw + 3, size * 1.2)
        svg.text(lx + 4, mid, text, size, weight=weight)
    if peer_mean is not None:

        def key(kx: float, ky: float) -> None:
            svg.line(kx + 11, ky - 5, kx + 11, ky + 5, PEER_COLOUR, 1.3,
                     stroke_dasharray="2.5 1.5")  # fmt: skip
            _marker(svg.layer(fill=PEER_COLOUR), "diamond", kx + 11, ky - 5, 4.0)

        _legend(svg, [(data.get("peer_label", ""), key)], height - 8)
    return _image(svg, chart_id, label)


def _peer_line(svg: Svg, x: float, y1: float, y2: float, mean: float) -> None:
    """The peers' mean: a white halo keeps the dashed line visible over hatched bars."""
    svg.line(x, y1, x, y2, "white", 3.0, data_role="peer-mean-halo")
    svg.line(x, y1, x, y2, PEER_COLOUR, 1.3, stroke_dasharray=PEER_DASH,
             data_role="peer-mean", data_mean=_n(mean))  # fmt: skip
    diamonds = svg.layer(fill=PEER_COLOUR)
    _marker(diamonds, "diamond", x, y1, 5.0)
    _marker(diamonds, "diamond", x, y2, 5.0)


def _option_styles(k: int, low: str, high: str) -> list[tuple[str, tuple[int, ...], str]]:
    """(fill, hatch angles, text colour) per answer option, from 'very low' to 'very high'."""
    styles: list[tuple[str, tuple[int, ...], str]] = []
    half = k // 2
    for i in range(k):
        if k % 2 == 1 and i == half:
            styles.append(("#d9dde2", (), INK))
        elif i < half:
            strong = i == 0
            styles.append((low if strong else _mix(low, 0.5), (45,) if strong else (),
                           "white" if strong else INK))  # fmt: skip
        else:
            strong = i == k - 1
            styles.append((high if strong else _mix(high, 0.5), (-45,) if strong else (),
                           "white" if strong else INK))  # fmt: skip
    return styles


def diverging(data: dict[str, Any], chart_id: str, label: str = "", lang: str = "nl") -> Markup:
    """Diverging stacked bars: one row per item, disagreement left, agreement right."""
    rows: list[dict[str, Any]] = data["rows"]
    options: list[str] = data["options"]
    k = len(options)
    half = k // 2
    styles = _option_styles(k, data["bands"][0], data["bands"][-1])
    row_h, bar_h, top, axis = 12.5, 9.0, 20.0, 16.0
    height = top + row_h * len(rows) + axis
    svg = Svg(WIDTH, height)
    size = BASE_SIZE + 0.5
    label_w = max([text_width(r["label"], size) for r in rows] + [20.0]) + 8
    x0, x1 = label_w + 6, WIDTH - 8
    centre = (x0 + x1) / 2
    scale = (x1 - x0) / 2
    bottom = top + row_h * len(rows)

    def legend_key(fill: str, hatch: tuple[int, ...]) -> Any:
        def draw(x: float, y: float) -> None:
            svg.rect(x + 6, y - 4, 12, 8, fill)
            _hatch(_hatch_layer(svg), x + 6, y - 4, 12, 8, hatch, spacing=2.6)

        return draw

    _legend(svg, [(o, legend_key(f, h)) for o, (f, h, _t) in zip(options, styles, strict=True)],
            8.0)  # fmt: skip
    grid = svg.layer(stroke=GRID, stroke_width="0.5")
    for share in (-1.0, -0.5, 0.0, 0.5, 1.0):
        x = centre + share * scale
        if share:
            grid.line(x, top - 2, x, bottom)
        svg.text(x, bottom + 8, format_number(abs(share) * 100, lang, 0) + "%",
                 BASE_SIZE - 0.5, anchor="middle")  # fmt: skip
    # Drawing order: the segments (one layer per answer option), their hatching, the plain
    # patches behind numbers, the numbers, the centre ticks. Segments never overlap.
    segments = [svg.layer(fill=fill, stroke="white", stroke_width="0.5") for fill, _h, _t in styles]
    hatching = _hatch_layer(svg)
    patches: dict[str, Layer] = {}
    for j, (fill, hatch, _t) in enumerate(styles):
        # Neutral and hatched segments get a patch of plain colour behind the number.
        if ((k % 2 == 1 and j == half) or hatch) and fill not in patches:
            patches[fill] = svg.layer(fill=fill)
    numbers: list[tuple[float, float, str, str]] = []
    ticks: list[float] = []
    for i, row in enumerate(rows):
        mid = top + row_h * i + row_h / 2
        svg.text(label_w, mid, row["label"], size, anchor="end")
        if not row["n"]:
            continue
        shares: list[float] = row["shares"]
        neutral = shares[half] if k % 2 == 1 else 0.0
        left = centre - (sum(shares[:half]) + neutral / 2) * scale
        for j, share in enumerate(shares):
            fill, hatch, text_colour = styles[j]
            w = share * scale
            segments[j].rect(left, mid - bar_h / 2, w, bar_h)
            _hatch(hatching, left, mid - bar_h / 2, w, bar_h, hatch)
            if share >= 0.075:
                text = format_number(share * 100, lang, 0)
                if fill in patches and ((k % 2 == 1 and j == half) or hatch):
                    tw = text_width(text, BASE_SIZE - 0.8) + 2
                    patches[fill].rect(left + w / 2 - tw / 2, mid - 4, tw, 8)
                numbers.append((left + w / 2, mid, text, text_colour))
            left += w
        ticks.append(mid)
    for cx, mid, text, colour in numbers:
        svg.text(cx, mid, text, BASE_SIZE - 0.8, anchor="middle", fill=colour)
    centre_ticks = svg.layer(stroke=INK, stroke_width="0.8")
    for mid in ticks:
        centre_ticks.line(centre, mid - bar_h / 2 - 1.5, centre, mid - 4.2)
        centre_ticks.line(centre, mid + 4.2, centre, mid + bar_h / 2 + 1.5)
    svg.line(x0, bottom, x1, bottom, MUTED, 0.6)
    return _image(svg, chart_id, label)


def draw_all(chart_data: dict[str, Any], alts: dict[str, str]) -> dict[str, Markup]:
    """Every chart of the report, keyed by the id the templates use.

    `alts`: the alternative text of each chart by the same id, stating what it shows with
    its numbers (built by `report.context`); a screen reader reads it instead of the image.
    """
    lang = chart_data["lang"]
    charts: dict[str, Markup] = {
        "radar": radar({**chart_data["radar"], "lang": lang, "title": alts.get("radar", "")})
    }
    for anchor, area in chart_data["areas"].items():
        charts[f"{anchor}-groups"] = group_bars(
            area["groups"], f"{anchor}-groups", alts.get(f"{anchor}-groups", "")
        )
        charts[f"{anchor}-items"] = diverging(
            area["items"], f"{anchor}-items", alts.get(f"{anchor}-items", ""), lang
        )
    if chart_data.get("maatwerk"):
        charts["maatwerk-items"] = diverging(
            chart_data["maatwerk"], "maatwerk-items", alts.get("maatwerk-items", ""), lang
        )
    if chart_data.get("representativeness"):
        from quickscan.report.representativeness import representativeness_chart

        charts["representativeness"] = representativeness_chart(chart_data["representativeness"])
    return charts


def no_charts(chart_data: dict[str, Any]) -> dict[str, Markup]:
    """The same keys as `draw_all`, all empty: a report without charts."""
    keys = ["radar"]
    for anchor in chart_data["areas"]:
        keys += [f"{anchor}-groups", f"{anchor}-items"]
    if chart_data.get("maatwerk"):
        keys.append("maatwerk-items")
    if chart_data.get("representativeness"):
        keys.append("representativeness")
    return {key: Markup("") for key in keys}
