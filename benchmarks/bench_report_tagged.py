"""Benchmark: what PDF/UA costs (issue 11).

1. One profile, side by side in one run: a bare WeasyPrint render of the profile's HTML with
   the `pdf/ua-1` variant (the same HTML, fonts and fetcher) against quickscan's render of
   the same HTML (WeasyPrint plus `report.tagged`'s pikepdf finishing). Alternating runs,
   median of each. Target: quickscan within 1.2x the bare render. The untagged (`plain`)
   render is shown for reference, and so is the bare render with WeasyPrint's own
   letter-by-letter SVG text (`report.svg_text.stock_drawing`); the target is taken against
   the bare render with quickscan's one-run labels, the stricter of the two.
2. A batch of tagged profiles with --jobs 2 on a sample of the realistic file
   (benchmarks/data/realistic.csv, 342 municipalities), extrapolated to all 342.
   Target: all 342 within 6 minutes.

Run: python benchmarks/bench_report_tagged.py [--repeat 5] [--sample 40] [--no-batch]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
DAY = dt.date(2026, 11, 26)


def _document():  # type: ignore[no-untyped-def]
    from quickscan.api import score_files
    from quickscan.questionnaire import load_questionnaire
    from quickscan.report import build_report

    q = load_questionnaire("qsld", extra=EXAMPLES / "maatwerk.yaml")
    result = score_files([EXAMPLES / "gm9901-maatwerk.csv"], q)
    return build_report(result, q, report_date=DAY)


def single(repeat: int) -> dict[str, float]:
    from quickscan.report import pdf

    document = _document()
    html = document.print_html
    args = document._pdf_args()
    base = Path(args["base_url"]).resolve().as_uri() + "/"
    roots = [Path(r).resolve() for r in args["roots"]]
    weasyprint = pdf._weasyprint()

    def bare() -> bytes:
        record: list[str] = []
        font_config, sheet = pdf._shared_fonts(args["fonts_css"], base, roots, record)
        page = weasyprint.HTML(string=html, base_url=base, url_fetcher=pdf._fetcher(roots, record))
        return bytes(
            page.write_pdf(
                attachments=[],
                pdf_identifier=b"quickscan-profile",
                pdf_variant="pdf/ua-1",
                font_config=font_config,
                stylesheets=[sheet],
            )
        )

    def bare_stock() -> bytes:
        # WeasyPrint exactly as it comes: its own letter-by-letter SVG text drawing.
        from quickscan.report import svg_text

        with svg_text.stock_drawing():
            return bare()

    def tagged() -> bytes:
        return pdf.render_pdf(html, variant="ua-1", **args)

    def plain() -> bytes:
        return pdf.render_pdf(html, variant="plain", **args)

    tagged()  # warm up imports and fonts
    times: dict[str, list[float]] = {"bare": [], "bare_stock": [], "tagged": [], "plain": []}
    actions = (("bare", bare), ("bare_stock", bare_stock), ("tagged", tagged), ("plain", plain))
    for _ in range(repeat):
        for name, action in actions:
            started = time.perf_counter()
            action()
            times[name].append(time.perf_counter() - started)
    from quickscan.report.tagged import finish_tagged_pdf

    raw = bare()
    started = time.perf_counter()
    finish_tagged_pdf(raw, html)
    finish = time.perf_counter() - started
    return {name: statistics.median(values) for name, values in times.items()} | {"finish": finish}


def batch(sample: int) -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_compare import ensure_data, run_batch_child  # type: ignore[import-not-found]

    path = ensure_data()
    return run_batch_child(path, sample, 2)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--no-batch", action="store_true")
    args = parser.parse_args()

    figures = single(args.repeat)
    ratio = figures["tagged"] / figures["bare"]
    print(f"one profile, median of {args.repeat} alternating runs:")
    print(f"  bare WeasyPrint, pdf/ua-1:        {figures['bare']:.2f} s "
          "(with report.svg_text's one-run labels, as quickscan draws them)")  # fmt: skip
    print(f"  the same, WeasyPrint's own labels: {figures['bare_stock']:.2f} s")
    print(f"  quickscan, ua-1 (with finishing): {figures['tagged']:.2f} s "
          f"({ratio:.2f}x the bare render, target <= 1.2x)")  # fmt: skip
    print(f"  quickscan, plain (untagged):      {figures['plain']:.2f} s")
    print(f"  pikepdf finishing alone:          {figures['finish']:.2f} s")
    if not args.no_batch:
        result = batch(args.sample)
        per_report = result["batch_s"] / args.sample
        estimate = result.get("score_s", 0.0) + per_report * 342
        print(f"batch of {args.sample} tagged profiles, --jobs 2: {result['batch_s']:.1f} s "
              f"({per_report:.2f} s per report)")  # fmt: skip
        print(f"estimate for all 342: {estimate:.0f} s (target <= 360 s), extrapolated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
