"""The hand-built SVG charts: well-formed, escaped, deterministic, legible without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from quickscan.report.charts import (
    Svg,
    _hatch,
    diverging,
    group_bars,
    radar,
    svg_of,
    text_width,
)

NS = "{http://www.w3.org/2000/svg}"
BANDS = [(0.0, 5.5, "#c8553d"), (5.5, 7.0, "#e9b44c"), (7.0, 10.0, "#3b8e6e")]
NAME = "<script>alert('x')</script> & Zee $1"


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in ET.fromstring(svg).iter(f"{NS}text")]


def test_radar_escapes_and_breaks_lines_at_missing_values() -> None:
    chart = radar(
        {
            "axes": [NAME, "B", "C", "D", "E", "F", "G"],
            "series": [
                {"label": "Totaal", "values": [6, 5, 4, 7, 8, 5.5, 6], "combined": True},
                {"label": NAME, "values": [6, None, 4, 7, 8, 5.5, 6], "combined": False},
            ],
            "bands": BANDS,
            "lang": "nl",
            "title": NAME,
        }
    )
    svg = svg_of(chart)
    assert "<script" not in svg
    assert texts(svg).count(NAME) == 2  # axis label and legend
    assert 'alt="&lt;script&gt;' in str(chart)
    assert "stroke-dasharray" in svg  # groups differ by dash pattern, not colour alone


def test_group_bars_show_suppressed_groups_as_a_note() -> None:
    rows = [
        {"label": "Raad", "value": 6.25, "low": 5.5, "high": 7.0, "text": "6,3",
         "colour": "#e9b44c", "note": ""},
        {"label": "College", "value": None, "low": None, "high": None, "text": "",
         "colour": "#999999", "note": "niet getoond"},
        {"label": "Totaal", "value": 4.0, "low": None, "high": None, "text": "4,0",
         "colour": "#c8553d", "note": ""},
    ]  # fmt: skip
    svg = svg_of(group_bars({"rows": rows, "bands": BANDS}, "g"))
    assert {"Raad", "College", "niet getoond", "6,3", "4,0"} <= set(texts(svg))
    # Both bars are hatched; their hatching is drawn as one path, white over the bars.
    hatching = [p for p in ET.fromstring(svg).iter(f"{NS}path") if p.get("stroke") == "white"]
    assert len(hatching) == 1
    ys = {float(y) for y in re.findall(r"[ML][0-9.]+ ([0-9.]+)", hatching[0].get("d", ""))}
    assert min(ys) < 4 + 19 and max(ys) > 4 + 2 * 19  # lines in the first and the third row


def test_diverging_rows_add_up_and_label_large_shares() -> None:
    data = {
        "rows": [
            {"id": "Q1", "label": "Q1", "shares": [0.1, 0.2, 0.3, 0.25, 0.15], "n": 40},
            {"id": "Q2", "label": "Q2 *", "shares": [0.0] * 5, "n": 0},
        ],
        "options": ["--", "-", "0", "+", "++"],
        "bands": ["#c8553d", "#e9b44c", "#3b8e6e"],
    }
    svg = svg_of(diverging(data, "d", lang="en"))
    labels = texts(svg)
    assert {"10", "20", "30", "25", "15", "Q2 *", "100%"} <= set(labels)
    assert diverging(data, "d", lang="en") == diverging(data, "d", lang="en")


@pytest.mark.parametrize("angles", [(45,), (-45,), (45, -45), (0,)])
def test_hatch_lines_stay_inside_their_bar(angles: tuple[int, ...]) -> None:
    svg = Svg(100, 100)
    _hatch(svg.layer(), 10, 20, 37.5, 11, angles)
    d = re.search(r'd="([^"]+)"', "".join(map(str, svg.parts)))
    assert d is not None
    xs: list[float] = []
    ys: list[float] = []
    for command, args in re.findall(r"([MLH])([^MLH]+)", d.group(1)):
        values = [float(v) for v in args.split()]
        xs.append(values[0])
        if command != "H":
            ys.append(values[1])
    assert xs and min(xs) >= 10 - 0.01 and max(xs) <= 47.5 + 0.01
    assert min(ys) >= 20 - 0.01 and max(ys) <= 31 + 0.01


def test_texts_are_anchored_by_hand_from_the_font_metrics() -> None:
    # WeasyPrint draws every text-anchor="middle"/"end" text as a PDF form of its own;
    # the charts place such texts themselves.
    svg = Svg(100, 20)
    svg.text(50, 10, "Totaal", anchor="end", weight="bold")
    svg.text(50, 10, "6,8", anchor="middle")
    root = ET.fromstring(svg.document())
    assert "text-anchor" not in svg.document()
    end, middle = (float(t.get("x", "")) for t in root.iter(f"{NS}text"))
    assert end + text_width("Totaal", 7.5, bold=True) == pytest.approx(50, abs=0.01)
    assert middle + text_width("6,8", 7.5) / 2 == pytest.approx(50, abs=0.01)
