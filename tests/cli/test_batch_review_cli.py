"""The review of open answers for a batch: `report --each --open-answers-review FOLDER`, then
`--each --open-answers-approved FOLDER`, through the Typer runner."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

import quickscan.cli.report  # noqa: F401  (registers the command)
from quickscan.cli import app
from quickscan.errors import ExitCode
from quickscan.report.open_answers_review import COLUMNS

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
FIVE = EXAMPLES / "five-municipalities.csv"
DAY = ["--report-date", "2026-11-26"]
APPROVED = COLUMNS.index("approved") + 1
PUBLISHED = COLUMNS.index("published") + 1
ORIGINAL = COLUMNS.index("original") + 1
WOLDERVEEN = "GM9901-wolderveen-2026.xlsx"
OOSTERBROEK = "GM9902-oosterbroek-aan-zee-2026.xlsx"

pytestmark = pytest.mark.skipif(not FIVE.is_file(), reason="example files missing")


@pytest.fixture(scope="module")
def answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """GM9901 and GM9902 of the 2026 wave: 90 and 63 non-empty open answers (counted in
    five-municipalities.csv over OPEN01..OPEN03)."""
    with FIVE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    path = tmp_path_factory.mktemp("answers") / "two.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(
            [rows[0]] + [r for r in rows[1:] if r[1] in ("GM9901", "GM9902") and r[4] == "2026"]
        )
    return path


@pytest.fixture(scope="module")
def reviews(answers: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("batch-review")
    folder = work / "reviews"
    result = runner.invoke(
        app,
        ["report", str(answers), "--each", "--open-answers-review", str(folder),
         "--out-dir", str(work / "reports"), *DAY],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "wrote 2 review workbooks" in result.output
    assert "153 open answers to review" in " ".join(result.output.split())  # 90 + 63
    return folder


def _body(path: Path) -> list[tuple]:
    return list(load_workbook(path)["answers"].iter_rows(values_only=True))[1:]


def _decide(path: Path, decide) -> None:
    workbook = load_workbook(path)
    sheet = workbook["answers"]
    for row in range(2, sheet.max_row + 1):
        decide(sheet, row)
    workbook.save(path)


def _copy(reviews: Path, target: Path) -> Path:
    shutil.copytree(reviews, target)
    return target


def _one_line(text: str) -> str:
    return " ".join(text.split())


def test_one_workbook_per_municipality_named_like_the_pdfs_and_no_reports(
    reviews: Path, answers: Path, tmp_path: Path
) -> None:
    assert sorted(p.name for p in reviews.iterdir()) == [WOLDERVEEN, OOSTERBROEK]
    assert not (reviews.parent / "reports").exists()  # the review step renders no PDF
    assert reviews.stat().st_mode & 0o077 == 0  # personal data: the owner's only
    assert len(_body(reviews / WOLDERVEEN)) == 90
    assert len(_body(reviews / OOSTERBROEK)) == 63
    about = dict(load_workbook(reviews / OOSTERBROEK)["about"].iter_rows(values_only=True))
    assert (about["municipality_code"], about["wave"]) == ("GM9902", "2026")
    # The batch's workbook is the single review of that municipality, row for row.
    single = tmp_path / "single.xlsx"
    result = runner.invoke(
        app,
        ["report", str(answers), "--municipality", "GM9901", "--open-answers-review",
         str(single), *DAY],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert _body(single) == _body(reviews / WOLDERVEEN)


@pytest.mark.slow
def test_round_trip_prints_only_the_approved_answers_of_each(
    reviews: Path, answers: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    folder = _copy(reviews, tmp_path / "approved")
    published = [r[PUBLISHED - 1] for r in _body(folder / WOLDERVEEN)]
    # Two short answers that no other answer contains: one left out, one approved.
    unique = [
        i for i, t in enumerate(published)
        if len(t) < 60 and sum(t in other for other in published) == 1
    ]  # fmt: skip
    left_out, kept = unique[0], unique[1]

    # GM9901: every answer approved but one; GM9902: none, which prints the report with
    # no open answers, as for a single report whose reviewer approved nothing.
    def wolderveen_decides(sheet, row: int) -> None:
        sheet.cell(row, APPROVED).value = "nee" if row == left_out + 2 else "ja"

    _decide(folder / WOLDERVEEN, wolderveen_decides)
    _decide(folder / OOSTERBROEK, lambda s, row: setattr(s.cell(row, APPROVED), "value", "nee"))
    out = tmp_path / "reports"
    result = runner.invoke(
        app,
        ["report", str(answers), "--each", "--open-answers-approved", str(folder),
         "--out-dir", str(out), *DAY],
    )  # fmt: skip
    assert result.exit_code == 0, result.output

    def text(name: str) -> str:
        return _one_line(" ".join(p.extract_text() for p in PdfReader(out / name).pages))

    wolderveen = text("GM9901-wolderveen-2026.pdf")
    # 90 answers, 1 left out: 89 shown.
    assert "Na controle getoond: 89 van de 90 antwoorden." in wolderveen
    assert "Niet goedgekeurd en daarom weggelaten: 1." in wolderveen
    assert _one_line(published[left_out]) not in wolderveen
    assert _one_line(published[kept]) in wolderveen
    oosterbroek = text("GM9902-oosterbroek-aan-zee-2026.pdf")
    assert "Na controle getoond: 0 van de 63 antwoorden." in oosterbroek
    assert "Niet goedgekeurd en daarom weggelaten: 63." in oosterbroek

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    recorded = {Path(i["file"]).name: i for i in manifest["inputs"]}
    # The workbooks are inputs: rows are the answers each holds.
    assert recorded[WOLDERVEEN]["rows"] == 90 and recorded[OOSTERBROEK]["rows"] == 63
    assert len(recorded[WOLDERVEEN]["sha256"]) == 64
    assert manifest["settings"]["batch"]["open_answers_approved"] == str(folder)


def test_every_problem_of_every_workbook_at_once(
    reviews: Path, answers: Path, tmp_path: Path
) -> None:
    folder = _copy(reviews, tmp_path / "approved")

    def decide(sheet, row: int) -> None:
        sheet.cell(row, APPROVED).value = {3: "misschien"}.get(row, "ja")
        if row == 4:  # approved, but the text to publish was emptied
            sheet.cell(row, PUBLISHED).value = ""
        if row == 5:  # the reviewer edited the answer as given instead of the text
            sheet.cell(row, ORIGINAL).value = "Iets heel anders."

    _decide(folder / WOLDERVEEN, decide)
    (folder / OOSTERBROEK).unlink()
    out = tmp_path / "reports"
    result = runner.invoke(
        app,
        ["report", str(answers), "--each", "--open-answers-approved", str(folder),
         "--out-dir", str(out), *DAY],
    )  # fmt: skip
    assert result.exit_code == ExitCode.REPORT, result.output
    message = _one_line(result.output)
    wolderveen = str(folder / WOLDERVEEN)
    # Workbook, sheet!cell, row and column of each problem (G: approved, E: published,
    # D: original, in the order of COLUMNS).
    assert f"{wolderveen} (answers!G3) row 3, column goedgekeurd (ja/nee)" in message
    assert "'misschien' is not a decision" in message
    # (a long header is shortened in the message; the cell names the column anyway)
    assert f"{wolderveen} (answers!E4) row 4, column tekst voor publicatie" in message
    assert "an approved answer has no text to publish" in message
    assert f"{wolderveen} (answers!D5) row 5, column antwoord zoals gegeven" in message
    assert "the answer as given was changed" in message
    assert f"{folder / OOSTERBROEK}" in message and "the review file does not exist" in message
    assert "4 error(s)" in message  # 3 in one workbook, 1 missing workbook
    assert not out.exists() or not list(out.glob("*.pdf"))  # refused before any report


def test_a_workbook_of_another_municipality_is_refused(
    reviews: Path, answers: Path, tmp_path: Path
) -> None:
    folder = _copy(reviews, tmp_path / "approved")
    shutil.copy(folder / WOLDERVEEN, folder / OOSTERBROEK)  # a file saved under the wrong name
    result = runner.invoke(
        app,
        ["report", str(answers), "--each", "--open-answers-approved", str(folder),
         "--out-dir", str(tmp_path / "reports"), *DAY],
    )  # fmt: skip
    assert result.exit_code == ExitCode.REPORT, result.output
    message = _one_line(result.output)
    assert f"{folder / OOSTERBROEK} column about!municipality_code" in message
    assert "the review is for municipality code 'GM9901', this report for 'GM9902'" in message


def test_missing_folder_and_file_instead_of_folder(answers: Path, tmp_path: Path) -> None:
    each = ["report", str(answers), "--each", "--out-dir", str(tmp_path / "reports")]
    missing = runner.invoke(app, [*each, "--open-answers-approved", str(tmp_path / "none")])
    assert missing.exit_code == ExitCode.REPORT, missing.output
    assert "the review folder does not exist" in _one_line(missing.output)
    as_file = runner.invoke(app, [*each, "--open-answers-review", str(tmp_path / "r.xlsx")])
    assert as_file.exit_code == ExitCode.USAGE, as_file.output
    assert "with --each the review is a folder" in _one_line(as_file.output)
