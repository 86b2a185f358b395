"""The data of the dashboard (`quickscan compare --html`): what the page shows, and no more.

Everything comes from compare's own results (`compare_results`, the rows of `--by wave`) and
the scored groups of the `ScoreResult`; nothing is recomputed here. Numbers a person reads
are rounded here with `display()`, the one rounding rule, so the page shows exactly what
`compare` shows. The page's JavaScript only computes what depends on a choice made in the
page: a peer group and the focal municipality's position among it. For that it gets the
unrounded combined scores, each municipality's size class and characteristic values, and
the z-standardised numeric characteristics of the peers file (`nearest:K`), computed here
with the same scales as `compare --peer-group nearest:K`.

A suppressed group has no score, band or number of valid answers in the data, only the
status 'suppressed'; the data holds area and group scores, never answers of respondents or
open answers.

Each score carries its quality label (docs/methodology.md 14.7) as an index into
`quality.labels`, one small number per cell; the labels' words and marks in the page's
language come with it from report.i18n, so the page writes them as every other output does.
"""

from __future__ import annotations

import math
import sys
from typing import Any

from quickscan.compare.api import compare_results, find_municipality, selected_results
from quickscan.compare.models import OVERALL, Cell, Change, Comparison, QuestionnaireDiff
from quickscan.compare.peers import (
    MIN_PEERS,
    SIZE_CLASSES,
    SIZE_CLASSES_NL,
    PeerTable,
    parse_count,
    parse_number,
    parse_peer_spec,
    size_class,
)
from quickscan.compare.table import natural_key
from quickscan.errors import CompareError
from quickscan.questionnaire.models import Questionnaire
from quickscan.report.i18n import QUALITY_LEGEND, quality_mark, quality_word
from quickscan.results import ALL_GROUPS, MunicipalityResult, ScoreResult, display
from quickscan.scoring.uncertainty import QUALITY_LABELS

#: Numeric characteristics with at most this many distinct values get a pick list as filter;
#: others get a from-to range.
MAX_LIST_VALUES = 12

#: The version of the data layout the page's script reads (2: a quality label per score).
DATA_VERSION = 2

#: A quality label -> its index in the page's `quality.labels`.
_QUALITY_INDEX = {label: i for i, label in enumerate(QUALITY_LABELS)}


def build_dashboard_data(
    result: ScoreResult,
    questionnaire: Questionnaire,
    *,
    peers: PeerTable | None = None,
    lang: str = "nl",
    wave: str | None = None,
    municipality: str | None = None,
    peer_group: str | None = None,
    diff: QuestionnaireDiff | None = None,
) -> dict[str, Any]:
    """The page data: table rows, group scores, gaps, wave changes and peer inputs.

    `wave` keeps one wave only (as `compare --wave`); `municipality` and `peer_group` set
    the peer view's first choice (as `compare -m CODE --peer-group SPEC`).
    """
    comparison = compare_results(result, questionnaire, wave=wave, diff=diff)
    changes = _wave_changes(result, questionnaire, diff) if wave is None else []
    scored = {r.key: r for r in result.municipalities}
    waves = sorted({row.wave or "" for row in comparison.rows}, key=natural_key)

    keys: list[str] = []
    for row in sorted(comparison.rows, key=lambda r: r.key[0]):
        if row.key[0] not in keys:
            keys.append(row.key[0])
    index = {key: i for i, key in enumerate(keys)}
    names: dict[str, str | None] = {}
    codes: dict[str, str | None] = {}
    for row in comparison.rows:
        names.setdefault(row.key[0], row.municipality_name)
        codes.setdefault(row.key[0], row.municipality_code)

    rows = []
    for row in comparison.rows:
        source = scored[row.key]
        rows.append(
            {
                "m": index[row.key[0]],
                "w": waves.index(row.wave or ""),
                "n": row.respondents,
                "resp": [row.response[g.id] for g in questionnaire.groups],
                "supp": list(row.suppressed_groups),
                "cells": [_cell(row.overall), *(_cell(c) for c in row.areas)],
                "bands": [row.band_counts.get(b.id, 0) for b in comparison.bands],
                "groups": _group_scores(source, questionnaire),
                "gaps": _gaps(source, questionnaire),
            }
        )

    municipalities = [{"key": key, "code": codes[key], "name": names[key] or key} for key in keys]
    data: dict[str, Any] = {
        "version": DATA_VERSION,
        "lang": lang,
        "meta": {
            "tool": comparison.tool.get("version", ""),
            "questionnaire": comparison.questionnaire.id,
            "questionnaire_version": comparison.questionnaire.version,
            "fingerprint": comparison.questionnaire.fingerprint,
            "weighting": comparison.settings.weighting,
            "min_group_size": comparison.settings.min_group_size,
            "wave": wave,
        },
        "areas": [
            {
                "id": a.id,
                "number": a.number,
                "title": a.title.get(lang) or a.id,
                "short": a.short_title.get(lang) or a.id,
            }
            for a in comparison.areas
        ],
        "bands": [
            {
                "id": b.id,
                "label": b.label.get(lang) or b.id,
                "min": b.min,
                "max": b.max,
                "colour": b.colour,
            }
            for b in comparison.bands
        ],
        "groups": [{"id": g.id, "label": g.label.get(lang) or g.id} for g in questionnaire.groups],
        "quality": _quality_texts(lang),
        "waves": waves,
        "municipalities": municipalities,
        "rows": rows,
        "changes": {str(index[c["key"]]): c["data"] for c in changes if c["key"] in index},
        "peers": _peer_inputs(peers, keys, codes, lang),
        "initial": _initial(result, wave, municipality, peer_group),
    }
    return data


def _quality_texts(lang: str) -> dict[str, Any]:
    """The quality labels (ids, as every export writes them), their words and marks in the
    page's language ('' for betrouwbaar, which is shown by neither) and the legend."""
    return {
        "labels": list(QUALITY_LABELS),
        "words": [quality_word(label, lang) for label in QUALITY_LABELS],
        "marks": [quality_mark(label) for label in QUALITY_LABELS],
        "legend": QUALITY_LEGEND.get(lang, QUALITY_LEGEND["en"]),
    }


def _quality(label: str | None) -> int | None:
    """A label's index in `quality.labels`; None for a cell without a label."""
    return _QUALITY_INDEX.get(label) if label else None


def _cell(cell: Cell) -> list[Any]:
    """[score, shown score, band, status, reason, n, rank, shown percentile, ranked among,
    quality (index; None without a score)]."""
    return [
        cell.score,
        display(cell.score),
        cell.band,
        cell.status,
        cell.reason,
        cell.n,
        cell.rank,
        display(cell.percentile),
        cell.ranked_among,
        _quality(cell.quality) if cell.score is not None else None,
    ]


def _group_scores(result: MunicipalityResult, questionnaire: Questionnaire) -> list[list[Any]]:
    """Per area (overall first), per group: [shown score, band index, quality index], 's'
    or None.

    A suppressed group is only 's': its score, band and n never reach the page. None is a
    group without a score for another reason (no data, not asked).
    """
    bands = _band_index(questionnaire)
    out: list[list[Any]] = []
    overall = {s.group: s for s in result.overall}
    by_area = {a.area: {s.group: s for s in a.groups} for a in result.areas}
    per_area = [overall, *(by_area.get(a.id, {}) for a in questionnaire.areas)]
    for scores in per_area:
        row: list[Any] = []
        for group in questionnaire.groups:
            score = scores.get(group.id)
            if score is None or score.score is None:
                row.append("s" if score is not None and score.suppressed else None)
                continue
            band = score.band
            if band is None:
                found = questionnaire.band_for(score.score)
                band = found.id if found else None
            row.append([display(score.score), bands.get(band or ""), _quality(score.quality)])
        out.append(row)
    return out


def _band_index(questionnaire: Questionnaire) -> dict[str, int]:
    """Band id -> its place in the page's band list (low to high, as `band_infos`)."""
    return {b.id: i for i, b in enumerate(sorted(questionnaire.bands, key=lambda b: b.min))}


def _area_index(questionnaire: Questionnaire) -> dict[str, int]:
    """Area id -> its place in the page's area list, where 0 is the overall score."""
    return {OVERALL: 0, **{a.id: i + 1 for i, a in enumerate(questionnaire.areas)}}


def _gaps(result: MunicipalityResult, questionnaire: Questionnaire) -> list[list[Any]]:
    """Differences between (unsuppressed) groups: [area, higher group, lower group (indices),
    shown score of each, shown difference]."""
    areas = _area_index(questionnaire)
    groups = {g.id: i for i, g in enumerate(questionnaire.groups)}
    out = []
    for area in sorted(result.areas, key=lambda a: areas.get(a.area, 0)):
        for gap in area.gaps:
            out.append(
                [
                    areas[area.area],
                    groups[gap.group_a],
                    groups[gap.group_b],
                    display(gap.score_a),
                    display(gap.score_b),
                    display(gap.difference),
                ]
            )
    return out


def _wave_changes(
    result: ScoreResult, questionnaire: Questionnaire, diff: QuestionnaireDiff | None
) -> list[dict[str, Any]]:
    """Each municipality's changes between waves, exactly as `compare --by wave` has them."""
    if len({m.wave or "" for m in result.municipalities}) < 2:
        return []
    try:
        by_wave: Comparison = compare_results(result, questionnaire, by="wave", diff=diff)
    except CompareError as error:
        if any(p.code == "single-wave" for p in error.problems):
            return []
        raise
    waves = sorted({m.wave or "" for m in result.municipalities}, key=natural_key)
    areas = _area_index(questionnaire)
    groups = {ALL_GROUPS: -1, **{g.id: i for i, g in enumerate(questionnaire.groups)}}
    out = []
    for wave in by_wave.waves:
        key = wave.municipality_code or wave.municipality_name or ""
        # The groups' rows of the overall score are left out, as in compare's terminal table.
        items = [
            _change(c, areas, groups, waves)
            for c in wave.changes
            if c.group == ALL_GROUPS or c.area != OVERALL
        ]
        out.append(
            {"key": key, "data": {"waves": [waves.index(w) for w in wave.waves], "items": items}}
        )
    return out


def _change(
    change: Change, areas: dict[str, int], groups: dict[str, int], waves: list[str]
) -> list[Any]:
    """[area, group (-1 = all), from wave, to wave (indices), shown from, to, change, interval
    low, high, larger than chance (True/False/None), status]."""
    return [
        areas[change.area],
        groups[change.group],
        waves.index(change.from_wave),
        waves.index(change.to_wave),
        display(change.score_from),
        display(change.score_to),
        display(change.difference),
        display(change.ci_low),
        display(change.ci_high),
        change.significant,
        change.status,
    ]


def _peer_inputs(
    table: PeerTable | None, keys: list[str], codes: dict[str, str | None], lang: str
) -> dict[str, Any]:
    """What the page needs to choose peers as `select_peers` does, per municipality index.

    - `in_table`: the municipality has a row in the peers file (size class and nearest
      need that of the focal municipality);
    - `size_class`: its CBS size class (None without inhabitants);
    - `columns`: every characteristic, with its values grouped case-insensitively (as
      COLUMN=VALUE matches) and each municipality's value index (None when empty);
    - `z`: per numeric column the z-score of each municipality (scales over the whole peers
      file, sd with n - 1, as `_nearest`), None when it has no value; columns without
      spread are marked, as `_nearest` leaves them out.
    """
    base: dict[str, Any] = {"min": MIN_PEERS, "file": None}
    if table is None:
        return base
    in_table = [bool(codes[k]) and codes[k] in table.values for k in keys]
    classes: list[int | None] = []
    inhabitants = table.numeric.get(table.inhabitants_column or "", {})
    for key in keys:
        code = codes[key]
        value = inhabitants.get(code) if code else None
        classes.append(size_class(value)[0] if value is not None else None)
    columns = []
    for column in table.columns:
        groups: dict[str, int] = {}
        labels: list[str] = []
        per: list[int | None] = []
        for key in keys:
            code = codes[key]
            text = table.values[code][column] if code and code in table.values else ""
            if not text:
                per.append(None)
                continue
            folded = text.casefold()
            if folded not in groups:
                groups[folded] = len(labels)
                labels.append(text)
            per.append(groups[folded])
        # The spec matches the file's own text, so pick lists show one spelling per value.
        order = sorted(range(len(labels)), key=lambda i: _value_key(labels[i], column, table))
        remap = {old: new for new, old in enumerate(order)}
        numeric = column in table.numeric
        columns.append(
            {
                "id": column,
                "numeric": numeric,
                "values": [labels[i] for i in order],
                "of": [None if v is None else remap[v] for v in per],
                "number": [table.numeric[column].get(codes[k] or "") for k in keys]
                if numeric
                else None,
                "list": not numeric or len(labels) <= MAX_LIST_VALUES,
            }
        )
    z: dict[str, Any] = {}
    for column in sorted(table.numeric):
        values = list(table.numeric[column].values())
        mean = sum(values) / len(values)
        sd = (
            math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
            if len(values) > 1
            else 0.0
        )
        z[column] = {
            "spread": sd > 0,
            "z": [
                None
                if not sd or not codes[k] or codes[k] not in table.numeric[column]
                else (table.numeric[column][codes[k] or ""] - mean) / sd
                for k in keys
            ],
        }
    size_labels = {
        str(number): (
            f"CBS-grootteklasse {number}: {SIZE_CLASSES_NL[number]}"
            if lang == "nl"
            else f"CBS size class {number}: {label}"
        )
        for number, _, _, label in SIZE_CLASSES
    }
    return {
        **base,
        "file": table.source.replace("\\", "/").rsplit("/", 1)[-1],
        "in_table": in_table,
        "size_class": classes,
        "size_labels": size_labels,
        "has_inhabitants": table.inhabitants_column is not None,
        "columns": columns,
        "z": z,
        # Python 3.12 made sum() of floats compensated (Neumaier); the page adds up the
        # squared distances the same way as the Python that made it, to the last bit.
        "compensated_sum": sys.version_info >= (3, 12),
    }


def _value_key(text: str, column: str, table: PeerTable) -> tuple[Any, ...]:
    if column in table.numeric:
        number = parse_count(text) if column == table.inhabitants_column else parse_number(text)
        return (0, number if number is not None else 0.0, text)
    return (1, text.casefold())


def _initial(
    result: ScoreResult, wave: str | None, municipality: str | None, peer_group: str | None
) -> dict[str, Any]:
    """The peer view's first choice, from --municipality and --peer-group."""
    out: dict[str, Any] = {"focal": None, "method": None}
    if municipality:
        # The same lookup (and error) as `compare --municipality`.
        out["focal"] = find_municipality(selected_results(result, wave), municipality)
    if peer_group:
        spec = parse_peer_spec(peer_group)
        out["method"] = spec.method
        if spec.method == "column":
            out["column"] = spec.column
            out["value"] = spec.value
        elif spec.method == "nearest":
            out["k"] = spec.k
            out["nearest_columns"] = list(spec.nearest_columns)
        elif spec.method == "codes":
            out["codes"] = list(spec.codes)
    return out
