"""Comparisons: many municipalities, peer groups, benchmarks and waves (docs/compare.md).

The entry points:
- `compare_files(inputs, questionnaire, ...) -> Comparison` (what `quickscan compare` runs);
- `score_inputs(...)` and `compare_results(...)`, the two halves of it;
- `load_benchmark(path, questionnaire) -> Benchmark` and
  `benchmark_position(benchmark, municipality_result) -> BenchmarkPosition` for reports;
- `quickscan.compare.batch.run_batch(...)` for one report per municipality.
"""

from quickscan.compare.api import compare_files, compare_results, score_inputs
from quickscan.compare.benchmark import (
    Benchmark,
    BenchmarkPosition,
    benchmark_position,
    build_benchmark,
    load_benchmark,
    save_benchmark,
)
from quickscan.compare.models import Comparison

__all__ = [
    "Benchmark",
    "BenchmarkPosition",
    "Comparison",
    "benchmark_position",
    "build_benchmark",
    "compare_files",
    "compare_results",
    "load_benchmark",
    "save_benchmark",
    "score_inputs",
]
