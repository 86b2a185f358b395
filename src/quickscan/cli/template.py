"""`quickscan template`: a blank answer file, or the codebook."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from quickscan import console
from quickscan.answer_template import template_csv, write_codebook, write_template
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import ExtraOption, Lang, LangOption, QuestionnaireRef
from quickscan.errors import Problem, UsageError, excerpt
from quickscan.questionnaire import load_questionnaire


@app.command("template")
@command_errors
def template_command(
    questionnaire: QuestionnaireRef = "qsld",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="answers.csv or answers.xlsx; without it the header is printed."
        ),
    ] = None,
    codebook: Annotated[
        Path | None,
        typer.Option("--codebook", help="Also write the codebook (one row per item) as CSV."),
    ] = None,
    extra: ExtraOption = None,
    lang: LangOption = Lang.nl,
    group: Annotated[
        str | None,
        typer.Option(
            "--group",
            help="Only the questions this group is asked, in the order of its printed form.",
        ),
    ] = None,
) -> None:
    """Write a blank answer file with the right header, and/or the codebook.

    \b
    Examples:
      quickscan template -o answers.xlsx
      quickscan template --codebook codebook.csv
    """
    q = load_questionnaire(questionnaire, extra=extra)
    group_id = None
    if group is not None:
        group_id = q.match_group(group)
        if group_id is None:
            raise UsageError(
                problems=[
                    Problem(
                        code="unknown-group",
                        message=f"unknown group '{excerpt(group)}'",
                        hint=f"groups: {', '.join(g.id for g in q.groups)}",
                    )
                ]
            )
    if output is not None and output.suffix.lower() not in (".csv", ".xlsx"):
        raise UsageError(
            problems=[
                Problem(
                    code="bad-output-suffix",
                    message=f"cannot write a template as '{output.suffix or output.name}'",
                    hint="use a name ending in .csv or .xlsx",
                )
            ]
        )
    if codebook is not None and codebook.suffix.lower() != ".csv":
        raise UsageError(
            problems=[
                Problem(
                    code="bad-output-suffix",
                    message="the codebook is written as CSV",
                    hint="use a name ending in .csv",
                )
            ]
        )
    if output is None and codebook is None:
        typer.echo(template_csv(q, group_id), nl=False)
        return
    if output is not None:
        write_template(q, output, lang=lang.value, group=group_id)
        console.wrote(output)
    if codebook is not None:
        write_codebook(q, codebook)
        console.wrote(codebook)
