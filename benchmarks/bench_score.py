"""Benchmark for `quickscan score` end to end (issue 3).

Generates (once) a synthetic clean CSV of 1,000,000 respondents x 50 items over 342
municipalities, then times in one run:
  - a plain `pyarrow.csv.read_csv` of the file (the yardstick),
  - `quickscan score FILE --format csv -o ...` in a fresh process (end to end),
  - for comparison, `quickscan score FILE --format json -o ...`, which also builds every
    item statistic and notable result (the area CSV does not need them),
and reports the ratio and the peak memory (max RSS) of the quickscan process.
Target: end to end within 3x the pyarrow read, peak memory below 2 GB.

The package's bytecode is compiled first, as `pip install` does: in a source checkout run
with PYTHONDONTWRITEBYTECODE (as on CI machines) every run would compile it again.

Run: python benchmarks/bench_score.py [--respondents N] [--repeat K]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))


def ensure_data(respondents: int, municipalities: int) -> Path:
    from generate_data import generate

    path = DATA / f"answers-{respondents}x50-{municipalities}.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        started = time.perf_counter()
        generate(path, respondents=respondents, municipalities=municipalities, seed=1)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def time_pyarrow(path: Path) -> float:
    code = (
        "import time, pyarrow.csv as c; t=time.perf_counter(); "
        f"c.read_csv({str(path)!r}); print(time.perf_counter()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def compile_package() -> None:
    import quickscan

    package = Path(quickscan.__file__).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def time_quickscan(path: Path, fmt: str = "csv") -> tuple[float, float]:
    """Seconds and peak RSS (MB) of one `quickscan score` run in a fresh process."""
    exe = shutil.which("quickscan", path=str(Path(sys.executable).parent)) or "quickscan"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"scores.{fmt}"
        log = Path(tmp) / "stderr.txt"
        with log.open("wb") as stderr:
            started = time.perf_counter()
            proc = subprocess.Popen(
                [exe, "score", str(path), "--format", fmt, "-o", str(out)],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
            # wait4 gives this child's own peak memory (RUSAGE_CHILDREN would be the
            # maximum over every child so far, the pyarrow yardstick included).
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            text = log.read_text(errors="replace")[-2000:]
            raise SystemExit(f"quickscan score failed ({code}):\n{text}")
    return elapsed, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=1_000_000)
    parser.add_argument("--municipalities", type=int, default=342)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = ensure_data(args.respondents, args.municipalities)
    compile_package()
    size_mb = path.stat().st_size / 1e6
    # Interleaved, so that a busy moment on the machine does not favour one of them.
    arrows: list[float] = []
    runs: list[tuple[float, float]] = []
    for _ in range(args.repeat):
        arrows.append(time_pyarrow(path))
        runs.append(time_quickscan(path))
    arrow = min(arrows)
    best = min(seconds for seconds, _ in runs)
    peak = max(mb for _, mb in runs)
    full = min(time_quickscan(path, "json")[0] for _ in range(max(1, args.repeat // 2)))
    result = {
        "benchmark": "score",
        "file": path.name,
        "file_mb": round(size_mb, 1),
        "cores": os.cpu_count(),
        "pyarrow_read_s": round(arrow, 2),
        "quickscan_score_s": round(best, 2),
        "ratio": round(best / arrow, 2),
        "quickscan_score_json_s": round(full, 2),
        "ratio_json": round(full / arrow, 2),
        "target_ratio": 3.0,
        "peak_rss_mb": round(peak),
        "target_peak_mb": 2000,
    }
    print(json.dumps(result))
    print(
        f"score: {best:.2f} s end to end vs pyarrow read {arrow:.2f} s -> {best / arrow:.2f}x "
        f"(target <= 3x); peak memory {peak:.0f} MB (target < 2000 MB); "
        f"with every item statistic (--format json) {full:.2f} s -> {full / arrow:.2f}x"
    )


if __name__ == "__main__":
    main()
