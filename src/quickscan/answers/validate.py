"""Check the rows of one answer file and turn its cells into codes (`FilePart`).

Every check works on whole columns. Bad cells are found as masks; only the first few of
each kind are turned into `Problem`s (the rest are counted, see `ProblemLog`).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quickscan.answers import arrow
from quickscan.answers.answer_set import MISSING
from quickscan.answers.columns import ColumnMap
from quickscan.answers.problems import ProblemLog, make_problem
from quickscan.answers.sources import RawTable
from quickscan.answers.values import (
    Invalid,
    ScaleCoder,
    blank_mask,
    code_column,
    code_dtype,
    empty_cells,
    factorize,
    municipality_code_hint,
    normalise_municipality_code,
    text_or_null,
    trimmed,
)
from quickscan.errors import Problem, excerpt
from quickscan.parallel import run_all
from quickscan.questionnaire.models import Questionnaire, normalise_label

#: Optional respondent columns carried into `AnswerSet.respondents` when a file has them.
EXTRA_COLUMNS = ("submitted_at",)

# Group index of rows whose group cannot be used.
GROUP_BLANK = -1
GROUP_UNKNOWN = -2
# Municipality code index of rows without a (valid) code.
CODE_BLANK = -1
CODE_INVALID = -2


@dataclass
class Checker:
    """What every file is checked against, prepared once per run."""

    questionnaire: Questionnaire
    strict: bool
    dtype: np.dtype = field(init=False)
    coders: dict[str, ScaleCoder] = field(init=False)
    group_ids: list[str] = field(init=False)

    def __post_init__(self) -> None:
        q = self.questionnaire
        self.dtype = code_dtype(q)
        self.coders = {s.id: ScaleCoder(s, self.dtype) for s in q.scales}
        self.group_ids = [g.id for g in q.groups]

    def asked(self, groups: list[str] | None) -> np.ndarray | None:
        """Group index + 2 -> is the question asked? None when every group is asked.

        Blank and unknown groups (index -1, -2) count as asked: those rows are reported
        and left out already.
        """
        if groups is None or set(self.group_ids) <= set(groups):
            return None
        return np.array([True, True, *(g in groups for g in self.group_ids)], dtype=bool)

    def group_form(self, text: str) -> int | str | None:
        """Group position for a known spelling, normalised text for an unknown one."""
        if not text.strip():
            return None
        group_id = self.questionnaire.match_group(text)
        if group_id is None:
            return normalise_label(text)
        return self.group_ids.index(group_id)

    def group_hint(self, value: str | None = None) -> str:
        q = self.questionnaire
        listed = "; ".join(
            f"{g.id} (also: {', '.join(g.aliases[:3])})" if g.aliases else g.id for g in q.groups
        )
        text = f"groups: {listed}"
        if value:
            spellings = {normalise_label(name): g.id for g in q.groups for name in g.names()}
            close = difflib.get_close_matches(
                normalise_label(value), list(spellings), n=1, cutoff=0.7
            )
            if close:
                text = f"did you mean '{close[0]}' (group {spellings[close[0]]})? {text}"
        return text


@dataclass
class FilePart:
    """The usable rows of one file, ready to be combined with other files.

    Columns with few distinct values (group, municipality, wave) are kept as an index per
    row into a short list of values; -1 means blank.
    """

    file: str
    sha256: str
    #: Data rows with content, including rows left out for errors.
    rows_in_file: int
    #: False when required columns are missing: no row of the file can be used.
    usable: bool
    rows: np.ndarray
    respondent_id: pa.Array
    #: respondent_id as an integer, equal for equal ids (None when the file has no id column).
    id_codes: np.ndarray | None
    #: Per row: index into the questionnaire's groups.
    group: np.ndarray
    code_index: np.ndarray
    municipality_codes: list[str]
    name_index: np.ndarray
    #: (normalised name, spelling as first written), in order of appearance.
    municipality_names: list[tuple[str, str]]
    wave_index: np.ndarray
    waves: list[str]
    name_header: str | None
    id_header: str
    extra: dict[str, pa.Array]
    codes: np.ndarray
    open_answers: dict[str, pa.Array]
    #: Carried column (background characteristic id or 'weight') -> its header as written
    #: in this file (`source`, `weging`), so problems name the column the user sees.
    carried_headers: dict[str, str] = field(default_factory=dict)


def _few_values(
    column: pa.ChunkedArray | None, n: int, normalise: Callable[[str], Hashable]
) -> tuple[np.ndarray, list[Hashable], list[str]]:
    """Row -> index into the distinct normalised forms (all -1 when the column is absent)."""
    if column is None or n == 0:
        return np.full(n, -1, dtype=np.int32), [], []
    return factorize(column, normalise)


def check_file(raw: RawTable, columns: ColumnMap, checker: Checker, log: ProblemLog) -> FilePart:
    """Validate every row and cell of one file; return its usable rows."""
    file = raw.file
    q = checker.questionnaire
    n = raw.n_rows

    log.add_counted(
        (
            make_problem(
                "ragged-row",
                f"the row has {actual} cell{'s' if actual != 1 else ''} but the header has "
                f"{len(raw.header)}; the row is left out",
                file=file,
                row=row,
                value=text,
                hint="a cell with the delimiter or a line break in it must be in double quotes",
            )
            for row, actual, text in raw.ragged[: log.cap]
        ),
        total=len(raw.ragged),
        key=("ragged-row", file, None),
    )

    def cells(name: str) -> pa.ChunkedArray | None:
        index = columns.fields.get(name)
        return None if index is None else raw.columns[index]

    # --- read everything first: fully blank rows (Excel's ';;;;' rows) are skipped --------
    codes = np.empty((n, len(q.all_items)), dtype=checker.dtype, order="F")

    def code_item(j: int) -> None:
        item = q.all_items[j]
        index = columns.items.get(item.id)
        if index is None:
            codes[:, j] = MISSING
        else:
            code_column(raw.columns[index], checker.coders[item.scale], codes[:, j])

    ids_cells = cells("respondent_id")

    def read_ids() -> tuple[pa.Array, np.ndarray, np.ndarray | None]:
        if ids_cells is None:
            return pa.nulls(n, pa.string()), np.ones(n, dtype=bool), None
        ids = trimmed(ids_cells)
        # For the duplicate check across rows (`combine`): each id as an integer.
        return ids, empty_cells(ids), arrow.integers(pc.dictionary_encode(ids).indices)

    normalisers: dict[str, Callable[[str], Hashable]] = {
        "group": checker.group_form,
        "municipality_code": normalise_municipality_code,
        "municipality_name": lambda t: normalise_label(t) or None,
        "wave": lambda t: t.strip() or None,
    }
    # Every column is independent and the work is mostly numpy and arrow, which release
    # the GIL: the slow ones (ids, few-valued texts) first, then the answer columns.
    tasks: list[Callable[[], Any]] = [
        read_ids,
        *(
            partial(_few_values, cells(name), n, normalise)
            for name, normalise in normalisers.items()
        ),
        *(partial(code_item, j) for j in range(len(q.all_items))),
    ]
    done = run_all(lambda task: task(), tasks)
    ids, ids_blank, id_codes = done[0]
    few = dict(zip(normalisers, done[1 : 1 + len(normalisers)], strict=True))

    group_index, group_forms, _ = few["group"]
    group_lookup = np.array(
        [
            f if isinstance(f, int) else (GROUP_BLANK if f is None else GROUP_UNKNOWN)
            for f in group_forms
        ]
        + [GROUP_BLANK],
        dtype=np.int32,
    )
    group = group_lookup[group_index]

    code_index, code_forms, _ = few["municipality_code"]
    municipality_codes = [f for f in code_forms if isinstance(f, str)]
    code_lookup = np.array(
        [
            municipality_codes.index(f)
            if isinstance(f, str)
            else (CODE_INVALID if isinstance(f, Invalid) else CODE_BLANK)
            for f in code_forms
        ]
        + [CODE_BLANK],
        dtype=np.int32,
    )
    code_index = code_lookup[code_index]

    name_index, name_forms, name_spellings = few["municipality_name"]
    municipality_names = [
        (str(f), s.strip())
        for f, s in zip(name_forms, name_spellings, strict=True)
        if f is not None
    ]
    name_positions = {form: i for i, (form, _) in enumerate(municipality_names)}
    name_lookup = [name_positions.get(str(f), -1) if f is not None else -1 for f in name_forms]
    name_index = np.array([*name_lookup, -1], dtype=np.int32)[name_index]

    wave_index, wave_forms, _ = few["wave"]
    waves = [str(f) for f in wave_forms if f is not None]
    wave_positions = {wave: i for i, wave in enumerate(waves)}
    wave_index = np.array(
        [wave_positions.get(str(f), -1) if f is not None else -1 for f in wave_forms] + [-1],
        dtype=np.int32,
    )[wave_index]

    meta_blank = ids_blank & (group == GROUP_BLANK) & (code_index == CODE_BLANK)
    meta_blank &= (name_index == -1) & (wave_index == -1)
    content = _rows_with_content(raw, columns, codes, meta_blank)
    rows_in_file = int(content.sum()) + len(raw.ragged)
    if not content.any():
        log.add(
            make_problem(
                "empty-file",
                "the file has a header but no data rows",
                file=file,
                hint="add one row per respondent below the header",
            )
        )
    report = _Reporter(log, raw, content)
    keep = content & (not columns.unusable)

    # --- respondent fields -----------------------------------------------------------------
    if ids_cells is not None:
        report.rows(
            ids_blank,
            "missing-value",
            columns.fields["respondent_id"],
            message=lambda v: "the respondent id is empty; the row is left out",
            hint="every row needs a respondent id, unique within its municipality and wave",
            with_value=False,
        )
        keep &= ~ids_blank

    if "group" in columns.fields:
        report.rows(
            group == GROUP_BLANK,
            "missing-value",
            columns.fields["group"],
            message=lambda v: "the group is empty; the row is left out",
            hint=checker.group_hint(),
            with_value=False,
        )
        report.rows(
            group == GROUP_UNKNOWN,
            "unknown-group",
            columns.fields["group"],
            message=lambda v: f"unknown group '{excerpt(v.strip())}'; the row is left out",
            hint=checker.group_hint,
        )
    keep &= group >= 0

    if "municipality_code" in columns.fields:
        report.rows(
            code_index == CODE_INVALID,
            "invalid-municipality-code",
            columns.fields["municipality_code"],
            message=lambda v: (
                f"'{excerpt(v.strip())}' is not a municipality code; the row is left out"
            ),
            hint=municipality_code_hint,
        )
        keep &= code_index != CODE_INVALID
    municipality_field = columns.fields.get(
        "municipality_code", columns.fields.get("municipality_name")
    )
    if municipality_field is not None:
        nowhere = (code_index == CODE_BLANK) & (name_index == -1)
        report.rows(
            nowhere,
            "missing-value",
            municipality_field,
            message=lambda v: "the municipality is empty; the row is left out",
            hint="give the municipality code (e.g. GM0363) or the municipality name",
            with_value=False,
        )
        keep &= ~nowhere

    extra = {
        name: text_or_null(
            raw.columns[columns.fields[name]], blank_mask(raw.columns[columns.fields[name]])
        )
        for name in EXTRA_COLUMNS
        if name in columns.fields
    }
    # Background characteristics and a weight column: text, checked by answers.background.
    extra.update(
        {
            name: text_or_null(raw.columns[index], blank_mask(raw.columns[index]))
            for name, index in columns.carried.items()
        }
    )

    # --- answers ---------------------------------------------------------------------------
    # Rows whose group is not asked a question, per set of asked groups (items share a few).
    not_asked_rows: dict[tuple[str, ...], np.ndarray | None] = {}

    def not_asked_of(groups: list[str] | None) -> np.ndarray | None:
        key = tuple(groups or ())
        if key not in not_asked_rows:
            asked = checker.asked(groups)
            not_asked_rows[key] = None if asked is None else ~asked[group + 2]
        return not_asked_rows[key]

    bad_answers = _BadAnswers(raw, content)
    for j, item in enumerate(q.all_items):
        index = columns.items.get(item.id)
        if index is None:
            continue
        coder = checker.coders[item.scale]
        values = codes[:, j]
        bad = values <= coder.non_numeric
        if bad.any():
            for marker, code in (
                (coder.out_of_scale, "out-of-scale"),
                (coder.non_numeric, "non-numeric"),
            ):
                bad_answers.add(bad & (values == marker), code, index, coder)
            values[bad] = MISSING
        rows_not_asked = not_asked_of(item.groups)
        if rows_not_asked is not None:
            not_asked = rows_not_asked & (values != MISSING)
            report.not_asked(not_asked, group, checker, item.id, item.groups or [], index)
            values[not_asked] = MISSING

    bad_answers.report(report)

    open_answers: dict[str, pa.Array] = {}
    for question in q.all_open_questions:
        index = columns.open_questions.get(question.id)
        if index is None:
            continue
        blank = blank_mask(raw.columns[index])
        rows_not_asked = not_asked_of(question.groups)
        if rows_not_asked is not None:
            not_asked = rows_not_asked & ~blank
            report.not_asked(not_asked, group, checker, question.id, question.groups or [], index)
            blank = blank | not_asked
        open_answers[question.id] = text_or_null(raw.columns[index], blank)

    for index in columns.unnamed:
        filled = ~blank_mask(raw.columns[index]) & content
        if filled.any():
            count = int(filled.sum())
            log.add(
                make_problem(
                    "unnamed-column",
                    f"column {index + 1} has no header but holds values in "
                    f"{count} row{'s' if count != 1 else ''}: its answers would be lost",
                    file=file,
                    row=raw.header_row,
                    value=raw.columns[index][int(np.flatnonzero(filled)[0])].as_py(),
                    hint="give the column a header (an item id), or delete it",
                ),
                key=("unnamed-column", file, None),
            )

    # --- keep the usable rows --------------------------------------------------------------
    take = None if keep.all() else np.flatnonzero(keep)
    selection = None if take is None else arrow.indices(take)

    def arrow_rows(array: pa.Array) -> pa.Array:
        return array if selection is None else array.take(selection)

    def numpy_rows(array: np.ndarray) -> np.ndarray:
        return array if take is None else array[take]

    return FilePart(
        file=file,
        sha256=raw.sha256,
        rows_in_file=rows_in_file,
        usable=not columns.unusable,
        rows=numpy_rows(raw.rows),
        respondent_id=arrow_rows(ids),
        id_codes=None if id_codes is None else numpy_rows(id_codes),
        group=numpy_rows(group),
        code_index=numpy_rows(code_index),
        municipality_codes=municipality_codes,
        name_index=numpy_rows(name_index),
        municipality_names=municipality_names,
        wave_index=numpy_rows(wave_index),
        waves=waves,
        name_header=columns.name(columns.fields["municipality_name"])
        if "municipality_name" in columns.fields
        else None,
        id_header=columns.name(columns.fields["respondent_id"])
        if ids_cells is not None
        else "respondent_id",
        extra={name: arrow_rows(values) for name, values in extra.items()},
        codes=numpy_rows(codes),
        open_answers={name: arrow_rows(values) for name, values in open_answers.items()},
        carried_headers={name: columns.name(index) for name, index in columns.carried.items()},
    )


# --- bad answers: per row, or grouped when one value is wrong in many columns -----------------
_WHAT = {"out-of-scale": "is not a code of", "non-numeric": "is neither a code nor a label of"}


class _BadAnswers:
    """Bad answer cells of one file, by value: a value wrong in one column is reported row by
    row; a value wrong in several columns (a wording the questionnaire does not use, in every
    item) is one problem that counts every cell: "'Mee eens' in 50 columns, 2,100 cells"."""

    def __init__(self, raw: RawTable, content: np.ndarray) -> None:
        self.raw = raw
        self.content = content
        #: (code, scale, value) -> [(column index, positions)]
        self.found: dict[tuple[str, str, str], list[tuple[int, np.ndarray]]] = {}
        self.coders: dict[str, ScaleCoder] = {}

    def add(self, mask: np.ndarray, code: str, index: int, coder: ScaleCoder) -> None:
        positions = np.flatnonzero(mask & self.content)
        if not len(positions):
            return
        self.coders[coder.scale.id] = coder
        cells = self.raw.columns[index]
        combined = cells.combine_chunks() if cells.num_chunks != 1 else cells.chunk(0)
        values = combined.take(arrow.indices(positions))
        encoded = pc.dictionary_encode(values)
        which = arrow.integers(encoded.indices)
        for k, value in enumerate(encoded.dictionary.to_pylist()):
            key = (code, coder.scale.id, (value or "").strip())
            self.found.setdefault(key, []).append((index, positions[which == k]))

    def report(self, report: _Reporter) -> None:
        for (code, scale_id, value), places in self.found.items():
            coder = self.coders[scale_id]
            if len(places) == 1:
                index, positions = places[0]
                mask = np.zeros(len(self.content), dtype=bool)
                mask[positions] = True
                report.rows(
                    mask,
                    code,
                    index,
                    message=_bad_answer(_WHAT[code], scale_id),
                    hint=coder.allowed_text(),
                )
                continue
            cells = sum(len(p) for _, p in places)
            first = min(int(p[0]) for _, p in places)
            hint = _did_you_mean(value, coder)
            grouped = replace(
                make_problem(
                    code,
                    f"'{excerpt(value)}' in {len(places)} columns, {cells:,} cells: "
                    f"{_WHAT[code].removeprefix('is ')} scale '{scale_id}'; "
                    "they count as unanswered",
                    file=self.raw.file,
                    row=int(self.raw.rows[first]),
                    value=value,
                    hint=hint + coder.allowed_text(),
                ),
                count=cells,
            )
            report.log.add(grouped, key=(code, self.raw.file, f"value {value}"))


def _did_you_mean(value: str, coder: ScaleCoder) -> str:
    """'did you mean 'Eens'? ' for a common wording ('Mee eens') or a close spelling."""
    from quickscan.importing.wordings import wording_codes

    labels = {o.code: o.label.nl for o in (*coder.scale.options, *coder.scale.dont_know)}
    code = wording_codes(coder.scale).get(normalise_label(value))
    if code is None:
        close = difflib.get_close_matches(normalise_label(value), list(coder.labels), n=1)
        code = coder.labels[close[0]] if close else None
    return f"did you mean '{labels[code]}' ({code})? " if code is not None else ""


def _bad_answer(what: str, scale: str) -> Callable[[str], str]:
    def message(value: str) -> str:
        return f"answer '{excerpt(value.strip())}' {what} scale '{scale}'; it counts as unanswered"

    return message


def _rows_with_content(
    raw: RawTable, columns: ColumnMap, codes: np.ndarray, meta_blank: np.ndarray
) -> np.ndarray:
    """False for rows with every cell blank (Excel's trailing ';;;;' rows, blank lines)."""
    blank_rows = meta_blank.copy()
    candidates = np.flatnonzero(blank_rows)
    if len(candidates):
        blank_rows[candidates] = (codes[candidates] == MISSING).all(axis=1)
        for index in (*columns.open_questions.values(), *columns.unnamed):
            candidates = np.flatnonzero(blank_rows)
            if not len(candidates):
                break
            values = raw.columns[index].take(arrow.indices(candidates))
            blank_rows[candidates] = blank_mask(pa.chunked_array([values]))
    return ~blank_rows


class _Reporter:
    """Turns row masks into problems: the first few word for word, all of them counted."""

    def __init__(self, log: ProblemLog, raw: RawTable, content: np.ndarray) -> None:
        self.log = log
        self.raw = raw
        self.content = content

    def rows(
        self,
        mask: np.ndarray,
        code: str,
        column_index: int,
        *,
        message: Callable[[str], str],
        hint: str | Callable[[str], str],
        with_value: bool = True,
    ) -> None:
        mask = mask & self.content
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        cells = self.raw.columns[column_index]
        header = self.raw.header[column_index]

        def problems() -> Iterator[Problem]:
            for position in positions[: self.log.cap]:
                value = cells[int(position)].as_py() if with_value else ""
                yield make_problem(
                    code,
                    message(value),
                    file=self.raw.file,
                    row=int(self.raw.rows[position]),
                    field=header,
                    value=value if with_value else None,
                    hint=hint(value) if callable(hint) else hint,
                )

        self.log.add_counted(problems(), total=len(positions), key=(code, self.raw.file, header))

    def not_asked(
        self,
        mask: np.ndarray,
        group: np.ndarray,
        checker: Checker,
        question_id: str,
        asked_groups: list[str],
        column_index: int,
    ) -> None:
        mask = mask & self.content
        if not mask.any():
            return
        positions = np.flatnonzero(mask)
        cells = self.raw.columns[column_index]
        header = self.raw.header[column_index]

        def problems() -> Iterator[Problem]:
            for position in positions[: self.log.cap]:
                group_id = checker.group_ids[int(group[position])]
                yield make_problem(
                    "item-not-applicable",
                    f"{question_id} is not asked of group '{group_id}'; the answer is ignored",
                    file=self.raw.file,
                    row=int(self.raw.rows[position]),
                    field=header,
                    value=cells[int(position)].as_py(),
                    hint=f"{question_id} is asked of: {', '.join(asked_groups)}",
                )

        self.log.add_counted(
            problems(), total=len(positions), key=("item-not-applicable", self.raw.file, header)
        )
