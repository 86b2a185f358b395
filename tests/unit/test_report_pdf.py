"""The PDF itself: a real PDF with the expected pages, deterministic, and safe to feed."""

from __future__ import annotations

import datetime as dt
import http.server
import io
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_factory import make_result, parse_html

from quickscan.errors import OutputError, ReportError
from quickscan.questionnaire import Questionnaire, load_questionnaire
from quickscan.report import OpenAnswer, ReportDocument, build_report
from quickscan.report.charts import svg_of
from quickscan.report.pdf import url_allowed
from quickscan.report.render import packaged_assets
from quickscan.results import ALL_GROUPS, display

DAY = dt.date(2026, 3, 31)


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    return load_questionnaire("qsld")


@pytest.fixture(scope="module")
def document(q: Questionnaire) -> ReportDocument:
    return build_report(make_result(q), q, report_date=DAY)


@pytest.fixture(scope="module")
def pdf(document: ReportDocument) -> bytes:
    return document.pdf_bytes()


def assert_no_attachments(data: bytes) -> None:
    reader = PdfReader(io.BytesIO(data))
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            assert annot.get_object().get("/Subtype") != "/FileAttachment"
    assert b"/EmbeddedFile" not in data and b"/FileAttachment" not in data


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.slow
def test_is_a_pdf_with_the_expected_pages(
    pdf: bytes, document: ReportDocument, q: Questionnaire
) -> None:
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    assert 18 <= len(reader.pages) <= 30
    assert reader.metadata is not None
    assert reader.metadata.title == "Profiel lokale democratie – De Wolden aan Zee"
    # Bookmarks: the chapters, with the seven areas nested under chapter 3, nothing else.
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "1 Samenvatting", "2 Respons", "3 De zeven aandachtsgebieden",
        "4 Verschillen tussen groepen", "5 Opmerkelijke resultaten", "6 Verbeteragenda",
        "Bijlage: verantwoording",
    ]  # fmt: skip
    nested = next(item for item in reader.outline if isinstance(item, list))
    assert [a.title for a in nested] == [f"3.{a.number} {a.title.nl}" for a in q.areas]
    assert_no_attachments(pdf)
    # Only the packaged fonts and the charts' data: URLs were loaded.
    assert document.fetched_urls
    assert all(url_allowed(u, [packaged_assets().resolve()]) for u in document.fetched_urls)


@pytest.mark.slow
def test_pdf_text_has_area_titles_and_overall_score(pdf: bytes, q: Questionnaire) -> None:
    text = " ".join(pdf_text(pdf).split())
    for area in q.areas:
        assert area.title.nl in text
    overall = make_result(q).municipalities[0].overall_for(ALL_GROUPS).score
    assert display(overall).replace(".", ",") in text
    assert "Pagina 3 van" in text


@pytest.mark.slow
def test_same_inputs_give_identical_bytes(q: Questionnaire, tmp_path: Path) -> None:
    first = build_report(make_result(q), q, report_date=DAY)
    second = build_report(make_result(q), q, report_date=DAY)
    first.write_pdf(tmp_path / "a.pdf")
    second.write_pdf(tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
    assert first.charts["radar"] == second.charts["radar"]


@pytest.mark.slow
def test_fonts_are_loaded_once_per_process_and_change_nothing(q: Questionnaire) -> None:
    from quickscan.report import pdf

    first = build_report(make_result(q), q, report_date=DAY).pdf_bytes()
    other = build_report(make_result(q, name="Andere Gemeente"), q, report_date=DAY)
    other.pdf_bytes()
    again = build_report(make_result(q), q, report_date=DAY)
    # The same report after another one in the same process: the same bytes.
    assert again.pdf_bytes() == first
    # The print HTML leaves the packaged fonts to the renderer, which loaded them once.
    assert "@font-face" not in again.print_html and "@font-face" in again.html
    assert len(pdf._SHARED_FONTS) == 1
    assert not [u for u in other.fetched_urls + again.fetched_urls if u.endswith(".ttf")]
    names = {
        font.get_object()["/BaseFont"].split("+")[-1]
        for page in PdfReader(io.BytesIO(first)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert names == {"Open-Sans", "Open-Sans-Semi-Bold", "Open-Sans-Bold", "Open-Sans-Italic"}


@pytest.fixture
def server() -> Iterator[tuple[int, list[str]]]:
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.server_address[1], hits
    finally:
        httpd.shutdown()
        httpd.server_close()


def _payloads(port: int) -> list[str]:
    return [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/passwd">',
        f'<img src="http://127.0.0.1:{port}/pixel.png">',
        f"http://127.0.0.1:{port}/page",
        "<script>alert(1)</script> & $x$",
    ]


@pytest.mark.slow
def test_injected_markup_is_literal_text(
    q: Questionnaire, server: tuple[int, list[str]], tmp_path: Path
) -> None:
    port, hits = server
    payloads = _payloads(port)
    name = "Gem " + " ".join(payloads)
    result = make_result(q, name=name)
    answers = [OpenAnswer(question="OPEN01", text=p, group="inwoner") for p in payloads]
    doc = build_report(result, q, report_date=DAY, include_open_answers=True, open_answers=answers)
    # HTML: the payloads are text, not elements.
    tree = parse_html(doc.html)
    assert not [n for n in tree.find_all("link") if n.attrs.get("rel") == "attachment"]
    assert not tree.find_all("script")
    for img in tree.find_all("img"):
        assert img.attrs["src"].startswith("data:"), img.attrs
    assert payloads[0] in tree.by_id("open-answers").text()
    assert name in tree.find_all("section", "cover")[0].text()
    # Charts: the name is escaped XML text inside the SVG, not markup.
    svg = svg_of(doc.charts["area-1-groups"])
    ET.fromstring(svg)  # well-formed
    radar = svg_of(doc.charts["radar"])
    assert "<script" not in radar and "<script" not in svg
    # PDF: nothing fetched outside the assets, no request, no attachment, literal text.
    doc.write_pdf(tmp_path / "profile.pdf")
    data = (tmp_path / "profile.pdf").read_bytes()
    assert all(u.startswith(("data:", packaged_assets().as_uri())) for u in doc.fetched_urls)
    assert hits == []
    assert_no_attachments(data)
    text = " ".join(pdf_text(data).split())
    assert '<img src="file:///etc/passwd">' in text
    assert "<script>alert(1)</script> & $x$" in text


@pytest.mark.slow
def test_chart_text_is_escaped(q: Questionnaire) -> None:
    from quickscan.report.charts import group_bars

    chart = group_bars(
        {
            "rows": [
                {
                    "label": "<script>&amp;</script> $a$",
                    "value": 6.0,
                    "low": 5.0,
                    "high": 7.0,
                    "text": "6,0",
                    "colour": "#3b8e6e",
                    "note": "",
                },
            ],
            "bands": [(0, 5.5, "#c8553d"), (5.5, 7, "#e9b44c"), (7, 10, "#3b8e6e")],
        },
        "x",
        'label "with" <quotes>',
    )
    assert 'alt="label &#34;with&#34; &lt;quotes&gt;"' in str(chart)
    svg = svg_of(chart)
    texts = [
        "".join(t.itertext()) for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")
    ]
    assert "<script>&amp;</script> $a$" in texts


def _logo_template(tmp_path: Path, brand: str) -> Path:
    """A template folder with a logo and a profile whose brand block is `brand`."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
        '<rect width="20" height="10" fill="#7a1f3d"/></svg>'
    )
    (folder / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}{% block brand %}' + brand + "{% endblock %}"
    )
    return folder


@pytest.mark.slow
def test_user_template_cannot_reach_outside(
    q: Questionnaire, server: tuple[int, list[str]], tmp_path: Path
) -> None:
    port, hits = server
    folder = _logo_template(tmp_path, '<img src="logo.svg" alt="Gemeentelogo">')
    doc = build_report(make_result(q), q, report_date=DAY, template_dir=folder, charts=False)
    doc.write_pdf(tmp_path / "ok.pdf")
    assert any(u.endswith("/logo.svg") for u in doc.fetched_urls)

    (folder / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}'
        f'{{% block brand %}}<img src="http://127.0.0.1:{port}/logo.png">{{% endblock %}}'
    )
    doc = build_report(make_result(q), q, report_date=DAY, template_dir=folder, charts=False)
    with pytest.raises(ReportError, match="may not load"):
        doc.write_pdf(tmp_path / "bad.pdf")
    assert hits == []
    assert not (tmp_path / "bad.pdf").exists()

    (folder / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}'
        '{% block brand %}<img src="file:///etc/hostname">{% endblock %}'
    )
    doc = build_report(make_result(q), q, report_date=DAY, template_dir=folder, charts=False)
    with pytest.raises(ReportError, match="may not load"):
        doc.pdf_bytes()


def test_an_image_without_alt_text_is_refused_in_a_tagged_pdf(
    q: Questionnaire, tmp_path: Path
) -> None:
    folder = _logo_template(tmp_path, '<img src="logo.svg">')
    doc = build_report(make_result(q), q, report_date=DAY, template_dir=folder, charts=False)
    with pytest.raises(ReportError) as caught:
        doc.write_pdf(tmp_path / "profile.pdf")
    [problem] = caught.value.problems
    assert problem.code == "image-without-alt"
    assert "'logo.svg'" in problem.message and "alt=" in (problem.hint or "")
    assert not (tmp_path / "profile.pdf").exists()
    # The untagged variant has no structure to describe the image in: it is written.
    plain = build_report(
        make_result(q), q, report_date=DAY, template_dir=folder, charts=False, pdf_variant="plain"
    )
    plain.write_pdf(tmp_path / "plain.pdf")
    assert (tmp_path / "plain.pdf").read_bytes().startswith(b"%PDF-")


def test_a_chart_weasyprint_cannot_draw_fails_the_report(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # WeasyPrint logs a broken SVG and leaves it out; a profile without its chart must not
    # be published as if it were whole.
    import weasyprint.svg

    def broken(*args: object) -> None:
        raise RuntimeError("cannot draw this path")

    doc = build_report(make_result(q), q, report_date=DAY)
    monkeypatch.setitem(weasyprint.svg.TAGS, "path", broken)
    with pytest.raises(ReportError) as caught:
        doc.write_pdf(tmp_path / "profile.pdf")
    assert {p.code for p in caught.value.problems} == {"render-failed"}
    message = caught.value.problems[0].message
    assert "Failed to render SVG image data:image/svg+xml" in message and len(message) < 200
    assert not (tmp_path / "profile.pdf").exists()


def test_output_that_is_an_input_is_refused(q: Questionnaire, tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text("respondent_id\n")
    doc = build_report(make_result(q), q, report_date=DAY, charts=False)
    with pytest.raises(OutputError, match="overwrite an input"):
        doc.write_pdf(tmp_path / "." / "answers.csv", inputs=[answers])
    assert answers.read_text() == "respondent_id\n"


def test_a_failed_render_keeps_the_previous_report(
    q: Questionnaire, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quickscan.report.pdf as pdf_module

    target = tmp_path / "profile.pdf"
    target.write_bytes(b"%PDF- previous report")

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ReportError("the renderer crashed")

    monkeypatch.setattr(pdf_module, "render_pdf", broken)
    doc = build_report(make_result(q), q, report_date=DAY, charts=False)
    with pytest.raises(ReportError):
        doc.write_pdf(target)
    assert target.read_bytes() == b"%PDF- previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profile.pdf"]


def test_html_output_is_self_contained(q: Questionnaire, tmp_path: Path) -> None:
    doc = build_report(make_result(q), q, report_date=DAY)
    path = doc.write_html(tmp_path / "profile.html")
    html = path.read_text()
    assert "file:" not in html and "http://" not in html and "https://" not in html
    assert "data:font/ttf;base64," in html
    assert html.count("data:image/svg+xml;base64,") == len(doc.charts)
