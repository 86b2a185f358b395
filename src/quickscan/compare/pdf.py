"""The comparison report: Comparison -> plain context -> HTML -> PDF.

The same three stages as the democracy profile, on the report's own stack: the Jinja2
environment and asset handling of `quickscan.report.render` (autoescape, StrictUndefined,
sandbox, packaged fonts) and the safe URL fetcher and atomic write of
`quickscan.report.pdf`. Templates: `report_templates/compare/`.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

import quickscan
from quickscan.compare.models import OVERALL, Cell, Comparison, Row
from quickscan.compare.texts import strings
from quickscan.questionnaire.models import Questionnaire
from quickscan.report.i18n import (
    QUALITY_LEGEND,
    format_date,
    format_number,
    format_signed,
    quality_mark,
    quality_rule_text,
    quality_word,
)

TEMPLATE = "compare/comparison.html.j2"
#: Up to this many rows, every municipality is named in the strip plots and area pages.
LABEL_ALL = 12
FULL_LIST = 40
TOP = 5


def _mix(colour: str, amount: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _label(row: Row, with_wave: bool = False) -> str:
    name = row.municipality_name or row.municipality_code or ""
    return f"{name} ({row.wave})" if with_wave and row.wave else name


def _full_label(row: Row, with_wave: bool = False) -> str:
    text = " ".join(p for p in (row.municipality_code, row.municipality_name) if p)
    return f"{text} ({row.wave})" if with_wave and row.wave else text


def _cell(cell: Cell, colours: dict[str, str], lang: str) -> dict[str, Any]:
    """A table cell: the score, its quality mark ('~', '?'; none when betrouwbaar), rank."""
    if cell.status == "suppressed":
        return {"text": "s", "mark": "", "rank": "", "bg": "", "cls": "suppressed"}
    if cell.score is None:
        return {"text": "–", "mark": "", "rank": "", "bg": "", "cls": "missing"}
    colour = colours.get(cell.band or "")
    return {
        "text": format_number(cell.score, lang),
        "mark": quality_mark(cell.quality),
        "rank": "" if cell.rank is None else str(cell.rank),
        "bg": _mix(colour, 0.6) if colour else "",
        "cls": "",
    }


def _with_word(score: str, cell: Cell, lang: str) -> str:
    """'5,0 (indicatief)': a score in a sentence, with its quality label in words."""
    word = quality_word(cell.quality, lang)
    return f"{score} ({word})" if word else score


def build_context(
    comparison: Comparison,
    questionnaire: Questionnaire,
    lang: str = "nl",
    report_date: dt.date | None = None,
) -> dict[str, Any]:
    """Everything the template shows, formatted; no result objects."""
    t = strings(lang)
    day = report_date or dt.date.today()
    colours = {band.id: band.colour for band in comparison.bands}
    rows = comparison.rows
    several_waves = len({r.wave for r in rows}) > 1
    focal_row = next((r for r in rows if r.focal), None)
    peer_codes = set(focal_row.peers.codes) if focal_row and focal_row.peers else set()
    sort_title = (
        t["overall"].lower()
        if comparison.sort == OVERALL
        else next(
            (a.title[lang] for a in comparison.areas if a.id == comparison.sort), comparison.sort
        )
    )
    by_wave = comparison.by == "wave"
    meta = {
        "title": t["wave_title"] if by_wave else t["doc_title"],
        "subtitle": t["wave_subtitle"] if by_wave else t["cover_subtitle"],
        "date": format_date(day, lang),
        "date_iso": day.isoformat(),
        "questionnaire": f"{questionnaire.title.get(lang)} ({comparison.questionnaire.id})",
        "version": comparison.questionnaire.version,
        "fingerprint": comparison.questionnaire.fingerprint,
        "municipalities": str(len({r.key[0] for r in rows})),
        "rows": str(len(rows)),
        "waves": ", ".join(sorted({r.wave for r in rows if r.wave})) or "–",
        "weighting": t[f"weighting_{comparison.settings.weighting}"],
        "min_group_size": str(comparison.settings.min_group_size),
        "focal": _full_label(focal_row) if focal_row else "",
        "peer_group": (focal_row.peers.described(lang) if focal_row and focal_row.peers else "")
        or (comparison.peer_group or ""),
        "software_version": quickscan.__version__,
    }
    bands = [
        {
            "label": b.label[lang],
            "colour": b.colour,
            "tint": _mix(b.colour, 0.6),
            "range": f"{format_number(b.min, lang)}–{format_number(min(b.max, 10), lang)}",
        }
        for b in comparison.bands
    ]
    areas = [
        {"id": a.id, "number": a.number, "title": a.title[lang], "short": a.short_title[lang]}
        for a in comparison.areas
    ]
    table_rows = []
    for row in rows:
        sort_cell = row.cell(comparison.sort)
        table_rows.append(
            {
                "rank": "" if sort_cell.rank is None else str(sort_cell.rank),
                "code": row.municipality_code or "",
                "name": row.municipality_name or "",
                "wave": row.wave or "",
                "focal": row.focal,
                "peer": (row.municipality_code or "") in peer_codes,
                "overall": _cell(row.overall, colours, lang),
                "cells": [_cell(c, colours, lang) for c in row.areas],
                "bands": [
                    {"count": str(row.band_counts.get(b.id, 0)), "colour": b.colour}
                    for b in comparison.bands
                ],
                "none": str(row.band_counts.get("none", 0)),
                "n": str(row.respondents),
            }
        )

    def role(row: Row) -> str:
        if row.focal:
            return "focal"
        return "peer" if (row.municipality_code or "") in peer_codes else "other"

    band_spans = [(b.min, b.max, b.colour) for b in comparison.bands]
    strip_rows = []
    #: What each strip shows, in words: the charts' alternative texts.
    strip_alts: list[str] = []
    area_pages = []
    for info in [None, *comparison.areas]:
        area_id = OVERALL if info is None else info.id
        label = t["overall"] if info is None else f"{info.number} {info.short_title[lang]}"
        cells = [(row, row.cell(area_id)) for row in rows]
        scored = [(row, c) for row, c in cells if c.score is not None]
        values = [c.score for _, c in scored if c.score is not None]
        missing = len(cells) - len(scored)
        row_stats = (
            t["area_stats"].format(
                n=len(values),
                mean=format_number(statistics.fmean(values), lang),
                median=format_number(statistics.median(values), lang),
                min=format_number(min(values), lang),
                max=format_number(max(values), lang),
            )
            if values
            else t["no_score_count"].format(n=missing)
        )
        strip_alts.append(f"{label}: {row_stats}")
        strip_rows.append(
            {
                "label": label,
                "points": [
                    {
                        "value": c.score,
                        "role": role(row),
                        "label": _label(row, several_waves),
                        "show_label": len(rows) <= LABEL_ALL,
                    }
                    for row, c in scored
                ],
                "mean": statistics.fmean(values) if values else None,
                "missing": t["no_score_count"].format(n=missing) if missing else "",
            }
        )
        if info is None:
            continue
        ordered = sorted(scored, key=lambda rc: (-(rc[1].score or 0), _full_label(rc[0])))

        def entry(row: Row, cell: Cell) -> dict[str, Any]:
            return {
                "label": _full_label(row, several_waves),
                "score": format_number(cell.score, lang),
                "mark": quality_mark(cell.quality),
                "rank": "" if cell.rank is None else str(cell.rank),
                "percentile": format_number(cell.percentile, lang, 0)
                if cell.percentile is not None
                else "",
                "focal": row.focal,
                "peer": role(row) == "peer",
                "tint": _mix(colours[cell.band], 0.6) if cell.band in colours else "",
            }

        # The strip's figures again; an area page without scores says nothing here.
        stats = row_stats if values else ""
        focal_text = ""
        if focal_row is not None:
            cell = focal_row.cell(area_id)
            focal_text = (
                t["focal_position"].format(
                    name=_label(focal_row),
                    score=_with_word(format_number(cell.score, lang), cell, lang),
                    rank=cell.rank,
                    among=cell.ranked_among,
                    pct=format_number(cell.percentile, lang, 0)
                    if cell.percentile is not None
                    else "–",
                )
                if cell.score is not None
                else t["focal_no_score"].format(name=_label(focal_row))
            )
        full = len(ordered) <= FULL_LIST
        area_pages.append(
            {
                "anchor": f"area-{info.number}",
                "number": info.number,
                "title": info.title[lang],
                "description": questionnaire.area(info.id).description.get(lang)
                if _has_area(questionnaire, info.id)
                else "",
                "chart": f"strip-{info.number}",
                "stats": stats,
                "alt": f"{info.title[lang]}: {stats}" + (f" {focal_text}" if focal_text else ""),
                "missing": t["area_missing"].format(n=missing) if missing else "",
                "focal": focal_text,
                "full": [entry(r, c) for r, c in ordered] if full else [],
                # The full list in two side-by-side tables: an area then fits on half a page.
                "full_columns": _halves([entry(r, c) for r, c in ordered]) if full else [],
                "top": [] if full else [entry(r, c) for r, c in ordered[:TOP]],
                "bottom": [] if full else [entry(r, c) for r, c in ordered[-TOP:]],
            }
        )

    peers = None
    if focal_row is not None and focal_row.peers is not None:
        group = focal_row.peers
        peer_rows = []
        for info, cell in [
            (None, focal_row.overall),
            *zip(comparison.areas, focal_row.areas, strict=True),
        ]:
            peer = cell.peer
            peer_rows.append(
                {
                    "area": t["overall"] if info is None else f"{info.number} {info.title[lang]}",
                    "score": _cell(cell, colours, lang)["text"],
                    "mark": quality_mark(cell.quality),
                    "peer_mean": format_number(peer.mean, lang) if peer else "",
                    "difference": format_signed(peer.difference, lang) if peer else "",
                    "percentile": format_number(peer.percentile, lang, 0)
                    if peer and peer.percentile is not None
                    else "",
                    "n": str(peer.n) if peer else "",
                }
            )
        peers = {
            "intro": t["peers_intro"].format(
                name=_label(focal_row),
                n=len(group.codes),
                description=group.described(lang),
                codes=", ".join(_peer_names(group.codes, rows)),
            ),
            "few": len(group.codes) < 5,
            "rows": peer_rows,
        }

    waves = []
    for index, wave in enumerate(comparison.waves):
        own = sorted(
            (r for r in rows if r.key[0] == (wave.municipality_code or wave.municipality_name)),
            key=lambda r: wave.waves.index(r.wave or "") if (r.wave or "") in wave.waves else 0,
        )
        series: list[dict[str, Any]] = [
            {
                "label": t["overall"],
                "values": [r.overall.score for r in own],
                "overall": True,
            }
        ] + [
            {
                "label": f"{info.number} {info.short_title[lang]}",
                "values": [r.cell(info.id).score for r in own],
                "overall": False,
            }
            for info in comparison.areas
        ]
        titles = {a.id: f"{a.number} {a.title[lang]}" for a in comparison.areas}
        titles[OVERALL] = t["overall"]
        change_rows = []
        for change in wave.changes:
            if change.group != "all":
                continue
            if change.difference is None:
                verdict = t["no_comparison"]
            elif change.significant is True:
                verdict = t["larger_than_chance"]
            elif change.significant is False:
                verdict = t["may_be_chance"]
            else:
                verdict = t["no_interval"]
            change_rows.append(
                {
                    "area": titles.get(change.area, change.area),
                    "waves": f"{change.from_wave}–{change.to_wave}",
                    "from": format_number(change.score_from, lang) or "–",
                    "to": format_number(change.score_to, lang) or "–",
                    "change": format_signed(change.difference, lang) or "–",
                    "interval": (
                        f"{format_number(change.ci_low, lang)} – "
                        f"{format_number(change.ci_high, lang)}"
                    )
                    if change.ci_low is not None
                    else "",
                    "verdict": verdict,
                    "strong": change.significant is True,
                    "overall": change.area == OVERALL,
                }
            )
        trend_alt = (
            t["trend_caption"]
            + " "
            + "; ".join(
                f"{line['label']}: "
                + ", ".join(
                    f"{w} {format_number(v, lang) if v is not None else '–'}"
                    for w, v in zip([r.wave or "" for r in own], line["values"], strict=True)
                )
                for line in series
            )
        )
        waves.append(
            {
                "title": " ".join(p for p in (wave.municipality_code, wave.municipality_name) if p),
                "alt": trend_alt,
                "chart": f"trend-{index}",
                "series": series,
                "waves": wave.waves,
                "rows": change_rows,
            }
        )

    diff = None
    if comparison.questionnaire_diff is not None:
        d = comparison.questionnaire_diff
        diff = {
            "intro": t["items_intro"].format(n=len(d.shared_items)),
            "pairs": [
                {
                    "waves": f"{p.from_wave}–{p.to_wave}",
                    "added": ", ".join(p.added) or "–",
                    "removed": ", ".join(p.removed) or "–",
                    "changed": ", ".join(p.changed) or "–",
                }
                for p in d.pairs
            ],
            "left_out": t["areas_left_out"].format(areas=", ".join(d.areas_left_out))
            if d.areas_left_out
            else "",
            "reduced": t["areas_reduced"].format(areas=", ".join(d.areas_reduced))
            if d.areas_reduced
            else "",
        }

    chart_data = {
        "heatmap": {
            "rows": [
                {
                    "label": _label(r, several_waves),
                    "values": [r.overall.score, *(c.score for c in r.areas)],
                    "marks": [quality_mark(c.quality) for c in (r.overall, *r.areas)],
                    "focal": r.focal,
                }
                for r in rows
            ],
            "columns": [t["overall"], *(str(a.number) for a in comparison.areas)],
            "bands": band_spans,
            "lang": lang,
            "rows_label": f"{len(rows)} {t['heatmap_rows']}",
            "band_labels": [b["label"] for b in bands],
            "title": t["heatmap_alt"].format(
                n=len(rows), stats="; ".join(strip_alts), table=t["sec_table"]
            ),
        },
        "strips": {
            "rows": strip_rows,
            "bands": band_spans,
            "lang": lang,
            "legend": {
                "focal": t["legend_focal"],
                "peer": t["legend_peer"],
                "other": t["legend_other"],
                "mean": t["legend_mean"],
            },
            "title": t["sec_distribution"] + ": " + "; ".join(strip_alts),
        },
        "area_strips": {
            page["chart"]: {**strip_rows[i + 1], "label": "", "alt": page["alt"]}
            for i, page in enumerate(area_pages)
        },
        "trends": {
            w["chart"]: {"waves": w["waves"], "series": w["series"], "alt": w["alt"]} for w in waves
        },
    }
    return {
        "lang": lang,
        "t": t,
        "meta": meta,
        # The quality label of every score (methodology 14.7): its marks and its rule.
        "quality": {"legend": QUALITY_LEGEND[lang], "rule": quality_rule_text(lang)},
        "bands": bands,
        "areas": areas,
        "several_waves": several_waves,
        "by_wave": by_wave,
        "table": {"intro": t["table_intro"].format(sort=sort_title), "rows": table_rows},
        "area_pages": area_pages,
        "peers": peers,
        "waves": waves,
        "diff": diff,
        "warnings": [str(w.get("message", "")) for w in comparison.warnings],
        "chart_data": chart_data,
    }


def _halves(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A list cut in two columns, the first one the longer (ranks read down, then across)."""
    middle = (len(entries) + 1) // 2
    return [part for part in (entries[:middle], entries[middle:]) if part]


def _has_area(questionnaire: Questionnaire, area_id: str) -> bool:
    return any(a.id == area_id for a in questionnaire.areas)


def _peer_names(codes: Iterable[str], rows: Sequence[Row]) -> list[str]:
    names = {r.municipality_code: r.municipality_name for r in rows}
    return [f"{names.get(c) or c}" for c in codes]


def draw_charts(context: dict[str, Any]) -> dict[str, Markup]:
    from quickscan.compare import charts

    data = context["chart_data"]
    drawn: dict[str, Markup] = {}
    if not context["by_wave"]:  # one municipality's waves: the trend chart says it all
        drawn["heatmap"] = charts.heatmap(data["heatmap"])
        drawn["strips"] = charts.strips(data["strips"])
    for key, row in data["area_strips"].items():
        drawn[key] = charts.strips(
            {
                "rows": [row],
                "bands": data["strips"]["bands"],
                "lang": context["lang"],
                "legend": data["strips"]["legend"],
                "title": row["alt"],
            },
            chart_id=key,
        )
    for key, trend in data["trends"].items():
        drawn[key] = charts.trend(
            {
                **trend,
                "bands": data["strips"]["bands"],
                "lang": context["lang"],
                "title": trend["alt"],
            },
            chart_id=key,
        )
    return drawn


def comparison_html(
    comparison: Comparison,
    questionnaire: Questionnaire,
    *,
    lang: str = "nl",
    report_date: dt.date | None = None,
    asset_mode: str = "data",
) -> str:
    from quickscan.report.render import render_html

    context = build_context(comparison, questionnaire, lang, report_date)
    return render_html(
        context,
        draw_charts(context),
        asset_mode=asset_mode,  # type: ignore[arg-type]
        template_name=TEMPLATE,
    )


def render_comparison_pdf(
    comparison: Comparison,
    questionnaire: Questionnaire,
    output: Path | str,
    *,
    lang: str = "nl",
    report_date: dt.date | None = None,
    inputs: Iterable[Path | str] = (),
    pdf_variant: str = "ua-1",
) -> Path:
    """Write the comparison report as a PDF (atomically; never over an input)."""
    from quickscan.output import check_output_path
    from quickscan.report.pdf import write_pdf
    from quickscan.report.render import asset_roots, packaged_assets

    inputs = list(inputs)
    check_output_path(output, inputs)
    html = comparison_html(
        comparison, questionnaire, lang=lang, report_date=report_date, asset_mode="file"
    )
    return write_pdf(
        html,
        output,
        base_url=packaged_assets(),
        roots=asset_roots(None),
        inputs=inputs,
        variant=pdf_variant,
    )
