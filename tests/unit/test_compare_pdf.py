"""The comparison report: context and HTML content (parsed), and one real PDF (slow)."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path

import pytest
from test_compare_factories import municipality, qsld, score_result

from quickscan.compare import compare_results
from quickscan.compare.pdf import build_context, comparison_html, render_comparison_pdf
from quickscan.compare.peers import parse_peers
from quickscan.results import ALL_GROUPS, MunicipalityResult

DAY = dt.date(2026, 11, 27)


class Text(HTMLParser):
    """Visible text and <img> ids of a document."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.images: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("style", "title"):
            self._skip += 1
        if tag == "img":
            self.images.append(dict(attrs).get("id", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.parts.append(" ".join(data.split()))

    @property
    def text(self) -> str:
        return " ".join(self.parts)


def parse(html: str) -> Text:
    parser = Text()
    parser.feed(html)
    return parser


def _comparison(**kwargs):
    result = score_result(
        [
            municipality("GM0001", [6.5, 7.2, 5.0, 6.0, 6.0, 6.0, 6.0], name="Aadorp"),
            municipality("GM0002", [5.0, "S", 5.0, 6.0, 6.0, 6.0, 6.0], name="Beedorp <b>"),
            municipality("GM0003", [7.5, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0], name="Ceedorp"),
        ]
    )
    return compare_results(result, qsld(), **kwargs)


def test_context_formats_every_number_and_marks_missing_cells() -> None:
    context = build_context(_comparison(), qsld(), "nl", DAY)
    rows = context["table"]["rows"]
    assert [r["code"] for r in rows] == ["GM0003", "GM0001", "GM0002"]
    first = rows[1]
    assert first["cells"][0]["text"] == "6,5" and first["cells"][0]["rank"] == "2"
    suppressed = rows[2]["cells"][1]
    assert suppressed == {"text": "s", "mark": "", "rank": "", "bg": "", "cls": "suppressed"}
    assert rows[2]["overall"]["cls"] == "missing"  # incomplete: no overall score
    page = context["area_pages"][1]
    assert [e["label"] for e in page["full"]] == ["GM0003 Ceedorp", "GM0001 Aadorp"]
    assert page["missing"] == "1 zonder score."
    assert context["meta"]["date"] == "27 november 2026"
    english = build_context(_comparison(), qsld(), "en", DAY)
    assert english["table"]["rows"][1]["cells"][0]["text"] == "6.5"


def test_html_has_every_section_and_chart_and_escapes_names() -> None:
    html = comparison_html(_comparison(municipality="GM0001"), qsld(), lang="en", report_date=DAY)
    doc = parse(html)
    for heading in (
        "Comparison of local democracy",
        "All municipalities and focus areas",
        "Spread per focus area",
        "Scores, ranks and bands",
        "Per focus area",
        "Method",
    ):
        assert heading in doc.text
    assert "chart-heatmap" in doc.images and "chart-strips" in doc.images
    assert [i for i in doc.images if i.startswith("chart-strip-")] == [
        f"chart-strip-{n}" for n in range(1, 8)
    ]
    assert "Beedorp <b>" in doc.text  # shown as text, not markup
    assert "<b>" not in html.replace("&lt;b&gt;", "")
    assert "Aadorp: score 6.5, rank 2 of 3, percentile 50." in doc.text


def test_peer_and_wave_sections() -> None:
    peers = parse_peers("municipality_code,province\nGM0001,U\nGM0002,U\nGM0003,U\n")
    html = comparison_html(
        _comparison(municipality="GM0001", peers=peers, peer_group="province=U"),
        qsld(),
        lang="en",
        report_date=DAY,
    )
    doc = parse(html)
    assert "Against the peer group" in doc.text
    assert "Aadorp next to 2 peer municipalities (province = U): Beedorp <b>, Ceedorp" in doc.text
    assert "fewer than 5 peers" in doc.text

    waves = score_result(
        [municipality("GM0001", 6.0, wave="2022"), municipality("GM0001", 7.0, wave="2024")]
    )
    html = comparison_html(
        compare_results(waves, qsld(), by="wave"), qsld(), lang="en", report_date=DAY
    )
    doc = parse(html)
    assert "Change between waves" in doc.text
    assert "chart-trend-0" in doc.images
    assert "larger than chance" in doc.text and "no interval" in doc.text


def _labelled(m: MunicipalityResult, areas: dict[int, str], overall: str | None = None):
    """`m` with these quality labels on its combined scores (by area number) and overall."""
    new_areas = [
        a.model_copy(
            update={"combined": a.combined.model_copy(update={"quality": areas[a.number]})}
        )
        if a.number in areas
        else a
        for a in m.areas
    ]
    new_overall = [
        o.model_copy(update={"quality": overall}) if o.group == ALL_GROUPS else o for o in m.overall
    ]
    return m.model_copy(update={"areas": new_areas, "overall": new_overall})


def test_every_score_carries_its_quality_mark_or_word() -> None:
    """Aadorp's area 1 (6,5) and overall score are indicatief, Ceedorp's area 2 (8,0) has too
    few responses; every other score is betrouwbaar and carries no mark."""
    result = score_result(
        [
            _labelled(
                municipality("GM0001", [6.5, 7.2, 5.0, 6.0, 6.0, 6.0, 6.0], name="Aadorp"),
                {1: "indicatief"},
                overall="indicatief",
            ),
            municipality("GM0002", [5.0, "S", 5.0, 6.0, 6.0, 6.0, 6.0], name="Beedorp"),
            _labelled(
                municipality("GM0003", [7.5, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0], name="Ceedorp"),
                {2: "te weinig respons"},
            ),
        ]
    )
    peers = parse_peers("municipality_code,province\nGM0001,U\nGM0002,U\nGM0003,U\n")
    comparison = compare_results(
        result, qsld(), municipality="GM0001", peers=peers, peer_group="province=U"
    )
    context = build_context(comparison, qsld(), "nl", DAY)
    ceedorp, aadorp, beedorp = context["table"]["rows"]  # by overall: 7,9, 6,1, no score
    assert [aadorp["overall"]["mark"]] + [c["mark"] for c in aadorp["cells"]] == ["~", "~"] + [
        ""
    ] * 6
    assert [c["mark"] for c in ceedorp["cells"]] == ["", "?", "", "", "", "", ""]
    assert ceedorp["overall"]["mark"] == "" and not any(c["mark"] for c in beedorp["cells"])
    first_area = context["area_pages"][0]
    assert [(e["label"], e["score"], e["mark"]) for e in first_area["full"]] == [
        ("GM0003 Ceedorp", "7,5", ""),
        ("GM0001 Aadorp", "6,5", "~"),
        ("GM0002 Beedorp", "5,0", ""),
    ]
    # In a sentence the label is a word: 6,5 is second of three, above one of the two others.
    assert first_area["focal"] == "Aadorp: score 6,5 (indicatief), rang 2 van 3, percentiel 50."
    assert context["area_pages"][1]["focal"].startswith("Aadorp: score 7,2, rang")
    peer_rows = context["peers"]["rows"]  # overall, then the areas
    assert [(r["score"], r["mark"]) for r in peer_rows[:3]] == [
        ("6,1", "~"),
        ("6,5", "~"),
        ("7,2", ""),
    ]
    heatmap = {r["label"]: r["marks"] for r in context["chart_data"]["heatmap"]["rows"]}
    assert heatmap["Ceedorp"] == ["", "", "?", "", "", "", "", ""]

    html = comparison_html(comparison, qsld(), lang="nl", report_date=DAY)
    text = parse(html).text
    legend = "~ indicatief, ? te weinig respons; een score zonder teken is betrouwbaar."
    # On the cover, beside the heat map, the peers table, the full table and the area pages.
    assert text.count(legend) == 5
    assert "Aadorp 6,1 ~ 2" in text  # the table: overall score, its mark, its rank
    assert (
        "Betrouwbaar: een effectief aantal respondenten van minstens 30 en een 95%-interval "
        "van hoogstens 0,5 punt naar elke kant. Indicatief: minstens 10 en hoogstens 1,0 punt."
    ) in text
    english = build_context(comparison, qsld(), "en", DAY)
    assert english["area_pages"][0]["focal"].startswith("Aadorp: score 6.5 (indicative), rank 2")
    assert english["quality"]["legend"] == (
        "~ indicative, ? too few responses; a score without a mark is reliable."
    )


@pytest.mark.slow
def test_comparison_pdf_is_a_pdf_with_pages_and_no_attachments(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "comparison.pdf"
    render_comparison_pdf(_comparison(municipality="GM0001"), qsld(), out, report_date=DAY)
    reader = PdfReader(out)
    assert len(reader.pages) >= 8
    assert "/EmbeddedFiles" not in reader.trailer["/Root"].get("/Names", {})
    text = "".join(page.extract_text() for page in reader.pages[:4])
    assert "Vergelijking lokale democratie" in text
    assert not list(tmp_path.glob(".*.part"))


def test_strip_labels_on_one_level_never_overlap() -> None:
    """Labels of close scores take other levels; on a level each ends before the next starts."""
    from quickscan.compare.charts import LABEL_SIZE, _label_levels
    from quickscan.report.charts import text_width

    per_point = 10 / 475
    points = [
        {"value": v, "label": f"GM99{i:02d} Oosterbroek aan Zee ({2024 + i % 2})", "role": "other"}
        for i, v in enumerate([5.6, 5.62, 5.65, 5.7, 5.9, 6.1, 6.1, 6.5, 4.2, 4.5])
    ]
    points.sort(key=lambda p: p["value"])
    levels = _label_levels(points, per_point)
    spans: dict[int, list[tuple[float, float]]] = {}
    for p, level in zip(points, levels, strict=True):
        half = text_width(p["label"], LABEL_SIZE) * per_point / 2
        spans.setdefault(level, []).append((p["value"] - half, p["value"] + half))
    for level_spans in spans.values():
        for (_, end), (start, _) in zip(level_spans, level_spans[1:], strict=False):
            assert end < start
    # Two labels 0.02 apart cannot share a level.
    assert (
        levels[points.index(next(p for p in points if p["value"] == 5.6))]
        != levels[points.index(next(p for p in points if p["value"] == 5.62))]
    )
