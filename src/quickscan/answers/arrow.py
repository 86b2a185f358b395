"""Move arrays between numpy and arrow through their buffers.

The first time pyarrow converts a Python or numpy object (`pa.array`, `pa.scalar`,
`Array.to_numpy`) it imports pandas, to check whether the object is a pandas one: a third
of a second that reading and scoring do not otherwise need. The helpers here build and read
arrays from their buffers instead, which is also free of copies. Arrays with nulls (rare:
XLSX files) take pyarrow's own conversion.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def indices(positions: np.ndarray) -> pa.Array:
    """Row positions as an arrow int64 array, for `Array.take`."""
    values = np.ascontiguousarray(positions, dtype=np.int64)
    return pa.Array.from_buffers(pa.int64(), len(values), [None, pa.py_buffer(values)])


def mask(values: np.ndarray) -> pa.Array:
    """A numpy bool array as an arrow boolean array."""
    bits = np.packbits(np.asarray(values, dtype=bool), bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def integers(array: pa.Array) -> np.ndarray:
    """An arrow integer array without nulls as numpy (a view, no copy)."""
    if array.null_count or not pa.types.is_integer(array.type):
        return array.to_numpy(zero_copy_only=False)
    dtype = np.dtype(array.type.to_pandas_dtype())
    return np.frombuffer(array.buffers()[1], dtype=dtype, count=array.offset + len(array))[
        array.offset :
    ]


def integers_filled(array: pa.Array, fill: int) -> np.ndarray:
    """An arrow integer array as numpy (a copy) with `fill` where it is null, read from its
    buffers: `pc.fill_null` with a Python number would convert it, importing pandas."""
    if not array.null_count:
        return integers(array).copy()
    validity, data = array.buffers()[:2]
    dtype = np.dtype(array.type.to_pandas_dtype())
    end = array.offset + len(array)
    values = np.frombuffer(data, dtype=dtype, count=end)[array.offset :].copy()
    valid = np.unpackbits(np.frombuffer(validity, dtype=np.uint8), bitorder="little")
    values[valid[array.offset : end] == 0] = fill
    return values


def string_buffers(array: pa.Array) -> tuple[np.ndarray, np.ndarray] | None:
    """A string array's offsets (len + 1, int32) and data bytes as numpy views.

    Cell i is `data[offsets[i]:offsets[i + 1]]`. None for an array with nulls or of another
    type.
    """
    if array.null_count or not pa.types.is_string(array.type):
        return None
    _, offsets_buffer, data_buffer = array.buffers()
    offsets = np.frombuffer(offsets_buffer, dtype=np.int32, count=array.offset + len(array) + 1)
    offsets = offsets[array.offset :]
    if data_buffer is None:  # every cell empty
        return offsets, np.zeros(0, dtype=np.uint8)
    return offsets, np.frombuffer(data_buffer, dtype=np.uint8, count=int(offsets[-1]))


def empty_text(length: int = 0) -> pa.Array:
    """A string array of nulls (length 0: an empty string array)."""
    return pa.nulls(length, pa.string())
