"""Blank answer files and the codebook: what fieldwork and data entry start from.

The column order here is the order of the printed questionnaire (areas in number order,
their items in file order, then maatwerk items, then open questions), so typing in paper
forms follows the page.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from quickscan.output import atomic_output
from quickscan.questionnaire.models import Questionnaire

META_COLUMNS = ["respondent_id", "municipality_code", "municipality_name", "group", "wave"]
CODEBOOK_COLUMNS = [
    "item",
    "area",
    "group_scope",
    "scale_min",
    "scale_max",
    "dont_know",
    "reverse",
    "text_nl",
    "text_en",
]
MAATWERK_AREA = "maatwerk"


def template_columns(questionnaire: Questionnaire, group: str | None = None) -> list[str]:
    """The header of an answer file; with `group`, only the questions that group is asked.

    A group's template follows its printed form one to one, so typists of paper forms
    never skip columns.
    """
    return [
        *META_COLUMNS,
        *(item.id for item in questionnaire.all_items if group is None or item.applies_to(group)),
        *(
            question.id
            for question in questionnaire.all_open_questions
            if group is None or question.groups is None or group in question.groups
        ),
    ]


def codebook_rows(questionnaire: Questionnaire) -> list[dict[str, str]]:
    """One row per item and open question, in template order (the documented format)."""
    rows: list[dict[str, str]] = []
    for item in questionnaire.all_items:
        scale = questionnaire.scale(item.scale)
        rows.append(
            {
                "item": item.id,
                "area": questionnaire.area_of(item.id) or MAATWERK_AREA,
                "group_scope": ";".join(item.groups) if item.groups is not None else "",
                "scale_min": str(scale.min),
                "scale_max": str(scale.max),
                "dont_know": ";".join(str(code) for code in scale.dont_know_codes),
                "reverse": "true" if item.reverse else "false",
                "text_nl": item.text.nl,
                "text_en": item.text.en or "",
            }
        )
    for question in questionnaire.all_open_questions:
        rows.append(
            {
                "item": question.id,
                "area": "",
                "group_scope": ";".join(question.groups) if question.groups is not None else "",
                "scale_min": "",
                "scale_max": "",
                "dont_know": "",
                "reverse": "false",
                "text_nl": question.text.nl,
                "text_en": question.text.en or "",
            }
        )
    return rows


def neutralise(value: str) -> str:
    """Keep a spreadsheet from reading text as a formula (CSV/XLSX injection)."""
    if value and value[0] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def template_csv(questionnaire: Questionnaire, group: str | None = None) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(template_columns(questionnaire, group))
    return buffer.getvalue()


def codebook_csv(questionnaire: Questionnaire) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CODEBOOK_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in codebook_rows(questionnaire):
        writer.writerow({key: neutralise(value) for key, value in row.items()})
    return buffer.getvalue()


def write_template(
    questionnaire: Questionnaire, output: Path, lang: str = "nl", group: str | None = None
) -> None:
    """Write a blank answer file; the format follows the suffix (.csv or .xlsx)."""
    if output.suffix.lower() == ".xlsx":
        with atomic_output(output) as temp:
            from quickscan.xlsx import workbook_bytes

            temp.write_bytes(workbook_bytes(_template_workbook(questionnaire, lang, group)))
    else:
        with atomic_output(output) as temp:
            temp.write_text(template_csv(questionnaire, group), encoding="utf-8")


def write_codebook(questionnaire: Questionnaire, output: Path) -> None:
    with atomic_output(output) as temp:
        temp.write_text(codebook_csv(questionnaire), encoding="utf-8")


#: Rows of the XLSX template that get drop-down validation (data entry of paper forms).
XLSX_ENTRY_ROWS = 2000


def _template_workbook(questionnaire: Questionnaire, lang: str, group: str | None = None) -> Any:
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "answers"
    columns = template_columns(questionnaire, group)
    sheet.append(columns)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDE7F0")
    for index, name in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font = bold
        cell.fill = fill
        sheet.column_dimensions[get_column_letter(index)].width = max(8, len(name) + 2)
    sheet.freeze_panes = "B2"
    last = XLSX_ENTRY_ROWS + 1

    # Lists for drop-downs live on a hidden sheet; inline lists are limited to 255 chars.
    lists = workbook.create_sheet("lists")
    lists.sheet_state = "hidden"
    group_ids = [g.id for g in questionnaire.groups]
    for row, group_id in enumerate(group_ids, start=1):
        lists.cell(row=row, column=1, value=group_id)
    group_column = get_column_letter(columns.index("group") + 1)
    # Formulas are stored without a leading '=' (as Excel itself writes them).
    group_check = DataValidation(
        type="list",
        formula1=f"lists!$A$1:$A${len(group_ids)}",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Unknown group",
        error=f"Choose one of: {', '.join(group_ids)}",
    )
    group_check.add(f"{group_column}2:{group_column}{last}")
    sheet.add_data_validation(group_check)

    def column_range(name: str) -> tuple[str, str]:
        letter = get_column_letter(columns.index(name) + 1)
        return letter, f"{letter}2:{letter}{last}"

    id_letter, id_range = column_range("respondent_id")
    unique_ids = DataValidation(
        type="custom",
        formula1=f"COUNTIF(${id_letter}$2:${id_letter}${last},{id_letter}2)=1",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Duplicate respondent",
        error="This respondent number is already used in another row.",
    )
    unique_ids.add(id_range)
    sheet.add_data_validation(unique_ids)

    code_letter, code_range = column_range("municipality_code")
    cbs_code = DataValidation(
        type="custom",
        formula1=f'AND(LEN({code_letter}2)=6,LEFT({code_letter}2,2)="GM",'
        f"ISNUMBER(--MID({code_letter}2,3,4)))",
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Not a CBS municipality code",
        error="Write GM followed by four digits, e.g. GM0363.",
    )
    cbs_code.add(code_range)
    sheet.add_data_validation(cbs_code)

    item_columns = {
        item.id: columns.index(item.id) + 1
        for item in questionnaire.all_items
        if item.id in columns
    }
    for s_index, scale in enumerate(questionnaire.scales, start=2):
        codes = [*scale.codes, *scale.dont_know_codes]
        for row, code in enumerate(codes, start=1):
            lists.cell(row=row, column=s_index, value=code)
        letter = get_column_letter(s_index)
        ranges = [
            f"{get_column_letter(col)}2:{get_column_letter(col)}{last}"
            for item_id, col in item_columns.items()
            if questionnaire.item(item_id).scale == scale.id
        ]
        if not ranges:
            continue
        allowed = ", ".join(
            f"{o.code} = {o.label.get(lang)}" for o in (*scale.options, *scale.dont_know)
        )
        check = DataValidation(
            type="list",
            formula1=f"lists!${letter}$1:${letter}${len(codes)}",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Not a code of this scale",
            error=allowed[:255],
            showInputMessage=True,
            promptTitle="Answer code",
            prompt=allowed[:255],
        )
        for cell_range in ranges:
            check.add(cell_range)
        sheet.add_data_validation(check)
    # Ids, codes and open answers are text: keeps 007 as 007 and stops "=..." becoming a formula.
    for name in columns:
        if name in item_columns or name == "group":
            continue
        index = columns.index(name) + 1
        for row in range(2, last + 1):
            sheet.cell(row=row, column=index).number_format = "@"

    for item in questionnaire.all_items:
        if item.id not in item_columns:
            continue
        cell = sheet.cell(row=1, column=item_columns[item.id])
        cell.comment = Comment(item.text.get(lang)[:500], "quickscan")

    codebook = workbook.create_sheet("codebook")
    codebook.append(CODEBOOK_COLUMNS)
    for cell in codebook[1]:
        cell.font = bold
        cell.fill = fill
    for entry in codebook_rows(questionnaire):
        codebook.append([neutralise(entry[c]) for c in CODEBOOK_COLUMNS])
    for letter, width in zip("ABCDEFGHI", (10, 30, 22, 9, 9, 9, 8, 70, 70), strict=True):
        codebook.column_dimensions[letter].width = width
    for row in codebook.iter_rows(min_row=2):
        for cell in row[7:]:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    scales = workbook.create_sheet("scales")
    scales.append(["scale", "code", "label_nl", "label_en", "dont_know"])
    for cell in scales[1]:
        cell.font = bold
    for scale in questionnaire.scales:
        for option in scale.options:
            scales.append([scale.id, option.code, option.label.nl, option.label.en or "", "false"])
        for option in scale.dont_know:
            scales.append([scale.id, option.code, option.label.nl, option.label.en or "", "true"])
    return workbook
