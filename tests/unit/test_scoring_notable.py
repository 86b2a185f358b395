"""Notable results (opmerkelijke resultaten): which rules fire, their order and sentences."""

from __future__ import annotations

import pytest
from scoring_factories import DK, answer_set, make_questionnaire

from quickscan.scoring import score
from quickscan.scoring.notable import number, percent


def rows_for_notables():
    """raad scores 10 on area 1, inwoners 0; inwoners say don't know to R1 4 times in 10.

    Item scores: raad R1 5 -> 10, R2 (reverse) 1 -> 10, R3 5 -> 10, W1 4 -> 7.5,
    W2 4 -> 7.5, W3 (freq4, reverse) 1 -> 10. inwoner R1 1 -> 0 (or don't know),
    R2 5 -> 0, W1 2 -> 2.5, W2 3 -> 5, W3 4 -> 0.
    """
    raad = [("raad", {"R1": 5, "R2": 1, "R3": 5, "W1": 4, "W2": 4, "W3": 1})] * 5
    inwoner = [("inwoner", {"R1": DK, "R2": 5, "W1": 2, "W2": 3, "W3": 4})] * 4
    inwoner += [("inwoner", {"R1": 1, "R2": 5, "W1": 2, "W2": 3, "W3": 4})] * 6
    return raad + inwoner


@pytest.fixture(scope="module")
def notable():
    questionnaire = make_questionnaire()
    result = score(answer_set(questionnaire, rows_for_notables()), questionnaire)
    return result.municipalities[0].notable


def test_rules_in_order(notable) -> None:
    assert [(n.rule, n.area, n.item) for n in notable] == [
        # Gaps, largest first: area 1 10 - 0 = 10; area 2 8.3333 - 2.5 = 5.8333.
        ("gap", "krachtige-raad", None),
        ("gap", "weerbaar-bestuur", None),
        # Combined scores in the lowest band, lowest first: (10 + 0) / 2 = 5.0 and
        # (8.3333 + 2.5) / 2 = 5.4167, both below 5.5.
        ("low_band", "krachtige-raad", None),
        ("low_band", "weerbaar-bestuur", None),
        # inwoner R1: 4 don't know of 10 answers = 40% > 30%.
        ("dont_know", "krachtige-raad", "R1"),
        # Items ranked relative to the same groups' average item score: raad averages
        # 55 / 6 = 9.1667 over its six items, inwoner 7.5 / 5 = 1.5 over its five.
        # W2: ((7.5 - 9.1667) + (5 - 1.5)) / 2 = 0.9167; R3 (raad only): 10 - 9.1667 =
        # 0.8333; R1, R2, W1, W3 all -0.3333 (questionnaire order breaks ties). Ranked on
        # the combined score, R3 (asked of raad only) would lead with 10 against W2's 6.25.
        ("strongest_item", "weerbaar-bestuur", "W2"),
        ("strongest_item", "krachtige-raad", "R3"),
        ("strongest_item", "krachtige-raad", "R1"),
        ("weakest_item", "krachtige-raad", "R2"),
        ("weakest_item", "weerbaar-bestuur", "W1"),
        ("weakest_item", "weerbaar-bestuur", "W3"),
    ]


def test_gap_sentences(notable) -> None:
    gap = notable[1]
    assert gap.groups == ["raad", "inwoner"]
    assert gap.value == pytest.approx(25 / 3 - 2.5)
    assert gap.rule_text == "difference between two groups >= 1.5 points"
    assert gap.sentence == {
        "nl": "Bij Weerbaar bestuur ligt de score van raadsleden 5,8 punten hoger dan die van "
        "inwoners.",
        "en": "For Resilient governance, the score of council members is 5.8 points higher "
        "than that of residents.",
    }


def test_low_band_sentences(notable) -> None:
    low = notable[3]
    assert low.value == pytest.approx((25 / 3 + 2.5) / 2)
    assert low.sentence["nl"] == (
        "De gezamenlijke score voor Weerbaar bestuur is 5,4 en valt daarmee in de laagste "
        "categorie (aandachtspunt)."
    )
    assert low.sentence["en"] == (
        "The combined score for Resilient governance is 5.4, which is in the lowest band "
        "(point for attention)."
    )


def test_dont_know_sentences(notable) -> None:
    dk = notable[4]
    assert dk.groups == ["inwoner"]  # all groups together: 4 / 15 = 27% is not above 30%
    assert dk.value == pytest.approx(0.4)
    assert dk.rule_text == "don't-know share above 30%"
    assert dk.sentence["nl"] == (
        'Bij de vraag "De raad stelt de kaders." (R1) antwoordt 40% van de inwoners "weet niet".'
    )
    assert dk.sentence["en"] == (
        'For the question "Statement R1" (R1), 40% of residents answered "don\'t know".'
    )


def test_item_sentences(notable) -> None:
    strongest = notable[6]
    assert strongest.value == 10.0
    assert strongest.sentence["nl"] == (
        'Sterk punt: "Ik heb genoeg tijd voor mijn werk." (Krachtige gemeenteraad) scoort '
        "gemiddeld 10,0."
    )
    assert "relative to the average item score of the same groups" in strongest.rule_text
    # R2 is reverse-keyed: the sentence says what its low score means.
    assert notable[8].sentence["en"] == (
        'Weak point: "Statement R2" (Strong council) scores 5.0 on average: a low score here '
        "means respondents agree with this statement."
    )


def test_dont_know_share_exactly_at_threshold_is_not_notable() -> None:
    questionnaire = make_questionnaire()
    rows = [("inwoner", {"R1": DK, "R2": 3})] * 3 + [("inwoner", {"R1": 3, "R2": 3})] * 7
    result = score(answer_set(questionnaire, rows), questionnaire)
    stat = next(s for s in result.municipalities[0].items if s.item == "R1" and s.group == "all")
    assert stat.dont_know_share == pytest.approx(0.3)
    assert not [n for n in result.municipalities[0].notable if n.rule == "dont_know"]


def test_dont_know_in_all_row_and_groups() -> None:
    questionnaire = make_questionnaire()
    rows = [("inwoner", {"R1": DK, "R2": 3})] * 5 + [("inwoner", {"R1": 3, "R2": 3})] * 5
    rows += [("raad", {"R1": DK, "R2": 3, "R3": 3})] * 3 + [("raad", {"R1": 3, "R2": 3})] * 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    dk = [n for n in result.municipalities[0].notable if n.rule == "dont_know"]
    # raad 3 / 8 = 37.5%, inwoner 5 / 10 = 50%, all groups 8 / 18 = 44.4%.
    assert dk[0].groups == ["raad", "inwoner", "all"]
    assert dk[0].value == pytest.approx(8 / 18)
    assert (
        "38% van de raadsleden, 50% van de inwoners en 44% van alle respondenten"
        in (dk[0].sentence["nl"])
    )
    assert (
        "38% of council members, 50% of residents and 44% of all respondents"
        in (dk[0].sentence["en"])
    )


def test_low_alpha_notable_and_warning() -> None:
    questionnaire = make_questionnaire()
    # R1 scores 0, 2.5, 5, 7.5, 10, 5; R2 (reverse) scores 10, 7.5, 5, 2.5, 0, 2.5: the two
    # items run against each other, so alpha is negative.
    # Twice over, so 12 respondents answered both (alpha needs 10). A negative alpha is no
    # reliability: it is not shown as a number, the notable result says what it means.
    rows = [
        ("inwoner", {"R1": c1, "R2": c2})
        for c1, c2 in zip((1, 2, 3, 4, 5, 3), (1, 2, 3, 4, 5, 4), strict=True)
    ] * 2
    result = score(answer_set(questionnaire, rows), questionnaire)
    municipality = result.municipalities[0]
    area = municipality.area("krachtige-raad")
    assert area.alpha is None and area.alpha_reason == "negative"
    low = [n for n in municipality.notable if n.rule == "low_alpha"]
    assert [n.area for n in low] == ["krachtige-raad"]
    assert low[0].rule_text == "Cronbach's alpha below 0.6"
    assert low[0].rule_texts["nl"] == "Cronbachs alfa onder 0,60"
    assert low[0].sentence["nl"].startswith("De vragen over Krachtige gemeenteraad hangen niet")
    assert "negatief" in low[0].sentence["nl"]
    codes = [m.code for m in municipality.warnings if m.area == "krachtige-raad"]
    assert codes == ["alpha_out_of_range"]


def test_suppressed_cells_never_make_notables() -> None:
    questionnaire = make_questionnaire()
    rows = [("raad", {"R1": 5, "R2": 1, "R3": 5})] * 5
    rows += [("college", {"R1": DK, "R2": DK, "R3": DK})] * 4  # suppressed: 4 < 5
    result = score(answer_set(questionnaire, rows), questionnaire)
    for note in result.municipalities[0].notable:
        assert "college" not in note.groups


def test_number_formats() -> None:
    assert number(2.15, "nl") == "2,2"
    assert number(2.15, "en") == "2.2"
    assert number(0.05, "nl") == "0,1"
    assert percent(0.285, "nl") == "29%"  # 28.499999999999996 in binary, 28.5 on paper
    assert number(-0.455, "en", 2) == "-0.46"
