"""Put the files of one run together: checks across rows and files, then the AnswerSet.

Respondent ids must be unique per municipality and wave over all files, and one
municipality code has one name. Both checks work on integer keys, not on rows in Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from quickscan.answers import arrow
from quickscan.answers.answer_set import AnswerSet, RespondentColumns
from quickscan.answers.problems import ProblemLog, make_problem
from quickscan.answers.validate import EXTRA_COLUMNS, FilePart
from quickscan.errors import Problem, excerpt
from quickscan.questionnaire.models import Questionnaire


@dataclass
class _Keys:
    """Global dictionaries for the few-valued columns, and per file the row -> index maps.

    Every index is into the run-wide list (codes, names, waves); -1 is blank.
    """

    codes: list[str]
    names: list[str]
    waves: list[str]
    code_index: list[np.ndarray]
    name_index: list[np.ndarray]
    wave_index: list[np.ndarray]

    def municipality_key(self, part: int) -> np.ndarray:
        """A row's municipality: its code, or its name where it has no code."""
        code, name = self.code_index[part], self.name_index[part]
        return np.where(code >= 0, code, len(self.codes) + name)

    def describe(self, key: int) -> str:
        return self.codes[key] if key < len(self.codes) else self.names[key - len(self.codes)]


def combine(
    parts: list[FilePart], questionnaire: Questionnaire, dtype: np.dtype, log: ProblemLog
) -> AnswerSet:
    """Check across files and build the AnswerSet from their usable rows."""
    keys = _keys(parts, log)
    keep = _check_duplicates(parts, keys, log)
    return _build(parts, keys, keep, questionnaire, dtype)


def _remap(local: np.ndarray, mapping: list[int]) -> np.ndarray:
    """Local index -> global index; -1 stays -1."""
    table = np.array([*mapping, -1], dtype=np.int32)
    return table[np.where(local >= 0, local, len(mapping))]


def _keys(parts: list[FilePart], log: ProblemLog) -> _Keys:
    """Run-wide municipality codes, names (one per code) and waves; report mixed names."""
    spelling: dict[str, str] = {}  # normalised name -> the first spelling seen
    for part in parts:
        for form, written in part.municipality_names:
            spelling.setdefault(form, written)

    name_of_code: dict[str, tuple[str, str, int]] = {}  # code -> (name form, file, row)
    for part in parts:
        both = (part.code_index >= 0) & (part.name_index >= 0)
        if not both.any():
            continue
        width = len(part.municipality_names)
        pairs = part.code_index[both].astype(np.int64) * width + part.name_index[both]
        # A pair's first row starts a run of equal pairs: only run starts need sorting.
        run_starts = np.flatnonzero(np.concatenate(([True], pairs[1:] != pairs[:-1])))
        unique_pairs, first_run = np.unique(pairs[run_starts], return_index=True)
        first = run_starts[first_run]
        rows = part.rows[both]
        for pair, position in sorted(zip(unique_pairs, first, strict=True), key=lambda t: t[1]):
            code = part.municipality_codes[int(pair) // width]
            form = part.municipality_names[int(pair) % width][0]
            row = int(rows[position])
            if code not in name_of_code:
                name_of_code[code] = (form, part.file, row)
                continue
            known, known_file, known_row = name_of_code[code]
            if known == form:
                continue
            where = (
                f"row {known_row}" if known_file == part.file else (f"{known_file} row {known_row}")
            )
            log.add(
                make_problem(
                    "mixed-municipality-names",
                    f"municipality {code} is called '{excerpt(spelling[form])}' here but "
                    f"'{excerpt(spelling[known])}' in {where}",
                    file=part.file,
                    row=row,
                    field=part.name_header,
                    value=spelling[form],
                    hint="one municipality code has one name: correct the code or the name",
                )
            )

    codes: dict[str, int] = {}
    names: dict[str, int] = {}  # by normalised form
    waves: dict[str, int] = {}
    keys = _Keys([], [], [], [], [], [])
    for part in parts:
        code_map = [codes.setdefault(c, len(codes)) for c in part.municipality_codes]
        name_map = [names.setdefault(f, len(names)) for f, _ in part.municipality_names]
        wave_map = [waves.setdefault(w, len(waves)) for w in part.waves]
        keys.code_index.append(_remap(part.code_index, code_map))
        keys.name_index.append(_remap(part.name_index, name_map))
        keys.wave_index.append(_remap(part.wave_index, wave_map))
    keys.codes = list(codes)
    keys.names = [spelling[form] for form in names]
    keys.waves = list(waves)

    # A row with a code carries the code's (first) name, also when its own cell is blank.
    name_for_code = np.array(
        [names[name_of_code[c][0]] if c in name_of_code else -1 for c in keys.codes] + [-1],
        dtype=np.int32,
    )
    for index, code_index in enumerate(keys.code_index):
        by_code = name_for_code[np.where(code_index >= 0, code_index, len(keys.codes))]
        keys.name_index[index] = np.where(by_code >= 0, by_code, keys.name_index[index])
    return keys


def _check_duplicates(
    parts: list[FilePart], keys: _Keys, log: ProblemLog
) -> list[np.ndarray | None]:
    """Report repeated respondent ids per municipality and wave; the first row is kept.

    Returns per file a mask of rows to keep, or None to keep them all.
    """
    keep: list[np.ndarray | None] = [None] * len(parts)
    ids = pa.chunked_array([p.respondent_id for p in parts], pa.string()).combine_chunks()
    total = len(ids)
    if total < 2:
        return keep
    if len(parts) == 1 and parts[0].id_codes is not None:
        id_index = parts[0].id_codes  # encoded while the file was checked
    else:
        id_index = arrow.integers(pc.dictionary_encode(ids).indices)
    n_ids = int(id_index.max()) + 1
    if np.bincount(id_index, minlength=n_ids).max() < 2:
        return keep  # no id occurs twice anywhere: nothing to compare
    municipality = np.concatenate([keys.municipality_key(i) for i in range(len(parts))])
    wave = np.concatenate(keys.wave_index) + 1
    composite = (municipality.astype(np.int64) * (len(keys.waves) + 1) + wave) * n_ids + id_index
    order = np.argsort(composite, kind="stable")
    ordered = composite[order]
    repeats = np.flatnonzero(ordered[1:] == ordered[:-1]) + 1
    if not len(repeats):
        return keep

    # A stable sort keeps file and row order within a run of equal keys: its first is kept.
    run_start = np.searchsorted(ordered, ordered[repeats], side="left")
    pairs = sorted(
        (int(order[later]), int(order[first]))
        for later, first in zip(repeats, run_start, strict=True)
    )
    offsets = np.cumsum([0, *(len(p.rows) for p in parts)])

    def locate(position: int) -> tuple[int, int]:
        index = int(np.searchsorted(offsets, position, side="right")) - 1
        return index, position - int(offsets[index])

    def problems() -> Iterator[Problem]:
        for later, first in pairs[: log.cap]:
            index, row = locate(later)
            first_index, first_row = locate(first)
            part, first_part = parts[index], parts[first_index]
            respondent = ids[later].as_py()
            where = f"row {first_part.rows[first_row]}"
            if first_index != index:
                where = f"{first_part.file} {where}"
            scope = keys.describe(int(municipality[later]))
            if wave[later]:
                scope += f", wave {keys.waves[wave[later] - 1]}"
            yield make_problem(
                "duplicate-respondent",
                f"respondent id '{excerpt(respondent)}' ({scope}) is also in {where}; "
                "this row is left out",
                file=part.file,
                row=int(part.rows[row]),
                field=part.id_header,
                value=respondent,
                hint="respondent ids must be unique within a municipality and wave",
            )

    log.add_counted(problems(), total=len(pairs), key=("duplicate-respondent", None, None))
    drop = np.zeros(total, dtype=bool)
    drop[[later for later, _ in pairs]] = True
    for index in range(len(parts)):
        part_drop = drop[offsets[index] : offsets[index + 1]]
        if part_drop.any():
            keep[index] = ~part_drop
    return keep


def _build(
    parts: list[FilePart],
    keys: _Keys,
    keep: list[np.ndarray | None],
    questionnaire: Questionnaire,
    dtype: np.dtype,
) -> AnswerSet:
    """Assemble respondents, codes and open answers from the kept rows, in file order."""
    extra_names = [name for name in EXTRA_COLUMNS if any(name in p.extra for p in parts)]
    # Carried background and weight columns, in the order the files first have them.
    extra_names += list(dict.fromkeys(n for p in parts for n in p.extra if n not in extra_names))
    open_ids = [
        q.id for q in questionnaire.all_open_questions if any(q.id in p.open_answers for p in parts)
    ]
    text: dict[str, list[pa.Array]] = {
        name: [] for name in ("respondent_id", *extra_names, *open_ids)
    }
    few: dict[str, list[np.ndarray]] = {
        name: [] for name in ("municipality_code", "municipality_name", "group", "wave", "source")
    }
    rows: list[np.ndarray] = []
    blocks: list[np.ndarray] = []
    for index, part in enumerate(parts):
        mask = keep[index]
        size = len(part.rows)
        selection = None if mask is None else arrow.indices(np.flatnonzero(mask))

        def arrow_rows(array: pa.Array, selection: pa.Array | None = selection) -> pa.Array:
            return array if selection is None else array.take(selection)

        def numpy_rows(array: np.ndarray, mask: np.ndarray | None = mask) -> np.ndarray:
            return array if mask is None else array[mask]

        text["respondent_id"].append(arrow_rows(part.respondent_id))
        for name in extra_names:
            text[name].append(arrow_rows(part.extra.get(name, pa.nulls(size, pa.string()))))
        for name in open_ids:
            text[name].append(arrow_rows(part.open_answers.get(name, pa.nulls(size, pa.string()))))
        few["municipality_code"].append(numpy_rows(keys.code_index[index]))
        few["municipality_name"].append(numpy_rows(keys.name_index[index]))
        few["group"].append(numpy_rows(part.group))
        few["wave"].append(numpy_rows(keys.wave_index[index]))
        few["source"].append(np.full(size if mask is None else int(mask.sum()), index, np.int32))
        rows.append(numpy_rows(part.rows))
        blocks.append(numpy_rows(part.codes))

    def text_column(name: str) -> pa.ChunkedArray:
        return pa.chunked_array(text[name], pa.string())

    def few_valued(name: str, values: list[str]) -> tuple[np.ndarray, list[str]]:
        return (np.concatenate(few[name]) if few[name] else np.zeros(0, np.int32)), values

    columns = RespondentColumns(
        respondent_id=text_column("respondent_id"),
        few={
            "municipality_code": few_valued("municipality_code", keys.codes),
            "municipality_name": few_valued("municipality_name", keys.names),
            "group": few_valued("group", [g.id for g in questionnaire.groups]),
            "wave": few_valued("wave", keys.waves),
            "source": few_valued("source", [p.file for p in parts]),
        },
        row=np.concatenate(rows) if rows else np.zeros(0, np.int64),
        extra={name: text_column(name) for name in extra_names},
        open_answers={name: text_column(name) for name in open_ids},
        carried_headers=[part.carried_headers for part in parts],
    )
    if not blocks:
        codes = np.zeros((0, len(questionnaire.all_items)), dtype=dtype)
    elif len(blocks) == 1:
        codes = blocks[0]
    else:
        codes = np.concatenate(blocks, axis=0)
    codes = np.asfortranarray(codes)

    return AnswerSet(
        columns=columns,
        item_ids=[item.id for item in questionnaire.all_items],
        codes=codes,
    )
