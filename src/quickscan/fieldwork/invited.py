"""Reading `invited.csv`: how many people per municipality and group were invited.

Columns `municipality_code, group, invited` (any order, any case; other columns are ignored
with a warning). Groups may be written as any alias or label of the questionnaire. Every
problem is collected; rows with an error are left out and the rest is used.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from quickscan.errors import Location, Problem, excerpt
from quickscan.fieldwork.status import InvitedCount, normalise_code
from quickscan.limits import TooLarge, capped_read_problem, read_capped
from quickscan.questionnaire.models import Questionnaire, normalise_label

INVITED_COLUMNS = ("municipality_code", "group", "invited")
#: Larger files are not an invitation list; refuse them instead of reading them into memory.
MAX_INVITED_BYTES = 5_000_000


def read_invited(
    path: Path, questionnaire: Questionnaire, delimiter: str | None = None
) -> tuple[list[InvitedCount], list[Problem]]:
    """The usable rows of an invited file and every problem found in it."""
    problems: list[Problem] = []
    where = str(path)

    def problem(code: str, message: str, severity: str = "error", **loc: object) -> None:
        problems.append(
            Problem(
                code=code,
                message=message,
                location=Location(file=where, **loc),  # type: ignore[arg-type]
                severity=severity,  # type: ignore[arg-type]
                hint=hints.get(code),
            )
        )

    hints = {
        "invited-unreadable": "give a CSV file with the columns municipality_code, group, invited",
        "invited-missing-column": "the header needs municipality_code, group and invited",
        "invited-unknown-group": "use a group id, label or alias of the questionnaire",
        "invited-bad-number": "write a whole number of 0 or more",
        "invited-duplicate": "give each municipality and group once",
        "invited-duplicate-column": "remove or rename one of the two columns",
    }
    try:
        # Capped by the bytes read: st_size is 0 for a pipe or a device such as /dev/zero.
        raw = read_capped(path, MAX_INVITED_BYTES)
    except (TooLarge, OSError) as exc:
        problems.append(
            capped_read_problem(
                exc,
                file=where,
                code="invited-unreadable",
                what="the invited file",
                too_large_for="a list of counts",
                hint=hints["invited-unreadable"],
            )
        )
        return [], problems
    from quickscan.answers.encoding import MixedEncoding, decode_small

    try:
        text, _ = decode_small(raw)
    except MixedEncoding as exc:
        problem("invited-unreadable", str(exc), row=exc.row)
        return [], problems
    except UnicodeDecodeError:
        problem("invited-unreadable", "the invited file is neither UTF-8 nor Windows-1252 text")
        return [], problems
    lines = text.splitlines()
    if lines and lines[0].lower().startswith("sep=") and len(lines[0]) <= 6:
        delimiter = delimiter or lines[0][4:5] or None
        text = "\n".join(lines[1:])
    if not text.strip():
        problem("invited-unreadable", "the invited file is empty")
        return [], problems
    if delimiter is None:
        first_line = text.splitlines()[0]
        delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [normalise_label(cell) for cell in next(reader)]
    positions: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.replace(" ", "_")
        if key in positions:
            # Two columns that look alike: which one holds the counts cannot be guessed.
            problem(
                "invited-duplicate-column",
                f"column {index + 1} ('{excerpt(name)}') repeats column {positions[key] + 1}",
                row=1,
                field=name,
            )
        elif key in INVITED_COLUMNS:
            positions[key] = index
        elif name:
            problem(
                "invited-extra-column",
                f"column '{excerpt(name)}' is not used",
                severity="warning",
                row=1,
                field=name,
            )
    missing = [c for c in INVITED_COLUMNS if c not in positions]
    if any(p.code == "invited-duplicate-column" for p in problems):
        return [], problems
    if missing:
        problem(
            "invited-missing-column",
            f"the invited file has no column {', '.join(missing)}",
            row=1,
        )
        return [], problems

    counts: list[InvitedCount] = []
    seen: dict[tuple[str, str], int] = {}
    for row_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: row[i].strip() if i < len(row) else "" for c, i in positions.items()}
        ok = True
        code = normalise_code(cells["municipality_code"])
        if not code:
            problem(
                "invited-missing-value",
                "the municipality code is empty",
                row=row_number,
                field="municipality_code",
            )
            ok = False
        group = questionnaire.match_group(cells["group"]) if cells["group"] else None
        if group is None:
            problem(
                "invited-unknown-group",
                f"unknown group '{excerpt(cells['group'])}'"
                if cells["group"]
                else "the group is empty",
                row=row_number,
                field="group",
            )
            ok = False
        number = _whole_number(cells["invited"])
        if number is None:
            problem(
                "invited-bad-number",
                f"'{excerpt(cells['invited'])}' is not a number of people",
                row=row_number,
                field="invited",
            )
            ok = False
        if not ok or group is None or number is None:
            continue
        if (code, group) in seen:
            problem(
                "invited-duplicate",
                f"{code} {group} is also on row {seen[(code, group)]}; this row is left out",
                row=row_number,
            )
            continue
        seen[(code, group)] = row_number
        counts.append(InvitedCount(municipality_code=code, group=group, invited=number))
    return counts, problems


def _whole_number(text: str) -> int | None:
    """'120', '1.200' or '1 200' (Dutch thousands) -> 120 / 1200; anything else -> None."""
    compact = text.replace(" ", "").replace("\u00a0", "")
    if compact.isdigit():
        return int(compact)
    parts = compact.split(".")
    if (
        len(parts) > 1
        and parts[0].isdigit()
        and all(len(p) == 3 and p.isdigit() for p in parts[1:])
    ):
        return int("".join(parts))
    if compact.endswith(".0") and compact[:-2].isdigit():
        return int(compact[:-2])
    return None


def invited_group_sizes(path: Path, questionnaire: Questionnaire) -> dict[tuple[str, str], int]:
    """(municipality code, group id) -> invited, for the intervals' finite-population
    correction (`score --invited`, `compare --invited`). Refused (UsageError) when the file
    has errors; its warnings are returned to nobody, as the rows they concern are usable."""
    from quickscan.errors import UsageError

    counts, problems = read_invited(path, questionnaire)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise UsageError(problems=errors)
    return {(c.municipality_code, c.group): c.invited for c in counts}
