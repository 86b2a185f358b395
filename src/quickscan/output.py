"""Writing outputs safely: never half-written, never over an input.

Every file quickscan writes goes through `atomic_output`: the content is written to a
temporary file in the target folder and moved into place in one step, so a crash or a full
disk leaves either the previous file or the complete new one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from quickscan.errors import Location, OutputError, Problem


def check_output_path(output: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
    """Refuse an output that would overwrite one of the inputs or sits in a missing folder."""
    target = Path(output)
    resolved = target.resolve()
    for source in inputs:
        if Path(source).resolve() == resolved:
            raise OutputError(
                problems=[
                    Problem(
                        code="output-is-input",
                        message="the output would overwrite an input file",
                        location=Location(file=str(target)),
                        hint="choose another output name",
                    )
                ]
            )
    if target.is_dir():
        raise OutputError(
            problems=[
                Problem(
                    code="output-is-folder",
                    message="the output path is a folder",
                    location=Location(file=str(target)),
                    hint="give a file name",
                )
            ]
        )
    if not resolved.parent.is_dir():
        raise OutputError(
            problems=[
                Problem(
                    code="output-folder-missing",
                    message=f"the folder {target.parent} does not exist",
                    location=Location(file=str(target)),
                    hint="create the folder first",
                )
            ]
        )
    return target


@contextlib.contextmanager
def atomic_output(output: Path | str, inputs: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Yield a temporary path next to `output`; move it into place only on success."""
    target = check_output_path(output, inputs)
    handle, temp_name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".part", dir=target.resolve().parent
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        # mkstemp makes the file private (0600); give it the permissions a new file gets.
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise OutputError(
            problems=[
                Problem(
                    code="output-not-written",
                    message=f"could not write the output: {exc.strerror or exc}",
                    location=Location(file=str(target)),
                    hint="check the free disk space and the folder's permissions",
                )
            ]
        ) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise


def write_text_atomic(output: Path | str, text: str, inputs: Iterable[Path | str] = ()) -> None:
    with atomic_output(output, inputs) as temp:
        temp.write_text(text, encoding="utf-8")


def write_bytes_atomic(output: Path | str, data: bytes, inputs: Iterable[Path | str] = ()) -> None:
    with atomic_output(output, inputs) as temp:
        temp.write_bytes(data)


def _umask() -> int:
    """The process umask; Linux shows it in /proc, elsewhere it is read by setting it."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    current = os.umask(0o022)
    os.umask(current)
    return current
