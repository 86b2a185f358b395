"""The report's charts as inline SVG, drawn with matplotlib's SVG backend.

Matplotlib is imported only when a chart is drawn. Text stays text (`svg.fonttype: none`)
in the bundled font, so charts are sharp in print and searchable; ids are salted with a
fixed string and the date left out, so the same data gives the same bytes. Text from inputs
(labels, names) is XML-escaped by matplotlib and `text.parse_math` is off, so a `$` or a
`<script>` in a name is drawn as those characters. Every chart tells its series apart by
line style, marker or hatching as well as by colour, so it survives greyscale printing.
"""

from __future__ import annotations

import base64
import io
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from markupsafe import Markup

from quickscan.report.i18n import format_number
from quickscan.resources import templates_dir

FONT_FAMILY = "Open Sans"
FONT_FILES = ("OpenSans-Regular.ttf", "OpenSans-Semibold.ttf", "OpenSans-Bold.ttf")
INK = "#1f2933"
MUTED = "#6b7785"
GRID = "#d5dbe1"
COMBINED_COLOUR = "#1f3a5f"
#: Line colours for the groups (a colour-blind-safe set); styles and markers do the rest.
GROUP_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
GROUP_STYLES = ("--", ":", "-.", (0, (6, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 3)), (0, (8, 3)))
GROUP_MARKERS = ("s", "^", "D", "v", "P", "X")
#: Hatching per band, lowest band first: the band can be read without colour.
BAND_HATCHES = ("xxx", "///", "", "\\\\\\", "---")
#: Page content width in inches (A4 minus margins); charts are drawn at print size.
CONTENT_WIDTH = 6.6
BASE_SIZE = 7.5

_RC: dict[str, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "quickscan",
    "font.family": FONT_FAMILY,
    "font.size": BASE_SIZE,
    "text.parse_math": False,
    "text.color": INK,
    "axes.edgecolor": MUTED,
    "axes.labelcolor": INK,
    "axes.linewidth": 0.6,
    "xtick.color": MUTED,
    "ytick.color": INK,
    "xtick.labelcolor": INK,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.0,
    "hatch.linewidth": 0.9,
    "hatch.color": "white",
    "legend.frameon": False,
    "path.simplify": True,
}


@cache
def _matplotlib() -> Any:
    """Import matplotlib (SVG backend only) and register the bundled fonts, once."""
    import matplotlib

    matplotlib.use("svg", force=False)
    from matplotlib import font_manager

    fonts = templates_dir() / "assets" / "fonts"
    for name in FONT_FILES:
        path = fonts / name
        if path.is_file():
            font_manager.fontManager.addfont(str(path))
    return matplotlib


@contextmanager
def _figure(width: float, height: float) -> Iterator[Any]:
    mpl = _matplotlib()
    from matplotlib.figure import Figure

    with mpl.rc_context(_RC):
        yield Figure(figsize=(width, height))


def _to_inline(figure: Any, chart_id: str, label: str) -> Markup:
    """Save a figure as SVG and wrap it in an <img> with a data: URL.

    An image keeps the chart's own SVG document apart from the HTML (no id clashes, no
    CSS cascade over thousands of SVG nodes, which makes WeasyPrint markedly faster) and
    the HTML stays self-contained. `chart_id` names the chart for tests and styling.
    """
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
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


def _nan(value: float | None) -> float:
    return math.nan if value is None else value


def radar(data: dict[str, Any], chart_id: str = "radar") -> Markup:
    """Spider chart of the areas: the combined score thick, each group as its own line.

    Drawn on plain axes with polygons (not matplotlib's polar axes, whose clip paths some
    SVG renderers get wrong): rings at 2, 4, ... 10 and band zones in the band colours.
    """
    import numpy as np

    axes_labels: list[str] = data["axes"]
    lang = data.get("lang", "nl")
    n = len(axes_labels)
    angles = np.pi / 2 - np.linspace(0, 2 * np.pi, n, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)

    def polygon(radius: float) -> tuple[Any, Any]:
        return np.append(radius * cos, radius * cos[0]), np.append(radius * sin, radius * sin[0])

    with _figure(CONTENT_WIDTH, 4.1) as fig:
        ax = fig.add_axes((0.0, 0.13, 1.0, 0.85))
        ax.set_aspect("equal")
        ax.set_xlim(-16.5, 16.5)
        ax.set_ylim(-11.6, 11.6)
        ax.axis("off")
        # Band zones, faint, from the outside in so each inner zone paints over.
        for low, high, colour in sorted(data["bands"], reverse=True):
            xs, ys = polygon(min(high, 10))
            ax.fill(xs, ys, color=_mix(colour, 0.78), lw=0, zorder=0)
            if low > 0:
                xs, ys = polygon(low)
                ax.plot(xs, ys, color=_mix(colour, 0.3), lw=0.7, ls=(0, (3, 2)), zorder=1)
        for ring in (2, 4, 6, 8, 10):
            xs, ys = polygon(ring)
            ax.plot(xs, ys, color="white" if ring < 10 else MUTED, lw=0.6, zorder=1)
            ax.text(
                0.25,
                ring + 0.1,
                format_number(ring, lang, 0),
                fontsize=BASE_SIZE - 1.5,
                color=MUTED,
                ha="left",
                va="bottom",
                zorder=6,
            )
        for c, s_ in zip(cos, sin, strict=True):
            ax.plot([0, 10 * c], [0, 10 * s_], color="white", lw=0.6, zorder=1)
        for label, c, s_ in zip(axes_labels, cos, sin, strict=True):
            ha = "center" if abs(c) < 0.2 else ("left" if c > 0 else "right")
            va = "center" if abs(s_) < 0.5 else ("bottom" if s_ > 0 else "top")
            ax.text(10.8 * c, 10.8 * s_, label, ha=ha, va=va, fontsize=BASE_SIZE + 0.5, color=INK)
        handles = []
        group_index = 0
        for series in data["series"]:
            values = np.array([_nan(v) for v in series["values"]], dtype=float)
            xs = np.append(values * cos, values[0] * cos[0])
            ys = np.append(values * sin, values[0] * sin[0])
            if series["combined"]:
                if not np.isnan(values).any():
                    ax.fill(xs, ys, color=COMBINED_COLOUR, alpha=0.08, lw=0, zorder=2)
                (line,) = ax.plot(
                    xs,
                    ys,
                    color=COMBINED_COLOUR,
                    lw=2.4,
                    marker="o",
                    ms=4.5,
                    zorder=5,
                    label=series["label"],
                )
            else:
                i = group_index % len(GROUP_COLOURS)
                (line,) = ax.plot(
                    xs,
                    ys,
                    color=GROUP_COLOURS[i],
                    lw=1.3,
                    ls=GROUP_STYLES[i],
                    marker=GROUP_MARKERS[i],
                    ms=4,
                    zorder=4,
                    label=series["label"],
                )
                group_index += 1
            handles.append(line)
        fig.legend(
            handles=handles,
            loc="lower center",
            ncol=min(len(handles), 5),
            fontsize=BASE_SIZE,
            handlelength=3.2,
            bbox_to_anchor=(0.5, 0.0),
        )
        return _to_inline(fig, chart_id, data.get("title", ""))


def group_bars(data: dict[str, Any], chart_id: str, label: str = "") -> Markup:
    """Horizontal bars per group (and the combined score) with 95% intervals."""
    rows: list[dict[str, Any]] = data["rows"]
    bands: list[tuple[float, float, str]] = data["bands"]
    height = 0.34 * len(rows) + 0.55
    with _figure(CONTENT_WIDTH, height) as fig:
        ax = fig.add_axes((0.2, 0.5 / height, 0.72, 1 - 0.62 / height))
        ax.set_xlim(0, 10)
        ax.set_ylim(len(rows) - 0.45, -0.55)
        for low, _high, _colour in bands[1:]:
            ax.axvline(low, color=MUTED, lw=0.6, ls=(0, (3, 2)), zorder=1)
        ax.set_xticks(range(0, 11))
        ax.tick_params(axis="x", labelsize=BASE_SIZE - 0.5, length=2)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([r["label"] for r in rows], fontsize=BASE_SIZE + 0.5)
        last = len(rows) - 1
        ax.get_yticklabels()[last].set_fontweight("bold")
        for y, row in enumerate(rows):
            value = row["value"]
            if value is None:
                ax.text(
                    0.15,
                    y,
                    row["note"],
                    va="center",
                    ha="left",
                    color=MUTED,
                    fontsize=BASE_SIZE,
                    style="italic",
                )
                continue
            hatch = _band_hatch(value, bands)
            ax.barh(
                y,
                value,
                height=0.62,
                color=row["colour"],
                edgecolor="#2b2b2b",
                linewidth=0.8 if y == last else 0.4,
                hatch=hatch,
                zorder=2,
            )
            end = value
            if row["low"] is not None and row["high"] is not None:
                ax.errorbar(
                    value,
                    y,
                    xerr=[[value - row["low"]], [row["high"] - value]],
                    fmt="none",
                    ecolor=INK,
                    elinewidth=0.9,
                    capsize=2.5,
                    zorder=3,
                )
                end = row["high"]
            ax.text(
                min(end + 0.15, 9.6),
                y,
                row["text"],
                va="center",
                ha="left",
                fontsize=BASE_SIZE + 0.5,
                fontweight="bold" if y == last else "normal",
                color=INK,
                zorder=4,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
            )
        return _to_inline(fig, chart_id, label)


def _band_hatch(value: float, bands: list[tuple[float, float, str]]) -> str:
    for i, (low, high, _colour) in enumerate(bands):
        if low <= value < high or (i == len(bands) - 1 and value >= low):
            return BAND_HATCHES[i % len(BAND_HATCHES)]
    return ""


def _mix(colour: str, amount: float) -> str:
    """Mix a #rrggbb colour with white (amount 0..1 of white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _option_styles(k: int, low: str, high: str) -> list[tuple[str, str, str]]:
    """(fill, hatch, text colour) per answer option, from 'very low' to 'very high'."""
    styles: list[tuple[str, str, str]] = []
    half = k // 2
    for i in range(k):
        if k % 2 == 1 and i == half:
            styles.append(("#d9dde2", "", INK))
        elif i < half:
            strong = i == 0
            styles.append(
                (
                    low if strong else _mix(low, 0.5),
                    "////" if strong else "",
                    "white" if strong else INK,
                )
            )
        else:
            strong = i == k - 1
            styles.append(
                (
                    high if strong else _mix(high, 0.5),
                    "\\\\\\\\" if strong else "",
                    "white" if strong else INK,
                )
            )
    return styles


def diverging(data: dict[str, Any], chart_id: str, label: str = "", lang: str = "nl") -> Markup:
    """Diverging stacked bars: one row per item, disagreement left, agreement right."""
    rows: list[dict[str, Any]] = data["rows"]
    options: list[str] = data["options"]
    k = len(options)
    styles = _option_styles(k, data["bands"][0], data["bands"][-1])
    height = 0.27 * len(rows) + 0.85
    with _figure(CONTENT_WIDTH, height) as fig:
        ax = fig.add_axes((0.1, 0.32 / height, 0.86, 1 - 0.78 / height))
        ax.set_xlim(-1, 1)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.axvline(0, color=INK, lw=0.8, zorder=3)
        ticks = [-1, -0.5, 0, 0.5, 1]
        ax.set_xticks(ticks)
        ax.set_xticklabels([format_number(abs(v) * 100, lang, 0) + "%" for v in ticks])
        ax.tick_params(axis="x", labelsize=BASE_SIZE - 0.5, length=2)
        ax.grid(axis="x", color=GRID, lw=0.5, zorder=0)
        ax.set_axisbelow(True)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([r["label"] for r in rows], fontsize=BASE_SIZE + 0.5)
        half = k // 2
        handles: list[Any] = []
        for y, row in enumerate(rows):
            shares: list[float] = row["shares"]
            if not row["n"]:
                continue
            neutral = shares[half] if k % 2 == 1 else 0.0
            left = -sum(shares[:half]) - neutral / 2
            for i, share in enumerate(shares):
                fill, hatch, text_colour = styles[i]
                bar = ax.barh(
                    y,
                    share,
                    left=left,
                    height=0.66,
                    color=fill,
                    hatch=hatch,
                    edgecolor="white",
                    linewidth=0.5,
                    zorder=2,
                )
                if y == 0:
                    handles.append(bar)
                if share >= 0.075:
                    # A box in the segment's colour keeps the centre line off the number.
                    ax.text(
                        left + share / 2,
                        y,
                        format_number(share * 100, lang, 0),
                        ha="center",
                        va="center",
                        fontsize=BASE_SIZE - 0.8,
                        color=text_colour,
                        zorder=4,
                        bbox={"facecolor": fill, "edgecolor": "none", "pad": 0.4}
                        if k % 2 == 1 and i == half
                        else None,
                    )
                left += share
        if handles:
            fig.legend(
                handles,
                options,
                loc="upper center",
                ncol=k,
                fontsize=BASE_SIZE,
                bbox_to_anchor=(0.53, 1.0),
                handlelength=1.6,
                columnspacing=1.2,
            )
        return _to_inline(fig, chart_id, label)


def draw_all(chart_data: dict[str, Any], titles: dict[str, str]) -> dict[str, Markup]:
    """Every chart of the report, keyed by the id the templates use."""
    lang = chart_data["lang"]
    charts: dict[str, Markup] = {
        "radar": radar({**chart_data["radar"], "lang": lang, "title": titles.get("radar", "")})
    }
    for anchor, area in chart_data["areas"].items():
        charts[f"{anchor}-groups"] = group_bars(
            area["groups"], f"{anchor}-groups", titles.get(anchor, "")
        )
        charts[f"{anchor}-items"] = diverging(
            area["items"], f"{anchor}-items", titles.get(anchor, ""), lang
        )
    if chart_data.get("maatwerk"):
        charts["maatwerk-items"] = diverging(
            chart_data["maatwerk"], "maatwerk-items", titles.get("maatwerk", ""), lang
        )
    return charts


def no_charts(chart_data: dict[str, Any]) -> dict[str, Markup]:
    """The same keys as `draw_all`, all empty: a report without charts."""
    keys = ["radar"]
    for anchor in chart_data["areas"]:
        keys += [f"{anchor}-groups", f"{anchor}-items"]
    if chart_data.get("maatwerk"):
        keys.append("maatwerk-items")
    return {key: Markup("") for key in keys}
