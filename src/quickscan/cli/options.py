"""Options shared by several commands, declared once."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Lang(StrEnum):
    nl = "nl"
    en = "en"


class TextOrJson(StrEnum):
    text = "text"
    json = "json"


QuestionnaireRef = Annotated[
    str,
    typer.Option(
        "--questionnaire",
        "-q",
        help="A built-in questionnaire name, or the path of a questionnaire folder.",
        show_default=True,
    ),
]
ExtraOption = Annotated[
    Path | None,
    typer.Option(
        "--extra",
        help="A YAML file with the municipality's own extra questions (maatwerkvragen).",
        dir_okay=False,
    ),
]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of texts.")]


class PdfVariant(StrEnum):
    """`report.pdf.PDF_VARIANTS` on the command line."""

    ua_1 = "ua-1"
    a_2a = "a-2a"
    plain = "plain"


PdfVariantOption = Annotated[
    PdfVariant,
    typer.Option(
        "--pdf-variant",
        help="ua-1: accessible PDF/UA-1 (default); a-2a: PDF/A-2a for archiving, also "
        "PDF/UA-1; plain: untagged, not for publishing. See docs/accessibility.md.",
    ),
]


AnswersArgument = Annotated[
    list[Path],
    typer.Argument(
        help="Answer files (CSV or XLSX), folders (every .csv/.xlsx in them) or glob patterns.",
        show_default=False,
    ),
]


def answer_files(given: list[Path]) -> list[Path]:
    """The answer files named by files, folders and globs, as `quickscan compare` takes them.

    A name that is neither a folder nor a pattern goes on as it is, so the reader reports
    a missing file in its own words. Every folder or pattern that yields nothing is named.
    """
    from quickscan.errors import AnswersError, CompareError, Problem

    files: list[Path] = []
    problems: list[Problem] = []
    for path in given:
        text = str(path)
        if path.is_dir() or (not path.exists() and set("*?[") & set(text)):
            # Only here: the compare package loads pandas and the scoring stack, which a
            # plain file never needs before the reader starts (`score` preloads scoring
            # alongside the reading).
            from quickscan.compare.inputs import expand_inputs

            try:
                files.extend(expand_inputs([text]))
            except CompareError as error:
                problems.extend(error.problems)
        else:
            files.append(path)
    if problems:
        raise AnswersError(problems=problems)
    return files


DelimiterOption = Annotated[
    str | None,
    typer.Option("--delimiter", help="CSV delimiter (',', ';' or 'tab'); detected when left out."),
]
SheetOption = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        help="XLSX sheet to read, any case (default: the one with the most known columns).",
    ),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat unknown or missing columns as errors.")
]


def _set_max_rows(value: int | None) -> int | None:
    """Put the limit where every reader (also in worker processes) finds it."""
    if value is not None:
        from quickscan.limits import MAX_ROWS_ENV

        os.environ[MAX_ROWS_ENV] = str(value)
    return value


MaxRowsOption = Annotated[
    int | None,
    typer.Option(
        "--max-rows",
        min=1,
        envvar="QUICKSCAN_MAX_ROWS",
        callback=_set_max_rows,
        help="Refuse answer files with more rows than this (default 2,000,000; the size "
        "limit is 512 bytes per row).",
        show_default=False,
    ),
]


def delimiter_value(delimiter: str | None) -> str | None:
    """'tab' and '\\t' on the command line both mean a tab character."""
    if delimiter in ("tab", "\\t"):
        return "\t"
    return delimiter


class Weighting(StrEnum):
    equal_groups = "equal_groups"
    pooled = "pooled"


WeightingOption = Annotated[
    Weighting | None,
    typer.Option("--weighting", help="Combine groups equally (default) or pool respondents."),
]
MinGroupSizeOption = Annotated[
    int | None,
    typer.Option("--min-group-size", min=1, help="Suppress groups smaller than this."),
]
PopulationOption = Annotated[
    Path | None,
    typer.Option(
        "--population",
        help="CSV with the municipality's population per background category (age band, "
        "gender, wijk, education): compare inwoners with it and, by default, weight them "
        "(docs/methodology.md).",
    ),
]
WeightsOption = Annotated[
    str | None,
    typer.Option(
        "--weights",
        help="Weights for inwoners: rake (to --population; default when it is given), none "
        "(default otherwise), or the name of a weight column in the answers (e.g. weging).",
    ),
]
WeightCapOption = Annotated[
    float | None,
    typer.Option(
        "--weight-cap",
        help="Trim raked weights to [1/cap, cap] times the mean (default 5).",
    ),
]


class TableFormat(StrEnum):
    """Where a table of results goes: the terminal, or a file for other tools."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: --format, --json and -o of the commands that write a table of results (`score`, `compare`);
#: `resolve_table_format` decides between them.
TableFormatOption = Annotated[
    TableFormat | None,
    typer.Option(
        "--format",
        help="table (terminal), csv, json or xlsx. Default: table, or the format of "
        "--output's suffix.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Same as --format json.")]
TableOutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to this file instead of stdout (- is stdout).",
        metavar="FILE|-",
    ),
]


def resolve_table_format(
    output_format: TableFormat | None, as_json: bool, output: Path | None, *, example: str
) -> TableFormat:
    """The format from --format, --json or the output's suffix; refuse combinations that
    cannot work (XLSX to the terminal, the terminal table into a file).

    `-o -` is standard output: the same as no -o, except that an XLSX file may go there
    when standard output is not a terminal (`-o - --format xlsx > scores.xlsx`).
    """
    import sys

    from quickscan.errors import Problem, UsageError
    from quickscan.output import is_stdout

    if is_stdout(output):
        if output_format is TableFormat.xlsx and not as_json:
            if sys.stdout.isatty():
                raise UsageError(f"an XLSX file cannot go to the terminal; add -o {example}")
            return TableFormat.xlsx
        return resolve_table_format(output_format, as_json, None, example=example)
    if as_json:
        if output_format not in (None, TableFormat.json):
            raise UsageError("--json and --format disagree; give one of them")
        return TableFormat.json
    if output_format is None:
        suffix = output.suffix.lower().lstrip(".") if output else ""
        if suffix in ("csv", "json", "xlsx"):
            return TableFormat(suffix)
        if output is not None:
            raise UsageError(
                problems=[
                    Problem(
                        code="unknown-output-format",
                        message=f"cannot tell the format of '{output.name}'",
                        hint="use --format csv|json|xlsx or a .csv/.json/.xlsx name",
                    )
                ]
            )
        return TableFormat.table
    if output_format is TableFormat.xlsx and output is None:
        raise UsageError(f"an XLSX file cannot go to the terminal; add -o {example}")
    if output_format is TableFormat.table and output is not None:
        raise UsageError("the table format is for the terminal; use --format csv|json|xlsx with -o")
    return output_format


def file_output(output: Path | None, fmt: TableFormat) -> Path | None:
    """The file a table goes into: None for the terminal, also for `-o -` with a text
    format (printed like no -o); `-` stays for an XLSX file to standard output."""
    from quickscan.output import is_stdout

    if is_stdout(output) and fmt is not TableFormat.xlsx:
        return None
    return output
