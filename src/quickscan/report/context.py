"""Stage two of the report: results + questionnaire -> a plain context of texts and numbers.

Everything a template shows is decided here: which sections exist, their numbering, the
order of areas and groups, and every number already formatted through the one rounding rule
(`results.display`, with a decimal comma in Dutch). Templates only lay it out, so a custom
template cannot get a number wrong, and tests can check the report's content on this dict.
Chart *data* is collected here too (`chart_data`); `charts.py` turns it into SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from quickscan.questionnaire.models import Area, Band, Item, Questionnaire
from quickscan.report.i18n import (
    format_date,
    format_number,
    format_percent,
    format_percent_with_interval,
    format_signed,
    quality_mark,
    quality_rule_text,
    quality_word,
    strings,
)
from quickscan.report.open_answers import Approval, open_answers_section, settings_for
from quickscan.report.redact import MAX_ANSWER_LENGTH, RedactionSettings
from quickscan.results import (
    ALL_GROUPS,
    AreaResult,
    GroupScore,
    ItemStat,
    MunicipalityResult,
    ScoreResult,
)
from quickscan.scoring.uncertainty import wilson_one

if TYPE_CHECKING:
    from quickscan.compare.benchmark import BenchmarkPosition, Position

#: How many areas count as strongest / weakest, and how many findings the summary shows.
TOP_AREAS = 3
SUMMARY_FINDINGS = 5
#: How many strongest / weakest items the scoring names (scoring.notable.TOP_ITEMS).
TOP_ITEMS = 3
#: Order in which notable rules are picked for the summary page.
FINDING_PRIORITY = ("low_band", "gap", "dont_know", "weakest_item", "strongest_item", "low_alpha")
#: More group pairs than this and the differences table is turned on its side.
MAX_PAIR_COLUMNS = 6
NOT_ASKED = "\u2013"  # en dash: the question is not asked of this group


@dataclass(frozen=True)
class OpenAnswer:
    """One respondent's answer to one open question (group id may be None)."""

    question: str
    text: str
    group: str | None = None
    #: The respondent's id: part of the answer's key in the review file.
    respondent: str | None = None


@dataclass(frozen=True)
class ReportOptions:
    """What the report includes; everything else follows from the results."""

    lang: str = "nl"
    report_date: dt.date | None = None
    include_open_answers: bool = False
    open_answers: Sequence[OpenAnswer] = field(default_factory=tuple)
    answer_limit: int = MAX_ANSWER_LENGTH
    #: What may stay in the open answers (office holders' names, places).
    redaction: RedactionSettings = field(default_factory=RedactionSettings)
    #: The reviewer's decisions: only approved answers are shown (`open_answers_review`).
    approval: Approval | None = None
    #: Draw charts; off only to measure or debug the rest of the pipeline.
    charts: bool = True
    #: Where the municipality stands among its peers (`quickscan report --benchmark`).
    benchmark: BenchmarkPosition | None = None


def _band(q: Questionnaire, band_id: str | None, lang: str) -> dict[str, str] | None:
    if band_id is None:
        return None
    for band in q.bands:
        if band.id == band_id:
            return {"id": band.id, "label": band.label.get(lang), "colour": band.colour}
    return None


def _band_of(q: Questionnaire, score: float | None, lang: str) -> dict[str, str] | None:
    band = q.band_for(score)
    return _band(q, band.id, lang) if band else None


def _group_label(q: Questionnaire, group: str, lang: str, t: dict[str, str]) -> str:
    return t["combined_short"] if group == ALL_GROUPS else q.group(group).label.get(lang)


def _reason(reason: str | None, t: dict[str, str], min_size: int) -> str:
    if reason in ("small_group", "small_cell"):
        return t["reason_small_group"].format(min=min_size)
    return t["reason_no_data"]


def _score_dict(
    q: Questionnaire, score: GroupScore, lang: str, t: dict[str, str], min_size: int
) -> dict[str, Any]:
    shown = not score.suppressed and score.score is not None
    ci = ""
    if shown and score.ci_low is not None and score.ci_high is not None:
        ci = f"{format_number(score.ci_low, lang)}\u2013{format_number(score.ci_high, lang)}"
    return {
        "group": score.group,
        "label": _group_label(q, score.group, lang, t),
        "shown": shown,
        "n": str(score.n) if shown and score.n is not None else "",
        "score": format_number(score.score, lang) if shown else "",
        "value": score.score if shown else None,
        "ci": ci,
        "ci_low": score.ci_low if shown else None,
        "ci_high": score.ci_high if shown else None,
        "band": _band(q, score.band, lang) if shown else None,
        "reason": "" if shown else _reason(score.reason, t, min_size),
        # The quality label where the score is less than 'betrouwbaar' (methodology 14.7),
        # as a word and as the mark of the dense tables; 'betrouwbaar' shows neither.
        "quality": quality_word(score.quality, lang) if shown else "",
        "mark": quality_mark(score.quality) if shown else "",
    }


def _item_index(stats: Sequence[ItemStat]) -> dict[tuple[str, str], ItemStat]:
    return {(s.item, s.group): s for s in stats}


def _asked_to(q: Questionnaire, item: Item, lang: str, t: dict[str, str]) -> str:
    if item.groups is None:
        return t["all_groups"]
    return ", ".join(q.group(g).label.get(lang) for g in item.groups)


def _item_rows(
    q: Questionnaire,
    items: Sequence[Item],
    stats: dict[tuple[str, str], ItemStat],
    shown_groups: Sequence[str],
    lang: str,
    t: dict[str, str],
) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        combined = stats.get((item.id, ALL_GROUPS))
        cells = []
        for group in shown_groups:
            stat = stats.get((item.id, group))
            if not item.applies_to(group):
                cells.append(NOT_ASKED)
            elif stat is None or stat.suppressed or stat.score is None:
                cells.append("")
            else:
                cells.append(format_number(stat.score, lang))
        shown = combined if combined is not None and not combined.suppressed else None
        rows.append(
            {
                "id": item.id,
                "text": item.text.get(lang),
                "reverse": item.reverse,
                "asked_to": _asked_to(q, item, lang, t),
                "group_scores": cells,
                "score": format_number(shown.score, lang) if shown else "",
                "dont_know": format_percent(shown.dont_know_share, lang) if shown else "",
                "n": str(shown.n) if shown and shown.n is not None else "",
            }
        )
    return rows


def _distribution_data(
    q: Questionnaire, items: Sequence[Item], stats: dict[tuple[str, str], ItemStat], lang: str
) -> dict[str, Any]:
    """Shares per answer option (don't-know left out) for the diverging bar chart."""
    rows = []
    scale_ids = {item.scale for item in items}
    scale = q.scale(sorted(scale_ids)[0]) if scale_ids else q.scales[0]
    for item in items:
        stat = stats.get((item.id, ALL_GROUPS))
        counts = [0] * len(scale.options)
        if stat is not None and not stat.suppressed:
            item_scale = q.scale(item.scale)
            for i, option in enumerate(item_scale.options[: len(counts)]):
                counts[i] = stat.distribution.get(str(option.code), 0)
        total = sum(counts)
        shares = [c / total if total else 0.0 for c in counts]
        rows.append(
            {
                "id": item.id,
                "short": item.short_text(lang),
                # The chart's label: the code a reader finds in the table, and a few words.
                "label": f"{item.id} {item.short_text(lang)}" + (" *" if item.reverse else ""),
                "shares": shares,
                # Wilson 95% per share, n = the answers the chart shows (methodology 14.6).
                "intervals": [wilson_one(share, total) for share in shares] if total else [],
                "n": total,
            }
        )
    return {
        "rows": rows,
        "options": [o.label.get(lang) for o in scale.options],
        "bands": [b.colour for b in sorted(q.bands, key=lambda b: b.min)],
    }


def _band_range(band: Band, last: bool, lang: str, t: dict[str, str]) -> str:
    low = format_number(band.min, lang).replace(",0", "").replace(".0", "")
    high = format_number(band.max, lang).replace(",0", "").replace(".0", "")
    if lang == "nl":
        return f"{band.label.nl} ({low} tot {'en met ' if last else ''}{high})"
    return f"{band.label.get(lang)} ({low} to {'and including ' if last else 'below '}{high})"


def _notable_rule(
    rule: str, fallback: str, settings: Any, q: Questionnaire, lang: str, t: dict[str, str]
) -> str:
    key = f"rule_{rule}"
    if key not in t:
        return fallback
    lowest = sorted(q.bands, key=lambda b: b.min)[0].label.get(lang)
    return t[key].format(
        gap=format_number(settings.gap_threshold, lang),
        band=lowest,
        share=format_percent(settings.dont_know_threshold, lang),
        alpha=format_number(settings.alpha_warning, lang, 2),
        top=TOP_ITEMS,
    )


def _area_context(
    q: Questionnaire,
    area: Area,
    result: AreaResult,
    stats: dict[tuple[str, str], ItemStat],
    shown_groups: list[str],
    settings: Any,
    lang: str,
    t: dict[str, str],
) -> dict[str, Any]:
    min_size = settings.min_group_size
    combined = _score_dict(q, result.combined, lang, t, min_size)
    band = combined["band"]
    recommendation = area.recommendations.get(band["id"]) if band else None
    tips = [tip.get(lang) for tip in recommendation.tips] if recommendation else []
    offerings = []
    if recommendation:
        for offering_id in recommendation.offerings:
            try:
                offering = q.offering(offering_id)
            except KeyError:
                continue
            offerings.append(
                {"title": offering.title.get(lang), "description": offering.description.get(lang)}
            )
    gaps = []
    for gap in result.gaps:
        gaps.append(
            t["gap_sentence"].format(
                a=q.group(gap.group_a).label.get(lang),
                b=q.group(gap.group_b).label.get(lang),
                sa=format_number(gap.score_a, lang),
                sb=format_number(gap.score_b, lang),
                d=format_number(gap.difference, lang),
            )
        )
    alpha_low = result.alpha is not None and result.alpha < settings.alpha_warning
    return {
        "number": area.number,
        "id": area.id,
        "anchor": f"area-{area.number}",
        "title": area.title.get(lang),
        "short": area.short(lang),
        "description": area.description.get(lang),
        "combined": combined,
        "groups": [_score_dict(q, g, lang, t, min_size) for g in result.groups],
        "alpha": format_number(result.alpha, lang, 2) if result.alpha is not None else "",
        "alpha_items": result.alpha_items,
        "alpha_low": alpha_low,
        "gaps": gaps,
        "items": _item_rows(q, area.items, stats, shown_groups, lang, t),
        "has_reverse": any(item.reverse for item in area.items),
        "tips": tips,
        "offerings": offerings,
        # Filled by _benchmark_context: this area among the peers, or None.
        "benchmark": None,
    }


def _findings(notables: list[dict[str, Any]]) -> list[str]:
    """Up to SUMMARY_FINDINGS sentences: one per rule in priority order, then the rest."""
    picked: list[dict[str, Any]] = []
    for rule in FINDING_PRIORITY:
        for notable in notables:
            if notable["rule"] == rule:
                picked.append(notable)
                break
    for notable in notables:
        if notable not in picked:
            picked.append(notable)
    return [n["sentence"] for n in picked[:SUMMARY_FINDINGS]]


#: Warnings the report already shows elsewhere (low alpha: area page and appendix table).
_SHOWN_ELSEWHERE = {"low_alpha"}


def _warnings(
    municipality: MunicipalityResult, q: Questionnaire, lang: str, t: dict[str, str]
) -> list[str]:
    """Scoring's warnings in the report's language; unknown codes keep their own text."""
    texts = []
    for warning in municipality.warnings:
        if warning.code in _SHOWN_ELSEWHERE:
            continue
        key = "warn_" + warning.code
        if key in t:
            area = ""
            if warning.area:
                try:
                    area = q.area(warning.area).title.get(lang)
                except KeyError:
                    area = warning.area
            texts.append(t[key].format(area=area))
        else:
            texts.append(warning.message)
    return texts


def _position_row(position: Position, title: str, lang: str, t: dict[str, str]) -> dict[str, Any]:
    """One area's (or the overall score's) place among the peers, formatted for the report."""
    ok = position.status == "ok"
    reason = "" if ok else t["bench_" + position.status]
    return {
        "area": position.area,
        "title": title,
        "status": position.status,
        "ok": ok,
        "reason": reason,
        # Only an 'ok' position shows numbers; the others say why in words, never a zero.
        "score": format_number(position.score, lang) if ok else "",
        "peer_mean": format_number(position.peer_mean, lang) if ok else "",
        "peer_mean_value": position.peer_mean if ok else None,
        "percentile": format_number(position.percentile, lang, 0) + "%" if ok else "",
        "difference": format_signed(position.difference, lang) if ok else "",
        "peer_n": str(position.peer_n) if position.peer_n else "",
        "sentence": position.sentence.get(lang) or position.sentence.get("nl", ""),
    }


def _benchmark_warnings(position: BenchmarkPosition, t: dict[str, str]) -> list[str]:
    texts = []
    for warning in position.warnings:
        if warning.code == "benchmark-partial":
            texts.append(t["bench_warn_partial"])
        elif warning.code == "benchmark-settings-differ":
            detail = warning.message.partition(": ")[2] or warning.message
            texts.append(t["bench_warn_settings"].format(detail=detail))
        else:
            texts.append(warning.message)
    return texts


def _benchmark_context(
    position: BenchmarkPosition | None,
    areas: list[dict[str, Any]],
    lang: str,
    t: dict[str, str],
    overall_quality: str = "",
) -> dict[str, Any] | None:
    """The summary table and, per area, the row shown in its section (area["benchmark"])."""
    for area in areas:
        area["benchmark"] = None
    if position is None:
        return None
    by_id = {a["id"]: a for a in areas}
    rows = []
    overall = None
    for found in position.combined():
        if found.area in by_id:
            row = _position_row(found, by_id[found.area]["short"], lang, t)
            # The own score is the area's combined score: it carries that score's label.
            row["quality"] = by_id[found.area]["combined"]["quality"] if row["ok"] else ""
            by_id[found.area]["benchmark"] = row
            rows.append(row)
        elif found.area == "overall":
            overall = _position_row(found, t["bench_overall"], lang, t)
            overall["quality"] = overall_quality if overall["ok"] else ""
    peers = max((p.peer_n for p in position.combined()), default=0)
    label = position.labels.get(lang) or position.label
    return {
        "label": label,
        "n": str(peers),
        "title": t["bench_title"].format(n=peers),
        "intro": t["bench_intro"].format(label=label),
        "rows": rows,
        "overall": overall,
        "warnings": _benchmark_warnings(position, t),
    }


def _representativeness(
    chart_data: dict[str, Any],
    municipality: MunicipalityResult,
    score_result: ScoreResult,
    q: Questionnaire,
    lang: str,
) -> dict[str, Any] | None:
    """report/representativeness.py's section; its chart data joins the others."""
    from quickscan.report.representativeness import representativeness_context

    section = representativeness_context(municipality, score_result, q, lang)
    if section is not None:
        chart_data["representativeness"] = section["chart"]
    return section


@dataclass(frozen=True)
class Basis:
    """What every section builder reads: the inputs, the language and the shown groups."""

    result: ScoreResult
    municipality: MunicipalityResult
    q: Questionnaire
    options: ReportOptions
    t: dict[str, str]
    #: Groups whose scores are shown somewhere: a column in tables, a line in charts.
    shown_groups: list[str]
    stats: dict[tuple[str, str], ItemStat]
    maatwerk_stats: dict[tuple[str, str], ItemStat]

    @property
    def lang(self) -> str:
        return self.options.lang

    @property
    def settings(self) -> Any:
        return self.result.settings

    @property
    def min_size(self) -> int:
        return int(self.result.settings.min_group_size)

    @property
    def bands_sorted(self) -> list[Band]:
        return sorted(self.q.bands, key=lambda b: b.min)

    @property
    def area_results(self) -> dict[str, AreaResult]:
        return {a.area: a for a in self.municipality.areas}


def make_basis(
    score_result: ScoreResult,
    municipality: MunicipalityResult,
    questionnaire: Questionnaire,
    options: ReportOptions | None = None,
) -> Basis:
    options = options or ReportOptions()
    q = questionnaire
    response_by_group = {r.group: r for r in municipality.response}
    # A group suppressed in the response table is never shown.
    shown_groups = [
        g.id
        for g in q.groups
        if g.id in response_by_group
        and not response_by_group[g.id].suppressed
        and response_by_group[g.id].respondents > 0
    ]
    return Basis(
        result=score_result,
        municipality=municipality,
        q=q,
        options=options,
        t=strings(options.lang),
        shown_groups=shown_groups,
        stats=_item_index(municipality.items),
        maatwerk_stats=_item_index(municipality.maatwerk),
    )


# --- accessible descriptions of the charts -----------------------------------------------
def _lower_label(label: str, lang: str) -> str:
    """ "Raadsleden" -> "raadsleden" inside a sentence (English labels keep their case)."""
    return label[:1].lower() + label[1:] if lang == "nl" else label


def groups_alt(area: dict[str, Any], lang: str, t: dict[str, str]) -> str:
    """ "Krachtige gemeenteraad: raadsleden 4,6, ambtenaren 6,1, totaal 5,5 (voldoende)"."""
    parts = []
    for g in area["groups"]:
        label = _lower_label(g["label"], lang)
        quality = f" ({g['quality']})" if g["quality"] else ""
        parts.append(
            f"{label} {g['score']}{quality}" if g["shown"] else f"{label} {t['not_shown']}"
        )
    combined = area["combined"]
    total = _lower_label(t["combined_short"], lang)
    if combined["shown"]:
        parts.append(f"{total} {combined['score']}{_band_and_quality(combined)}")
    else:
        parts.append(f"{total} {t['not_shown']}")
    return f"{area['title']}: " + ", ".join(parts)


def items_alt(title: str, distribution: dict[str, Any], lang: str, t: dict[str, str]) -> str:
    """The answers per statement in words: "GR01 Raad bepaalt eigen agenda: oneens 10%, ..."."""
    options = [_lower_label(o, lang) for o in distribution["options"]]
    rows = []
    for row in distribution["rows"]:
        if not row["n"]:
            rows.append(f"{row['id']} {row['short']}: {t['not_shown']}")
            continue
        shares = ", ".join(
            f"{option} {format_percent_with_interval(share, low, high, lang)}"
            for option, share, (low, high) in zip(
                options, row["shares"], row["intervals"], strict=False
            )
        )
        rows.append(f"{row['id']} {row['short']}: {shares}")
    return t["items_alt"].format(title=title) + " " + "; ".join(rows) + "."


def _band_and_quality(score: dict[str, Any]) -> str:
    """' (voldoende, indicatief)': what a chart's reader sees next to a shown score."""
    words = [score["band"]["label"].lower()] if score["band"] else []
    words += [score["quality"]] if score["quality"] else []
    return f" ({', '.join(words)})" if words else ""


def radar_alt(basis: Basis, areas: list[dict[str, Any]]) -> str:
    """Every area's combined score and band, in the radar's order."""
    t = basis.t
    parts = []
    for a in areas:
        c = a["combined"]
        if c["shown"]:
            parts.append(f"{a['short']} {c['score']}{_band_and_quality(c)}")
        else:
            parts.append(f"{a['short']} {t['not_shown']}")
    return t["radar_alt"] + " " + "; ".join(parts) + "."


# --- one builder per section -------------------------------------------------------------
def build_area(basis: Basis, area: Area, result: AreaResult) -> dict[str, Any]:
    """One focus area: scores per group, items, gaps, tips, and its charts' descriptions."""
    q, lang, t = basis.q, basis.lang, basis.t
    context = _area_context(
        q, area, result, basis.stats, basis.shown_groups, basis.settings, lang, t
    )
    distribution = _distribution_data(q, area.items, basis.stats, lang)
    context["alt_groups"] = groups_alt(context, lang, t)
    context["alt_items"] = items_alt(context["title"], distribution, lang, t)
    return context


def build_areas(basis: Basis) -> list[dict[str, Any]]:
    area_results = basis.area_results
    return [
        build_area(basis, area, area_results[area.id])
        for area in basis.q.areas
        if area.id in area_results
    ]


def build_summary(
    basis: Basis, areas: list[dict[str, Any]], notables: list[dict[str, Any]]
) -> dict[str, Any]:
    """The overall score, per group, the strongest and weakest areas, the main findings."""
    q, lang, t, m = basis.q, basis.lang, basis.t, basis.municipality
    overall = _score_dict(q, m.overall_for(ALL_GROUPS), lang, t, basis.min_size)
    overall_groups = [
        _score_dict(q, m.overall_for(g.id), lang, t, basis.min_size)
        for g in q.groups
        if any(s.group == g.id for s in m.overall)
    ]
    area_results = basis.area_results
    scored = [
        (area_results[a["id"]].combined.score, a["number"], a)
        for a in areas
        if area_results[a["id"]].combined.score is not None
    ]
    by_score = sorted(scored, key=lambda x: (-(x[0] or 0.0), x[1]))
    return {
        "overall": overall,
        "overall_groups": overall_groups,
        "strongest": [a for _, _, a in by_score[:TOP_AREAS]],
        "weakest": [a for _, _, a in sorted(scored, key=lambda x: (x[0] or 0.0, x[1]))[:TOP_AREAS]],
        "findings": _findings(notables),
        "radar_alt": radar_alt(basis, areas),
    }


def build_response(basis: Basis) -> dict[str, Any]:
    """Respondents per group, what is shown, and why a group is not."""
    q, lang, t, m = basis.q, basis.lang, basis.t, basis.municipality
    response_by_group = {r.group: r for r in m.response}
    rows = []
    for group in q.groups:
        resp = response_by_group.get(group.id)
        if resp is None:
            continue
        rows.append(
            {
                "label": group.label.get(lang),
                "respondents": str(resp.respondents),
                "shown": not resp.suppressed,
                "dont_know": format_percent_with_interval(
                    resp.dont_know_share, resp.dont_know_ci_low, resp.dont_know_ci_high, lang
                )
                if not resp.suppressed
                else "",
                "reason": _reason(
                    "small_group" if resp.respondents else "no_data", t, basis.min_size
                )
                if resp.suppressed
                else "",
            }
        )
    shown_items = [s for s in m.items if s.group == ALL_GROUPS and not s.suppressed]
    valid = sum((s.n or 0) for s in shown_items)
    dont_know = sum((s.dont_know or 0) for s in shown_items)
    # The respondent is the unit of the interval, as for each group (docs/methodology.md
    # 14.6): n = the respondents of the groups whose answers the 'all' rows count.
    counted = {s.group for s in m.items if s.group != ALL_GROUPS and not s.suppressed and s.n}
    shown_respondents = sum(r.respondents for r in m.response if r.group in counted)
    total_share = dont_know / (valid + dont_know) if valid + dont_know else None
    low, high = (
        wilson_one(total_share, shown_respondents)
        if total_share is not None and shown_respondents
        else (None, None)
    )
    suppressed = [r for r in rows if not r["shown"]]
    return {
        "intro": t["response_intro"].format(n=m.respondents),
        "rows": rows,
        "total": str(m.respondents),
        "total_dont_know": format_percent_with_interval(total_share, low, high, lang),
        "suppressed": suppressed,
        "suppressed_text": t["suppressed_text"].format(min=basis.min_size)
        if suppressed
        else t["no_suppressed"],
    }


def build_differences(basis: Basis, areas: list[dict[str, Any]]) -> dict[str, Any]:
    """Differences between groups: every pair of shown groups, per area."""
    q, lang, t, settings = basis.q, basis.lang, basis.t, basis.settings
    pairs = list(combinations(basis.shown_groups, 2))
    rows = []
    for area in areas:
        by_group = {g["group"]: g for g in area["groups"]}
        cells = []
        for a, b in pairs:
            ga, gb = by_group.get(a), by_group.get(b)
            if ga and gb and ga["value"] is not None and gb["value"] is not None:
                diff = ga["value"] - gb["value"]
                notable = abs(round(diff, 10)) >= settings.gap_threshold
                cells.append(
                    {
                        "text": format_signed(diff, lang),
                        "notable": notable,
                        "level": min(3, int(abs(diff) / (settings.gap_threshold / 2))),
                    }
                )
            else:
                cells.append({"text": "", "notable": False, "level": 0})
        rows.append({"number": area["number"], "title": area["short"], "cells": cells})
    return {
        "intro": t["differences_intro"].format(
            threshold=format_number(settings.gap_threshold, lang)
        ),
        "pairs": [
            {"a": q.group(a).label.get(lang), "b": q.group(b).label.get(lang)} for a, b in pairs
        ],
        "rows": rows,
        # Many groups give many pairs: then pairs become rows and areas columns.
        "transposed": len(pairs) > MAX_PAIR_COLUMNS,
    }


def build_notables(basis: Basis) -> list[dict[str, Any]]:
    """Scoring's notable results, each with the rule that found it."""
    q, lang, t = basis.q, basis.lang, basis.t
    area_titles = {a.id: a.title.get(lang) for a in q.areas}
    return [
        {
            "rule": n.rule,
            "rule_text": _notable_rule(n.rule, n.rule_text, basis.settings, q, lang, t),
            "sentence": n.sentence.get(lang) or n.sentence.get("nl") or n.rule_text,
            "area": area_titles.get(n.area or "", ""),
        }
        for n in basis.municipality.notable
    ]


def build_maatwerk(basis: Basis) -> dict[str, Any] | None:
    """The municipality's own questions, or None without them."""
    q, lang, t = basis.q, basis.lang, basis.t
    if not q.maatwerk:
        return None
    title = q.maatwerk_title.get(lang) if q.maatwerk_title else t["sec_maatwerk"]
    distribution = _distribution_data(q, q.maatwerk, basis.maatwerk_stats, lang)
    return {
        "title": title,
        "intro": t["maatwerk_intro"],
        "items": _item_rows(q, q.maatwerk, basis.maatwerk_stats, basis.shown_groups, lang, t),
        "alt_items": items_alt(title, distribution, lang, t),
    }


def build_open_answers(basis: Basis) -> dict[str, Any] | None:
    """The open answers with personal data removed, when asked for."""
    options = basis.options
    if not options.include_open_answers:
        return None
    return open_answers_section(
        basis.q,
        options.open_answers,
        basis.shown_groups,
        basis.lang,
        basis.t,
        options.answer_limit,
        settings_for(options.redaction, basis.municipality),
        options.approval,
    )


def build_agenda(basis: Basis, weakest: list[dict[str, Any]]) -> dict[str, Any]:
    """Verbeteragenda: the weakest areas with their tips, then blank rows."""
    from quickscan.report.agenda import BLANK_ROWS

    rows = [
        {
            "priority": str(i),
            "area": a["title"],
            "score": a["combined"]["score"],
            "quality": a["combined"]["quality"],
            "band": a["combined"]["band"],
            "suggestions": a["tips"],
        }
        for i, a in enumerate(weakest, start=1)
    ]
    rows += [
        {"priority": "", "area": "", "score": "", "quality": "", "band": None, "suggestions": []}
        for _ in range(BLANK_ROWS)
    ]
    return {"intro": basis.t["agenda_intro"], "rows": rows}


def _appendix_items(basis: Basis, items: Sequence[Item]) -> list[dict[str, Any]]:
    q, lang, t = basis.q, basis.lang, basis.t
    return [
        {
            "id": item.id,
            "text": item.text.get(lang),
            # The full text is in the item's own chapter; here a line per item is enough.
            "short": item.short_text(lang, limit=60),
            "asked_to": _asked_to(q, item, lang, t),
            "reverse": item.reverse,
        }
        for item in items
    ]


def build_appendix(
    basis: Basis, areas: list[dict[str, Any]], maatwerk: dict[str, Any] | None
) -> dict[str, Any]:
    """Methodology, reliability per area, every item, open questions, sources, warnings."""
    q, lang, t, settings = basis.q, basis.lang, basis.t, basis.settings
    used_scales = [q.scale(s) for s in dict.fromkeys(item.scale for item in q.all_items)]
    bands_sorted = basis.bands_sorted
    method = {
        "scales": [
            t["method_scale"].format(
                scale=(s.label.get(lang) if s.label else s.id),
                options=", ".join(f"{o.code} = {o.label.get(lang)}" for o in s.options),
                dont_know=" / ".join(o.label.get(lang) for o in s.dont_know) or "\u2013",
            )
            for s in used_scales
        ],
        "min_valid": t["method_min_valid"].format(
            share=format_percent(settings.min_valid_share, lang)
        ),
        "suppression": t["method_suppression"].format(min=basis.min_size),
        "weighting": t["method_weighting_" + settings.weighting],
        "bands": t["method_bands"].format(
            bands="; ".join(
                _band_range(b, i == len(bands_sorted) - 1, lang, t)
                for i, b in enumerate(bands_sorted)
            )
        ),
        "gap": t["method_gap"].format(
            gap=format_number(settings.gap_threshold, lang),
            share=format_percent(settings.dont_know_threshold, lang),
        ),
        "ci": t["method_ci"],
        "quality": quality_rule_text(lang),
        "alpha_intro": t["alpha_intro"].format(
            alpha=format_number(settings.alpha_warning, lang, 2)
        ),
        "alphas": [
            {
                "number": a["number"],
                "title": a["title"],
                "alpha": a["alpha"],
                "items": str(a["alpha_items"]),
                "low": a["alpha_low"],
            }
            for a in areas
        ],
    }
    item_appendix = [
        {
            "number": area.number,
            "title": area.title.get(lang),
            "items": _appendix_items(basis, area.items),
        }
        for area in q.areas
    ]
    if q.maatwerk:
        item_appendix.append(
            {
                "number": "",
                "title": maatwerk["title"] if maatwerk else t["sec_maatwerk"],
                "items": _appendix_items(basis, q.maatwerk),
            }
        )
    return {
        "method": method,
        "item_appendix": item_appendix,
        "open_questions": [{"id": o.id, "text": o.text.get(lang)} for o in q.all_open_questions],
        "sources": [
            {
                "file": f.file.replace("\\", "/").rsplit("/", 1)[-1],
                "rows": str(f.rows),
                "sha256": f.sha256[:16],
            }
            for f in basis.result.inputs
        ],
        "warnings": _warnings(basis.municipality, q, lang, t),
    }


def build_sections(
    basis: Basis, maatwerk: dict[str, Any] | None
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """The chapters in order with their numbers (optional ones shift the rest)."""
    t = basis.t
    sections: list[dict[str, Any]] = []

    def section(key: str, anchor: str) -> dict[str, Any]:
        entry = {
            "key": key,
            "anchor": anchor,
            "number": str(len(sections) + 1),
            "title": t["sec_" + key],
        }
        sections.append(entry)
        return entry

    sec = {
        "summary": section("summary", "summary"),
        "response": section("response", "response"),
        "areas": section("areas", "areas"),
        "differences": section("differences", "differences"),
        "notable": section("notable", "notable"),
    }
    if maatwerk is not None:
        sec["maatwerk"] = section("maatwerk", "maatwerk")
        sec["maatwerk"]["title"] = maatwerk["title"]
    if basis.options.include_open_answers:
        sec["open"] = section("open", "open-answers")
    sec["agenda"] = section("agenda", "agenda")
    appendix = {"key": "appendix", "anchor": "appendix", "number": "", "title": t["sec_appendix"]}
    sections.append(appendix)
    sec["appendix"] = appendix
    return sections, sec


def build_chart_data(basis: Basis, areas: list[dict[str, Any]]) -> dict[str, Any]:
    """What `charts.py` draws: radar, bars per group and answer shares per area."""
    q, lang, t = basis.q, basis.lang, basis.t
    area_results = basis.area_results
    bands = [(b.min, b.max, b.colour) for b in basis.bands_sorted]
    return {
        "radar": {
            "axes": [a["short"] for a in areas],
            "series": [
                {
                    "label": t["combined"],
                    "values": [area_results[a["id"]].combined.score for a in areas],
                    "combined": True,
                }
            ]
            + [
                {
                    "label": q.group(g).label.get(lang),
                    "values": [
                        next(
                            (
                                s.score
                                for s in area_results[a["id"]].groups
                                if s.group == g and not s.suppressed
                            ),
                            None,
                        )
                        for a in areas
                    ],
                    "combined": False,
                }
                for g in basis.shown_groups
            ],
            "bands": bands,
        },
        "areas": {
            a["anchor"]: {
                "groups": {
                    "rows": [
                        {
                            "label": g["label"],
                            "value": g["value"],
                            "low": g["ci_low"],
                            "high": g["ci_high"],
                            "text": g["score"],
                            "colour": g["band"]["colour"] if g["band"] else "#999999",
                            "note": t["not_shown"] if not g["shown"] else "",
                        }
                        for g in [*a["groups"], {**a["combined"], "label": t["combined_short"]}]
                    ],
                    "bands": bands,
                    # The peers' mean of the combined score: a marker on the chart.
                    "peer_mean": a["benchmark"]["peer_mean_value"] if a["benchmark"] else None,
                    "peer_label": t["bench_legend"].format(mean=a["benchmark"]["peer_mean"])
                    if a["benchmark"]
                    else "",
                },
                "items": _distribution_data(q, q.area(a["id"]).items, basis.stats, lang),
            }
            for a in areas
        },
        "maatwerk": _distribution_data(q, q.maatwerk, basis.maatwerk_stats, lang)
        if q.maatwerk
        else None,
        "lang": lang,
        "score_label": t["score"],
        "n_label": t["n_short"],
    }


def build_meta(basis: Basis) -> dict[str, Any]:
    """Title, municipality, wave, date and versions: the cover and the PDF's metadata."""
    from quickscan import __version__

    t, lang, m, r = basis.t, basis.lang, basis.municipality, basis.result
    report_date = basis.options.report_date or dt.date.today()
    return {
        "title": t["doc_title"],
        "municipality": m.municipality_name or m.municipality_code or "",
        "municipality_code": m.municipality_code or "",
        "wave": m.wave or t["no_wave"],
        "date": format_date(report_date, lang),
        "date_iso": report_date.isoformat(),
        "questionnaire_title": basis.q.title.get(lang),
        "questionnaire_id": r.questionnaire.id,
        "questionnaire_version": r.questionnaire.version,
        "fingerprint": r.questionnaire.fingerprint,
        "respondents": str(m.respondents),
        "software": t["software"].format(version=__version__),
        "software_version": __version__,
    }


def build_context(
    score_result: ScoreResult,
    municipality: MunicipalityResult,
    questionnaire: Questionnaire,
    options: ReportOptions | None = None,
) -> dict[str, Any]:
    """The complete, plain report context for one municipality (and wave).

    Each section has its own builder above (`build_summary`, `build_area`, ...), all reading
    one `Basis`; this function only puts their results together under the template's names.
    """
    basis = make_basis(score_result, municipality, questionnaire, options)
    lang, t = basis.lang, basis.t
    areas = build_areas(basis)
    notables = build_notables(basis)
    summary = build_summary(basis, areas, notables)
    benchmark = _benchmark_context(
        basis.options.benchmark, areas, lang, t, summary["overall"]["quality"]
    )
    maatwerk = build_maatwerk(basis)
    sections, sec = build_sections(basis, maatwerk)
    for area in areas:
        area["section"] = f"{sec['areas']['number']}.{area['number']}"
    appendix = build_appendix(basis, areas, maatwerk)
    chart_data = build_chart_data(basis, areas)
    return {
        "lang": lang,
        "t": t,
        "meta": build_meta(basis),
        "sections": sections,
        "sec": sec,
        "bands": [
            {"id": b.id, "label": b.label.get(lang), "colour": b.colour} for b in basis.bands_sorted
        ],
        "group_columns": [
            {"id": g, "label": basis.q.group(g).label.get(lang)} for g in basis.shown_groups
        ],
        "gap_threshold": format_number(basis.settings.gap_threshold, lang),
        **summary,
        "response": build_response(basis),
        "areas": areas,
        "differences": build_differences(basis, areas),
        "notables": notables,
        "maatwerk": maatwerk,
        "open_answers": build_open_answers(basis),
        "agenda": build_agenda(basis, summary["weakest"]),
        **appendix,
        "benchmark": benchmark,
        "chart_data": chart_data,
        # Respondents against the population, and which weights the scores use.
        "representativeness": _representativeness(
            chart_data, municipality, score_result, basis.q, lang
        ),
    }
