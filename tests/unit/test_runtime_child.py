"""`runtime.call_in_child`: work done in a forked copy that leaves without tidying up."""

from __future__ import annotations

import gc
import os
import signal
import sys

import pytest

from quickscan.runtime import ChildFailed, call_in_child, can_fork

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux")

STATE = {"touched": False}


class Unpicklable(Exception):
    def __reduce__(self):  # type: ignore[override]
        raise TypeError("not this one")


def test_the_result_comes_back_and_the_child_changes_nothing_here() -> None:
    def work() -> tuple[int, bool, int]:
        STATE["touched"] = True
        return os.getpid(), gc.isenabled(), sum(range(10))

    child_pid, child_gc, total = call_in_child(work)
    assert total == 45
    assert child_pid != os.getpid()
    assert child_gc is False  # the child never collects
    assert STATE["touched"] is False
    assert gc.isenabled()


def test_an_exception_in_the_child_is_raised_here() -> None:
    def fail() -> None:
        raise ValueError("bad value 42")

    with pytest.raises(ValueError, match="bad value 42"):
        call_in_child(fail)


def test_an_exception_that_cannot_travel_is_described() -> None:
    def fail() -> None:
        raise Unpicklable("odd")

    with pytest.raises(ChildFailed, match="Unpicklable: odd"):
        call_in_child(fail)


def test_a_child_killed_by_a_signal_is_a_child_failed_naming_the_signal() -> None:
    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    with pytest.raises(ChildFailed, match="SIGKILL"):
        call_in_child(die)


def test_setup_runs_in_the_child_first() -> None:
    seen: list[int] = []

    def setup() -> None:
        seen.append(os.getpid())
        STATE["setup"] = True  # type: ignore[assignment]

    assert call_in_child(lambda: STATE.get("setup"), setup=setup) is True
    assert seen == [] and "setup" not in STATE


def test_can_fork_refuses_while_another_thread_runs() -> None:
    import threading

    # Earlier tests may leave a daemon thread behind (an import preload, say): compare with
    # what this process allows now rather than assume it has only its main thread.
    before = can_fork()
    assert before == (threading.active_count() == 1)
    release = threading.Event()
    thread = threading.Thread(target=release.wait)
    thread.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        thread.join()
    assert can_fork() == before
