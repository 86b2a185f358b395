"""`quickscan score` and `quickscan check` through Typer's runner, on the example files."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.api import score_files
from quickscan.cli import app
from quickscan.errors import ExitCode

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SINGLE = EXAMPLES / "gm9901-single.csv"
EXCEL_NL = EXAMPLES / "gm9901-excel-nl.csv"
TIDY_HEADER = (
    "municipality_code,municipality_name,wave,area,group,n,score,sd,ci_low,ci_high,band,"
    "suppressed,alpha"
)


def _without_inputs(document: dict) -> dict:
    return {key: value for key, value in document.items() if key != "inputs"}


def test_json_equals_the_library_result() -> None:
    result = runner.invoke(app, ["score", str(SINGLE), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == score_files([SINGLE]).model_dump(mode="json")


def test_dutch_excel_export_scores_identically_to_the_clean_file() -> None:
    clean = runner.invoke(app, ["score", str(SINGLE), "--format", "json"])
    dutch = runner.invoke(app, ["score", str(EXCEL_NL), "--format", "json"])
    assert clean.exit_code == dutch.exit_code == 0, dutch.output
    dutch_result = _without_inputs(json.loads(dutch.stdout))
    # The one difference: the result says the file was read as Windows-1252.
    assert [w["code"] for w in dutch_result.pop("warnings")] == ["encoding-cp1252"]
    clean_result = _without_inputs(json.loads(clean.stdout))
    assert clean_result.pop("warnings") == []
    assert dutch_result == clean_result


def test_terminal_table_marks_the_suppressed_group() -> None:
    result = runner.invoke(app, ["score", str(SINGLE)])
    assert result.exit_code == 0, result.output
    # Dutch by default, throughout: words, rule texts and decimal commas.
    words = " ".join(result.stdout.split())  # the title wraps at word boundaries
    assert "GM9901 Wolderveen meting 2026" in words
    assert "Collegeleden 4 (onderdrukt)" in words
    assert "Opmerkelijke resultaten" in result.stdout
    assert "Notable results" not in result.stdout and "combined" not in result.stdout
    assert "difference between" not in words
    assert not re.search(r"\b\d\.\d\b", result.stdout.split("Opmerkelijke")[0].split("\n", 1)[1])
    english = runner.invoke(app, ["score", str(SINGLE), "--lang", "en"])
    english_words = " ".join(english.stdout.split())
    assert "GM9901 Wolderveen wave 2026" in english_words
    assert "4 (suppressed)" in english_words
    assert "Notable results" in english.stdout


def test_tidy_csv_to_stdout_and_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["score", str(SINGLE), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].startswith(TIDY_HEADER)
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    college = [r for r in rows if r["group"] == "college"]
    assert college and all(r["suppressed"] == "true" and r["score"] == "" for r in college)
    alls = [r for r in rows if r["group"] == "all" and r["area"] != "overall"]
    assert len(alls) == 7 and all(r["alpha"] for r in alls)

    out = tmp_path / "scores.csv"
    written = runner.invoke(app, ["score", str(SINGLE), "-o", str(out)])
    assert written.exit_code == 0, written.output
    assert out.read_text(encoding="utf-8") == result.stdout


def test_area_csv_skips_only_what_it_does_not_show() -> None:
    """The area CSV is scored without item statistics; its rows equal the full result's."""
    from quickscan.export import csv_text

    five = EXAMPLES / "five-municipalities.csv"
    full = score_files([five])
    lean = score_files([five], items=False)
    result = runner.invoke(app, ["score", str(five), "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout == csv_text(full) == csv_text(lean)
    assert all(m.items and m.notable for m in full.municipalities)
    assert all(not m.items and not m.maatwerk and not m.notable for m in lean.municipalities)
    for m_full, m_lean in zip(full.municipalities, lean.municipalities, strict=True):
        for part in ("areas", "overall", "response", "warnings"):
            assert getattr(m_lean, part) == getattr(m_full, part)


def test_xlsx_needs_an_output_file(tmp_path: Path) -> None:
    refused = runner.invoke(app, ["score", str(SINGLE), "--format", "xlsx"])
    assert refused.exit_code == ExitCode.USAGE
    out = tmp_path / "scores.xlsx"
    result = runner.invoke(app, ["score", str(SINGLE), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:2] == b"PK"


def test_weighting_changes_only_the_combined_scores() -> None:
    equal = score_files([SINGLE])
    pooled = score_files([SINGLE], weighting="pooled")
    e, p = equal.municipalities[0].areas[0], pooled.municipalities[0].areas[0]
    assert [g.score for g in e.groups] == [g.score for g in p.groups]
    assert e.combined.score != p.combined.score
    result = runner.invoke(app, ["score", str(SINGLE), "--weighting", "pooled", "--json"])
    assert json.loads(result.stdout)["settings"]["weighting"] == "pooled"


def test_output_over_an_input_is_refused(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    shutil.copyfile(SINGLE, answers)
    before = answers.read_bytes()
    result = runner.invoke(app, ["score", str(answers), "-o", str(answers)])
    assert result.exit_code == ExitCode.OUTPUT
    assert "would overwrite an input" in result.stderr
    assert answers.read_bytes() == before


@pytest.fixture
def bad_answers(tmp_path: Path) -> Path:
    path = tmp_path / "bad.csv"
    path.write_text(
        "respondent_id,municipality_code,municipality_name,group,GR03\n"
        "1,GM9901,Wolderveen,toerist,4\n"
        "2,GM99,Wolderveen,inwoner,7\n"
        "2,GM9901,Wolderveen,inwoner,3\n",
        encoding="utf-8",
    )
    return path


def test_score_stops_on_invalid_answers(bad_answers: Path, tmp_path: Path) -> None:
    out = tmp_path / "scores.csv"
    result = runner.invoke(app, ["score", str(bad_answers), "-o", str(out)])
    assert result.exit_code == ExitCode.ANSWERS
    assert "bad.csv row 2, column group: " in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_check_lists_every_problem(bad_answers: Path) -> None:
    result = runner.invoke(app, ["check", str(bad_answers)])
    assert result.exit_code == ExitCode.ANSWERS
    text = result.stdout
    assert "row 2, column group" in text and "toerist" in text
    assert "row 3, column municipality_code" in text and "GM99" in text
    assert "row 3, column GR03" in text and "'7'" in text

    as_json = runner.invoke(app, ["check", str(bad_answers), "--format", "json"])
    document = json.loads(as_json.stdout)
    assert document["valid"] is False
    codes = {p["code"] for p in document["problems"]}
    assert {"unknown-group", "invalid-municipality-code", "out-of-scale"} <= codes


def test_check_accepts_the_examples() -> None:
    result = runner.invoke(app, ["check", str(SINGLE), str(EXAMPLES / "gm9902.xlsx")])
    assert result.exit_code == 0, result.output
    assert "valid" in result.stderr


def test_invited_gives_the_finite_population_correction(tmp_path: Path) -> None:
    plain = json.loads(runner.invoke(app, ["score", str(SINGLE), "--json"]).stdout)
    result = runner.invoke(
        app, ["score", str(SINGLE), "--json", "--invited", str(EXAMPLES / "invited.csv")]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)

    def raad(d: dict) -> dict:
        return next(g for g in d["municipalities"][0]["areas"][0]["groups"] if g["group"] == "raad")

    corrected, uncorrected = raad(data), raad(plain)
    # 25 of 31 raadsleden answered: the half-width shrinks by sqrt(1 - n / 31).
    assert corrected["population"] == 31 and uncorrected["population"] is None
    ratio = (corrected["ci_high"] - corrected["score"]) / (
        uncorrected["ci_high"] - uncorrected["score"]
    )
    assert ratio == pytest.approx((1 - corrected["n"] / 31) ** 0.5, abs=1e-8)
    bad = tmp_path / "invited.csv"
    bad.write_text("municipality_code,group,invited\nGM9901,raad,veel\n", encoding="utf-8")
    refused = runner.invoke(app, ["score", str(SINGLE), "--invited", str(bad)])
    assert refused.exit_code == 2
    assert "invited-bad-number" in refused.output or "whole number" in refused.output
