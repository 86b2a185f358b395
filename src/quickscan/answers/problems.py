"""The problems reading answer files can find: stable codes, and a log that caps repeats.

Codes are part of the interface (`quickscan check --json`, docs/answers.md): never rename
one. A broken million-row file must not produce a million messages, so `ProblemLog` keeps
the first `MAX_PER_KEY` problems per (code, file, column), counts the rest and adds one
"and N more" problem in their place.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from itertools import islice

from quickscan.errors import Location, Problem, Severity, excerpt

#: How many problems of one code in one column of one file are kept word for word.
MAX_PER_KEY = 20


@dataclass(frozen=True)
class ProblemKind:
    code: str
    severity: Severity
    meaning: str
    #: True when `strict=True` turns this warning into an error.
    strict_error: bool = False


_KINDS = [
    # --- the file as a whole --------------------------------------------------------------
    ProblemKind("file-not-found", "error", "The answer file does not exist."),
    ProblemKind("file-unreadable", "error", "The path is a folder, or the file cannot be read."),
    ProblemKind(
        "unsupported-format",
        "error",
        "The file is neither CSV (text) nor XLSX, e.g. an old .xls or .ods workbook.",
    ),
    ProblemKind(
        "invalid-encoding", "error", "The text is neither UTF-8 nor Windows-1252 (cp1252)."
    ),
    ProblemKind(
        "mixed-encoding",
        "error",
        "The file has UTF-8 text and also bytes that are not UTF-8 (Windows-1252 pasted into "
        "a UTF-8 file, or the reverse); read either way, letters would be garbled. The row "
        "of the first such byte is named.",
    ),
    ProblemKind(
        "encoding-cp1252",
        "warning",
        "The file is not UTF-8 and has no UTF-8 text at all; it was read as Windows-1252 "
        "(cp1252), the encoding of Excel's plain 'CSV' on Windows.",
    ),
    ProblemKind(
        "file-too-large",
        "error",
        "The file is larger than the row limit allows (512 bytes per row, 1 GB by default), "
        "or an XLSX workbook unpacks to more than 1 GB or packs a part more than 200 times "
        "(a zip bomb); it is refused before it is read. `--max-rows` raises the limit.",
    ),
    ProblemKind(
        "too-many-rows",
        "error",
        "The file has more data rows than the row limit (2,000,000 by default; CSV lines are "
        "counted before parsing); `--max-rows` raises it.",
    ),
    ProblemKind(
        "formula-without-value",
        "error",
        "An XLSX cell holds a formula whose result was never saved (a workbook written by a "
        "script and never opened in Excel); its answer cannot be read. The cell is named, "
        "e.g. `Blad1!C7`.",
    ),
    ProblemKind("csv-parse-error", "error", "The CSV cannot be parsed at all."),
    ProblemKind("sheet-not-found", "error", "The workbook has no sheet with the given name."),
    ProblemKind("empty-file", "error", "The file has no header row, or no data rows."),
    # --- added for platform exports (quickscan import, docs/import.md) -------------------
    ProblemKind(
        "platform-export",
        "error",
        "The file is a survey platform's export (LimeSurvey, Qualtrics, ...), not an answer "
        "file: convert it with `quickscan import`.",
    ),
    ProblemKind(
        "title-row",
        "warning",
        "An XLSX sheet has a one-cell title row above the header; it is skipped.",
    ),
    ProblemKind(
        "total-row",
        "error",
        "An XLSX sheet has a row of totals or averages (`Gemiddelde`, `Totaal`) under the "
        "answers; the file is refused.",
    ),
    ProblemKind(
        "duplicate-file", "error", "The same file (same content) is given twice; it is read once."
    ),
    # --- the header -----------------------------------------------------------------------
    ProblemKind(
        "missing-column",
        "error",
        "A required column is missing: respondent_id, group, and municipality_code or "
        "municipality_name.",
    ),
    ProblemKind(
        "duplicate-column",
        "error",
        "Two columns mean the same thing: the same header twice, headers that differ only in "
        "case or spaces (`GR01`, `gr01 `), or two aliases of one column (`gemeente` and "
        "`gemeentenaam`). The first one is used.",
    ),
    ProblemKind(
        "unknown-column",
        "warning",
        "A header that is neither a known column nor an item or open question of the "
        "questionnaire; the column is ignored.",
        strict_error=True,
    ),
    ProblemKind(
        "unnamed-column",
        "error",
        "A column with an empty or blank header holds values: its answers cannot be assigned "
        "to a question, so the file is not scored until the column has a header or is "
        "deleted.",
    ),
    ProblemKind(
        "missing-item-column",
        "warning",
        "Items of the questionnaire have no column in the file; they count as unanswered.",
        strict_error=True,
    ),
    # --- rows and cells -------------------------------------------------------------------
    ProblemKind(
        "ragged-row",
        "error",
        "A row has more or fewer cells than the header (often an unquoted delimiter or a "
        "broken quote); the row is left out.",
    ),
    ProblemKind(
        "missing-value",
        "error",
        "A row has no respondent id, no group, or neither a municipality code nor name; "
        "the row is left out.",
    ),
    ProblemKind(
        "duplicate-respondent",
        "error",
        "The same respondent id appears twice for one municipality and wave (in one file or "
        "across files); the later row is left out.",
    ),
    ProblemKind(
        "unknown-group",
        "error",
        "The group is not a group id, label or alias of the questionnaire; the row is left out.",
    ),
    ProblemKind(
        "invalid-municipality-code",
        "error",
        "A municipality code is not `GM` followed by four digits (CBS code, e.g. GM0363); "
        "the row is left out.",
    ),
    ProblemKind(
        "mixed-municipality-names",
        "error",
        "One municipality code appears with two different municipality names.",
    ),
    ProblemKind(
        "out-of-scale",
        "error",
        "An answer is a number that is not a code of the item's scale (e.g. 6 or 4.5); the "
        "cell counts as unanswered.",
    ),
    ProblemKind(
        "non-numeric",
        "error",
        "An answer is text that is neither a code nor a label of the item's scale; the cell "
        "counts as unanswered.",
    ),
    ProblemKind(
        "item-not-applicable",
        "warning",
        "A respondent answered an item (or open question) that is not asked of their group; "
        "the answer is ignored.",
    ),
    # --- background columns and weights (answers/background.py) ---------------------------
    ProblemKind(
        "invalid-category",
        "error",
        "A background column (age band, gender, education, mode) holds a value that is not "
        "one of the characteristic's categories or their labels.",
    ),
    ProblemKind(
        "invalid-weight",
        "error",
        "The weight column holds a value that is not a positive number.",
    ),
]

#: Every problem code reading answers can produce, with its meaning (docs/answers.md).
PROBLEM_KINDS: dict[str, ProblemKind] = {kind.code: kind for kind in _KINDS}


def severity_of(code: str, strict: bool = False) -> Severity:
    kind = PROBLEM_KINDS[code]
    if strict and kind.strict_error:
        return "error"
    return kind.severity


def make_problem(
    code: str,
    message: str,
    *,
    file: str | None = None,
    row: int | None = None,
    field: str | None = None,
    value: object = None,
    hint: str | None = None,
    strict: bool = False,
) -> Problem:
    """A Problem with the catalogue's severity; `value` is shortened with `excerpt`."""
    return Problem(
        code=code,
        message=message,
        location=Location(file=file, row=row, field=field),
        severity=severity_of(code, strict),
        value=None if value is None else excerpt(value),
        hint=hint,
    )


Key = tuple[str, str | None, str | None]


class ProblemLog:
    """Collects problems in order, keeping at most `cap` per key and counting all of them."""

    def __init__(self, cap: int = MAX_PER_KEY) -> None:
        self.cap = cap
        self._entries: list[tuple[Key, Problem]] = []
        self._counts: Counter[Key] = Counter()
        self._templates: dict[Key, Problem] = {}

    @staticmethod
    def key_of(problem: Problem) -> Key:
        return (problem.code, problem.location.file, problem.location.field)

    def add(self, problem: Problem, key: Key | None = None) -> None:
        key = key or self.key_of(problem)
        self._counts[key] += 1
        if self._counts[key] <= self.cap:
            self._entries.append((key, problem))
            self._templates.setdefault(key, problem)

    def add_counted(self, problems: Iterable[Problem], total: int, key: Key) -> None:
        """Add the first problems of a vectorised check whose `total` is already known."""
        room = max(self.cap - self._counts[key], 0)
        for problem in islice(problems, room):
            self._entries.append((key, problem))
            self._templates.setdefault(key, problem)
        self._counts[key] += total

    def count(self, code: str) -> int:
        """All problems with this code, including those not kept word for word."""
        return sum(n for key, n in self._counts.items() if key[0] == code)

    @property
    def has_errors(self) -> bool:
        return any(p.severity == "error" for _, p in self._entries)

    def problems(self) -> list[Problem]:
        """The kept problems, file by file in row order (file and header problems first).

        A capped key's "and N more" summary follows its last kept problem when those are
        about the header, and ends its file's block when they are about rows.
        """
        files: dict[str | None, int] = {}
        ordered: list[tuple[tuple[float, ...], Problem]] = []
        last: dict[Key, tuple[float, ...]] = {}
        for seq, (key, problem) in enumerate(self._entries):
            rank = files.setdefault(problem.location.file, len(files))
            row = problem.location.row
            place: tuple[float, ...] = (rank, 0, 0, seq) if row is None else (rank, 1, row, seq)
            ordered.append((place, problem))
            last[key] = place
        for key, place in last.items():
            more = self._counts[key] - self.cap
            if more <= 0:
                continue
            template = self._templates[key]
            where = f" in column {key[2]}" if key[2] else ""
            summary = replace(
                template,
                message=f"... and {more} more '{key[0]}' problems{where} "
                f"({self._counts[key]} in total)",
                location=Location(file=key[1], field=key[2]),
                value=None,
                count=more,
            )
            file_rank, kind, last_row, last_seq = place
            after: tuple[float, ...]
            if kind == 0 or last_row <= 1:
                after = (file_rank, kind, last_row, last_seq + 0.5)
            elif key[1] is None:
                after = (len(files), 2, 0, last_seq)
            else:
                after = (file_rank, 2, 0, last_seq)
            ordered.append((after, summary))
        ordered.sort(key=lambda pair: pair[0])
        return [problem for _, problem in ordered]
