"""`quickscan questionnaire print`: the paper questionnaire of one group, as PDF or HTML."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from quickscan import console
from quickscan.cli.app import command_errors
from quickscan.cli.options import (
    ExtraOption,
    Lang,
    LangOption,
    PdfVariant,
    PdfVariantOption,
    QuestionnaireRef,
)
from quickscan.cli.questionnaire import questionnaire_app
from quickscan.errors import Problem, UsageError


@questionnaire_app.command("print")
@command_errors
def print_command(
    group: Annotated[
        str,
        typer.Option(
            "--group", "-g", help="The respondent group the form is for (id, label or alias)."
        ),
    ],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The PDF to write (vragenlijst.pdf).")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Also (or only) write the form as HTML.")
    ] = None,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    lang: LangOption = Lang.nl,
    pdf_variant: PdfVariantOption = PdfVariant.ua_1,
    large_print: Annotated[
        bool,
        typer.Option(
            "--large-print",
            help="For readers with low vision: 16 pt and up, black on white, large boxes.",
        ),
    ] = False,
    return_address: Annotated[
        str | None,
        typer.Option(
            "--return-address",
            help="Where to hand in the form; use \\n for a new line. "
            "Without it the form has blank lines to fill in.",
        ),
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option("--deadline", help="Hand in before this date (YYYY-MM-DD).", metavar="DATE"),
    ] = None,
) -> None:
    """Print a paper questionnaire for one group: its items by focus area, tick boxes.

    Items are numbered in the order of the answer template, so typing in the forms follows
    the page.

    \b
    Examples:
      quickscan questionnaire print --group inwoner -o vragenlijst-inwoners.pdf
      quickscan questionnaire print --group inwoner --large-print -o groot.pdf
    """
    from quickscan.fieldwork.form import build_form
    from quickscan.questionnaire import load_questionnaire

    if output is None and html is None:
        raise UsageError(
            problems=[
                Problem(
                    code="no-output",
                    message="give -o vragenlijst.pdf, --html vragenlijst.html, or both",
                )
            ]
        )
    if output is not None and output.suffix.lower() != ".pdf":
        raise UsageError(
            problems=[
                Problem(
                    code="bad-output-suffix",
                    message=f"-o writes a PDF, not '{output.suffix or output.name}'",
                    hint="use a name ending in .pdf, or --html for HTML",
                )
            ]
        )
    q = load_questionnaire(questionnaire, extra=extra)
    form = build_form(
        q,
        group,
        lang=lang.value,
        large_print=large_print,
        return_address=return_address.replace("\\n", "\n") if return_address else None,
        deadline=_deadline(deadline),
    )
    form.pdf_variant = pdf_variant.value
    inputs = [p for p in (extra,) if p is not None]
    if html is not None:
        form.write_html(html, inputs)
        console.wrote(html)
    if output is not None:
        form.write_pdf(output, inputs)
        console.wrote(output, detail=f" ({len(form.form.items)} items for {form.form.group_label})")


def _deadline(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(
            problems=[
                Problem(
                    code="bad-deadline",
                    message=f"--deadline: '{value}' is not a date",
                    hint="write it as YYYY-MM-DD, e.g. 2026-03-31",
                )
            ]
        ) from None
