"""Pydantic models of a questionnaire: what the YAML files may contain, and nothing more.

The file models (`QuestionnaireFile`, `AreaFile`, `MaatwerkFile`) mirror the YAML one to one
and forbid unknown keys. `Questionnaire` is the assembled, cross-checked whole that the rest
of quickscan works with.
"""

from __future__ import annotations

import hashlib
import json
import math
import unicodedata
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Language = Literal["nl", "en"]
LANGUAGES: tuple[Language, ...] = ("nl", "en")

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,47}$")]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]{0,31}$")]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


def normalise_label(text: str) -> str:
    """Case-, accent- and spacing-insensitive form used to match groups and scale labels.

    'Wéthouder ' -> 'wethouder'; 'Weet niet / geen mening' -> 'weet niet/geen mening'.
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    bare = " ".join(bare.casefold().split())
    return bare.replace(" / ", "/").replace(" /", "/").replace("/ ", "/")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Model):
    """A text in Dutch and (optionally) English; English falls back to Dutch."""

    nl: NonEmpty
    en: NonEmpty | None = None

    def get(self, lang: str) -> str:
        if lang == "en" and self.en:
            return self.en
        return self.nl


class Group(_Model):
    """A respondent group, e.g. `raad`; answer files may use any alias or label."""

    id: Slug
    label: Text
    description: Text | None = None
    aliases: list[NonEmpty] = Field(default_factory=list)

    def names(self) -> list[str]:
        """Every spelling that identifies this group in an answer file."""
        names = [self.id, self.label.nl, *self.aliases]
        if self.label.en:
            names.append(self.label.en)
        return names


class ScaleOption(_Model):
    code: int
    label: Text


class Scale(_Model):
    """An answer scale: ordered scored options plus don't-know options (never scored)."""

    id: Slug
    label: Text | None = None
    options: list[ScaleOption] = Field(min_length=2)
    dont_know: list[ScaleOption] = Field(default_factory=list)

    @property
    def min(self) -> int:
        return min(o.code for o in self.options)

    @property
    def max(self) -> int:
        return max(o.code for o in self.options)

    @property
    def codes(self) -> list[int]:
        return [o.code for o in self.options]

    @property
    def dont_know_codes(self) -> list[int]:
        return [o.code for o in self.dont_know]

    def label_map(self) -> dict[str, int]:
        """Normalised label (nl and en) -> code, for answer files that carry labels."""
        mapping: dict[str, int] = {}
        for option in (*self.options, *self.dont_know):
            for text in (option.label.nl, option.label.en):
                if text:
                    mapping[normalise_label(text)] = option.code
        return mapping


class Item(_Model):
    """One scored question. `groups` None means every group is asked."""

    id: ItemId
    text: Text
    #: A few words for chart labels ("Raad bepaalt eigen agenda"). Display only: it is not
    #: part of the fingerprint, so adding or rewording one keeps waves comparable.
    short: Text | None = None
    scale: Slug
    reverse: bool = False
    groups: list[Slug] | None = None
    kind: Literal["perception", "fact"] = "perception"
    #: For a reverse-keyed item: what a low score means, in words ("many council members
    #: say they have been threatened"), for the notable results. Not part of the
    #: fingerprint: it explains the score, it does not change it.
    low_score: Text | None = None

    def applies_to(self, group: str) -> bool:
        return self.groups is None or group in self.groups

    def short_text(self, lang: str, limit: int = 34) -> str:
        """The short text, or the question's first words cut at a word boundary."""
        if self.short is not None:
            return self.short.get(lang)
        text = self.text.get(lang).rstrip(".")
        if len(text) <= limit:
            return text
        cut = text[: limit - 1].rsplit(" ", 1)[0]
        return cut.rstrip(",;:") + "\u2026"


class OpenQuestion(_Model):
    """A free-text question: collected and (optionally) reported, never scored."""

    id: ItemId
    text: Text
    groups: list[Slug] | None = None


class Recommendation(_Model):
    """Improvement tips and fitting programme offerings for one area in one band."""

    tips: list[Text] = Field(default_factory=list)
    offerings: list[Slug] = Field(default_factory=list)


class Band(_Model):
    """A score band on the 0-10 display scale: min <= score < max (the last includes 10)."""

    id: Slug
    label: Text
    min: float
    max: float
    colour: Colour


class Offering(_Model):
    """Something the Democratie in Actie programme offers a municipality."""

    id: Slug
    title: Text
    description: Text


class ScoringSettings(_Model):
    """Settings of the methodology (docs/methodology.md); some can be overridden per run."""

    min_valid_share: float = Field(default=0.5, gt=0, le=1)
    min_group_size: int = Field(default=5, ge=1)
    weighting: Literal["equal_groups", "pooled"] = "equal_groups"
    gap_threshold: float = Field(default=1.5, gt=0, le=10)
    dont_know_threshold: float = Field(default=0.3, gt=0, le=1)
    alpha_warning: float = Field(default=0.6, ge=0, le=1)
    max_maatwerk_items: int = Field(default=4, ge=0)


class BackgroundCategory(_Model):
    """One category of a background characteristic, e.g. age band `35-49`."""

    code: NonEmpty
    label: Text
    aliases: list[NonEmpty] = Field(default_factory=list)

    def names(self) -> list[str]:
        """Every spelling that identifies this category in an answer or population file."""
        names = [self.code, self.label.nl, *self.aliases]
        if self.label.en:
            names.append(self.label.en)
        return names


class Characteristic(_Model):
    """A background column of a respondent (age band, gender, wijk, education, mode).

    `categories` empty means the categories are the municipality's own (wijken differ per
    municipality): they come from the population file, and any value is accepted otherwise.
    `rake: false` marks a column that describes the response (e.g. the mode) but is never a
    weighting target.
    """

    id: Slug
    label: Text
    aliases: list[NonEmpty] = Field(default_factory=list)
    categories: list[BackgroundCategory] = Field(default_factory=list)
    rake: bool = True

    def names(self) -> list[str]:
        names = [self.id, self.label.nl, *self.aliases]
        if self.label.en:
            names.append(self.label.en)
        return names

    @property
    def open(self) -> bool:
        return not self.categories

    def category_lookup(self) -> dict[str, str]:
        """Normalised spelling -> category code."""
        return {
            normalise_label(name): category.code
            for category in self.categories
            for name in category.names()
        }


class Background(_Model):
    """Background characteristics asked of some groups (inwoners), for representativeness."""

    groups: list[Slug] = Field(min_length=1)
    characteristics: list[Characteristic] = Field(min_length=1)

    def characteristic(self, characteristic_id: str) -> Characteristic:
        for characteristic in self.characteristics:
            if characteristic.id == characteristic_id:
                return characteristic
        raise KeyError(characteristic_id)


class AreaFile(_Model):
    """One focus area: `areas/<n>-<name>.yaml`."""

    number: int = Field(ge=1, le=99)
    id: Slug
    title: Text
    short_title: Text | None = None
    description: Text
    items: list[Item] = Field(min_length=1)
    recommendations: dict[Slug, Recommendation] = Field(default_factory=dict)


class QuestionnaireFile(_Model):
    """`questionnaire.yaml`: everything but the areas' contents."""

    id: Slug
    version: NonEmpty
    title: Text
    description: Text | None = None
    languages: list[Language] = Field(default_factory=lambda: list(LANGUAGES), min_length=1)
    groups: list[Group] = Field(min_length=1)
    scales: list[Scale] = Field(min_length=1)
    scoring: ScoringSettings = Field(default_factory=ScoringSettings)
    bands: list[Band] = Field(min_length=1)
    offerings: list[Offering] = Field(default_factory=list)
    areas: list[NonEmpty] = Field(min_length=1)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    #: Not part of `scoring_content`: declaring background columns never changes a score.
    background: Background | None = None


class MaatwerkFile(_Model):
    """A municipality's own extra questions (maatwerkvragen), passed with --extra."""

    title: Text | None = None
    items: list[Item] = Field(min_length=1)
    open_questions: list[OpenQuestion] = Field(default_factory=list)


class Area(_Model):
    """A focus area as used after loading (same content as AreaFile)."""

    number: int
    id: str
    title: Text
    short_title: Text | None = None
    description: Text
    items: list[Item]
    recommendations: dict[str, Recommendation] = Field(default_factory=dict)

    def short(self, lang: str) -> str:
        return (self.short_title or self.title).get(lang)


class Questionnaire(_Model):
    """The assembled, cross-checked questionnaire. Build it with `load_questionnaire`."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    id: str
    version: str
    title: Text
    description: Text | None = None
    languages: list[Language]
    groups: list[Group]
    scales: list[Scale]
    scoring: ScoringSettings
    bands: list[Band]
    offerings: list[Offering]
    areas: list[Area]
    open_questions: list[OpenQuestion]
    maatwerk: list[Item] = Field(default_factory=list)
    maatwerk_title: Text | None = None
    maatwerk_open_questions: list[OpenQuestion] = Field(default_factory=list)
    background: Background | None = None
    source: str = ""

    # --- look-ups -------------------------------------------------------------------------
    @property
    def items(self) -> list[Item]:
        """The scored items of the seven areas, in questionnaire order (no maatwerk)."""
        return [item for area in self.areas for item in area.items]

    @property
    def all_items(self) -> list[Item]:
        """Area items followed by maatwerk items."""
        return [*self.items, *self.maatwerk]

    @property
    def all_open_questions(self) -> list[OpenQuestion]:
        return [*self.open_questions, *self.maatwerk_open_questions]

    @cached_property
    def _item_index(self) -> dict[str, Item]:
        return {item.id: item for item in self.all_items}

    @cached_property
    def _item_area(self) -> dict[str, str]:
        return {item.id: area.id for area in self.areas for item in area.items}

    def item(self, item_id: str) -> Item:
        return self._item_index[item_id]

    def area_of(self, item_id: str) -> str | None:
        """The area id of an item; None for a maatwerk item."""
        return self._item_area.get(item_id)

    def area(self, area_id: str) -> Area:
        for area in self.areas:
            if area.id == area_id:
                return area
        raise KeyError(area_id)

    def scale(self, scale_id: str) -> Scale:
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise KeyError(scale_id)

    def group(self, group_id: str) -> Group:
        for group in self.groups:
            if group.id == group_id:
                return group
        raise KeyError(group_id)

    def offering(self, offering_id: str) -> Offering:
        for offering in self.offerings:
            if offering.id == offering_id:
                return offering
        raise KeyError(offering_id)

    @cached_property
    def group_aliases(self) -> dict[str, str]:
        """Normalised spelling -> group id, for reading answer files."""
        return {normalise_label(name): group.id for group in self.groups for name in group.names()}

    def match_group(self, value: str) -> str | None:
        return self.group_aliases.get(normalise_label(value))

    def band_for(self, score: float | None) -> Band | None:
        """The band a (0-10) score falls in; None for a missing score.

        The band is that of the value a person reads (one decimal, half away from zero):
        5.462 shows as 5.5 and is in the band from 5.5, so a shown score and its band never
        disagree (docs/methodology.md, "Rounding").
        """
        if score is None or (isinstance(score, float) and math.isnan(score)):
            return None
        from quickscan.rounding import shown_value

        score = shown_value(score)
        ordered = sorted(self.bands, key=lambda b: b.min)
        for band in ordered:
            if band.min <= score < band.max:
                return band
        return ordered[-1] if score >= ordered[-1].min else ordered[0]

    # --- fingerprint ----------------------------------------------------------------------
    def scoring_content(self) -> dict[str, object]:
        """What a score depends on: areas, their items and the scales they use.

        Titles, tips and offerings are left out on purpose: rewording a tip must not make
        two waves incomparable. Item texts are in: a reworded question measures something
        else. Maatwerk items are left out: they differ per municipality.
        """
        used_scales = sorted({item.scale for item in self.items})
        return {
            "areas": [
                {"id": area.id, "items": [item_fingerprint_content(self, i) for i in area.items]}
                for area in sorted(self.areas, key=lambda a: a.number)
            ],
            "scales": {
                s: {
                    "codes": self.scale(s).codes,
                    "dont_know": self.scale(s).dont_know_codes,
                }
                for s in used_scales
            },
        }

    @cached_property
    def fingerprint(self) -> str:
        """Stable short hash of `scoring_content()`: equal fingerprints score alike."""
        return _hash(self.scoring_content())

    def item_fingerprint(self, item_id: str) -> str:
        return _hash(item_fingerprint_content(self, self.item(item_id)))


def item_fingerprint_content(questionnaire: Questionnaire, item: Item) -> dict[str, object]:
    scale = questionnaire.scale(item.scale)
    return {
        "id": item.id,
        "text": item.text.nl,
        "scale": {"codes": scale.codes, "dont_know": scale.dont_know_codes},
        "reverse": item.reverse,
        "groups": sorted(item.groups) if item.groups is not None else None,
        "kind": item.kind,
    }


def _hash(content: object) -> str:
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
