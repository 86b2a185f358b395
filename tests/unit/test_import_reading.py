"""Reading exports: detection, header texts, wordings, SPSS codes, XLSX sheets and rows,
grouped cell problems and their totals, and the draft mapping."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import exports_factory as factory  # noqa: E402
from quickscan.answers import check_answers  # noqa: E402
from quickscan.cli import app  # noqa: E402
from quickscan.errors import ExitCode  # noqa: E402
from quickscan.importing import detect, load_mapping, plan_import  # noqa: E402
from quickscan.importing.api import raise_for_errors  # noqa: E402
from quickscan.importing.headers import text_candidates, text_key  # noqa: E402
from quickscan.importing.platforms import code_candidates, meta_key  # noqa: E402
from quickscan.importing.wordings import wording_codes  # noqa: E402

runner = CliRunner()
SETS = {"municipality_code": "GM9901", "municipality_name": "Wolderveen", "wave": "2026"}


@pytest.fixture(scope="module")
def q():
    return factory.questionnaire()


@pytest.fixture(scope="module")
def people(q):
    return factory.fixed_answers(q)


# --- detection and header texts ------------------------------------------------------------
@pytest.mark.parametrize(
    ("header", "second", "platform"),
    [
        (["id", "submitdate", "lastpage", "startlanguage", "G00Q01"], [], "limesurvey"),
        (["Response ID", "Date submitted", "Last page", "Q"], [], "limesurvey"),
        (
            ["StartDate", "Q1"],
            [["Start Date", "Q"], ['{"ImportId":"startDate"}', "{}"]],
            "qualtrics",
        ),
        (["ResponseId", "RecordedDate", "Finished", "Q1"], [], "qualtrics"),
        (["Respondent ID", "Collector ID", "Start Date", "End Date", "Q"], [], "surveymonkey"),
        (["Id", "Start time", "Completion time", "Email", "Name", "Q"], [], "forms"),
        (["ID", "Begintijd", "Tijd van voltooien", "E-mail", "Naam", "Q"], [], "forms"),
        (["Tijdstempel", "Wat is uw rol?"], [], "forms"),
        (["start", "end", "doelgroep", "_id", "_uuid", "_submission_time"], [], "kobo"),
    ],
)
def test_platforms_are_detected_from_their_headers(header, second, platform):
    found = detect(header, second)
    assert found is not None and found.name == platform


def test_a_quickscan_file_is_no_platform_export():
    assert detect(["respondent_id", "group", "municipality_code", "GR01"]) is None


def test_header_texts_and_codes():
    assert meta_key("Duration (in seconds)") == "duration_in_seconds"
    assert meta_key("__version__") == "__version"
    assert text_key("  De ‘raad’ bepaalt:  ZÉLF!  ") == "de raad bepaalt zelf"
    assert text_candidates("Gebied [De raad bepaalt zelf.]")[-1] == "De raad bepaalt zelf."
    assert text_candidates("Vraag? - De raad bepaalt zelf.")[-1] == "De raad bepaalt zelf."
    assert code_candidates("GR[GR01]")[0] == "GR01"
    assert "GR01" in code_candidates("gebied1/GR01")


def test_wordings_map_onto_a_five_point_scale(q):
    codes = wording_codes(q.scale("agree5"))
    expected = {
        "helemaal niet mee eens": 1,
        "niet mee eens": 2,
        "neither agree nor disagree": 3,
        "mee eens": 4,
        "strongly agree": 5,
        "weet ik niet": 9,
        "geen mening": 9,
    }
    assert {text: codes[text] for text in expected} == expected


# --- SPSS codes ------------------------------------------------------------------------------
def test_spss_user_missing_codes_are_dont_know_and_waves_lose_decimals(tmp_path, q):
    import pandas as pd
    import pyreadstat

    frame = pd.DataFrame(
        {
            "respnr": [1.0, 2.0, 3.0],
            "gemeente": ["Wolderveen"] * 3,
            "doelgroep": [1.0, 4.0, 4.0],
            "meting": [2026.0, 2026.0, 2026.0],
            "v1": [5.0, -1.0, float("nan")],
            "v2": [4.0, 99.0, 3.0],
        }
    )
    path = tmp_path / "bureau.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels={"v1": q.item("GR01").text.nl, "v2": q.item("GR02").text.en},
        variable_value_labels={
            "doelgroep": {1.0: "Raadslid", 4.0: "Inwoner"},
            "v1": {-1.0: "Weet ik niet", 5.0: "Helemaal mee eens"},
            "v2": {99.0: "Niet gevraagd", 4.0: "Mee eens"},
        },
        missing_ranges={"v1": [-1.0], "v2": [99.0]},
    )
    plan = plan_import([path], q, sets={"municipality_code": "GM9901"})
    raise_for_errors(plan)
    assert plan.table is not None
    table = plan.table.to_pydict()
    assert table["group"] == ["raad", "inwoner", "inwoner"]
    assert table["wave"] == ["2026"] * 3
    assert table["municipality_name"] == ["Wolderveen"] * 3
    assert table["GR01"] == ["5", "9", ""]
    assert table["GR02"] == ["4", "9", "3"]  # matched on its English label
    assert plan.user_missing == 2


# --- XLSX sheets, title rows, total rows ---------------------------------------------------
def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    first = True
    for name, rows in sheets.items():
        sheet = workbook.active if first else workbook.create_sheet(name)
        assert sheet is not None
        sheet.title = name
        first = False
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def _clean_rows(q, people) -> list[list[object]]:
    header = ["respondent_id", "municipality_code", "municipality_name", "group", "wave"]
    header += [i.id for i in q.all_items]
    rows: list[list[object]] = [header]
    for p in people:
        codes = [p.answers[i.id] for i in q.all_items]
        rows.append([p.id, factory.CODE, factory.NAME, p.group, factory.WAVE, *codes])
    return rows


def test_xlsx_notes_sheet_title_row_and_sheet_name(tmp_path, q, people):
    rows = _clean_rows(q, people)
    path = _workbook(
        tmp_path / "scan.xlsx",
        {
            "Toelichting": [["Deze map bevat de antwoorden."], ["Zie tabblad Data"]],
            "Data": [["Quick Scan Wolderveen 2026"], *rows],
        },
    )
    answers, problems = check_answers([path], q)
    assert answers is not None and len(answers.respondents) == len(people)
    assert [p.code for p in problems] == ["title-row"]
    assert "row 1 is a title above the header ('Quick Scan Wolderveen 2026')" in (
        problems[0].message
    )
    assert answers.respondents["row"].tolist()[0] == 3
    answers, problems = check_answers([path], q, sheet="DATA")
    assert answers is not None and len(answers.respondents) == len(people)


def test_xlsx_total_row_is_refused_by_name(tmp_path, q, people):
    rows = _clean_rows(q, people)
    total = ["Gemiddelde", "", "", "", "", *(3.4 for _ in q.all_items)]
    path = _workbook(tmp_path / "scan.xlsx", {"Data": [*rows, total]})
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == ExitCode.ANSWERS
    assert f"row {len(rows) + 1} is a total row ('Gemiddelde'), not a respondent" in (result.stdout)


def test_import_reads_the_sheet_with_the_most_known_columns(tmp_path, q, people):
    export = factory.write_ms_forms(tmp_path / "forms.xlsx", q, people)
    import openpyxl

    workbook = openpyxl.load_workbook(export)
    notes = workbook.create_sheet("Notities", 0)
    notes.append(["Geëxporteerd op 2 december"])
    workbook.save(export)
    plan = plan_import([export], q, sets=SETS)
    raise_for_errors(plan)
    assert "sheet 'Sheet1'" in plan.files[0].notes
    plan = plan_import([export], q, sets=SETS, sheet="sheet1")
    raise_for_errors(plan)


# --- grouped problems and totals in check ---------------------------------------------------
def test_check_groups_a_wording_used_in_many_columns_and_counts_every_cell(tmp_path, q, people):
    rows = _clean_rows(q, people)
    words = {4: "Mee eens"}
    for row in rows[1:]:
        row[5:] = [words.get(c, "" if c is None else c) for c in row[5:]]  # type: ignore[call-overload]
    path = _workbook(tmp_path / "scan.xlsx", {"Data": rows})
    cells = sum(code == 4 for p in people for code in p.answers.values())
    columns = len({i for p in people for i, c in p.answers.items() if c == 4})
    result = runner.invoke(app, ["check", str(path), "--format", "json"])
    assert result.exit_code == ExitCode.ANSWERS
    report = json.loads(result.stdout)
    assert report["errors"] == cells
    [problem] = report["problems"]
    assert problem["count"] == cells
    assert problem["message"].startswith(f"'Mee eens' in {columns} columns, {cells:,} cells")
    assert problem["hint"].startswith("did you mean 'Eens' (4)?")


def test_totals_count_the_problems_behind_and_n_more(tmp_path, q, people):
    rows = _clean_rows(q, people)
    for row in rows[1:]:
        row[5] = 7  # GR01 out of scale in every row (also where not asked: blank rows stay)
    path = _workbook(tmp_path / "scan.xlsx", {"Data": rows})
    _, problems = check_answers([path], q)
    errors = [p for p in problems if p.severity == "error"]
    assert len(errors) == 21  # 20 shown and one "... and 12 more" line
    assert sum(p.count for p in errors) == len(people)
    result = runner.invoke(app, ["check", str(path)])
    assert f"{len(people)} error(s)" in result.stderr


# --- the draft mapping ----------------------------------------------------------------------
def test_draft_mapping_says_why_and_loads_back(tmp_path, q, people):
    export = factory.write_qualtrics(tmp_path / "qualtrics.csv", q, people)
    plan = plan_import([export], q, sets=SETS)
    assert plan.errors  # numeric Qualtrics: Q1 holds numbers, don't know is 6
    draft = tmp_path / "draft.yaml"
    draft.write_text(plan.draft(), encoding="utf-8")
    text = draft.read_text(encoding="utf-8")
    assert "from: qualtrics                 # detected from the file" in text
    assert '"Q2_1"' in text and ": GR01" in text and "# question text" in text
    q1 = next(line for line in text.splitlines() if '"Q1"' in line)
    assert q1.lstrip().startswith('# "Q1"') and "not recognised; values: " in q1
    assert '    # "6": ?' in text  # the value no label list knows, under values: items
    mapping = load_mapping(draft, q)
    assert mapping.platform == "qualtrics"
    assert mapping.columns["Q2_1"] == "GR01"
    assert mapping.set == SETS
    assert "StartDate" in mapping.drop
