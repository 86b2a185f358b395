"""Benchmark for `quickscan report`, the PDF democracy profile (issue 4).

Times, with the median of --repeat runs:
  - the full report in a fresh process: `quickscan report` on examples/gm9901-maatwerk.csv
    (or, without the examples, a small script on the test factory's result);
  - the HTML alone (context, charts, templates) in this process;
  - the PDF step with and without charts (WeasyPrint on the same HTML, charts left out).
Targets: the fresh-process report within 5 s; the PDF step within 2x the chart-less one.

Run: python benchmarks/bench_report.py [--repeat K]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
ANSWERS = EXAMPLES / "gm9901-maatwerk.csv"
EXTRA = EXAMPLES / "maatwerk.yaml"
DAY = dt.date(2026, 3, 31)

# `quickscan` as its console script runs it (importing the report command explicitly, so this
# works whether or not the CLI package lists it yet).
QUICKSCAN = [
    sys.executable,
    "-c",
    "import sys, quickscan.cli.report; from quickscan.cli import main; "
    "sys.argv[0] = 'quickscan'; main()",
]

FACTORY_SCRIPT = f"""
import sys, datetime as dt
sys.path.insert(0, {str(ROOT / "tests" / "unit")!r})
from report_factory import make_result
from quickscan.questionnaire import load_questionnaire
from quickscan.report import build_report
q = load_questionnaire("qsld")
build_report(make_result(q), q, report_date=dt.date(2026, 3, 31)).write_pdf(sys.argv[1])
"""


def _pages(path: Path) -> int | None:
    try:
        from pypdf import PdfReader
    except ImportError:  # pypdf is a test dependency
        return None
    return len(PdfReader(path).pages)


def median_time(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from quickscan.questionnaire import load_questionnaire
    from quickscan.report import build_report

    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "profile.pdf"
        if ANSWERS.is_file() and EXTRA.is_file():
            command = [*QUICKSCAN, "report", str(ANSWERS), "--extra", str(EXTRA),
                       "--report-date", DAY.isoformat(), "-o", str(out)]  # fmt: skip
            what = f"quickscan report {ANSWERS.name}"
            q = load_questionnaire("qsld", extra=EXTRA)
            from quickscan.api import score_files

            result = score_files([ANSWERS], q)
        else:
            command = [sys.executable, "-c", FACTORY_SCRIPT, str(out)]
            what = "report of the test factory's result"
            sys.path.insert(0, str(ROOT / "tests" / "unit"))
            from report_factory import make_result  # type: ignore[import-not-found]

            q = load_questionnaire("qsld")
            result = make_result(q)

        def fresh() -> None:
            subprocess.run(command, check=True, capture_output=True)

        full = median_time(fresh, args.repeat)
        pages = _pages(out)

        def html() -> None:
            _ = build_report(result, q, report_date=DAY).html

        html_time = median_time(html, args.repeat)

        with_charts = build_report(result, q, report_date=DAY)
        without = build_report(result, q, report_date=DAY, charts=False)
        _ = with_charts.print_html, without.print_html
        without.pdf_bytes()  # warm up WeasyPrint's imports and font loading
        pdf_plain = median_time(without.pdf_bytes, args.repeat)
        pdf_charts = median_time(with_charts.pdf_bytes, args.repeat)

    print(f"full report, fresh process ({what}): {full:.2f} s (target <= 5 s)"
          + (f", {pages} pages" if pages else ""))  # fmt: skip
    print(f"HTML alone (context, charts, templates): {html_time:.2f} s")
    print(f"PDF step without charts: {pdf_plain:.2f} s")
    print(f"PDF step with charts:    {pdf_charts:.2f} s "
          f"({pdf_charts / pdf_plain:.2f}x the chart-less PDF, target <= 2x)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
