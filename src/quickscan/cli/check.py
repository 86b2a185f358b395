"""`quickscan check`: validate answer files and list every problem, without scoring."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import (
    AnswersArgument,
    DelimiterOption,
    ExtraOption,
    MaxRowsOption,
    QuestionnaireRef,
    SheetOption,
    StrictOption,
    TextOrJson,
    answer_files,
    delimiter_value,
)
from quickscan.errors import ExitCode


@app.command("check")
@command_errors
def check_command(
    answers: AnswersArgument,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    output_format: Annotated[
        TextOrJson, typer.Option("--format", help="text for people, json for tools.")
    ] = TextOrJson.text,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    max_rows: MaxRowsOption = None,
    strict: StrictOption = False,
) -> None:
    """Validate answer files: every problem at once; exit 4 when there are errors.

    \b
    Examples:
      quickscan check answers.csv
      quickscan check answers/ --format json
    """
    from quickscan.api import check_files
    from quickscan.questionnaire import load_questionnaire

    q = load_questionnaire(questionnaire, extra=extra)
    problems = check_files(
        answer_files(answers), q, delimiter=delimiter_value(delimiter), sheet=sheet, strict=strict
    )
    errors = [p for p in problems if p.severity == "error"]
    # Totals count every problem, also those a grouped or "... and N more" line stands for.
    n_errors = sum(p.count for p in errors)
    n_warnings = sum(p.count for p in problems) - n_errors
    if output_format is TextOrJson.json:
        typer.echo(
            json.dumps(
                {
                    "valid": not errors,
                    "errors": n_errors,
                    "warnings": n_warnings,
                    "problems": [p.to_dict() for p in problems],
                },
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        console.print_problems(problems, console.stdout())
        summary = f"{n_errors:,} error(s), {n_warnings:,} warning(s)"
        if errors:
            console.stderr().print(f"[bold red]the answer data is invalid: {summary}[/bold red]")
        else:
            console.success(f"the answer data is valid: {summary}")
    if errors:
        raise typer.Exit(int(ExitCode.ANSWERS))
