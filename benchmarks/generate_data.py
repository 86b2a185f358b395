"""Synthetic clean QSLD answer files for the benchmarks, written fast (numpy + pyarrow).

    python benchmarks/generate_data.py                  # 1,000,000 respondents, 342 municipalities
    python benchmarks/generate_data.py --realistic      # 342 municipalities, real group sizes
    python benchmarks/generate_data.py -n 5000 -m 10 -o /tmp/answers.csv

The file has the header of `quickscan template` (the 50 qsld items, OPEN01-OPEN03 left
empty) and integer codes: 1-5, 9 for don't know, empty for a blank or an item the group is
not asked. The answers come from the same kind of latent-variable model as
examples/make_examples.py, simplified and vectorised: municipality x area level, group offset
per area, respondent traits, item difficulty and noise, cut into codes; reverse items mirrored.

Two shapes:
  - default: `respondents` rows spread over `municipalities` of unequal size, with the group
    shares of an average municipality (raad 3.7 %, college 0.7 %, ambtenaar 5.7 %, rest
    inwoner);
  - realistic=True: per municipality 20-45 raad, 4-8 college, 20-80 ambtenaar and 300-1500
    inwoner (about 300,000 respondents for 342 municipalities); `respondents` is ignored.

Generated files belong under benchmarks/data/ (git-ignored) or /tmp.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from quickscan.questionnaire import load_questionnaire

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

GROUPS = ("raad", "college", "ambtenaar", "inwoner")
GROUP_SHARE = np.array([0.037, 0.007, 0.057, 0.899])
#: Offset per group and area (latent code units): the college is rosier, residents harsher.
GROUP_AREA = np.array(
    [
        [-0.25, 0.00, -0.05, -0.20, 0.05, 0.00, -0.20],
        [0.40, 0.40, 0.45, 0.30, 0.30, 0.30, 0.35],
        [0.10, -0.05, 0.05, 0.35, 0.05, 0.10, 0.10],
        [-0.05, -0.20, -0.45, -0.30, -0.35, -0.15, -0.20],
    ]
)
GENERAL_SD, AREA_SD, NOISE_SD = 0.35, 0.50, 0.85
BLANK_SHARE = 0.008
STOP_SHARE = 0.03
CHUNK_ROWS = 100_000


def group_sizes(
    respondents: int, municipalities: int, realistic: bool, rng: np.random.Generator
) -> np.ndarray:
    """(municipalities, 4) respondents per municipality and group."""
    if realistic:
        return np.column_stack(
            [
                rng.integers(20, 46, size=municipalities),
                rng.integers(4, 9, size=municipalities),
                rng.integers(20, 81, size=municipalities),
                np.rint(300 + 1200 * rng.beta(1.3, 1.9, size=municipalities)).astype(np.int64),
            ]
        )
    weights = rng.lognormal(0.0, 0.6, size=municipalities)
    per_municipality = rng.multinomial(respondents, weights / weights.sum())
    return np.stack([rng.multinomial(n, GROUP_SHARE) for n in per_municipality])


def generate(
    path: Path | str,
    respondents: int = 1_000_000,
    municipalities: int = 342,
    seed: int = 1,
    *,
    realistic: bool = False,
    wave: str = "2026",
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Write a synthetic answer CSV to `path`; returns the number of respondents written."""
    q = load_questionnaire("qsld")
    items = q.items
    item_ids = [item.id for item in items]
    k = len(items)
    area_of = np.array([a for a, area in enumerate(q.areas) for _ in area.items])
    n_areas = len(q.areas)
    reverse = np.array([item.reverse for item in items])
    applies = np.array([[item.applies_to(g) for item in items] for g in GROUPS])
    # Don't know: 3-8 % in general; 20-40 % for residents on facts and the inner workings
    # they cannot see (items also not asked of every group), 10-30 % for staff on facts.
    rng = np.random.default_rng(seed)
    dont_know = np.tile(rng.uniform(0.03, 0.08, size=k), (len(GROUPS), 1))
    for j, item in enumerate(items):
        if item.kind == "fact":
            dont_know[3, j] = rng.uniform(0.30, 0.40)
            dont_know[2, j] = rng.uniform(0.10, 0.30)
    for code in ("GR03", "GR07", "PA01", "PA06", "PA07", "WB02", "WB04", "WB07", "WB08"):
        dont_know[3, item_ids.index(code)] = rng.uniform(0.20, 0.40)
    item_effect = rng.normal(0.0, 0.3, size=k)

    sizes = group_sizes(respondents, municipalities, realistic, rng)
    total = int(sizes.sum())
    level = rng.normal(3.3, 0.25, size=(municipalities, n_areas))
    municipality_codes = [f"GM{9000 + m + 1:04d}" for m in range(municipalities)]
    code_array = pa.array(municipality_codes)
    name_array = pa.array([f"Proefgemeente {m + 1:03d}" for m in range(municipalities)])
    group_array = pa.array(list(GROUPS))

    # Rows in municipality order; within a municipality the groups are mixed, as exports are.
    municipality = np.repeat(np.arange(municipalities), sizes.sum(axis=1))
    group = np.concatenate([np.repeat(np.arange(len(GROUPS)), row) for row in sizes])
    order = np.lexsort((rng.random(total), municipality))
    group = group[order].astype(np.int8)

    columns = ["respondent_id", "municipality_code", "municipality_name", "group", "wave"]
    columns += [*item_ids, *(o.id for o in q.open_questions)]
    schema = pa.schema(
        [pa.field(c, pa.string()) for c in columns[:5]]
        + [pa.field(c, pa.int8()) for c in item_ids]
        + [pa.field(o.id, pa.string()) for o in q.open_questions]
    )
    try:
        options = pacsv.WriteOptions(quoting_style="none", quoting_header="none")
    except TypeError:  # pyarrow < 18 always quotes the header
        options = pacsv.WriteOptions(quoting_style="none")
    columns_after = np.arange(k)[None, :]
    with pacsv.CSVWriter(str(path), schema, write_options=options) as writer:
        for start in range(0, total, chunk_rows):
            stop = min(start + chunk_rows, total)
            n = stop - start
            m = municipality[start:stop]
            g = group[start:stop]
            traits = rng.normal(0.0, AREA_SD, size=(n, n_areas))
            traits += rng.normal(0.0, GENERAL_SD, size=(n, 1))
            latent = (level[m] + GROUP_AREA[g] + traits)[:, area_of] + item_effect
            latent += rng.normal(0.0, NOISE_SD, size=(n, k))
            codes = np.clip(np.rint(latent), 1, 5).astype(np.int8)
            codes = np.where(reverse, 6 - codes, codes).astype(np.int8)
            codes[rng.random((n, k)) < dont_know[g]] = 9
            missing = ~applies[g] | (rng.random((n, k)) < BLANK_SHARE)
            stopped = rng.random(n) < STOP_SHARE
            missing |= stopped[:, None] & (columns_after >= rng.integers(15, 43, size=(n, 1)))

            ids = pc.utf8_lpad(
                pc.cast(pa.array(np.arange(start + 1, stop + 1)), pa.string()), 7, "0"
            )
            arrays = [
                pc.binary_join_element_wise(pa.scalar("R"), ids, ""),
                code_array.take(pa.array(m)),
                name_array.take(pa.array(m)),
                group_array.take(pa.array(g)),
                pa.repeat(pa.scalar(wave), n),
            ]
            arrays += [pa.array(codes[:, j], mask=missing[:, j]) for j in range(k)]
            arrays += [pa.nulls(n, pa.string()) for _ in q.open_questions]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--respondents", type=int, default=1_000_000)
    parser.add_argument("-m", "--municipalities", type=int, default=342)
    parser.add_argument(
        "--realistic", action="store_true", help="real group sizes per municipality"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, help="default: benchmarks/data/<name>.csv")
    args = parser.parse_args()
    if args.output is None:
        DATA.mkdir(exist_ok=True)
        shape = "realistic" if args.realistic else f"{args.respondents}x50"
        args.output = DATA / f"answers-{shape}-{args.municipalities}.csv"
    started = time.perf_counter()
    rows = generate(
        args.output, args.respondents, args.municipalities, args.seed, realistic=args.realistic
    )
    seconds = time.perf_counter() - started
    size = args.output.stat().st_size / 1e6
    print(f"wrote {args.output}: {rows:,} respondents, {size:.1f} MB in {seconds:.1f} s")


if __name__ == "__main__":
    main()
