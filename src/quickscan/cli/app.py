"""The Typer application, global options and the one place that turns errors into exit codes.

Each command lives in its own module of this package and is wrapped by `command_errors`, so
a user error becomes a message on stderr plus a documented exit code, and a traceback only
appears with --debug.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import typer

from quickscan import __version__, console
from quickscan.errors import ExitCode, QuickscanError

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 internal error (a bug); 2 usage error; 3 invalid questionnaire; "
    "4 invalid answer data; 5 output refused or failed; 6 report failed; "
    "7 inputs cannot be compared; 130 interrupted."
)

app = typer.Typer(
    name="quickscan",
    help="Score and report the Quick Scan Lokale Democratie (QSLD).\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class State:
    """Global options, set by the callback before any command runs."""

    debug: bool = False


def _version(value: bool) -> None:
    if value:
        typer.echo(f"quickscan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for errors."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    State.debug = debug


def command_errors(func: F) -> F:
    """Run a command; map QuickscanError and Ctrl-C to messages and exit codes."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except QuickscanError as error:
            if State.debug:
                raise
            console.print_error(error)
            raise typer.Exit(int(error.exit_code)) from None
        except KeyboardInterrupt:
            console.stderr().print("[red]interrupted[/red]")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if State.debug:
                raise
            console.print_internal_error(exc)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]
