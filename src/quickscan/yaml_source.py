"""Safe YAML reading that remembers where every value stood.

PyYAML's SafeLoader does the parsing; on top of it this module refuses what a questionnaire
never needs and what makes YAML dangerous or surprising: anchors and aliases (the "billion
laughs" bomb), merge keys, explicit tags (``!!python/object``), several documents in one file,
duplicate keys and very large files. Every value's line and column is kept so that a later
validation error can point at ``areas/3-inwoners.yaml:14:7 (items[2].scale)``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quickscan.errors import Location, Problem, QuestionnaireError, excerpt, file_problem
from quickscan.limits import TooLarge, read_capped

#: libyaml's parser when PyYAML was built with it (about five times faster); same safe rules.
_PARSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Questionnaire files are a few kilobytes; anything this big is a mistake or an attack.
MAX_YAML_BYTES = 1_000_000

KeyPath = tuple[str | int, ...]


def format_path(path: Sequence[str | int]) -> str:
    """('areas', 1, 'items', 3, 'reverse') -> 'areas[1].items[3].reverse'."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


@dataclass
class YamlDocument:
    """A parsed YAML document plus the position of every value and key in it."""

    data: Any
    file: str
    positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_positions: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    #: The text as read, for messages that quote it (the file may be a pipe: never re-read).
    text: str = ""
    #: Problems that do not stop the reading (the file's other keys are still validated);
    #: the loader adds them to its own.
    problems: list[Problem] = field(default_factory=list)

    def locate(self, path: Sequence[str | int], *, key: bool = False) -> Location:
        """The location of `path`, or of its nearest ancestor that exists in the file."""
        probe: KeyPath = tuple(path)
        while True:
            table = self.key_positions if key and probe in self.key_positions else self.positions
            if probe in table:
                line, column = table[probe]
                return Location(
                    file=self.file, line=line, column=column, path=format_path(path) or None
                )
            if not probe:
                return Location(file=self.file, path=format_path(path) or None)
            probe = probe[:-1]


def _problem(file: str, mark: Any, code: str, message: str, hint: str | None = None) -> Problem:
    location = Location(file=file)
    if mark is not None:
        location = Location(file=file, line=mark.line + 1, column=mark.column + 1)
    return Problem(code=code, message=message, location=location, hint=hint)


def read_yaml(path: Path, label: str | None = None) -> YamlDocument:
    """Read and parse one YAML file; raise QuestionnaireError with every problem found."""
    file = label or str(path)
    try:
        # Capped by the bytes read: st_size is 0 for a pipe or a device such as /dev/zero.
        raw = read_capped(path, MAX_YAML_BYTES)
    except TooLarge:
        message = f"file is larger than {MAX_YAML_BYTES:,} bytes, the most allowed"
        raise QuestionnaireError(problems=[file_problem(file, "yaml-too-large", message)]) from None
    except FileNotFoundError:
        raise QuestionnaireError(
            problems=[file_problem(file, "file-not-found", "file not found")]
        ) from None
    except IsADirectoryError:
        message = "is a folder, expected a YAML file"
        raise QuestionnaireError(problems=[file_problem(file, "file-not-found", message)]) from None
    except OSError as exc:
        message = f"cannot read file: {exc.strerror}"
        raise QuestionnaireError(
            problems=[file_problem(file, "file-unreadable", message)]
        ) from None
    return parse_yaml(raw, file)


def parse_yaml(raw: bytes | str, file: str) -> YamlDocument:
    """Parse YAML text safely; see the module docstring for what is refused."""
    if isinstance(raw, bytes):
        if len(raw) > MAX_YAML_BYTES:
            message = f"file is {len(raw):,} bytes; at most {MAX_YAML_BYTES:,} are allowed"
            raise QuestionnaireError(problems=[file_problem(file, "yaml-too-large", message)])
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise QuestionnaireError(
                problems=[
                    Problem(
                        code="yaml-encoding",
                        message="file is not valid UTF-8",
                        location=Location(file=file, line=line),
                        hint="save the file as UTF-8",
                    )
                ]
            ) from None
    else:
        text = raw

    problems: list[Problem] = []
    documents = 0
    seen_aliases: set[str | None] = set()
    try:
        for event in yaml.parse(text, Loader=_PARSER):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    problems.append(
                        _problem(
                            file,
                            event.start_mark,
                            "yaml-multiple-documents",
                            "a second YAML document ('---') is not allowed",
                            "keep one document per file",
                        )
                    )
            elif isinstance(event, yaml.AliasEvent):
                # One message per alias name: a bomb repeats the same alias thousands of times.
                if event.anchor in seen_aliases:
                    continue
                seen_aliases.add(event.anchor)
                problems.append(
                    _problem(
                        file,
                        event.start_mark,
                        "yaml-alias",
                        f"YAML alias '*{excerpt(event.anchor)}' is not allowed",
                        "write the value out in full",
                    )
                )
            elif isinstance(event, yaml.NodeEvent):
                if event.anchor is not None:
                    problems.append(
                        _problem(
                            file,
                            event.start_mark,
                            "yaml-anchor",
                            f"YAML anchor '&{excerpt(event.anchor)}' is not allowed",
                            "write the value out in full",
                        )
                    )
                tag = getattr(event, "tag", None)
                if tag is not None and tag != "!":
                    problems.append(
                        _problem(
                            file,
                            event.start_mark,
                            "yaml-tag",
                            f"YAML tag '{excerpt(tag)}' is not allowed",
                            "remove the tag; questionnaires use plain values only",
                        )
                    )
                if (
                    isinstance(event, yaml.ScalarEvent)
                    and event.value == "<<"
                    and (event.implicit[0])
                ):
                    problems.append(
                        _problem(
                            file,
                            event.start_mark,
                            "yaml-merge-key",
                            "YAML merge key '<<' is not allowed",
                            "write the keys out in full",
                        )
                    )
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            # Both marks: where the construct began, and where it went wrong.
            where = exc.context_mark
            reason = (
                f"{reason} ({exc.context} that starts at line {where.line + 1}, "
                f"column {where.column + 1})"
            )
        hint = "fix the YAML syntax"
        if "\t" in reason or "tab" in reason.lower() or _tab_at(text, mark):
            hint = "indent with spaces, not tabs"
            reason = "a tab character is used for indentation" if _tab_at(text, mark) else reason
        problems.append(_problem(file, mark, "yaml-syntax", reason, hint))
        raise QuestionnaireError(problems=problems) from None
    except yaml.YAMLError as exc:  # pragma: no cover - reader errors without a mark
        problems.append(_problem(file, None, "yaml-syntax", str(exc)))
        raise QuestionnaireError(problems=problems) from None

    if documents == 0:
        hint = "a questionnaire file needs at least an 'id' key"
        raise QuestionnaireError(problems=[file_problem(file, "yaml-empty", "file is empty", hint)])
    if problems:
        raise QuestionnaireError(problems=problems)

    node = yaml.compose(text, Loader=_PARSER)
    if node is None:
        raise QuestionnaireError(
            problems=[
                Problem(code="yaml-empty", message="file is empty", location=Location(file=file))
            ]
        )
    document = YamlDocument(data=None, file=file, text=text)
    constructor = yaml.SafeLoader("")
    document.data = _build(node, (), document, constructor, problems)
    if problems:
        raise QuestionnaireError(problems=problems)
    return document


#: YAML 1.1 number forms that PyYAML reads but that mean something else to a person (and to
#: YAML 1.2): `0755` is octal 493, `1:30` is sexagesimal 90, `1_000` drops the underscore.
_YAML11_FORMS = (
    (re.compile(r"^[-+]?0[0-9_]+$"), "the octal number"),
    (re.compile(r"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"), "the base-60 number"),
    (re.compile(r"^[-+]?0b[01_]+$"), "the binary number"),
    (re.compile(r"^[-+]?[0-9.]*_[0-9_.]*$"), "the number"),
)


def _yaml11_number(node: yaml.Node) -> str | None:
    """How PyYAML misreads a plain scalar written in a YAML 1.1 number form, or None."""
    if getattr(node, "style", None):  # quoted or a block scalar: text as written
        return None
    for pattern, what in _YAML11_FORMS:
        if pattern.match(str(node.value)):
            return what
    return None


def _plain_hint(text: str) -> str:
    if ":" in text or "b" in text:
        return "write the number in plain decimal digits"
    digits = text.replace("_", "").lstrip("+-").lstrip("0") or "0"
    return f"write the number as {'-' if text.startswith('-') else ''}{digits}"


def _tab_at(text: str, mark: Any) -> bool:
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    line = lines[mark.line]
    stripped = line.lstrip(" ")
    return stripped.startswith("\t") or "\t" in line[: mark.column + 1]


def _build(
    node: yaml.Node,
    path: KeyPath,
    document: YamlDocument,
    constructor: yaml.SafeLoader,
    problems: list[Problem],
) -> Any:
    document.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                problems.append(
                    _problem(
                        document.file,
                        key_node.start_mark,
                        "yaml-complex-key",
                        "keys must be plain words",
                    )
                )
                continue
            key = str(key_node.value)
            child = (*path, key)
            if key in result:
                first = document.key_positions[child]
                problems.append(
                    _problem(
                        document.file,
                        key_node.start_mark,
                        "yaml-duplicate-key",
                        f"duplicate key '{excerpt(key)}' (first at line {first[0]})",
                        "each key may appear once; remove or rename one",
                    )
                )
                continue
            document.key_positions[child] = (
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
            )
            result[key] = _build(value_node, child, document, constructor, problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*path, index), document, constructor, problems)
            for index, item in enumerate(node.value)
        ]
    value = constructor.construct_object(node, deep=True)
    if isinstance(value, int | float) and not isinstance(value, bool):
        odd = _yaml11_number(node)
        if odd is not None:
            document.problems.append(
                _problem(
                    document.file,
                    node.start_mark,
                    "yaml-ambiguous-number",
                    f"'{excerpt(node.value)}' is read as {odd} {value:g}, not as written",
                    f"{_plain_hint(node.value)}, or put the value in quotes "
                    f'("{excerpt(node.value)}") when it is text',
                )
            )
            return node.value
    if isinstance(value, dt.date | bytes):
        # Dates and binary never appear in a questionnaire; keep what the author wrote.
        return node.value
    return value
