"""The CLI as a real process: closed pipes, SIGTERM, a file-size limit, /dev/stdout.

These need what Typer's runner cannot give: a real pipe, a real signal, a real process
limit. Each runs `python -m quickscan` in a subprocess.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
FIVE = EXAMPLES / "five-municipalities.csv"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals and pipes")


def quickscan(*args: str) -> list[str]:
    return [sys.executable, "-m", "quickscan", *args]


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`quickscan check big.csv | head -1`: the reader is gone; no message, exit 141."""
    with SINGLE.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["group"] = "onbekend"  # one error per row: plenty of output
    bad = tmp_path / "big.csv"
    with bad.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows * 8)
    read_end, write_end = os.pipe()
    os.close(read_end)  # like `head` after its first line: every write now fails
    try:
        done = subprocess.run(
            quickscan("check", str(bad)),
            stdout=write_end,
            stderr=subprocess.PIPE,
            timeout=300,
            check=False,
        )
    finally:
        os.close(write_end)
    assert done.stderr.decode() == ""
    assert done.returncode == 141


def test_dev_stdout_and_links_to_it_are_written_into(tmp_path: Path) -> None:
    link = tmp_path / "out.csv"
    link.symlink_to("/proc/self/fd/1")
    for target in ("/dev/stdout", str(link)):
        done = subprocess.run(
            quickscan("score", str(SINGLE), "--format", "csv", "-o", target),
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout.startswith(b"municipality_code,municipality_name,wave,area")
    assert link.is_symlink()
    assert Path("/dev/stdout").is_symlink() or not Path("/dev/stdout").exists()


def test_a_full_disk_gives_one_clean_message(tmp_path: Path) -> None:
    """A file-size limit fails writes like a full disk, also openpyxl's own temporary files."""

    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    out = tmp_path / "comparison.xlsx"
    done = subprocess.run(
        quickscan("compare", str(FIVE), "-o", str(out)),
        capture_output=True,
        preexec_fn=limited,  # noqa: PLW1509 - no threads in the child yet
        timeout=600,
        check=False,
    )
    stderr = done.stderr.decode()
    assert done.returncode == 5, stderr
    assert "could not write the output" in stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == []


def _marked_processes(mark: str) -> set[int]:
    """Processes whose environment carries `mark` (our process, fork server and workers)."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if mark.encode() in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc")
def test_sigterm_stops_a_batch_like_ctrl_c(tmp_path: Path) -> None:
    out_dir = tmp_path / "reports"
    mark = f"QUICKSCAN_TEST_{uuid.uuid4().hex}"
    process = subprocess.Popen(
        quickscan(
            "report",
            str(FIVE),
            "--each",
            "--out-dir",
            str(out_dir),
            "-j",
            "2",
            "--report-date",
            "2026-11-26",
        ),  # fmt: skip
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, mark: "1"},
    )
    try:
        _watch_batch(process, out_dir, mark)
    finally:
        if process.poll() is None:
            process.kill()
        for pid in _marked_processes(mark):  # whatever outlived a failed test: ours to end
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _watch_batch(process: subprocess.Popen[bytes], out_dir: Path, mark: str) -> None:
    """Wait for the first report, send SIGTERM, and check what the batch left behind."""
    try:
        deadline = time.monotonic() + 600
        while not list(out_dir.glob("*.pdf")):
            assert process.poll() is None, process.stderr.read().decode()  # type: ignore[union-attr]
            assert time.monotonic() < deadline, "no report appeared"
            time.sleep(0.2)
        family = _marked_processes(mark)
        assert len(family) >= 3  # the command, the fork server, workers
        process.send_signal(signal.SIGTERM)
        signalled = time.time()
        _, stderr = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 143, stderr.decode()
    assert "Traceback" not in stderr.decode()
    time.sleep(3)  # a worker that lived on would write its report now
    assert not (_marked_processes(mark) & family), "workers outlived the command"
    reports = {p.name for p in out_dir.glob("*.pdf")}
    assert not list(out_dir.glob(".*.part")), "a partial file was left"
    assert all(p.stat().st_mtime <= signalled + 1 for p in out_dir.glob("*.pdf"))
    manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["interrupted"] is True
    assert {entry["file"] for entry in manifest["outputs"]} == reports
    assert manifest["summary"]["done"] == len(reports) < manifest["summary"]["total"]
