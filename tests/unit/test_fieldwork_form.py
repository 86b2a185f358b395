"""The paper questionnaire: content checked on the HTML, a few real PDFs (slow)."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from quickscan.answer_template import template_columns
from quickscan.errors import UsageError
from quickscan.fieldwork.form import (
    FormStyle,
    build_form,
    build_form_context,
    estimate_minutes,
    first_sentence,
)
from quickscan.questionnaire import Questionnaire, load_questionnaire

CASES = Path(__file__).resolve().parents[1] / "cases" / "questionnaires"
MAATWERK = """\
title: {nl: Vragen van Voorbeeldstad}
items:
  - id: MW01
    text: {nl: De nieuwe website van de gemeente is duidelijk.}
    scale: agree5
  - id: MW02
    text: {nl: Ik weet waar ik terechtkan met een idee.}
    scale: agree5
    groups: [inwoner]
open_questions:
  - id: MWOPEN1
    text: {nl: "Welk onderwerp moet de raad bespreken?"}
    groups: [raad, college]
"""


class FormParser(HTMLParser):
    """Collects, in document order, the item ids (data-item), printed numbers and text."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.numbers: list[int] = []
        self.text: list[str] = []
        self.tags: list[str] = []
        self.styles: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if "data-item" in values:
            self.items.append(values["data-item"] or "")
        self._in.append(values.get("class") or "")
        if tag == "style":
            self._in[-1] = "style"

    def handle_endtag(self, tag: str) -> None:
        if self._in:
            self._in.pop()

    def handle_data(self, data: str) -> None:
        if self._in and self._in[-1] == "n":
            self.numbers.append(int(data))
        if self._in and self._in[-1] == "style":
            self.styles.append(data)
        else:
            self.text.append(data)

    @property
    def plain(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(html: str) -> FormParser:
    parser = FormParser()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def qsld_extra(tmp_path_factory: pytest.TempPathFactory) -> Questionnaire:
    path = tmp_path_factory.mktemp("maatwerk") / "maatwerk.yaml"
    path.write_text(MAATWERK, encoding="utf-8")
    return load_questionnaire("qsld", extra=path)


def expected_order(q: Questionnaire, group: str) -> list[str]:
    """The answer template's columns that the group is asked, in template order."""
    applies = {item.id: item.applies_to(group) for item in q.all_items}
    applies |= {o.id: o.groups is None or group in o.groups for o in q.all_open_questions}
    return [column for column in template_columns(q) if applies.get(column)]


@pytest.mark.parametrize("group", ["raad", "college", "ambtenaar", "inwoner"])
@pytest.mark.parametrize("large_print", [False, True])
def test_every_item_of_the_group_in_template_order(
    qsld_extra: Questionnaire, group: str, large_print: bool
) -> None:
    form = build_form(qsld_extra, group, large_print=large_print)
    page = parse(form.html)
    expected = expected_order(qsld_extra, group)
    assert page.items == expected
    assert page.numbers == list(range(1, len(expected) + 1))
    others = {i.id for i in qsld_extra.all_items if not i.applies_to(group)}
    for item_id in others:
        assert qsld_extra.item(item_id).text.nl not in page.plain
    for item in qsld_extra.all_items:
        if item.applies_to(group):
            assert " ".join(item.text.nl.split()) in page.plain


def test_group_specific_items(qsld_extra: Questionnaire) -> None:
    inwoner = build_form_context(qsld_extra, "inwoner")
    raad = build_form_context(qsld_extra, "raadslid")  # an alias
    assert raad.group_id == "raad"
    assert "PA05" in raad.printed_ids and "PA05" not in inwoner.printed_ids
    assert "MW02" in inwoner.printed_ids and "MW02" not in raad.printed_ids
    assert "MWOPEN1" in raad.printed_ids and "MWOPEN1" not in inwoner.printed_ids
    assert [s.number for s in raad.sections] == [1, 2, 3, 4, 5, 6, 7, None]
    assert raad.sections[-1].title == "Vragen van Voorbeeldstad"
    assert raad.sections[0].about == "Dit gebied gaat over de rol van de gemeenteraad."


def test_scale_headers_and_dont_know_box(qsld_extra: Questionnaire) -> None:
    form = build_form(qsld_extra, "inwoner")
    block = form.form.sections[0].blocks[0]
    assert [o.label for o in block.options] == [
        "Helemaal oneens", "Oneens", "Neutraal", "Eens", "Helemaal eens",
    ]  # fmt: skip
    assert [o.code for o in block.dont_know] == [9]
    html = form.html
    rows = re.findall(r'<tr class="item" data-item="[^"]+">(.*?)</tr>', html, re.S)
    assert rows and all(row.count('class="box"') == 6 for row in rows)
    assert html.count("<thead>") == len(
        [b for s in form.form.sections for b in s.blocks]
    )  # one header per table; WeasyPrint repeats it on every page


def test_unknown_group_is_a_usage_error(qsld_extra: Questionnaire) -> None:
    with pytest.raises(UsageError) as caught:
        build_form_context(qsld_extra, "wethouders-en-raad")
    assert caught.value.problems[0].code == "unknown-group"
    assert "raad, college, ambtenaar, inwoner" in str(caught.value.problems[0])


def test_intro_return_address_and_deadline(qsld_extra: Questionnaire) -> None:
    blank = parse(build_form(qsld_extra, "inwoner").html)
    assert "Lever de ingevulde vragenlijst in bij:" in blank.plain
    assert "ongeveer 15 minuten" in blank.plain
    assert "anoniem" in blank.plain
    assert blank.plain.count("Graag vóór:") == 1  # placeholder lines only on page 1
    filled = build_form(
        qsld_extra,
        "inwoner",
        return_address="Gemeente Voorbeeldstad\nAntwoordnummer 12 <script>",
        deadline=dt.date(2026, 3, 31),
    )
    page = parse(filled.html)
    assert "Antwoordnummer 12 <script>" in page.plain
    assert page.tags.count("script") == 0
    assert page.plain.count("31 maart 2026") == 2  # introduction and closing
    english = parse(build_form(qsld_extra, "inwoner", lang="en").html)
    assert "Strongly disagree" in english.plain and "It takes about" in english.plain


def test_questionnaire_texts_are_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    shutil.copytree(CASES / "_valid", folder)
    area = folder / "areas" / "1-raad.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace(
            "De raad stelt zijn eigen agenda vast.", "'De raad <b>stelt</b> & agendeert.'"
        ),
        encoding="utf-8",
    )
    q = load_questionnaire(folder)
    html = build_form(q, "raad").html
    page = parse(html)
    assert "De raad <b>stelt</b> & agendeert." in page.plain
    assert "b" not in page.tags
    assert "&lt;b&gt;stelt&lt;/b&gt; &amp; agendeert." in html


def test_large_print_css() -> None:
    q = load_questionnaire("qsld")
    page = parse(build_form(q, "inwoner", large_print=True).html)
    css = "\n".join(page.styles)
    sizes = re.findall(r"font-size:\s*([0-9.]+)(\w+)", css)
    assert sizes and all(unit == "pt" and float(value) >= 16 for value, unit in sizes)
    colours = re.findall(r"(?<![-\w])(?:color|background):\s*([^;]+);", css)
    assert colours and set(colours) <= {"#000000", "#ffffff"}
    box = re.search(r"\.box \{[^}]*width: ([0-9.]+)mm; height: ([0-9.]+)mm", css)
    assert box and float(box.group(1)) >= 8 and float(box.group(2)) >= 8
    assert FormStyle.large().box_mm >= 8
    # the standard form is smaller: the large print rules are not always on
    standard = "\n".join(parse(build_form(q, "inwoner").html).styles)
    assert any(float(v) < 16 for v, _ in re.findall(r"font-size:\s*([0-9.]+)(\w+)", standard))


def test_html_is_self_contained() -> None:
    html = build_form(load_questionnaire("qsld"), "raad").html
    assert "file:" not in html
    assert "data:font/ttf;base64," in html


def test_estimate_and_first_sentence() -> None:
    assert estimate_minutes(36, 3) == 15  # 36 * 12 s + 3 * 90 s = 11.7 min
    assert estimate_minutes(0, 0) == 5
    assert first_sentence("Dit gaat over X. En over Y?") == "Dit gaat over X."
    assert first_sentence("  Zonder punt  ") == "Zonder punt"


# --- real PDFs -------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(("group", "large_print"), [("inwoner", False), ("raad", True)])
def test_pdf_has_pages_and_only_packaged_assets(
    qsld_extra: Questionnaire, group: str, large_print: bool, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from quickscan.report.render import packaged_assets

    form = build_form(qsld_extra, group, large_print=large_print)
    path = form.write_pdf(tmp_path / "form.pdf")
    reader = PdfReader(path)
    assert len(reader.pages) >= (10 if large_print else 4)
    assert not reader.attachments
    first = reader.pages[0].extract_text()
    assert "Quick Scan Lokale Democratie" in first
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert f"pagina 1 van {len(reader.pages)}" in text
    assert form.fetched_urls
    assets = packaged_assets().resolve().as_uri()
    assert all(url.startswith(assets) for url in form.fetched_urls)
    assert not list(tmp_path.glob(".*.part"))  # written atomically


@pytest.mark.slow
def test_pdf_content_is_deterministic(monkeypatch: pytest.MonkeyPatch) -> None:
    # The form itself holds no dates. (Without the HarfBuzz-Subset library WeasyPrint subsets
    # fonts with fontTools, which stamps them with the current time unless SOURCE_DATE_EPOCH
    # is set; with it set, the output does not depend on the machine's libraries.)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    q = load_questionnaire("qsld")
    first = build_form(q, "college").pdf_bytes()
    second = build_form(q, "college").pdf_bytes()
    assert first == second
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(first)).pages) >= 4


def test_form_matches_the_xlsx_entry_template(qsld_extra: Questionnaire, tmp_path: Path) -> None:
    """Typists copy the form into the XLSX template: same order, and every box is a code the
    template's drop-down accepts (anything else, e.g. a typo '6', is refused)."""
    from openpyxl import load_workbook

    from quickscan.answer_template import write_template

    path = tmp_path / "answers.xlsx"
    write_template(qsld_extra, path)
    workbook = load_workbook(path)
    sheet, lists = workbook["answers"], workbook["lists"]
    header = [cell.value for cell in sheet[1]]
    allowed: dict[str, list[object]] = {}
    for validation in sheet.data_validations.dataValidation:
        if validation.type != "list":
            continue  # the custom checks on respondent ids and CBS codes
        ref = validation.formula1.lstrip("=").split("!")[1].replace("$", "")
        values = [cell.value for row in lists[ref] for cell in row]
        for cell_range in validation.sqref.ranges:
            column = header[cell_range.min_col - 1]
            assert (cell_range.min_row, cell_range.max_row) == (2, 2001)
            allowed[str(column)] = values
    for group in ("raad", "inwoner"):
        form = build_form_context(qsld_extra, group)
        positions = [header.index(item_id) for item_id in form.printed_ids]
        assert positions == sorted(positions)  # the page follows the columns left to right
        assert group in allowed["group"]
        for section in form.sections:
            for block in section.blocks:
                boxes = [o.code for o in (*block.options, *block.dont_know)]
                for item in block.items:
                    assert allowed[item.id] == boxes, item.id
    assert 6 not in allowed["GR01"] and "inwoners" not in allowed["group"]
