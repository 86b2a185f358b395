"""The review step for open answers: write the workbook, approve, print only what was approved."""

from __future__ import annotations

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
SINGLE = EXAMPLES / "gm9901-maatwerk.csv"
MAATWERK = EXAMPLES / "maatwerk.yaml"
FIVE = EXAMPLES / "five-municipalities.csv"
BASE = ["report", str(SINGLE), "--extra", str(MAATWERK), "--report-date", "2026-11-26"]
APPROVED = COLUMNS.index("approved") + 1
PUBLISHED = COLUMNS.index("published") + 1
ORIGINAL = COLUMNS.index("original") + 1
KEY = COLUMNS.index("key") + 1


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("review") / "review.xlsx"
    result = runner.invoke(app, [*BASE, "--open-answers-review", str(path)])
    assert result.exit_code == 0, result.output
    assert "125 open answers to review" in " ".join(result.output.split())
    return path


def _rows(path: Path) -> list[tuple]:
    workbook = load_workbook(path)
    return list(workbook["answers"].iter_rows(values_only=True))


def _decide(source: Path, target: Path, decide) -> None:
    """Copy the review and fill in decisions (and edits) as a reviewer would."""
    workbook = load_workbook(source)
    sheet = workbook["answers"]
    for row in range(2, sheet.max_row + 1):
        decide(sheet, row)
    workbook.save(target)


def test_review_lists_every_answer_with_its_redaction(review: Path) -> None:
    rows = _rows(review)
    header, body = rows[0], rows[1:]
    assert header[0] == "sleutel (niet wijzigen)" and len(header) == len(COLUMNS)
    assert len(body) == 125
    assert len({r[0] for r in body}) == 125  # one key per answer
    found = {r[ORIGINAL - 1]: (r[PUBLISHED - 1], r[COLUMNS.index("found")]) for r in body}
    text, what = found["Bel me gerust als u meer wilt weten: 06-12345678. Groet, Ria"]
    assert text == "Bel me gerust als u meer wilt weten: [telefoonnummer]. Groet, [naam]"
    assert what == "telefoonnummer: 06-12345678; naam: Ria"
    assert all(r[APPROVED - 1] in (None, "") for r in body)
    assert review.stat().st_mode & 0o077 == 0  # personal data: readable by its owner only


def test_review_cells_are_never_formulas(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    lines = SINGLE.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    first = lines[1].split(",")
    first[header.index("OPEN01")] = '"=HYPERLINK(""http://x"",""klik"")"'
    answers.write_text("\n".join([lines[0], ",".join(first), *lines[2:]]) + "\n", "utf-8")
    path = tmp_path / "review.xlsx"
    result = runner.invoke(
        app, ["report", str(answers), "--extra", str(MAATWERK), "--open-answers-review", str(path)]
    )
    assert result.exit_code == 0, result.output
    sheet = load_workbook(path)["answers"]
    cells = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("'=")]
    assert cells and all(c.data_type == "s" for c in cells)


@pytest.mark.slow
def test_only_approved_answers_are_printed_with_the_reviewers_text(
    review: Path, tmp_path: Path
) -> None:
    rows = _rows(review)
    originals = [r[ORIGINAL - 1] for r in rows[1:]]
    ria = originals.index("Bel me gerust als u meer wilt weten: 06-12345678. Groet, Ria") + 2
    stoep = next(i for i, t in enumerate(originals) if t.startswith("De stoep bij ons")) + 2

    def decide(sheet, row: int) -> None:
        sheet.cell(row, APPROVED).value = "nee" if row == ria else "ja"
        if row == stoep:
            sheet.cell(row, PUBLISHED).value = "De stoep bij ons ligt al lang open."

    approved = tmp_path / "approved.xlsx"
    _decide(review, approved, decide)
    html = tmp_path / "profiel.html"
    result = runner.invoke(
        app,
        [*BASE, "--open-answers-approved", str(approved), "-o", str(tmp_path / "p.pdf"),
         "--html", str(html)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = " ".join(html.read_text(encoding="utf-8").split())
    assert "Bel me gerust" not in text
    assert "De stoep bij ons ligt al lang open." in text
    assert "De stoep bij ons ([adres]" not in text
    # What is left: the e-mail address and the village of two other approved answers.
    assert (
        "Weggelaten persoonsgegevens: 1 adres, 1 postcode, 1 plaatsnaam en 1 e-mailadres." in text
    )
    assert "Na controle getoond: 124 van de 125 antwoorden." in text
    assert "Niet goedgekeurd en daarom weggelaten: 1." in text


def test_a_review_of_changed_answers_is_refused(review: Path, tmp_path: Path) -> None:
    changed = tmp_path / "answers.csv"
    text = SINGLE.read_text(encoding="utf-8").replace("Groet, Ria", "Groet, Ria en Piet")
    changed.write_text(text, encoding="utf-8")
    approved = tmp_path / "approved.xlsx"
    _decide(review, approved, lambda sheet, row: setattr(sheet.cell(row, APPROVED), "value", "ja"))
    out = tmp_path / "p.pdf"
    result = runner.invoke(
        app,
        ["report", str(changed), "--extra", str(MAATWERK), "--open-answers-approved",
         str(approved), "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == ExitCode.REPORT, result.output
    message = " ".join(result.output.split())
    assert "review-answer-unknown" in message or "no answer in the data has this key" in message
    assert "not in the review" in message
    assert not out.exists()


def test_bad_decisions_are_all_reported_with_their_rows(review: Path, tmp_path: Path) -> None:
    def decide(sheet, row: int) -> None:
        sheet.cell(row, APPROVED).value = {2: "misschien", 5: "later"}.get(row, "ja")
        if row == 7:
            sheet.cell(row, KEY).value = "0000000000000000"

    approved = tmp_path / "approved.xlsx"
    _decide(review, approved, decide)
    result = runner.invoke(
        app, [*BASE, "--open-answers-approved", str(approved), "-o", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == ExitCode.REPORT, result.output
    message = " ".join(result.output.split())
    assert "row 2" in message and "'misschien' is not a decision" in message
    assert "row 5" in message and "'later' is not a decision" in message
    assert "row 7" in message and "no answer in the data has this key" in message


def test_a_review_of_another_municipality_is_refused(review: Path, tmp_path: Path) -> None:
    foreign = tmp_path / "foreign.xlsx"
    shutil.copy(review, foreign)
    workbook = load_workbook(foreign)
    about = workbook["about"]
    for row in about.iter_rows():
        if row[0].value == "municipality_code":
            row[1].value = "GM9902"
    workbook.save(foreign)
    result = runner.invoke(
        app, [*BASE, "--open-answers-approved", str(foreign), "-o", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == ExitCode.REPORT, result.output
    assert "the review is for municipality code 'GM9902'" in " ".join(result.output.split())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not a workbook", "cannot read the review file as .xlsx"),
        (None, "this is not an open-answers review"),
    ],
)
def test_a_file_that_is_no_review_is_refused(tmp_path: Path, content, message: str) -> None:
    path = tmp_path / "review.xlsx"
    if content is None:
        from openpyxl import Workbook

        Workbook().save(path)
    else:
        path.write_bytes(content)
    result = runner.invoke(
        app, [*BASE, "--open-answers-approved", str(path), "-o", str(tmp_path / "p.pdf")]
    )
    assert result.exit_code == ExitCode.REPORT, result.output
    assert message in " ".join(result.output.split())


def test_review_and_approved_together_are_a_usage_error(tmp_path: Path) -> None:
    x = str(tmp_path / "r.xlsx")
    result = runner.invoke(app, [*BASE, "--open-answers-review", x, "--open-answers-approved", x])
    assert result.exit_code == ExitCode.USAGE, result.output
    result = runner.invoke(app, [*BASE, "--open-answers-review", str(tmp_path / "r.csv")])
    assert result.exit_code == ExitCode.USAGE, result.output
    result = runner.invoke(
        app, ["report", str(FIVE), "--each", "--open-answers-review", x, "--out-dir", str(tmp_path)]
    )
    assert result.exit_code == ExitCode.USAGE, result.output
