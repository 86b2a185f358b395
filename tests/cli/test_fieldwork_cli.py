"""`quickscan status` and `quickscan questionnaire print` through Typer's runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from quickscan.cli import app
from quickscan.errors import ExitCode
from quickscan.fieldwork.monitor import status_files
from quickscan.questionnaire import load_questionnaire

runner = CliRunner()
MINI = Path(__file__).resolve().parents[1] / "cases" / "questionnaires" / "_valid"

# A partial export of a scan that is still open, with the usual mess: an alias, a label
# instead of an id, a bad code, an unknown group, a repeated respondent, a missing date.
# Mini questionnaire: raad gets GR01 GR02 GR03 BI01 BI02 (5 items), inwoner all but GR03 (4).
ANSWERS = """\
respondent_id,submitted_at,municipality_code,municipality_name,group,wave,GR01,GR02,GR03,BI01,BI02,OPEN01
r1,2026-03-02T09:00:00+01:00,GM9901,Voorbeeldstad,raad,2026,4,4,4,4,4,Goed zo
r2,2026-03-02T17:00:00+01:00,GM9901,Voorbeeldstad,raad,2026,9,4,4,4,9,
r3,2026-03-04,GM9901,Voorbeeldstad,raad,2026,4,4,,,,
r4,04-03-2026 10:00,GM9901,Voorbeeldstad,raad,2026,4,4,,,,
r5,,GM9901,Voorbeeldstad,raadslid,2026,4,,,,,
r6,2026-03-05,GM9901,Voorbeeldstad,raad,2026,4,4,7,,,
i1,2026-03-05,GM9901,Voorbeeldstad,inwoner,2026,3,3,,3,3,
i2,2026-03-05,GM9901,Voorbeeldstad,bewoner,2026,3,3,,3,3,
i3,2026-03-05,GM9901,Voorbeeldstad,inwoner,2026,9,9,,9,9,
t1,2026-03-05,GM9901,Voorbeeldstad,toerist,2026,1,1,,1,1,
r1,2026-03-06,GM9901,Voorbeeldstad,raad,2026,1,1,1,1,1,
"""
INVITED = """\
municipality_code;group;invited
GM9901;raadsleden;12
gm9901;Inwoners;300
GM9901;wethouder;2
"""


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS, encoding="utf-8")
    invited = tmp_path / "invited.csv"
    invited.write_text(INVITED, encoding="utf-8")
    return answers, invited


def status_json(*args: str) -> dict:
    result = runner.invoke(app, ["status", *args, "-q", str(MINI), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_status_partial_file_hand_computed(files: tuple[Path, Path]) -> None:
    answers, _ = files
    report = status_json(str(answers))
    (municipality,) = report["municipalities"]
    assert (municipality["municipality_code"], municipality["wave"]) == ("GM9901", "2026")
    assert municipality["respondents"] == 9  # toerist and the second r1 are left out
    raad, inwoner = municipality["groups"]
    # raad completions 5/5, 5/5 (two don't-knows), 2/5, 2/5, 1/5, 2/5 (the '7' is unanswered):
    # sorted 0.2 0.4 0.4 0.4 1 1 -> median 0.4; 10th percentile at position 0.5 -> 0.3
    assert raad["respondents"] == 6 and raad["items"] == 5
    assert raad["completion_median"] == pytest.approx(0.4)
    assert raad["completion_p10"] == pytest.approx(0.3)
    assert raad["below_half"] == 4
    assert raad["dont_know_share"] == pytest.approx(2 / 17)
    assert raad["stopping_halfway"] is True and raad["suppressed"] is False
    # inwoner: three complete forms (one all don't-know), two short of min_group_size 5
    assert (inwoner["respondents"], inwoner["items"]) == (3, 4)
    assert inwoner["completion_median"] == 1.0 and inwoner["completion_p10"] == 1.0
    assert inwoner["dont_know_share"] == pytest.approx(4 / 12)
    assert (inwoner["suppressed"], inwoner["needed"]) == (True, 2)
    assert [(w["code"], w["group"]) for w in municipality["warnings"]] == [
        ("stopping-halfway", "raad"),
        ("small-group", "inwoner"),
        ("undated", None),
    ]
    assert report["problems"] == {
        "errors": 3,
        "warnings": 0,
        "codes": {"duplicate-respondent": 1, "out-of-scale": 1, "unknown-group": 1},
    }


def test_status_per_day_counts(files: tuple[Path, Path]) -> None:
    answers, _ = files
    municipality = status_json(str(answers))["municipalities"][0]
    assert municipality["per_day"] == [
        {"date": "2026-03-02", "count": 2},
        {"date": "2026-03-03", "count": 0},
        {"date": "2026-03-04", "count": 2},  # ISO and day-first Dutch dates
        {"date": "2026-03-05", "count": 4},
    ]
    assert municipality["undated"] == 1
    table = runner.invoke(app, ["status", str(answers), "-q", str(MINI)])
    lines = [line.strip() for line in table.stdout.splitlines()]
    assert "2026-03-05 " + "█" * 40 + " 4" in lines
    assert "2026-03-02 " + "█" * 20 + " 2" in lines
    assert "2026-03-03  0" in lines


def test_status_invited_response_rates(files: tuple[Path, Path]) -> None:
    answers, invited = files
    report = status_json(str(answers), "--invited", str(invited))
    municipality = report["municipalities"][0]
    raad, inwoner = municipality["groups"]
    assert (raad["invited"], raad["response_rate"]) == (12, 0.5)
    assert (inwoner["invited"], inwoner["response_rate"]) == (300, 0.01)
    assert municipality["invited"] == 312
    assert municipality["response_rate"] == pytest.approx(9 / 312)
    assert report["problems"]["codes"]["invited-unknown-group"] == 1


def test_status_response_rate_intervals(files: tuple[Path, Path]) -> None:
    """Every response rate carries its Wilson 95% interval (n = invited), in JSON and table."""
    answers, invited = files
    municipality = status_json(str(answers), "--invited", str(invited))["municipalities"][0]
    raad, inwoner = municipality["groups"]
    # raad 6 of 12: z^2/n = 0.320122, centre 0.5 (p = 1/2 is symmetric); half =
    # 1.959964 sqrt(0.25/12 + 3.841459/576) / 1.320122 = 0.246218 -> 0.253782 to 0.746218
    assert raad["response_rate_ci_low"] == pytest.approx(0.253782, abs=1e-6)
    assert raad["response_rate_ci_high"] == pytest.approx(0.746218, abs=1e-6)
    # inwoner 3 of 300: centre (0.01 + 0.0064024) / 1.0128049 = 0.016195, half 0.012788
    assert inwoner["response_rate_ci_low"] == pytest.approx(0.003407, abs=1e-6)
    assert inwoner["response_rate_ci_high"] == pytest.approx(0.028983, abs=1e-6)
    # all 9 of 312: centre 0.034577, half 0.019328
    assert municipality["response_rate_ci_low"] == pytest.approx(0.015249, abs=1e-6)
    assert municipality["response_rate_ci_high"] == pytest.approx(0.053904, abs=1e-6)
    for lang, raad_label, inwoner_label in (
        ("nl", "Raadsleden", "Inwoners"),
        ("en", "Council members", "Residents"),
    ):
        result = runner.invoke(
            app,
            ["status", str(answers), "-q", str(MINI), "--invited", str(invited), "--lang", lang],
        )
        rows = [" ".join(line.split()) for line in result.stdout.splitlines()]
        # respondents/invited, then the rate with its interval in whole percentages
        assert any(r.startswith(f"{raad_label} 6/12 50% (25–75%) 40%") for r in rows)
        assert any(r.startswith(f"{inwoner_label} 3/300 1% (0–3%) 100%") for r in rows)


def test_status_table_and_problem_excerpt(files: tuple[Path, Path]) -> None:
    answers, invited = files
    result = runner.invoke(
        app, ["status", str(answers), "-q", str(MINI), "--invited", str(invited)]
    )
    assert result.exit_code == ExitCode.OK  # data problems do not stop the overview
    out = result.stdout
    # Wilson 95% with n = invited: 9 of 312 -> 1.52% to 5.39% (centre 0.034577, half 0.019328)
    assert "GM9901 Voorbeeldstad wave 2026  9 respondents of 312 invited: rate 3% (2–5%)" in out
    assert "stops halfway" in out and "2 more needed" in out
    assert "group inwoner: 3 respondents, 2 more needed" in out
    err = " ".join(result.stderr.split())
    assert "unknown group 'toerist'" in err
    assert "invited.csv row 4, column group: unknown group 'wethouder'" in err
    assert "4 error(s), 0 warning(s) in the input data" in err
    assert "Traceback" not in result.output


def test_status_json_equals_library(files: tuple[Path, Path]) -> None:
    answers, invited = files
    report, _ = status_files([answers], load_questionnaire(MINI), invited=invited)
    assert report is not None
    assert status_json(str(answers), "--invited", str(invited)) == report.model_dump(mode="json")


def test_status_min_group_size_and_example_files() -> None:
    examples = Path(__file__).resolve().parents[2] / "examples"
    fieldwork = examples / "gm9901-fieldwork.csv"
    if not fieldwork.exists():
        pytest.skip("examples/gm9901-fieldwork.csv is not there")
    args = ["status", str(fieldwork), "--format", "json", "--min-group-size", "2"]
    if (examples / "invited.csv").exists():
        args += ["--invited", str(examples / "invited.csv")]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["rules"]["min_group_size"] == 2
    assert report["respondents"] > 0 and report["municipalities"][0]["per_day"]


def test_status_nothing_readable_is_exit_4(tmp_path: Path) -> None:
    missing = runner.invoke(app, ["status", str(tmp_path / "nope.csv")])
    assert missing.exit_code == ExitCode.ANSWERS
    assert "no respondent could be read" in missing.stderr
    headerless = tmp_path / "bad.csv"
    headerless.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["status", str(headerless), "--format", "json"])
    assert result.exit_code == ExitCode.ANSWERS
    assert result.stdout == ""
    assert "required column 'respondent_id' is missing" in result.stderr


def test_status_missing_invited_file_is_a_usage_error(files: tuple[Path, Path]) -> None:
    answers, invited = files
    result = runner.invoke(app, ["status", str(answers), "--invited", str(invited) + ".x"])
    assert result.exit_code == ExitCode.USAGE


# --- questionnaire print ----------------------------------------------------------------------


def test_print_html(tmp_path: Path) -> None:
    out = tmp_path / "vragenlijst.html"
    result = runner.invoke(
        app,
        [
            "questionnaire", "print", "--group", "bewoner", "--html", str(out),
            "--return-address", "Gemeente Voorbeeldstad\\nAntwoordnummer 1",
            "--deadline", "2026-03-31", "--large-print",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert 'class="large-print"' in html
    assert "Gemeente Voorbeeldstad<br>Antwoordnummer 1" in html
    assert "31 maart 2026" in html
    assert 'data-item="GR03"' in html and 'data-item="GR01"' not in html  # GR01: not inwoner


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--group", "raad"], ExitCode.USAGE, "give -o vragenlijst.pdf"),
        (["--group", "raad", "-o", "form.docx"], ExitCode.USAGE, "-o writes a PDF"),
        (["--group", "toerist", "--html", "f.html"], ExitCode.USAGE, "no group 'toerist'"),
        (["--group", "raad", "--html", "f.html", "--deadline", "31-3"], ExitCode.USAGE,
         "not a date"),
        (["--group", "raad", "--html", "f.html", "-q", "qsdl"], ExitCode.QUESTIONNAIRE,
         "no built-in questionnaire"),
    ],
)  # fmt: skip
def test_print_errors(
    args: list[str], code: ExitCode, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["questionnaire", "print", *args])
    assert result.exit_code == code, result.output
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_print_refuses_to_overwrite_the_maatwerk_file(tmp_path: Path) -> None:
    extra = tmp_path / "maatwerk.yaml"
    extra.write_text(
        "items:\n  - id: MW01\n    text: {nl: Een eigen vraag.}\n    scale: agree5\n",
        encoding="utf-8",
    )
    result = runner.invoke(
        app,
        ["questionnaire", "print", "-g", "raad", "--extra", str(extra), "--html", str(extra)],
    )
    assert result.exit_code == ExitCode.OUTPUT
    assert "Een eigen vraag" in extra.read_text(encoding="utf-8")


@pytest.mark.slow
def test_print_pdf(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "vragenlijst.pdf"
    result = runner.invoke(app, ["questionnaire", "print", "--group", "raad", "-o", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) >= 4
    assert "Vragenlijst voor raadsleden" in reader.pages[0].extract_text()
    assert "50 items for Raadsleden" in result.stderr


@pytest.mark.slow
def test_print_pdf_variants(tmp_path: Path) -> None:
    """PDF/UA-1 unless asked otherwise; `plain` is untagged; a wrong name is a usage error."""
    tagged, plain = tmp_path / "ua.pdf", tmp_path / "plain.pdf"
    base = ["questionnaire", "print", "-q", str(MINI), "--group", "raad"]
    assert runner.invoke(app, [*base, "-o", str(tagged)]).exit_code == 0
    result = runner.invoke(app, [*base, "--pdf-variant", "plain", "-o", str(plain)])
    assert result.exit_code == 0, result.output
    import pikepdf

    with pikepdf.open(tagged) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert b'pdfuaid:part="1"' in pdf.Root.Metadata.read_bytes()
    with pikepdf.open(plain) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
    wrong = runner.invoke(app, [*base, "--pdf-variant", "pdf/x-4", "-o", str(plain)])
    assert wrong.exit_code == ExitCode.USAGE
