"""Invariants of scoring, checked on many generated answer sets (hypothesis)."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scoring_factories import GROUPS, item, make_questionnaire

from quickscan.answers.answer_set import MISSING, RESPONDENT_COLUMNS, AnswerSet
from quickscan.scoring import score
from quickscan.scoring.layout import build_layout

QUESTIONNAIRE = make_questionnaire(maatwerk=[item("MW1", reverse=True)])
ITEM_IDS = [i.id for i in QUESTIONNAIRE.all_items]
CODES = [MISSING, 1, 2, 3, 4, 5, 9]  # freq4 (W3) knows 1..4: a 5 there is an unknown code
MUNICIPALITIES = ["GM0001", "GM0002"]

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def build(groups: list[str], munis: list[str], codes: np.ndarray, item_ids=None) -> AnswerSet:
    n = len(groups)
    frame = pd.DataFrame(
        {
            "respondent_id": [str(i) for i in range(n)],
            "municipality_code": munis,
            "municipality_name": [f"Gemeente {m}" for m in munis],
            "group": groups,
            "wave": ["2025"] * n,
            "source": ["answers.csv"] * n,
            "row": list(range(2, n + 2)),
        },
        columns=list(RESPONDENT_COLUMNS),
    )
    return AnswerSet(
        respondents=frame,
        item_ids=list(item_ids or ITEM_IDS),
        codes=codes,
        open_answers=pd.DataFrame({"respondent_id": frame["respondent_id"]}),
    )


@st.composite
def answer_sets(draw: Any, max_rows: int = 40) -> AnswerSet:
    n = draw(st.integers(0, max_rows))
    groups = draw(st.lists(st.sampled_from(GROUPS), min_size=n, max_size=n))
    munis = draw(st.lists(st.sampled_from(MUNICIPALITIES), min_size=n, max_size=n))
    codes = draw(arrays(np.int64, (n, len(ITEM_IDS)), elements=st.sampled_from(CODES)))
    return build(groups, munis, codes)


def assert_same(a: Any, b: Any, path: str = "") -> None:
    """Equal dumps, with floats equal to 1e-9 (sums in another order differ in the last bit)."""
    if isinstance(a, float) and isinstance(b, float):
        assert math.isclose(a, b, abs_tol=1e-9), (path, a, b)
    elif isinstance(a, dict):
        assert a.keys() == b.keys(), path
        for key in a:
            assert_same(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list):
        assert len(a) == len(b), path
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            assert_same(x, y, f"{path}[{index}]")
    else:
        assert a == b, (path, a, b)


def all_scores(result):
    for municipality in result.municipalities:
        for area in municipality.areas:
            yield from area.groups
            yield area.combined
        yield from municipality.overall
        yield from municipality.items
        yield from municipality.maatwerk


@SETTINGS
@given(answer_sets(), st.integers(1, 5), st.sampled_from(["equal_groups", "pooled"]))
def test_scores_in_range_and_suppressed_cells_empty(answers, minimum, weighting) -> None:
    result = score(answers, QUESTIONNAIRE, min_group_size=minimum, weighting=weighting)
    for cell in all_scores(result):
        if cell.score is not None:
            assert 0 <= cell.score <= 10
            assert cell.n is not None and cell.n >= minimum
        if cell.suppressed:
            assert cell.n is None and cell.score is None and cell.sd is None
    for municipality in result.municipalities:
        for area in municipality.areas:
            shown = [g for g in area.groups if g.score is not None]
            assert all(not g.suppressed for g in shown)
            if shown:
                assert area.combined.n == sum(g.n for g in shown)
            if weighting == "equal_groups" and shown:
                expected = sum(g.score for g in shown) / len(shown)
                assert math.isclose(area.combined.score, expected, abs_tol=1e-9)


@SETTINGS
@given(answer_sets(), st.randoms(use_true_random=False), st.integers(1, 4))
def test_row_order_does_not_matter(answers, random, minimum) -> None:
    order = list(range(len(answers)))
    random.shuffle(order)
    shuffled = build(
        list(answers.respondents["group"].iloc[order]),
        list(answers.respondents["municipality_code"].iloc[order]),
        answers.codes[order],
    )
    expected = score(answers, QUESTIONNAIRE, min_group_size=minimum).model_dump()
    assert_same(score(shuffled, QUESTIONNAIRE, min_group_size=minimum).model_dump(), expected)


@SETTINGS
@given(answer_sets(), st.permutations(range(len(ITEM_IDS))), st.integers(1, 4))
def test_item_column_order_does_not_matter(answers, permutation, minimum) -> None:
    permuted = build(
        list(answers.respondents["group"]),
        list(answers.respondents["municipality_code"]),
        answers.codes[:, permutation],
        item_ids=[ITEM_IDS[j] for j in permutation],
    )
    expected = score(answers, QUESTIONNAIRE, min_group_size=minimum).model_dump()
    assert_same(score(permuted, QUESTIONNAIRE, min_group_size=minimum).model_dump(), expected)


@SETTINGS
@given(answer_sets(), st.data(), st.integers(2, 6), st.sampled_from(["equal_groups", "pooled"]))
def test_adding_a_suppressed_group_changes_no_combined_score(
    answers, data, minimum, weighting
) -> None:
    present = set(
        zip(answers.respondents["municipality_code"], answers.respondents["group"], strict=True)
    )
    free = [(m, g) for m in MUNICIPALITIES for g in GROUPS if (m, g) not in present]
    if not free:
        return
    muni, group = data.draw(st.sampled_from(free))
    k = data.draw(st.integers(1, minimum - 1))
    extra_codes = data.draw(arrays(np.int64, (k, len(ITEM_IDS)), elements=st.sampled_from(CODES)))
    bigger = build(
        [*answers.respondents["group"], *[group] * k],
        [*answers.respondents["municipality_code"], *[muni] * k],
        np.vstack([answers.codes, extra_codes]),
    )
    before = score(answers, QUESTIONNAIRE, min_group_size=minimum, weighting=weighting)
    after = score(bigger, QUESTIONNAIRE, min_group_size=minimum, weighting=weighting)

    def combined(result):
        out = {}
        for m in result.municipalities:
            for area in m.areas:
                out[(m.municipality_code, area.area)] = (area.combined.score, area.combined.sd)
                for g in area.groups:
                    out[(m.municipality_code, area.area, g.group)] = g.score
            out[(m.municipality_code, "overall")] = m.overall_for("all").score
            for s in [*m.items, *m.maatwerk]:
                if s.group == "all":
                    out[(m.municipality_code, s.item)] = (s.score, s.distribution, s.dont_know)
        return out

    old, new = combined(before), combined(after)
    for key, value in new.items():
        if key in old:
            assert value == old[key], key
        else:
            # A municipality that only the new group brings shows nothing at all.
            assert value in (None, (None, None), (None, {}, None)), key


def test_reverse_keying_twice_is_the_identity() -> None:
    forward = make_questionnaire()
    layout = build_layout(forward, 0.5)
    once = build_layout(_flip(forward), 0.5)
    twice = build_layout(_flip(_flip(forward)), 0.5)
    assert np.array_equal(twice.step_lut, layout.step_lut)
    scored = layout.scored
    assert np.array_equal(once.step_lut[scored], layout.steps_total - layout.step_lut[scored])


def _flip(questionnaire):
    areas = [
        area.model_copy(
            update={"items": [i.model_copy(update={"reverse": not i.reverse}) for i in area.items]}
        )
        for area in questionnaire.areas
    ]
    return questionnaire.model_copy(update={"areas": areas})


@SETTINGS
@given(answer_sets(max_rows=25))
def test_reversed_items_with_mirrored_answers_score_the_same(answers) -> None:
    # Reverse-keying an item and mirroring every answer (code -> min + max - code) is
    # the same questionnaire: every score stays the same.
    flipped = _flip(QUESTIONNAIRE)
    mirrored = answers.codes.copy()
    for j, item_id in enumerate(ITEM_IDS):
        scale = QUESTIONNAIRE.scale(QUESTIONNAIRE.item(item_id).scale)
        if QUESTIONNAIRE.area_of(item_id) is None:
            continue  # maatwerk items are not flipped by _flip
        column = mirrored[:, j]
        scored = np.isin(column, scale.codes)
        column[scored] = scale.min + scale.max - column[scored]
    other = build(
        list(answers.respondents["group"]),
        list(answers.respondents["municipality_code"]),
        mirrored,
    )
    a = score(answers, QUESTIONNAIRE, min_group_size=2)
    b = score(other, flipped, min_group_size=2)
    for x, y in zip(all_scores(a), all_scores(b), strict=True):
        assert (x.score is None) == (y.score is None)
        if x.score is not None:
            assert math.isclose(x.score, y.score, abs_tol=1e-9)


def _pandas_alpha(scores: pd.DataFrame) -> float | None:
    """The reference: pairwise covariances from pandas, then the alpha formula."""
    scores = scores.dropna(axis=1, how="all")
    k = scores.shape[1]
    if k < 2:
        return None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # pandas: too few rows for a pair
        cov = scores.cov()
    total = cov.to_numpy().sum()
    if not np.isfinite(total) or total == 0:
        return None
    return k / (k - 1) * (1 - np.trace(cov.to_numpy()) / total)


@SETTINGS
@given(
    arrays(np.int8, st.tuples(st.integers(1, 9), st.integers(0, 30)), elements=st.integers(-1, 4)),
    st.integers(1, 4),
)
def test_alpha_equals_pandas_pairwise_reference(steps, n_munis) -> None:
    from quickscan.scoring.stats import alphas

    n_items, n_rows = steps.shape
    starts = np.array(sorted({0, n_rows, *np.linspace(0, n_rows, n_munis + 1).astype(int)}))
    # Two areas of unequal width when there are enough items.
    cut = max(1, n_items // 2)
    areas = [slice(0, cut), slice(cut, n_items)] if n_items > 1 else [slice(0, n_items)]
    alpha, used = alphas(steps, starts, areas, 4)
    for m in range(len(starts) - 1):
        block = steps[:, starts[m] : starts[m + 1]].astype(float)
        block[block < 0] = np.nan
        for a, items in enumerate(areas):
            expected = _pandas_alpha(pd.DataFrame(block[items].T))
            if expected is None or not np.isfinite(expected):
                assert np.isnan(alpha[m, a]), (m, a)
            else:
                assert math.isclose(alpha[m, a], expected, rel_tol=1e-9, abs_tol=1e-9)
                answered = (steps[items, starts[m] : starts[m + 1]] >= 0).any(axis=1)
                assert used[m, a] == answered.sum()


def test_chunks_cover_the_range() -> None:
    from quickscan.parallel import chunks, run_all

    assert [list(c) for c in chunks(5, 2)] == [[0, 1], [2, 3, 4]]
    assert chunks(0, 4) == []
    assert sum(len(c) for c in chunks(342, 16)) == 342
    assert run_all(lambda x: x * x, range(10)) == [x * x for x in range(10)]
