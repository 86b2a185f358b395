"""Run every benchmark in this folder, one after the other, and print their figures.

python benchmarks/run.py            # all of them (make bench)
python benchmarks/run.py score      # only bench_score.py
python benchmarks/run.py dashboard  # only bench_dashboard.py (the compare --html page)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    wanted = set(sys.argv[1:])
    scripts = sorted(HERE.glob("bench_*.py"))
    failed = 0
    for script in scripts:
        name = script.stem.removeprefix("bench_")
        if wanted and name not in wanted:
            continue
        print(f"== {name}", flush=True)
        failed += subprocess.run([sys.executable, str(script)]).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
