"""The `quickscan` command line: a thin layer of Typer commands over the library API.

Importing this package registers every command on `app`; pandas, WeasyPrint and friends are
imported inside the commands that need them, so `quickscan --help` starts fast.
"""

from __future__ import annotations

from quickscan.cli import (  # noqa: F401  (registers)
    check,
    compare,
    import_cmd,
    print_form,
    questionnaire,
    report,
    score,
    status,
    template,
)
from quickscan.cli.app import app


def main() -> None:
    import signal

    from quickscan.errors import Terminated

    def terminate(signum: int, frame: object) -> None:
        raise Terminated

    # SIGTERM unwinds like Ctrl-C: temporary outputs are removed, batches stop cleanly, and
    # the command exits 143 (see command_errors).
    signal.signal(signal.SIGTERM, terminate)
    app(prog_name="quickscan")


__all__ = ["app", "main"]
