"""The verbeteragenda: pre-filled rows, and exports that stay inert in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_factory import make_result

from quickscan.errors import OutputError
from quickscan.questionnaire import load_questionnaire
from quickscan.report import build_report
from quickscan.report.agenda import (
    Agenda,
    AgendaRow,
    agenda_csv,
    agenda_markdown,
    neutralise,
    write_agenda,
)

DANGEROUS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.fixture(scope="module")
def agenda() -> Agenda:
    q = load_questionnaire("qsld")
    return build_report(make_result(q), q, report_date=dt.date(2026, 3, 31), charts=False).agenda


def test_prefilled_with_weakest_areas_and_their_tips(agenda: Agenda) -> None:
    q = load_questionnaire("qsld")
    filled = [r for r in agenda.rows if r.area]
    assert [r.priority for r in filled] == ["1", "2", "3"]
    weakest = q.area("digitale-democratie")
    assert filled[0].area == weakest.title.nl
    assert filled[0].suggestions == [t.nl for t in weakest.recommendations["aandachtspunt"].tips]
    assert len(agenda.rows) == 5 and not agenda.rows[-1].area
    assert agenda.headers[-1] == "Hoe weten we dat het werkt"
    # Ordinary rows need no neutralising: the suggestions are bullets, not dashes.
    first = list(csv.reader(io.StringIO(agenda_csv(agenda))))[1]
    assert first[2].startswith("• ") and first[2].count("\n• ") == len(filled[0].suggestions) - 1


def test_markdown_heading_escapes_the_municipality_name() -> None:
    hostile = Agenda(
        title="Verbeteragenda",
        municipality='<img src=x onerror="alert(1)"> *Wolder*veen [klik](http://x) & co',
        headers=["Prioriteit"],
        rows=[],
    )
    heading = agenda_markdown(hostile).splitlines()[0]
    assert "<img" not in heading and '&lt;img src=x onerror="alert(1)"&gt;' in heading
    assert "\\*Wolder\\*veen" in heading and "\\[klik\\]" in heading and "&amp; co" in heading


def test_neutralise() -> None:
    for cell in DANGEROUS:
        assert neutralise(cell).startswith("'")
    assert neutralise("Gewoon tekst") == "Gewoon tekst"


def _dangerous_agenda() -> Agenda:
    rows = [
        AgendaRow(priority=str(i), area=cell, action=cell, suggestions=[cell])
        for i, cell in enumerate(DANGEROUS, start=1)
    ]
    return Agenda(
        title="Verbeteragenda",
        municipality="=cmd|' /C calc'!A0",
        headers=[
            "Prioriteit",
            "Gebied",
            "Actie",
            "Wie",
            "Wanneer klaar",
            "Hoe weten we dat het werkt",
        ],
        rows=rows,
    )


def test_csv_cells_are_inert() -> None:
    rows = list(csv.reader(io.StringIO(agenda_csv(_dangerous_agenda()))))
    assert rows[0][0] == "Prioriteit"
    for row in rows[1:]:
        for cell in row:
            assert not cell or not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row


def test_xlsx_cells_are_text_never_formulas(tmp_path: Path) -> None:
    path = write_agenda(_dangerous_agenda(), tmp_path / "agenda.xlsx", created=dt.date(2026, 3, 31))
    sheet = load_workbook(path).active
    assert sheet is not None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type in ("s", "inlineStr")
            assert not str(cell.value or "").startswith(("=", "+", "-", "@", "\t", "\r"))


def test_markdown_export(agenda: Agenda, tmp_path: Path) -> None:
    text = agenda_markdown(agenda)
    assert text.startswith("# Verbeteragenda: De Wolden aan Zee")
    assert "| Prioriteit | Aandachtsgebied | Actie |" in text
    tricky = Agenda(
        title="A",
        municipality="M",
        headers=["a", "b", "c", "d", "e", "f"],
        rows=[AgendaRow(priority="1", area="x | <script>", action="")],
    )
    assert "x \\| &lt;script&gt;" in agenda_markdown(tricky)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".md"])
def test_write_each_format(agenda: Agenda, tmp_path: Path, suffix: str) -> None:
    path = write_agenda(agenda, tmp_path / f"agenda{suffix}")
    assert path.is_file() and path.stat().st_size > 100
    assert not list(tmp_path.glob(".*.part"))


def test_refuses_unknown_suffix_and_inputs(agenda: Agenda, tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="cannot write the agenda"):
        write_agenda(agenda, tmp_path / "agenda.docx")
    answers = tmp_path / "answers.csv"
    answers.write_text("x")
    with pytest.raises(OutputError, match="overwrite an input"):
        write_agenda(agenda, tmp_path / "answers.csv", inputs=[answers])
    assert answers.read_text() == "x"


def test_agenda_xlsx_is_byte_reproducible(agenda: Agenda, tmp_path: Path) -> None:
    """The same agenda and date give the same bytes, also a few seconds later."""
    import time

    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    write_agenda(agenda, first, created=dt.date(2026, 3, 31))
    time.sleep(2.1)  # zip dates step by 2 s; openpyxl stamps "modified" with the clock
    write_agenda(agenda, second, created=dt.date(2026, 3, 31))
    assert first.read_bytes() == second.read_bytes()
