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
from quickscan.errors import ExitCode, QuickscanError, Terminated

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CODES_HELP = (
    "Exit codes: 0 ok; 1 internal error (a bug); 2 usage error; 3 invalid questionnaire; "
    "4 invalid answer data; 5 output refused or failed; 6 report failed; "
    "7 inputs cannot be compared; 130 interrupted (Ctrl-C); 141 standard output closed "
    "(quiet); 143 terminated (SIGTERM)."
)

#: How a value is shown in --help when its type alone would show a Python type (`<str>`,
#: `<list[Path]>`): by parameter name first, then by kind.
METAVARS = {
    "answers": "FILE|FOLDER|GLOB",
    "inputs": "FILE|FOLDER|GLOB",
    "exports": "FILE|FOLDER|GLOB",
    "questionnaire": "NAME|FOLDER",
}


def _metavar(param: Any) -> str | None:
    """A plain word for what a parameter takes; None keeps Typer's own (choices)."""
    if param.name in METAVARS:
        return METAVARS[param.name]
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is None or getattr(param, "is_flag", False) or descriptor.is_choice:
        return None
    if descriptor.is_path:
        return {"file": "FILE", "directory": "FOLDER"}.get(str(descriptor.path_type), "PATH")
    bare = param.bare_type() if hasattr(param, "bare_type") else ""
    if descriptor.is_ranged or bare == "int":
        return "N"
    if bare == "float":
        return "NUMBER"
    return "TEXT"


def plain_metavars(command: Any) -> None:
    """Give every parameter of `command` (and its subcommands) a plain metavar."""
    for param in getattr(command, "params", []):
        if param.metavar is None and not getattr(param, "is_flag", False):
            param.metavar = _metavar(param)
        if param.param_type_name == "argument" and param.metavar is not None:
            # Typer shows an argument's type after its name even with a metavar.
            param.display_type_rich = lambda ctx: None
    for sub in getattr(command, "commands", {}).values():
        plain_metavars(sub)


class QuickscanGroup(typer.core.TyperGroup):
    """The command group: parameters show plain words in --help, never Python types."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        plain_metavars(self)


app = typer.Typer(
    name="quickscan",
    cls=QuickscanGroup,
    help="Score and report the Quick Scan Lokale Democratie (QSLD).\n\n" + EXIT_CODES_HELP,
    no_args_is_help=True,
    add_completion=True,
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
        except Terminated:
            console.stderr().print("[red]terminated[/red]")
            raise typer.Exit(int(ExitCode.TERMINATED)) from None
        except BrokenPipeError:
            # Whoever read our output has gone (`| head`): stop without a word.
            quiet_stdout()
            raise typer.Exit(int(ExitCode.BROKEN_PIPE)) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:
            if State.debug:
                raise
            console.print_internal_error(exc)
            raise typer.Exit(int(ExitCode.INTERNAL)) from None

    return wrapper  # type: ignore[return-value]


def quiet_stdout() -> None:
    """Point standard output at /dev/null, so flushing it at exit raises nothing more."""
    import os
    import sys

    try:
        descriptor = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # a test runner's buffer
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, descriptor)
    os.close(devnull)
