"""Decide the encoding of a CSV on evidence from the whole file: UTF-8, cp1252, or neither.

A file is UTF-8 when all of it decodes as UTF-8. It is Windows-1252 (Excel's "CSV" on a
Dutch Windows) when no byte sequence in it is UTF-8 beyond ASCII. A file with both - valid
UTF-8 letters and bytes that are not UTF-8 - was glued together from two sources; reading it
either way turns one part into nonsense (`é` as `Ã©`), so it is refused, with the row of the
first byte that is not UTF-8.
"""

from __future__ import annotations

import codecs
import mmap
import re
from dataclasses import dataclass
from pathlib import Path

#: Bytes decoded per step while scanning a file that is not plain UTF-8.
_CHUNK = 16 << 20
# After decoding with errors="surrogateescape": a byte that is not UTF-8 becomes a lone
# surrogate U+DC80-U+DCFF; any other character above ASCII came from valid UTF-8.
_NOT_UTF8 = re.compile("[\udc80-\udcff]")
_UTF8_LETTER = re.compile("[\x80-\ud7ff\ue000-\U0010ffff]")


@dataclass(frozen=True)
class Evidence:
    """What a scan found: where the first byte that is not UTF-8 is, and whether UTF-8
    characters beyond ASCII occur anywhere."""

    first_bad: int | None
    bad_byte: int | None
    has_utf8: bool

    @property
    def encoding(self) -> str | None:
        """'utf-8', 'cp1252', or None for a file that mixes the two."""
        if self.first_bad is None:
            return "utf-8"
        return None if self.has_utf8 else "cp1252"


def scan(data: bytes | mmap.mmap | memoryview, start: int = 0) -> Evidence:
    """Scan `data[start:]`; stops early once both kinds of evidence are found."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    first_bad: int | None = None
    bad_byte: int | None = None
    has_utf8 = False
    end = len(data)
    position = start
    while position < end:
        chunk = bytes(data[position : position + _CHUNK])
        final = position + len(chunk) >= end
        # The text starts with the bytes of a character cut off by the previous chunk.
        text_start = position - len(decoder.getstate()[0])
        text = decoder.decode(chunk, final=final)
        if first_bad is None:
            match = _NOT_UTF8.search(text)
            if match is not None:
                before = text[: match.start()].encode("utf-8", "surrogateescape")
                first_bad = text_start + len(before)
                bad_byte = ord(match.group()) - 0xDC00
        if not has_utf8 and _UTF8_LETTER.search(text):
            has_utf8 = True
        if first_bad is not None and has_utf8:
            break
        position += len(chunk)
    return Evidence(first_bad=first_bad, bad_byte=bad_byte, has_utf8=has_utf8)


def scan_file(path: Path, start: int = 0) -> Evidence:
    with path.open("rb") as handle:
        if path.stat().st_size == 0:
            return Evidence(first_bad=None, bad_byte=None, has_utf8=False)
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return scan(data, start)


def row_of(data: bytes | mmap.mmap, start: int, offset: int, newline: bytes = b"\n") -> int:
    """The spreadsheet row (header = 1) of byte `offset`, for rows beginning at `start`.

    A line break inside double quotes belongs to a cell and does not start a row.
    """
    prefix = bytes(data[start:offset])
    row = 1
    quotes = 0
    for segment in prefix.split(newline)[:-1]:
        quotes += segment.count(b'"')
        if quotes % 2 == 0:
            row += 1
    return row


class MixedEncoding(ValueError):
    """Text with both UTF-8 and bytes that are not UTF-8; `row` is that of the first such byte."""

    def __init__(self, row: int, byte: int) -> None:
        super().__init__(
            f"the file mixes two encodings: it has UTF-8 text, but the byte 0x{byte:02X} on "
            f"row {row} is not UTF-8 (it looks like Windows-1252)"
        )
        self.row = row


def decode_small(raw: bytes) -> tuple[str, str]:
    """(text, encoding) of a small CSV such as invited.csv or a peers file, decided like an
    answer file's; raises `MixedEncoding`, or UnicodeDecodeError for text in neither."""
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    evidence = scan(raw, skip)
    chosen = evidence.encoding
    if chosen is None or (chosen == "cp1252" and skip):
        newline = b"\r" if b"\n" not in raw and b"\r" in raw else b"\n"
        assert evidence.first_bad is not None
        raise MixedEncoding(row_of(raw, skip, evidence.first_bad, newline), evidence.bad_byte or 0)
    return raw[skip:].decode(chosen), chosen
