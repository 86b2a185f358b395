"""Charts of the comparison report: matplotlib's SVG backend, inlined as images.

A heatmap of municipalities x areas, strip plots of every area's scores (every municipality
a dot, the focal one and its peers marked) and a trend chart across waves. Charts take plain
data (dicts and lists of numbers), never result objects. They follow the profile's look
(the bundled Open Sans, the same ink colours); text stays text (`svg.fonttype: none`), ids
are salted and the date left out, so the same data gives the same bytes, and
`text.parse_math` is off, so a `$` in a municipality's name is drawn as it is.
"""

from __future__ import annotations

import base64
import io
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
#: Width of the page's text column in inches (A4 minus the report's 15 mm margins).
CONTENT_WIDTH = 7.1
BASE_SIZE = 7.5
#: A colour-blind-safe set (Okabe-Ito) plus one, with dashes and markers for greyscale.
AREA_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#6b4c9a")
AREA_STYLES = ("--", ":", "-.", (0, (6, 1.5, 1, 1.5, 1, 1.5)), (0, (1, 3)), (0, (8, 3)), "-")
AREA_MARKERS = ("s", "^", "D", "v", "P", "X", "o")

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
    "legend.frameon": False,
    "path.simplify": True,
    "hatch.linewidth": 0.45,
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
    """The figure as an <img> with an SVG data: URL (no id clashes with the HTML)."""
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", buffer.getvalue(), flags=re.S)
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    # Markup.format escapes the arguments: the label may come from input text.
    return Markup('<img class="chart-img" id="chart-{}" alt="{}" src="{}">').format(
        chart_id, label, "data:image/svg+xml;base64," + data
    )


def _mix(colour: str, amount: float) -> str:
    """Mix a #rrggbb colour with white (amount 0..1 of white)."""
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


FOCAL_COLOUR = "#1f3a5f"
PEER_COLOUR = "#d55e00"
OTHER_COLOUR = "#8a96a3"
MISSING_COLOUR = "#eef1f4"


#: Hatching per band, lowest band first, as in the profile's charts
#: (`report.charts.BAND_HATCHES`: cross, rising, plain, falling, level): a band reads
#: without colour, and two scores in one band look alike, as they are alike.
BAND_HATCH_PATTERNS = ("xx", "//", "", "\\\\", "--")


def band_styles(
    bands: list[tuple[float, float, str]],
) -> list[tuple[float, float, str, str, str]]:
    """(low, high, tint, hatch, line colour) per band, lowest first: cells and legend."""
    ordered = sorted(bands)
    if len(ordered) <= 3:  # the profile's three bands: cross, rising, plain
        patterns = [BAND_HATCH_PATTERNS[i] for i in (0, 1, 2)][: len(ordered)]
    else:
        patterns = [BAND_HATCH_PATTERNS[i % len(BAND_HATCH_PATTERNS)] for i in range(len(ordered))]
    return [
        (low, high, _mix(colour, 0.55), hatch, _mix(colour, 0.05))
        for (low, high, colour), hatch in zip(ordered, patterns, strict=True)
    ]


def _band_of(value: float, styles: list[tuple[float, float, str, str, str]]) -> int:
    for i, (low, high, *_style) in enumerate(styles):
        if low <= value < high:
            return i
    return len(styles) - 1 if value >= styles[-1][0] else 0


def band_legend(ax: Any, styles: list[tuple[float, float, str, str, str]], labels: list[str],
                lang: str) -> None:  # fmt: skip
    """A key under the heat map: each band's pattern, its word and its range."""
    from matplotlib.patches import Rectangle

    ax.set_xlim(0, len(styles))
    ax.set_ylim(0, 1)
    ax.axis("off")
    for i, (low, high, tint, hatch, line) in enumerate(styles):
        ax.add_patch(
            Rectangle(
                (i + 0.02, 0.1), 0.16, 0.8, facecolor=tint, edgecolor=line, hatch=hatch, linewidth=0
            )  # fmt: skip
        )
        label = labels[i] if i < len(labels) else ""
        span = f"{format_number(max(low, 0), lang)}\u2013{format_number(min(high, 10), lang)}"
        ax.text(i + 0.22, 0.5, f"{label} ({span})", va="center", fontsize=BASE_SIZE - 0.5)


def heatmap(data: dict[str, Any], chart_id: str = "heatmap") -> Markup:
    """Municipalities (rows, in table order) x areas (columns), each cell in its band.

    A cell takes its band's tint and hatching (as in the profile), not a point on a
    colour gradient: 5,4 and 5,6 in one band look alike, a band boundary is visible, and
    the bands read in greyscale. Missing cells are grey with fine diagonal lines.

    data: rows [{label, values: [float|None], marks: [str], focal: bool}], columns [str],
    bands [(low, high, colour)], band_labels [str], lang. With many rows the labels are left
    out (the table after the chart has them); values are printed in the cells when they fit,
    each with its quality mark ('~', '?'; the legend is in the text beside the chart).
    """
    from matplotlib.patches import Rectangle

    rows: list[dict[str, Any]] = data["rows"]
    columns: list[str] = data["columns"]
    lang = data.get("lang", "nl")
    styles = band_styles(data["bands"])
    n = len(rows)
    labelled = n <= 70
    row_height = (0.22 if n <= 20 else 0.13) if labelled else 7.0 / max(n, 1)
    height = min(max(n * row_height + 1.3, 2.2), 8.3)
    with _figure(CONTENT_WIDTH, height) as fig:
        left = 0.3 if labelled else 0.16
        top_margin = 0.3 / height
        bottom = 0.75 / height
        ax = fig.add_axes((left, bottom, 0.93 - left, 1 - top_margin - bottom))
        band_legend(
            fig.add_axes((left, 0.12 / height, 0.93 - left, 0.22 / height)),
            styles,
            list(data.get("band_labels", [])),
            lang,
        )
        ax.set_xlim(-0.5, len(columns) - 0.5)
        ax.set_ylim(n - 0.5, -0.5)
        for r, row in enumerate(rows):
            marks = row.get("marks") or [""] * len(row["values"])
            for c, value in enumerate(row["values"]):
                if value is None:
                    ax.add_patch(_hatched(c - 0.5, r - 0.5, 1, 1))
                    continue
                _low, _high, tint, hatch, line = styles[_band_of(float(value), styles)]
                ax.add_patch(
                    Rectangle(
                        (c - 0.5, r - 0.5),
                        1,
                        1,
                        facecolor=tint,
                        edgecolor=line,
                        hatch=hatch,
                        linewidth=0,
                    )  # fmt: skip
                )
                if labelled and n <= 45:
                    text = " ".join(filter(None, (format_number(float(value), lang), marks[c])))
                    ax.text(c, r, text, ha="center", va="center",
                            fontsize=BASE_SIZE - 1.5, color=INK,
                            bbox={"facecolor": tint, "edgecolor": "none", "pad": 0.8})  # fmt: skip
        ax.set_xticks(range(len(columns)))
        ax.set_xticklabels(columns, fontsize=BASE_SIZE - 0.5, rotation=0)
        ax.xaxis.tick_top()
        ax.tick_params(axis="x", length=0, pad=2)
        if labelled:
            ax.set_yticks(range(n))
            ax.set_yticklabels([r["label"] for r in rows], fontsize=BASE_SIZE - 1.5)
            for tick, row in zip(ax.get_yticklabels(), rows, strict=True):
                if row.get("focal"):
                    tick.set_fontweight("bold")
        else:
            ax.set_yticks([])
            ax.set_ylabel(
                data.get("rows_label", ""), fontsize=BASE_SIZE - 0.5, color=MUTED, labelpad=2
            )
        for i, row in enumerate(rows):
            if row.get("focal"):
                ax.add_patch(_outline(-0.5, i - 0.5, len(columns), 1))
                if not labelled:
                    ax.annotate(
                        f"{row['label']} \u2013",
                        (-0.5, i),
                        xytext=(-4, 0),
                        textcoords="offset points",
                        ha="right",
                        va="center",
                        fontsize=BASE_SIZE - 1,
                        fontweight="bold",
                        color=INK,
                        annotation_clip=False,
                    )
        for x in range(len(columns) - 1):
            ax.axvline(x + 0.5, color="white", linewidth=1.2)
        ax.tick_params(which="minor", length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        return _to_inline(fig, chart_id, data.get("title", ""))


def _hatched(x: float, y: float, w: float, h: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle(
        (x, y), w, h, facecolor=MISSING_COLOUR, edgecolor=GRID, hatch="////", linewidth=0
    )


def _outline(x: float, y: float, w: float, h: float) -> Any:
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), w, h, fill=False, edgecolor=INK, linewidth=1.2)


def strips(data: dict[str, Any], chart_id: str = "strips") -> Markup:
    """Every area's scores across municipalities: one row of dots per area.

    data: rows [{label, points: [{value, role: 'focal'|'peer'|'other', label}], missing}],
    bands [(low, high, colour)], legend {focal, peer, other} (labels), lang. Dots are spread
    vertically by a fixed pattern (no randomness: the same data gives the same chart).
    """
    rows: list[dict[str, Any]] = data["rows"]
    bands: list[tuple[float, float, str]] = data["bands"]
    lang = data.get("lang", "nl")
    single = len(rows) == 1
    height = 2.1 if single else 0.46 * len(rows) + 0.75
    with _figure(CONTENT_WIDTH, height) as fig:
        left = 0.04 if single else 0.2
        bottom = (0.75 if single else 0.3) / height
        top = (0.05 if single else 0.32) / height
        ax = fig.add_axes((left, bottom, 0.97 - left, 1 - bottom - top))
        ax.set_xlim(0, 10)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        for low, high, colour in bands:
            ax.axvspan(max(low, 0), min(high, 10), color=_mix(colour, 0.82), lw=0, zorder=0)
        ax.set_xticks(range(0, 11))
        ax.set_xticklabels([format_number(x, lang, 0) for x in range(0, 11)])
        ax.tick_params(axis="x", labelsize=BASE_SIZE - 0.5, length=2)
        ax.spines[["top", "right", "left"]].set_visible(False)
        ax.set_yticks(range(len(rows)))
        ax.set_yticklabels([] if single else [r["label"] for r in rows], fontsize=BASE_SIZE)
        ax.tick_params(axis="y", length=0)
        roles_seen: set[str] = set()
        for y, row in enumerate(rows):
            points = sorted(row["points"], key=lambda p: p["value"])
            # A single labelled row keeps its dots on one line, so the labels can stack.
            labelling = single and any(p.get("show_label") for p in points)
            offsets = [0.0] * len(points) if labelling else _spread(points)
            for role, colour, size, marker, z in (
                ("other", OTHER_COLOUR, 9, "o", 2),
                ("peer", PEER_COLOUR, 16, "D", 3),
                ("focal", FOCAL_COLOUR, 46, "o", 4),
            ):
                xs = [p["value"] for p in points if p["role"] == role]
                ys = [y + o for p, o in zip(points, offsets, strict=True) if p["role"] == role]
                if xs:
                    roles_seen.add(role)
                    ax.scatter(
                        xs,
                        ys,
                        s=size,
                        c=colour,
                        marker=marker,
                        edgecolors="white" if role != "other" else "none",
                        linewidths=0.6,
                        alpha=0.75 if role == "other" else 1.0,
                        zorder=z,
                    )
            labelled = [
                (p, o)
                for p, o in zip(points, offsets, strict=True)
                if p["role"] == "focal" or (single and p.get("show_label"))
            ]
            # Score units per point of text: the axis spans 10 units over its width.
            per_point = 10 / (CONTENT_WIDTH * 72 * (0.97 - left))
            levels = _label_levels([p for p, _ in labelled], per_point)
            for (p, o), level in zip(labelled, levels, strict=True):
                above = level % 2 == 1
                lift = 6 + LABEL_STEP * (level // 2)
                ax.annotate(
                    p["label"],
                    (p["value"], y + o),
                    xytext=(0, lift if above else -lift),
                    textcoords="offset points",
                    ha="center",
                    va="bottom" if above else "top",
                    fontsize=LABEL_SIZE,
                    color=INK,
                    fontweight="bold" if p["role"] == "focal" else "normal",
                    # Every label on white, above the mean line: nothing runs through it.
                    bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.4, "alpha": 0.9},
                    arrowprops={"arrowstyle": "-", "color": MUTED, "lw": 0.4}
                    if level >= 2
                    else None,
                    zorder=6,
                )
            if row.get("mean") is not None:
                ax.plot(
                    [row["mean"]] * 2, [y - 0.38, y + 0.38], color=INK, lw=1.0, ls="-", zorder=5
                )
            if row.get("missing"):
                ax.text(
                    9.95,
                    y + 0.42,
                    row["missing"],
                    ha="right",
                    va="bottom",
                    fontsize=BASE_SIZE - 2,
                    color=MUTED,
                    style="italic",
                )
        legend = data.get("legend", {})
        handles = []
        from matplotlib.lines import Line2D

        for role, colour, marker, marker_size in (
            ("focal", FOCAL_COLOUR, "o", 7.0),
            ("peer", PEER_COLOUR, "D", 4.5),
            ("other", OTHER_COLOUR, "o", 3.5),
        ):
            if role in roles_seen and legend.get(role):
                handles.append(
                    Line2D(
                        [],
                        [],
                        color=colour,
                        marker=marker,
                        linestyle="none",
                        markersize=marker_size,
                        label=legend[role],
                    )
                )
        if legend.get("mean"):
            handles.append(Line2D([], [], color=INK, lw=1.0, label=legend["mean"]))
        if handles:
            fig.legend(
                handles=handles,
                loc="lower center" if single else "upper center",
                ncol=len(handles),
                fontsize=BASE_SIZE - 0.5,
                bbox_to_anchor=(0.5, 0.0) if single else (0.5, 1.0),
            )
        return _to_inline(fig, chart_id, data.get("title", ""))


#: Points between two label rows on the same side (6 pt text, its white patch, a gap).
LABEL_STEP = 9.5
LABEL_SIZE = BASE_SIZE - 1.5


def _label_levels(points: list[dict[str, Any]], per_point: float = 10 / 475) -> list[int]:
    """A level per label (0 below, 1 above, 2 further below, ...) so labels do not overlap.

    Widths are measured with the bundled font's metrics (`report.charts.text_width`) and
    turned into score units with `per_point`. Greedy over the points in score order: each
    label takes the first level whose last label ends (plus a small gap) before it starts.
    """
    from quickscan.report.charts import text_width

    ends: dict[int, float] = {}
    levels: list[int] = []
    gap = 4 * per_point
    for p in points:
        bold = p.get("role") == "focal"
        half = (text_width(p["label"], LABEL_SIZE, bold=bold) + 2) * per_point / 2
        start = p["value"] - half
        level = 0
        while ends.get(level, -1e9) > start - gap:
            level += 1
        ends[level] = p["value"] + half
        levels.append(level)
    return levels


def _spread(points: list[dict[str, Any]]) -> list[float]:
    """Vertical offsets for dots: near-equal values fan out up and down, deterministically."""
    offsets: list[float] = []
    pattern = (0.0, -0.12, 0.12, -0.24, 0.24, -0.06, 0.06, -0.18, 0.18, -0.3, 0.3)
    last: float | None = None
    count = 0
    for p in points:
        value = p["value"]
        if last is not None and value - last < 0.08:
            count += 1
        else:
            count = 0
        last = value
        offsets.append(pattern[count % len(pattern)])
    return offsets


def trend(data: dict[str, Any], chart_id: str = "trend") -> Markup:
    """Scores across waves: one line per area (and the overall score thick).

    data: waves [str], series [{label, values: [float|None], overall: bool}], bands, lang.
    """
    import numpy as np

    waves: list[str] = data["waves"]
    series: list[dict[str, Any]] = data["series"]
    lang = data.get("lang", "nl")
    height = 3.3
    with _figure(CONTENT_WIDTH, height) as fig:
        ax = fig.add_axes((0.08, 0.12, 0.56, 0.82))
        ax.set_ylim(0, 10)
        ax.set_xlim(-0.3, len(waves) - 0.7)
        for low, high, colour in data["bands"]:
            ax.axhspan(max(low, 0), min(high, 10), color=_mix(colour, 0.85), lw=0, zorder=0)
        ax.set_xticks(range(len(waves)))
        ax.set_xticklabels(waves)
        ax.set_yticks(range(0, 11, 2))
        ax.set_yticklabels([format_number(y, lang, 0) for y in range(0, 11, 2)])
        ax.spines[["top", "right"]].set_visible(False)
        ax.tick_params(labelsize=BASE_SIZE)
        index = 0
        for s in series:
            values = np.array([np.nan if v is None else v for v in s["values"]], dtype=float)
            if s.get("overall"):
                ax.plot(
                    range(len(waves)),
                    values,
                    color=FOCAL_COLOUR,
                    lw=2.6,
                    marker="o",
                    ms=5,
                    label=s["label"],
                    zorder=5,
                )
                continue
            i = index % len(AREA_COLOURS)
            ax.plot(
                range(len(waves)),
                values,
                color=AREA_COLOURS[i],
                lw=1.1,
                ls=AREA_STYLES[i],
                marker=AREA_MARKERS[i],
                ms=3.5,
                label=s["label"],
                zorder=4,
            )
            index += 1
        ax.legend(
            loc="center left",
            bbox_to_anchor=(1.02, 0.5),
            fontsize=BASE_SIZE - 0.5,
            handlelength=3.0,
        )
        return _to_inline(fig, chart_id, data.get("title", ""))
