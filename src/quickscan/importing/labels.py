"""Pair a codes export with the labels export of the same responses.

LimeSurvey exports "answer codes" or "full answers", Qualtrics "numeric values" or "choice
text": the same responses, the same headers, codes in one and labels in the other. Given both,
the labels become the value labels of the codes export, like SPSS's, so the codes are checked
against them (a reversed scale is refused) and codes no label list knows (`A1`, Qualtrics's
`6`) are recoded through their label. The labels export is not imported a second time.
"""

from __future__ import annotations

import re

import pyarrow as pa
import pyarrow.compute as pc

from quickscan.importing.readers import ExportTable

_CODE = re.compile(r"^[A-Za-z]{0,2}-?\d+(?:[.,]0+)?$")


def _code_share(table: ExportTable) -> float:
    """The share of the distinct non-blank values (over all columns) that look like codes."""
    codes = total = 0
    for column in table.columns:
        values = pc.unique(column.combine_chunks()).to_pylist()
        if len(values) > 60:
            continue  # ids, dates and open answers say nothing about codes or labels
        for value in values:
            if value and value.strip():
                total += 1
                codes += bool(_CODE.match(value.strip()))
    return codes / total if total else 0.0


def _labels(codes: pa.ChunkedArray, labels: pa.ChunkedArray) -> dict[str, str]:
    """code -> label where every row with the code has the same label."""
    pairs = pa.table({"c": codes.combine_chunks(), "l": labels.combine_chunks()})
    distinct = pairs.group_by(["c", "l"]).aggregate([]).to_pydict()
    found: dict[str, set[str]] = {}
    for code, label in zip(distinct["c"], distinct["l"], strict=True):
        if code and code.strip() and label and label.strip() and code.strip() != label.strip():
            found.setdefault(code.strip(), set()).add(label.strip())
    return {code: next(iter(names)) for code, names in found.items() if len(names) == 1}


def pair_labels(exports: list[ExportTable]) -> list[ExportTable]:
    """The exports to import, with each labels export folded into its codes export."""
    used: set[int] = set()
    for i, first in enumerate(exports):
        for j in range(i + 1, len(exports)):
            second = exports[j]
            if j in used or i in used:
                continue
            if (
                first.platform.name != second.platform.name
                or first.headers != second.headers
                or first.n_rows != second.n_rows
            ):
                continue
            codes, labels = (first, second)
            if _code_share(second) > _code_share(first):
                codes, labels = second, first
            if _code_share(codes) - _code_share(labels) < 0.5:
                continue  # two exports of the same kind: both are imported
            for index, column in enumerate(codes.columns):
                if index not in codes.value_labels:
                    found = _labels(column, labels.columns[index])
                    if found:
                        codes.value_labels[index] = found
            codes.notes.append(f"value labels from {labels.file}")
            used.add(exports.index(labels))
    return [export for k, export in enumerate(exports) if k not in used]
