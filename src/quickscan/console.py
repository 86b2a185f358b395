"""Terminal output: results on stdout, messages on stderr, all through rich.

Only this module and the `cli` package import rich. Consoles are created per call so that
Typer's test runner, which swaps sys.stdout/sys.stderr, sees everything.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from quickscan.errors import Problem, QuickscanError


def stdout() -> Console:
    # soft_wrap: long lines are not broken, so messages stay greppable.
    return Console(file=sys.stdout, soft_wrap=True, highlight=False)


def stderr() -> Console:
    return Console(file=sys.stderr, soft_wrap=True, highlight=False)


def print_problems(problems: Iterable[Problem], console: Console | None = None) -> None:
    """One line per problem: 'error: file:12:3 (path): message (hint)'."""
    console = console or stderr()
    for problem in problems:
        style = "red" if problem.severity == "error" else "yellow"
        console.print(f"[{style}]{problem.severity}[/{style}]: {escape(str(problem))}")


def print_error(error: QuickscanError) -> None:
    console = stderr()
    errors = [p for p in error.problems if p.severity == "error"]
    warnings = [p for p in error.problems if p.severity != "error"]
    print_problems(error.problems, console)
    if not error.problems:
        console.print(f"[red]error[/red]: {escape(error.message)}")
    summary = error.title
    if errors or warnings:
        summary += f": {len(errors)} error(s), {len(warnings)} warning(s)"
    if error.hint:
        summary += f". {error.hint}"
    console.print(f"[bold red]{escape(summary)}[/bold red]")


def print_internal_error(exc: BaseException) -> None:
    stderr().print(
        f"[bold red]internal error[/bold red]: {escape(type(exc).__name__)}: {escape(str(exc))}\n"
        "This is a bug in quickscan. Run the command again with --debug for the traceback "
        "and report it."
    )


def info(message: str) -> None:
    stderr().print(escape(message))


def success(message: str) -> None:
    stderr().print(f"[green]{escape(message)}[/green]")


def table(title: str | None, columns: list[str], rows: Iterable[list[str]]) -> Table:
    result = Table(title=title, title_justify="left", header_style="bold")
    for column in columns:
        result.add_column(column)
    for row in rows:
        result.add_row(*[escape(cell) for cell in row])
    return result
