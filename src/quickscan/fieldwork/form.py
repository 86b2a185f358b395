"""The paper questionnaire of one respondent group: questionnaire -> form context -> HTML -> PDF.

Items are numbered in the order of the answer template (`answer_template.template_columns`:
areas in number order, items in file order, then maatwerk, then open questions), so a typist
entering paper forms follows the page. Only the items that apply to the group are printed.
Rendering uses the report's Jinja environment (`report.render`) and PDF writer
(`report.pdf`): autoescaping, StrictUndefined, packaged assets only.

    form = build_form(questionnaire, "inwoner", lang="nl", large_print=True)
    form.write_pdf("vragenlijst.pdf"); form.write_html("vragenlijst.html")
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from quickscan.answer_template import template_columns
from quickscan.errors import Problem, UsageError
from quickscan.fieldwork.form_texts import form_strings
from quickscan.questionnaire.models import Questionnaire, Scale
from quickscan.report.pdf import PdfDocument

FORM_TEMPLATE = "questionnaire/form.html.j2"

#: Reading time per statement and per open question, for "about N minutes".
SECONDS_PER_ITEM = 12
SECONDS_PER_OPEN_QUESTION = 90


@dataclass(frozen=True)
class FormStyle:
    """Sizes and colours of the form; the CSS template reads nothing else."""

    large_print: bool
    text_pt: float
    small_pt: float
    heading_pt: float
    title_pt: float
    line_height: float
    box_mm: float
    row_padding_mm: float
    open_lines: int
    open_line_mm: float
    ink: str
    muted: str
    rule: str
    shade: str
    border_pt: float
    margin_mm: float

    @classmethod
    def standard(cls) -> FormStyle:
        return cls(
            large_print=False,
            text_pt=10,
            small_pt=7.5,
            heading_pt=13,
            title_pt=19,
            line_height=1.3,
            box_mm=4.5,
            row_padding_mm=1.3,
            open_lines=5,
            open_line_mm=8.5,
            ink="#000000",
            muted="#4d4d4d",
            rule="#8c8c8c",
            shade="#eeeeee",
            border_pt=0.8,
            margin_mm=16,
        )

    @classmethod
    def large(cls) -> FormStyle:
        """Low vision: >= 16 pt everywhere, black on white only, 10 mm boxes, more space."""
        return cls(
            large_print=True,
            text_pt=16,
            small_pt=16,
            heading_pt=21,
            title_pt=26,
            line_height=1.45,
            box_mm=10,
            row_padding_mm=3,
            open_lines=6,
            open_line_mm=14,
            ink="#000000",
            muted="#000000",
            rule="#000000",
            shade="#ffffff",
            border_pt=1.5,
            margin_mm=14,
        )


@dataclass(frozen=True)
class FormOption:
    code: int
    label: str


@dataclass(frozen=True)
class FormItem:
    number: int
    id: str
    text: str


@dataclass(frozen=True)
class FormBlock:
    """Consecutive items on one scale: one table with one header."""

    options: list[FormOption]
    dont_know: list[FormOption]
    items: list[FormItem] = field(default_factory=list)

    @property
    def columns(self) -> int:
        return len(self.options) + len(self.dont_know)


@dataclass(frozen=True)
class FormSection:
    """A focus area (or the maatwerkvragen) with the group's items."""

    kind: str  # "area" or "maatwerk"
    area: str | None  # the area id; None for the maatwerkvragen
    number: int | None
    title: str
    about: str
    blocks: list[FormBlock] = field(default_factory=list)


@dataclass(frozen=True)
class FormOpenQuestion:
    number: int
    id: str
    text: str


@dataclass(frozen=True)
class FormContext:
    """Everything the form template shows, as plain texts and numbers."""

    lang: str
    title: str
    purpose: str
    group_id: str
    group_label: str
    group_description: str
    minutes: int
    return_address: list[str]
    deadline: str | None
    sections: list[FormSection]
    open_questions: list[FormOpenQuestion]
    questionnaire_id: str
    questionnaire_version: str
    fingerprint: str

    @property
    def items(self) -> list[FormItem]:
        return [item for s in self.sections for b in s.blocks for item in b.items]

    @property
    def printed_ids(self) -> list[str]:
        """Item and open question ids in print order (= answer template order)."""
        return [item.id for item in self.items] + [q.id for q in self.open_questions]


def first_sentence(text: str) -> str:
    """The plain one-line summary of an area: its description up to the first full stop."""
    match = re.match(r"(.+?[.!?])(\s|$)", " ".join(text.split()))
    return match.group(1) if match else " ".join(text.split())


def resolve_group(questionnaire: Questionnaire, group: str) -> str:
    """A group id from an id, label or alias; a usage error lists the groups otherwise."""
    found = questionnaire.match_group(group)
    if found is None:
        known = ", ".join(g.id for g in questionnaire.groups)
        raise UsageError(
            problems=[
                Problem(
                    code="unknown-group",
                    message=f"the questionnaire has no group {group!r}",
                    hint=f"use one of: {known}",
                )
            ]
        )
    return found


def estimate_minutes(items: int, open_questions: int) -> int:
    """Reading and answering time rounded up to 5 minutes (at least 5)."""
    seconds = items * SECONDS_PER_ITEM + open_questions * SECONDS_PER_OPEN_QUESTION
    return max(5, 5 * math.ceil(seconds / 300))


def _options(scale: Scale, lang: str) -> tuple[list[FormOption], list[FormOption]]:
    return (
        [FormOption(o.code, o.label.get(lang)) for o in scale.options],
        [FormOption(o.code, o.label.get(lang)) for o in scale.dont_know],
    )


def build_form_context(
    questionnaire: Questionnaire,
    group: str,
    *,
    lang: str = "nl",
    return_address: str | None = None,
    deadline: dt.date | None = None,
) -> FormContext:
    """The form of one group: its items in answer-template order, numbered from 1."""
    from quickscan.report.i18n import format_date

    group_id = resolve_group(questionnaire, group)
    items = {item.id: item for item in questionnaire.all_items}
    open_questions = {q.id: q for q in questionnaire.all_open_questions}
    t = form_strings(lang)
    sections: list[FormSection] = []
    printed_open: list[FormOpenQuestion] = []
    number = 0
    for column in template_columns(questionnaire):
        if column in items:
            item = items[column]
            if not item.applies_to(group_id):
                continue
            area_id = questionnaire.area_of(item.id)
            if not sections or sections[-1].area != area_id:
                sections.append(_section(questionnaire, area_id, lang, t))
            section = sections[-1]
            scale = questionnaire.scale(item.scale)
            options, dont_know = _options(scale, lang)
            if (
                not section.blocks
                or section.blocks[-1].options != options
                or section.blocks[-1].dont_know != dont_know
            ):
                section.blocks.append(FormBlock(options=options, dont_know=dont_know))
            number += 1
            section.blocks[-1].items.append(FormItem(number, item.id, item.text.get(lang)))
        elif column in open_questions:
            question = open_questions[column]
            if question.groups is not None and group_id not in question.groups:
                continue
            number += 1
            printed_open.append(FormOpenQuestion(number, question.id, question.text.get(lang)))
    group_model = questionnaire.group(group_id)
    n_items = sum(len(b.items) for s in sections for b in s.blocks)
    return FormContext(
        lang=lang,
        title=questionnaire.title.get(lang),
        purpose=questionnaire.description.get(lang) if questionnaire.description else "",
        group_id=group_id,
        group_label=group_model.label.get(lang),
        group_description=(group_model.description.get(lang) if group_model.description else ""),
        minutes=estimate_minutes(n_items, len(printed_open)),
        return_address=[
            line.strip() for line in (return_address or "").splitlines() if line.strip()
        ],
        deadline=format_date(deadline, "en" if lang == "en" else "nl") if deadline else None,
        sections=sections,
        open_questions=printed_open,
        questionnaire_id=questionnaire.id,
        questionnaire_version=questionnaire.version,
        fingerprint=questionnaire.fingerprint,
    )


def _section(
    questionnaire: Questionnaire, area_id: str | None, lang: str, t: dict[str, str]
) -> FormSection:
    if area_id is None:
        title = questionnaire.maatwerk_title.get(lang) if questionnaire.maatwerk_title else ""
        return FormSection(
            kind="maatwerk",
            area=None,
            number=None,
            title=title or t["maatwerk_title"],
            about=t["maatwerk_about"],
        )
    area = questionnaire.area(area_id)
    return FormSection(
        kind="area",
        area=area.id,
        number=area.number,
        title=area.title.get(lang),
        about=first_sentence(area.description.get(lang)),
    )


@dataclass
class FormDocument(PdfDocument):
    """One paper questionnaire, ready to be written as PDF or HTML."""

    form: FormContext
    style: FormStyle
    #: Every URL the PDF renderer asked for during the last write_pdf/pdf_bytes.
    fetched_urls: list[str] = field(default_factory=list)

    def template_context(self) -> dict[str, Any]:
        t = dict(form_strings(self.form.lang))
        t["duration"] = t["duration"].format(minutes=self.form.minutes)
        return {"form": self.form, "style": self.style, "t": t}

    def _render(self, asset_mode: str) -> str:
        from quickscan.report.render import render_html

        return render_html(
            self.template_context(),
            {},
            asset_mode=asset_mode,  # type: ignore[arg-type]
            template_name=FORM_TEMPLATE,
        )

    @cached_property
    def html(self) -> str:
        """Self-contained HTML: inline CSS, the font as a data: URL."""
        return self._render("data")

    @cached_property
    def print_html(self) -> str:
        """The same document with assets as file: URLs (faster for the PDF renderer)."""
        return self._render("file")

    def _pdf_args(self) -> dict[str, Any]:
        from quickscan.report.render import asset_roots, packaged_assets

        return {"base_url": packaged_assets(), "roots": asset_roots(None)}


def build_form(
    questionnaire: Questionnaire,
    group: str,
    *,
    lang: str = "nl",
    large_print: bool = False,
    return_address: str | None = None,
    deadline: dt.date | None = None,
) -> FormDocument:
    """The paper questionnaire of one group (see the module docstring)."""
    context = build_form_context(
        questionnaire, group, lang=lang, return_address=return_address, deadline=deadline
    )
    return FormDocument(
        form=context, style=FormStyle.large() if large_print else FormStyle.standard()
    )
