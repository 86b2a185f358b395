"""Side inputs (--extra, --invited, --peers, --benchmark, questionnaires) and answer files
that are pipes, devices, too large or oddly encoded: clean errors through the CLI, never a
crash, never endless reading."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import CompareError, ExitCode
from quickscan.limits import MAX_ROWS_ENV

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
FIELDWORK = EXAMPLES / "gm9901-fieldwork.csv"
FIVE = EXAMPLES / "five-municipalities.csv"


def _invoke(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, [str(a) for a in args])


# --- byte caps on side inputs: /dev/zero has st_size 0 and never ends ----------------------
def test_extra_from_dev_zero_is_refused_by_bytes_read() -> None:
    result = _invoke("score", SINGLE, "--extra", "/dev/zero")
    assert result.exit_code == ExitCode.QUESTIONNAIRE, result.output
    assert "larger than 1,000,000 bytes" in result.stderr


def test_yaml_from_a_device_is_refused_by_bytes_read() -> None:
    from quickscan.errors import QuestionnaireError
    from quickscan.yaml_source import read_yaml

    with pytest.raises(QuestionnaireError) as caught:
        read_yaml(Path("/dev/zero"))
    assert [p.code for p in caught.value.problems] == ["yaml-too-large"]


def test_invited_from_dev_zero_is_refused_by_bytes_read() -> None:
    result = _invoke("status", FIELDWORK, "--invited", "/dev/zero", "--format", "json")
    assert result.exit_code in (ExitCode.OK, ExitCode.ANSWERS), result.output
    assert "too large to be a list of counts" in result.stderr


def test_peers_and_benchmark_from_dev_zero_are_refused() -> None:
    from quickscan.compare.benchmark import load_benchmark
    from quickscan.compare.peers import load_peers
    from quickscan.questionnaire import load_questionnaire

    with pytest.raises(CompareError) as peers:
        load_peers("/dev/zero")
    assert "too large" in peers.value.problems[0].message
    with pytest.raises(CompareError) as benchmark:
        load_benchmark("/dev/zero", load_questionnaire())
    assert "too large" in benchmark.value.problems[0].message


# --- CR-only line endings (Excel's "CSV (Macintosh)") in side files ------------------------
def test_invited_file_with_cr_line_endings_is_read(tmp_path: Path) -> None:
    invited = tmp_path / "invited.csv"
    invited.write_bytes(
        (EXAMPLES / "invited.csv").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r")
    )
    lf = _invoke("status", FIELDWORK, "--invited", EXAMPLES / "invited.csv", "--format", "json")
    cr = _invoke("status", FIELDWORK, "--invited", invited, "--format", "json")
    assert cr.exit_code == 0, cr.output
    assert json.loads(cr.stdout) == json.loads(lf.stdout)


def test_peers_file_with_cr_line_endings_is_read(tmp_path: Path) -> None:
    from quickscan.compare.peers import load_peers

    cr = tmp_path / "peers.csv"
    original = EXAMPLES / "municipalities.csv"
    cr.write_bytes(original.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    table, expected = load_peers(cr), load_peers(original)
    assert table.codes == expected.codes and table.values == expected.values
    assert table.rows == expected.rows


def test_answer_file_with_cr_line_endings_scores_like_the_original(tmp_path: Path) -> None:
    cr = tmp_path / "mac.csv"
    cr.write_bytes(SINGLE.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    original = _invoke("score", SINGLE, "--format", "json")
    mac = _invoke("score", cr, "--format", "json")
    assert mac.exit_code == 0, mac.output
    assert json.loads(mac.stdout)["municipalities"] == json.loads(original.stdout)["municipalities"]


# --- encodings of side files: never silently garbled ---------------------------------------
def test_invited_file_with_mixed_encodings_is_refused_with_the_row(tmp_path: Path) -> None:
    from quickscan.fieldwork.invited import read_invited
    from quickscan.questionnaire import load_questionnaire

    invited = tmp_path / "invited.csv"
    invited.write_bytes(
        "municipality_code,group,invited,note\nGM9901,raad,12,één\n".encode()
        + "GM9901,inwoner,300,één\n".encode("cp1252")
    )
    counts, problems = read_invited(invited, load_questionnaire())
    assert counts == []
    assert [p.code for p in problems] == ["invited-unreadable"]
    assert problems[0].location.row == 3


def test_invited_columns_that_look_alike_are_an_error_naming_both(tmp_path: Path) -> None:
    from quickscan.fieldwork.invited import read_invited
    from quickscan.questionnaire import load_questionnaire

    invited = tmp_path / "invited.csv"
    invited.write_text("municipality_code,group,invited,Invited \nGM9901,raad,12,14\n")
    counts, problems = read_invited(invited, load_questionnaire())
    assert counts == []
    assert [p.code for p in problems] == ["invited-duplicate-column"]
    assert "column 4 ('invited') repeats column 3" in problems[0].message


# --- answer files: special files, limits, encodings ---------------------------------------
def test_fifo_as_answer_file_is_refused_not_waited_for(tmp_path: Path) -> None:
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)
    result = _invoke("check", fifo)
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert "named pipe" in result.output


def test_row_limit_exit_4_names_the_limit_and_max_rows_raises_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(MAX_ROWS_ENV, "")  # restored after the test; --max-rows sets it
    refused = _invoke("score", FIVE, "--max-rows", "2000")
    assert refused.exit_code == ExitCode.ANSWERS, refused.output
    assert "about 2,744 data rows; at most 2,000 are read" in refused.stderr
    assert "--max-rows" in refused.stderr
    monkeypatch.setenv(MAX_ROWS_ENV, "")
    allowed = _invoke("score", FIVE, "--max-rows", "2744", "--format", "json")
    assert allowed.exit_code == 0, allowed.output
    # A file larger than 512 bytes per allowed row is refused by its size, unread.
    monkeypatch.setenv(MAX_ROWS_ENV, "")
    by_size = _invoke("score", FIVE, "--max-rows", "100")
    assert by_size.exit_code == ExitCode.ANSWERS
    assert "answer files above 50.0 KB" in by_size.stderr


def test_mixed_encoding_answer_file_is_refused_by_score(tmp_path: Path) -> None:
    text = SINGLE.read_text(encoding="utf-8").splitlines(keepends=True)
    mixed = tmp_path / "mixed.csv"
    # Rows 2-5 typed in UTF-8, the rest pasted in from a Windows-1252 export.
    body = [line.replace("Wolderveen", "Wolderveen-Zuidéénd") for line in text]
    mixed.write_bytes("".join(body[:5]).encode("utf-8") + "".join(body[5:]).encode("cp1252"))
    result = _invoke("score", mixed)
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert "mixes two encodings" in result.stderr
    assert "row 6" in result.stderr
    assert "Exception ignored" not in result.stderr


# --- open answers of a file without a wave, or with an empty one --------------------------
def _without_wave(tmp_path: Path, wave: str) -> Path:
    rows = list(csv.reader(io.StringIO(SINGLE.read_text(encoding="utf-8"))))
    position = rows[0].index("wave")
    for row in rows:
        if wave == "no column":
            del row[position]
        elif row is not rows[0]:
            row[position] = ""
    answers = tmp_path / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return answers


@pytest.mark.parametrize("wave", ["no column", "empty"])
def test_open_answers_of_a_file_without_a_wave(tmp_path: Path, wave: str) -> None:
    from quickscan.answers import read_answers
    from quickscan.api import score_files
    from quickscan.questionnaire import load_questionnaire
    from quickscan.report.document import open_answers_from

    answers = _without_wave(tmp_path, wave)
    municipality = score_files([answers]).municipalities[0]
    found = open_answers_from(read_answers([answers], load_questionnaire()), municipality)
    assert any("toegankelijk maken voor slechtzienden" in a.text for a in found)


@pytest.mark.slow
def test_report_with_open_answers_without_a_wave(tmp_path: Path) -> None:
    answers = _without_wave(tmp_path, "no column")
    html = tmp_path / "profiel.html"
    result = _invoke(
        "report", answers, "--include-open-answers", "-o", tmp_path / "p.pdf", "--html", html
    )
    assert result.exit_code == 0, result.output
    assert "toegankelijk maken voor slechtzienden" in html.read_text(encoding="utf-8")


def test_score_refuses_answers_under_a_blank_header(tmp_path: Path) -> None:
    rows = list(csv.reader(io.StringIO(SINGLE.read_text(encoding="utf-8"))))
    position = rows[0].index("GR01")
    rows[0][position] = " \u00a0"  # looks empty: the answers in it would be lost
    answers = tmp_path / "answers.csv"
    with answers.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    result = _invoke("score", answers)
    assert result.exit_code == ExitCode.ANSWERS, result.output
    assert f"column {position + 1} has no header but holds values" in result.stderr
