"""Import heavy modules on a background thread while the main thread reads a file.

pyarrow parses a CSV in C threads that do not hold the GIL, so the time a big answer file
takes to parse can hide the imports that come after it (the scoring modules, the result
models and the exporters). On a small file there is little to
hide and nothing is lost: the main thread simply waits for the import it would have done
itself.
"""

from __future__ import annotations

import importlib
import threading


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
