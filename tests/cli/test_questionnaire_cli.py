"""`quickscan questionnaire ...` and `quickscan template` through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import ExitCode
from quickscan.questionnaire import load_questionnaire
from quickscan.questionnaire.describe import describe

runner = CliRunner()
CASES = Path(__file__).resolve().parents[1] / "cases" / "questionnaires"


def test_help_lists_exit_codes() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "3 invalid questionnaire" in " ".join(result.output.split())


def test_list() -> None:
    result = runner.invoke(app, ["questionnaire", "list"])
    assert result.exit_code == 0
    assert result.stdout.startswith("qsld\t")


def test_show_json_equals_library() -> None:
    result = runner.invoke(
        app, ["questionnaire", "show", "qsld", "--format", "json", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == describe(load_questionnaire("qsld"), "en")


def test_show_text_has_fingerprint_and_areas() -> None:
    result = runner.invoke(app, ["questionnaire", "show"])
    assert result.exit_code == 0
    q = load_questionnaire("qsld")
    assert q.fingerprint in result.stdout
    assert "Weerbaar bestuur" in result.stdout


def test_validate_ok() -> None:
    result = runner.invoke(app, ["questionnaire", "validate", "qsld"])
    assert result.exit_code == 0
    assert "valid" in result.stderr


def test_validate_broken_reports_all_problems(tmp_path: Path) -> None:
    folder = tmp_path / "q"
    shutil.copytree(CASES / "_valid", folder)
    area = folder / "areas" / "2-inwoners.yaml"
    area.write_text(
        area.read_text(encoding="utf-8").replace("scale: agree5", "scale: agree7"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["questionnaire", "validate", str(folder)])
    assert result.exit_code == ExitCode.QUESTIONNAIRE
    assert result.stderr.count("unknown scale 'agree7'") == 2
    assert "2-inwoners.yaml:8:12 (items[0].scale)" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_builtin_is_a_clear_error() -> None:
    result = runner.invoke(app, ["questionnaire", "show", "qsdl"])
    assert result.exit_code == ExitCode.QUESTIONNAIRE
    assert "no built-in questionnaire or folder called 'qsdl'" in result.stderr
    assert "built-in: qsld" in result.stderr


def test_usage_error_exit_code() -> None:
    result = runner.invoke(app, ["questionnaire", "show", "--format", "yaml"])
    assert result.exit_code == ExitCode.USAGE


def test_template_header_on_stdout() -> None:
    result = runner.invoke(app, ["template"])
    assert result.exit_code == 0
    header = result.stdout.strip().split(",")
    q = load_questionnaire("qsld")
    assert header[:5] == [
        "respondent_id",
        "municipality_code",
        "municipality_name",
        "group",
        "wave",
    ]
    assert header[5 : 5 + len(q.items)] == [i.id for i in q.items]
    assert header[-len(q.open_questions) :] == [o.id for o in q.open_questions]


def test_codebook_exact_format(tmp_path: Path) -> None:
    out = tmp_path / "codebook.csv"
    result = runner.invoke(app, ["template", "--codebook", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    with out.open(encoding="utf-8") as handle:
        assert handle.readline().strip() == (
            "item,area,group_scope,scale_min,scale_max,dont_know,reverse,text_nl,text_en"
        )
    q = load_questionnaire("qsld")
    assert len(rows) == len(q.items) + len(q.open_questions)
    first = rows[0]
    assert first["item"] == q.items[0].id
    assert first["area"] == q.areas[0].id
    assert (first["scale_min"], first["scale_max"], first["dont_know"]) == ("1", "5", "9")
    restricted = next(r for r in rows if r["item"] == next(i.id for i in q.items if i.groups))
    assert ";" in restricted["group_scope"] or restricted["group_scope"] in {"raad", "college"}
    assert {r["reverse"] for r in rows} == {"true", "false"}
    open_row = rows[-1]
    assert open_row["item"] == q.open_questions[-1].id
    assert open_row["scale_min"] == open_row["scale_max"] == open_row["dont_know"] == ""


def test_xlsx_template_has_validation_and_codebook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = tmp_path / "answers.xlsx"
    result = runner.invoke(app, ["template", "-o", str(out)])
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames[:2] == ["answers", "lists"]
    assert "codebook" in workbook.sheetnames
    sheet = workbook["answers"]
    header = [c.value for c in sheet[1]]
    q = load_questionnaire("qsld")
    assert header[5] == q.items[0].id
    formulas = {dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert "lists!$A$1:$A$4" in formulas  # the four groups
    assert any(f.startswith("lists!$B$1") for f in formulas)  # the agree5 codes
    assert any(f.startswith("COUNTIF($A$2") for f in formulas)  # unique respondent ids
    assert any('LEFT(B2,2)="GM"' in f for f in formulas)  # CBS codes


def test_group_template_follows_the_group(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "--group", "Inwoners"])
    assert result.exit_code == 0, result.output
    header = result.stdout.strip().split(",")
    q = load_questionnaire("qsld")
    assert header[5:-3] == [i.id for i in q.items if i.applies_to("inwoner")]
    bad = runner.invoke(app, ["template", "--group", "toerist"])
    assert bad.exit_code == ExitCode.USAGE
    assert "unknown group 'toerist'" in bad.stderr


def test_template_refuses_unknown_suffix(tmp_path: Path) -> None:
    result = runner.invoke(app, ["template", "-o", str(tmp_path / "answers.txt")])
    assert result.exit_code == ExitCode.USAGE
    assert ".csv or .xlsx" in result.stderr
    assert not (tmp_path / "answers.txt").exists()
