"""Time `quickscan.scoring.score()` on a synthetic answer set (no file reading).

    .venv/bin/python benchmarks/bench_scoring.py [--respondents 1000000]
        [--municipalities 342] [--shuffle] [--dtype int8]

The answers are drawn in numpy directly (codes 1-5, about 5% don't know and 3% blank; items
a group is not asked are blank, as the reader leaves them), so only scoring is measured.
Prints the time of `score()` and the peak memory (max RSS) before and after it.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc

import numpy as np
import pandas as pd

from quickscan.answers.answer_set import MISSING, RESPONDENT_COLUMNS, AnswerSet
from quickscan.questionnaire import load_questionnaire
from quickscan.scoring import score


def synthetic(
    respondents: int, municipalities: int, shuffle: bool, dtype: str, seed: int = 1
) -> AnswerSet:
    questionnaire = load_questionnaire("qsld")
    rng = np.random.default_rng(seed)
    items = questionnaire.all_items
    groups = [g.id for g in questionnaire.groups]
    muni = np.sort(rng.integers(0, municipalities, respondents))
    if shuffle:
        rng.shuffle(muni)
    group = rng.choice(len(groups), size=respondents, p=[0.05, 0.02, 0.18, 0.75])
    codes = rng.integers(1, 6, size=(respondents, len(items)), dtype=np.int8).astype(dtype)
    noise = rng.random((respondents, len(items)), dtype=np.float32)
    codes[noise < 0.05] = 9
    codes[noise > 0.97] = MISSING
    for j, item in enumerate(items):
        if item.groups is not None:
            asked = np.isin(np.arange(len(groups)), [groups.index(g) for g in item.groups])
            codes[~asked[group], j] = MISSING
    names = np.array([f"Gemeente {i:03d}" for i in range(municipalities)], dtype=object)
    frame = pd.DataFrame(
        {
            "respondent_id": pd.Series(np.arange(respondents)).astype(str),
            "municipality_code": pd.Series([f"GM{i:04d}" for i in range(municipalities)])[
                muni
            ].to_numpy(),
            "municipality_name": names[muni],
            "group": np.array(groups, dtype=object)[group],
            "wave": "2025",
            "source": "synthetic.csv",
            "row": np.arange(2, respondents + 2),
        },
        columns=list(RESPONDENT_COLUMNS),
    )
    return AnswerSet(
        respondents=frame,
        item_ids=[item.id for item in items],
        # Column-major, like the reader hands them over.
        codes=np.asfortranarray(codes),
        open_answers=pd.DataFrame({"respondent_id": frame["respondent_id"]}),
    )


def max_rss_mb() -> float:
    factor = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * factor / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--shuffle", action="store_true", help="rows not grouped by municipality")
    parser.add_argument("--dtype", default="int8", help="dtype of the code matrix")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    answers = synthetic(args.respondents, args.municipalities, args.shuffle, args.dtype)
    print(
        f"{args.respondents:,} respondents x {len(answers.item_ids)} items, "
        f"{args.municipalities} municipalities, codes {args.dtype}, "
        f"{'shuffled' if args.shuffle else 'grouped'} rows"
    )
    print(f"max RSS after generating the data: {max_rss_mb():.0f} MB")
    questionnaire = load_questionnaire("qsld")
    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        result = score(answers, questionnaire)
        times.append(time.perf_counter() - start)
    print(f"score(): best {min(times):.2f} s, runs " + ", ".join(f"{t:.2f}" for t in times))
    print(f"max RSS after scoring: {max_rss_mb():.0f} MB")
    # Memory that score() itself allocates at its peak (numpy arrays included).
    tracemalloc.start()
    score(answers, questionnaire)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"peak memory allocated by score(): {peak / 1e6:.0f} MB")
    print(f"{len(result.municipalities)} municipality results")


if __name__ == "__main__":
    main()
