"""Benchmark for `quickscan compare` and batch reports (issue 5).

On a realistic file of 342 municipalities (~300,000 respondents, benchmarks/generate_data.py):
  - `quickscan score FILE --format json` vs `quickscan compare FILE --format json`, each in
    a fresh process: target compare <= 3x score;
  - batch reports (the engine of `quickscan report --each`) on a sample: --jobs 1 vs --jobs 2,
    target speed-up >= 1.8x;
  - peak memory of a batch (main process + workers, sampled from /proc) for 10 vs 40
    reports: it must not grow with the number of reports;
  - with --full: every report of all 342 municipalities with --jobs 2, end to end (read,
    score, render): target 8 minutes.

Run: python benchmarks/bench_compare.py [--sample 10] [--full] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))


def ensure_data() -> Path:
    from generate_data import generate

    path = DATA / "answers-realistic-342.csv"
    if not path.exists():
        DATA.mkdir(exist_ok=True)
        started = time.perf_counter()
        generate(path, municipalities=342, seed=1, realistic=True)
        print(f"generated {path.name} in {time.perf_counter() - started:.1f} s", flush=True)
    return path


def _exe() -> str:
    return shutil.which("quickscan", path=str(Path(sys.executable).parent)) or "quickscan"


def time_command(args: list[str]) -> float:
    started = time.perf_counter()
    proc = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return elapsed


# --- memory of a process tree ---------------------------------------------------------------


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


class TreeSampler(threading.Thread):
    """Samples the summed RSS of a process and all its descendants, and the largest one."""

    def __init__(self, pid: int, every: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.every = every
        self.peak_total = 0.0
        self.peak_single = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            tree = _children()
            pids, todo = [], [self.pid]
            while todo:
                pid = todo.pop()
                pids.append(pid)
                todo.extend(tree.get(pid, []))
            sizes = [_rss_mb(p) for p in pids]
            self.peak_total = max(self.peak_total, sum(sizes))
            self.peak_single = max(self.peak_single, max(sizes, default=0.0))
            time.sleep(self.every)


# --- the batch, in a child process ------------------------------------------------------------


def child(path: str, count: int, jobs: int, out: str) -> None:
    """Score the file once, then render the first `count` reports; print timings as JSON."""
    from quickscan.api import score_files
    from quickscan.compare.batch import BatchOptions, run_batch
    from quickscan.questionnaire import load_questionnaire

    started = time.perf_counter()
    q = load_questionnaire("qsld")
    result = score_files([path], q)
    scored = time.perf_counter()
    if count:
        result = result.model_copy(update={"municipalities": result.municipalities[:count]})
    summary = run_batch(result, q, BatchOptions(out_dir=Path(out), jobs=jobs), inputs=[path])
    done = time.perf_counter()
    print(
        json.dumps(
            {
                "score_s": scored - started,
                "batch_s": done - scored,
                "total_s": done - started,
                "reports": summary.done,
                "failed": summary.failed,
            }
        )
    )


def run_batch_child(path: Path, count: int, jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.Popen(
            [sys.executable, __file__, "--child", str(path), str(count), str(jobs), tmp],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        sampler = TreeSampler(proc.pid)
        sampler.start()
        stdout, stderr = proc.communicate()
        sampler.stop.set()
        sampler.join()
        if proc.returncode != 0:
            raise SystemExit(f"batch child failed ({proc.returncode}):\n{stderr[-3000:]}")
        figures = json.loads(stdout.strip().splitlines()[-1])
        figures["peak_total_mb"] = sampler.peak_total
        figures["peak_single_mb"] = sampler.peak_single
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=10, help="reports in the scaling test")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--full", action="store_true", help="also render all 342 reports")
    parser.add_argument("--child", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        path, count, jobs, out = args.child
        child(path, int(count), int(jobs), out)
        return

    path = ensure_data()
    exe = _exe()
    results: dict[str, object] = {
        "benchmark": "compare",
        "file": path.name,
        "cores": os.cpu_count(),
    }
    with tempfile.TemporaryDirectory() as tmp:
        score_s = min(
            time_command([exe, "score", str(path), "--format", "json", "-o", f"{tmp}/s.json"])
            for _ in range(args.repeat)
        )
        compare_s = min(
            time_command([exe, "compare", str(path), "--format", "json", "-o", f"{tmp}/c.json"])
            for _ in range(args.repeat)
        )
    results.update(score_s=round(score_s, 2), compare_s=round(compare_s, 2))
    results["compare_ratio"] = round(compare_s / score_s, 2)
    print(
        f"compare: {compare_s:.1f} s vs score {score_s:.1f} s -> {compare_s / score_s:.2f}x "
        "(target <= 3x)",
        flush=True,
    )

    one = run_batch_child(path, args.sample, 1)
    two = run_batch_child(path, args.sample, 2)
    speedup = one["batch_s"] / two["batch_s"]
    results.update(
        sample=args.sample,
        jobs1_batch_s=round(one["batch_s"], 1),
        jobs2_batch_s=round(two["batch_s"], 1),
        speedup=round(speedup, 2),
    )
    print(
        f"batch of {args.sample}: --jobs 1 {one['batch_s']:.1f} s, --jobs 2 "
        f"{two['batch_s']:.1f} s -> {speedup:.2f}x (target >= 1.8x); "
        f"{two['batch_s'] / args.sample * 2:.2f} s per report per worker",
        flush=True,
    )

    forty = run_batch_child(path, 40, 2)
    results.update(
        peak_10_mb=round(two["peak_total_mb"]),
        peak_40_mb=round(forty["peak_total_mb"]),
        peak_worker_10_mb=round(two["peak_single_mb"]),
        peak_worker_40_mb=round(forty["peak_single_mb"]),
        batch_40_s=round(forty["batch_s"], 1),
    )
    print(
        f"memory (main + workers, peak): {args.sample} reports {two['peak_total_mb']:.0f} MB, "
        f"40 reports {forty['peak_total_mb']:.0f} MB; largest process "
        f"{two['peak_single_mb']:.0f} / {forty['peak_single_mb']:.0f} MB",
        flush=True,
    )
    per_report = forty["batch_s"] / 40
    results["estimate_342_s"] = round(forty["score_s"] + per_report * 342)
    print(
        f"estimate for all 342 with --jobs 2: {forty['score_s'] + per_report * 342:.0f} s "
        "(target 480 s)",
        flush=True,
    )
    if args.full:
        full = run_batch_child(path, 0, 2)
        results.update(full_342_s=round(full["total_s"]), full_peak_mb=round(full["peak_total_mb"]))
        print(
            f"all {full['reports']:.0f} reports with --jobs 2: {full['total_s']:.0f} s end to end "
            f"(target 480 s); peak {full['peak_total_mb']:.0f} MB",
            flush=True,
        )
    print(json.dumps(results))


if __name__ == "__main__":
    main()
