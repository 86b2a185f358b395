"""`build_report(..., benchmark=...)`: the peers in the municipality's own report (HTML)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from report_factory import make_municipality, make_result, parse_html

from quickscan.compare import Benchmark, benchmark_position, build_benchmark, save_benchmark
from quickscan.compare import batch as batch_module
from quickscan.compare.batch import BatchOptions, render_profile
from quickscan.questionnaire import Questionnaire, load_questionnaire
from quickscan.report import build_report
from quickscan.results import Message, ScoreResult, display

DAY = dt.date(2026, 3, 31)


def nl(value: float | None, decimals: int = 1) -> str:
    return display(value, decimals).replace(".", ",")


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire("qsld")


@pytest.fixture(scope="module")
def result(q: Questionnaire) -> ScoreResult:
    return make_result(q)


@pytest.fixture(scope="module")
def bench(q: Questionnaire) -> Benchmark:
    peers = [
        make_municipality(q, code=f"GM990{i}", name=f"Peer {i}", seed=10 + i, shift=shift)
        for i, shift in enumerate((-1.2, -0.4, 0.3, 0.9, 1.5), start=2)
    ]
    return build_benchmark(peers, q, label="vijf testgemeenten", settings={"peer_group": None})


def chart_svg(section: Any, chart_id: str) -> str:
    img = next(n for n in section.find_all("img") if n.attrs.get("id") == chart_id)
    return base64.b64decode(img.attrs["src"].split(",", 1)[1]).decode("utf-8")


def test_marker_sentence_and_summary_carry_the_peer_figures(
    result: ScoreResult, q: Questionnaire, bench: Benchmark
) -> None:
    doc = build_report(result, q, report_date=DAY, benchmark=bench)
    position = benchmark_position(bench, result.municipalities[0], result.settings)
    tree = parse_html(doc.html)
    for area in q.areas:
        pos = position.get(area.id)
        assert pos.status == "ok"
        section = tree.by_id(f"area-{area.number}")
        # The peer mean marker on the group bars, explained in the chart's legend.
        svg = chart_svg(section, f"chart-area-{area.number}-groups")
        marker = re.search(r'data-role="peer-mean" data-mean="([0-9.]+)"', svg)
        assert marker is not None
        assert float(marker.group(1)) == pytest.approx(pos.peer_mean, abs=0.006)
        assert f"gemiddelde vergelijkingsgroep ({nl(pos.peer_mean)})" in svg
        # The sentence: the position's own, with the percentile and the number of peers.
        sentence = section.find_all("p", "benchmark-sentence")[0].text()
        assert sentence == pos.sentence["nl"]
        assert f"{pos.peer_n} vergelijkingsgemeenten" in sentence
        assert f"van de {pos.peer_n} vergelijkingsgemeenten" in sentence
        assert f"gemiddelde {nl(pos.peer_mean)}" in sentence
    summary = tree.by_id("benchmark-summary")
    assert "Vergelijking met 5 gemeenten" in summary.text()
    assert "vijf testgemeenten" in summary.text()
    rows = summary.find_all("tr")[1:]
    assert [r.attrs["data-area"] for r in rows] == [a.id for a in q.areas] + ["overall"]
    for row in rows:
        pos = position.get(row.attrs["data-area"])
        cells = [c.text() for c in row.find_all("td")]
        assert cells[1:] == [nl(pos.score), nl(pos.peer_mean), f"{nl(pos.percentile, 0)}%"]


def test_areas_not_compared_say_why_and_show_no_number(
    result: ScoreResult, q: Questionnaire, bench: Benchmark
) -> None:
    left_out = q.areas[2]
    partial = bench.model_copy(
        update={
            "usable_areas": [a.id for a in q.areas if a.id != left_out.id],
            "warnings": [Message(code="benchmark-partial", message="added items NEW01")],
        }
    )
    doc = build_report(result, q, report_date=DAY, benchmark=partial)
    tree = parse_html(doc.html)
    section = tree.by_id(f"area-{left_out.number}")
    assert "peer-mean" not in chart_svg(section, f"chart-area-{left_out.number}-groups")
    sentence = section.find_all("p", "benchmark-sentence")[0].text()
    assert "niet te vergelijken" in sentence and not re.search(r"\d", sentence)
    summary = tree.by_id("benchmark-summary")
    row = next(r for r in summary.find_all("tr") if r.attrs.get("data-area") == left_out.id)
    assert [c.text() for c in row.find_all("td")][1:] == [
        "niet te vergelijken: de vragen zijn veranderd"
    ]
    overall = next(r for r in summary.find_all("tr") if r.attrs.get("data-area") == "overall")
    assert "niet te vergelijken" in overall.text()
    # The warning, in the report's language.
    assert "eerdere versie van de vragenlijst" in summary.text()
    assert doc.benchmark is not None and doc.benchmark.warnings[0].code == "benchmark-partial"


def test_english_report_uses_english_sentences(
    result: ScoreResult, q: Questionnaire, bench: Benchmark
) -> None:
    doc = build_report(result, q, lang="en", report_date=DAY, benchmark=bench)
    position = benchmark_position(bench, result.municipalities[0], result.settings)
    tree = parse_html(doc.html)
    first = q.areas[0]
    section = tree.by_id(f"area-{first.number}")
    assert (
        section.find_all("p", "benchmark-sentence")[0].text()
        == position.get(first.id).sentence["en"]
    )
    assert "Comparison with 5 municipalities" in tree.by_id("benchmark-summary").text()
    assert "peer average (" in chart_svg(section, f"chart-area-{first.number}-groups")


def test_without_benchmark_nothing_changes(result: ScoreResult, q: Questionnaire) -> None:
    doc = build_report(result, q, report_date=DAY)
    assert doc.context["benchmark"] is None and doc.benchmark is None
    assert all(area["benchmark"] is None for area in doc.context["areas"])
    tree = parse_html(doc.html)
    assert not any(n.attrs.get("id") == "benchmark-summary" for n in tree.iter())
    assert tree.find_all("p", "benchmark-sentence") == []
    assert all("peer-mean" not in chart_svg(tree, f"chart-{key}")
               for key in doc.charts if key.endswith("-groups"))  # fmt: skip


def test_batch_renderer_reads_the_benchmark_once_and_passes_it_on(
    tmp_path: Path,
    result: ScoreResult,
    q: Questionnaire,
    bench: Benchmark,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "benchmark.json"
    save_benchmark(bench, path)
    seen: list[Any] = []

    class Document:
        def write_pdf(self, output: Path) -> None:
            seen.append(output)

    def fake_build_report(*args: Any, **kwargs: Any) -> Document:
        seen.append(kwargs["benchmark"])
        return Document()

    monkeypatch.setattr("quickscan.report.build_report", fake_build_report)
    monkeypatch.setattr(batch_module, "_BENCHMARKS", {})
    options = BatchOptions(out_dir=tmp_path, benchmark=path)
    render_profile(result, q, tmp_path / "a.pdf", options)
    render_profile(result, q, tmp_path / "b.pdf", options)
    assert seen[0] is seen[2]  # read once per process
    assert seen[0].label == "vijf testgemeenten" and seen[0].usable_areas is not None
    assert options.settings()["benchmark"] == str(path)


def test_peer_group_label_speaks_the_report_language(
    result: ScoreResult, q: Questionnaire, bench: Benchmark
) -> None:
    labels = {"nl": "CBS-grootteklasse 3: 10.000 tot 20.000 inwoners", "en": "CBS size class 3"}
    named = bench.model_copy(update={"label": labels["en"], "labels": labels})
    for lang, other in (("nl", "en"), ("en", "nl")):
        doc = build_report(result, q, lang=lang, report_date=DAY, benchmark=named)
        summary = parse_html(doc.html).by_id("benchmark-summary").text()
        assert labels[lang] in summary and labels[other] not in summary
    # A benchmark saved before labels had languages shows its one label.
    doc = build_report(result, q, report_date=DAY, benchmark=bench)
    assert "vijf testgemeenten" in parse_html(doc.html).by_id("benchmark-summary").text()
