"""The comparison table: one row per municipality and wave, ranked per area.

Pure functions over an already scored `ScoreResult`; nothing here reads files or prints.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence

from quickscan.compare.models import (
    OVERALL,
    AreaInfo,
    BandInfo,
    Cell,
    PeerGroup,
    PeerPosition,
    Row,
)
from quickscan.compare.ranking import min_ranks, percentile_of, percentiles
from quickscan.errors import Problem, UsageError
from quickscan.questionnaire.models import Questionnaire
from quickscan.results import ALL_GROUPS, GroupScore, MunicipalityResult
from quickscan.rounding import clean

#: The key for areas without a score in `Row.band_counts`.
NO_BAND = "none"


def cell_from(area: str, score: GroupScore | None, questionnaire: Questionnaire) -> Cell:
    """A table cell from a combined score; suppressed and missing scores carry no number."""
    if score is None:
        return Cell(area=area, status="no_score", reason="no_data")
    if score.score is None:
        return Cell(
            area=area,
            status="suppressed" if score.suppressed else "no_score",
            reason=score.reason,
            n=score.n,
        )
    band = score.band
    if band is None:
        found = questionnaire.band_for(score.score)
        band = found.id if found else None
    return Cell(area=area, score=score.score, band=band, n=score.n, quality=score.quality)


def row_from(result: MunicipalityResult, questionnaire: Questionnaire) -> Row:
    """One table row: the municipality's combined scores, without ranks yet."""
    by_area = {area.area: area for area in result.areas}
    cells = [
        cell_from(area.id, by_area[area.id].combined if area.id in by_area else None, questionnaire)
        for area in questionnaire.areas
    ]
    overall = next((s for s in result.overall if s.group == ALL_GROUPS), None)
    counts = {band.id: 0 for band in questionnaire.bands}
    counts[NO_BAND] = 0
    for cell in cells:
        key = cell.band if cell.band in counts else NO_BAND
        counts[key] += 1
    response = {r.group: r.respondents for r in result.response}
    return Row(
        municipality_code=result.municipality_code,
        municipality_name=result.municipality_name,
        wave=result.wave,
        respondents=result.respondents,
        response={g.id: response.get(g.id, 0) for g in questionnaire.groups},
        suppressed_groups=[r.group for r in result.response if r.suppressed],
        overall=cell_from(OVERALL, overall, questionnaire),
        areas=cells,
        band_counts=counts,
    )


def rank_rows(rows: Sequence[Row]) -> None:
    """Set rank, percentile and ranked_among of every cell, among the rows of each wave."""
    by_wave: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_wave[row.wave or ""].append(row)
    for wave_rows in by_wave.values():
        if not wave_rows:
            continue
        area_ids = [OVERALL, *(cell.area for cell in wave_rows[0].areas)]
        for area in area_ids:
            cells = [row.cell(area) for row in wave_rows]
            values = [cell.score for cell in cells]
            ranks = min_ranks(values)
            shares = percentiles(values)
            among = sum(1 for v in values if v is not None)
            for cell, rank, share in zip(cells, ranks, shares, strict=True):
                cell.rank = rank
                cell.percentile = share
                cell.ranked_among = among


def peer_positions(rows: Sequence[Row], groups: dict[str, PeerGroup]) -> None:
    """Attach each row's peer group and its position among the peers (same wave)."""
    index = {(row.municipality_code, row.wave): row for row in rows}
    for row in rows:
        group = groups.get(row.municipality_code or "")
        if group is None:
            continue
        row.peers = group
        peers = [index[(code, row.wave)] for code in group.codes if (code, row.wave) in index]
        for cell in (row.overall, *row.areas):
            values = [p.cell(cell.area).score for p in peers]
            scored = [v for v in values if v is not None]
            position = PeerPosition(n=len(scored))
            if scored:
                # Derived numbers are cleaned like the scores (rounding.clean), so a
                # difference of exactly x.x5 is stored as such and shows rounded up.
                mean = clean(statistics.fmean(scored))
                position.mean = mean
                position.median = clean(statistics.median(scored))
                if cell.score is not None and mean is not None:
                    position.percentile = percentile_of(cell.score, scored)
                    position.difference = clean(cell.score - mean)
            cell.peer = position


def resolve_sort(sort: str | None, questionnaire: Questionnaire) -> str:
    """'overall', an area id, or an area number ('3') -> the area id sorted on."""
    if sort is None or sort.strip().lower() in ("", OVERALL, "total", "totaal"):
        return OVERALL
    wanted = sort.strip()
    for area in questionnaire.areas:
        if wanted in (area.id, str(area.number)):
            return area.id
    choices = ", ".join(f"{a.number} ({a.id})" for a in questionnaire.areas)
    raise UsageError(
        problems=[
            Problem(
                code="unknown-sort-area",
                message=f"--sort {sort!r} is not an area of this questionnaire",
                hint=f"use 'overall', an area number or an area id: {choices}",
            )
        ]
    )


def natural_key(text: str | None) -> tuple[object, ...]:
    """Sort 'w2' before 'w10' and '2022' before '2024'; None first."""
    if text is None:
        return ((0, ""),)
    parts = re.split(r"(\d+)", text)
    return tuple((1, int(p)) if p.isdigit() else (2, p.casefold()) for p in parts if p)


def sort_rows(rows: Iterable[Row], area: str) -> list[Row]:
    """By wave, then the chosen score high to low (no score last), then code."""

    def key(row: Row) -> tuple[object, ...]:
        score = row.cell(area).score
        return (
            natural_key(row.wave),
            score is None,
            -(score if score is not None else 0.0),
            row.municipality_code or "",
            row.municipality_name or "",
        )

    return sorted(rows, key=key)


def area_infos(questionnaire: Questionnaire) -> list[AreaInfo]:
    return [
        AreaInfo(
            id=area.id,
            number=area.number,
            title={lang: area.title.get(lang) for lang in ("nl", "en")},
            short_title={lang: area.short(lang) for lang in ("nl", "en")},
        )
        for area in questionnaire.areas
    ]


def band_infos(questionnaire: Questionnaire) -> list[BandInfo]:
    return [
        BandInfo(
            id=band.id,
            label={lang: band.label.get(lang) for lang in ("nl", "en")},
            min=band.min,
            max=band.max,
            colour=band.colour,
        )
        for band in sorted(questionnaire.bands, key=lambda b: b.min)
    ]
