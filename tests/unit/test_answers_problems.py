"""Problems found in answer files: every code, severities, strict mode, caps, check vs read."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from answers_factory import (
    HEADER,
    csv_text,
    fixture_questionnaire,
    respondent,
    write_csv,
    write_xlsx,
)

from quickscan.answers import (
    MAX_PER_KEY,
    MISSING,
    PROBLEM_KINDS,
    check_answers,
    read_answers,
    sources,
)
from quickscan.answers.problems import ProblemLog, make_problem
from quickscan.errors import EXCERPT_LENGTH, AnswersError, ExitCode

DOCS = Path(__file__).resolve().parents[2] / "docs" / "answers.md"


@pytest.fixture(scope="module")
def q():
    return fixture_questionnaire()


def codes(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in problems]


# --- files that cannot be read ----------------------------------------------------------------
def test_file_not_found(tmp_path, q):
    answers, problems = check_answers([tmp_path / "nope.csv"], q)
    assert answers is None
    assert codes(problems) == ["file-not-found"]
    assert problems[0].location.file == str(tmp_path / "nope.csv")
    assert problems[0].severity == "error"


def test_a_folder_is_not_a_file(tmp_path, q):
    answers, problems = check_answers([tmp_path], q)
    assert answers is None and codes(problems) == ["file-unreadable"]


@pytest.mark.parametrize(
    "content",
    [
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100,  # an old .xls workbook
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"PK\x03\x04 this zip is broken",
    ],
    ids=["xls", "png", "broken-zip"],
)
def test_unsupported_format(tmp_path, q, content):
    path = tmp_path / "answers.xlsx"
    path.write_bytes(content)
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["unsupported-format"]
    assert "xlsx" in (problems[0].hint or "").lower()


def test_invalid_encoding(tmp_path, q):
    path = tmp_path / "a.csv"
    # 0x81 is not UTF-8 and has no character in Windows-1252 either.
    path.write_bytes(csv_text([respondent(municipality_name="A\x81B")]).encode("latin-1"))
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["invalid-encoding"]


def test_csv_parse_error(tmp_path, q, monkeypatch):
    monkeypatch.setattr(sources, "BLOCK_SIZE", 256)
    text = csv_text([respondent("r1"), respondent("r2")]) + 'r3,GM0363,"never closed,raad\n'
    text += csv_text([respondent(f"r{i}") for i in range(4, 40)]).split("\n", 1)[1]
    path = tmp_path / "a.csv"
    path.write_text(text)
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["csv-parse-error"]
    assert "never closed" in problems[0].message


@pytest.mark.parametrize(
    "content", [b"", b"   \n\n", b"\xef\xbb\xbf"], ids=["zero", "blank", "bom"]
)
def test_empty_file(tmp_path, q, content):
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["empty-file"]


def test_header_only_gives_an_empty_answer_set(tmp_path, q):
    answers, problems = check_answers([write_csv(tmp_path / "a.csv", [])], q)
    assert codes(problems) == ["empty-file"]
    assert answers is not None and len(answers) == 0
    assert answers.codes.shape == (0, 5)
    assert answers.inputs[0].rows == 0


def test_empty_sheet(tmp_path, q):
    import openpyxl

    path = tmp_path / "a.xlsx"
    openpyxl.Workbook().save(path)
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["empty-file"]


def test_sheet_not_found(tmp_path, q):
    path = write_xlsx(tmp_path / "a.xlsx", [list(respondent().values())], other_sheets=["Info"])
    answers, problems = check_answers([path], q, sheet="Blad1")
    assert answers is None and codes(problems) == ["sheet-not-found"]
    assert problems[0].hint == "sheets: 'Antwoorden', 'Info'"


def test_duplicate_file(tmp_path, q):
    a = write_csv(tmp_path / "a.csv", [respondent()])
    b = tmp_path / "copy.csv"
    b.write_bytes(a.read_bytes())
    answers, problems = check_answers([a, b], q)
    assert codes(problems) == ["duplicate-file"]
    assert problems[0].location.file == str(b)
    assert answers is not None and len(answers) == 1 and len(answers.inputs) == 1


def test_one_bad_file_does_not_hide_the_others(tmp_path, q):
    good = write_csv(tmp_path / "good.csv", [respondent("1"), respondent("2", GR02="x")])
    answers, problems = check_answers([tmp_path / "missing.csv", good], q)
    assert codes(problems) == ["file-not-found", "non-numeric"]
    assert answers is not None and len(answers) == 2


# --- the header -------------------------------------------------------------------------------
def test_missing_columns_all_reported(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", [["4", "3"]], ["GR01", "GR02"])
    answers, problems = check_answers([path], q)
    assert codes(problems) == ["missing-column"] * 3 + ["missing-item-column"]
    assert "municipality_code' or 'municipality_name" in problems[2].message
    assert answers is not None and len(answers) == 0


def test_missing_columns_still_check_the_cells(tmp_path, q):
    path = write_csv(
        tmp_path / "a.csv", [["r1", "GM0363", "7"]], ["respondent_id", "municipality_code", "GR01"]
    )
    _, problems = check_answers([path], q)
    assert codes(problems) == ["missing-column", "missing-item-column", "out-of-scale"]


@pytest.mark.parametrize("strict", [False, True])
def test_strict_turns_column_warnings_into_errors(tmp_path, q, strict):
    header = ["respondent_id", "municipality_code", "group", "GR01", "Browser"]
    path = write_csv(tmp_path / "a.csv", [["r1", "GM0363", "raad", "4", "Firefox"]], header)
    answers, problems = check_answers([path], q, strict=strict)
    assert codes(problems) == ["unknown-column", "missing-item-column"]
    severity = "error" if strict else "warning"
    assert {p.severity for p in problems} == {severity}
    if strict:
        with pytest.raises(AnswersError):
            read_answers([path], q, strict=True)
    else:
        answers = read_answers([path], q)
        assert codes(answers.problems) == codes(problems)


def test_unknown_column_suggests_a_close_match(tmp_path, q):
    header = [*HEADER, "GR3", "gemeente code", "groep_"]
    path = write_csv(tmp_path / "a.csv", [respondent()], header)
    _, problems = check_answers([path], q)
    hints = {p.location.field: p.hint for p in problems}
    assert hints["GR3"] == "did you mean 'GR03'?"
    # 'gemeente code' is read as 'gemeente_code': close to 'gemeentecode'.
    assert hints["gemeente code"] == "did you mean 'gemeentecode'?"
    assert hints["groep_"] == "did you mean 'groep'?"


def test_many_unknown_columns_are_capped(tmp_path, q):
    header = [*HEADER, *(f"meta{i}" for i in range(30))]
    path = write_csv(tmp_path / "a.csv", [respondent()], header)
    _, problems = check_answers([path], q)
    assert codes(problems) == ["unknown-column"] * (MAX_PER_KEY + 1)
    assert "10 more" in problems[-1].message


# --- rows and cells ---------------------------------------------------------------------------
def test_bad_cells_become_missing_and_rows_keep_their_answers(tmp_path, q):
    rows = [
        respondent("1", GR01="6", GR02="Eens"),
        respondent("2", group="journalist"),
        respondent("3", group="inwoner", GR01="4", IN02="x"),
        respondent("4"),
    ]
    answers, problems = check_answers([write_csv(tmp_path / "a.csv", rows)], q)
    assert answers is not None
    assert answers.respondents["respondent_id"].tolist() == ["1", "3", "4"]
    assert answers.codes.tolist() == [
        [MISSING, 4, 5, 2, MISSING],
        [MISSING, 3, 5, 2, MISSING],
        [4, 3, 5, 2, MISSING],
    ]
    assert sorted(codes(problems)) == [
        "item-not-applicable",
        "non-numeric",
        "out-of-scale",
        "unknown-group",
    ]
    with pytest.raises(AnswersError) as raised:
        read_answers([tmp_path / "a.csv"], q)
    error = raised.value
    assert error.exit_code is ExitCode.ANSWERS
    assert sorted(codes(error.problems)) == sorted(codes(problems))
    assert error.message == "the answer data has 3 errors and 1 warning"


def test_warnings_only_do_not_raise(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", [respondent(group="inwoner")])
    answers = read_answers([path], q)
    assert codes(answers.problems) == ["item-not-applicable"]
    assert answers.codes[0, 0] == MISSING


def test_ragged_rows_in_a_file_of_many_blocks(tmp_path, q, monkeypatch):
    """Threaded parsing does not number rows: ragged rows are numbered by a second pass."""
    monkeypatch.setattr(sources, "BLOCK_SIZE", 1 << 10)
    lines = csv_text([respondent(f"r{i}") for i in range(300)]).splitlines()
    lines[100] = "r99b,GM0363,Amsterdam,raad,2024,4"  # row 101 in a spreadsheet
    lines[250] = lines[250] + ",extra"  # row 251
    path = tmp_path / "a.csv"
    path.write_text("\n".join(lines) + "\n")
    answers, problems = check_answers([path], q)
    assert [(p.code, p.location.row) for p in problems] == [
        ("ragged-row", 101),
        ("ragged-row", 251),
    ]
    assert answers is not None and len(answers) == 298
    rows = answers.respondents["row"].tolist()
    assert 101 not in rows and 251 not in rows and rows[-1] == 301
    assert answers.respondents["respondent_id"].tolist()[99] == "r100"


def test_duplicate_respondent_across_files(tmp_path, q):
    a = write_csv(tmp_path / "a.csv", [respondent("1"), respondent("2")])
    b = write_csv(tmp_path / "b.csv", [respondent("3"), respondent("2", GR01="1")])
    answers, problems = check_answers([a, b], q)
    assert codes(problems) == ["duplicate-respondent"]
    problem = problems[0]
    assert (problem.location.file, problem.location.row) == (str(b), 3)
    assert f"is also in {a} row 3" in problem.message
    assert answers is not None
    assert answers.respondents["respondent_id"].tolist() == ["1", "2", "3"]
    assert answers.codes[1, 0] == 4  # the first row is kept


def test_mixed_names_across_files(tmp_path, q):
    a = write_csv(tmp_path / "a.csv", [respondent("1")])
    b = write_csv(tmp_path / "b.csv", [respondent("2", municipality_name="Amstelveen")])
    _, problems = check_answers([a, b], q)
    assert codes(problems) == ["mixed-municipality-names"]
    assert f"'Amsterdam' in {a} row 2" in problems[0].message


def test_many_bad_cells_are_capped_but_counted(tmp_path, q):
    rows = [respondent(f"r{i}", GR02="7", GR03="x") for i in range(MAX_PER_KEY + 15)]
    answers, problems = check_answers([write_csv(tmp_path / "a.csv", rows)], q)
    by_code = {code: [p for p in problems if p.code == code] for code in set(codes(problems))}
    for code in ("out-of-scale", "non-numeric"):
        kept = by_code[code]
        assert len(kept) == MAX_PER_KEY + 1
        summary = kept[-1]
        assert summary.message == (
            f"... and 15 more '{code}' problems in column "
            f"{'GR02' if code == 'out-of-scale' else 'GR03'} ({MAX_PER_KEY + 15} in total)"
        )
        assert summary.severity == "error" and summary.location.row is None
        assert summary.hint  # still says what is allowed
    assert answers is not None and (answers.codes[:, 1] == MISSING).all()


def test_values_are_short_excerpts(tmp_path, q):
    long = "Dit is een heel lang antwoord dat niet in de schaal past " * 5
    path = write_csv(tmp_path / "a.csv", [respondent(GR02=long, group=long)])
    _, problems = check_answers([path], q)
    assert problems
    for problem in problems:
        assert problem.value is not None and len(problem.value) <= EXCERPT_LENGTH
        assert len(problem.message) < 200


def test_a_million_row_file_is_not_needed_to_test_the_cap():
    log = ProblemLog(cap=2)
    for row in range(5):
        log.add(make_problem("out-of-scale", "bad", file="a.csv", row=row, field="GR01"))
    log.add(make_problem("out-of-scale", "bad", file="a.csv", row=9, field="GR02"))
    problems = log.problems()
    assert [(p.location.field, p.location.row) for p in problems] == [
        ("GR01", 0),
        ("GR01", 1),
        ("GR01", None),
        ("GR02", 9),
    ]
    assert log.count("out-of-scale") == 6
    assert log.has_errors


def test_problem_codes_are_stable_kebab_case_and_documented():
    text = DOCS.read_text(encoding="utf-8")
    for code, kind in PROBLEM_KINDS.items():
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)*", code)
        assert f"`{code}`" in text, f"{code} is not documented in docs/answers.md"
        assert kind.severity in ("error", "warning")


def test_every_problem_has_a_location_and_a_hint(tmp_path, q):
    rows = [
        respondent("1", GR01="6", GR02="Eens?"),
        respondent("1", municipality_code="GM12"),
        respondent("", group=""),
        respondent("3", group="inwoner", OPEN02="x"),
        respondent("4", municipality_name="Amstelveen"),
    ]
    header = [*HEADER, "wat"]
    text = csv_text(rows, header) + "r9,GM0363\n"
    path = tmp_path / "a.csv"
    path.write_text(text)
    _, problems = check_answers([path], q)
    assert len(set(codes(problems))) >= 8
    for problem in problems:
        assert problem.location.file == str(path)
        assert problem.hint, problem
        if problem.code not in ("missing-item-column", "empty-file"):
            assert problem.location.row is not None, problem


def test_xlsx_problems_use_excel_rows(tmp_path, q):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        [list(respondent("1").values()), list(respondent("2", GR03=7).values())],
    )
    _, problems = check_answers([path], q)
    assert [(p.code, p.location.row, p.location.field) for p in problems] == [
        ("out-of-scale", 3, "GR03")
    ]


def test_codes_dtype_fits_the_scale(tmp_path, q):
    answers = read_answers([write_csv(tmp_path / "a.csv", [respondent()])], q)
    assert answers.codes.dtype == np.int8


def test_problems_come_file_by_file_in_row_order(tmp_path, q):
    rows = [respondent(f"r{i}", GR02="7") for i in range(MAX_PER_KEY + 3)]
    rows[1]["group"] = "journalist"
    a = write_csv(tmp_path / "a.csv", rows, [*HEADER, "extra"])
    b = write_csv(tmp_path / "b.csv", [respondent("x", GR03="x")])
    _, problems = check_answers([a, b], q)
    places = [(p.location.file, p.location.row, p.code) for p in problems]
    assert places[0] == (str(a), 1, "unknown-column")
    assert places[1:4] == [
        (str(a), 2, "out-of-scale"),
        (str(a), 3, "unknown-group"),
        (str(a), 3, "out-of-scale"),
    ]
    # The summary of a capped column ends its file's block.
    assert places[-2] == (str(a), None, "out-of-scale")
    assert places[-1] == (str(b), 2, "non-numeric")


def test_an_ods_workbook_is_refused_with_a_reason(tmp_path, q):
    import zipfile

    path = tmp_path / "answers.ods"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    answers, problems = check_answers([path], q)
    assert answers is None and codes(problems) == ["unsupported-format"]
    assert ".ods" in problems[0].message
