"""`quickscan score`: answers in, scores per municipality, wave, area and group out."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from quickscan import console
from quickscan.cli.app import app, command_errors
from quickscan.cli.options import (
    AnswersArgument,
    DelimiterOption,
    ExtraOption,
    JsonOption,
    Lang,
    LangOption,
    MaxRowsOption,
    MinGroupSizeOption,
    PopulationOption,
    QuestionnaireRef,
    SheetOption,
    StrictOption,
    TableFormat,
    TableFormatOption,
    TableOutputOption,
    WeightCapOption,
    WeightingOption,
    WeightsOption,
    answer_files,
    delimiter_value,
    file_output,
    resolve_table_format,
)


class TableKind(StrEnum):
    area = "area"
    item = "item"


@app.command("score")
@command_errors
def score_command(
    answers: AnswersArgument,
    questionnaire: QuestionnaireRef = "qsld",
    extra: ExtraOption = None,
    output_format: TableFormatOption = None,
    as_json: JsonOption = False,
    output: TableOutputOption = None,
    by: Annotated[
        TableKind, typer.Option("--by", help="CSV table: per area (tidy) or per item.")
    ] = TableKind.area,
    weighting: WeightingOption = None,
    min_group_size: MinGroupSizeOption = None,
    population: PopulationOption = None,
    weights: WeightsOption = None,
    weight_cap: WeightCapOption = None,
    delimiter: DelimiterOption = None,
    sheet: SheetOption = None,
    max_rows: MaxRowsOption = None,
    strict: StrictOption = False,
    lang: LangOption = Lang.nl,
    invited: Annotated[
        Path | None,
        typer.Option(
            "--invited",
            help="CSV with municipality_code, group, invited (as for `status`): the group "
            "sizes, for the finite-population correction of the intervals "
            "(docs/methodology.md).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Score answer files: every municipality, wave, focus area and group.

    \b
    Examples:
      quickscan score answers.csv
      quickscan score answers/ -o scores.xlsx
    """
    from quickscan.api import read_files, weighting_for
    from quickscan.questionnaire import load_questionnaire
    from quickscan.runtime import collector_paused, preload

    # What this command builds lives until it exits and holds no reference cycles; the
    # collector would only walk a big result's 10^5-10^6 objects again and again.
    with collector_paused(freeze=True):
        fmt = resolve_table_format(output_format, as_json, output, example="results.xlsx")
        output = file_output(output, fmt)
        answers = answer_files(answers)
        if output is not None:
            _refuse_input_as_output(output, answers)
        warming = preload("quickscan.scoring", "quickscan.export")
        q = load_questionnaire(questionnaire, extra=extra)
        answer_set = read_files(
            answers, q, delimiter=delimiter_value(delimiter), sheet=sheet, strict=strict
        )
        warming.join()
        from quickscan import export
        from quickscan.scoring import score

        chosen_weights = weighting_for(
            answer_set, q, population=population, weights=weights, cap=weight_cap
        )
        for problem in answer_set.problems:
            console.print_problems([problem])
        group_sizes = None
        if invited is not None:
            from quickscan.fieldwork.invited import invited_group_sizes

            group_sizes = invited_group_sizes(invited, q)
        result = score(
            answer_set,
            q,
            weighting=weighting.value if weighting else None,
            min_group_size=min_group_size,
            # The tidy area CSV shows no item statistics or notable results: skip building them.
            items=not (fmt is TableFormat.csv and by is TableKind.area),
            group_sizes=group_sizes,
            weights=chosen_weights,
        )
        if fmt is TableFormat.table:
            console.print_score_result(result, q, lang.value)
        elif fmt is TableFormat.json:
            if output is None:
                typer.echo(export.json_text(result), nl=False)
            else:
                export.write_json(result, output)
        elif fmt is TableFormat.csv:
            if output is None:
                typer.echo(export.csv_text(result, by=by.value), nl=False)
            else:
                export.write_csv(result, output, by=by.value)
        else:
            assert output is not None  # resolve_table_format demands it
            export.write_xlsx(result, output)
        console.wrote(output)


def _refuse_input_as_output(output: Path, answers: list[Path]) -> None:
    from quickscan.output import check_output_path

    check_output_path(output, answers)
