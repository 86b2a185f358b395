"""Limits on what quickscan reads, so a hostile or mistaken input costs seconds, not the machine.

Answer files are refused above a row limit (and the byte size that goes with it) before they
are parsed; every other input (questionnaire YAML, `--extra`, `--invited`, `--peers`,
`--benchmark`) is read with a cap on the bytes actually read, because `st_size` says 0 for a
pipe or a device such as `/dev/zero`. docs/answers.md lists the numbers.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from quickscan.errors import Problem, file_problem

#: Environment variable that carries `--max-rows` (also into worker processes).
MAX_ROWS_ENV = "QUICKSCAN_MAX_ROWS"
#: Default row limit per answer file: 1,000,000 respondents use about 1 GB of memory.
DEFAULT_MAX_ROWS = 2_000_000
#: An answer file may hold this many bytes per allowed row (so the default is 1 GiB).
BYTES_PER_ROW = 512

#: XLSX: the unpacked size of all parts of a workbook, and the largest packing ratio of a
#: part above `XLSX_RATIO_FLOOR` bytes. Real sheets pack 5-30 times; a zip bomb thousands.
XLSX_MAX_UNPACKED = 1 << 30
XLSX_MAX_RATIO = 200
XLSX_RATIO_FLOOR = 1 << 20


def max_rows(override: int | None = None) -> int:
    """The row limit in force: the argument, else `--max-rows` (via the environment)."""
    if override is not None:
        return override
    text = os.environ.get(MAX_ROWS_ENV, "").strip()
    if text.isdigit() and int(text) > 0:
        return int(text)
    return DEFAULT_MAX_ROWS


def max_answer_bytes(rows: int) -> int:
    return rows * BYTES_PER_ROW


def human_bytes(size: int) -> str:
    """1536 -> '1.5 KB'; sizes in the messages of limits, powers of 1024."""
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:,.0f} {unit}" if unit == "bytes" else f"{value:,.1f} {unit}"
        value /= 1024
    return f"{value:,.1f} GB"  # pragma: no cover - the loop always returns


def special_file_kind(path: Path) -> str | None:
    """'a named pipe (FIFO)', 'a device', 'a socket' for a path that is not a regular file."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


class TooLarge(Exception):
    """An input holds more than `limit` bytes; raised after reading at most limit + 1."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"more than {limit:,} bytes")
        self.limit = limit


def read_capped(path: Path | str, limit: int) -> bytes:
    """The bytes of a file, pipe or device, refusing more than `limit` of them.

    Reads at most limit + 1 bytes whatever `st_size` says; raises `TooLarge` past the
    limit and OSError when the file cannot be read.
    """
    with open(path, "rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(limit)
    return data


def capped_read_problem(
    error: TooLarge | OSError,
    *,
    file: str,
    code: str,
    what: str,
    too_large_for: str,
    hint: str | None = None,
) -> Problem:
    """The problem of a `read_capped` that failed, in the words every capped input uses.

    `what` names the input ("the peers file"); `too_large_for` says what a file over the
    cap cannot be ("a table of municipalities").
    """
    if isinstance(error, TooLarge):
        message = (
            f"{what} is larger than {human_bytes(error.limit)}: too large to be {too_large_for}"
        )
    else:
        message = f"cannot read {what}: {error.strerror or error}"
    return file_problem(file, code, message, hint)
