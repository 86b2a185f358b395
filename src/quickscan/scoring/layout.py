"""The questionnaire turned into lookup arrays, so scoring never loops over items per row.

Item scores are kept as whole *steps*: `L` steps span the 0-10 display scale for every item,
where `L` is the least common multiple of the ranges (max - min) of the scales in use. A
5-point scale (range 4) alone gives L = 4, so the steps are 0, 1, 2, 3, 4 and the scores
0, 2.5, 5, 7.5, 10. Sums of steps are exact integers; a score is `10 * steps / L`, computed
once at the end, so no floating-point error builds up along the way.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from quickscan.answers.answer_set import MISSING
from quickscan.questionnaire.models import Item, Questionnaire

#: Step value stored for a missing score (blank, don't know, not applicable, unknown code).
NO_STEP = -1


def min_valid(share: float, applicable: int) -> int:
    """How many applicable items a respondent must answer: ceil(share x applicable).

    The product is rounded to 9 decimals first, so 0.7 x 10 (7.000000000000001 in binary)
    asks for 7 answers, not 8. At least one answer is always needed.
    """
    if applicable <= 0:
        return 0
    return max(1, math.ceil(round(share * applicable, 9)))


@dataclass(frozen=True)
class Layout:
    """Arrays describing the questionnaire's items, areas and groups (no answers)."""

    items: list[Item]  # area items in questionnaire order, then maatwerk items
    item_area: list[str | None]  # area id per item, None for maatwerk
    area_ids: list[str]
    area_slices: list[slice]  # columns of each area in `items` (areas are contiguous)
    group_ids: list[str]
    steps_total: int  # L: steps from 0 to 10 on the display scale
    code_min: int  # smallest code that can occur (MISSING included)
    code_slots: int  # codes code_min..code_max, plus one slot for any other code
    step_lut: np.ndarray  # (items, code_slots) step per code; NO_STEP when not scored
    scored: np.ndarray  # (items, code_slots) bool: code is a scored option of the scale
    dont_know: np.ndarray  # (items, code_slots) bool: code is a don't-know option
    applies: np.ndarray  # (groups, items) bool: the item is asked of the group
    applicable: np.ndarray  # (groups, areas) int: number of area items asked of the group
    need: np.ndarray  # (groups, areas) int: valid answers needed for an area score
    scale_codes: list[list[int]]  # scored codes per item, in scale order
    #: Per item the scored codes as text (the keys of ItemStat.distribution), and their
    #: slots, padded to the longest scale with the 'other' slot.
    distribution_codes: list[list[str]]
    distribution_slots: np.ndarray  # (items, longest scale)

    @property
    def other_slot(self) -> int:
        return self.code_slots - 1

    @property
    def missing_slot(self) -> int:
        return MISSING - self.code_min

    def slot(self, code: int) -> int:
        return code - self.code_min


def build_layout(questionnaire: Questionnaire, min_valid_share: float) -> Layout:
    """The lookup arrays for a questionnaire and a minimum share of valid answers."""
    items = questionnaire.all_items
    area_ids = [area.id for area in questionnaire.areas]
    slices: list[slice] = []
    start = 0
    for area in questionnaire.areas:
        slices.append(slice(start, start + len(area.items)))
        start += len(area.items)
    item_area: list[str | None] = [questionnaire.area_of(item.id) for item in items]

    scales = [questionnaire.scale(item.scale) for item in items]
    ranges = {scale.max - scale.min for scale in scales} or {1}
    steps_total = math.lcm(*ranges)
    all_codes = [MISSING]
    for scale in scales:
        all_codes.extend(scale.codes)
        all_codes.extend(scale.dont_know_codes)
    code_min, code_max = min(all_codes), max(all_codes)
    code_slots = code_max - code_min + 2

    n_items = len(items)
    step_lut = np.full((n_items, code_slots), NO_STEP, dtype=np.int32)
    scored = np.zeros((n_items, code_slots), dtype=bool)
    dont_know = np.zeros((n_items, code_slots), dtype=bool)
    for j, (item, scale) in enumerate(zip(items, scales, strict=True)):
        per_step = steps_total // (scale.max - scale.min)
        for code in scale.codes:
            step = (code - scale.min) * per_step
            step_lut[j, code - code_min] = steps_total - step if item.reverse else step
            scored[j, code - code_min] = True
        for code in scale.dont_know_codes:
            dont_know[j, code - code_min] = True

    group_ids = [group.id for group in questionnaire.groups]
    applies = np.array(
        [[item.applies_to(g) for item in items] for g in group_ids], dtype=bool
    ).reshape(len(group_ids), n_items)
    applicable = np.array(
        [[int(applies[gi, sl].sum()) for sl in slices] for gi in range(len(group_ids))],
        dtype=np.int64,
    ).reshape(len(group_ids), len(slices))
    need = np.vectorize(lambda n: min_valid(min_valid_share, int(n)), otypes=[np.int64])(
        applicable
    ).reshape(applicable.shape)

    longest = max((len(scale.codes) for scale in scales), default=0)
    distribution_slots = np.full((n_items, longest), code_slots - 1, dtype=np.int64)
    for j, scale in enumerate(scales):
        distribution_slots[j, : len(scale.codes)] = [code - code_min for code in scale.codes]

    return Layout(
        items=items,
        item_area=item_area,
        area_ids=area_ids,
        area_slices=slices,
        group_ids=group_ids,
        steps_total=steps_total,
        code_min=code_min,
        code_slots=code_slots,
        step_lut=step_lut,
        scored=scored,
        dont_know=dont_know,
        applies=applies,
        applicable=applicable,
        need=need,
        scale_codes=[scale.codes for scale in scales],
        distribution_codes=[[str(code) for code in scale.codes] for scale in scales],
        distribution_slots=distribution_slots,
    )
