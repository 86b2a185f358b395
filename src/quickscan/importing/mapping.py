"""The mapping file: what an export's headers and values mean, written down once.

Loaded through the project's safe YAML reader (`yaml_source.py`), so a mistake is reported
as `map.yaml:7:3 (columns.Q7)`. `draft_text` writes the mapping quickscan inferred, every
line commented with why, for the user to check and complete.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from quickscan.errors import Problem, QuestionnaireError, UsageError, excerpt
from quickscan.importing.headers import FIELDS, Match
from quickscan.importing.platforms import PLATFORM_NAMES
from quickscan.questionnaire.models import Questionnaire
from quickscan.yaml_source import YamlDocument, read_yaml

_KEYS = ("from", "set", "columns", "values", "drop")
#: Columns `set:` and `--set` may give a value for the whole file.
SETTABLE = ("municipality_code", "municipality_name", "wave", "group")


@dataclass
class Mapping:
    """A parsed mapping file (or an empty one). Value keys and codes are kept as text."""

    platform: str | None = None
    set: dict[str, str] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)
    #: 'group', 'items', or an item id / export header -> {export value: quickscan value}.
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    drop: list[str] = field(default_factory=list)
    file: str | None = None


def _scalar(value: Any) -> str | None:
    """A YAML scalar as text: 2026 -> '2026', 4.0 -> '4'; None for lists and mappings."""
    if isinstance(value, bool) or value is None or isinstance(value, dict | list):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_mapping(path: Path, questionnaire: Questionnaire) -> Mapping:
    """Read and check a mapping file; raise UsageError listing every problem with its place."""
    try:
        document = read_yaml(path)
    except QuestionnaireError as error:  # the YAML reader's errors, with their positions
        raise UsageError(
            "the mapping file cannot be read", problems=error.problems, hint="see docs/import.md"
        ) from None
    return parse_mapping(document, questionnaire)


def parse_mapping(document: YamlDocument, questionnaire: Questionnaire) -> Mapping:
    problems: list[Problem] = []
    data = document.data if document.data is not None else {}

    def problem(path: Sequence[str | int], message: str, hint: str | None = None) -> None:
        problems.append(
            Problem(
                code="invalid-mapping",
                message=message,
                location=document.locate(path, key=True),
                hint=hint,
            )
        )

    mapping = Mapping(file=document.file)
    if not isinstance(data, dict):
        problem((), "a mapping file is a YAML mapping with the keys " + ", ".join(_KEYS))
        raise UsageError("the mapping file is invalid", problems=problems)
    targets = {
        *FIELDS,
        "finished",
        *(i.id for i in questionnaire.all_items),
        *(o.id for o in questionnaire.all_open_questions),
    }
    item_ids = {i.id for i in questionnaire.all_items}
    for key in data:
        if key not in _KEYS:
            problem((key,), f"unknown key '{excerpt(key)}'", "allowed: " + ", ".join(_KEYS))

    platform = data.get("from")
    if platform is not None:
        if platform not in PLATFORM_NAMES:
            problem(
                ("from",),
                f"unknown platform '{excerpt(platform)}'",
                "one of: " + ", ".join(PLATFORM_NAMES),
            )
        else:
            mapping.platform = str(platform)

    for section in ("set", "columns", "values"):
        if data.get(section) is not None and not isinstance(data[section], dict):
            problem((section,), f"'{section}' must be a mapping of key: value lines")
    for name, value in (data.get("set") or {}).items() if isinstance(data.get("set"), dict) else ():
        text = _scalar(value)
        if name not in SETTABLE:
            problem(
                ("set", name), f"'{excerpt(name)}' cannot be set", "set: " + ", ".join(SETTABLE)
            )
        elif text is None:
            problem(("set", name), f"the value of '{name}' must be one text or number")
        else:
            mapping.set[str(name)] = text

    columns = data.get("columns")
    for header, target in columns.items() if isinstance(columns, dict) else ():
        text = _scalar(target)
        if text is None or (text not in targets and text != "drop"):
            problem(
                ("columns", header),
                f"column '{excerpt(header)}' maps to '{excerpt(target)}', which is no "
                "quickscan column, item id or open question id",
                "use one of " + ", ".join(FIELDS) + ", an item or open question id, or drop",
            )
        else:
            mapping.columns[str(header)] = text

    values = data.get("values")
    for name, table in values.items() if isinstance(values, dict) else ():
        if table is None:  # every line below it commented out (a draft)
            continue
        if not isinstance(table, dict):
            problem(
                ("values", name),
                f"values of '{excerpt(name)}' must be a mapping export value: quickscan value",
            )
            continue
        parsed: dict[str, str] = {}
        for source, target in table.items():
            text = _scalar(target)
            source_text = _scalar(source)
            if text is None or source_text is None:
                problem(
                    ("values", name, source), "each line maps one export value to one code or label"
                )
                continue
            if (name == "items" or name in item_ids) and not _is_code(text, name, questionnaire):
                problem(
                    ("values", name, source),
                    f"'{excerpt(text)}' is not a code of the scale of "
                    f"{'the items' if name == 'items' else name}",
                    "give the code the answer has in quickscan, e.g. 4",
                )
                continue
            parsed[source_text] = text
        mapping.values[str(name)] = parsed

    drop = data.get("drop")
    if drop is not None:
        if not isinstance(drop, list) or not all(_scalar(d) is not None for d in drop):
            problem(("drop",), "'drop' must be a list of export headers")
        else:
            mapping.drop = [str(_scalar(d)) for d in drop]

    if problems:
        raise UsageError(
            "the mapping file is invalid", problems=problems, hint="see docs/import.md for its keys"
        )
    return mapping


def _is_code(text: str, name: str, questionnaire: Questionnaire) -> bool:
    scale_ids = (
        {i.scale for i in questionnaire.all_items}
        if name == "items"
        else {questionnaire.item(name).scale}
    )
    scales = [questionnaire.scale(s) for s in scale_ids]
    try:
        code = int(text)
    except ValueError:
        return False
    return all(code in (*s.codes, *s.dont_know_codes) for s in scales)


# --- the draft ---------------------------------------------------------------------------------
def _q(text: str) -> str:
    """A YAML scalar for any text (a JSON string is a valid double-quoted YAML scalar)."""
    return json.dumps(text, ensure_ascii=False)


def draft_text(
    *,
    file: str,
    platform: str,
    detected: bool,
    matches: Sequence[Match],
    sets: dict[str, str],
    unknown_values: dict[str, list[str]],
) -> str:
    """The inferred mapping as YAML, every line commented with why.

    Close matches and unrecognised columns are written commented out: using the draft
    unedited never accepts a guess.
    """
    lines = [
        f"# Mapping drafted by `quickscan import` from {file}.",
        "# Lines starting with '#' are not used: check them, remove the '#' to accept one.",
        "# The keys are explained in docs/import.md.",
        f"from: {platform}" + ("                 # detected from the file" if detected else ""),
    ]
    if sets:
        lines.append("set:")
        lines += [f"  {name}: {_q(value)}" for name, value in sets.items()]
    else:
        lines += [
            "set:                              # columns the export does not carry",
            '  # municipality_code: "GM0000"',
            '  # wave: "2026"',
        ]
    lines.append("columns:")
    # Short headers line up; a long question text is not padded to the longest one.
    width = min(max((len(_q(m.header)) for m in matches), default=10) + 2, 24)
    drop: list[Match] = []
    for match in matches:
        key = _q(match.header).ljust(width)
        if match.kind in ("field", "item", "open", "finished"):
            lines.append(f"  {key}: {match.target:<18} # {match.how}")
        elif match.kind == "close":
            lines.append(f"  # {key}: {match.proposal:<16} # {match.how}: confirm")
        elif match.kind == "none":
            seen = f"; values: {', '.join(match.sample)}" if match.sample else ""
            lines.append(f"  # {key}: drop{'':<14} # not recognised{seen}")
        elif match.kind == "empty":
            lines.append(f"  # {key}: drop{'':<14} # empty column")
        else:
            drop.append(match)
    if unknown_values:
        # One line per unknown value, under 'items' (it applies to every item column).
        columns_of: dict[str, list[str]] = {}
        for name, wrong in unknown_values.items():
            for value in wrong:
                columns_of.setdefault(value, []).append(name)
        lines += ["values:", "  items:"]
        for value, names in columns_of.items():
            where = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
            lines.append(f"    # {_q(value)}: ?      # not a code or label ({where}): its code")
    if drop:
        lines.append("drop:")
        lines += [f"  - {_q(m.header).ljust(width)}  # {m.how}" for m in drop]
    return "\n".join(lines) + "\n"
