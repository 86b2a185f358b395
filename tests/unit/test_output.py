"""`quickscan.output` and `quickscan.xlsx`: what an output may replace, and reproducible XLSX.

Device nodes are made with mknod in a temporary folder (root only), never the real /dev ones.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from quickscan.errors import OutputError
from quickscan.output import atomic_output, check_output_path, writes_directly
from quickscan.xlsx import set_text, text_cell, workbook_bytes

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root"
)


def _codes(error: pytest.ExceptionInfo[OutputError]) -> set[str]:
    return {p.code for p in error.value.problems}


@needs_root
def test_a_character_device_is_written_into_never_replaced(tmp_path: Path) -> None:
    # Major 1, minor 3 is the null device: the same kind of node as /dev/null.
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    with atomic_output(node) as temp:
        temp.write_text("some output\n")
    assert stat.S_ISCHR(node.stat().st_mode)
    assert not list(tmp_path.glob(".*.part"))


@needs_root
def test_a_full_device_gives_an_output_error_and_stays(tmp_path: Path) -> None:
    # Major 1, minor 7 is the "full" device: every write fails with ENOSPC.
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    with pytest.raises(OutputError) as error, atomic_output(node) as temp:
        temp.write_text("x" * 10_000)
    assert _codes(error) == {"output-not-written"}
    assert "No space left" in str(error.value.problems[0])
    assert stat.S_ISCHR(node.stat().st_mode)


@needs_root
def test_a_block_device_is_refused(tmp_path: Path) -> None:
    node = tmp_path / "disk"
    os.mknod(node, 0o600 | stat.S_IFBLK, os.makedev(7, 0))
    with pytest.raises(OutputError) as error:
        check_output_path(node)
    assert _codes(error) == {"output-not-a-file"}
    assert "block device" in error.value.problems[0].message


def test_a_fifo_receives_the_whole_output_and_stays_a_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    with atomic_output(fifo) as temp:
        temp.write_bytes(b"a,b\n1,2\n")
    reader.join(10)
    assert received == [b"a,b\n1,2\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_descriptor_paths_are_written_into() -> None:
    # Only asked, never written: /dev/stdout must never be replaced by a regular file.
    assert writes_directly("-")
    assert writes_directly(Path("/dev/stdout")) or not Path("/dev/stdout").exists()


def test_a_link_to_a_descriptor_is_written_into(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(f"/proc/self/fd/{sys.stderr.fileno()}")
    assert writes_directly(link)


def test_a_hard_link_to_an_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_text("respondent_id\n1\n")
    link = tmp_path / "scores.csv"
    os.link(source, link)
    with pytest.raises(OutputError) as error:
        check_output_path(link, [source])
    assert _codes(error) == {"output-is-input"}


def test_a_dangling_symlink_says_so(tmp_path: Path) -> None:
    link = tmp_path / "scores.csv"
    link.symlink_to(tmp_path / "gone" / "scores.csv")
    with pytest.raises(OutputError) as error:
        check_output_path(link)
    assert _codes(error) == {"output-dangling-link"}
    assert "symbolic link" in error.value.problems[0].message
    assert "gone" in error.value.problems[0].message


def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    with atomic_output(link) as temp:
        temp.write_text("new\n")
    assert link.is_symlink() and target.read_text() == "new\n"


def test_a_folder_without_write_permission_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    # Root may write anywhere; the temporary file is where a read-only folder shows itself.
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(OutputError) as error, atomic_output(tmp_path / "x.csv") as temp:
        temp.write_text("x")
    assert _codes(error) == {"output-folder-not-writable"}
    assert "Permission denied" in error.value.problems[0].message


def test_text_cells_are_strings_and_storable() -> None:
    assert text_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert text_cell("Wolder\x1bveen") == "Wolder\\x1bveen"
    assert text_cell("Utrecht") == "Utrecht"

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    cell = sheet.cell(row=1, column=1)
    set_text(cell, "=1+1")
    assert cell.data_type == "s" and cell.value == "'=1+1"


def _book() -> object:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["a", 1.5])
    return book


def test_workbook_bytes_do_not_depend_on_the_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl.packaging.core as core

    first = workbook_bytes(_book())

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> Later:  # type: ignore[override]
            return cls(2031, 5, 6, 7, 8, 9, tzinfo=tz)

    monkeypatch.setattr(core.datetime, "datetime", Later)
    monkeypatch.setattr("time.localtime", lambda *a: (2031, 5, 6, 7, 8, 10, 0, 126, 0))
    assert workbook_bytes(_book()) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_workbook_bytes_carry_a_given_date() -> None:
    data = workbook_bytes(_book(), dt.date(2026, 11, 26))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        core = archive.read("docProps/core.xml")
    assert core.count(b"2026-11-26T00:00:00Z") == 2  # created and modified
