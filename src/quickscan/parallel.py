"""Run independent pieces of numpy work on all cores, with threads.

Most numpy operations (ufuncs, `take`, `bincount`, matrix products) and arrow kernels release
the GIL, so the answer columns of a file (`answers.validate`), the items of
`scoring.matrix.prepare`, the areas of the area statistics and the municipalities of
Cronbach's alpha run side by side. Every task writes only its own part of the result, so
the outcome does not depend on the order in which the threads finish.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Threads used; more than four gains little for arrays of this size.
WORKERS = max(1, min(4, os.cpu_count() or 1))


def run_all(func: Callable[[T], R], tasks: Iterable[T]) -> list[R]:
    """`[func(task) for task in tasks]`, on up to WORKERS threads, results in task order."""
    todo = list(tasks)
    if WORKERS == 1 or len(todo) < 2:
        return [func(task) for task in todo]
    with ThreadPoolExecutor(max_workers=min(WORKERS, len(todo))) as pool:
        return list(pool.map(func, todo))


def chunks(count: int, parts: int) -> list[range]:
    """`range(count)` cut into at most `parts` consecutive pieces of about equal size."""
    parts = max(1, min(parts, count))
    bounds = [count * i // parts for i in range(parts + 1)]
    return [range(bounds[i], bounds[i + 1]) for i in range(parts) if bounds[i] < bounds[i + 1]]
