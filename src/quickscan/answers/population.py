"""Read `--population population.csv`: the municipality's distribution over background categories.

One row per municipality x characteristic x category, with a `count` (inhabitants) or a
`share` (0-1, or a percentage when a characteristic's shares add up to 100). The format is
in docs/methodology.md ("Population file"). Every problem is collected with its row and
column and raised together; nothing is half read.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from quickscan.answers.columns import header_key
from quickscan.errors import AnswersError, Location, Problem, excerpt, file_problem
from quickscan.limits import TooLarge, capped_read_problem, read_capped
from quickscan.questionnaire.models import Characteristic, Questionnaire, normalise_label

REQUIRED = ("municipality_code", "characteristic", "category")
#: Accepted headers per column (compared with `header_key`).
HEADERS = {
    "municipality_code": ("municipality_code", "gemeentecode", "gm_code"),
    "municipality_name": ("municipality_name", "gemeente", "gemeentenaam"),
    "characteristic": ("characteristic", "kenmerk"),
    "category": ("category", "categorie"),
    "count": ("count", "aantal"),
    "share": ("share", "aandeel"),
}
#: How far a characteristic's shares may stray from 1 (or 100) before it is an error.
SHARE_TOLERANCE = 0.02


@dataclass(frozen=True)
class Population:
    """Shares per municipality code, characteristic id and category (each adds up to 1)."""

    file: str
    shares: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    #: The inhabitants behind the shares, where the file gives counts.
    totals: dict[str, dict[str, float]] = field(default_factory=dict)

    def margins(self, municipality_code: str | None) -> dict[str, dict[str, float]]:
        return self.shares.get(municipality_code or "", {})


#: A population file has a few rows per municipality and characteristic (342 municipalities
#: x 4 characteristics x ~8 categories is some 11,000 rows, well under 1 MB); far larger
#: files are a mistake.
MAX_POPULATION_BYTES = 20_000_000


def read_population(path: Path, questionnaire: Questionnaire) -> Population:
    """Read and check a population file; raises AnswersError with every problem found."""
    file = path.name
    problems: list[Problem] = []

    def problem(code: str, message: str, row: int | None, column: str | None, **kw: str) -> None:
        problems.append(
            Problem(
                code=code,
                message=message,
                location=Location(file=file, row=row, field=column),
                value=kw.get("value"),
                hint=kw.get("hint"),
            )
        )

    try:
        # Capped by the bytes read: st_size is 0 for a pipe or a device such as /dev/zero.
        text = read_capped(path, MAX_POPULATION_BYTES).decode("utf-8-sig")
    except FileNotFoundError:
        # No location: the message names the path as given.
        message = f"population file {path} does not exist"
        raise AnswersError(problems=[file_problem(None, "file-not-found", message)]) from None
    except (TooLarge, OSError) as exc:
        # A folder, a file without read permission, a file over the cap.
        unreadable = capped_read_problem(
            exc,
            file=file,
            code="population-unreadable",
            what="the population file",
            too_large_for="a table of municipalities and categories",
            hint="give the CSV file described in docs/methodology.md 14.2",
        )
        raise AnswersError(problems=[unreadable]) from (exc if isinstance(exc, OSError) else None)
    except UnicodeDecodeError:
        message = f"population file {path} is not UTF-8 text"
        raise AnswersError(problems=[file_problem(file, "invalid-encoding", message)]) from None
    # The delimiter of the header line: comma, semicolon (Dutch Excel) or tab.
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows:
        message = "the population file is empty"
        raise AnswersError(problems=[file_problem(file, "empty-file", message)])
    header = rows[0]
    keys = {header_key(h): i for i, h in enumerate(header)}
    column: dict[str, int] = {}
    for name, spellings in HEADERS.items():
        for spelling in spellings:
            if spelling in keys:
                column[name] = keys[spelling]
                break
    for name in REQUIRED:
        if name not in column:
            problem(
                "missing-column",
                f"required column '{name}' is missing",
                1,
                None,
                hint="columns: municipality_code, characteristic, category, and count or "
                "share (see docs/methodology.md)",
            )
    if "count" not in column and "share" not in column:
        problem("missing-column", "the file needs a column 'count' or 'share'", 1, None)
    if problems:
        raise AnswersError(problems=problems)

    characteristics = _characteristics(questionnaire)
    # A population file repeats a handful of spellings thousands of times: decide each once.
    find_characteristic: dict[str, Characteristic | None] = {}
    find_category: dict[tuple[str, str], str | None] = {}
    values: dict[tuple[str, str, str], tuple[float, str, int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problem(
                "ragged-row", f"row has {len(row)} cells, the header {len(header)}", number, None
            )
            continue
        code = row[column["municipality_code"]].strip().upper()
        if not (len(code) == 6 and code.startswith("GM") and code[2:].isdigit()):
            problem(
                "invalid-municipality-code",
                f"'{excerpt(code)}' is not a municipality code",
                number,
                header[column["municipality_code"]],
                value=excerpt(code),
                hint="GM followed by four digits, e.g. GM0363",
            )
            continue
        spelled = row[column["characteristic"]]
        if spelled not in find_characteristic:
            find_characteristic[spelled] = characteristics.get(normalise_label(spelled))
        characteristic = find_characteristic[spelled]
        if characteristic is None:
            problem(
                "unknown-characteristic",
                f"'{excerpt(spelled)}' is not a background characteristic of the questionnaire",
                number,
                header[column["characteristic"]],
                value=excerpt(spelled),
                hint="known: " + ", ".join(c.id for c in characteristics.values()),
            )
            continue
        category_text = row[column["category"]]
        category_key = (characteristic.id, category_text)
        if category_key not in find_category:
            find_category[category_key] = _category(characteristic, category_text)
        category = find_category[category_key]
        if category is None:
            problem(
                "invalid-category",
                f"'{excerpt(category_text)}' is not a category of {characteristic.id}",
                number,
                header[column["category"]],
                value=excerpt(category_text),
                hint="allowed: " + ", ".join(c.code for c in characteristic.categories),
            )
            continue
        kind = "count" if "count" in column and row[column["count"]].strip() else "share"
        raw = row[column[kind]].strip() if kind in column else ""
        try:
            amount = float(raw.replace(",", "."))
        except ValueError:
            amount = float("nan")
        if not amount >= 0 or amount == float("inf"):
            problem(
                "invalid-number",
                f"'{excerpt(raw)}' is not a number of 0 or more",
                number,
                header[column[kind]] if kind in column else kind,
                value=excerpt(raw),
                hint="give a count of inhabitants or a share",
            )
            continue
        key = (code, characteristic.id, category)
        if key in values:
            problem(
                "duplicate-row",
                f"{code} {characteristic.id} '{category}' repeats row {values[key][2]}",
                number,
                header[column["category"]],
                hint="give each category once",
            )
            continue
        values[key] = (amount, kind, number)

    shares: dict[str, dict[str, dict[str, float]]] = {}
    totals: dict[str, dict[str, float]] = {}
    grouped: dict[tuple[str, str], dict[str, tuple[float, str, int]]] = {}
    for (code, characteristic_id, category), entry in values.items():
        grouped.setdefault((code, characteristic_id), {})[category] = entry
    for (code, characteristic_id), entries in grouped.items():
        kinds = {kind for _, kind, _ in entries.values()}
        first_row = min(row for _, _, row in entries.values())
        total = sum(amount for amount, _, _ in entries.values())
        if len(kinds) > 1:
            problem(
                "mixed-count-share",
                f"{code} {characteristic_id} mixes counts and shares",
                first_row,
                None,
                hint="give every category of a characteristic as a count, or every one as a share",
            )
            continue
        if total <= 0:
            problem(
                "invalid-number",
                f"{code} {characteristic_id}: the figures add up to 0",
                first_row,
                None,
            )
            continue
        if kinds == {"share"}:
            scale = 100.0 if abs(total - 100) <= 100 * SHARE_TOLERANCE else 1.0
            if abs(total / scale - 1) > SHARE_TOLERANCE:
                problem(
                    "shares-do-not-add-up",
                    f"{code} {characteristic_id}: the shares add up to {total:g}, not 1 (or 100)",
                    first_row,
                    None,
                    hint="give every category, or give counts instead",
                )
                continue
        else:
            totals.setdefault(code, {})[characteristic_id] = total
        shares.setdefault(code, {})[characteristic_id] = {
            category: amount / total for category, (amount, _, _) in entries.items()
        }
    if problems:
        raise AnswersError(problems=problems)
    return Population(file=file, shares=shares, totals=totals)


def _characteristics(questionnaire: Questionnaire) -> dict[str, Characteristic]:
    if questionnaire.background is None:
        return {}
    return {
        normalise_label(name): characteristic
        for characteristic in questionnaire.background.characteristics
        for name in characteristic.names()
    }


def _category(characteristic: Characteristic, text: str) -> str | None:
    """The category code of a spelling; for an open characteristic the text itself."""
    if not text.strip():
        return None
    if characteristic.open:
        return " ".join(text.split())
    return characteristic.category_lookup().get(normalise_label(text))
