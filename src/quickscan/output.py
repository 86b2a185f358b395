"""Writing outputs safely: never half-written, never over an input, never over a device.

Every file quickscan writes goes through `atomic_output`: the content is written to a
temporary file in the target folder and moved into place in one step, so a crash or a full
disk leaves either the previous file or the complete new one.

Targets that are not regular files are never replaced: `-` means standard output, and an
existing character device or FIFO (`/dev/stdout`, a terminal, a named pipe) gets the
finished content written into it. Block devices and sockets are refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path

from quickscan.errors import Location, OutputError, Problem

#: The output name that means standard output.
STDOUT = "-"

#: Paths that stand for an open file descriptor (`/dev/stdout`, `/proc/self/fd/1`): whatever
#: they point at is written into, never replaced.
_DESCRIPTOR = re.compile(r"^/(?:dev|proc/(?:self|\d+))/fd/\d+$|^/dev/std(?:out|err)$")


def is_stdout(output: Path | str | None) -> bool:
    """True for the output name `-` (standard output)."""
    return output is not None and str(output) == STDOUT


def _refuse(code: str, message: str, target: Path, hint: str) -> OutputError:
    return OutputError(
        problems=[
            Problem(code=code, message=message, location=Location(file=str(target)), hint=hint)
        ]
    )


def _same_file(a: Path, b: Path) -> bool:
    """The same path after links, or the same file under two names (a hard link)."""
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return False


def _through_descriptor(target: Path) -> bool:
    """Does `target` (or a link it goes through) name an open file descriptor?"""
    path = str(target)
    for _ in range(40):  # the kernel's own limit on a chain of links
        if _DESCRIPTOR.match(path):
            return True
        if not os.path.islink(path):
            return False
        path = os.path.join(os.path.dirname(path), os.readlink(path))
    return False


def _special_kind(target: Path) -> str | None:
    """What an existing target is, when it is not a regular file (links followed)."""
    try:
        mode = os.stat(target).st_mode
    except OSError:
        return None
    if stat.S_ISCHR(mode):
        return "device"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISBLK(mode):
        return "block device"
    if stat.S_ISSOCK(mode):
        return "socket"
    if stat.S_ISREG(mode) and _through_descriptor(target):
        return "descriptor"  # e.g. /dev/stdout redirected into a file
    return None


def writes_directly(output: Path | str) -> bool:
    """True when `output` is standard output or an existing device/FIFO: written into."""
    target = Path(output)
    return is_stdout(target) or _special_kind(target) in ("device", "fifo", "descriptor")


def check_output_path(output: Path | str, inputs: Iterable[Path | str] = ()) -> Path:
    """Refuse an output that would overwrite an input, replace something that is not a
    regular file, or cannot be written (missing or read-only folder, dangling link)."""
    target = Path(output)
    if is_stdout(target):
        return target
    if target.is_symlink() and not target.exists():
        raise _refuse(
            "output-dangling-link",
            f"the output is a symbolic link to {os.readlink(target)}, which does not exist",
            target,
            "remove the link, or give the name of a file",
        )
    for source in inputs:
        if _same_file(target, Path(source)):
            raise _refuse(
                "output-is-input",
                "the output would overwrite an input file",
                target,
                "choose another output name",
            )
    if target.is_dir():
        raise _refuse("output-is-folder", "the output path is a folder", target, "give a file name")
    kind = _special_kind(target)
    if kind in ("block device", "socket"):
        raise _refuse(
            "output-not-a-file",
            f"the output is a {kind}, not a file",
            target,
            "give the name of a file (or - for standard output)",
        )
    if kind is not None:
        return target  # a device, FIFO or descriptor: written into by `atomic_output`
    folder = target.resolve().parent
    if not folder.is_dir():
        raise _refuse(
            "output-folder-missing",
            f"the folder {target.parent} does not exist",
            target,
            "create the folder first",
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise _not_writable(target, folder)
    return target


def _not_writable(target: Path, folder: Path, reason: str | None = None) -> OutputError:
    return _refuse(
        "output-folder-not-writable",
        f"cannot write into the folder {folder}" + (f": {reason}" if reason else ""),
        target,
        "choose a folder you may write into, or check that the disk is not read-only",
    )


def _not_written(target: Path, exc: OSError) -> OutputError:
    return _refuse(
        "output-not-written",
        f"could not write the output: {exc.strerror or exc}",
        target,
        "check the free disk space and the folder's permissions",
    )


@contextlib.contextmanager
def atomic_output(output: Path | str, inputs: Iterable[Path | str] = ()) -> Iterator[Path]:
    """Yield a temporary path; on success move it into place (or into stdout or a device).

    A regular target is replaced in one step (through a symbolic link: its target is
    replaced, the link stays). Standard output, devices and FIFOs get the finished
    content copied into them, so they never receive half an output either.
    """
    target = check_output_path(output, inputs)
    direct = writes_directly(target)
    folder = Path(tempfile.gettempdir()) if direct else target.resolve().parent
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{target.name if not direct else 'quickscan'}.", suffix=".part", dir=folder
        )
    except OSError as exc:
        raise _not_writable(target, folder, exc.strerror or str(exc)) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        yield temp
        if direct:
            _copy_into(temp, target)
        else:
            # mkstemp makes the file private (0600); give it the permissions a new file gets.
            os.chmod(temp, 0o666 & ~_umask())
            os.replace(temp, target.resolve())
    except BrokenPipeError:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise  # the reader went away: the CLI stops quietly
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise _not_written(target, exc) from exc
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        raise
    finally:
        if direct:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _copy_into(temp: Path, target: Path) -> None:
    """Copy the finished content to standard output or into an existing device/FIFO."""
    with temp.open("rb") as source:
        if is_stdout(target):
            sys.stdout.flush()
            sink = sys.stdout.buffer
            shutil.copyfileobj(source, sink)
            sink.flush()
            return
        # No O_CREAT and no O_TRUNC: the target exists and is not ours to replace; O_APPEND
        # keeps what a shell redirection (`>>`) already holds.
        descriptor = os.open(target, os.O_WRONLY | os.O_APPEND)
        with os.fdopen(descriptor, "wb") as sink:
            shutil.copyfileobj(source, sink)


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
