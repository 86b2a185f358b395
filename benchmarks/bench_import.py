"""Benchmark for `quickscan import` (issue 10).

A Qualtrics export with choice texts ("Helemaal mee eens", three header rows) of 300,000
respondents, built by tests/exports_factory.py (the generator the tests use), is imported in a
fresh process; then `quickscan score` runs on the written answer file, also in a fresh
process. Target: the import within 3x the score.

Run: python benchmarks/bench_import.py [--rows 300000] [--repeat 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))

from bench_compare import _exe, time_command  # type: ignore[import-not-found]  # noqa: E402

SETS = ["--set", "municipality_code=GM9901", "--set", "municipality_name=Wolderveen"]
SETS += ["--set", "wave=2026"]


def ensure_export(rows: int) -> Path:
    import exports_factory as factory

    path = DATA / f"qualtrics-choice-text-{rows}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        started = time.perf_counter()
        q = factory.questionnaire()
        people = factory.fixed_answers(q, per_group=rows // 4)
        factory.write_qualtrics(path, q, people, choice_text=True)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    export = ensure_export(args.rows)
    size = export.stat().st_size / 1e6
    with tempfile.TemporaryDirectory() as folder:
        answers = Path(folder) / "answers.csv"
        scores = Path(folder) / "scores.csv"
        imports, scorings = [], []
        for _ in range(args.repeat):
            imports.append(time_command([_exe(), "import", str(export), *SETS, "-o", str(answers)]))
            scorings.append(
                time_command([_exe(), "score", str(answers), "--format", "csv", "-o", str(scores)])
            )
        best_import, best_score = min(imports), min(scorings)
    ratio = best_import / best_score
    print(f"export: {export.name}, {args.rows:,} respondents, {size:.0f} MB")
    print(f"quickscan import: {best_import:.2f} s (runs: {', '.join(f'{t:.2f}' for t in imports)})")
    print(f"quickscan score:  {best_score:.2f} s (runs: {', '.join(f'{t:.2f}' for t in scorings)})")
    print(f"ratio import/score: {ratio:.2f}x (target <= 3x)")
    return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
