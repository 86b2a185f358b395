"""Report content, checked on the context and the rendered HTML (no PDF needed)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from report_factory import make_municipality, make_result, parse_html

from quickscan.errors import ReportError, UsageError
from quickscan.questionnaire import Questionnaire, load_questionnaire
from quickscan.report import (
    ReportDocument,
    build_report,
    default_output_name,
    select_municipality,
    slug,
)
from quickscan.report.i18n import STRINGS
from quickscan.results import ALL_GROUPS, GroupScore, ScoreResult, display

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
def doc(result: ScoreResult, q: Questionnaire) -> ReportDocument:
    return build_report(result, q, report_date=DAY, charts=False)


def test_every_area_and_group_with_its_figures(
    doc: ReportDocument, result: ScoreResult, q: Questionnaire
) -> None:
    tree = parse_html(doc.html)
    municipality = result.municipalities[0]
    for area in q.areas:
        scored = municipality.area(area.id)
        section = tree.by_id(f"area-{area.number}")
        text = section.text()
        assert area.title.nl in text
        assert nl(scored.combined.score) in section.find_all(cls="area-score-value")[0].text()
        # The item table: every item with its combined score, in questionnaire order.
        rows = section.find_all("table", "items-table")[0].find_all("tr")[1:]
        assert [r.find_all("td")[0].text() for r in rows] == [i.id for i in area.items]
        for row, item in zip(rows, area.items, strict=True):
            stat = next(
                s for s in municipality.items if s.item == item.id and s.group == ALL_GROUPS
            )
            assert row.find_all("td", "c-total")[0].text() == nl(stat.score)
        # Every shown group's score is in the area's HTML (its tables and sentences).
        for group in scored.groups:
            if not group.suppressed:
                assert nl(group.score) in text


def test_suppressed_group_shows_no_score(
    doc: ReportDocument, result: ScoreResult, q: Questionnaire
) -> None:
    tree = parse_html(doc.html)
    municipality = result.municipalities[0]
    college = q.group("college").label.nl
    # No column for the suppressed group in any item table ...
    for table in tree.find_all("table", "items-table"):
        headers = [th.text() for th in table.find_all("th")]
        assert college not in headers
    # ... a dash and 'niet getoond' in the summary, and the reason in the response table.
    summary = tree.by_id("summary")
    row = next(tr for tr in summary.find_all("tr") if college in tr.text())
    assert "niet getoond" in row.text()
    assert all(ch not in row.text() for ch in "0123456789")
    response = tree.by_id("response").text()
    assert "minder dan 5 respondenten" in response
    assert all(area.groups[1].suppressed for area in municipality.areas)


def test_summary_overall_strongest_weakest(
    doc: ReportDocument, result: ScoreResult, q: Questionnaire
) -> None:
    municipality = result.municipalities[0]
    overall = municipality.overall_for(ALL_GROUPS)
    summary = parse_html(doc.html).by_id("summary")
    assert nl(overall.score) in summary.find_all(cls="score-box-value")[0].text()
    ranked = sorted(municipality.areas, key=lambda a: -(a.combined.score or 0))
    rank_lists = summary.find_all("ol", "rank")
    strongest = [li.text() for li in rank_lists[0].find_all("li")]
    weakest = [li.text() for li in rank_lists[1].find_all("li")]
    for area, line in zip(ranked[:3], strongest, strict=True):
        assert q.area(area.area).title.nl in line and nl(area.combined.score) in line
    for area, line in zip(list(reversed(ranked))[:3], weakest, strict=True):
        assert q.area(area.area).title.nl in line and nl(area.combined.score) in line


def test_response_counts_and_snapshot_caveat(doc: ReportDocument, result: ScoreResult) -> None:
    response = parse_html(doc.html).by_id("response")
    text = response.text()
    for group in result.municipalities[0].response:
        assert str(group.respondents) in text
    assert "momentopname" in text and "geen representatief onderzoek" in text


def test_differences_table_is_signed_and_marks_gaps(
    doc: ReportDocument, result: ScoreResult
) -> None:
    table = parse_html(doc.html).by_id("differences").find_all("table")[0]
    notable = [td.text() for td in table.find_all("td", "gap-notable")]
    gaps = [g for a in result.municipalities[0].areas for g in a.gaps]
    assert len(notable) == len(gaps)
    assert sorted(t.lstrip("+\u2212") for t in notable) == sorted(nl(g.difference) for g in gaps)


def test_notable_results_each_with_their_rule(doc: ReportDocument, result: ScoreResult) -> None:
    items = parse_html(doc.html).by_id("notable").find_all("li")
    notables = result.municipalities[0].notable
    assert len(items) == len(notables)
    for li, notable in zip(items, notables, strict=True):
        assert notable.sentence["nl"] in li.text()
        assert "Regel:" in li.text()


def test_tips_and_offerings_match_the_band(doc: ReportDocument, q: Questionnaire) -> None:
    for area in doc.context["areas"]:
        band = area["combined"]["band"]["id"]
        recommendation = q.area(area["id"]).recommendations[band]
        assert area["tips"] == [tip.nl for tip in recommendation.tips]
        assert [o["title"] for o in area["offerings"]] == [
            q.offering(o).title.nl for o in recommendation.offerings
        ]


def test_cover_and_appendix_metadata(doc: ReportDocument, q: Questionnaire) -> None:
    tree = parse_html(doc.html)
    cover = tree.find_all("section", "cover")[0].text()
    for expected in (
        "Profiel lokale democratie",
        "De Wolden aan Zee",
        "GM9901",
        "2026-voorjaar",
        "31 maart 2026",
        q.fingerprint,
        "qsld",
        q.version,
    ):
        assert expected in cover
    appendix = tree.by_id("appendix").text()
    for item in q.items:
        assert item.id in appendix
    assert "quickscan" in appendix
    assert "0,54" in appendix  # a low alpha, with a decimal comma


def test_english_report_has_no_dutch_ui_text(result: ScoreResult, q: Questionnaire) -> None:
    doc = build_report(result, q, lang="en", report_date=DAY, charts=False)
    tree = parse_html(doc.html)
    text = tree.text()
    assert "Local democracy profile" in text and "31 March 2026" in text
    assert q.area("krachtige-gemeenteraad").title.en in text
    for dutch in ("Samenvatting", "Respons ", "Verbeteragenda", "niet getoond", "Totaalscore"):
        assert dutch not in text
    overall = result.municipalities[0].overall_for(ALL_GROUPS)
    assert display(overall.score) in tree.by_id("summary").text()
    assert STRINGS["en"].keys() == STRINGS["nl"].keys()


def test_maatwerk_section_only_with_maatwerk(result: ScoreResult) -> None:
    examples = Path(__file__).resolve().parents[2] / "examples" / "maatwerk.yaml"
    plain = build_report(result, load_questionnaire("qsld"), report_date=DAY, charts=False)
    assert plain.context["maatwerk"] is None
    if not examples.is_file():
        pytest.skip("examples/maatwerk.yaml not present")
    q = load_questionnaire("qsld", extra=examples)
    with_extra = build_report(make_result(q), q, report_date=DAY, charts=False)
    section = parse_html(with_extra.html).by_id("maatwerk").text()
    for item in q.maatwerk:
        assert item.id in section and item.text.nl in section


def test_several_municipalities_need_a_choice(q: Questionnaire) -> None:
    result = make_result(
        q,
        [
            make_municipality(q, code="GM9901", name="De Wolden aan Zee"),
            make_municipality(q, code="GM9902", name="Oosterbroek", seed=3),
        ],
    )
    with pytest.raises(UsageError) as info:
        select_municipality(result)
    message = str(info.value.problems[0])
    assert "GM9901 De Wolden aan Zee" in message and "GM9902 Oosterbroek" in message
    assert select_municipality(result, "gm9902").municipality_code == "GM9902"
    assert select_municipality(result, "Oosterbroek").municipality_code == "GM9902"
    with pytest.raises(UsageError, match="found: GM9901"):
        select_municipality(result, "GM0001")


def test_default_output_name(q: Questionnaire) -> None:
    m = make_municipality(q, code="GM9901", name="De Wolden aan Zee", wave=None)
    assert default_output_name(m) == "GM9901-de-wolden-aan-zee.pdf"
    odd = make_municipality(q, code="GM9901", name="Súdwest-Fryslân / ../<x>", wave="2026")
    assert default_output_name(odd) == "GM9901-sudwest-fryslan-x-2026.pdf"
    assert slug("  ") == ""


def test_autoescape_and_no_safe_filter_in_templates() -> None:
    from quickscan.resources import templates_dir

    for template in templates_dir().glob("*.j2"):
        assert "|safe" not in template.read_text().replace(" ", ""), template.name


def test_template_override_of_one_block(
    tmp_path: Path, result: ScoreResult, q: Questionnaire
) -> None:
    (tmp_path / "logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>'
    )
    (tmp_path / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}\n'
        '{% block brand %}<img class="logo" src="{{ asset(\'logo.svg\') }}">'
        "<span>Gemeente {{ meta.municipality }}</span>{% endblock %}\n"
        "{% block extra_style %}.cover-band { background: #7a1f3d; }{% endblock %}\n"
    )
    doc = build_report(result, q, report_date=DAY, charts=False, template_dir=tmp_path)
    tree = parse_html(doc.html)
    brand = tree.find_all("section", "cover")[0]
    assert "Gemeente De Wolden aan Zee" in brand.text()
    assert brand.find_all("img", "logo")[0].attrs["src"].startswith("data:image/svg+xml")
    assert ".cover-band { background: #7a1f3d; }" in doc.html
    # The rest of the packaged report is still there.
    assert tree.by_id("area-7")
    # A custom template keeps the fonts in its own stylesheet (it may add its own).
    assert "@font-face" in doc.print_html


def test_template_errors_are_report_errors(
    tmp_path: Path, result: ScoreResult, q: Questionnaire
) -> None:
    (tmp_path / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}{% block brand %}{{ no_such }}{% endblock %}'
    )
    with pytest.raises(ReportError, match="no_such"):
        _ = build_report(result, q, report_date=DAY, charts=False, template_dir=tmp_path).html
    (tmp_path / "profile.html.j2").write_text(
        '{% extends "default:profile.html.j2" %}'
        "{% block brand %}{{ asset('../../etc/passwd') }}{% endblock %}"
    )
    with pytest.raises(ReportError, match="not in the template folder"):
        _ = build_report(result, q, report_date=DAY, charts=False, template_dir=tmp_path).html


def test_many_group_pairs_turn_the_differences_table(
    result: ScoreResult, q: Questionnaire, monkeypatch: pytest.MonkeyPatch
) -> None:
    import quickscan.report.context as context

    monkeypatch.setattr(context, "MAX_PAIR_COLUMNS", 2)
    doc = build_report(result, q, report_date=DAY, charts=False)
    table = parse_html(doc.html).by_id("differences").find_all("table")[0]
    rows = table.find_all("tbody")[0].find_all("tr")
    assert [r.find_all("td")[0].text() for r in rows] == [
        "Raadsleden – Ambtenaren", "Raadsleden – Inwoners", "Ambtenaren – Inwoners",
    ]  # fmt: skip
    assert len(rows[0].find_all("td")) == 1 + len(q.areas)


def test_spaceless_drops_only_whitespace_between_tags() -> None:
    from quickscan.report.render import spaceless

    html = "<tr>\n  <td>a b</td> <td>c <span>d</span></td>\n</tr>"
    assert spaceless(html) == "<tr><td>a b</td><td>c <span>d</span></td></tr>"


def test_headline_and_summary_scores_carry_their_quality_label(q: Questionnaire) -> None:
    """Labels set on a result: area 1's combined score indicatief, area 5's te weinig
    respons, the overall score te weinig respons, the raad's score on area 2 and its overall
    score indicatief; every other score betrouwbaar, which shows no word and no mark (the
    guide and the appendix say so)."""
    municipality = make_municipality(q)

    def labelled(score: GroupScore, label: str | None) -> GroupScore:
        return score.model_copy(update={"quality": label})

    areas = []
    for area in municipality.areas:
        update: dict[str, object] = {}
        if area.number in (1, 5):
            label = "indicatief" if area.number == 1 else "te weinig respons"
            update["combined"] = labelled(area.combined, label)
        if area.number == 2:
            update["groups"] = [
                labelled(g, "indicatief") if g.group == "raad" else g for g in area.groups
            ]
        areas.append(area.model_copy(update=update))
    overall = [
        labelled(o, {ALL_GROUPS: "te weinig respons", "raad": "indicatief"}.get(o.group))
        for o in municipality.overall
    ]
    municipality = municipality.model_copy(update={"areas": areas, "overall": overall})
    result = make_result(q, [municipality])
    doc = build_report(result, q, report_date=DAY, charts=False)
    tree = parse_html(doc.html)
    one, five = areas[0].combined, areas[4].combined
    raad_2 = next(g for g in areas[1].groups if g.group == "raad")
    # Each area's headline: its score, band and label; area 2's combined score has none.
    assert [n.text() for n in tree.by_id("area-1").find_all(cls="score-quality")] == ["indicatief"]
    assert [n.text() for n in tree.by_id("area-5").find_all(cls="score-quality")] == [
        "te weinig respons"
    ]
    assert tree.by_id("area-2").find_all(cls="score-quality") == []
    # Cover and summary: the overall score's label under it, the raad's in its row.
    for box in ("cover-score", "score-box"):
        assert [n.text() for n in tree.find_all(cls=box)[0].find_all(cls="score-quality")] == [
            "te weinig respons"
        ]
    summary_rows = tree.find_all(cls="summary-intro")[0].find_all("tr")
    assert [
        (r.find_all("td")[0].text(), r.find_all(cls="quality")[0].text())
        for r in summary_rows
        if r.find_all(cls="quality")
    ] == [("Raadsleden", "indicatief")]
    # The radar table: marks on area 1 and 5's combined and the raad's area 2 score, and the
    # legend in its caption.
    table = tree.find_all("table", "radar-table")[0]
    marked = [
        (r.find_all("th")[0].text(), n.text())
        for r in table.find_all("tr")
        for n in r.find_all(cls="quality-mark")
    ]
    assert marked == [("Gemeenteraad", "~"), ("Ambtsdragers", "~"), ("Digitaal", "?")]
    assert f"{nl(raad_2.score)} ~" in table.text() and f"{nl(one.score)} ~" in table.text()
    assert (
        table.find_all("caption")[0]
        .text()
        .endswith("~ indicatief, ? te weinig respons; een score zonder teken is betrouwbaar.")
    )
    # The strongest and weakest areas and the agenda say it in words (area 1 is third
    # strongest, area 5 the weakest), as the chart descriptions do.
    strongest, weakest = (n.text() for n in tree.find_all("ol", "rank"))
    assert strongest.endswith(f"Krachtige gemeenteraad {nl(one.score)} indicatief")
    assert weakest.startswith(f"Krachtige lokale digitale democratie {nl(five.score)} te weinig")
    agenda_first = tree.find_all(cls="agenda-area")[0].text()
    assert agenda_first.endswith(f"({nl(five.score)}, te weinig respons)")
    area_1 = doc.context["areas"][0]
    assert area_1["alt_groups"].endswith(f"totaal {nl(one.score)} (voldoende, indicatief)")
    assert f"Gemeenteraad {nl(one.score)} (voldoende, indicatief);" in doc.context["radar_alt"]
    assert "Een score zonder zo’n label is betrouwbaar" in tree.find_all(cls="guide")[0].text()
    assert (
        "Betrouwbaar: een effectief aantal respondenten van minstens 30 en een 95%-interval van "
        "hoogstens 0,5 punt naar elke kant. Indicatief: minstens 10 en hoogstens 1,0 punt."
    ) in tree.find_all(cls="method")[0].text()
    # The page the PDF is made from shows the same labels as the HTML profile.
    printed = parse_html(doc.print_html)
    for element in ("area-1", "area-5"):
        assert [n.text() for n in printed.by_id(element).find_all(cls="score-quality")] == [
            n.text() for n in tree.by_id(element).find_all(cls="score-quality")
        ]
    # English words under --lang en.
    english = parse_html(build_report(result, q, lang="en", report_date=DAY, charts=False).html)
    assert [n.text() for n in english.by_id("area-1").find_all(cls="score-quality")] == [
        "indicative"
    ]
    assert "too few responses" in english.find_all(cls="score-box")[0].text()
