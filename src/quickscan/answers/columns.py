"""Map the header of an answer file to respondent fields, items and open questions.

Headers match case-insensitively with surrounding spaces ignored; Dutch aliases are accepted
for the respondent fields. Problems with the header (missing, duplicate and unknown columns)
are found here, before any data row is looked at.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field

from quickscan.answers.problems import make_problem
from quickscan.errors import Problem, excerpt
from quickscan.questionnaire.models import Questionnaire

#: Respondent fields and every header accepted for them (compared with `header_key`).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "respondent_id": ("respondent_id", "respondent", "respondentnummer", "respondent_nr"),
    "municipality_code": ("municipality_code", "gemeentecode", "cbs_code", "gm_code"),
    "municipality_name": ("municipality_name", "municipality", "gemeente", "gemeentenaam"),
    "group": ("group", "groep", "doelgroep"),
    "wave": ("wave", "meting", "jaar"),
    "submitted_at": ("submitted_at", "submitdate", "ingevuld_op"),
}

#: Headers of a column with weights already computed (e.g. by a research bureau), carried
#: as the text column 'weight' for `--weights COLUMN` (docs/methodology.md).
WEIGHT_ALIASES = ("weight", "weging", "gewicht", "weegfactor")

_SEPARATORS = re.compile(r"[\s\-]+")
# Characters that take no room on screen: a header with one looks like one without it.
_INVISIBLE = re.compile("[\ufeff\u200b-\u200d\u2060]")


def header_key(text: str) -> str:
    """'  Respondent ID ' -> 'respondent_id'; 'gr01 ' -> 'gr01'; 'GR01\u00a0' -> 'gr01'."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text)).strip().casefold()
    return _SEPARATORS.sub("_", text)


def visible(text: str) -> str:
    """A header as a short excerpt in which spaces that do not look like spaces show up:
    'GR01\u00a0' is shown as 'GR01\\u00a0' so two headers that look alike can be told apart."""
    shown = "".join(
        ch
        if ch == " " or (ch.isprintable() and not ch.isspace() and not _INVISIBLE.match(ch))
        else f"\\u{ord(ch):04x}"
        for ch in text
    )
    return excerpt(shown)


_ALIAS_INDEX: dict[str, str] = {
    header_key(alias): name for name, aliases in FIELD_ALIASES.items() for alias in aliases
}


@dataclass
class ColumnMap:
    """Which header column holds what. Indices are 0-based positions in the header."""

    header: list[str]
    fields: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    open_questions: dict[str, int] = field(default_factory=dict)
    #: Background characteristics (by id) and the weight column, carried along as text.
    carried: dict[str, int] = field(default_factory=dict)
    #: Columns without a header; they are read only to see whether they hold values.
    unnamed: list[int] = field(default_factory=list)
    #: Item ids of the questionnaire with no column in this file.
    missing_items: list[str] = field(default_factory=list)
    #: True when required columns are missing, so no row of the file is usable.
    unusable: bool = False

    def needed(self) -> list[int]:
        return sorted(
            {
                *self.fields.values(),
                *self.items.values(),
                *self.open_questions.values(),
                *self.carried.values(),
                *self.unnamed,
            }
        )

    def name(self, index: int) -> str:
        """The header as written in the file (what a user searches for)."""
        return self.header[index]


def carried_columns(questionnaire: Questionnaire) -> dict[str, str]:
    """Header key -> carried column name: background characteristics and the weight column."""
    keys = {header_key(alias): "weight" for alias in WEIGHT_ALIASES}
    if questionnaire.background is not None:
        for characteristic in questionnaire.background.characteristics:
            for name in characteristic.names():
                keys[header_key(name)] = characteristic.id
    return keys


def map_columns(
    header: list[str],
    questionnaire: Questionnaire,
    *,
    file: str,
    strict: bool,
    problems: list[Problem],
    header_row: int = 1,
) -> ColumnMap:
    """Assign every header cell a role and report missing, duplicate and unknown columns."""
    item_keys = {header_key(item.id): item.id for item in questionnaire.all_items}
    open_keys = {header_key(q.id): q.id for q in questionnaire.all_open_questions}
    carried_keys = carried_columns(questionnaire)
    columns = ColumnMap(header=header)
    first_seen: dict[tuple[str, str], int] = {}
    unknown: list[int] = []

    for index, text in enumerate(header):
        key = header_key(text)
        if not key:
            columns.unnamed.append(index)
            continue
        if key in _ALIAS_INDEX:
            role = ("field", _ALIAS_INDEX[key])
        elif key in item_keys:
            role = ("item", item_keys[key])
        elif key in open_keys:
            role = ("open", open_keys[key])
        elif key in carried_keys:
            role = ("carried", carried_keys[key])
        else:
            role = ("unknown", key)
        if role in first_seen:
            earlier = first_seen[role]
            same = header_key(header[earlier]) == key
            problems.append(
                make_problem(
                    "duplicate-column",
                    f"column {index + 1} ('{visible(text)}') "
                    + (
                        f"repeats column {earlier + 1} ('{visible(header[earlier])}')"
                        + ("" if text == header[earlier] else "; they differ only in case or space")
                        if same
                        else f"means the same as column {earlier + 1} "
                        f"('{visible(header[earlier])}'): both are {role[1]}"
                    ),
                    file=file,
                    row=header_row,
                    field=text,
                    value=text,
                    hint="remove or rename one of them; the first one is used",
                )
            )
            continue
        first_seen[role] = index
        kind, name = role
        if kind == "field":
            columns.fields[name] = index
        elif kind == "item":
            columns.items[name] = index
        elif kind == "open":
            columns.open_questions[name] = index
        elif kind == "carried":
            columns.carried[name] = index
        else:
            unknown.append(index)

    known_spellings = [
        *(aliases[0] for aliases in FIELD_ALIASES.values()),
        *(alias for aliases in FIELD_ALIASES.values() for alias in aliases[1:]),
        *(item.id for item in questionnaire.all_items),
        *(q.id for q in questionnaire.all_open_questions),
    ]
    spelling_by_key = {header_key(s): s for s in reversed(known_spellings)}
    for index in unknown:
        text = header[index]
        close = difflib.get_close_matches(header_key(text), list(spelling_by_key), n=1, cutoff=0.75)
        hint = (
            f"did you mean '{spelling_by_key[close[0]]}'?"
            if close
            else "known columns: " + ", ".join(FIELD_ALIASES) + ", and the item and open "
            "question ids of the questionnaire"
        )
        problems.append(
            make_problem(
                "unknown-column",
                f"unknown column '{excerpt(text)}' is ignored",
                file=file,
                row=header_row,
                field=text,
                value=text,
                hint=hint,
                strict=strict,
            )
        )

    _check_required(columns, file=file, header_row=header_row, problems=problems)

    columns.missing_items = [i.id for i in questionnaire.all_items if i.id not in columns.items]
    if columns.missing_items:
        shown = ", ".join(columns.missing_items[:10])
        more = len(columns.missing_items) - 10
        if more > 0:
            shown += f" and {more} more"
        n = len(columns.missing_items)
        problems.append(
            make_problem(
                "missing-item-column",
                f"{n} item{'s' if n != 1 else ''} of the questionnaire "
                f"{'have' if n != 1 else 'has'} no column: {shown}",
                file=file,
                row=header_row,
                hint="their answers count as unanswered; add the columns if they were asked",
                strict=strict,
            )
        )
    return columns


def _check_required(
    columns: ColumnMap, *, file: str, header_row: int, problems: list[Problem]
) -> None:
    def aliases(name: str) -> str:
        return ", ".join(FIELD_ALIASES[name][1:])

    for name in ("respondent_id", "group"):
        if name not in columns.fields:
            columns.unusable = True
            problems.append(
                make_problem(
                    "missing-column",
                    f"required column '{name}' is missing",
                    file=file,
                    row=header_row,
                    hint=f"add a column '{name}' (also accepted: {aliases(name)})",
                )
            )
    if "municipality_code" not in columns.fields and "municipality_name" not in columns.fields:
        columns.unusable = True
        problems.append(
            make_problem(
                "missing-column",
                "required column 'municipality_code' or 'municipality_name' is missing",
                file=file,
                row=header_row,
                hint="add 'municipality_code' with the CBS code such as GM0363 (also accepted: "
                f"{aliases('municipality_code')}) or 'municipality_name' (also accepted: "
                f"{aliases('municipality_name')})",
            )
        )
