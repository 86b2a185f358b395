"""The `quickscan` command line: a thin layer of Typer commands over the library API.

Importing this package registers every command on `app`; pandas, WeasyPrint and friends are
imported inside the commands that need them, so `quickscan --help` starts fast.
"""

from __future__ import annotations

from quickscan.cli import check, compare, questionnaire, score, template  # noqa: F401  (registers)
from quickscan.cli.app import app


def main() -> None:
    app(prog_name="quickscan")


__all__ = ["app", "main"]
