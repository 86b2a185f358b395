"""Open one answer file: detect its format, encoding and delimiter, and read it as text.

The result is a `RawTable`: the header as written, the needed columns as pyarrow string
arrays (never converted: `007` stays `007`, `NA` stays `NA`), and the spreadsheet row number
of every data row. Nothing here knows about the questionnaire; `columns.py` decides which
columns are needed.

CSV is read with pyarrow in one pass on the clean path. Only the first bytes are looked at to
detect the delimiter; the encoding is UTF-8 as long as pyarrow finds nothing else, and
otherwise decided on the whole file (`encoding.py`: cp1252, or refused as mixed). A file that
is not UTF-8, or a ragged row (to number it), costs one extra read. Limits (`limits.py`) are
checked before parsing: size first, then the number of lines when the size allows more rows
than the limit.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import mmap
import re
import threading
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from quickscan.answers import encoding as encodings
from quickscan.answers import xlsx_checks
from quickscan.answers.problems import make_problem
from quickscan.errors import Problem, UsageError, excerpt
from quickscan.limits import (
    BYTES_PER_ROW,
    MAX_ROWS_ENV,
    human_bytes,
    max_answer_bytes,
    max_rows,
    special_file_kind,
)

#: How much of the start of a file is inspected for the encoding, `sep=` and the header.
HEAD_BYTES = 1 << 20
#: pyarrow block size: larger blocks mean fewer chunks per column (faster per-column work).
BLOCK_SIZE = 4 << 20
#: Delimiters recognised in the header line, in order of preference on a tie.
DELIMITERS = (";", ",", "\t", "|")
_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t", "comma": ",", "semicolon": ";", "pipe": "|"}

#: Ragged rows whose text is kept for messages (the rest are only counted and numbered).
_KEEP_RAGGED_TEXT = 100

_SEP_LINE = re.compile(rb'^[ \t]*"?sep=(.)"?[ \t]*\r?$', re.IGNORECASE)
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SPSS_MAGIC = (b"$FL2", b"$FL3")  # .sav and .zsav (answers/spss.py)


@dataclass
class RawTable:
    """One answer file as text: header cells, selected columns, row numbers.

    `columns[i]` holds the values of header column i (only for the indices asked for);
    `rows[k]` is the spreadsheet row number of data row k (header = row 1).
    """

    file: str
    header: list[str]
    columns: dict[int, pa.ChunkedArray]
    rows: np.ndarray
    sha256: str
    #: The spreadsheet row of the header (1, unless a sheet starts with empty rows).
    header_row: int = 1
    #: Ragged rows (row number, cells, text), already left out of `columns`.
    ragged: list[tuple[int, int, str]] = field(default_factory=list)
    # --- import: sheets and SPSS metadata (see answers/spss.py) ---------------------------
    #: The XLSX sheet read (None for CSV and SPSS).
    sheet: str | None = None
    #: The spreadsheet row of a title above the header that was skipped (XLSX).
    title_row: int | None = None
    #: Per column index: value -> value label (SPSS).
    value_labels: dict[int, dict[str, str]] = field(default_factory=dict)
    #: Per column index: the values declared user-missing (SPSS).
    user_missing: dict[int, frozenset[str]] = field(default_factory=dict)
    #: Per column index: the variable label (SPSS), i.e. the question text.
    column_labels: dict[int, str] = field(default_factory=dict)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


#: Given the header, return the indices of the columns to read.
ColumnSelector = Callable[[list[str]], Sequence[int]]
#: Given a sheet's header, how many of its columns are known (to choose an XLSX sheet).
KnownColumns = Callable[[list[str]], int]


def parse_delimiter(delimiter: str | None) -> str | None:
    """The `delimiter` argument as one character: ',', ';', 'tab', '\\t' or '|'."""
    if delimiter is None:
        return None
    value = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
    if len(value) != 1 or value in ('"', "\n", "\r"):
        raise UsageError(
            f"invalid delimiter {delimiter!r}",
            hint="use ',', ';', 'tab' or '|' (or leave it out to detect it from the header)",
        )
    return value


def read_table(
    source: Path | str,
    select: ColumnSelector,
    problems: list[Problem],
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    row_limit: int | None = None,
    known: KnownColumns | None = None,
) -> RawTable | None:
    """Read one file; problems that make it unreadable go to `problems` and give None.

    `row_limit` (default: `limits.max_rows()`) refuses larger files before they are parsed.
    `known` lets a workbook's sheet be chosen by its header (the most known columns) when
    no `sheet` is named; without it the first sheet is read.
    """
    label = str(source)
    path = Path(source)
    if not path.exists():
        problems.append(
            make_problem(
                "file-not-found",
                "answer file not found",
                file=label,
                hint="check the path; give one or more .csv or .xlsx files",
            )
        )
        return None
    if path.is_dir():
        problems.append(
            make_problem(
                "file-unreadable",
                "this is a folder, not an answer file",
                file=label,
                hint="give the .csv or .xlsx files inside it",
            )
        )
        return None
    kind = special_file_kind(path)
    if kind is not None:
        # Reading a pipe or a device would block, or never end (/dev/zero).
        problems.append(
            make_problem(
                "file-unreadable",
                f"this is {kind}, not an answer file",
                file=label,
                hint="save the answers to a .csv or .xlsx file and give its path",
            )
        )
        return None
    limit = max_rows(row_limit)
    try:
        with path.open("rb") as handle:
            head = handle.read(HEAD_BYTES)
    except OSError as exc:
        problems.append(
            make_problem("file-unreadable", f"cannot read the file: {exc.strerror}", file=label)
        )
        return None
    # Text files are limited by their size; a workbook by what it unpacks to (xlsx_checks).
    if not head.startswith(_ZIP_MAGIC) and not _within_size(path, label, limit, problems):
        return None

    if head.startswith(_SPSS_MAGIC):
        from quickscan.answers.spss import read_spss

        return read_spss(path, label, select, problems)
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(path, label, select, problems, sheet=sheet, limit=limit, known=known)
    if head.startswith(_OLE_MAGIC) or (b"\x00" in head and not _is_utf16(head)):
        problems.append(
            make_problem(
                "unsupported-format",
                "this is not a CSV or XLSX file"
                + (" (it looks like an old .xls workbook)" if head.startswith(_OLE_MAGIC) else ""),
                file=label,
                hint="save it as 'CSV UTF-8' or as an Excel workbook (.xlsx)",
            )
        )
        return None
    return _read_csv(
        path, label, head, select, problems, delimiter=parse_delimiter(delimiter), limit=limit
    )


def _within_size(path: Path, label: str, limit: int, problems: list[Problem]) -> bool:
    """Refuse a file larger than the row limit allows, before a byte of it is parsed."""
    size = path.stat().st_size
    if size <= max_answer_bytes(limit):
        return True
    problems.append(
        make_problem(
            "file-too-large",
            f"the file is {human_bytes(size)}; answer files above "
            f"{human_bytes(max_answer_bytes(limit))} ({BYTES_PER_ROW} bytes per row of the "
            f"limit of {limit:,} rows) are refused",
            file=label,
            hint=f"split the file, or raise the limit with --max-rows (or {MAX_ROWS_ENV}) "
            "if the machine has the memory for it",
        )
    )
    return False


def too_many_rows(label: str, rows: int, limit: int, *, about: bool) -> Problem:
    """The problem for a file with more data rows than `limit`."""
    return make_problem(
        "too-many-rows",
        f"the file has {'about ' if about else ''}{rows:,} data rows; at most {limit:,} are read",
        file=label,
        hint=f"split the file, or raise the limit with --max-rows (or {MAX_ROWS_ENV}) if the "
        "machine has the memory for it",
    )


def _count_lines(path: Path, source_bytes: bytes | None, offset: int, newline: bytes) -> int:
    """Lines from byte `offset` on (an upper bound of the rows: quoted line breaks count)."""
    if source_bytes is not None:
        data = source_bytes[offset:]
        return data.count(newline) + (0 if not data or data.endswith(newline) else 1)
    size = path.stat().st_size
    if size <= offset:
        return 0
    count = 0
    step = 1 << 26  # numpy on the mapped file, a slice at a time: fast and little memory
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        for start in range(offset, size, step):
            part = np.frombuffer(m, dtype=np.uint8, count=min(step, size - start), offset=start)
            count += int(np.count_nonzero(part == newline[0]))
            del part  # the mapping cannot close while a view on it exists
        last = m[size - 1 : size]
    return count + (0 if last == newline else 1)


# --- hashing ---------------------------------------------------------------------------------
class _Hasher:
    """sha256 of a file, computed on a thread while pyarrow parses (hashlib drops the GIL)."""

    def __init__(self, path: Path) -> None:
        self._digest = ""
        self._thread = threading.Thread(target=self._run, args=(path,), daemon=True)
        self._thread.start()

    def _run(self, path: Path) -> None:
        try:
            with path.open("rb") as handle:
                self._digest = hashlib.file_digest(handle, "sha256").hexdigest()
        except OSError:  # pragma: no cover - the file was readable a moment ago
            self._digest = ""

    def result(self) -> str:
        self._thread.join()
        return self._digest


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- CSV -------------------------------------------------------------------------------------
def _is_utf16(head: bytes) -> bool:
    return head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))


def _head_is_utf8(head: bytes, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(head, final=complete)
    except UnicodeDecodeError:
        return False
    return True


#: Bytes that Windows-1252 leaves undefined: a file with one of them is not cp1252 either.
_NOT_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


class _NotUtf8(Exception):
    """pyarrow found a byte that is not UTF-8 after a clean start: decide on evidence."""


def _decide_encoding(
    path: Path, label: str, skip: int, newline: bytes, problems: list[Problem]
) -> str | None:
    """'utf-8' or 'cp1252' from a scan of the whole file; None (with a problem) otherwise."""
    evidence = encodings.scan_file(path, skip)
    chosen = evidence.encoding
    if chosen == "cp1252" and skip:
        chosen = None  # a UTF-8 byte order mark, and then bytes that are not UTF-8
    if chosen is None:
        assert evidence.first_bad is not None
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
            row = encodings.row_of(m, skip, evidence.first_bad, newline)
        problems.append(
            make_problem(
                "mixed-encoding",
                f"the file mixes two encodings: it has UTF-8 text, but the byte "
                f"0x{evidence.bad_byte or 0:02X} on row {row} is not UTF-8 (it looks like "
                "Windows-1252); reading it either way would garble letters such as é",
                file=label,
                row=row,
                hint="save the file again as 'CSV UTF-8', or retype the letters on that row",
            )
        )
        return None
    if chosen == "cp1252":
        with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
            undefined = _NOT_CP1252.search(m, skip)
            if undefined is not None:
                row = encodings.row_of(m, skip, undefined.start(), newline)
                problems.append(
                    make_problem(
                        "invalid-encoding",
                        f"the file is neither UTF-8 nor Windows-1252 text (byte "
                        f"0x{m[undefined.start()]:02X} on row {row})",
                        file=label,
                        row=row,
                        hint="save it as 'CSV UTF-8'",
                    )
                )
                return None
        problems.append(
            make_problem(
                "encoding-cp1252",
                "the file is not UTF-8; it was read as Windows-1252 (cp1252), the encoding of "
                "Excel's plain 'CSV' on Windows",
                file=label,
                hint="check that letters such as é look right; 'CSV UTF-8' avoids the guess",
            )
        )
    return chosen


_QUOTE_OR_BREAK = re.compile(rb'["\r\n]')


def _line_end(data: bytes, start: int, newline: bytes = b"\n") -> int | None:
    """Index just past the first line break at or after `start` that is outside quotes.

    Like pyarrow, a lone CR ends a line as well as LF and CRLF (`newline` is the file's
    usual one, which only matters for counting).
    """
    in_quotes = False
    index = start
    while True:
        # Jump to the next quote or line break instead of stepping byte by byte.
        match = data.find(b'"', index) if in_quotes else -1
        if in_quotes:
            if match < 0:
                return None
            in_quotes = False
            index = match + 1
            continue
        found = _QUOTE_OR_BREAK.search(data, index)
        if found is None:
            return None
        position = found.start()
        if data[position : position + 1] == b'"':
            in_quotes = True
            index = position + 1
            continue
        if data[position : position + 2] == b"\r\n":
            return position + 2
        return position + 1


def _sniff_delimiter(line: str) -> str:
    """The candidate delimiter that occurs most often outside quotes in the header line."""
    outside = "".join(part for index, part in enumerate(line.split('"')) if index % 2 == 0)
    counts = {d: outside.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(
    path: Path,
    label: str,
    head: bytes,
    select: ColumnSelector,
    problems: list[Problem],
    *,
    delimiter: str | None,
    limit: int,
) -> RawTable | None:
    size = path.stat().st_size
    complete = len(head) >= size

    source_bytes: bytes | None = None  # set when the file is transcoded in memory (UTF-16)
    if _is_utf16(head):
        raw = path.read_bytes()
        try:
            source_bytes = raw.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            problems.append(
                make_problem(
                    "invalid-encoding",
                    "the file starts like UTF-16 text but cannot be decoded",
                    file=label,
                    hint="save it as 'CSV UTF-8'",
                )
            )
            return None
        head, complete, encoding, skip = source_bytes, True, "utf-8", 0
        file_hash = sha256_of(raw)
    else:
        skip = len(codecs.BOM_UTF8) if head.startswith(codecs.BOM_UTF8) else 0
        encoding = "utf-8"
        file_hash = ""
    # Excel's "CSV (Macintosh)" ends lines with a lone CR.
    newline = b"\r" if b"\n" not in head and b"\r" in head else b"\n"
    if source_bytes is None and not _head_is_utf8(head[skip:], complete):
        decided = _decide_encoding(path, label, skip, newline, problems)
        if decided is None:
            return None
        encoding = decided

    if not head[skip:].strip():
        problems.append(
            make_problem(
                "empty-file",
                "the file is empty",
                file=label,
                hint="an answer file starts with a header row: respondent_id, group, ...",
            )
        )
        return None

    # Excel's "sep=;" first line names the delimiter and is not shown as a row.
    start = skip
    first_end = head.find(newline, start)
    first_line = head[start : first_end if first_end >= 0 else len(head)]
    sep_match = _SEP_LINE.match(first_line)
    if sep_match:
        start = first_end + 1 if first_end >= 0 else len(head)
        if delimiter is None:
            delimiter = sep_match.group(1).decode("latin-1")

    header_end = _line_end(head, start, newline)
    while header_end is None and not complete:
        # A header longer than the inspected head: read more (rare).
        with path.open("rb") as handle:
            head = handle.read(len(head) * 4)
        complete = len(head) >= size
        header_end = _line_end(head, start, newline)
    if header_end is None:
        header_end = len(head)
    header_text = head[start:header_end].decode(encoding, errors="replace").rstrip("\r\n")
    if delimiter is None:
        delimiter = _sniff_delimiter(header_text)
    try:
        # newline="": a stray CR inside the line ends it, as it does for pyarrow.
        header = next(csv.reader(io.StringIO(header_text, newline=""), delimiter=delimiter), [])
    except csv.Error as exc:
        problems.append(
            make_problem(
                "csv-parse-error",
                f"the header row cannot be read: {excerpt(exc, 80)}",
                file=label,
                row=1,
                hint="check quotes and delimiters, or save it again from the spreadsheet program",
            )
        )
        return None
    if not any(cell.strip() for cell in header):
        problems.append(
            make_problem(
                "empty-file",
                "the first row is empty; it must hold the column names",
                file=label,
                row=1,
                hint="an answer file starts with a header row: respondent_id, group, ...",
            )
        )
        return None

    wanted = sorted(set(select(header)))
    if complete and not head[header_end:].strip():
        # A header and nothing else: the caller reports the missing data rows.
        return RawTable(
            file=label,
            header=header,
            columns={i: pa.chunked_array([], type=pa.string()) for i in wanted},
            rows=np.zeros(0, dtype=np.int64),
            sha256=file_hash or _Hasher(path).result(),
        )

    # Every row holds at least a delimiter per column and a line break: only a file that
    # could hold more rows than the limit is counted.
    bytes_after_header = (len(source_bytes) if source_bytes is not None else size) - header_end
    could_hold = bytes_after_header // max(len(header), 1)
    lines = _count_lines(path, source_bytes, header_end, newline) if could_hold > limit else 0
    if lines > limit:
        problems.append(too_many_rows(label, lines, limit, about=True))
        return None

    names = [f"c{i}" for i in range(len(header))]
    hasher = None if file_hash else _Hasher(path)
    quoted = _has_quotes(path, source_bytes, header_end)
    include = [names[i] for i in wanted]

    def parse(text_encoding: str) -> tuple[pa.Table, list[tuple[int, int, str]]]:
        return _parse(
            path, source_bytes, header_end, names, include, delimiter, text_encoding, quoted=quoted
        )

    try:
        try:
            table, invalid = parse(encoding)
        except _NotUtf8:
            # The start was clean UTF-8 but a later byte is not: decide on the whole file.
            decided = _decide_encoding(path, label, skip, newline, problems)
            if decided is None:
                if hasher is not None:
                    hasher.result()
                return None
            if decided != "cp1252":  # pyarrow and Python disagree on UTF-8: never loop
                raise _ParseFailure(
                    "invalid-encoding",
                    "the file is not valid UTF-8 text",
                    "save it as 'CSV UTF-8'",
                ) from None
            table, invalid = parse(decided)
    except _ParseFailure as failure:
        if hasher is not None:
            hasher.result()
        problems.append(make_problem(failure.code, failure.message, file=label, hint=failure.hint))
        return None

    n_kept = table.num_rows
    # pyarrow numbers records from 1 at the first data row; the header is spreadsheet row 1.
    ragged = sorted((number + 1, actual, text) for number, actual, text in invalid)
    if ragged:
        bad = np.fromiter((r for r, _, _ in ragged), dtype=np.int64, count=len(ragged))
        every = np.arange(2, n_kept + len(ragged) + 2, dtype=np.int64)
        rows = every[~np.isin(every, bad)]
    else:
        rows = np.arange(2, n_kept + 2, dtype=np.int64)
    columns = {i: table.column(names[i]) for i in wanted}
    if hasher is not None:
        file_hash = hasher.result()
    return RawTable(
        file=label, header=header, columns=columns, rows=rows, sha256=file_hash, ragged=ragged
    )


class _ParseFailure(Exception):
    def __init__(self, code: str, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.hint = hint


def _collector(
    invalid: list[tuple[int | None, int, str]],
) -> Callable[[pacsv.InvalidRow], str]:
    """pyarrow's handler for rows with too many or too few cells: note them, skip them."""

    def on_invalid(row: pacsv.InvalidRow) -> str:
        # Only the first rows' text is ever shown; a file of broken rows must not be copied.
        text = row.text if len(invalid) < _KEEP_RAGGED_TEXT else ""
        invalid.append((row.number, row.actual_columns, text))
        return "skip"

    return on_invalid


def _has_quotes(path: Path, source_bytes: bytes | None, offset: int) -> bool:
    """Whether the data rows contain a double quote at all (a fast byte search)."""
    if source_bytes is not None:
        return source_bytes.find(b'"', offset) >= 0
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(b'"', offset) >= 0


def _parse(
    path: Path,
    source_bytes: bytes | None,
    offset: int,
    names: list[str],
    include: list[str],
    delimiter: str,
    encoding: str,
    *,
    quoted: bool,
) -> tuple[pa.Table, list[tuple[int, int, str]]]:
    """Parse the data rows (from byte `offset`) as text, retrying only when it must.

    Without any quote in the data no value can hold a line break, and pyarrow may split the
    file into blocks at any newline (fast). With quotes it must not: a quoted line break,
    or a quote never closed, on a block boundary can otherwise lose rows without an error.
    """
    newlines_in_values = quoted
    use_threads = True
    while True:
        invalid: list[tuple[int | None, int, str]] = []
        on_invalid = _collector(invalid)

        if source_bytes is not None:
            stream: pa.NativeFile = pa.BufferReader(pa.py_buffer(source_bytes))
        else:
            stream = pa.memory_map(str(path), "r")
        try:
            stream.seek(offset)
            table = pacsv.read_csv(
                stream,
                read_options=pacsv.ReadOptions(
                    column_names=names,
                    block_size=BLOCK_SIZE,
                    use_threads=use_threads,
                    encoding="utf8" if encoding == "utf-8" else encoding,
                ),
                parse_options=pacsv.ParseOptions(
                    delimiter=delimiter,
                    quote_char='"',
                    double_quote=True,
                    escape_char=False,
                    newlines_in_values=newlines_in_values,
                    ignore_empty_lines=False,
                    invalid_row_handler=on_invalid,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types={name: pa.string() for name in include},
                    include_columns=include,
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                    check_utf8=True,
                ),
            )
        except pa.ArrowInvalid as exc:
            text = str(exc)
            if "out of sync" in text and not newlines_in_values:
                # A quoted line break fell on a block boundary: parse knowing they exist.
                newlines_in_values = True
                continue
            if "UTF8" in text and encoding == "utf-8":
                raise _NotUtf8() from exc
            if "straddl" in text:
                # One "cell" longer than a parser block: nearly always a quote never closed.
                raise _ParseFailure(
                    "csv-parse-error",
                    "the CSV cannot be read: a cell runs on for megabytes, most likely "
                    'after a double quote (") that is never closed',
                    "look for a cell that starts with a double quote but does not end with one",
                ) from exc
            raise _ParseFailure(
                "csv-parse-error",
                f"the CSV cannot be read: {excerpt(text, 120)}",
                "check quotes and delimiters, or save it again from the spreadsheet program",
            ) from exc
        except MemoryError as exc:  # pyarrow's ArrowMemoryError is one too
            raise _ParseFailure(
                "file-too-large",
                "the file does not fit in the memory of this machine",
                "split the file, or lower --max-rows so such files are refused before reading",
            ) from exc
        except UnicodeDecodeError as exc:
            raise _ParseFailure(
                "invalid-encoding",
                "the file is neither UTF-8 nor Windows-1252 text",
                "save it as 'CSV UTF-8'",
            ) from exc
        finally:
            stream.close()
        if invalid and use_threads and any(number is None for number, _, _ in invalid):
            # Threaded parsing does not number rows; parse once more in order to know where
            # the ragged rows are (rare, and only for broken files).
            use_threads = False
            continue
        return table, [(int(n or 0), actual, text) for n, actual, text in invalid]


# --- XLSX ------------------------------------------------------------------------------------
def _cell_text(value: object) -> str:
    """A cell as text, the way a person reads it in Excel (4.0 -> '4', dates in ISO form)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _is_opendocument(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read("mimetype").startswith(b"application/vnd.oasis.opendocument")
    # ValueError: also a member name flagged as UTF-8 that is not (UnicodeDecodeError).
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return False


def _formulas_have_values(path: Path, label: str, title: str, problems: list[Problem]) -> bool:
    """Refuse formula cells without a stored result: they would read as empty answers."""
    named, count = xlsx_checks.formulas_without_value(path, title)
    for ref in named:
        cell = ref.rsplit("!", 1)[-1]
        digits = "".join(ch for ch in cell if ch.isdigit())
        problems.append(
            make_problem(
                "formula-without-value",
                f"cell {ref} holds a formula whose result was never saved, so its answer "
                "cannot be read",
                file=label,
                row=int(digits) if digits else None,
                hint="open the workbook in Excel and save it (that stores the results), "
                "or write the values instead of formulas",
            )
        )
    if count > len(named):
        problems.append(
            make_problem(
                "formula-without-value",
                f"... and {count - len(named)} more cells with a formula and no saved result "
                f"({count} in total)",
                file=label,
            )
        )
    return count == 0


def _read_xlsx(
    path: Path,
    label: str,
    select: ColumnSelector,
    problems: list[Problem],
    *,
    sheet: str | None,
    limit: int,
    known: KnownColumns | None = None,
) -> RawTable | None:
    import openpyxl  # imported here: CSV-only runs do not pay for it

    def unreadable(detail: str) -> None:
        problems.append(
            make_problem(
                "unsupported-format",
                f"this is a zip file but not a readable XLSX workbook ({detail})",
                file=label,
                hint="save it as an Excel workbook (.xlsx) or as 'CSV UTF-8'",
            )
        )

    if _is_opendocument(path):
        unreadable("it is an OpenDocument spreadsheet, .ods")
        return None
    refused = xlsx_checks.archive_problem(path)
    if refused is not None:
        macro = refused == xlsx_checks.MACRO_ENABLED
        problems.append(
            make_problem(
                "unsupported-format" if macro else "file-too-large",
                f"the workbook is not read: {refused}",
                file=label,
                hint="save it as an Excel workbook (.xlsx) without macros"
                if macro
                else "save the answers as 'CSV UTF-8', or check where the file came from",
            )
        )
        return None
    handle = path.open("rb")  # a file object: openpyxl then does not judge the extension
    try:
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        # openpyxl raises many kinds of errors for broken workbooks; all mean "unreadable".
        except Exception as exc:  # noqa: BLE001
            unreadable(excerpt(exc, 80))
            return None
        try:
            if sheet is not None:
                # A sheet name is matched case-insensitively ('antwoorden' finds 'Antwoorden').
                wanted_sheet = sheet.strip().casefold()
                sheet = next(
                    (s for s in workbook.sheetnames if s.strip().casefold() == wanted_sheet),
                    sheet,
                )
            elif known is not None and len(workbook.sheetnames) > 1:
                sheet = _best_sheet(workbook, known)
            if sheet is not None and sheet not in workbook.sheetnames:
                problems.append(
                    make_problem(
                        "sheet-not-found",
                        f"the workbook has no sheet '{excerpt(sheet)}'",
                        file=label,
                        hint="sheets: " + ", ".join(f"'{excerpt(s)}'" for s in workbook.sheetnames),
                    )
                )
                return None
            worksheet = workbook[sheet] if sheet is not None else workbook.worksheets[0]
            if not _formulas_have_values(path, label, worksheet.title, problems):
                return None
            worksheet.reset_dimensions()  # some writers store a wrong size; read what is there
            raw_rows = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                raw_rows.append((number, [_cell_text(v) for v in values]))
                if len(raw_rows) > limit + 1:  # the header and `limit` rows
                    problems.append(too_many_rows(label, limit + 1, limit, about=False))
                    return None
        except Exception as exc:  # noqa: BLE001 - a broken sheet inside a valid zip
            unreadable(excerpt(exc, 80))
            return None
        finally:
            workbook.close()
    finally:
        handle.close()

    raw_rows = [(n, cells) for n, cells in raw_rows if any(c.strip() for c in cells)]
    title_row = _title_rows(raw_rows)
    if title_row is not None:
        problems.append(
            make_problem(
                "title-row",
                f"row {title_row} is a title above the header "
                f"('{excerpt(_first_cell(raw_rows[0][1]))}'); it is skipped and row "
                f"{raw_rows[1][0]} is read as the header",
                file=label,
            )
        )
        raw_rows = raw_rows[1:]
    total = next(((n, _first_cell(c)) for n, c in raw_rows[1:] if _is_total(c)), None)
    if total is not None:
        problems.append(
            make_problem(
                "total-row",
                f"row {total[0]} is a total row ('{excerpt(total[1])}'), not a respondent",
                file=label,
                row=total[0],
                value=total[1],
                hint="delete the rows with totals or averages below the answers and save again",
            )
        )
        return None
    if not raw_rows:
        problems.append(
            make_problem(
                "empty-file",
                "the sheet is empty",
                file=label,
                hint="an answer sheet starts with a header row: respondent_id, group, ...",
            )
        )
        return None
    header_row, header = raw_rows[0]
    data = raw_rows[1:]
    width = max(len(cells) for _, cells in raw_rows)
    # Cells right of the header are kept as columns without a header (see unnamed-column).
    last = max((i for _, cells in raw_rows for i, c in enumerate(cells) if c.strip()), default=0)
    width = min(width, last + 1)
    header = (header + [""] * width)[:width]
    wanted = sorted(set(select(header)))
    columns: dict[int, pa.ChunkedArray] = {}
    for index in wanted:
        values = [cells[index] if index < len(cells) else "" for _, cells in data]
        columns[index] = pa.chunked_array([pa.array(values, type=pa.string())])
    # Row numbers are Excel's, also when empty rows precede the header or sit between rows.
    rows = np.fromiter((n for n, _ in data), dtype=np.int64, count=len(data))
    return RawTable(
        file=label,
        header=header,
        columns=columns,
        rows=rows,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        header_row=header_row,
        sheet=worksheet.title,
        title_row=title_row,
    )


# --- XLSX: which sheet, title rows, total rows -------------------------------------------------
#: First cells that mark a row of totals or averages under the answers (normalised).
_TOTAL_WORDS = frozenset(
    {"gemiddelde", "gemiddeld", "totaal", "totalen", "som"}
    | {"total", "totals", "average", "mean", "sum"}
)


def _first_cell(cells: list[str]) -> str:
    return next((c.strip() for c in cells if c.strip()), "")


def _is_total(cells: list[str]) -> bool:
    return _first_cell(cells).casefold().rstrip(":") in _TOTAL_WORDS


def _title_rows(raw_rows: list[tuple[int, list[str]]]) -> int | None:
    """The row of a one-cell title above a wider header ('Resultaten Quick Scan'), or None."""
    if len(raw_rows) < 2:
        return None
    filled = [sum(bool(c.strip()) for c in cells) for _, cells in raw_rows[:2]]
    return raw_rows[0][0] if filled[0] == 1 and filled[1] > 2 else None


def _best_sheet(workbook: Any, known: KnownColumns) -> str:
    """The sheet whose header has the most known columns (the first on a tie)."""
    best, best_count = workbook.sheetnames[0], -1
    for worksheet in workbook.worksheets:
        rows = []
        for values in worksheet.iter_rows(values_only=True, max_row=12):
            cells = [_cell_text(v) for v in values]
            if any(c.strip() for c in cells):
                rows.append((0, cells))
        if not rows:
            continue
        header = rows[1][1] if _title_rows(rows) is not None else rows[0][1]
        count = known(header)
        if count > best_count:
            best, best_count = worksheet.title, count
    return str(best)
