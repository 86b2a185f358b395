"""The response chapter's representativeness section: context, texts and its chart.

Built from `MunicipalityResult.weighting` alone (scoring/representativeness.py made it), so
the section can be tested on its own. The chart follows report/charts.py: hand-built SVG,
respondents as dark hatched bars next to the population as light open bars, so the two
stay apart in greyscale too.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from quickscan.questionnaire.models import Questionnaire
from quickscan.report.charts import (
    BASE_SIZE,
    INK,
    MUTED,
    WIDTH,
    Svg,
    _hatch,
    _hatch_layer,
    _image,
    _legend,
    text_width,
)
from quickscan.report.i18n import format_number, format_percent, format_percent_interval
from quickscan.results import MunicipalityResult, ScoreResult
from quickscan.scoring.representativeness import category_label, characteristic_label
from quickscan.wording import join_words

SAMPLE_FILL = "#3d5a80"
POPULATION_FILL = "#e4e9f0"

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Lijken de inwoners die meededen op de gemeente?",
        "intro": "De tabel zet per kenmerk de inwoners die de vragenlijst invulden naast alle "
        "inwoners van 18 jaar en ouder ({file}). Tussen haakjes staat de onzekerheid van het "
        "aandeel (95%-interval volgens Wilson).",
        "characteristic": "Kenmerk",
        "category": "Categorie",
        "respondents": "Respondenten",
        "sample": "Aandeel respondenten",
        "population": "Bevolking",
        "weighted": "Na weging",
        "legend_sample": "respondenten",
        "legend_population": "bevolking",
        "weights_none": "De scores in dit profiel zijn niet gewogen: elke inwoner telt even zwaar.",
        "weights_rake": "De scores van inwoners in dit profiel zijn gewogen naar {chars} van "
        "de bevolking (rakingmethode; gewichten begrensd tussen {low} en {high}). De weging "
        "maakt de steekproef minder precies: het ontwerpeffect is {deff}, zodat de {n} "
        "inwoners tellen als {n_eff} ongewogen respondenten.",
        "weights_unmatched": "De scores in dit profiel zijn niet gewogen: {file} heeft voor "
        "deze gemeente geen cijfers over de achtergrondkenmerken in het antwoordbestand.",
        "weights_column": "De scores van inwoners in dit profiel gebruiken de gewichten uit de "
        "kolom '{column}' van het antwoordbestand (ontwerpeffect {deff}, effectief {n_eff} "
        "van {n} inwoners).",
        "trimmed": "Bij {count} inwoners is het gewicht op de grens afgekapt.",
        "chart": "Aandeel per categorie: respondenten en bevolking",
    },
    "en": {
        "title": "Do the residents who took part resemble the municipality?",
        "intro": "Per characteristic, the table sets the residents who filled in the "
        "questionnaire next to all residents aged 18 or over ({file}). In brackets: the "
        "uncertainty of the share (Wilson 95% interval).",
        "characteristic": "Characteristic",
        "category": "Category",
        "respondents": "Respondents",
        "sample": "Share of respondents",
        "population": "Population",
        "weighted": "Weighted",
        "legend_sample": "respondents",
        "legend_population": "population",
        "weights_none": "The scores in this profile are not weighted: every resident counts "
        "the same.",
        "weights_rake": "Residents' scores in this profile are weighted to the population's "
        "{chars} (raking; weights limited to between {low} and {high}). Weighting makes the "
        "sample less precise: the design effect is {deff}, so the {n} residents count as "
        "{n_eff} unweighted respondents.",
        "weights_unmatched": "The scores in this profile are not weighted: {file} has no "
        "figures for this municipality on the background characteristics in the answer file.",
        "weights_column": "Residents' scores in this profile use the weights in column "
        "'{column}' of the answer file (design effect {deff}, effectively {n_eff} of {n} "
        "residents).",
        "trimmed": "For {count} residents the weight was cut off at the limit.",
        "chart": "Share per category: respondents and population",
    },
}


def representativeness_context(
    municipality: MunicipalityResult,
    score_result: ScoreResult,
    q: Questionnaire,
    lang: str,
) -> dict[str, Any] | None:
    """The section's texts, table rows and chart data; None without background data."""
    weighting = municipality.weighting
    if weighting is None:
        return None
    t = TEXTS.get(lang, TEXTS["nl"])
    info = score_result.weights
    rows = []
    chart_rows = []
    for comparison in weighting.representativeness:
        name = characteristic_label(q, comparison.characteristic, lang)
        for k, category in enumerate(comparison.categories):
            label = category_label(q, comparison.characteristic, category.category, lang)
            interval = format_percent_interval(
                category.sample_ci_low, category.sample_ci_high, lang
            )
            rows.append(
                {
                    "characteristic": name if k == 0 else "",
                    "first": k == 0,
                    "category": label,
                    "respondents": str(category.respondents),
                    "sample": format_percent(category.sample_share, lang),
                    "interval": interval,
                    "population": format_percent(category.population_share, lang),
                    "weighted": format_percent(category.weighted_share, lang),
                }
            )
            chart_rows.append(
                {
                    "group": name if k == 0 else "",
                    "label": label,
                    "sample": category.sample_share,
                    "population": category.population_share,
                }
            )
    deff = format_number(weighting.design_effect, lang, 2) if weighting.design_effect else ""
    n_eff = format_number(weighting.effective_n, lang, 0) if weighting.effective_n else ""
    # Raking that found nothing to rake on here leaves the numbers unweighted.
    unmatched = weighting.method == "rake" and not weighting.characteristics
    if unmatched:
        weights_text = t["weights_unmatched"].format(file=info.population_file or "")
    elif weighting.method == "rake":
        chars = join_words(
            [characteristic_label(q, c, lang).lower() for c in weighting.characteristics], lang
        )
        cap = info.cap or 0.0
        weights_text = t["weights_rake"].format(
            chars=chars,
            low=format_number(1 / cap, lang, 2) if cap else "",
            high=format_number(cap, lang, 0),
            deff=deff,
            n=weighting.respondents,
            n_eff=n_eff,
        )
    elif weighting.method.startswith("column:"):
        weights_text = t["weights_column"].format(
            column=weighting.method.removeprefix("column:"),
            deff=deff,
            n=weighting.respondents,
            n_eff=n_eff,
        )
    else:
        weights_text = t["weights_none"]
    if weighting.trimmed:
        weights_text += " " + t["trimmed"].format(count=weighting.trimmed)
    return {
        "title": t["title"],
        "intro": t["intro"].format(file=info.population_file or ""),
        "headers": t,
        "rows": rows,
        "weighted": weighting.method != "none" and not unmatched,
        "sentence": weighting.sentence.get(lang, ""),
        "weights_text": weights_text,
        "chart": {
            "rows": chart_rows,
            "legend": [t["legend_sample"], t["legend_population"]],
            "label": t["chart"],
        },
    }


def representativeness_chart(data: dict[str, Any], chart_id: str = "representativeness") -> Markup:
    """Two thin bars per category: respondents (dark, hatched) and population (light, open)."""
    rows: list[dict[str, Any]] = data["rows"]
    if not rows:
        return Markup("")
    size = BASE_SIZE
    pair_h, gap_h, bar_h, top, axis, legend_h = 17.0, 6.0, 6.0, 4.0, 18.0, 14.0
    groups = sum(1 for r in rows if r["group"])
    height = top + pair_h * len(rows) + gap_h * groups + axis + legend_h
    svg = Svg(WIDTH, height)
    group_w = max((text_width(r["group"], size, bold=True) for r in rows), default=0) + 8
    label_w = max(text_width(r["label"], size) for r in rows) + 8
    x0 = group_w + label_w + 4
    x1 = WIDTH - 34
    top_share = max(max(r["sample"] or 0, r["population"] or 0) for r in rows)
    limit = min(1.0, max(0.2, (int(top_share * 10) + 1) / 10))
    scale = (x1 - x0) / limit
    sample_bars = svg.layer(fill=SAMPLE_FILL, stroke=INK, stroke_width="0.4")
    population_bars = svg.layer(fill=POPULATION_FILL, stroke=INK, stroke_width="0.6")
    hatching = _hatch_layer(svg)
    y = top
    labels: list[tuple[float, float, str]] = []
    for row in rows:
        if row["group"]:
            y += gap_h
            svg.text(4, y + pair_h / 2, row["group"], size, weight="bold")
        mid = y + pair_h / 2
        svg.text(group_w + label_w, mid, row["label"], size, anchor="end")
        for share, bars, offset, hatch in (
            (row["sample"], sample_bars, -bar_h / 2 - 0.4, True),
            (row["population"], population_bars, bar_h / 2 + 0.4, False),
        ):
            if share is None:
                continue
            by = mid + offset - bar_h / 2
            bars.rect(x0, by, share * scale, bar_h)
            if hatch:
                _hatch(hatching, x0, by, share * scale, bar_h, (45,), spacing=2.4)
            labels.append((x0 + share * scale + 3, mid + offset, f"{round(share * 100):d}%"))
        y += pair_h
    for lx, ly, text in labels:
        svg.text(lx, ly, text, size - 1.5, fill=INK)
    bottom = y + 2
    ticks = svg.layer(stroke=MUTED, stroke_width="0.6")
    ticks.line(x0, bottom, x1, bottom)
    steps = int(round(limit * 10))
    for k in range(steps + 1):
        share = k / 10
        tx = x0 + share * scale
        ticks.line(tx, bottom, tx, bottom + 3)
        svg.text(tx, bottom + 9, f"{k * 10}%", size - 1, anchor="middle")

    def sample_key(kx: float, ky: float) -> None:
        svg.rect(kx + 2, ky - 4, 18, 8, SAMPLE_FILL, stroke=INK, stroke_width="0.4")
        _hatch(_hatch_layer(svg), kx + 2, ky - 4, 18, 8, (45,), spacing=2.4)

    def population_key(kx: float, ky: float) -> None:
        svg.rect(kx + 2, ky - 4, 18, 8, POPULATION_FILL, stroke=INK, stroke_width="0.6")

    legend = data.get("legend", ["", ""])
    _legend(svg, [(legend[0], sample_key), (legend[1], population_key)], height - 7)
    return _image(svg, chart_id, data.get("label", ""))
