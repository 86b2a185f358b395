"""The built-in QSLD questionnaire: loads, and keeps the promises the issue makes."""

from __future__ import annotations

import pytest

from quickscan.questionnaire import load_questionnaire
from quickscan.questionnaire.models import normalise_label


@pytest.fixture(scope="module")
def qsld():
    return load_questionnaire("qsld")


def test_seven_areas_in_programme_order(qsld) -> None:
    assert [a.number for a in qsld.areas] == [1, 2, 3, 4, 5, 6, 7]
    assert qsld.areas[0].title.nl == "Krachtige gemeenteraad"
    assert qsld.areas[6].title.nl == "Weerbaar bestuur"


def test_item_counts_and_rules(qsld) -> None:
    assert 45 <= len(qsld.items) <= 55
    for area in qsld.areas:
        assert len(area.items) >= 6, area.id
        assert any(item.reverse for item in area.items), f"{area.id} has no reverse item"
        for group in qsld.groups:
            assert sum(item.applies_to(group.id) for item in area.items) >= 4, (area.id, group.id)
        for band in qsld.bands:
            assert area.recommendations[band.id].tips, (area.id, band.id)
    assert any(item.groups == ["raad"] for item in qsld.items)
    assert {item.kind for item in qsld.items} == {"perception", "fact"}
    assert 2 <= len(qsld.open_questions) <= 3


def test_every_text_has_dutch_and_english(qsld) -> None:
    for item in qsld.items:
        assert item.text.nl and item.text.en, item.id


def test_group_aliases_match_case_and_accent_insensitively(qsld) -> None:
    assert qsld.match_group("Wéthouder ") == "college"
    assert qsld.match_group("GRIFFIER") == "ambtenaar"
    assert qsld.match_group("inwoners") == "inwoner"
    assert qsld.match_group("Raadslid") == "raad"
    assert qsld.match_group("toerist") is None


def test_scale_labels_are_accepted(qsld) -> None:
    labels = qsld.scale("agree5").label_map()
    assert labels[normalise_label(" helemaal EENS")] == 5
    assert labels[normalise_label("weet niet/geen mening")] == 9
    assert labels[normalise_label("Don't know / no opinion")] == 9


def test_bands(qsld) -> None:
    # The band of the shown value (one decimal): 5.44 shows as 5.4, 5.45 and 5.49 as 5.5.
    assert qsld.band_for(5.44).id == "aandachtspunt"
    assert qsld.band_for(5.45).id == "voldoende"
    assert qsld.band_for(5.49).id == "voldoende"
    assert qsld.band_for(5.5).id == "voldoende"
    assert qsld.band_for(6.96).id == "sterk"
    assert qsld.band_for(7.0).id == "sterk"
    assert qsld.band_for(10.0).id == "sterk"
    assert qsld.band_for(None) is None


def test_fingerprint_is_stable_and_sensitive(qsld) -> None:
    again = load_questionnaire("qsld")
    assert again.fingerprint == qsld.fingerprint
    assert qsld.fingerprint.startswith("sha256:")
    # Changing a scored property changes it; a tip does not.
    changed_item = qsld.areas[0].items[0].model_copy(update={"reverse": True})
    area = qsld.areas[0].model_copy(update={"items": [changed_item, *qsld.areas[0].items[1:]]})
    changed = qsld.model_copy(update={"areas": [area, *qsld.areas[1:]]})
    assert changed.scoring_content() != qsld.scoring_content()


def test_maatwerk_does_not_change_fingerprint(qsld, tmp_path) -> None:
    extra = tmp_path / "maatwerk.yaml"
    extra.write_text(
        "items:\n  - {id: MW01, text: {nl: Onze nieuwe website is duidelijk.}, scale: agree5}\n",
        encoding="utf-8",
    )
    with_extra = load_questionnaire("qsld", extra=extra)
    assert [i.id for i in with_extra.maatwerk] == ["MW01"]
    assert with_extra.fingerprint == qsld.fingerprint
