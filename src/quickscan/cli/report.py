"""`quickscan report`: answers in, the PDF democracy profile of one municipality out."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import (
    AnswersArgument,
    DelimiterOption,
    ExtraOption,
    Lang,
    LangOption,
    MaxRowsOption,
    PdfVariant,
    PdfVariantOption,
    PopulationOption,
    QuestionnaireRef,
    SheetOption,
    WeightCapOption,
    WeightsOption,
    answer_files,
    delimiter_value,
)
from quickscan.errors import Location, Problem, UsageError

if TYPE_CHECKING:
    from quickscan.results import Message


def _report_date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            problems=[
                Problem(
                    code="bad-report-date",
                    message=f"--report-date {text!r} is not a date",
                    hint="write it as YYYY-MM-DD, e.g. 2026-03-31",
                )
            ]
        ) from None


def _distinct_outputs(*paths: Path | None) -> None:
    seen: dict[Path, Path] = {}
    for path in paths:
        if path is None:
            continue
        key = path.resolve()
        if key in seen:
            raise UsageError(
                problems=[
                    Problem(
                        code="same-output-twice",
                        message=f"{path} is given for two outputs",
                        hint="give the PDF, HTML and agenda each their own name",
                    )
                ]
            )
        seen[key] = path


def _review_options(review: Path | None, approved: Path | None, *, each: bool) -> None:
    given = [name for name, path in (("--open-answers-review", review),
                                     ("--open-answers-approved", approved)) if path]  # fmt: skip
    if len(given) == 2:
        raise UsageError(
            problems=[
                Problem(
                    code="review-and-approved",
                    message="--open-answers-review and --open-answers-approved are two steps",
                    hint="first write the review, check it, then make the report with the "
                    "approved file",
                )
            ]
        )
    if each and review is not None and review.suffix.lower() == ".xlsx":
        raise UsageError(
            problems=[
                Problem(
                    code="review-with-each-is-a-folder",
                    message="with --each the review is a folder, one workbook per "
                    f"municipality, not '{review.name}'",
                    hint="give a folder, e.g. --open-answers-review reviews/",
                )
            ]
        )
    if not each and review is not None and review.suffix.lower() != ".xlsx":
        raise UsageError(
            problems=[
                Problem(
                    code="bad-review-suffix",
                    message=f"cannot write the review as '{review.suffix or review.name}'",
                    hint="use a name ending in .xlsx",
                )
            ]
        )


def _benchmark_warnings(warnings: Iterable[Message], source: Path | None) -> list[Problem]:
    where = Location(file=str(source)) if source is not None else Location()
    return [
        Problem(code=w.code, message=w.message, location=where, severity="warning")
        for w in warnings
    ]


def _review_each(answers: list[Path], questionnaire: str, folder: Path, *, extra: Path | None,
                 lang: str, municipality: str | None, wave: str | None, delimiter: str | None,
                 sheet: str | None, keep_office_holder_names: bool,
                 created: dt.date | None) -> None:  # fmt: skip
    """`--each --open-answers-review FOLDER`: one workbook per municipality, no reports."""
    from quickscan.compare.batch_review import review_each

    written = review_each(
        answers, questionnaire, folder, extra=extra, municipality=municipality, wave=wave,
        delimiter=delimiter, sheet=sheet, lang=lang,
        keep_office_holder_names=keep_office_holder_names, created=created,
    )  # fmt: skip
    total = sum(review.answers for review in written)
    console.success(
        f"wrote {len(written)} review workbooks into {folder} ({total} open answers to review)"
    )
    console.info(
        "Read every answer, edit the text where needed, mark it approved, then run the "
        f"reports with --each --open-answers-approved {folder}"
    )


@app.command("report")
@command_errors
def report_command(
    answers: AnswersArgument,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    municipality: Annotated[
        str | None,
        typer.Option(
            "--municipality",
            help="CBS code (GM0363) or name; needed when the answers hold several.",
        ),
    ] = None,
    population: PopulationOption = None,
    weights: WeightsOption = None,
    weight_cap: WeightCapOption = None,
    wave: Annotated[
        str | None, typer.Option("--wave", help="The wave, when the answers hold several.")
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="The PDF to write (- is stdout). Default: CBS code and name, e.g. "
            "GM9901-de-wolden.pdf.",
            dir_okay=False,
            metavar="FILE.pdf|-",
        ),
    ] = None,
    lang: LangOption = Lang.nl,
    pdf_variant: PdfVariantOption = PdfVariant.ua_1,
    html: Annotated[
        Path | None,
        typer.Option("--html", help="Also write the report as one self-contained HTML file."),
    ] = None,
    agenda: Annotated[
        Path | None,
        typer.Option(
            "--agenda", help="Also write the verbeteragenda as an editable .xlsx, .csv or .md."
        ),
    ] = None,
    include_open_answers: Annotated[
        bool,
        typer.Option(
            "--include-open-answers",
            help="Add the open answers, with personal data removed.",
        ),
    ] = False,
    open_answers_review: Annotated[
        Path | None,
        typer.Option(
            "--open-answers-review",
            help="Write every open answer with its redacted text and what was found to this "
            ".xlsx for a person to check and approve, instead of the report; with --each a "
            "folder, one workbook per municipality (docs/privacy.md).",
        ),
    ] = None,
    open_answers_approved: Annotated[
        Path | None,
        typer.Option(
            "--open-answers-approved",
            help="Include only the open answers marked approved in this reviewed .xlsx "
            "(with --each: the folder of reviewed workbooks; implies --include-open-answers).",
        ),
    ] = None,
    keep_office_holder_names: Annotated[
        bool,
        typer.Option(
            "--keep-office-holder-names",
            help="In open answers, keep names after a public role (wethouder De Vries).",
        ),
    ] = False,
    report_date: Annotated[
        str | None,
        typer.Option(
            "--report-date",
            help="Date printed in the report (YYYY-MM-DD; default today). Same inputs and "
            "date give a byte-identical PDF.",
        ),
    ] = None,
    template_dir: Annotated[
        Path | None,
        typer.Option(
            "--template-dir",
            help="A folder with your own templates, tried before the packaged ones "
            "(docs/templates.md).",
            file_okay=False,
        ),
    ] = None,
    benchmark: Annotated[
        Path | None,
        typer.Option(
            "--benchmark",
            help="A benchmark from quickscan compare --save-benchmark: show where the "
            "municipality stands among those peers (docs/compare.md).",
            dir_okay=False,
        ),
    ] = None,
    benchmark_any_wave: Annotated[
        bool,
        typer.Option(
            "--benchmark-any-wave",
            help="Use a benchmark made for another wave than the report's (refused "
            "otherwise); the report names the benchmark's wave and date.",
        ),
    ] = False,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    max_rows: MaxRowsOption = None,
    each: Annotated[
        bool,
        typer.Option(
            "--each",
            help="One report per municipality and wave (--municipality/--wave narrow it down); "
            "inputs may be folders or globs. See docs/compare.md.",
        ),
    ] = False,
    out_dir: Annotated[
        Path, typer.Option("--out-dir", help="With --each: the folder for the reports.")
    ] = Path("reports"),
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", min=1, help="With --each: reports rendered at once.")
    ] = 1,
    keep_going: Annotated[
        bool,
        typer.Option("--keep-going", help="With --each: make every report that can be made."),
    ] = False,
) -> None:
    """Write the PDF democracy profile of one municipality (and wave), or of each.

    \b
    Examples:
      quickscan report answers.csv -o profile.pdf
      quickscan report answers/ --each --out-dir reports -j 2
    """
    from quickscan.api import read_files, weighting_for
    from quickscan.output import check_output_path, is_stdout
    from quickscan.questionnaire import load_questionnaire
    from quickscan.report import (
        build_report,
        default_output_name,
        open_answers_from,
        select_municipality,
    )
    from quickscan.report.agenda import AGENDA_FORMATS
    from quickscan.scoring import score

    day = _report_date(report_date)
    _review_options(open_answers_review, open_answers_approved, each=each)
    include_open_answers = include_open_answers or open_answers_approved is not None
    if each:
        if output is not None or html is not None or agenda is not None:
            raise UsageError(
                "--each writes one PDF per municipality into --out-dir; "
                "leave out -o, --html and --agenda"
            )
        if open_answers_review is not None:
            _review_each(
                answers, questionnaire, open_answers_review, extra=extra, lang=lang.value,
                municipality=municipality, wave=wave, delimiter=delimiter_value(delimiter),
                sheet=sheet, keep_office_holder_names=keep_office_holder_names, created=day,
            )  # fmt: skip
            return
        from quickscan.cli.compare import run_each

        run_each(
            answers, questionnaire, extra=extra, out_dir=out_dir, jobs=jobs,
            keep_going=keep_going, lang=lang.value, report_date=day,
            include_open_answers=include_open_answers, template_dir=template_dir,
            municipality=municipality, wave=wave, delimiter=delimiter_value(delimiter),
            sheet=sheet, benchmark=benchmark, benchmark_any_wave=benchmark_any_wave,
            pdf_variant=pdf_variant.value, population=population, weights=weights,
            weight_cap=weight_cap, keep_office_holder_names=keep_office_holder_names,
            open_answers_approved=open_answers_approved,
        )  # fmt: skip
        return
    if output is not None and not is_stdout(output) and output.suffix.lower() != ".pdf":
        raise UsageError(
            problems=[
                Problem(
                    code="bad-report-suffix",
                    message=f"the report is a PDF; cannot write it as '{output.name}'",
                    location=Location(file=str(output)),
                    hint="give a name ending in .pdf (or - for stdout); "
                    "--html and --agenda write the other formats",
                )
            ]
        )
    if agenda is not None and agenda.suffix.lower() not in AGENDA_FORMATS:
        raise UsageError(
            problems=[
                Problem(
                    code="bad-agenda-suffix",
                    message=f"cannot write the agenda as '{agenda.suffix or agenda.name}'",
                    hint="use a name ending in .xlsx, .csv or .md",
                )
            ]
        )
    from quickscan.runtime import collector_paused

    # One report, then the process ends: the collector would only walk the answers, the
    # results and WeasyPrint's millions of objects again and again (see report/pdf.py).
    with collector_paused():
        answers = answer_files(answers)
        inputs: list[Path] = [*answers, *([extra] if extra else [])]
        q = load_questionnaire(questionnaire, extra=extra)
        peers = None
        if benchmark is not None:
            from quickscan.compare import load_benchmark

            # Refused (exit 7) for another questionnaire, and later for another wave.
            peers = load_benchmark(benchmark, q, any_wave=benchmark_any_wave)
            inputs.append(benchmark)
        answer_set = read_files(answers, q, delimiter=delimiter_value(delimiter), sheet=sheet)
        chosen_weights = weighting_for(
            answer_set, q, population=population, weights=weights, cap=weight_cap
        )
        if population is not None:
            inputs.append(population)
        console.print_problems(answer_set.problems)
        result = score(answer_set, q, weights=chosen_weights)
        chosen = select_municipality(result, municipality, wave)

        from quickscan.report.redact import RedactionSettings

        redaction = RedactionSettings(keep_office_holders=keep_office_holder_names)
        if open_answers_review is not None:
            from quickscan.report.open_answers_review import write_review_for

            check_output_path(open_answers_review, inputs)
            written = write_review_for(
                answer_set, q, chosen, open_answers_review, lang=lang.value,
                settings=redaction, inputs=inputs, created=day,
            )  # fmt: skip
            console.success(f"wrote {open_answers_review} ({written} open answers to review)")
            console.info(
                "Read every answer, edit the text where needed, mark it approved, then run "
                f"the report with --open-answers-approved {open_answers_review}"
            )
            return
        approval = None
        if open_answers_approved is not None:
            from quickscan.report.open_answers_review import read_review_for

            approval = read_review_for(
                answer_set, q, chosen, open_answers_approved, lang=lang.value, settings=redaction
            )
            inputs.append(open_answers_approved)

        pdf_path = output if output is not None else Path(default_output_name(chosen))
        _distinct_outputs(pdf_path, html, agenda)
        for path in (pdf_path, html, agenda):
            if path is not None:
                check_output_path(path, inputs)

        document = build_report(
            result,
            q,
            municipality=chosen.municipality_code or chosen.municipality_name,
            wave=chosen.wave,
            lang=lang.value,
            report_date=day,
            include_open_answers=include_open_answers,
            open_answers=open_answers_from(answer_set, chosen) if include_open_answers else (),
            template_dir=template_dir,
            benchmark=peers,
            redaction=redaction,
            approval=approval,
            pdf_variant=pdf_variant.value,
        )
        if document.benchmark is not None:
            console.print_problems(_benchmark_warnings(document.benchmark.warnings, benchmark))
        document.write_pdf(pdf_path, inputs)
        console.wrote(pdf_path)
        if html is not None:
            document.write_html(html, inputs)
            console.wrote(html)
        if agenda is not None:
            document.write_agenda(agenda, inputs)
            console.wrote(agenda)
