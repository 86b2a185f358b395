"""`quickscan score --weights rake` against unweighted scoring on ~300,000 respondents.

    python benchmarks/bench_weights.py              # realistic file: 342 municipalities
    python benchmarks/bench_weights.py --repeat 5

The realistic answer file of benchmarks/generate_data.py gets background columns for its
inwoners (age band, gender, wijk, education: skewed towards older, highly educated men, as
open links are) and a population file with a wijk set per municipality; both are written
once into benchmarks/data/. Then, in fresh processes, the same file is scored to CSV
unweighted and with `--population ... --weights rake`. Target: weighted within 1.5x of
unweighted (the median of the runs).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
sys.path.insert(0, str(HERE))

AGE = ["18-34", "35-49", "50-64", "65+"]
AGE_POP, AGE_RESP = [0.26, 0.23, 0.26, 0.25], [0.15, 0.19, 0.31, 0.35]
GENDER = ["man", "vrouw"]
GENDER_POP, GENDER_RESP = [0.495, 0.505], [0.6, 0.4]
EDUCATION = ["laag", "middelbaar", "hoog"]
EDU_POP, EDU_RESP = [0.28, 0.38, 0.34], [0.16, 0.36, 0.48]
WIJKEN = ["Centrum", "Noord", "Oost", "Zuid", "West"]


def ensure_data() -> tuple[Path, Path]:
    from generate_data import generate

    DATA.mkdir(exist_ok=True)
    plain = DATA / "answers-realistic-342.csv"
    if not plain.exists():
        generate(plain, municipalities=342, seed=1, realistic=True)
    answers = DATA / "answers-realistic-342-background.csv"
    population = DATA / "population-realistic-342.csv"
    if answers.exists() and population.exists():
        return answers, population
    table = pacsv.read_csv(plain)
    rng = np.random.default_rng(15)
    n = table.num_rows
    resident = np.asarray(table.column("group").to_pylist(), dtype=object) == "inwoner"

    def column(values: list[str], shares: list[float]) -> pa.Array:
        drawn = np.asarray(values, dtype=object)[rng.choice(len(values), size=n, p=shares)]
        return pa.array(np.where(resident, drawn, None).tolist(), pa.string())

    codes = table.column("municipality_code").to_pylist()
    table = table.append_column("leeftijd", column(AGE, AGE_RESP))
    table = table.append_column("geslacht", column(GENDER, GENDER_RESP))
    table = table.append_column("wijk", column(WIJKEN, [0.2] * 5))
    table = table.append_column("opleiding", column(EDUCATION, EDU_RESP))
    pacsv.write_csv(table, answers)
    rows = ["municipality_code,characteristic,category,share"]
    for code in sorted(set(codes)):
        wijk = rng.dirichlet(np.full(5, 8.0))
        for name, values, shares in (
            ("leeftijd", AGE, AGE_POP),
            ("geslacht", GENDER, GENDER_POP),
            ("wijk", WIJKEN, wijk.tolist()),
            ("opleiding", EDUCATION, EDU_POP),
        ):
            for value, share in zip(values, shares, strict=True):
                rows.append(f"{code},{name},{value},{share!r}")
    population.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return answers, population


def _exe() -> str:
    return str(Path(sys.executable).with_name("quickscan"))


def time_score(args: list[str]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        subprocess.run(
            [_exe(), "score", *args, "--format", "csv", "-o", str(Path(folder) / "out.csv")],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    answers, population = ensure_data()
    plain: list[float] = []
    weighted: list[float] = []
    for _ in range(args.repeat):  # alternate, so a busy moment hits both alike
        plain.append(time_score([str(answers)]))
        weighted.append(
            time_score([str(answers), "--population", str(population), "--weights", "rake"])
        )
    p, w = statistics.median(plain), statistics.median(weighted)
    print(f"unweighted score: median {p:.2f} s  ({', '.join(f'{t:.2f}' for t in plain)})")
    print(f"--weights rake:   median {w:.2f} s  ({', '.join(f'{t:.2f}' for t in weighted)})")
    ratio = w / p
    print(f"ratio {ratio:.2f}x (target <= 1.5x): {'ok' if ratio <= 1.5 else 'OVER TARGET'}")


if __name__ == "__main__":
    main()
