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
