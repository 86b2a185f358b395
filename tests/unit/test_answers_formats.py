"""Reading answer files: encodings, delimiters, Excel quirks, XLSX, labels, aliases, rows."""

from __future__ import annotations

import datetime as dt
import hashlib

import numpy as np
import pandas as pd
import pytest
from answers_factory import (
    HEADER,
    ITEMS,
    csv_text,
    fixture_questionnaire,
    respondent,
    write_csv,
    write_xlsx,
)

from quickscan.answers import (
    MISSING,
    RESPONDENT_COLUMNS,
    AnswerSet,
    check_answers,
    read_answers,
    sources,
)
from quickscan.errors import AnswersError, UsageError


@pytest.fixture(scope="module")
def q():
    return fixture_questionnaire()


def codes_of(answers: AnswerSet) -> list[list[int]]:
    return answers.codes.tolist()


def test_clean_utf8_file(tmp_path, q):
    path = write_csv(
        tmp_path / "answers.csv",
        [respondent("r1"), respondent("r2", group="inwoner", GR01="", IN02="1", GR03="9")],
    )
    answers = read_answers([path], q)
    assert answers.item_ids == ITEMS
    assert list(answers.respondents.columns) == list(RESPONDENT_COLUMNS)
    assert codes_of(answers) == [[4, 3, 5, 2, MISSING], [MISSING, 3, 9, 2, 1]]
    assert np.issubdtype(answers.codes.dtype, np.integer)
    first = answers.respondents.iloc[0]
    assert first["respondent_id"] == "r1"
    assert first["municipality_code"] == "GM0363"
    assert first["municipality_name"] == "Amsterdam"
    assert first["group"] == "raad"
    assert first["wave"] == "2024"
    assert first["source"] == str(path)
    assert answers.respondents["row"].tolist() == [2, 3]
    assert answers.problems == []
    assert len(answers.inputs) == 1
    assert answers.inputs[0].rows == 2
    assert answers.inputs[0].sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_single_path_is_accepted(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", [respondent()])
    assert len(read_answers(path, q)) == 1
    assert len(read_answers(str(path), q)) == 1


def test_no_sources_is_a_usage_error(q):
    with pytest.raises(UsageError):
        check_answers([], q)


def test_bad_delimiter_argument_is_a_usage_error(tmp_path, q):
    path = write_csv(tmp_path / "a.csv", [respondent()])
    with pytest.raises(UsageError):
        check_answers([path], q, delimiter="::")


def test_ids_and_text_stay_text(tmp_path, q):
    path = write_csv(
        tmp_path / "a.csv",
        [
            respondent("007", OPEN01="NA"),
            respondent("NA", OPEN01="null"),
            respondent("1e3", OPEN01="0012"),
            respondent("null", wave="007"),
        ],
    )
    answers = read_answers([path], q)
    assert answers.respondents["respondent_id"].tolist() == ["007", "NA", "1e3", "null"]
    assert answers.respondents["wave"].tolist()[-1] == "007"
    assert answers.open_answers["OPEN01"].tolist() == ["NA", "null", "0012", None]


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_detected_from_the_header(tmp_path, q, delimiter):
    path = write_csv(
        tmp_path / "a.csv",
        [respondent("r1", OPEN01="a, b; c")],
        delimiter=delimiter,
    )
    answers = read_answers([path], q)
    assert codes_of(answers) == [[4, 3, 5, 2, MISSING]]
    assert answers.open_answers["OPEN01"].tolist() == ["a, b; c"]


def test_delimiter_argument_wins(tmp_path, q):
    # A header with more commas than semicolons, but the file really is ';'-separated.
    header = ["respondent_id", "group", "municipality_code", "GR01", "a,b,c,d"]
    path = write_csv(
        tmp_path / "a.csv", [["r1", "raad", "GM0363", "4", "x"]], header, delimiter=";"
    )
    answers, problems = check_answers([path], q, delimiter=";")
    assert answers is not None and codes_of(answers)[0][0] == 4
    answers, problems = check_answers([path], q, delimiter="semicolon")
    assert answers is not None and len(answers) == 1


def test_sep_line_and_crlf(tmp_path, q):
    path = write_csv(
        tmp_path / "a.csv",
        [respondent("r1"), respondent("r2")],
        delimiter=";",
        sep_line=True,
        newline="\r\n",
    )
    answers = read_answers([path], q)
    assert codes_of(answers)[1] == [4, 3, 5, 2, MISSING]
    # Excel does not show the sep= line: the header is row 1.
    assert answers.respondents["row"].tolist() == [2, 3]


def test_utf8_bom(tmp_path, q):
    path = write_csv(
        tmp_path / "a.csv", [respondent(municipality_name="Súdwest-Fryslân")], encoding="utf-8-sig"
    )
    answers = read_answers([path], q)
    assert answers.respondents["respondent_id"].tolist() == ["r1"]
    assert answers.respondents["municipality_name"].tolist() == ["Súdwest-Fryslân"]


def test_cp1252(tmp_path, q):
    path = write_csv(
        tmp_path / "a.csv",
        [respondent(municipality_name="Súdwest-Fryslân", OPEN01="’t is € 5 waard")],
        encoding="cp1252",
        delimiter=";",
    )
    answers = read_answers([path], q)
    assert answers.respondents["municipality_name"].tolist() == ["Súdwest-Fryslân"]
    assert answers.open_answers["OPEN01"].tolist() == ["’t is € 5 waard"]


def test_cp1252_found_after_the_inspected_start(tmp_path, q, monkeypatch):
    """A file that looks like UTF-8 at first is re-read as cp1252 when pyarrow finds out."""
    monkeypatch.setattr(sources, "HEAD_BYTES", 400)
    rows = [respondent(f"r{i}") for i in range(50)]
    rows.append(respondent("r50", municipality_name="Súdwest-Fryslân", municipality_code="GM1900"))
    path = write_csv(tmp_path / "a.csv", rows, encoding="cp1252")
    assert path.stat().st_size > 400
    answers = read_answers([path], q)
    assert answers.respondents["municipality_name"].tolist()[-1] == "Súdwest-Fryslân"


def test_utf16_from_excel_unicode_text(tmp_path, q):
    path = tmp_path / "a.txt"
    path.write_bytes(csv_text([respondent()], delimiter="\t").encode("utf-16"))
    answers = read_answers([path], q)
    assert codes_of(answers) == [[4, 3, 5, 2, MISSING]]


def test_dutch_excel_export_reads_like_the_clean_file(tmp_path, q):
    """cp1252 + ';' + sep=; + CRLF + labels + 'Weet niet' gives the same AnswerSet."""
    clean_rows = [
        respondent("001", GR01="4", GR02="1", GR03="9", IN01="", OPEN01="Goed"),
        respondent(
            "002",
            group="inwoner",
            GR01="",
            GR02="5",
            GR03="2",
            IN01="3",
            IN02="9",
            OPEN01="Ça va, ‘prima’",
            OPEN02="Meer groen",
        ),
        respondent("003", group="college", GR01="3", GR02="9", GR03="9", IN01="4"),
    ]
    excel_rows = [
        respondent(
            "001",
            group="Raadsleden",
            GR01="Eens",
            GR02="helemaal oneens ",
            GR03="Weet niet",
            IN01="",
            OPEN01="Goed",
        ),
        respondent(
            "002",
            group="Inwoners",
            GR01="",
            GR02="HELEMAAL EENS",
            GR03="Oneens",
            IN01="neutraal",
            IN02="weet niet / geen mening",
            OPEN01="Ça va, ‘prima’",
            OPEN02="Meer groen",
        ),
        respondent("003", group="Wethouder", GR01="3.0", GR02="9", GR03="Don't know", IN01="Agree"),
    ]
    clean = write_csv(tmp_path / "clean.csv", clean_rows)
    excel = write_csv(
        tmp_path / "excel.csv",
        excel_rows,
        delimiter=";",
        encoding="cp1252",
        newline="\r\n",
        sep_line=True,
    )
    a = read_answers([clean], q)
    b = read_answers([excel], q)
    assert codes_of(a) == codes_of(b)
    columns = [c for c in RESPONDENT_COLUMNS if c != "source"]
    pd.testing.assert_frame_equal(
        a.respondents[columns].astype(object), b.respondents[columns].astype(object)
    )
    pd.testing.assert_frame_equal(a.open_answers, b.open_answers)


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("4", 4),
        ("4.0", 4),
        ("4,0", 4),
        (" 4 ", 4),
        ("+4", 4),
        ("04", 4),
        ("eens", 4),
        ("EENS", 4),
        (" Eens ", 4),
        ("Agree", 4),
        ("Helemaal  Eens", 5),
        ("9", 9),
        ("Weet niet", 9),
        ("geen mening", 9),
        ("Weet niet/geen mening", 9),
        ("don't know", 9),
        ("", MISSING),
        ("   ", MISSING),
    ],
)
def test_answer_cells(tmp_path, q, cell, code):
    path = write_csv(tmp_path / "a.csv", [respondent(GR02=cell)])
    assert read_answers([path], q).codes[0, 1] == code


def test_general_path_equals_fast_path(tmp_path, q):
    """Columns with one-character cells take a byte shortcut; labels go through hashing."""
    rng = np.random.default_rng(5)
    values = rng.choice(["1", "2", "3", "4", "5", "9", ""], size=(300, 3))
    labels = {
        "1": "Helemaal oneens",
        "2": "oneens",
        "3": "Neutraal",
        "4": "EENS",
        "5": "helemaal eens",
        "9": "Weet niet",
        "": "",
    }
    fast = [respondent(f"r{i}", GR02=v[0], GR03=v[1], IN01=v[2]) for i, v in enumerate(values)]
    slow = [
        respondent(f"r{i}", GR02=labels[v[0]], GR03=labels[v[1]], IN01=labels[v[2]])
        for i, v in enumerate(values)
    ]
    a = read_answers([write_csv(tmp_path / "fast.csv", fast)], q)
    b = read_answers([write_csv(tmp_path / "slow.csv", slow)], q)
    assert np.array_equal(a.codes, b.codes)
    expected = np.where(values == "", str(MISSING), values).astype(int)
    assert np.array_equal(a.codes[:, 1:4], expected)


def test_header_aliases_and_case(tmp_path, q):
    header = [
        "Respondent",
        "GEMEENTECODE",
        " Gemeente ",
        "Doelgroep",
        "Jaar",
        "gr01",
        "Gr02",
        "GR03",
        "in01",
        "IN02",
        "open01",
    ]
    path = write_csv(
        tmp_path / "a.csv",
        [["007", "GM0363", "Amsterdam", "raadslid", "2023", "4", "3", "5", "2", "", "Hoi"]],
        header,
    )
    answers = read_answers([path], q)
    row = answers.respondents.iloc[0]
    assert (
        row["respondent_id"],
        row["municipality_code"],
        row["municipality_name"],
        row["group"],
        row["wave"],
    ) == ("007", "GM0363", "Amsterdam", "raad", "2023")
    assert codes_of(answers) == [[4, 3, 5, 2, MISSING]]
    assert answers.open_answers["OPEN01"].tolist() == ["Hoi"]
    assert answers.problems == []


@pytest.mark.parametrize(
    "header",
    [
        ["respondent_id", "gemeentecode", "groep", "meting"],
        ["respondent", "municipality_code", "group", "wave"],
        ["respondent_id", "gemeentenaam", "doelgroep", "jaar"],
        ["respondent_id", "gemeente", "groep", "wave"],
    ],
)
def test_dutch_aliases(tmp_path, q, header):
    municipality = "GM0363" if "code" in header[1] else "Amsterdam"
    path = write_csv(
        tmp_path / "a.csv", [["r1", municipality, "raad", "2024", "4"]], [*header, "GR02"]
    )
    answers, problems = check_answers([path], q)
    assert answers is not None and len(answers) == 1
    assert [p.code for p in problems] == ["missing-item-column"]
    assert answers.respondents["wave"].tolist() == ["2024"]


@pytest.mark.parametrize(
    ("value", "group"),
    [
        ("raad", "raad"),
        ("Raadslid", "raad"),
        (" WETHOUDER ", "college"),
        ("Residents", "inwoner"),
        ("Collegeleden", "college"),
        ("griffier", "ambtenaar"),
    ],
)
def test_group_aliases(tmp_path, q, value, group):
    path = write_csv(tmp_path / "a.csv", [respondent(group=value, GR01="")])
    assert read_answers([path], q).respondents["group"].tolist() == [group]


def test_submitted_at_is_carried(tmp_path, q):
    header = [*HEADER, "submitted_at"]
    rows = [
        {**respondent("r1"), "submitted_at": "2024-05-01 10:12"},
        {**respondent("r2"), "submitted_at": ""},
    ]
    answers = read_answers([write_csv(tmp_path / "a.csv", rows, header)], q)
    assert list(answers.respondents.columns) == [*RESPONDENT_COLUMNS, "submitted_at"]
    values = answers.respondents["submitted_at"].tolist()
    assert values[0] == "2024-05-01 10:12" and pd.isna(values[1])
    assert answers.problems == []


def test_quoted_cells_with_delimiters_and_line_breaks(tmp_path, q):
    rows = [
        respondent("r1", OPEN01='Zij zei: "ja, graag";\nen toen\r\nniet'),
        respondent("r2", GR02="7"),
    ]
    path = write_csv(tmp_path / "a.csv", rows, delimiter=";")
    answers, problems = check_answers([path], q)
    assert answers is not None
    assert answers.open_answers["OPEN01"].tolist() == ['Zij zei: "ja, graag";\nen toen\nniet', None]
    # The cell with line breaks is one row in Excel: r2 is row 3.
    assert answers.respondents["row"].tolist() == [2, 3]
    assert [(p.code, p.location.row) for p in problems] == [("out-of-scale", 3)]


@pytest.mark.parametrize("fast_first", [False, True])
def test_line_breaks_across_parser_blocks(tmp_path, q, monkeypatch, fast_first):
    """Quoted line breaks on pyarrow's block boundaries are read right.

    A file with quotes is parsed knowing values may hold line breaks; should the quote
    check ever say no, pyarrow's "out of sync" error makes the reader retry that way.
    """
    monkeypatch.setattr(sources, "BLOCK_SIZE", 1 << 10)
    if fast_first:
        monkeypatch.setattr(sources, "_has_quotes", lambda *args: False)
    rows = [
        respondent(f"r{i}", OPEN01="regel 1\nregel 2" if i % 3 == 0 else "", GR02=str(i % 5 + 1))
        for i in range(400)
    ]
    rows[-1]["GR02"] = "x"
    answers, problems = check_answers([write_csv(tmp_path / "a.csv", rows)], q)
    assert answers is not None and len(answers) == 400
    assert answers.codes[:399, 1].tolist() == [i % 5 + 1 for i in range(399)]
    assert answers.open_answers["OPEN01"].tolist()[:4] == [
        "regel 1\nregel 2",
        None,
        None,
        "regel 1\nregel 2",
    ]
    assert [(p.code, p.location.row) for p in problems] == [("non-numeric", 401)]


def test_blank_rows_are_skipped_but_counted(tmp_path, q):
    text = csv_text([respondent("r1")], delimiter=";")
    text += (
        ";;;;;;;;;;;\n\n"
        + csv_text([respondent("r2", GR02="x")], delimiter=";").split("\n", 1)[1]
        + ";;;;;;;;;;;\n"
    )
    path = tmp_path / "a.csv"
    path.write_text(text)
    answers, problems = check_answers([path], q)
    assert answers is not None
    assert answers.respondents["respondent_id"].tolist() == ["r1", "r2"]
    assert answers.respondents["row"].tolist() == [2, 5]
    assert [(p.code, p.location.row) for p in problems] == [("non-numeric", 5)]
    assert answers.inputs[0].rows == 2


def test_several_municipalities_and_waves(tmp_path, q):
    rows = [
        respondent("1"),
        respondent("1", municipality_code="GM0599", municipality_name="Rotterdam"),
        respondent("1", wave="2025"),
        respondent("2", municipality_code="gm0599 ", municipality_name="rotterdam"),
    ]
    answers = read_answers([write_csv(tmp_path / "a.csv", rows)], q)
    frame = answers.respondents
    assert frame["municipality_code"].tolist() == ["GM0363", "GM0599", "GM0363", "GM0599"]
    # One spelling per municipality: the first one written.
    assert frame["municipality_name"].tolist() == [
        "Amsterdam",
        "Rotterdam",
        "Amsterdam",
        "Rotterdam",
    ]
    assert frame["wave"].tolist() == ["2024", "2024", "2025", "2024"]


def test_names_only_and_codes_only(tmp_path, q):
    names = write_csv(
        tmp_path / "names.csv",
        [
            respondent("1", municipality_name="Den Haag"),
            respondent("2", municipality_name="den haag"),
        ],
        [c for c in HEADER if c != "municipality_code"],
    )
    codes = write_csv(
        tmp_path / "codes.csv",
        [respondent("1", municipality_code="GM0518")],
        [c for c in HEADER if c not in ("municipality_name", "wave")],
    )
    answers = read_answers([names, codes], q)
    frame = answers.respondents
    assert frame["municipality_name"].tolist()[:2] == ["Den Haag", "Den Haag"]
    assert frame["municipality_code"].isna().tolist() == [True, True, False]
    assert pd.isna(frame["municipality_name"].tolist()[2])
    assert pd.isna(frame["wave"].tolist()[2])


def test_a_code_without_a_name_gets_the_codes_name(tmp_path, q):
    rows = [respondent("1"), respondent("2", municipality_name="")]
    answers = read_answers([write_csv(tmp_path / "a.csv", rows)], q)
    assert answers.respondents["municipality_name"].tolist() == ["Amsterdam", "Amsterdam"]


def test_several_files(tmp_path, q):
    a = write_csv(tmp_path / "a.csv", [respondent("1"), respondent("2")])
    b = write_csv(tmp_path / "b.csv", [respondent("3", GR02="1")], delimiter=";", encoding="cp1252")
    answers = read_answers([a, b], q)
    assert answers.respondents["source"].tolist() == [str(a), str(a), str(b)]
    assert answers.respondents["row"].tolist() == [2, 3, 2]
    assert answers.codes[:, 1].tolist() == [3, 3, 1]
    assert [i.file for i in answers.inputs] == [str(a), str(b)]


def test_open_answers_frame(tmp_path, q):
    rows = [
        respondent("1", OPEN01="  Goed  "),
        respondent("2", group="inwoner", GR01="", OPEN02="Buurt"),
    ]
    answers = read_answers([write_csv(tmp_path / "a.csv", rows)], q)
    frame = answers.open_answers
    assert list(frame.columns) == [
        "respondent_id",
        "municipality_code",
        "municipality_name",
        "group",
        "wave",
        "OPEN01",
        "OPEN02",
    ]
    assert frame["respondent_id"].tolist() == answers.respondents["respondent_id"].tolist()
    assert frame["OPEN01"].tolist() == ["Goed", None]
    assert frame["OPEN02"].tolist() == [None, "Buurt"]


def test_open_answer_columns_absent(tmp_path, q):
    header = [c for c in HEADER if not c.startswith("OPEN")]
    answers = read_answers([write_csv(tmp_path / "a.csv", [respondent()], header)], q)
    assert list(answers.open_answers.columns) == [
        "respondent_id",
        "municipality_code",
        "municipality_name",
        "group",
        "wave",
    ]


def test_input_files_are_never_modified(tmp_path, q):
    paths = [
        write_csv(
            tmp_path / "a.csv",
            [respondent("1", GR02="x")],
            encoding="cp1252",
            delimiter=";",
            sep_line=True,
        ),
        write_xlsx(tmp_path / "b.xlsx", [["1", "GM0363", "Amsterdam", "raad", "2024", 4]]),
    ]
    before = [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths]
    check_answers(paths, q)
    with pytest.raises(AnswersError):
        read_answers(paths, q)
    assert [(p.read_bytes(), p.stat().st_mtime_ns) for p in paths] == before


# --- XLSX -------------------------------------------------------------------------------------
def test_xlsx(tmp_path, q):
    header = [*HEADER, "submitted_at"]
    rows = [
        [
            "007",
            "GM0363",
            "Amsterdam",
            "raad",
            2024,
            4,
            3.0,
            "Eens",
            None,
            None,
            "Goed",
            None,
            dt.datetime(2024, 5, 1, 10, 12),
        ],
        [8, "GM0363", "Amsterdam", "Inwoners", "2024", None, "9", 1, "2", 5, None, "NA", None],
    ]
    path = write_xlsx(tmp_path / "a.xlsx", rows, header)
    answers = read_answers([path], q)
    assert answers.respondents["respondent_id"].tolist() == ["007", "8"]
    assert answers.respondents["wave"].tolist() == ["2024", "2024"]
    assert answers.respondents["group"].tolist() == ["raad", "inwoner"]
    assert codes_of(answers) == [[4, 3, 4, MISSING, MISSING], [MISSING, 9, 1, 2, 5]]
    assert answers.open_answers["OPEN02"].tolist() == [None, "NA"]
    assert answers.respondents["submitted_at"].tolist()[0] == "2024-05-01 10:12:00"
    assert answers.respondents["row"].tolist() == [2, 3]


def test_xlsx_sheet_and_row_numbers(tmp_path, q):
    import openpyxl

    path = tmp_path / "a.xlsx"
    workbook = openpyxl.Workbook()
    workbook.active.title = "Info"
    workbook.active.append(["not the answers"])
    sheet = workbook.create_sheet("Antwoorden")
    sheet.append(HEADER)
    sheet.append(list(respondent("1").values()))
    sheet.append([])
    sheet.append(list(respondent("2", GR02="7").values()))
    workbook.save(path)

    answers, problems = check_answers([path], q, sheet="Antwoorden")
    assert answers is not None
    assert answers.respondents["row"].tolist() == [2, 4]
    assert [(p.code, p.location.row, p.location.field) for p in problems] == [
        ("out-of-scale", 4, "GR02")
    ]
    # Without `sheet`, the sheet with the most known columns is read, not the notes in front;
    # a named sheet is found whatever its case.
    for chosen in (None, "antwoorden"):
        answers, problems = check_answers([path], q, sheet=chosen)
        assert answers is not None and answers.respondents["row"].tolist() == [2, 4]
        assert [p.code for p in problems] == ["out-of-scale"]


def test_xlsx_and_csv_together(tmp_path, q):
    a = write_csv(tmp_path / "a.csv", [respondent("1")])
    b = write_xlsx(tmp_path / "b.xlsx", [list(respondent("2").values())])
    answers = read_answers([a, b], q)
    assert answers.respondents["respondent_id"].tolist() == ["1", "2"]
    assert codes_of(answers)[0] == codes_of(answers)[1]


def test_xlsx_is_recognised_by_content_not_name(tmp_path, q):
    path = write_xlsx(tmp_path / "a.xlsx", [list(respondent().values())])
    renamed = path.rename(tmp_path / "export.dat")
    assert codes_of(read_answers([renamed], q)) == [[4, 3, 5, 2, MISSING]]
