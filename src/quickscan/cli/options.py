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
