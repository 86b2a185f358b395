"""`quickscan report` through Typer's runner, end to end on the example answer files."""

from __future__ import annotations

import io
import json
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


# --- --benchmark: the municipality among its peers ------------------------------------------

PEERS = EXAMPLES / "municipalities.csv"
GM9901 = EXAMPLES / "gm9901-single.csv"


def _make_benchmark(path: Path) -> None:
    made = runner.invoke(
        app,
        ["compare", str(FIVE), "--peers", str(PEERS), "--peer-group",
         "GM9902,GM9903,GM9904,GM9905", "--wave", "2026", "--save-benchmark", str(path)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output


@pytest.mark.slow
@needs_examples
def test_report_with_benchmark_shows_the_peers(tmp_path: Path) -> None:
    import json

    from quickscan.compare import benchmark_position, load_benchmark
    from quickscan.questionnaire import load_questionnaire

    bench_path = tmp_path / "benchmark.json"
    _make_benchmark(bench_path)
    pdf, html = tmp_path / "gm9901.pdf", tmp_path / "gm9901.html"
    result = runner.invoke(
        app,
        ["report", str(GM9901), "--benchmark", str(bench_path), "-o", str(pdf),
         "--html", str(html), "--report-date", "2026-03-31"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = html.read_text(encoding="utf-8")
    scored = score_files([GM9901], "qsld")
    position = benchmark_position(
        load_benchmark(bench_path, load_questionnaire("qsld")),
        scored.municipalities[0],
        scored.settings,
    )
    assert json.loads(bench_path.read_text())["municipalities"] == [
        "GM9902", "GM9903", "GM9904", "GM9905",
    ]  # fmt: skip
    assert "Vergelijking met 4 gemeenten" in text
    for pos in position.combined():
        if pos.area != "overall":  # the overall score is a row of the summary table
            assert pos.sentence["nl"] in text
    pages = PdfReader(io.BytesIO(pdf.read_bytes())).pages
    pdf_text = "".join(page.extract_text() for page in pages)
    assert "Vergelijking met 4 gemeenten" in pdf_text


@needs_examples
def test_benchmark_of_another_questionnaire_is_refused(tmp_path: Path) -> None:
    import json

    bench_path = tmp_path / "benchmark.json"
    _make_benchmark(bench_path)
    data = json.loads(bench_path.read_text(encoding="utf-8"))
    data["questionnaire"]["fingerprint"] = "0" * 16
    data["questionnaire"]["items"]["GR01"] = "changed"
    bench_path.write_text(json.dumps(data), encoding="utf-8")
    pdf = tmp_path / "gm9901.pdf"
    result = runner.invoke(app, ["report", str(GM9901), "--benchmark", str(bench_path),
                                 "-o", str(pdf)])  # fmt: skip
    assert result.exit_code == ExitCode.COMPARE == 7
    assert "scores differently" in result.stderr and "changed items: GR01" in result.stderr
    assert "make a new benchmark with this questionnaire" in result.stderr
    assert not pdf.exists()
    # The batch mode refuses it too, before any report is made.
    out = tmp_path / "reports"
    each = runner.invoke(app, ["report", str(FIVE), "--each", "--out-dir", str(out),
                               "--benchmark", str(bench_path)])  # fmt: skip
    assert each.exit_code == ExitCode.COMPARE
    assert "changed items: GR01" in each.stderr
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.slow
@needs_examples
def test_a_benchmark_of_another_wave_needs_benchmark_any_wave(tmp_path: Path) -> None:
    bench_path = tmp_path / "benchmark-2024.json"
    made = runner.invoke(
        app,
        ["compare", str(FIVE), "--peers", str(PEERS), "--peer-group",
         "GM9902,GM9903,GM9904,GM9905", "--wave", "2024", "--save-benchmark", str(bench_path)],
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    pdf, html = tmp_path / "gm9901.pdf", tmp_path / "gm9901.html"
    args = ["report", str(GM9901), "--benchmark", str(bench_path), "-o", str(pdf)]
    refused = runner.invoke(app, args)
    assert refused.exit_code == 7, refused.output
    assert "benchmark-other-wave" in refused.output or "wave 2024" in refused.output
    assert not pdf.exists()
    allowed = runner.invoke(
        app, [*args, "--benchmark-any-wave", "--html", str(html), "--report-date", "2026-03-31"]
    )
    assert allowed.exit_code == 0, allowed.output
    assert "meting 2024, gemaakt op" in html.read_text(encoding="utf-8")

    # --each: one refusal for the whole batch, before any report is rendered (exit 7, not
    # one failed report per municipality and exit 6).
    out = tmp_path / "reports"
    each = ["report", str(FIVE), "--each", "--out-dir", str(out), "--benchmark", str(bench_path)]
    refused = runner.invoke(app, each)
    assert refused.exit_code == ExitCode.COMPARE == 7, refused.output
    assert refused.stderr.count("made for wave 2024 on ") == 1
    assert "1 error(s)" in refused.stderr
    assert "5 of the 10 reports are of wave 2026" in refused.stderr
    assert "--benchmark-any-wave" in refused.stderr and "report-failed" not in refused.stderr
    assert not out.exists()
    # The reports of the benchmark's own wave need no flag; another wave does.
    one = ["--municipality", "GM9901", "--wave", "2026"]
    assert runner.invoke(app, [*each, *one]).exit_code == ExitCode.COMPARE
    allowed = runner.invoke(app, [*each, *one, "--benchmark-any-wave"])
    assert allowed.exit_code == 0, allowed.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["summary"]["done"] == 1 and manifest["summary"]["failed"] == 0
    assert manifest["settings"]["batch"]["benchmark_any_wave"] is True
