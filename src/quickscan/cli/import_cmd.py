"""`quickscan import`: a survey platform's export in, a normal quickscan answer file out."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import ExtraOption, QuestionnaireRef, SheetOption, answer_files


class From(StrEnum):
    auto = "auto"
    limesurvey = "limesurvey"
    qualtrics = "qualtrics"
    surveymonkey = "surveymonkey"
    forms = "forms"
    kobo = "kobo"
    spss = "spss"
    quickscan = "quickscan"


@app.command("import")
@command_errors
def import_command(
    exports: Annotated[
        list[Path],
        typer.Argument(
            help="Platform exports (CSV, XLSX, SAV); several may be given.", show_default=False
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The answer file to write (.csv or .xlsx).")
    ],
    platform: Annotated[
        From, typer.Option("--from", help="The platform; auto recognises it from the file.")
    ] = From.auto,
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="A mapping YAML file (docs/import.md).", dir_okay=False),
    ] = None,
    set_values: Annotated[
        list[str] | None,
        typer.Option("--set", help="COLUMN=VALUE for every row, e.g. municipality_code=GM0363."),
    ] = None,
    write_mapping: Annotated[
        Path | None,
        typer.Option(
            "--write-mapping", help="Write the inferred mapping here, commented.", dir_okay=False
        ),
    ] = None,
    finished_only: Annotated[
        bool, typer.Option("--finished-only", help="Leave out unfinished responses.")
    ] = False,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    sheet: SheetOption = None,
) -> None:
    """Import a survey platform's export as a quickscan answer file.

    \b
    Examples:
      quickscan import results-survey123.csv --set municipality_code=GM9901 \\
          --set municipality_name=Wolderveen --set wave=2026 -o answers.csv
      quickscan import export.sav --write-mapping draft.yaml -o answers.csv
      quickscan import exports/ --mapping map.yaml -o answers.xlsx
    """
    from quickscan.importing import load_mapping, parse_sets, plan_import, write_answers
    from quickscan.importing.api import raise_for_errors
    from quickscan.importing.summary import summary_lines
    from quickscan.importing.write import check_answers_path
    from quickscan.output import check_output_path, write_text_atomic
    from quickscan.questionnaire import load_questionnaire

    exports = answer_files(exports)  # folders and globs, as every command takes them
    sets = parse_sets(set_values or [])
    inputs = [*exports, *([mapping] if mapping else [])]
    check_output_path(output, inputs)
    check_answers_path(output)  # a wrong suffix is refused before the export is read
    if write_mapping is not None:
        check_output_path(write_mapping, [*inputs, output])
    q = load_questionnaire(questionnaire, extra=extra)
    loaded = load_mapping(mapping, q) if mapping is not None else None
    plan = plan_import(
        exports,
        q,
        platform=platform.value,
        mapping=loaded,
        sets=sets,
        sheet=sheet,
        finished_only=finished_only,
    )
    if write_mapping is not None and plan.files:
        # Written even when the import fails: the draft is how the user fixes it.
        write_text_atomic(write_mapping, plan.draft(), inputs)
        console.info(f"wrote the draft mapping {write_mapping}")
    out = console.stdout()
    for line in summary_lines(plan) if plan.files else []:
        out.print(line, markup=False, highlight=False)
    warnings = [p for p in plan.problems if p.severity != "error"]
    console.print_problems(warnings)
    raise_for_errors(plan)
    assert plan.table is not None  # raise_for_errors refuses a plan without a table
    write_answers(plan.table, output, inputs)
    console.success(f"wrote {output} ({plan.table.num_rows:,} respondents)")
