"""Outputs through the CLI: formulas neutralised, stdout and devices, refused targets,
reproducible XLSX (issue 12: silent corruption, crashes, outputs).

Device nodes are made with mknod in a temporary folder (root only), never the real /dev ones.
"""

from __future__ import annotations

import csv
import os
import stat
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import ExitCode

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
FIVE = EXAMPLES / "five-municipalities.csv"

needs_root = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="mknod needs root"
)


def renamed(target: Path, source: Path, names: dict[str, str], waves: dict[str, str] = {}) -> Path:  # noqa: B006
    """`source` with municipality names (and waves) replaced, as a new CSV."""
    with source.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["municipality_name"] = names.get(row["municipality_name"], row["municipality_name"])
        row["wave"] = waves.get(row["wave"], row["wave"])
    with target.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


HOSTILE = '=HYPERLINK("http://evil.example","klik")'


@pytest.fixture(scope="module")
def hostile_five(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    with FIVE.open(newline="", encoding="utf-8") as handle:
        names = sorted({row["municipality_name"] for row in csv.DictReader(handle)})
    return renamed(
        folder / "five.csv",
        FIVE,
        {names[0]: HOSTILE, names[1]: "+31 Dorp", names[2]: "-Min", names[3]: "@Apenstaart"},
        waves={"2026": "@2026"},
    )


# --- silent corruption: compare exports ------------------------------------------------------


def test_compare_csv_neutralises_every_text_cell(hostile_five: Path, tmp_path: Path) -> None:
    out = tmp_path / "comparison.csv"
    result = runner.invoke(app, ["compare", str(hostile_five), "-o", str(out)])
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    names = {row["municipality_name"] for row in rows}
    assert {"'" + HOSTILE, "'+31 Dorp", "'-Min", "'@Apenstaart"} <= names
    assert {row["wave"] for row in rows} <= {"'@2026", "2024"}
    assert "'@2026" in {row["wave"] for row in rows}
    # Numbers stay numbers: a negative peer difference or score is not quoted.
    assert all(not row["overall_score"].startswith("'") for row in rows)
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


def test_compare_xlsx_writes_text_as_strings_never_formulas(
    hostile_five: Path, tmp_path: Path
) -> None:
    out = tmp_path / "comparison.xlsx"
    result = runner.invoke(app, ["compare", str(hostile_five), "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["comparison"]
    header = [c.value for c in sheet[1]]
    name_col = header.index("municipality_name")
    wave_col = header.index("wave")
    score_col = header.index("overall_score")
    names = []
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)
        names.append(row[name_col].value)
        assert row[name_col].data_type == "s"
        assert row[wave_col].data_type == "s"  # a wave is text, even "2024"
        assert row[score_col].data_type == "n"  # scores stay numbers
    assert "'" + HOSTILE in names


def test_compare_xlsx_with_a_control_character_in_a_name(tmp_path: Path) -> None:
    source = renamed(tmp_path / "ctrl.csv", SINGLE, {"Wolderveen": "Wolder\x1bveen\x07"})
    out = tmp_path / "comparison.xlsx"
    result = runner.invoke(app, ["compare", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["comparison"]
    header = [c.value for c in sheet[1]]
    assert sheet.cell(row=2, column=header.index("municipality_name") + 1).value == (
        "Wolder\\x1bveen\\x07"
    )


def test_xlsx_outputs_are_byte_reproducible(tmp_path: Path) -> None:
    """The same inputs give the same bytes, on any second (zip dates have 2 s steps)."""
    commands = {
        "score": ["score", str(SINGLE), "-o"],
        "compare": ["compare", str(SINGLE), "-o"],
        "template": ["template", "-o"],
    }
    first = {}
    for name, args in commands.items():
        out = tmp_path / f"{name}-1.xlsx"
        result = runner.invoke(app, [*args, str(out)])
        assert result.exit_code == 0, result.output
        first[name] = out.read_bytes()
    time.sleep(2.1)
    for name, args in commands.items():
        out = tmp_path / f"{name}-2.xlsx"
        result = runner.invoke(app, [*args, str(out)])
        assert result.exit_code == 0, result.output
        assert out.read_bytes() == first[name], name


# --- standard output ---------------------------------------------------------------------------


def test_dash_is_standard_output_for_score_and_compare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from quickscan.api import score_files
    from quickscan.export import csv_text

    monkeypatch.chdir(tmp_path)  # a file named "-" would appear here
    result = runner.invoke(app, ["score", str(SINGLE), "-o", "-", "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == csv_text(score_files([SINGLE]))
    table = runner.invoke(app, ["score", str(SINGLE), "-o", "-"])
    assert table.exit_code == 0, table.output
    assert "Gemeenteraad" in table.stdout
    compared = runner.invoke(app, ["compare", str(SINGLE), "-o", "-", "--json"])
    assert compared.exit_code == 0, compared.output
    assert compared.stdout.lstrip().startswith("{")
    assert not (tmp_path / "-").exists()


def test_dash_takes_an_xlsx_file_to_standard_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["score", str(SINGLE), "-o", "-", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"PK\x03\x04")
    assert not (tmp_path / "-").exists()


@pytest.mark.slow
def test_report_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", str(SINGLE), "-o", "-", "--report-date", "2026-11-26"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert not (tmp_path / "-").exists()


def test_report_output_must_be_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "profile.html"
    result = runner.invoke(app, ["report", str(SINGLE), "-o", str(out)])
    assert result.exit_code == ExitCode.USAGE, result.output
    assert "bad-report-suffix" not in result.stderr  # codes are for --json; words for people
    assert ".pdf" in result.stderr and "profile.html" in result.stderr
    assert not out.exists()


# --- targets that are not regular files --------------------------------------------------------


@needs_root
def test_score_into_a_device_node_leaves_the_node(tmp_path: Path) -> None:
    node = tmp_path / "null"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    result = runner.invoke(app, ["score", str(SINGLE), "-o", str(node), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert stat.S_ISCHR(node.stat().st_mode), "the device node was replaced by a file"


@needs_root
def test_a_full_disk_device_is_a_clean_output_error(tmp_path: Path) -> None:
    node = tmp_path / "full"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 7))
    result = runner.invoke(app, ["compare", str(SINGLE), "-o", str(node), "--format", "xlsx"])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "No space left" in result.stderr
    assert stat.S_ISCHR(node.stat().st_mode)


def test_score_into_a_fifo(tmp_path: Path) -> None:
    import threading

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, ["score", str(SINGLE), "-o", str(fifo), "--format", "csv"])
    if reader.is_alive():  # unblock the reader if the FIFO was replaced (the old behaviour)
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    reader.join(10)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].startswith(b"municipality_code,")


def test_a_hard_link_to_the_input_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "answers.csv"
    source.write_bytes(SINGLE.read_bytes())
    link = tmp_path / "scores.csv"
    os.link(source, link)
    result = runner.invoke(app, ["score", str(source), "-o", str(link)])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "would overwrite an input" in result.stderr
    assert source.read_bytes() == SINGLE.read_bytes()
    assert os.path.samefile(source, link)


def test_a_dangling_symlink_as_output_says_so(tmp_path: Path) -> None:
    link = tmp_path / "scores.csv"
    link.symlink_to(tmp_path / "missing" / "scores.csv")
    result = runner.invoke(app, ["score", str(SINGLE), "-o", str(link)])
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "symbolic link" in result.stderr and "missing" in result.stderr
    assert "does not exist" in result.stderr


def test_an_unwritable_output_folder_is_an_output_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    if os.geteuid() == 0:  # root writes anywhere; make the folder refuse as it would a user
        monkeypatch.setattr(tempfile, "mkstemp", refuse)
    try:
        result = runner.invoke(app, ["score", str(SINGLE), "-o", str(folder / "scores.xlsx")])
    finally:
        folder.chmod(0o755)
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert "cannot write into the folder" in result.stderr
    assert "internal error" not in result.stderr
    assert list(folder.iterdir()) == []
