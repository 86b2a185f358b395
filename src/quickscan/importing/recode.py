"""Turn an export's answer values into quickscan codes, checked against the export's labels.

Each column has few distinct values, so only those are judged; every cell then gets its
code by indexing (as in `answers/values.py`). Where the export carries value labels (SPSS),
a numeric code is kept as the code, and its label must mean the same: a scale whose codes
run the other way is refused instead of silently inverting the result.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quickscan.answers import arrow
from quickscan.answers.values import ScaleCoder
from quickscan.errors import Location, Problem, excerpt
from quickscan.importing.wordings import wording_codes
from quickscan.questionnaire.models import Item, Questionnaire, Scale, normalise_label

_INTEGER = re.compile(r"^[+-]?\d+(?:[.,]0+)?$")


def _integer(text: str) -> int | None:
    return int(re.split(r"[.,]", text)[0]) if _INTEGER.match(text) else None


@dataclass
class _Unknown:
    """One value that is no code or label, over every column it appears in."""

    raw: str
    scale: Scale
    columns: list[str] = field(default_factory=list)
    cells: int = 0
    first_row: int = 0


@dataclass
class Recoder:
    """Recodes item columns of one run; collects unknown values and label conflicts."""

    questionnaire: Questionnaire
    #: 'items' and item ids -> {normalised export value: code text}.
    values: dict[str, dict[str, str]]
    file: str
    recoded: int = 0
    user_missing: int = 0
    unknown: dict[tuple[str, str], _Unknown] = field(default_factory=dict)
    #: (label set text) -> [(item id, header)], for one message per reversed label set.
    reversed: dict[tuple[str, str], list[tuple[str, str]]] = field(default_factory=dict)
    _recode: dict[tuple[str, str], str] = field(default_factory=dict)
    _first_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    _lookups: dict[str, dict[str, int]] = field(default_factory=dict)

    def _meanings(self, scale: Scale) -> dict[str, int]:
        """Normalised label or wording -> code for a scale (its own labels first)."""
        if scale.id not in self._lookups:
            coder = ScaleCoder(scale, np.dtype(np.int64))
            self._lookups[scale.id] = {**wording_codes(scale), **coder.labels}
        return self._lookups[scale.id]

    def _mapped(self, item: Item, header: str, text: str) -> str | None:
        key = normalise_label(text)
        for name in (item.id, header, "items"):
            table = self.values.get(name)
            if table and key in table:
                return table[key]
        return None

    def item_column(
        self,
        column: pa.ChunkedArray,
        item: Item,
        header: str,
        rows: np.ndarray,
        labels: dict[str, str],
        missing: frozenset[str],
    ) -> pa.Array:
        """The codes of one item column, as text ('' for unanswered)."""
        scale = self.questionnaire.scale(item.scale)
        allowed = {*scale.codes, *scale.dont_know_codes}
        meanings = self._meanings(scale)
        dont_know = str(scale.dont_know_codes[0]) if scale.dont_know_codes else ""
        self._check_labels(item, header, scale, labels, missing)
        combined = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
        encoded = pc.dictionary_encode(combined)
        distinct = encoded.dictionary.to_pylist()
        indices = arrow.integers(encoded.indices)
        counts = np.bincount(indices, minlength=len(distinct))
        out: list[str] = []
        for position, value in enumerate(distinct):
            text = (value or "").strip()
            code = self._code(item, header, text, allowed, meanings, labels, missing, dont_know)
            if code is None:
                code = ""
                entry = self.unknown.setdefault(
                    (scale.id, normalise_label(text)), _Unknown(text, scale)
                )
                if header not in entry.columns:
                    entry.columns.append(header)
                if not entry.cells:
                    entry.first_row = int(rows[int(np.flatnonzero(indices == position)[0])])
                entry.cells += int(counts[position])
            elif text and code != text:
                if text in missing:
                    self.user_missing += int(counts[position])
                else:
                    self.recoded += int(counts[position])
            out.append(code)
        if not distinct:
            return pa.array([""] * len(combined), type=pa.string())
        return pa.array(out, type=pa.string()).take(encoded.indices)

    def _code(
        self,
        item: Item,
        header: str,
        text: str,
        allowed: set[int],
        meanings: dict[str, int],
        labels: dict[str, str],
        missing: frozenset[str],
        dont_know: str,
    ) -> str | None:
        if not text:
            return ""
        mapped = self._mapped(item, header, text)
        if mapped is not None:
            return mapped
        if text in missing:
            return dont_know  # a user-missing code is don't know, never a score
        number = _integer(text)
        if number is not None and number in allowed:
            return str(number)
        label = labels.get(text)
        if label is not None and normalise_label(label) in meanings:
            return str(meanings[normalise_label(label)])
        if normalise_label(text) in meanings:
            return str(meanings[normalise_label(text)])
        return None

    def _check_labels(
        self,
        item: Item,
        header: str,
        scale: Scale,
        labels: dict[str, str],
        missing: frozenset[str],
    ) -> None:
        """A labelled code that is a code of the scale must mean what the scale says."""
        if not labels:
            return
        meanings = self._meanings(scale)
        allowed = {*scale.codes, *scale.dont_know_codes}
        conflicts = False
        for value, label in labels.items():
            mapped = self._mapped(item, header, value)
            number = _integer(mapped if mapped is not None else value)
            meaning = meanings.get(normalise_label(label))
            if value in missing or number is None or number not in allowed or meaning is None:
                continue
            if meaning != number:
                conflicts = True
        if conflicts:

            def shown(value: str, label: str) -> str:
                mapped = self._mapped(item, header, value)
                into = f" (the mapping makes it {mapped})" if mapped is not None else ""
                return f"{value} = '{excerpt(label)}'{into}"

            theirs = ", ".join(shown(v, lab) for v, lab in _sorted_labels(labels))
            ours = ", ".join(f"{o.code} = '{o.label.nl}'" for o in scale.options)
            recode = {
                v: meanings[normalise_label(lab)]
                for v, lab in _sorted_labels(labels)
                if normalise_label(lab) in meanings and v not in missing
            }
            # One message per scale: the labels of its first reversed column stand for all.
            key = self._first_labels.setdefault(scale.id, (theirs, ours))
            self.reversed.setdefault(key, []).append((item.id, header))
            self._recode.setdefault(key, str(recode).replace("'", ""))

    def problems(self) -> list[Problem]:
        problems: list[Problem] = []
        for (theirs, ours), where in self.reversed.items():
            recode = self._recode[(theirs, ours)]
            items = [f"{item} (column {header})" for item, header in where]
            named = ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
            first_item, first_header = where[0]
            problems.append(
                Problem(
                    code="reversed-scale",
                    message=f"the codes of {named} run another way than scale "
                    f"'{self.questionnaire.item(first_item).scale}': the file has {theirs}; "
                    f"the questionnaire has {ours}. Scoring it would invert the result",
                    location=Location(file=self.file, field=first_header),
                    hint=f"recode it in the mapping, e.g. values: {{{first_item}: {recode}}}",
                    count=len(where),
                )
            )
        for entry in self.unknown.values():
            coder = ScaleCoder(entry.scale, np.dtype(np.int64))
            spellings = list(self._meanings(entry.scale))
            close = difflib.get_close_matches(normalise_label(entry.raw), spellings, n=1)
            suggestion = ""
            if close:
                code = self._meanings(entry.scale)[close[0]]
                suggestion = f"did you mean '{close[0]}' ({code})? "
            n_columns = len(entry.columns)
            where_text = (
                f"in {n_columns} columns, {entry.cells:,} cells"
                if n_columns > 1
                else f"in {entry.cells:,} cell{'s' if entry.cells != 1 else ''}"
            )
            problems.append(
                Problem(
                    code="unknown-value",
                    message=f"'{excerpt(entry.raw)}' {where_text}: not a code or label of scale "
                    f"'{entry.scale.id}'",
                    location=Location(
                        file=self.file,
                        row=entry.first_row,
                        field=entry.columns[0] if n_columns == 1 else None,
                    ),
                    value=excerpt(entry.raw),
                    hint=f"{suggestion}give its code in the mapping: values: {{items: "
                    f"{{{_yaml_key(entry.raw)}: CODE}}}} ({coder.allowed_text()})",
                    count=entry.cells,
                )
            )
        return problems


def _sorted_labels(labels: dict[str, str]) -> list[tuple[str, str]]:
    def order(pair: tuple[str, str]) -> tuple[bool, int, str]:
        number = _integer(pair[0])
        return (number is None, number or 0, pair[0])

    return sorted(labels.items(), key=order)


def _yaml_key(text: str) -> str:
    return f'"{text}"' if not re.fullmatch(r"[\w -]+", text) or text != text.strip() else text


def recode_column(
    column: pa.ChunkedArray, judge: Callable[[str], str | None]
) -> tuple[pa.Array, dict[str, tuple[int, int]]]:
    """Recode a column by judging each distinct value; return the new column and, per value
    that `judge` refused (None), its cell count and first position."""
    combined = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if len(combined) == 0:
        return pa.array([], type=pa.string()), {}
    encoded = pc.dictionary_encode(combined)
    distinct = encoded.dictionary.to_pylist()
    indices = arrow.integers(encoded.indices)
    counts = np.bincount(indices, minlength=len(distinct))
    out: list[str] = []
    refused: dict[str, tuple[int, int]] = {}
    for position, value in enumerate(distinct):
        judged = judge(value or "")
        if judged is None:
            first = int(np.flatnonzero(indices == position)[0])
            refused[value or ""] = (int(counts[position]), first)
            judged = ""
        out.append(judged)
    return pa.array(out, type=pa.string()).take(encoded.indices), refused
