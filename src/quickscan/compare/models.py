"""Result models of a comparison: what `quickscan compare` computes and every output shows.

`quickscan compare --format json` prints exactly `Comparison.model_dump(mode="json")`.
Numbers are stored unrounded; `quickscan.results.display` is the one rounding rule. A cell
without a score (suppressed, no data, incomplete) carries no number, no rank and no
percentile, so no output can show it as zero.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from quickscan.results import InputFile, QuestionnaireRef, Settings, WeightsInfo

#: The pseudo-area of the overall score (mean of the area scores).
OVERALL = "overall"

CellStatus = Literal["ok", "suppressed", "no_score"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PeerPosition(_Model):
    """A municipality's score against its peer group's scores on one area."""

    #: Peers with a score on this area.
    n: int
    mean: float | None = None
    median: float | None = None
    #: Share (0-100) of the peers with a lower score, ties counting half.
    percentile: float | None = None
    #: score - mean.
    difference: float | None = None


class Cell(_Model):
    """One municipality's combined score on one area (or `overall`), with its standing."""

    area: str
    score: float | None = None
    band: str | None = None
    #: Respondents behind the score (None when suppressed).
    n: int | None = None
    status: CellStatus = "ok"
    #: Why there is no score; the codes of `GroupScore.reason`.
    reason: str | None = None
    #: 1 = highest among the compared rows of the same wave; ties share the best rank.
    rank: int | None = None
    #: Share (0-100) of the other compared rows (same wave) with a lower score, ties half.
    percentile: float | None = None
    #: Rows of the same wave with a score on this area (what rank and percentile are among).
    ranked_among: int = 0
    peer: PeerPosition | None = None
    #: The score's quality label (docs/methodology.md, section 14.7).
    quality: str | None = None


class PeerGroup(_Model):
    """Which peers a municipality is compared with, and why."""

    #: 'size-class', 'column', 'codes' or 'nearest'.
    method: str
    #: The --peer-group value as given.
    spec: str
    #: In words, e.g. "size class 4: 20,000 to 50,000 inhabitants".
    description: str
    #: The same per report language ('nl', 'en'); older files have none.
    descriptions: dict[str, str] = Field(default_factory=dict)
    #: Peers with results in this comparison, in code order (never the municipality itself).
    codes: list[str]
    #: nearest:K only: code -> distance (z-standardised Euclidean).
    distances: dict[str, float] = Field(default_factory=dict)

    def described(self, lang: str) -> str:
        """The description in a report language (English when there is none)."""
        return self.descriptions.get(lang) or self.description


class Row(_Model):
    """One municipality in one wave."""

    municipality_code: str | None
    municipality_name: str | None
    wave: str | None
    respondents: int
    #: Respondents per group id, in questionnaire order.
    response: dict[str, int]
    #: Groups under the minimum group size (their numbers are suppressed everywhere).
    suppressed_groups: list[str] = Field(default_factory=list)
    overall: Cell
    areas: list[Cell]
    #: Areas per band id, plus 'none' for areas without a score.
    band_counts: dict[str, int]
    focal: bool = False
    peers: PeerGroup | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.municipality_code or self.municipality_name or "", self.wave or "")

    def cell(self, area: str) -> Cell:
        if area == OVERALL:
            return self.overall
        for cell in self.areas:
            if cell.area == area:
                return cell
        raise KeyError(area)


class AreaInfo(_Model):
    id: str
    number: int
    title: dict[str, str]
    short_title: dict[str, str]


class BandInfo(_Model):
    id: str
    label: dict[str, str]
    min: float
    max: float
    colour: str


class ItemChanges(_Model):
    """How the questionnaires of two waves differ, item by item (by item fingerprint)."""

    from_wave: str
    to_wave: str
    from_questionnaire: QuestionnaireRef
    to_questionnaire: QuestionnaireRef
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    changed: list[str] = Field(default_factory=list)


class QuestionnaireDiff(_Model):
    """Waves scored with different questionnaires: what the comparison is based on."""

    #: wave -> the questionnaire its answers were read with.
    waves: dict[str, QuestionnaireRef]
    #: Items whose definition is identical in every wave: the only ones scored.
    shared_items: list[str]
    #: Areas scored on their shared items, and areas left out (no shared item at all).
    areas_compared: list[str]
    areas_left_out: list[str] = Field(default_factory=list)
    #: Areas that lost at least one item (their scores rest on fewer items than usual).
    areas_reduced: list[str] = Field(default_factory=list)
    pairs: list[ItemChanges] = Field(default_factory=list)


class Change(_Model):
    """The change of one area (or `overall`) and group (or `all`) between two waves."""

    area: str
    group: str
    from_wave: str
    to_wave: str
    score_from: float | None = None
    score_to: float | None = None
    n_from: int | None = None
    n_to: int | None = None
    #: score_to - score_from.
    difference: float | None = None
    #: 95% confidence interval of the difference (Welch); None when it cannot be computed.
    ci_low: float | None = None
    ci_high: float | None = None
    df: float | None = None
    #: True when the interval excludes 0 ("larger than chance"); None without an interval.
    significant: bool | None = None
    #: 'ok', 'no_score' (a wave has no score) or 'no_ci' (a difference but no interval).
    status: Literal["ok", "no_score", "no_ci"] = "ok"
    note: str | None = None
    #: Group 'all': the groups the change rests on, those with a score in both waves
    #: (a group shown in one wave only would make a change out of who answered).
    groups: list[str] = Field(default_factory=list)
    #: Group 'all': wave -> the groups shown in the other wave but not in this one, left out.
    groups_left_out: dict[str, list[str]] = Field(default_factory=dict)
    #: One plain sentence per language ('nl', 'en').
    sentence: dict[str, str] = Field(default_factory=dict)


class WaveComparison(_Model):
    """One municipality across its waves (in wave order)."""

    municipality_code: str | None
    municipality_name: str | None
    waves: list[str]
    #: Each wave against the one before it.
    changes: list[Change]


class Comparison(_Model):
    """The result of one `quickscan compare` run."""

    tool: dict[str, str]
    questionnaire: QuestionnaireRef
    settings: Settings
    inputs: list[InputFile]
    by: Literal["municipality", "wave"]
    #: Which weights the scores use (as ScoreResult.weights).
    weights: WeightsInfo = Field(default_factory=WeightsInfo)
    #: The area (id) the rows are sorted by, or 'overall'.
    sort: str
    areas: list[AreaInfo]
    bands: list[BandInfo]
    groups: list[str]
    rows: list[Row]
    focal: str | None = None
    #: The --peer-group value, when a peer comparison was asked for.
    peer_group: str | None = None
    waves: list[WaveComparison] = Field(default_factory=list)
    questionnaire_diff: QuestionnaireDiff | None = None
    #: Warnings as problem records (code, severity, message, location, hint).
    warnings: list[dict[str, Any]] = Field(default_factory=list)

    def row(self, code: str, wave: str | None = None) -> Row:
        for row in self.rows:
            if code in (row.municipality_code, row.municipality_name) and (
                wave is None or row.wave == wave
            ):
                return row
        raise KeyError(code)
