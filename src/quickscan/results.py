"""Result models: what scoring produces and every output (terminal, CSV, JSON, XLSX, PDF) shows.

Numbers are stored unrounded; `display()` is the one rounding rule for everything a person
sees (one decimal, half away from zero). Suppressed cells carry no numbers at all, so no
output can leak them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

# The one rounding rule lives in its own light module; re-exported here for callers.
from quickscan.rounding import display, round_half_away

__all__ = ["display", "round_half_away"]

ALL_GROUPS = "all"
OVERALL = "overall"


class _Result(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Settings(_Result):
    """The methodology settings a result was computed with."""

    min_valid_share: float
    min_group_size: int
    weighting: Literal["equal_groups", "pooled"]
    gap_threshold: float
    dont_know_threshold: float
    alpha_warning: float


class GroupScore(_Result):
    """A score for one group (or `all`, the municipality's combined score) on one area.

    For a suppressed cell `n`, `score`, `sd`, `ci_low`, `ci_high` and `band` are None.
    """

    group: str
    n: int | None
    score: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    band: str | None = None
    #: The group's size (e.g. invited) when known: the interval is then corrected for a
    #: finite population (docs/methodology.md, "Confidence intervals").
    population: int | None = None
    suppressed: bool = False
    #: Why there is no score: 'small_group' (the group has fewer than min_group_size
    #: respondents), 'small_cell' (fewer than min_group_size valid scores in this cell),
    #: 'no_data' (nobody of the group gave enough answers), 'not_applicable' (no item of the
    #: area is asked of the group), 'suppressed' (group 'all': no group can be shown and at
    #: least one is suppressed), 'incomplete' (overall: not every area has a score).
    #: See docs/output.md.
    reason: str | None = None
    #: Kish effective n behind the score (= n when unweighted; docs/methodology.md).
    n_eff: float | None = None
    #: 'betrouwbaar', 'indicatief' or 'te weinig respons' (docs/methodology.md).
    quality: str | None = None


class Gap(_Result):
    """Two unsuppressed groups whose area scores differ by at least gap_threshold."""

    area: str
    group_a: str
    group_b: str
    score_a: float
    score_b: float
    #: score_a - score_b; group_a is the higher-scoring group, so this is positive.
    difference: float


class AreaResult(_Result):
    area: str
    number: int
    #: One entry per questionnaire group, in questionnaire order.
    groups: list[GroupScore]
    #: The municipality's combined score (group == 'all').
    combined: GroupScore
    #: Cronbach's alpha on the pooled within-group covariance of the shown groups; always
    #: in [0, 1] when given (docs/methodology.md, "Cronbach's alpha").
    alpha: float | None = None
    alpha_items: int = 0
    #: The fewest respondents behind one pair of the items alpha used.
    alpha_n: int = 0
    #: Why there is no alpha: 'too_few_items', 'too_few_respondents', 'no_variance',
    #: 'negative' or 'above_one' (the formula fell outside [0, 1], so it is no reliability).
    alpha_reason: str | None = None
    gaps: list[Gap] = Field(default_factory=list)
    #: Feldt's 95% interval of alpha, and McDonald's omega total (one-factor, minres).
    alpha_ci_low: float | None = None
    alpha_ci_high: float | None = None
    omega: float | None = None


class ItemStat(_Result):
    """Per item and group (or `all`): answers, mean 0-10 score, don't-know share."""

    item: str
    area: str | None  # None for a maatwerk item
    group: str
    n: int | None  # valid (scored) answers; None when suppressed
    score: float | None = None
    sd: float | None = None
    #: Count of each scored code, keys are the codes as text ("1".."5"); {} when suppressed.
    distribution: dict[str, int] = Field(default_factory=dict)
    dont_know: int | None = None
    #: dont_know / (valid answers + dont_know); None when nobody answered. A suppressed
    #: small_cell keeps its don't-know count and share when valid plus don't-know answers
    #: reach min_group_size (docs/methodology.md, "Suppression").
    dont_know_share: float | None = None
    suppressed: bool = False
    #: Why there are no numbers; the same codes as GroupScore.reason.
    reason: str | None = None
    #: Wilson 95% interval of dont_know_share.
    dont_know_ci_low: float | None = None
    dont_know_ci_high: float | None = None
    #: Wilson 95% interval of each code's share of the valid answers (distribution[c] / n),
    #: keys as in `distribution`; {} when suppressed.
    distribution_ci_low: dict[str, float | None] = Field(default_factory=dict)
    distribution_ci_high: dict[str, float | None] = Field(default_factory=dict)


class GroupResponse(_Result):
    """How many respondents a group has, and whether its results are shown."""

    group: str
    respondents: int
    suppressed: bool
    dont_know_share: float | None = None
    #: Wilson 95% interval of dont_know_share with n = respondents (docs/methodology.md 14.6).
    dont_know_ci_low: float | None = None
    dont_know_ci_high: float | None = None


class Notable(_Result):
    """An *opmerkelijk resultaat*, with the rule that produced it.

    rule: 'gap' | 'low_band' | 'dont_know' | 'strongest_item' | 'weakest_item' | 'low_alpha'.
    """

    rule: str
    #: The rule in words with its threshold, e.g. "difference >= 1.5 points".
    rule_text: str
    #: The same per language ('nl', 'en'), for a terminal or report in that language.
    rule_texts: dict[str, str] = Field(default_factory=dict)
    area: str | None = None
    item: str | None = None
    groups: list[str] = Field(default_factory=list)
    value: float | None = None
    #: One plain sentence per language ('nl', 'en').
    sentence: dict[str, str] = Field(default_factory=dict)


class Message(_Result):
    """A warning attached to a result (e.g. low alpha, an area without a score)."""

    code: str
    message: str
    area: str | None = None
    group: str | None = None
    #: The message per language ('nl', 'en') where quickscan wrote one.
    texts: dict[str, str] = Field(default_factory=dict)


class CategoryShareResult(_Result):
    """One category: respondents, their share, the population's share, the weighted share."""

    category: str
    respondents: int
    sample_share: float | None = None
    sample_ci_low: float | None = None  # Wilson 95%
    sample_ci_high: float | None = None
    population_share: float | None = None
    weighted_share: float | None = None


class Representativeness(_Result):
    """Respondents of the background groups against the population, on one characteristic."""

    characteristic: str
    answered: int
    categories: list[CategoryShareResult]
    largest_gap: float | None = None
    largest_category: str | None = None


class MunicipalityWeighting(_Result):
    """How the inwoners of one municipality were weighted, and how they compare."""

    method: str
    respondents: int
    characteristics: list[str] = Field(default_factory=list)
    design_effect: float | None = None
    effective_n: float | None = None
    min_weight: float | None = None
    max_weight: float | None = None
    trimmed: int = 0
    max_margin_error: float | None = None
    representativeness: list[Representativeness] = Field(default_factory=list)
    #: What weighting could not do as planned, in English (as before `note_texts`).
    notes: list[str] = Field(default_factory=list)
    #: The same notes per language ('nl', 'en').
    note_texts: dict[str, list[str]] = Field(default_factory=dict)
    #: One plain sentence per language about the largest deviations.
    sentence: dict[str, str] = Field(default_factory=dict)


class WeightsInfo(_Result):
    """Which weights a result uses: 'none', 'rake' or 'column:<name>' (docs/methodology.md)."""

    method: str = "none"
    cap: float | None = None
    population_file: str | None = None
    groups: list[str] = Field(default_factory=list)


class MunicipalityResult(_Result):
    """Everything scored for one municipality in one wave."""

    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    respondents: int
    response: list[GroupResponse]
    areas: list[AreaResult]
    #: Overall score per group and for `all`: the mean of the area scores.
    overall: list[GroupScore]
    items: list[ItemStat] = Field(default_factory=list)
    maatwerk: list[ItemStat] = Field(default_factory=list)
    notable: list[Notable] = Field(default_factory=list)
    warnings: list[Message] = Field(default_factory=list)
    #: Representativeness and weights of the background groups; None without background data.
    weighting: MunicipalityWeighting | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.municipality_code or self.municipality_name or "", self.wave or "")

    def area(self, area_id: str) -> AreaResult:
        for area in self.areas:
            if area.area == area_id:
                return area
        raise KeyError(area_id)

    def overall_for(self, group: str = ALL_GROUPS) -> GroupScore:
        for score in self.overall:
            if score.group == group:
                return score
        raise KeyError(group)


class QuestionnaireRef(_Result):
    id: str
    version: str
    fingerprint: str
    maatwerk_items: list[str] = Field(default_factory=list)


class InputFile(_Result):
    file: str
    rows: int
    sha256: str


class ScoreResult(_Result):
    """The result of one `quickscan score` run: the JSON output is exactly this model."""

    tool: dict[str, str]
    questionnaire: QuestionnaireRef
    settings: Settings
    inputs: list[InputFile]
    municipalities: list[MunicipalityResult]
    warnings: list[dict[str, Any]] = Field(default_factory=list)
    weights: WeightsInfo = Field(default_factory=WeightsInfo)

    def municipality(self, code: str, wave: str | None = None) -> MunicipalityResult:
        for result in self.municipalities:
            if code in (result.municipality_code, result.municipality_name) and (
                wave is None or result.wave == wave
            ):
                return result
        raise KeyError(code)
