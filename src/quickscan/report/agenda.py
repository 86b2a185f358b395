"""The verbeteragenda: a table to fill in during the meeting, and its editable exports.

The rows are pre-filled with the weakest areas and the tips for their band; owner, deadline
and measure stay blank. The same rows go into the PDF page and into an XLSX, CSV or
Markdown file (`--agenda`), so the meeting can continue in a spreadsheet or a document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from quickscan.errors import Location, OutputError, Problem
from quickscan.xlsx import text_cell, workbook_bytes

#: Blank rows added after the pre-filled ones, for the meeting's own points.
BLANK_ROWS = 2
AGENDA_FORMATS = (".xlsx", ".csv", ".md")


@dataclass(frozen=True)
class AgendaRow:
    priority: str
    area: str
    action: str
    suggestions: list[str] = field(default_factory=list)
    owner: str = ""
    deadline: str = ""
    measure: str = ""


@dataclass(frozen=True)
class Agenda:
    title: str
    municipality: str
    #: Column headers in the report's language, in the order of `AgendaRow.cells()`.
    headers: list[str]
    rows: list[AgendaRow]


def row_cells(row: AgendaRow) -> list[str]:
    """The cells of one row as exported: the suggestions go into the action cell."""
    action = row.action
    if row.suggestions:
        action = "\n".join([action, *(f"• {tip}" for tip in row.suggestions)]).strip()
    return [row.priority, row.area, action, row.owner, row.deadline, row.measure]


def neutralise(cell: str) -> str:
    """Make a cell inert in a spreadsheet: a leading = + - @ tab or CR gets a quote first."""
    return text_cell(cell)


def _spreadsheet_rows(agenda: Agenda) -> list[list[str]]:
    return [[neutralise(c) for c in agenda.headers]] + [
        [neutralise(c) for c in row_cells(row)] for row in agenda.rows
    ]


def agenda_csv(agenda: Agenda) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(_spreadsheet_rows(agenda))
    return buffer.getvalue()


def _md_cell(text: str) -> str:
    # A Markdown table cell: escape the pipe; a line break becomes <br>.
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    # Markdown may be shown as HTML: keep input text from becoming markup.
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " <br> ".join(line.strip() for line in text.splitlines()) if "\n" in text else text


#: Characters that start Markdown markup inside a line of text.
_MD_SPECIAL = "\\`*_[]!~|"


def _md_text(text: str) -> str:
    """Text for a Markdown heading or paragraph: markup and HTML shown, not run."""
    text = " ".join(text.split())  # a heading is one line
    text = "".join(f"\\{ch}" if ch in _MD_SPECIAL else ch for ch in text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def agenda_markdown(agenda: Agenda) -> str:
    lines = [f"# {_md_text(agenda.title)}: {_md_text(agenda.municipality)}", ""]
    lines.append("| " + " | ".join(_md_cell(h) for h in agenda.headers) + " |")
    lines.append("|" + "|".join(" --- " for _ in agenda.headers) + "|")
    for row in agenda.rows:
        lines.append("| " + " | ".join(_md_cell(c) or " " for c in row_cells(row)) + " |")
    return "\n".join(lines) + "\n"


def agenda_xlsx(agenda: Agenda, path: Path, created: dt.date | None = None) -> None:
    """Write the agenda as an XLSX sheet with wrapped text and sensible column widths."""
    path.write_bytes(agenda_xlsx_bytes(agenda, created))


def agenda_xlsx_bytes(agenda: Agenda, created: dt.date | None = None) -> bytes:
    """The agenda as XLSX bytes; the same agenda and date give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = agenda.title[:31]
    rows = _spreadsheet_rows(agenda)
    for r, cells in enumerate(rows, start=1):
        for c, value in enumerate(cells, start=1):
            cell = sheet.cell(row=r, column=c)
            # Explicitly a string, never a formula, whatever the text starts with.
            cell.value = value
            cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F3A5F")
    for letter, width in zip("ABCDEF", (10, 28, 60, 18, 16, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    workbook.properties.creator = "quickscan"
    return workbook_bytes(workbook, created)


def write_agenda(
    agenda: Agenda,
    path: Path | str,
    inputs: Iterable[Path | str] = (),
    created: dt.date | None = None,
) -> Path:
    """Write the agenda in the format of `path`'s suffix (.xlsx, .csv or .md), atomically."""
    from quickscan.output import atomic_output

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in AGENDA_FORMATS:
        raise OutputError(
            problems=[
                Problem(
                    code="bad-agenda-suffix",
                    message=f"cannot write the agenda as '{target.suffix or target.name}'",
                    location=Location(file=str(target)),
                    hint="use a name ending in .xlsx, .csv or .md",
                )
            ]
        )
    with atomic_output(target, inputs) as temp:
        if suffix == ".xlsx":
            temp.write_bytes(agenda_xlsx_bytes(agenda, created))
        elif suffix == ".csv":
            # BOM: spreadsheet programs then read the accents correctly.
            temp.write_text(agenda_csv(agenda), encoding="utf-8-sig", newline="")
        else:
            temp.write_text(agenda_markdown(agenda), encoding="utf-8")
    return target
