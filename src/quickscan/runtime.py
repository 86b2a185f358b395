"""Process-level speed: imports on a background thread, and a paused garbage collector.

`preload`: pyarrow parses a CSV in C threads that do not hold the GIL, so the time a big
answer file takes to parse can hide the imports that come after it (the scoring modules,
the result models and the exporters). On a small file there is little to hide and nothing
is lost: the main thread simply waits for the import it would have done itself.
"""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import Iterator
from contextlib import contextmanager


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
