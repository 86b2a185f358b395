"""Every kind of PDF quickscan writes is PDF/UA-1: the `pdfua` checker finds nothing, and the
tag tree read with pikepdf has scoped headers, figures whose alternative text carries the
numbers, running headers and footers as artifacts and no untagged content.

Kinds: the profile in Dutch and English, with and without maatwerk and open answers; the
comparison report of municipalities and of waves; the paper form, standard and large print.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from pdf_tags import TagReport, inspect_pdf
from report_factory import make_result
from test_compare_factories import municipality, qsld, score_result

from quickscan.errors import ReportError
from quickscan.questionnaire import Questionnaire, load_questionnaire
from quickscan.report import build_report
from quickscan.report.pdf import render_pdf
from quickscan.report.render import packaged_assets

pdfua = pytest.importorskip("pdfua")

DAY = dt.date(2026, 11, 26)
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _profile(lang: str, extras: bool) -> Callable[[], tuple[bytes, dict]]:
    def make() -> tuple[bytes, dict]:
        if extras:
            from quickscan.api import read_files
            from quickscan.report import open_answers_from
            from quickscan.scoring import score

            q = load_questionnaire("qsld", extra=EXAMPLES / "maatwerk.yaml")
            answer_set = read_files([EXAMPLES / "gm9901-maatwerk.csv"], q)
            result = score(answer_set, q)
            document = build_report(
                result,
                q,
                lang=lang,
                report_date=DAY,
                include_open_answers=True,
                open_answers=open_answers_from(answer_set, result.municipalities[0]),
            )
        else:
            q = load_questionnaire("qsld")
            document = build_report(make_result(q), q, lang=lang, report_date=DAY)
        return document.pdf_bytes(), document.context

    return make


def _comparison(by: str) -> Callable[[], tuple[bytes, dict]]:
    def make() -> tuple[bytes, dict]:
        from quickscan.compare import compare_results
        from quickscan.compare.pdf import build_context, comparison_html
        from quickscan.report.render import asset_roots

        if by == "wave":
            rows = [
                municipality("GM0001", 6.0, wave="2022", name="Aadorp"),
                municipality("GM0001", 6.6, wave="2024", name="Aadorp"),
            ]
        else:
            rows = [
                municipality(f"GM{i:04d}", 5.0 + i * 0.3, name=f"Dorp {i}") for i in range(1, 9)
            ]
        comparison = compare_results(score_result(rows), qsld(), by=by)
        html = comparison_html(comparison, qsld(), report_date=DAY, asset_mode="file")
        data = render_pdf(html, base_url=packaged_assets(), roots=asset_roots(None))
        return data, build_context(comparison, qsld(), "nl", DAY)

    return make


def _form(large_print: bool, lang: str) -> Callable[[], tuple[bytes, dict]]:
    def make() -> tuple[bytes, dict]:
        from quickscan.fieldwork.form import build_form

        form = build_form(load_questionnaire("qsld"), "raad", lang=lang, large_print=large_print)
        return form.pdf_bytes(), {}

    return make


KINDS = {
    "profile-nl": _profile("nl", extras=False),
    "profile-en": _profile("en", extras=False),
    "profile-nl-extras-open-answers": _profile("nl", extras=True),
    "profile-en-extras-open-answers": _profile("en", extras=True),
    "comparison": _comparison("municipality"),
    "comparison-waves": _comparison("wave"),
    "form": _form(large_print=False, lang="nl"),
    "form-large-print": _form(large_print=True, lang="en"),
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, bytes, dict]]:
    folder = tmp_path_factory.mktemp("pdfua")
    out: dict[str, tuple[Path, bytes, dict]] = {}
    for name, make in KINDS.items():
        data, context = make()
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        out[name] = (path, data, context)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_pdfua_checker_finds_no_error_and_no_warning(kind: str, rendered: dict) -> None:
    path, _data, _context = rendered[kind]
    report = pdfua.validate(str(path))
    found = [f"{f.rule_id} {f.severity.name}: {f.message}" for f in report.findings]
    assert found == []
    counts = report.count_by_severity()
    assert counts[pdfua.Severity.ERROR] == 0 and counts[pdfua.Severity.WARNING] == 0


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(KINDS))
def test_tag_tree(kind: str, rendered: dict) -> None:
    _path, data, _context = rendered[kind]
    tags: TagReport = inspect_pdf(data)
    assert tags.marked and tags.display_doc_title
    assert tags.lang == ("en" if "-en" in kind or kind == "form-large-print" else "nl")
    assert 'pdfuaid:part="1"' in tags.xmp and "<dc:title>" in tags.xmp
    assert "/Document" in tags.roles and "/H1" in tags.roles
    # Every header cell says whether it heads a column or a row. (The large-print form has
    # no tables: every statement has its own labelled boxes.)
    assert set(tags.header_scopes) <= {"/Column", "/Row"}
    assert tags.header_scopes or kind == "form-large-print"
    assert tags.empty_headings == 0
    assert tags.untagged == {}, "text or images outside tagged content or an artifact"
    assert tags.orphan_mcids == 0
    # Running headers and footers (page numbers) are pagination artifacts, on every page
    # that has them (the profile's and comparison's cover has none).
    assert tags.pagination_artifacts >= tags.pages - 1
    for figure_alt in tags.figure_alts:
        assert figure_alt and len(figure_alt) > 20
    for destination, description in tags.link_descriptions:
        assert description and description != destination


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["profile-nl", "profile-en", "profile-nl-extras-open-answers"])
def test_profile_figures_state_each_areas_score(kind: str, rendered: dict) -> None:
    _path, data, context = rendered[kind]
    tags = inspect_pdf(data)
    alts = [a or "" for a in tags.figure_alts]
    # Radar, then per area the bars per group and the answers per item (plus maatwerk).
    assert len(alts) == 1 + 2 * len(context["areas"]) + (1 if context["maatwerk"] else 0)
    for area in context["areas"]:
        groups_alt = next(a for a in alts if a.startswith(area["title"] + ":"))
        combined = area["combined"]
        assert f"{combined['score']} ({combined['band']['label'].lower()})" in groups_alt
        for group in area["groups"]:
            assert (group["score"] if group["shown"] else context["t"]["not_shown"]) in groups_alt
        # The radar's text names every area's combined score too.
        radar = next(a for a in alts if a.startswith(context["t"]["radar_alt"]))
        assert f"{area['short']} {combined['score']}" in radar
    assert tags.outlines >= 1 + len(context["areas"])  # bookmarks: chapters and areas


@pytest.mark.slow
def test_comparison_figures_state_their_numbers(rendered: dict) -> None:
    _path, data, context = rendered["comparison"]
    alts = [a or "" for a in inspect_pdf(data).figure_alts]
    for page in context["area_pages"]:
        assert any(a.startswith(page["title"]) and page["stats"] in a for a in alts)


def test_alt_text_of_an_area_chart_by_hand() -> None:
    from quickscan.report.context import groups_alt
    from quickscan.report.i18n import strings

    area = {
        "title": "Krachtige gemeenteraad",
        "groups": [
            {"label": "Raadsleden", "shown": True, "score": "4,6", "quality": "indicatief"},
            {"label": "Collegeleden", "shown": False, "score": "", "quality": ""},
            {"label": "Ambtenaren", "shown": True, "score": "6,1", "quality": ""},
            {"label": "Inwoners", "shown": True, "score": "5,8", "quality": ""},
        ],
        "combined": {
            "shown": True,
            "score": "5,5",
            "band": {"label": "Voldoende"},
            "quality": "",
        },
    }
    # The quality label where a score has one (here the raad's), as the page shows it.
    assert groups_alt(area, "nl", strings("nl")) == (
        "Krachtige gemeenteraad: raadsleden 4,6 (indicatief), collegeleden niet getoond, "
        "ambtenaren 6,1, inwoners 5,8, totaal 5,5 (voldoende)"
    )
    area["combined"]["quality"] = "te weinig respons"
    assert groups_alt(area, "nl", strings("nl")).endswith(
        "totaal 5,5 (voldoende, te weinig respons)"
    )


def test_link_texts_come_from_the_html() -> None:
    from quickscan.report.tagged import link_texts

    html = (
        '<a href="#area-1"><span>3.1</span> Krachtige\n gemeenteraad</a>'
        '<a href="#x" aria-label="Naar de bijlage">→</a><a href="#area-1">other</a>'
    )
    assert link_texts(html) == {"#area-1": "3.1 Krachtige gemeenteraad", "#x": "Naar de bijlage"}
    assert link_texts('<a href="#s"><span>1</span>Samenvatting</a>') == {"#s": "1 Samenvatting"}


def test_unknown_variant_is_a_report_error() -> None:
    with pytest.raises(ReportError, match="unknown PDF variant"):
        render_pdf("<p>x</p>", base_url=packaged_assets(), roots=[], variant="pdf/x-4")


@pytest.mark.slow
def test_archive_variant_declares_pdfa_and_pdfua(q_small: Questionnaire) -> None:
    document = build_report(make_result(q_small), q_small, report_date=DAY)
    document.pdf_variant = "a-2a"
    data = document.pdf_bytes()
    xmp = inspect_pdf(data).xmp
    assert 'pdfaid:part="2"' in xmp and 'pdfaid:conformance="A"' in xmp
    assert 'pdfuaid:part="1"' in xmp
    again = build_report(make_result(q_small), q_small, report_date=DAY)
    again.pdf_variant = "a-2a"
    assert again.pdf_bytes() == data  # reproducible like the default


@pytest.mark.slow
def test_plain_variant_is_untagged(q_small: Questionnaire) -> None:
    document = build_report(make_result(q_small), q_small, report_date=DAY)
    document.pdf_variant = "plain"
    data = document.pdf_bytes()
    assert b"/StructTreeRoot" not in data


@pytest.fixture(scope="module")
def q_small() -> Questionnaire:
    return load_questionnaire("qsld")
