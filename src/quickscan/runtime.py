"""Process-level speed: imports on a background thread, a paused garbage collector, and
work done in a forked child that leaves without tidying up.

`preload`: pyarrow parses a CSV in C threads that do not hold the GIL, so the time a big
answer file takes to parse can hide the imports that come after it (the scoring modules,
the result models and the exporters). On a small file there is little to hide and nothing
is lost: the main thread simply waits for the import it would have done itself.
"""

from __future__ import annotations

import gc
import importlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

R = TypeVar("R")


def preload(*modules: str) -> threading.Thread:
    """Start importing `modules` on a daemon thread; join it (or just import) to use them."""

    def run() -> None:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the real import reports it, where it belongs
                return

    thread = threading.Thread(target=run, name="quickscan-preload", daemon=True)
    thread.start()
    return thread


@contextmanager
def collector_paused(*, freeze: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while building many long-lived objects.

    Results hold no reference cycles, but each batch of new objects makes the collector
    walk all earlier ones again. With `freeze`, what exists at the end is moved out of the
    collector's sight (`gc.freeze`): for a command whose result lives until it exits, so
    that turning the collector back on does not make it walk everything once more.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


def can_fork() -> bool:
    """Whether `call_in_child` may fork here: Linux, and no other thread in this process
    (a thread holding a lock at the moment of the fork would leave it held in the child)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


class ChildFailed(Exception):
    """The child of `call_in_child` ended without sending a result."""


def call_in_child(func: Callable[[], R], *, setup: Callable[[], None] | None = None) -> R:
    """`func()`, computed in a forked copy of this process; its result comes back pickled.

    The child starts with everything this process has loaded and warmed (modules, fonts,
    caches) and leaves with `os._exit` as soon as the result is sent: whatever `func` built
    is neither collected nor freed object by object, the kernel takes the address space back
    at once. For work that makes millions of short-lived objects in reference cycles, such
    as a WeasyPrint document, that is a large part of the work saved (benchmarks/README.md).
    Nothing the child changes reaches this process, except through files and the result.

    `setup` runs first in the child (e.g. to ask for a signal when this process dies). An
    exception from `func` is re-raised here; if it cannot be pickled, or the child dies
    before sending anything (a crash, a signal), `ChildFailed` says how it ended. Callers
    check `can_fork()` first.
    """
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; its outcome is tested through the parent
        code = 0
        try:
            os.close(read_end)
            gc.disable()  # the child never lives long enough to need it
            if setup is not None:
                setup()
            try:
                payload = pickle.dumps((True, func()))
            except BaseException as exc:  # noqa: BLE001 - sent to the parent, which raises
                try:
                    payload = pickle.dumps((False, exc))
                except Exception:  # noqa: BLE001 - an exception that cannot travel
                    payload = pickle.dumps((False, ChildFailed(f"{type(exc).__name__}: {exc}")))
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
        except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
            code = 70
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not payload:
        raise ChildFailed(_how_it_ended(status))
    ok, value = pickle.loads(payload)
    if ok:
        return value
    raise value


def _how_it_ended(status: int) -> str:
    if os.WIFSIGNALED(status):
        number = os.WTERMSIG(status)
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        return f"the rendering process was ended by {name}"
    return f"the rendering process exited with code {os.waitstatus_to_exitcode(status)}"
