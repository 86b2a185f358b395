"""Read and validate answer files into an `AnswerSet`: `read_answers` and `check_answers`.

Every problem in every file is collected (capped per column, see `problems.py`) before
anything is raised. `check_answers` never raises for data problems: it returns what is
usable, so `quickscan status` works on messy files in the middle of fieldwork.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from quickscan.answers.answer_set import AnswerSet
from quickscan.answers.columns import ColumnMap, map_columns
from quickscan.answers.combine import combine
from quickscan.answers.problems import ProblemLog, make_problem
from quickscan.answers.sources import RawTable, parse_delimiter, read_table
from quickscan.answers.validate import Checker, FilePart, check_file
from quickscan.errors import AnswersError, Problem, UsageError
from quickscan.questionnaire.models import Questionnaire

if TYPE_CHECKING:
    from quickscan.results import InputFile

Source = Path | str


def read_answers(
    sources: Sequence[Source] | Source,
    questionnaire: Questionnaire,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    max_rows: int | None = None,
) -> AnswerSet:
    """Read answer files; raise `AnswersError` with every problem if any error is found.

    Warnings end up in `AnswerSet.problems`. `max_rows` is the row limit per file (default:
    `quickscan.limits.max_rows()`, which `--max-rows` sets).
    """
    answers, problems = check_answers(
        sources, questionnaire, delimiter=delimiter, sheet=sheet, strict=strict, max_rows=max_rows
    )
    # Totals count every problem, also those a grouped or "... and N more" line stands for.
    errors = sum(p.count for p in problems if p.severity == "error")
    if errors or answers is None:
        summary = f"the answer data has {_plural(errors, 'error')}"
        warnings = sum(p.count for p in problems if p.severity != "error")
        if warnings:
            summary += f" and {_plural(warnings, 'warning')}"
        raise AnswersError(
            summary,
            problems=problems,
            hint="fix the files and run again; `quickscan check` lists the same problems",
        )
    return answers


def check_answers(
    sources: Sequence[Source] | Source,
    questionnaire: Questionnaire,
    *,
    delimiter: str | None = None,
    sheet: str | None = None,
    strict: bool = False,
    max_rows: int | None = None,
) -> tuple[AnswerSet | None, list[Problem]]:
    """Validate answer files without raising for data problems.

    Returns the AnswerSet of the usable rows (None when no file could be read at all) and
    all problems, errors and warnings. A bad answer cell becomes MISSING and the row keeps
    its other answers; a row without a usable respondent id, group or municipality, a
    ragged row and a repeated respondent are left out.
    """
    if isinstance(sources, str | Path):
        sources = [sources]
    if not sources:
        raise UsageError("no answer files given", hint="give one or more .csv or .xlsx files")
    parse_delimiter(delimiter)  # a bad argument is a usage error, found before any file

    log = ProblemLog()
    checker = Checker(questionnaire, strict)
    parts: list[FilePart] = []
    inputs: list[InputFile] = []  # imported below, once the first file is parsed
    seen: dict[str, str] = {}
    for source in sources:
        part = _read_file(source, checker, log, delimiter=delimiter, sheet=sheet, max_rows=max_rows)
        if part is None:
            continue
        if part.sha256 in seen:
            log.add(
                make_problem(
                    "duplicate-file",
                    f"this file has the same content as {seen[part.sha256]}; it is read once",
                    file=part.file,
                    hint="give each answer file once",
                )
            )
            continue
        seen[part.sha256] = part.file
        # The result models load on the preload thread while a big file parses.
        from quickscan.results import InputFile

        inputs.append(InputFile(file=part.file, rows=part.rows_in_file, sha256=part.sha256))
        if part.usable:
            parts.append(part)

    if not inputs:
        return None, log.problems()
    answers = combine(parts, questionnaire, checker.dtype, log)
    from quickscan.answers.background import carries_background, check_background

    if carries_background(answers, questionnaire):
        # Background categories and weights are answers too: checked on every read, with
        # or without --population, like an item against its scale (docs/methodology.md 14.1).
        check_background(answers, questionnaire, log)
    problems = log.problems()
    answers.inputs = inputs
    answers.problems = [p for p in problems if p.severity == "warning"]
    return answers, problems


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _read_file(
    source: Source,
    checker: Checker,
    log: ProblemLog,
    *,
    delimiter: str | None,
    sheet: str | None,
    max_rows: int | None = None,
) -> FilePart | None:
    """Read one file and check its header and rows; None when it cannot be read at all."""
    problems: list[Problem] = []
    mapped: list[ColumnMap] = []

    def select(header: list[str]) -> list[int]:
        columns = map_columns(
            header,
            checker.questionnaire,
            file=str(source),
            strict=checker.strict,
            problems=problems,
        )
        mapped.append(columns)
        return columns.needed()

    raw = read_table(
        source,
        select,
        problems,
        delimiter=delimiter,
        sheet=sheet,
        row_limit=max_rows,
        known=_known(checker),
    )
    if raw is not None and mapped:
        hint = _platform_hint(raw, mapped[0])
        if hint is not None:
            # One message instead of a flood of unknown columns and missing values.
            log.add(hint)
            return None
    for problem in problems:
        if raw is not None and raw.header_row != 1 and problem.location.row == 1:
            # The header sits lower in the sheet: point at its real row.
            problem = replace(problem, location=replace(problem.location, row=raw.header_row))
        # Unknown columns are capped per file, not per column (exports can add dozens).
        field = None if problem.code == "unknown-column" else problem.location.field
        log.add(problem, key=(problem.code, problem.location.file, field))
    if raw is None:
        return None
    return check_file(raw, mapped[0], checker, log)


def _known(checker: Checker) -> Callable[[list[str]], int]:
    """For choosing an XLSX sheet: how many headers are known columns, items or questions."""
    from quickscan.answers.columns import FIELD_ALIASES, header_key

    names = {header_key(a) for aliases in FIELD_ALIASES.values() for a in aliases}
    names |= {header_key(i.id) for i in checker.questionnaire.all_items}
    names |= {header_key(o.id) for o in checker.questionnaire.all_open_questions}
    return lambda header: sum(header_key(h) in names for h in header)


def _platform_hint(raw: RawTable, columns: ColumnMap) -> Problem | None:
    """'0 of 64 columns are known; this looks like a Qualtrics export' or None."""
    from quickscan.importing.platforms import detect

    known = len(columns.fields) + len(columns.items) + len(columns.open_questions)
    total = sum(bool(h.strip()) for h in raw.header)
    if known * 2 >= total:
        return None
    platform = detect(raw.header)
    spss = bool(raw.column_labels or raw.value_labels)
    if platform is None and not spss:
        return None
    title = platform.title if platform is not None else "SPSS"
    return make_problem(
        "platform-export",
        f"{known} of {total} columns are known; this looks like "
        f"{'an' if title[0] in 'AEIOSU' else 'a'} {title} export: "
        "run `quickscan import` (docs/import.md)",
        file=raw.file,
        hint="quickscan import EXPORT -o answers.csv maps it onto the questionnaire",
    )
