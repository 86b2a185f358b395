"""Options shared by several commands, declared once."""

from __future__ import annotations

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
    typer.Argument(help="Answer files (CSV or XLSX); several may be given.", show_default=False),
]
DelimiterOption = Annotated[
    str | None,
    typer.Option("--delimiter", help="CSV delimiter (',', ';' or 'tab'); detected when left out."),
]
SheetOption = Annotated[
    str | None, typer.Option("--sheet", help="XLSX sheet to read (default: the first).")
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Treat unknown or missing columns as errors.")
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


class TableFormat(StrEnum):
    """Where a table of results goes: the terminal, or a file for other tools."""

    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


def resolve_table_format(
    output_format: TableFormat | None, as_json: bool, output: Path | None, *, example: str
) -> TableFormat:
    """The format from --format, --json or the output's suffix; refuse combinations that
    cannot work (XLSX to the terminal, the terminal table into a file)."""
    from quickscan.errors import Problem, UsageError

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
