"""XLSX files that are safe to open and reproducible byte for byte.

- Text goes in as text: `text_cell` neutralises what a spreadsheet would run as a formula
  (OWASP CSV injection: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`) and shows
  characters XML cannot hold as `\\x1b`-style escapes instead of failing on them.
- `workbook_bytes` saves a workbook with fixed timestamps (document properties and zip
  entries), so the same inputs give the same bytes on any day, like the PDFs.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import gc
import io
import os
import re
import sys
import zipfile
from collections.abc import Iterator
from typing import Any

#: Characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: What XML 1.0 (and so XLSX) cannot hold: C0 controls other than tab, LF and CR.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: The timestamp written when none is given: the earliest a zip file can hold.
FIXED_MOMENT = dt.datetime(1980, 1, 1)


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with `'`; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def storable(text: str) -> str:
    """`text` with the characters XML cannot hold written as visible escapes (`\\x1b`)."""
    return _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def text_cell(value: str) -> str:
    """A text value as it goes into a spreadsheet cell: storable and never a formula."""
    return neutralise(storable(value))


def set_text(cell: Any, value: str) -> None:
    """Put text into an openpyxl cell as a string, whatever it starts with."""
    cell.value = text_cell(value)
    cell.data_type = "s"


def _moment(created: dt.date | dt.datetime | None) -> dt.datetime:
    """The document's timestamp: `created`, else SOURCE_DATE_EPOCH, else FIXED_MOMENT."""
    if isinstance(created, dt.datetime):
        return created.replace(tzinfo=None)
    if isinstance(created, dt.date):
        return dt.datetime(created.year, created.month, created.day)
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return FIXED_MOMENT


def workbook_bytes(book: Any, created: dt.date | dt.datetime | None = None) -> bytes:
    """The workbook as XLSX bytes with fixed timestamps (see `_moment`).

    The zip is built in memory. openpyxl still writes each sheet to a temporary file first;
    when that fails (a full disk), the generators it leaves half-open would print "Exception
    ignored in ..." tracebacks as they are collected. They are collected here, quietly, and
    a plain OSError (no traceback into openpyxl) is raised for `atomic_output` to report.
    """
    failure: OSError | None = None
    with _quiet_collection():
        try:
            return _workbook_bytes(book, created)
        except OSError as exc:
            failure = OSError(exc.errno, exc.strerror or str(exc))
        except Exception as exc:
            # With lxml installed (pikepdf brings it) openpyxl writes sheets through lxml,
            # which reports a failed write as SerialisationError('IO_EFBIG'), not OSError.
            code = _lxml_io_errno(exc)
            if code is None:
                raise
            failure = OSError(code, os.strerror(code))
    raise failure


def _lxml_io_errno(exc: Exception) -> int | None:
    """The errno behind lxml's SerialisationError('IO_ENOSPC'), or None for other errors."""
    if type(exc).__name__ != "SerialisationError":
        return None
    name = str(exc).strip().removeprefix("IO_")
    code = getattr(errno, name, None)
    return code if isinstance(code, int) else errno.EIO


@contextlib.contextmanager
def _quiet_collection() -> Iterator[None]:
    """Finalise what a failed save left behind without printing it to stderr."""
    previous = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        yield
    finally:
        gc.collect()
        sys.unraisablehook = previous


def _workbook_bytes(book: Any, created: dt.date | dt.datetime | None) -> bytes:
    from openpyxl.writer.excel import ExcelWriter

    moment = _moment(created)
    book.properties.created = moment
    # `Workbook.save` would stamp `modified` with the current time; ExcelWriter does not.
    book.properties.modified = moment
    if getattr(book, "write_only", False) and not book.worksheets:
        book.create_sheet()
    raw = io.BytesIO()
    archive = zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(book, archive).save()  # closes the archive
    return _fixed_dates(raw.getvalue(), moment)


def _fixed_dates(data: bytes, moment: dt.datetime) -> bytes:
    """The zip `data` again, every entry dated `moment` (zip dates start in 1980)."""
    stamp = max(moment, FIXED_MOMENT).timetuple()[:6]
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3  # Unix, wherever the file is made
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
