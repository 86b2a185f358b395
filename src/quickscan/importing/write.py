"""Write the imported answers as a normal quickscan answer file: CSV or XLSX by suffix.

The file is the audit trail of the import: plain columns a colleague can open, read by
`check`, `score`, `report` and `compare` like any answer file. It is written atomically and
never over an input.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from quickscan.errors import UsageError
from quickscan.output import atomic_output


def check_answers_path(output: Path) -> str:
    """The output's format from its suffix, '.csv' or '.xlsx'; anything else is refused."""
    suffix = output.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise UsageError(
            f"cannot tell the format of '{output.name}'",
            hint="give the output a .csv or .xlsx name",
        )
    return suffix


def write_answers(table: pa.Table, output: Path, inputs: Sequence[Path] = ()) -> None:
    suffix = check_answers_path(output)
    with atomic_output(output, inputs) as temp:
        if suffix == ".csv":
            pacsv.write_csv(
                table,
                temp,
                write_options=pacsv.WriteOptions(quoting_style="needed", batch_size=65536),
            )
        else:
            _write_xlsx(table, temp)


def _write_xlsx(table: pa.Table, path: Path) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("answers")
    sheet.append(table.column_names)
    columns = [column.to_pylist() for column in table.columns]
    for row in zip(*columns, strict=True):
        sheet.append(list(row))
    workbook.save(path)
