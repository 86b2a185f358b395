"""`quickscan report` through Typer's runner, end to end on the example answer files."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

import quickscan.cli.report  # noqa: F401  (registers the command, also when __init__ does)
from quickscan.api import score_files
from quickscan.cli import app
from quickscan.errors import ExitCode
from quickscan.results import ALL_GROUPS, display

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-maatwerk.csv"
MAATWERK = EXAMPLES / "maatwerk.yaml"
FIVE = EXAMPLES / "five-municipalities.csv"

needs_examples = pytest.mark.skipif(
    not (SINGLE.is_file() and MAATWERK.is_file() and FIVE.is_file()),
    reason="example files missing",
)


def nl(value: float | None) -> str:
    return display(value).replace(".", ",")


@pytest.mark.slow
@needs_examples
def test_full_report_with_html_agenda_and_open_answers(tmp_path: Path) -> None:
    pdf = tmp_path / "profiel.pdf"
    html = tmp_path / "profiel.html"
    agenda = tmp_path / "agenda.xlsx"
    result = runner.invoke(
        app,
        [
            "report", str(SINGLE), "--extra", str(MAATWERK), "-o", str(pdf),
            "--html", str(html), "--agenda", str(agenda), "--include-open-answers",
            "--report-date", "2026-03-31",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(pdf.read_bytes())).pages) >= 20
    assert agenda.stat().st_size > 1000
    text = html.read_text()
    # The figures are the scoring's, through the one rounding rule.
    scored = score_files([SINGLE], "qsld", extra=MAATWERK).municipalities[0]
    assert nl(scored.overall_for(ALL_GROUPS).score) in text
    for area in scored.areas:
        assert nl(area.combined.score) in text
    # Maatwerk and open answers are there; the personal data in the examples is not.
    assert "MW01" in text and "Open antwoorden" in text
    assert "[telefoonnummer]" in text or "[e-mailadres]" in text
    assert not re.search(r"\b06[- ]?\d{8}\b", text)
    assert "@example.org" not in text


@pytest.mark.slow
@needs_examples
def test_default_name_from_code_and_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", str(SINGLE), "--extra", str(MAATWERK), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.glob("*.pdf")] == ["GM9901-wolderveen-2026.pdf"]


@needs_examples
def test_several_municipalities_list_codes_and_names(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(FIVE), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == ExitCode.USAGE, result.output
    message = " ".join(result.output.split())
    for code in ("GM9901", "GM9902", "GM9905"):
        assert code in message
    assert "Wolderveen" in message and "--municipality" in message
    assert not (tmp_path / "x.pdf").exists()


@needs_examples
def test_bad_date_and_suffix_are_usage_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["report", str(SINGLE), "--report-date", "31-03-2026"])
    assert result.exit_code == ExitCode.USAGE
    assert "YYYY-MM-DD" in result.output
    result = runner.invoke(app, ["report", str(SINGLE), "--agenda", str(tmp_path / "a.docx")])
    assert result.exit_code == ExitCode.USAGE
    assert ".xlsx, .csv or .md" in result.output


@needs_examples
def test_output_may_not_be_an_input(tmp_path: Path) -> None:
    copy = tmp_path / "answers.csv"
    copy.write_bytes(SINGLE.read_bytes())
    result = runner.invoke(
        app, ["report", str(copy), "--extra", str(MAATWERK), "--html", str(copy)]
    )
    assert result.exit_code == ExitCode.OUTPUT, result.output
    assert copy.read_bytes() == SINGLE.read_bytes()
