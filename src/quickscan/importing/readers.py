"""One small reader per platform, all returning the same `ExportTable`.

The file itself is read by the answer readers every command uses (`answers/sources.py`: CSV
with its encodings and delimiters, XLSX, and `answers/spss.py`); a platform reader only
knows its layout: how many header rows there are and where the question texts stand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pyarrow as pa

from quickscan.answers.problems import make_problem
from quickscan.answers.sources import KnownColumns, RawTable, read_table
from quickscan.answers.spss import SPSS_MAGIC, read_spss
from quickscan.errors import Problem
from quickscan.importing.platforms import PLATFORMS, QUICKSCAN, Platform, detect


@dataclass
class ExportTable:
    """A platform export as text: header names, question texts, answer columns.

    `texts[i]` are the texts column i may be matched on (its name first); `columns[i]` holds
    only answer rows (the extra header rows of Qualtrics and SurveyMonkey are gone); `rows[k]`
    is the spreadsheet row of answer row k.
    """

    file: str
    platform: Platform
    detected: bool
    headers: list[str]
    texts: list[list[str]]
    columns: list[pa.ChunkedArray]
    rows: np.ndarray
    sha256: str
    value_labels: dict[int, dict[str, str]] = field(default_factory=dict)
    user_missing: dict[int, frozenset[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def n_rows(self) -> int:
        return len(self.rows)


def _first_cells(raw: RawTable, k: int) -> list[list[str]]:
    """The first `k` data rows as lists of cells (for header rows and detection)."""
    n = min(k, raw.n_rows)
    return [[raw.columns[i][r].as_py() or "" for i in range(len(raw.header))] for r in range(n)]


def _table(raw: RawTable, platform: Platform, detected: bool, skip: int) -> ExportTable:
    return ExportTable(
        file=raw.file,
        platform=platform,
        detected=detected,
        headers=list(raw.header),
        texts=[[h] for h in raw.header],
        columns=[raw.columns[i].slice(skip) for i in range(len(raw.header))],
        rows=raw.rows[skip:],
        sha256=raw.sha256,
        value_labels=dict(raw.value_labels),
        user_missing=dict(raw.user_missing),
    )


def _plain(raw: RawTable, platform: Platform, detected: bool) -> ExportTable:
    """LimeSurvey, Forms, Kobo and quickscan's own layout: one header row of names or texts."""
    return _table(raw, platform, detected, 0)


def _qualtrics(raw: RawTable, platform: Platform, detected: bool) -> ExportTable:
    """Names, then question texts ('question - statement'), then `{"ImportId": ...}`."""
    first = _first_cells(raw, 2)
    has_import_ids = len(first) > 1 and any(c.lstrip().startswith('{"ImportId"') for c in first[1])
    table = _table(raw, platform, detected, 2 if has_import_ids else min(1, len(first)))
    if first:
        table.texts = [[h, t] for h, t in zip(raw.header, first[0], strict=True)]
    if not has_import_ids:
        table.notes.append("no ImportId row: read as an older two-row Qualtrics export")
    return table


def _surveymonkey(raw: RawTable, platform: Platform, detected: bool) -> ExportTable:
    """A question row (written once above a matrix) and a row of statements or 'Response'."""
    first = _first_cells(raw, 1)
    table = _table(raw, platform, detected, min(1, len(first)))
    if first:
        texts: list[list[str]] = []
        question = ""
        for name, sub in zip(raw.header, first[0], strict=True):
            question = name if name.strip() else question
            sub = sub.strip()
            if not sub or sub.casefold() in ("response", "open-ended response", "antwoord"):
                texts.append([question])
            else:
                texts.append([f"{question} - {sub}", sub])
        table.texts = texts
        table.headers = [t[0] for t in texts]
    return table


def _spss(raw: RawTable, platform: Platform, detected: bool) -> ExportTable:
    """Variable names, with the variable labels (the question texts) to match on."""
    table = _table(raw, platform, detected, 0)
    table.texts = [
        [h, raw.column_labels[i]] if i in raw.column_labels else [h]
        for i, h in enumerate(raw.header)
    ]
    return table


READERS: dict[str, Callable[[RawTable, Platform, bool], ExportTable]] = {
    "limesurvey": _plain,
    "qualtrics": _qualtrics,
    "surveymonkey": _surveymonkey,
    "forms": _plain,
    "kobo": _plain,
    "spss": _spss,
    "quickscan": _plain,
}


def read_export(
    source: Path,
    platform_name: str,
    problems: list[Problem],
    *,
    sheet: str | None = None,
    known: KnownColumns | None = None,
) -> ExportTable | None:
    """Read one export; `platform_name` 'auto' detects it. Problems go to `problems`."""
    label = str(source)
    select: Callable[[list[str]], list[int]] = lambda header: list(range(len(header)))  # noqa: E731
    is_spss = False
    try:
        with source.open("rb") as handle:
            is_spss = handle.read(4) in SPSS_MAGIC
    except OSError:
        pass  # read_table reports a missing or unreadable file
    if is_spss:
        raw = read_spss(source, label, select, problems, keep_codes=True)
    else:
        raw = read_table(source, select, problems, sheet=sheet, known=known)
    if raw is None:
        return None
    for row, cells, text in raw.ragged[:20]:
        # Left out by the reader: an import must not lose respondents without saying so.
        problems.append(
            make_problem(
                "ragged-row",
                f"the row has {cells} cells but the header has {len(raw.header)}",
                file=label,
                row=row,
                value=text or None,
                hint="a cell with the delimiter or a line break in it must be in double quotes",
            )
        )
    if len(raw.ragged) > 20:
        more = make_problem(
            "ragged-row",
            f"... and {len(raw.ragged) - 20} more rows with the wrong number of cells",
            file=label,
        )
        problems.append(replace(more, count=len(raw.ragged) - 20))
    detected = platform_name == "auto"
    if is_spss and detected:
        platform = PLATFORMS["spss"]
    elif detected:
        found = detect(raw.header, _first_cells(raw, 2))
        platform = found or QUICKSCAN
        if found is None and known is not None and known(raw.header) == 0:
            problems.append(
                make_problem(
                    "unknown-platform",
                    "cannot tell which survey platform exported this file, and none of its "
                    "columns is known",
                    file=label,
                    hint="name it with --from limesurvey|qualtrics|surveymonkey|forms|kobo|spss",
                )
            )
            return None
    else:
        platform = PLATFORMS[platform_name]
    table = READERS[platform.name](raw, platform, detected)
    if raw.sheet is not None:
        table.notes.append(f"sheet '{raw.sheet}'")
    if raw.title_row is not None:
        table.notes.append(f"title row {raw.title_row} skipped")
    return table
