"""Turn answer cells into codes, column at a time, without looping over rows in Python.

A column has few distinct values (codes, labels, blanks), so only those are judged in
Python; every cell then gets its code by array indexing. A column whose cells are all one
character long (codes 1-9, blanks) skips even the hashing: its bytes index a 256-entry table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quickscan.answers import arrow
from quickscan.answers.answer_set import MISSING
from quickscan.questionnaire.models import Questionnaire, Scale, normalise_label

_INTEGER = re.compile(r"^[+-]?\d+(?:[.,]0{1,2})?$")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$")
_MUNICIPALITY_CODE = re.compile(r"^GM\d{4}$")


def code_dtype(questionnaire: Questionnaire) -> np.dtype:
    """The smallest signed integer type that holds every code plus two internal markers."""
    codes = [c for s in questionnaire.scales for c in (*s.codes, *s.dont_know_codes)]
    low, high = min([*codes, MISSING]), max([*codes, MISSING])
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        info = np.iinfo(dtype)
        if info.min + 2 <= low and high <= info.max:
            return np.dtype(dtype)
    raise ValueError("scale codes are too large")  # pragma: no cover


@dataclass
class ScaleCoder:
    """Code lookup for one scale: codes, labels (nl/en, any case) and don't-know answers."""

    scale: Scale
    dtype: np.dtype
    _cache: dict[str, int] = field(default_factory=dict)

    @property
    def out_of_scale(self) -> int:
        """Internal marker for a number that is not a code (never in a returned AnswerSet)."""
        return int(np.iinfo(self.dtype).min)

    @property
    def non_numeric(self) -> int:
        """Internal marker for text that is neither a code nor a label."""
        return int(np.iinfo(self.dtype).min) + 1

    @cached_property
    def allowed(self) -> frozenset[int]:
        return frozenset((*self.scale.codes, *self.scale.dont_know_codes))

    @cached_property
    def labels(self) -> dict[str, int]:
        """Normalised label -> code; each side of 'Weet niet / geen mening' also counts."""
        labels = dict(self.scale.label_map())
        parts: dict[str, set[int]] = {}
        for option in (*self.scale.options, *self.scale.dont_know):
            for text in (option.label.nl, option.label.en):
                if text and "/" in text:
                    for part in normalise_label(text).split("/"):
                        if part.strip():
                            parts.setdefault(part.strip(), set()).add(option.code)
        for part, codes in parts.items():
            if len(codes) == 1 and part not in labels:
                labels[part] = next(iter(codes))
        return labels

    def code_of(self, text: str | None) -> int:
        """The code of one cell: a scale code, MISSING for blank, or a marker."""
        if text is None:
            return MISSING
        cached = self._cache.get(text)
        if cached is not None:
            return cached
        value = text.strip()
        if not value:
            code = MISSING
        elif _INTEGER.match(value):
            number = int(re.split(r"[.,]", value)[0])
            code = number if number in self.allowed else self.out_of_scale
        elif _NUMBER.match(value):
            code = self.out_of_scale
        else:
            code = self.labels.get(normalise_label(value), self.non_numeric)
        if len(self._cache) < 10_000:
            self._cache[text] = code
        return code

    @cached_property
    def byte_table(self) -> np.ndarray:
        """Code of every one-byte cell, indexed by the byte; index 256 is the empty cell."""
        table = np.full(257, self.non_numeric, dtype=self.dtype)
        for byte in range(128):
            table[byte] = self.code_of(chr(byte))
        table[256] = MISSING
        return table

    def allowed_text(self, lang: str = "nl") -> str:
        """What a cell may hold, for hints: '1 = Helemaal oneens, ..., 9 = Weet niet'."""
        scored = ", ".join(f"{o.code} = {o.label.get(lang)}" for o in self.scale.options)
        dont_know = ", ".join(f"{o.code} = {o.label.get(lang)}" for o in self.scale.dont_know)
        text = f"allowed: {scored}"
        if dont_know:
            text += f", don't know: {dont_know}"
        return text + " (the code or the label), or leave the cell blank"


def code_column(column: pa.ChunkedArray, coder: ScaleCoder, out: np.ndarray) -> None:
    """Write the code of every cell of `column` into `out` (same length)."""
    position = 0
    for chunk in column.chunks:
        size = len(chunk)
        if size:
            target = out[position : position + size]
            if not _code_single_bytes(chunk, coder.byte_table, target):
                code_general(chunk, coder.code_of, target)
        position += size


def _code_single_bytes(chunk: pa.Array, table: np.ndarray, out: np.ndarray) -> bool:
    """Fast path for chunks whose cells are all empty or one byte long; False otherwise."""
    buffers = arrow.string_buffers(chunk)
    if buffers is None:
        return False
    size = len(chunk)
    offsets, data = buffers
    start, end = int(offsets[0]), int(offsets[-1])
    if end - start > size:
        return False
    lengths = np.diff(offsets)
    if end - start == size:
        if size and lengths.min() != 1:
            return False
        np.take(table, data[start:], out=out, mode="clip")  # indices are bytes: in range
        return True
    if lengths.max(initial=0) > 1:
        return False
    out[:] = table[256]
    if end > start:
        out[lengths.astype(bool)] = table.take(data[start:])
    return True


def code_general(chunk: pa.Array, code_of: Callable[[str | None], int], out: np.ndarray) -> None:
    """Any cells: judge each distinct value once, then index."""
    encoded = pc.dictionary_encode(chunk)
    values = encoded.dictionary.to_pylist()
    lookup = np.array([code_of(v) for v in values], dtype=out.dtype)
    indices = encoded.indices
    if indices.null_count:
        lookup = np.append(lookup, np.array([code_of(None)], dtype=out.dtype))
        indices = pc.fill_null(indices, len(values))
    np.take(lookup, arrow.integers(indices), out=out, mode="clip")


def factorize(
    column: pa.ChunkedArray, normalise: Callable[[str], Hashable]
) -> tuple[np.ndarray, list[Hashable], list[str]]:
    """Row -> index into the distinct normalised forms of a column with few distinct values.

    Returns the per-row index, the forms, and for each form the first raw spelling in file
    order (dictionary encoding keeps the order of first appearance).
    """
    combined = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if len(combined) == 0:
        return np.zeros(0, dtype=np.int32), [], []
    encoded = pc.dictionary_encode(combined)
    raw = encoded.dictionary.to_pylist()
    forms: list[Hashable] = []
    spellings: list[str] = []
    position: dict[Hashable, int] = {}
    lookup = np.empty(len(raw), dtype=np.int32)
    for index, value in enumerate(raw):
        form = normalise(value)
        if form not in position:
            position[form] = len(forms)
            forms.append(form)
            spellings.append(value)
        lookup[index] = position[form]
    return lookup[arrow.integers(encoded.indices)], forms, spellings


@dataclass(frozen=True)
class Invalid:
    """A normalised form for a value that failed validation (keeps the raw text)."""

    text: str


def normalise_municipality_code(text: str) -> str | Invalid | None:
    """'gm0363 ' -> 'GM0363'; blank -> None; anything else -> Invalid."""
    value = text.strip().upper()
    if not value:
        return None
    if _MUNICIPALITY_CODE.match(value):
        return value
    return Invalid(text.strip())


def municipality_code_hint(text: str) -> str:
    value = text.strip()
    if value.isdigit() and len(value) <= 4:
        return f"a municipality code is 'GM' and four digits: write GM{int(value):04d}"
    return "a municipality code is 'GM' and four digits (the CBS code), e.g. GM0363"


# Bytes that may start or end text `utf8_trim_whitespace` changes: ASCII whitespace, and any
# byte of a multi-byte character (some, like a no-break space, are whitespace).
_MAYBE_SPACE = np.zeros(256, dtype=bool)
_MAYBE_SPACE[[9, 10, 11, 12, 13, 32]] = True
_MAYBE_SPACE[128:] = True


def _edges(column: pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray] | None:
    """Per cell its byte length and whether its first or last byte may be whitespace.

    Read straight from the arrow buffers, so nothing is copied; None for a column with
    nulls or of another type (callers then use the arrow kernels on everything).
    """
    lengths: list[np.ndarray] = []
    spaced: list[np.ndarray] = []
    for chunk in column.chunks:
        buffers = arrow.string_buffers(chunk)
        if buffers is None:
            return None
        size = len(chunk)
        offsets, data = buffers
        length = np.diff(offsets)
        if size and length.min() > 0:  # no empty cell (ids): no index to build
            edge = _MAYBE_SPACE[data[offsets[:-1]]] | _MAYBE_SPACE[data[offsets[1:] - 1]]
        else:
            edge = np.zeros(size, dtype=bool)
            filled = np.flatnonzero(length)
            if len(filled):
                starts = offsets[:-1][filled]
                ends = offsets[1:][filled] - 1
                edge[filled] = _MAYBE_SPACE[data[starts]] | _MAYBE_SPACE[data[ends]]
        lengths.append(length)
        spaced.append(edge)
    if not lengths:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=bool)
    return np.concatenate(lengths), np.concatenate(spaced)


def _combined(column: pa.ChunkedArray) -> pa.Array:
    if column.num_chunks == 1:
        return column.chunk(0)
    return column.combine_chunks() if column.num_chunks else arrow.empty_text()


def empty_cells(array: pa.Array) -> np.ndarray:
    """True where a cell is null or has no characters at all (no trimming)."""
    if len(array) == 0:
        return np.zeros(0, dtype=bool)
    buffers = arrow.string_buffers(array)
    if buffers is not None:
        offsets = buffers[0]
        return offsets[1:] == offsets[:-1]
    lengths = pc.fill_null(pc.binary_length(array), 0)
    return lengths.to_numpy(zero_copy_only=False) == 0


def blank_mask(column: pa.ChunkedArray) -> np.ndarray:
    """True where a cell is empty or only spaces."""
    if len(column) == 0:
        return np.zeros(0, dtype=bool)
    edges = _edges(column)
    if edges is None:
        trimmed = pc.utf8_trim_whitespace(column)
        return pc.equal(pc.binary_length(trimmed), 0).to_numpy(zero_copy_only=False)
    length, spaced = edges
    blank = length == 0
    # Only a cell that starts or ends with (possible) whitespace can be all whitespace.
    doubtful = np.flatnonzero(spaced)
    if len(doubtful):
        values = _combined(column).take(arrow.indices(doubtful))
        blank[doubtful] = empty_cells(pc.utf8_trim_whitespace(values))
    return blank


def trimmed(column: pa.ChunkedArray) -> pa.Array:
    """The cells with surrounding whitespace removed (one array)."""
    edges = _edges(column)
    if edges is not None and not edges[1].any():
        return _combined(column)  # nothing to trim: no copy
    result = pc.utf8_trim_whitespace(column).combine_chunks()
    return result if len(result) else arrow.empty_text()


def text_or_null(column: pa.ChunkedArray, blank: np.ndarray) -> pa.Array:
    """Text with surrounding spaces removed and line breaks as '\\n'; blank cells are null."""
    if len(column) == 0:
        return arrow.empty_text()
    if blank.all():
        return arrow.empty_text(len(column))
    values = _combined(column)
    if not blank.any():
        return pc.replace_substring(pc.utf8_trim_whitespace(values), "\r\n", "\n")
    # Clean only the filled cells (open questions are mostly blank) and put them in place.
    filled = values.take(arrow.indices(np.flatnonzero(~blank)))
    cleaned = pc.replace_substring(pc.utf8_trim_whitespace(filled), "\r\n", "\n")
    return pc.replace_with_mask(arrow.empty_text(len(column)), arrow.mask(~blank), cleaned)
