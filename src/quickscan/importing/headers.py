"""Match export headers to quickscan columns, items and open questions, saying how.

The order, first match wins: the mapping file (`columns:`, `drop:`), the platform's meta
columns, quickscan column names and aliases, item and open question ids, the platform's code
conventions (`GR[GR01]`, `groep/GR01`), the item and open question texts in Dutch and English
(exact after `text_key`), and the values (a column of group names is the group). Close
matches of a text are only proposed, never used: the user confirms them in the mapping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc

from quickscan.answers.columns import FIELD_ALIASES, header_key
from quickscan.errors import excerpt
from quickscan.importing.platforms import Platform, code_candidates
from quickscan.questionnaire.models import Item, OpenQuestion, Questionnaire

#: quickscan's respondent columns an export column can become.
FIELDS = (
    "respondent_id",
    "submitted_at",
    "municipality_code",
    "municipality_name",
    "group",
    "wave",
)

#: How similar a header text must be to an item text to be proposed (difflib ratio).
CLOSE_CUTOFF = 0.8

_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_PUNCT = re.compile(r"[^\w\s]+")


def text_key(text: str) -> str:
    """Case-, accent-, quote-, punctuation- and spacing-insensitive form of a question text."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_PUNCT.sub(" ", bare).split())


def text_candidates(text: str) -> list[str]:
    """The parts of an export header that may be a question text.

    'Vraag [Stelling]' (Google Forms, LimeSurvey) -> 'Stelling'; 'Vraag - Stelling'
    (Qualtrics, SurveyMonkey) -> 'Stelling'; 'groep/Stelling' (Kobo labels) -> 'Stelling'.
    """
    text = text.strip()
    found = [text]
    bracket = re.match(r"^.*\[(?P<inner>[^\[\]]+)\]\s*$", text)
    if bracket:
        found.append(bracket["inner"])
    if " - " in text:
        found.append(text.rsplit(" - ", 1)[1])
    if "/" in text:
        found.append(text.rsplit("/", 1)[1])
    return [f.strip() for f in found if f.strip()]


@dataclass
class Match:
    """What one export column becomes, and why (for the summary and the draft mapping)."""

    index: int
    header: str
    #: A field of FIELDS, an item id, an open question id, 'finished', or None.
    target: str | None
    #: 'field', 'item', 'open', 'finished', 'drop', 'close' (proposed only), 'none', 'empty'.
    kind: str
    how: str
    #: For 'close': the proposed target.
    proposal: str | None = None
    #: For 'none': a few of its values, to help the user name it.
    sample: list[str] | None = None


class _Targets:
    """Every name and text a header can match, prepared once per questionnaire."""

    def __init__(self, questionnaire: Questionnaire) -> None:
        self.questionnaire = questionnaire
        self.items = {header_key(i.id): i.id for i in questionnaire.all_items}
        self.opens = {header_key(o.id): o.id for o in questionnaire.all_open_questions}
        self.texts: dict[str, str] = {}
        questions: list[Item | OpenQuestion] = [
            *questionnaire.all_items,
            *questionnaire.all_open_questions,
        ]
        for question in questions:
            for text in (question.text.nl, question.text.en):
                if text:
                    self.texts.setdefault(text_key(text), question.id)
        self.field_names = {header_key(f): f for f in FIELDS}
        self.aliases = {header_key(a): f for f, names in FIELD_ALIASES.items() for a in names}

    def kind_of(self, target: str) -> str:
        if target == "finished":
            return "finished"
        if target in FIELDS:
            return "field"
        if header_key(target) in self.items:
            return "item"
        if header_key(target) in self.opens:
            return "open"
        return "unknown"

    def by_name(self, name: str) -> tuple[str, str] | None:
        key = header_key(name)
        if key in self.field_names:
            return self.field_names[key], "quickscan column name"
        if key in self.aliases:
            return self.aliases[key], "quickscan column alias"
        if key in self.items:
            return self.items[key], "item id"
        if key in self.opens:
            return self.opens[key], "open question id"
        return None

    def by_convention(self, name: str) -> tuple[str, str] | None:
        for candidate in code_candidates(name):
            key = header_key(candidate)
            if key in self.items:
                return self.items[key], "item id inside the platform's code"
            if key in self.opens:
                return self.opens[key], "open question id inside the platform's code"
        return None

    def by_text(self, texts: Sequence[str]) -> tuple[str, str] | None:
        for text in texts:
            for candidate in text_candidates(text):
                target = self.texts.get(text_key(candidate))
                if target is not None:
                    return target, "question text"
        return None

    def close(self, texts: Sequence[str]) -> tuple[str, float] | None:
        """The item or open question whose text is most like one of `texts`, if close enough.

        rapidfuzz's `ratio` is the same similarity as difflib's (2 * matches / total length)
        and picks the same texts, about a hundred times faster: a large export can bring
        hundreds of unmatched columns, each compared with every text of the questionnaire.
        """
        from rapidfuzz import fuzz, process

        best: tuple[str, float] | None = None
        keys = list(self.texts)
        for text in texts:
            for candidate in text_candidates(text):
                key = text_key(candidate)
                if len(key) < 12:  # short names ('Q3', 'v12') are not texts
                    continue
                found = process.extractOne(
                    key, keys, scorer=fuzz.ratio, score_cutoff=CLOSE_CUTOFF * 100
                )
                if found is not None and (best is None or found[1] / 100 > best[1]):
                    best = (self.texts[found[0]], found[1] / 100)
        return best


def _distinct(column: pa.ChunkedArray, limit: int = 60) -> list[str] | None:
    """The distinct non-blank values of a column, or None when there are more than `limit`."""
    values = pc.unique(column.combine_chunks() if column.num_chunks != 1 else column.chunk(0))
    found = [v for v in values.to_pylist() if v is not None and v.strip()]
    return None if len(found) > limit else found


def match_headers(
    headers: Sequence[str],
    texts: Sequence[Sequence[str]],
    columns: Sequence[pa.ChunkedArray],
    questionnaire: Questionnaire,
    platform: Platform,
    *,
    mapped: dict[str, str],
    dropped: set[str],
    value_labels: dict[int, dict[str, str]],
    group_of: Callable[[str], str | None],
) -> list[Match]:
    """Give every export column a target (or none), with the reason."""
    targets = _Targets(questionnaire)
    matches: list[Match] = []
    mapped_keys = {header_key(k): v for k, v in mapped.items()}
    dropped_keys = {header_key(d) for d in dropped}
    for index, header in enumerate(headers):
        key = header_key(header)
        column_texts = texts[index]

        def found(target: str, kind: str, how: str, *, index: int = index) -> Match:
            return Match(index, headers[index], target, kind, how)

        if key in mapped_keys:
            target = mapped_keys[key]
            if target == "drop":
                matches.append(found("", "drop", "dropped in the mapping"))
            else:
                matches.append(found(target, targets.kind_of(target), "named in the mapping"))
            continue
        if key in dropped_keys:
            matches.append(found("", "drop", "dropped in the mapping"))
            continue
        role = platform.meta_role(header)
        if role == "drop":
            matches.append(found("", "drop", f"{platform.title} meta column"))
            continue
        if role is not None:
            matches.append(
                found(
                    role,
                    "field" if role != "finished" else "finished",
                    f"{platform.title} meta column",
                )
            )
            continue
        hit = targets.by_name(header) or targets.by_convention(header)
        hit = hit or targets.by_text(column_texts)
        if hit is not None:
            matches.append(found(hit[0], targets.kind_of(hit[0]), hit[1]))
            continue
        distinct = _distinct(columns[index])
        if distinct is not None and not distinct:
            matches.append(found("", "empty", "no values at all"))
            continue
        labels = value_labels.get(index, {})
        groups = sum(group_of(labels.get(v, v)) is not None for v in distinct or [])
        if distinct and groups * 2 >= len(distinct):
            # Mostly group names: it is the group; the others are reported as unknown groups.
            matches.append(found("group", "field", "its values are group names"))
            continue
        if distinct and all(re.fullmatch(r"GM\d{4}", v.strip().upper()) for v in distinct):
            matches.append(found("municipality_code", "field", "its values are CBS codes"))
            continue
        close = targets.close(column_texts)
        if close is not None:
            match = found("", "close", f"close to the text of {close[0]} ({close[1]:.0%})")
            match.proposal = close[0]
            matches.append(match)
            continue
        unknown = found("", "none", "not recognised")
        unknown.sample = [excerpt(v, 20) for v in (distinct or [])[:5]]
        matches.append(unknown)
    _prefer_meta(matches, platform)
    return matches


def _prefer_meta(matches: list[Match], platform: Platform) -> None:
    """Of two meta columns for one field (Kobo `_uuid` and `_id`), keep the preferred one."""
    for field, order in (
        ("respondent_id", platform.id_columns),
        ("submitted_at", platform.submitted_columns),
    ):
        meta = [m for m in matches if m.target == field and m.how.endswith("meta column")]
        if len(meta) < 2:
            continue
        from quickscan.importing.platforms import meta_key

        meta.sort(key=lambda m: order.index(meta_key(m.header)))
        for match in meta[1:]:
            match.target, match.kind = "", "drop"
            match.how = f"{platform.title} meta column ({meta[0].header} is used)"
