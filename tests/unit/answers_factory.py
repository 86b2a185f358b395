"""Factories for answer-file tests: the fixture questionnaire and small CSV/XLSX files.

The questionnaire lives in tests/cases/answers/_questionnaire/ (items GR01-GR03, IN01-IN02,
open questions OPEN01-OPEN02), so no test depends on the wording of the built-in QSLD.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from quickscan.questionnaire import Questionnaire, load_questionnaire

CASES = Path(__file__).resolve().parents[1] / "cases" / "answers"
QUESTIONNAIRE = CASES / "_questionnaire"

HEADER = [
    "respondent_id",
    "municipality_code",
    "municipality_name",
    "group",
    "wave",
    "GR01",
    "GR02",
    "GR03",
    "IN01",
    "IN02",
    "OPEN01",
    "OPEN02",
]
ITEMS = ["GR01", "GR02", "GR03", "IN01", "IN02"]


def fixture_questionnaire() -> Questionnaire:
    return load_questionnaire(QUESTIONNAIRE)


def respondent(respondent_id: str = "r1", **cells: str) -> dict[str, str]:
    """One row: a council member of GM0363 in 2024 who answered GR01-GR03 and IN01."""
    row = {
        "respondent_id": respondent_id,
        "municipality_code": "GM0363",
        "municipality_name": "Amsterdam",
        "group": "raad",
        "wave": "2024",
        "GR01": "4",
        "GR02": "3",
        "GR03": "5",
        "IN01": "2",
        "IN02": "",
        "OPEN01": "",
        "OPEN02": "",
    }
    row.update(cells)
    return row


def csv_text(
    rows: Iterable[Mapping[str, str] | Sequence[str]],
    header: Sequence[str] = HEADER,
    *,
    delimiter: str = ",",
    newline: str = "\n",
    quote_all: bool = False,
) -> str:
    buffer = io.StringIO()
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        lineterminator=newline,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
    )
    writer.writerow(header)
    for row in rows:
        if isinstance(row, Mapping):
            writer.writerow([row.get(column, "") for column in header])
        else:
            writer.writerow(row)
    return buffer.getvalue()


def write_csv(
    path: Path,
    rows: Iterable[Mapping[str, str] | Sequence[str]],
    header: Sequence[str] = HEADER,
    *,
    delimiter: str = ",",
    encoding: str = "utf-8",
    newline: str = "\n",
    sep_line: bool = False,
    quote_all: bool = False,
) -> Path:
    """Write an answer CSV the way a survey tool or Excel would."""
    text = csv_text(rows, header, delimiter=delimiter, newline=newline, quote_all=quote_all)
    if sep_line:
        text = f"sep={delimiter}{newline}" + text
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(
    path: Path,
    rows: Iterable[Sequence[object]],
    header: Sequence[object] = HEADER,
    *,
    sheet: str = "Antwoorden",
    other_sheets: Sequence[str] = (),
) -> Path:
    import openpyxl

    workbook = openpyxl.Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(list(header))
    for row in rows:
        worksheet.append(list(row))
    for name in other_sheets:
        workbook.create_sheet(name)
    workbook.save(path)
    return path
