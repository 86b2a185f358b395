"""The report's library API: pick a municipality, build the document, write it.

doc = build_report(result, questionnaire, municipality="GM9901", lang="nl")
doc.write_pdf("profile.pdf"); doc.write_html("profile.html"); doc.write_agenda("a.xlsx")
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from quickscan.errors import Location, Problem, UsageError
from quickscan.questionnaire.models import Questionnaire
from quickscan.report.agenda import Agenda, AgendaRow, write_agenda
from quickscan.report.context import OpenAnswer, ReportOptions, build_context
from quickscan.report.open_answers import Approval
from quickscan.report.pdf import PdfDocument
from quickscan.report.redact import RedactionSettings
from quickscan.results import MunicipalityResult, ScoreResult

if TYPE_CHECKING:
    from quickscan.compare.benchmark import Benchmark, BenchmarkPosition


def slug(text: str, limit: int = 60) -> str:
    """'De Wolden aan Zee' -> 'de-wolden-aan-zee'; only a-z, 0-9 and single dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return cleaned[:limit].rstrip("-")


def default_output_name(municipality: MunicipalityResult, suffix: str = ".pdf") -> str:
    """'GM9901-de-wolden-aan-zee.pdf' (code and a safe slug of the name)."""
    parts = [
        re.sub(r"[^A-Za-z0-9]+", "", municipality.municipality_code or ""),
        slug(municipality.municipality_name or ""),
    ]
    if municipality.wave:
        parts.append(slug(municipality.wave, 30))
    stem = "-".join(p for p in parts if p) or "profiel"
    return stem + suffix


def _describe(m: MunicipalityResult) -> str:
    text = " ".join(p for p in (m.municipality_code, m.municipality_name) if p)
    return f"{text} (wave {m.wave})" if m.wave else text


def select_municipality(
    result: ScoreResult, municipality: str | None = None, wave: str | None = None
) -> MunicipalityResult:
    """The one municipality (and wave) to report on; an error lists what the file holds."""
    found = list(result.municipalities)
    if municipality is not None:
        wanted = municipality.strip().casefold()
        found = [
            m
            for m in found
            if wanted
            in ((m.municipality_code or "").casefold(), (m.municipality_name or "").casefold())
        ]
    if wave is not None:
        found = [m for m in found if (m.wave or "") == wave]
    if len(found) == 1:
        return found[0]
    listing = "; ".join(_describe(m) for m in result.municipalities)
    if not found:
        raise UsageError(
            problems=[
                Problem(
                    code="municipality-not-found",
                    message="no municipality "
                    + (f"{municipality!r} " if municipality else "")
                    + (f"in wave {wave!r} " if wave else "")
                    + f"in the answers; found: {listing}",
                    hint="give --municipality with one of the codes or names found "
                    "(and --wave when there are several waves)",
                )
            ]
        )
    municipalities = len({m.municipality_code or m.municipality_name for m in found})
    several_municipalities = municipalities > 1
    raise UsageError(
        problems=[
            Problem(
                code="municipality-required" if several_municipalities else "wave-required",
                message=(
                    f"the answers hold {municipalities} municipalities "
                    f"({len(found)} municipality-waves): "
                    if several_municipalities
                    else f"the answers hold {len(found)} waves: "
                )
                + "; ".join(_describe(m) for m in found),
                location=Location(),
                hint="choose one with --municipality CODE"
                if several_municipalities
                else "choose one with --wave",
            )
        ]
    )


@dataclass
class ReportDocument(PdfDocument):
    """One report, ready to be written as PDF, HTML or verbeteragenda."""

    context: dict[str, Any]
    municipality: MunicipalityResult
    template_dir: Path | None = None
    draw_charts: bool = True
    #: Every URL the PDF renderer asked for during the last write_pdf/pdf_bytes.
    fetched_urls: list[str] = field(default_factory=list)
    #: Where the municipality stands in the benchmark, when one was given.
    benchmark: BenchmarkPosition | None = None

    @cached_property
    def charts(self) -> dict[str, Markup]:
        from quickscan.report import charts

        data = self.context["chart_data"]
        if not self.draw_charts:
            return charts.no_charts(data)
        alts = {"radar": self.context["radar_alt"]}
        for area in self.context["areas"]:
            alts[area["anchor"] + "-groups"] = area["alt_groups"]
            alts[area["anchor"] + "-items"] = area["alt_items"]
        if self.context["maatwerk"]:
            alts["maatwerk-items"] = self.context["maatwerk"]["alt_items"]
        return charts.draw_all(data, alts)

    @property
    def _shares_fonts(self) -> bool:
        """The PDF gets the packaged fonts loaded once per process (`pdf.render_pdf`);
        custom templates keep theirs inline, where they may add their own."""
        return self.template_dir is None

    def _render(self, asset_mode: str) -> str:
        from quickscan.report.render import render_html

        return render_html(
            # `screen`: the self-contained HTML gets the screen style (screen.css.j2).
            {**self.context, "screen": asset_mode == "data"},
            self.charts,
            template_dir=self.template_dir,
            asset_mode=asset_mode,  # type: ignore[arg-type]
            inline_fonts=asset_mode == "data" or not self._shares_fonts,
        )

    @cached_property
    def html(self) -> str:
        """The self-contained HTML: inline CSS, fonts as data: URLs, charts inline; made for
        a screen as well (scrolling tables, distinct chart descriptions: report/screen.py)."""
        from quickscan.report.screen import screen_html

        t = self.context["t"]
        return screen_html(self._render("data"), t["table_region"], t["chart_region"])

    @cached_property
    def print_html(self) -> str:
        """The same document with assets as file: URLs (faster for the PDF renderer)."""
        return self._render("file")

    def _pdf_args(self) -> dict[str, Any]:
        from quickscan.report.render import asset_roots, packaged_assets, packaged_fonts_css

        return {
            "base_url": Path(self.template_dir) if self.template_dir else packaged_assets(),
            "roots": asset_roots(self.template_dir),
            "fonts_css": packaged_fonts_css() if self._shares_fonts else None,
        }

    @property
    def agenda(self) -> Agenda:
        t = self.context["t"]
        rows = [
            AgendaRow(
                priority=row["priority"],
                area=row["area"],
                action="",
                suggestions=list(row["suggestions"]),
            )
            for row in self.context["agenda"]["rows"]
        ]
        return Agenda(
            title=t["sec_agenda"],
            municipality=self.context["meta"]["municipality"],
            headers=[
                t["priority"],
                t["area"],
                t["action"],
                t["owner"],
                t["deadline"],
                t["measure"],
            ],
            rows=rows,
        )

    def write_agenda(self, path: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
        day = dt.date.fromisoformat(self.context["meta"]["date_iso"])
        return write_agenda(self.agenda, path, inputs, created=day)


def build_report(
    result: ScoreResult,
    questionnaire: Questionnaire,
    *,
    municipality: str | None = None,
    wave: str | None = None,
    lang: str = "nl",
    report_date: dt.date | None = None,
    include_open_answers: bool = False,
    open_answers: Sequence[OpenAnswer] = (),
    template_dir: Path | str | None = None,
    charts: bool = True,
    benchmark: Benchmark | None = None,
    redaction: RedactionSettings | None = None,
    approval: Approval | None = None,
    pdf_variant: str = "ua-1",
) -> ReportDocument:
    """Build the democracy profile of one municipality (and wave) in `result`.

    `redaction` says what may stay in the open answers; `approval` (read by
    `open_answers_review.read_review`) limits them to those a reviewer approved.

    `benchmark` (from `quickscan.compare.load_benchmark`) adds the municipality's place
    among its peers: a marker on each area's chart, a sentence per area, a summary table.
    `pdf_variant`: one of `report.pdf.PDF_VARIANTS` (PDF/UA-1 by default).
    """
    from quickscan.report.pdf import check_variant

    check_variant(pdf_variant)
    chosen = select_municipality(result, municipality, wave)
    position = None
    if benchmark is not None:
        from quickscan.compare.benchmark import benchmark_position

        position = benchmark_position(benchmark, chosen, result.settings)
    options = ReportOptions(
        lang=lang,
        report_date=report_date,
        include_open_answers=include_open_answers,
        open_answers=tuple(open_answers),
        charts=charts,
        benchmark=position,
        redaction=redaction or RedactionSettings(),
        approval=approval,
    )
    context = build_context(result, chosen, questionnaire, options)
    document = ReportDocument(
        context=context,
        municipality=chosen,
        template_dir=Path(template_dir) if template_dir is not None else None,
        draw_charts=charts,
        benchmark=position,
    )
    document.pdf_variant = pdf_variant
    return document


def open_answers_from(answer_set: Any, municipality: MunicipalityResult) -> list[OpenAnswer]:
    """The open answers of one municipality and wave from an `AnswerSet`.

    `open_answers` has one row per respondent, in the order of `respondents`.
    """
    respondents = answer_set.respondents
    answers = answer_set.open_answers
    if answers is None or len(answers) == 0 or len(answers) != len(respondents):
        return []

    def text(column: str) -> Any:
        # The columns are categoricals: fill blanks after leaving the categories behind
        # (a file without a wave, or with an empty one, has no "" category to fill with).
        return respondents[column].astype("string").fillna("")

    if municipality.municipality_code:
        keep = text("municipality_code").eq(municipality.municipality_code)
    else:
        keep = text("municipality_name").eq(municipality.municipality_name or "")
    keep = keep & text("wave").eq(municipality.wave or "")
    columns = [c for c in answers.columns if c != "respondent_id"]
    result: list[OpenAnswer] = []
    for position, selected in enumerate(keep.tolist()):
        if not selected:
            continue
        group = respondents["group"].iloc[position]
        respondent = respondents["respondent_id"].iloc[position]
        if not isinstance(respondent, str) or not respondent:
            # Without ids the row keeps the answer's key in the review file apart.
            respondent = f"row {respondents['row'].iloc[position]}"
        for column in columns:
            value = answers[column].iloc[position]
            if isinstance(value, str) and value.strip():
                result.append(
                    OpenAnswer(
                        question=column,
                        text=value,
                        group=str(group) if group else None,
                        respondent=respondent,
                    )
                )
    return result
