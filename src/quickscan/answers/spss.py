"""Read an SPSS `.sav` / `.zsav` file (pyreadstat) into the same `RawTable` as CSV and XLSX.

Cells become text the way SPSS shows a whole number: `2026.00` is `2026`, `4.0` is `4`; a
system-missing value is an empty cell. Value labels, user-missing values and variable labels
are kept beside the table (`RawTable.value_labels`, `user_missing`, `column_labels`), so the
importer can check codes against their labels. Read directly by `check` or `score`, a
user-missing cell is written as its value label when it has one (so `9 = Weet niet` still
reads as don't-know), and as an empty cell otherwise: it is never a score.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa

from quickscan.answers.problems import make_problem
from quickscan.errors import Problem, excerpt

if TYPE_CHECKING:
    from quickscan.answers.sources import ColumnSelector, RawTable

#: The first bytes of an SPSS system file: `$FL2` (.sav) or `$FL3` (.zsav, compressed).
SPSS_MAGIC = (b"$FL2", b"$FL3")


def number_text(value: Any) -> str:
    """A cell value as SPSS shows it: whole numbers without decimals, NaN as empty."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _column_text(values: Any) -> list[str]:
    array = np.asarray(values)
    if array.dtype.kind == "f":
        blank = np.isnan(array)
        whole = ~blank & (array == np.round(array))
        if whole.all() and np.abs(array).max(initial=0) < 2**53:
            return [str(v) for v in array.astype(np.int64).tolist()]
        return [number_text(v) for v in array.tolist()]
    return [number_text(v) for v in values.tolist()]


def _in_ranges(text: str, ranges: list[tuple[Any, Any]]) -> bool:
    if not text:
        return False
    for low, high in ranges:
        if isinstance(low, str) or isinstance(high, str):
            if text == str(low) or text == str(high):
                return True
            continue
        try:
            number = float(text)
        except ValueError:
            continue
        if float(low) <= number <= float(high):
            return True
    return False


def read_spss(
    path: Path,
    label: str,
    select: ColumnSelector,
    problems: list[Problem],
    *,
    keep_codes: bool = False,
) -> RawTable | None:
    """Read one SPSS file; problems that make it unreadable go to `problems` and give None.

    `keep_codes=True` (the importer) keeps user-missing codes as they are; the importer
    recodes them itself and checks them against their labels.
    """
    import pyreadstat  # imported here: CSV-only runs do not pay for it

    from quickscan.answers.sources import RawTable

    try:
        frame, meta = pyreadstat.read_sav(str(path), user_missing=True)
    except Exception as exc:  # noqa: BLE001 - pyreadstat raises several kinds for broken files
        problems.append(
            make_problem(
                "unsupported-format",
                f"this looks like an SPSS file but it cannot be read ({excerpt(exc, 80)})",
                file=label,
                hint="save it again from SPSS as .sav, or export it as CSV",
            )
        )
        return None
    header = [str(name) for name in frame.columns]
    if not header:
        problems.append(make_problem("empty-file", "the SPSS file has no variables", file=label))
        return None
    wanted = sorted(set(select(header)))
    value_labels: dict[int, dict[str, str]] = {}
    user_missing: dict[int, frozenset[str]] = {}
    column_labels: dict[int, str] = {}
    names_to_labels = meta.column_names_to_labels or {}
    ranges_of = meta.missing_ranges or {}
    labels_of = meta.variable_value_labels or {}
    columns: dict[int, pa.ChunkedArray] = {}
    for index in wanted:
        name = header[index]
        cells = _column_text(frame[name])
        labels = {number_text(k): str(v) for k, v in labels_of.get(name, {}).items()}
        ranges = [
            (r.get("lo"), r.get("hi")) for r in ranges_of.get(name, []) if isinstance(r, dict)
        ]
        missing = frozenset(v for v in set(cells) if _in_ranges(v, ranges))
        if labels:
            value_labels[index] = labels
        if missing:
            user_missing[index] = missing
        if missing and not keep_codes:
            # Read directly, a user-missing code is its label (don't-know), never a score.
            cells = [labels.get(v, "") if v in missing else v for v in cells]
        if names_to_labels.get(name):
            column_labels[index] = str(names_to_labels[name])
        columns[index] = pa.chunked_array([pa.array(cells, type=pa.string())])
    for index, name in enumerate(header):
        if index not in column_labels and names_to_labels.get(name):
            column_labels[index] = str(names_to_labels[name])
    n = len(frame)
    return RawTable(
        file=label,
        header=header,
        columns=columns,
        # Case 1 is row 2, as if the variable names were a header row (like CSV and XLSX).
        rows=np.arange(2, n + 2, dtype=np.int64),
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        value_labels=value_labels,
        user_missing=user_missing,
        column_labels=column_labels,
    )
