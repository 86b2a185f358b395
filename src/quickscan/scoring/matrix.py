"""Answers -> integer keys and a step matrix, sorted by municipality and wave, in one pass.

Everything per row is done here, vectorised and in chunks of rows, so the rest of scoring
only ever touches per-cell totals (municipality x wave x group) and small per-municipality
blocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from quickscan.answers.answer_set import AnswerSet
from quickscan.parallel import run_all
from quickscan.scoring.layout import NO_STEP, Layout


@dataclass(frozen=True)
class Prepared:
    """Rows sorted by (municipality, wave); per-cell code counts; one row per respondent."""

    #: One entry per municipality x wave, sorted by (code or name, wave).
    municipality_codes: list[str | None]
    municipality_names: list[str | None]
    waves: list[str | None]
    #: Row boundaries: municipality m has rows starts[m]:starts[m + 1].
    starts: np.ndarray
    #: Per row (sorted): municipality index, group index, cell = municipality x groups + group.
    municipality: np.ndarray
    group: np.ndarray
    cell: np.ndarray
    #: (items, rows): steps per item (NO_STEP when there is no score), items in layout order;
    #: item-major, so one item's steps are contiguous.
    steps: np.ndarray
    #: (municipalities, groups, items, code slots): how often each code was given.
    counts: np.ndarray
    #: Respondents left out because their group is not in the questionnaire.
    unknown_group_rows: int
    #: Per row (sorted) the respondent's weight, and `counts` summed with those weights and
    #: with their squares (for the Kish effective n of a share); None when scoring is
    #: unweighted (scoring/weights.py).
    weight: np.ndarray | None = None
    weighted_counts: np.ndarray | None = None
    squared_weight_counts: np.ndarray | None = None

    @property
    def n_municipalities(self) -> int:
        return len(self.waves)


def _group_index(answers: AnswerSet, group_ids: list[str]) -> np.ndarray:
    index, texts = answers.key_column("group")
    lookup = np.array([group_ids.index(t) if t in group_ids else -1 for t in texts] + [-1])
    return lookup[index]  # index -1 picks the trailing -1


def prepare(answers: AnswerSet, layout: Layout, weights: np.ndarray | None = None) -> Prepared:
    """Sort rows by municipality and wave, turn codes into steps and count every code.

    `weights` (one per row of `answers`) are sorted along and also give weighted counts.
    """
    group_idx = _group_index(answers, layout.group_ids)
    code_idx, code_texts = answers.key_column("municipality_code")
    name_idx, name_texts = answers.key_column("municipality_name")
    wave_idx, wave_texts = answers.key_column("wave")

    # The key of a row is its code, or its name where it has no code, sorted as text.
    key_texts = [*code_texts, *name_texts, ""]
    key_is_code = np.array([True] * len(code_texts) + [False] * (len(name_texts) + 1))
    key_id = np.where(
        code_idx >= 0,
        code_idx,
        np.where(name_idx >= 0, len(code_texts) + name_idx, len(key_texts) - 1),
    )
    rank_order = sorted(range(len(key_texts)), key=lambda i: (key_texts[i], not key_is_code[i]))
    key_rank = np.empty(len(key_texts), dtype=np.int64)
    key_rank[rank_order] = np.arange(len(key_texts))
    n_waves = len(wave_texts) + 1  # wave rank 0 is "no wave"
    pair = key_rank[key_id] * n_waves + (wave_idx + 1)

    known = group_idx >= 0
    unknown_rows = int((~known).sum())
    if unknown_rows:
        pair = np.where(known, pair, -1)
    n_pairs = len(key_texts) * n_waves
    if n_pairs <= 4 * max(len(pair), 1):
        present = np.bincount(pair[pair >= 0], minlength=n_pairs) > 0
        pairs = np.flatnonzero(present)
        muni_idx = np.where(pair >= 0, (np.cumsum(present) - 1)[np.maximum(pair, 0)], -1)
    else:
        pairs, inverse = np.unique(pair[pair >= 0], return_inverse=True)
        muni_idx = np.full(len(pair), -1, dtype=np.int64)
        muni_idx[pair >= 0] = inverse

    # Sort by municipality (stable: file order within a block); unknown groups go first
    # with index -1 and are then cut off.
    # Files pooled per municipality are mostly in order already: then nothing is copied.
    order: np.ndarray | None = None
    if unknown_rows or not bool(np.all(muni_idx[1:] >= muni_idx[:-1])):
        order = np.argsort(muni_idx, kind="stable")[unknown_rows:]

    def sort(values: np.ndarray) -> np.ndarray:
        return values if order is None else values[order]

    muni_sorted = sort(muni_idx)
    n_rows = len(muni_sorted)
    n_munis = len(pairs)
    starts = np.searchsorted(muni_sorted, np.arange(n_munis + 1))
    n_groups = len(layout.group_ids)
    group_sorted = sort(group_idx)
    cell = muni_sorted * n_groups + group_sorted

    # Identity per municipality-wave: the key, the first name given, the wave.
    rank_to_key = np.array(rank_order, dtype=np.int64)
    key_of = rank_to_key[pairs // n_waves]
    wave_of = pairs % n_waves
    name_sorted = sort(name_idx)
    first = _first_named(name_sorted, starts)
    codes_out: list[str | None] = []
    names_out: list[str | None] = []
    waves_out: list[str | None] = []
    for m in range(n_munis):
        key = int(key_of[m])
        name = name_texts[name_sorted[first[m]]] if first[m] < n_rows else None
        if key_is_code[key]:
            codes_out.append(key_texts[key])
            names_out.append(name)
        else:
            codes_out.append(None)
            names_out.append(key_texts[key] or None)
        waves_out.append(wave_texts[wave_of[m] - 1] if wave_of[m] > 0 else None)

    weight = None if weights is None else sort(np.asarray(weights, dtype=np.float64))
    steps, counts, weighted, squared = _steps_and_counts(
        answers, layout, order, cell, n_munis * n_groups, weight
    )
    n_items = len(layout.items)
    shape = (n_munis, n_groups, n_items, layout.code_slots)
    return Prepared(
        municipality_codes=codes_out,
        municipality_names=names_out,
        waves=waves_out,
        starts=starts,
        municipality=muni_sorted,
        group=group_sorted,
        cell=cell,
        steps=steps,
        counts=counts.reshape(shape),
        unknown_group_rows=unknown_rows,
        weight=weight,
        weighted_counts=None if weighted is None else weighted.reshape(shape),
        squared_weight_counts=None if squared is None else squared.reshape(shape),
    )


def _first_named(name_sorted: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Per municipality the first row with a name (its number of rows when none has one)."""
    n_rows = len(name_sorted)
    first = starts[:-1].copy()
    # Nearly always a municipality's first row has its name; look further only where not.
    for m in np.flatnonzero(name_sorted[np.minimum(first, max(n_rows - 1, 0))] < 0).tolist():
        named = np.flatnonzero(name_sorted[starts[m] : starts[m + 1]] >= 0)
        first[m] = starts[m] + named[0] if len(named) else n_rows
    return first


def _steps_and_counts(
    answers: AnswerSet,
    layout: Layout,
    order: np.ndarray | None,
    cell: np.ndarray,
    n_cells: int,
    weight: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]:
    """Steps per item and row (items x rows), and how often each code was given per cell
    (also summed with the weights and with their squares, when there are weights).

    Works one item at a time: the reader hands over column-major codes, so an item's codes
    are one contiguous vector, turned into steps by a small look-up table and counted per
    cell by one `bincount`.
    """
    n_rows = len(cell)
    n_items = len(layout.items)
    slots = layout.code_slots
    step_dtype = _step_dtype(layout.steps_total)
    luts = layout.step_lut.astype(step_dtype)
    code_max = layout.code_min + layout.other_slot - 1

    position = {item_id: j for j, item_id in enumerate(answers.item_ids)}
    codes = answers.codes
    n_groups = len(layout.group_ids)
    n_keys = n_cells * slots
    steps = np.empty((n_items, n_rows), dtype=step_dtype)
    counts = np.zeros((n_items, n_keys), dtype=np.int64)
    weighted = None if weight is None else np.zeros((n_items, n_keys))
    squared = None if weight is None else np.zeros((n_items, n_keys))
    weight_squared = None if weight is None else weight * weight
    # key = cell x slots + slot (slot = code - code_min): one bincount counts every cell, and
    # a look-up table over keys gives the step, blank where the cell's group is not asked the
    # item (the reader blanks those answers too; other callers may not).
    cell_key = cell.astype(np.int64) * slots
    group_of_key = np.repeat(np.arange(n_cells) % max(n_groups, 1), slots)
    slot_of_key = np.tile(np.arange(slots), n_cells)
    # Codes no scale knows go to the 'other' slot; checking all codes at once is cheap.
    out_of_range = bool(codes.size) and (
        int(codes.min()) < layout.code_min or int(codes.max()) > code_max
    )

    def one_item(j: int) -> None:
        source = position.get(layout.items[j].id)
        if source is None:
            # Not in the file: every answer is blank.
            steps[j] = NO_STEP
            counts[j] = np.bincount(cell_key + layout.missing_slot, minlength=n_keys)
            if weighted is not None and squared is not None:
                weighted[j] = np.bincount(
                    cell_key + layout.missing_slot, weights=weight, minlength=n_keys
                )
                squared[j] = np.bincount(
                    cell_key + layout.missing_slot, weights=weight_squared, minlength=n_keys
                )
            return
        column = codes[:, source] if order is None else codes[order, source]
        key = np.subtract(column, layout.code_min, dtype=np.intp)
        if out_of_range:
            key[(key < 0) | (key >= layout.other_slot)] = layout.other_slot
        key += cell_key
        lut = luts[j][slot_of_key]
        if not layout.applies[:, j].all():
            lut[~layout.applies[group_of_key, j]] = NO_STEP
        # mode="clip": keys are in range, and the default mode would buffer `out`.
        np.take(lut, key, out=steps[j], mode="clip")
        counts[j] = np.bincount(key, minlength=n_keys)
        if weighted is not None and squared is not None:
            weighted[j] = np.bincount(key, weights=weight, minlength=n_keys)
            squared[j] = np.bincount(key, weights=weight_squared, minlength=n_keys)

    run_all(one_item, range(n_items))

    def per_cell_of(totals: np.ndarray) -> np.ndarray:
        per_cell = np.ascontiguousarray(
            totals.reshape(n_items, -1, len(layout.group_ids), slots).transpose(1, 2, 0, 3)
        )
        for g, j in zip(*np.nonzero(~layout.applies), strict=True):
            answered = per_cell[:, g, j, :].sum(axis=1)
            per_cell[:, g, j, :] = 0
            per_cell[:, g, j, layout.missing_slot] = answered
        return per_cell

    return (
        steps,
        per_cell_of(counts),
        None if weighted is None else per_cell_of(weighted),
        None if squared is None else per_cell_of(squared),
    )


def _step_dtype(steps_total: int) -> type[np.signedinteger]:
    """The smallest type for steps 0..steps_total and NO_STEP: less memory, faster passes."""
    for dtype in (np.int8, np.int16, np.int32):
        if steps_total <= np.iinfo(dtype).max:
            return dtype
    return np.int64
