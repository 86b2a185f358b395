"""Everyday faults in answer files: never silently corrupted, never a crash, bounded cost.

Encodings decided on evidence, CR-only line endings, limits on size and rows, pipes and
devices, and XLSX workbooks that are bombs, carry macros or hold formulas without results.
"""

from __future__ import annotations

import os
import zipfile

import pytest
from answers_factory import HEADER, fixture_questionnaire, respondent, write_csv, write_xlsx

from quickscan.answers import check_answers, read_answers
from quickscan.answers.answer_set import MISSING
from quickscan.answers.encoding import row_of, scan
from quickscan.errors import AnswersError
from quickscan.limits import BYTES_PER_ROW, MAX_ROWS_ENV


@pytest.fixture(scope="module")
def q():
    return fixture_questionnaire()


def codes(problems) -> list[str]:  # type: ignore[no-untyped-def]
    return [p.code for p in problems]


def rows_with(n: int, **cells: str) -> list[dict[str, str]]:
    return [respondent(f"r{i}", **cells) for i in range(1, n + 1)]


# --- encodings ----------------------------------------------------------------------------
def test_one_cp1252_byte_in_a_utf8_file_is_refused_with_its_row(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", rows_with(5, OPEN01="café"))
    data = path.read_bytes().split(b"\n")
    data[4] = data[4].replace("é".encode(), "é".encode("cp1252"))  # row 5
    path.write_bytes(b"\n".join(data))
    answers, problems = check_answers([path], q)
    assert codes(problems) == ["mixed-encoding"]
    assert problems[0].location.row == 5
    assert "0xE9 on row 5" in problems[0].message
    assert answers is None


def test_a_late_cp1252_byte_is_found_beyond_the_inspected_start(tmp_path, q):
    # The first megabyte is clean UTF-8 with accents; the bad byte comes after it.
    rows = rows_with(14_000, OPEN01="Súdwest-Fryslân is één gemeente")
    path = write_csv(tmp_path / "a.csv", rows)
    data = path.read_bytes()
    assert len(data) > 1 << 20
    lines = data.split(b"\n")
    lines[11_000] = lines[11_000].replace("één".encode(), "één".encode("cp1252"))
    path.write_bytes(b"\n".join(lines))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["mixed-encoding"]
    assert problems[0].location.row == 11_001


def test_a_cp1252_file_is_read_and_says_so(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", rows_with(3, OPEN01="café"), encoding="cp1252")
    answers, problems = check_answers([path], q)
    assert codes(problems) == ["encoding-cp1252"]
    assert problems[0].severity == "warning"
    assert "Windows-1252" in problems[0].message
    assert answers is not None
    assert list(answers.open_answers["OPEN01"]) == ["café"] * 3


def test_a_utf8_file_is_read_as_utf8_without_a_word(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", rows_with(3, OPEN01="café"))
    answers, problems = check_answers([path], q)
    assert problems == []
    assert answers is not None and list(answers.open_answers["OPEN01"]) == ["café"] * 3


def test_a_bom_and_then_cp1252_bytes_is_mixed(tmp_path, q):
    text = ",".join(HEADER) + "\n" + ",".join(respondent("r1", OPEN01="café").values()) + "\n"
    path = tmp_path / "a.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("cp1252"))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["mixed-encoding"]
    assert problems[0].location.row == 2


def test_bytes_undefined_in_cp1252_are_neither_encoding(tmp_path, q, capfd):
    path = write_csv(tmp_path / "a.csv", rows_with(2, OPEN01="x"))
    path.write_bytes(path.read_bytes().replace(b"x,\n", b"\x81,\n", 1))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["invalid-encoding"]
    assert problems[0].location.row == 2
    # No "Exception ignored in ..." noise from a codec callback.
    assert capfd.readouterr().err == ""


def test_scan_finds_the_offset_of_the_first_bad_byte_across_chunks():
    data = "é".encode() * 10 + b"\xe9" + b"abc"
    evidence = scan(data)
    assert (evidence.first_bad, evidence.bad_byte, evidence.has_utf8) == (20, 0xE9, True)
    assert evidence.encoding is None
    assert scan(b"plain \xe9t\xe9").encoding == "cp1252"
    assert scan("één".encode()).encoding == "utf-8"


def test_row_of_counts_quoted_line_breaks_as_one_row():
    data = b'h1,h2\nr1,"two\nlines"\nr3,x\n'
    assert row_of(data, 0, data.index(b"r3")) == 3


# --- line endings -------------------------------------------------------------------------
def test_cr_only_line_endings_are_read_with_the_right_row_numbers(tmp_path, q):
    rows = rows_with(3)
    rows[1]["GR02"] = "7"
    path = write_csv(tmp_path / "a.csv", rows, newline="\r", sep_line=True)
    answers, problems = check_answers([path], q)
    assert codes(problems) == ["out-of-scale"]
    assert problems[0].location.row == 3
    assert answers is not None and len(answers) == 3


# --- limits and special files -------------------------------------------------------------
def test_more_rows_than_the_limit_are_refused_before_reading(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", rows_with(30))
    with pytest.raises(AnswersError) as caught:
        read_answers([path], q, max_rows=20)
    assert codes(caught.value.problems) == ["too-many-rows"]
    assert "at most 20" in caught.value.problems[0].message
    assert "--max-rows" in (caught.value.problems[0].hint or "")
    assert len(read_answers([path], q, max_rows=30)) == 30


def test_the_limit_comes_from_the_environment_that_max_rows_sets(tmp_path, q, monkeypatch):
    path = write_csv(tmp_path / "a.csv", rows_with(5))
    monkeypatch.setenv(MAX_ROWS_ENV, "4")
    _, problems = check_answers([path], q)
    assert codes(problems) == ["too-many-rows"]


def test_a_file_larger_than_the_limit_allows_is_refused_by_its_size(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", rows_with(3, OPEN01="x" * (3 * BYTES_PER_ROW)))
    _, problems = check_answers([path], q, max_rows=2)
    assert codes(problems) == ["file-too-large"]
    assert "--max-rows" in (problems[0].hint or "")


def test_xlsx_rows_beyond_the_limit_are_refused(tmp_path, q):
    path = write_xlsx(tmp_path / "a.xlsx", [list(r.values()) for r in rows_with(6)])
    _, problems = check_answers([path], q, max_rows=5)
    assert codes(problems) == ["too-many-rows"]


def test_a_fifo_is_refused_instead_of_blocking(tmp_path, q):
    fifo = tmp_path / "answers.csv"
    os.mkfifo(fifo)
    _, problems = check_answers([fifo], q)
    assert codes(problems) == ["file-unreadable"]
    assert "named pipe" in problems[0].message


def test_a_device_is_refused(q):
    _, problems = check_answers(["/dev/zero"], q)
    assert codes(problems) == ["file-unreadable"]
    assert "a device" in problems[0].message


# --- XLSX -----------------------------------------------------------------------------------
def test_formulas_without_a_saved_result_are_refused_with_the_cell(tmp_path, q):
    import openpyxl

    path = write_xlsx(tmp_path / "a.xlsx", [list(r.values()) for r in rows_with(7)], sheet="Blad1")
    workbook = openpyxl.load_workbook(path)
    workbook["Blad1"]["F7"] = "=2+2"  # openpyxl stores formulas without a result
    workbook.save(path)
    answers, problems = check_answers([path], q)
    assert codes(problems) == ["formula-without-value"]
    assert "Blad1!F7" in problems[0].message
    assert problems[0].location.row == 7
    assert answers is None


def test_formulas_with_a_saved_result_are_read(tmp_path, q):
    rows = [[int(v) if v.isdigit() else v for v in r.values()] for r in rows_with(2)]
    path = write_xlsx(tmp_path / "a.xlsx", rows)
    # As Excel saves it: the formula and its cached result.
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    sheet = sheet.replace('<c r="F2" t="n"><v>4</v></c>', '<c r="F2"><f>2+2</f><v>4</v></c>')
    sheet = sheet.replace('<c r="G2" t="n"><v>3</v></c>', '<c r="G2" t="str"><f>""</f><v></v></c>')
    assert "<f>2+2</f>" in sheet
    parts["xl/worksheets/sheet1.xml"] = sheet.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    answers, problems = check_answers([path], q)
    assert problems == []
    assert answers is not None
    assert answers.codes[0, :2].tolist() == [4, MISSING]  # GR01 = 4, GR02 blank


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path, q):
    path = write_xlsx(tmp_path / "a.xlsx", [list(r.values()) for r in rows_with(2)])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", b"\0" * (4 << 20))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["file-too-large"]
    assert "zip bomb" in problems[0].message


def test_macro_enabled_workbooks_are_refused(tmp_path, q):
    xlsx = write_xlsx(tmp_path / "a.xlsx", [list(r.values()) for r in rows_with(2)])
    xlsm = tmp_path / "a.xlsm"
    xlsm.write_bytes(xlsx.read_bytes())
    _, problems = check_answers([xlsm], q)
    assert codes(problems) == ["unsupported-format"]
    assert ".xlsm" in problems[0].message
    # Also under an .xlsx name: the content type says it.
    with zipfile.ZipFile(xlsx) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )
    disguised = tmp_path / "b.xlsx"
    with zipfile.ZipFile(disguised, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    _, problems = check_answers([disguised], q)
    assert codes(problems) == ["unsupported-format"]


def test_whitespace_header_with_answers_stops_scoring(tmp_path, q):
    header = [*HEADER, " "]
    rows = [[*respondent("r1").values(), "4"]]
    path = write_csv(tmp_path / "a.csv", rows, header)
    with pytest.raises(AnswersError) as caught:
        read_answers([path], q)
    assert codes(caught.value.problems) == ["unnamed-column"]


def test_running_out_of_memory_is_a_clean_problem(tmp_path, q, monkeypatch):
    import pyarrow as pa
    import pyarrow.csv as pacsv

    def out_of_memory(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise pa.ArrowMemoryError("malloc of size 8589934592 failed")

    monkeypatch.setattr(pacsv, "read_csv", out_of_memory)
    path = write_csv(tmp_path / "a.csv", rows_with(3))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["file-too-large"]
    assert "memory" in problems[0].message


def test_a_zip_member_name_that_is_not_utf8_is_an_unreadable_workbook(tmp_path, q, capfd):
    path = write_xlsx(tmp_path / "a.xlsx", [list(r.values()) for r in rows_with(2)])
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/café.xml", b"<x/>")  # stored with the UTF-8 flag
    path.write_bytes(path.read_bytes().replace("café".encode(), b"caf\xff\xfe"))
    _, problems = check_answers([path], q)
    assert codes(problems) == ["unsupported-format"]
    assert capfd.readouterr().err == ""
