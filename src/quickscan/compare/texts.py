"""Every fixed text of the comparison report, per language, in one place.

Templates reach them as `t.key`; a missing key is an error (StrictUndefined).
"""

from __future__ import annotations

from typing import Final

STRINGS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "doc_title": "Vergelijking lokale democratie",
        "cover_subtitle": "Quick Scan Lokale Democratie: gemeenten naast elkaar",
        "wave_title": "Ontwikkeling lokale democratie",
        "wave_subtitle": "Quick Scan Lokale Democratie: metingen naast elkaar",
        "page": "Pagina",
        "of": "van",
        "date": "Datum",
        "questionnaire": "Vragenlijst",
        "version": "versie",
        "fingerprint": "Vingerafdruk",
        "municipalities": "Gemeenten",
        "rows": "Rijen (gemeente en meting)",
        "waves": "Metingen",
        "weighting": "Weging",
        "weighting_equal_groups": "groepen tellen even zwaar",
        "weighting_pooled": "alle respondenten tellen even zwaar",
        "min_group_size": "Kleinste getoonde groep",
        "respondents_short": "resp.",
        "focal": "Uitgelichte gemeente",
        "peer_group": "Vergelijkingsgroep",
        "sec_overview": "Overzicht",
        "heatmap_alt": (
            "Heatmap van {n} rijen naar scoreklasse, per kolom: {stats}. Elke score staat in de "
            "tabel ‘{table}’."
        ),
        "sec_heatmap": "Alle gemeenten en aandachtsgebieden",
        "heatmap_intro": (
            "Elke rij is een gemeente, elke kolom een aandachtsgebied; elke cel heeft de kleur "
            "en de arcering van zijn scoreklasse, met de score erin. Grijs gearceerd: geen "
            "score (te weinig respondenten of geen gegevens). De rijen staan in de volgorde "
            "van de tabel verderop."
        ),
        "heatmap_rows": "gemeenten, van hoog naar laag",
        "sec_distribution": "Spreiding per aandachtsgebied",
        "distribution_intro": (
            "Elke stip is een gemeente. De verticale streep is het gemiddelde van de "
            "vergeleken gemeenten. De achtergrond toont de scoreklassen."
        ),
        "sec_table": "Scores, rangen en scoreklassen",
        "table_intro": (
            "Gesorteerd op {sort}. Per cel de score en daaronder de rang; rang 1 is de "
            "hoogste score, gelijke scores delen de beste rang. 's' = onderdrukt (te weinig "
            "respondenten), '–' = geen score. Rangen gelden binnen dezelfde meting."
        ),
        "overall": "Totaal",
        "rank": "rang",
        "percentile": "percentiel",
        "bands": "Klassen",
        "municipality": "Gemeente",
        "wave": "Meting",
        "n": "n",
        "sec_areas": "Per aandachtsgebied",
        "quality": "Kwaliteit van een score",
        "areas_quality": "Kwaliteit van de scores in de lijsten:",
        "area_stats": "{n} gemeenten met een score; gemiddelde {mean}, mediaan {median}, "
        "laagste {min}, hoogste {max}.",
        "area_missing": "{n} zonder score.",
        "highest": "Hoogste scores",
        "lowest": "Laagste scores",
        "all_scores": "Alle scores",
        "focal_position": "{name}: score {score}, rang {rank} van {among}, percentiel {pct}.",
        "focal_no_score": "{name}: geen score op dit gebied.",
        "sec_peers": "Vergelijking met de vergelijkingsgroep",
        "peers_intro": (
            "{name} naast {n} vergelijkingsgemeenten ({description}): {codes}. Het "
            "percentiel is het deel van de vergelijkingsgemeenten met een lagere score "
            "(gelijke scores tellen half)."
        ),
        "peers_few": "Let op: minder dan 5 vergelijkingsgemeenten; de cijfers zeggen weinig.",
        "area": "Aandachtsgebied",
        "score": "Score",
        "peer_mean": "Gemiddelde groep",
        "difference": "Verschil",
        "peer_percentile": "Percentiel in groep",
        "sec_waves": "Ontwikkeling tussen metingen",
        "waves_intro": (
            "Verandering per aandachtsgebied (alle groepen samen) met een 95%-"
            "betrouwbaarheidsinterval. Vergeleken wordt op de groepen met een score in beide "
            "metingen, zodat een groep die er maar één keer bij is geen verandering maakt. "
            "Sluit het interval 0 uit, dan is de verandering groter dan toeval alleen "
            "verklaart."
        ),
        "change": "Verandering",
        "earlier": "Eerder",
        "later": "Later",
        "interval": "95%-interval",
        "verdict": "Oordeel",
        "larger_than_chance": "groter dan toeval",
        "may_be_chance": "kan toeval zijn",
        "no_interval": "geen interval",
        "no_comparison": "geen vergelijking",
        "sec_items": "Veranderde vragenlijst",
        "items_intro": (
            "De metingen gebruikten verschillende vragenlijsten. Vergeleken is alleen op de "
            "{n} vragen die in elke meting gelijk waren."
        ),
        "added": "toegevoegd",
        "removed": "vervallen",
        "changed": "gewijzigd",
        "areas_left_out": "Niet vergeleken (geen gelijke vragen): {areas}.",
        "areas_reduced": "Op minder vragen dan gewoonlijk: {areas}.",
        "sec_method": "Verantwoording",
        "method_rank": (
            "Rang: 1 is de hoogste score onder de vergeleken gemeenten van dezelfde meting; "
            "gelijke scores delen de beste rang en de volgende rang schuift op (8,0 7,0 7,0 "
            "6,0 geeft 1 2 2 4)."
        ),
        "method_percentile": (
            "Percentiel: het deel van de andere vergeleken gemeenten met een lagere score, "
            "waarbij gelijke scores half tellen, maal 100. De hoogste van vijf gemeenten heeft "
            "percentiel 100 (hoger dan alle 4 andere), de laagste 0 (lager dan alle 4)."
        ),
        "method_missing": (
            "Onderdrukte scores (een groep met te weinig respondenten) en ontbrekende scores "
            "tellen niet mee in rangen en percentielen en worden nooit als 0 getoond."
        ),
        "method_once": (
            "Alle gemeenten zijn in één keer berekend met dezelfde instellingen; de cijfers "
            "per gemeente zijn dezelfde als wanneer de gemeente alleen wordt berekend."
        ),
        "warnings": "Waarschuwingen",
        "legend_focal": "uitgelichte gemeente",
        "legend_peer": "vergelijkingsgemeente",
        "legend_other": "andere gemeente",
        "legend_mean": "gemiddelde",
        "no_score_count": "{n} zonder score",
        "trend_caption": "Scores per meting",
    },
    "en": {
        "doc_title": "Comparison of local democracy",
        "cover_subtitle": "Quick Scan of Local Democracy: municipalities side by side",
        "wave_title": "Local democracy over time",
        "wave_subtitle": "Quick Scan of Local Democracy: waves side by side",
        "page": "Page",
        "of": "of",
        "date": "Date",
        "questionnaire": "Questionnaire",
        "version": "version",
        "fingerprint": "Fingerprint",
        "municipalities": "Municipalities",
        "rows": "Rows (municipality and wave)",
        "waves": "Waves",
        "weighting": "Weighting",
        "weighting_equal_groups": "groups weigh equally",
        "weighting_pooled": "every respondent weighs equally",
        "min_group_size": "Smallest group shown",
        "respondents_short": "resp.",
        "focal": "Focal municipality",
        "peer_group": "Peer group",
        "sec_overview": "Overview",
        "heatmap_alt": (
            "Heat map of {n} rows by score band, per column: {stats}. Every score is in the "
            "table ‘{table}’."
        ),
        "sec_heatmap": "All municipalities and focus areas",
        "heatmap_intro": (
            "Each row is a municipality, each column a focus area; each cell has the colour "
            "and hatching of its band, with the score in it. Grey hatching: no score (too few "
            "respondents or no data). Rows are in the order of the table further on."
        ),
        "heatmap_rows": "municipalities, high to low",
        "sec_distribution": "Spread per focus area",
        "distribution_intro": (
            "Each dot is a municipality. The vertical stroke is the mean of the compared "
            "municipalities. The background shows the score bands."
        ),
        "sec_table": "Scores, ranks and bands",
        "table_intro": (
            "Sorted by {sort}. Each cell shows the score and below it the rank; rank 1 is the "
            "highest score, tied scores share the best rank. 's' = suppressed (too few "
            "respondents), '–' = no score. Ranks are within the same wave."
        ),
        "overall": "Overall",
        "rank": "rank",
        "percentile": "percentile",
        "bands": "Bands",
        "municipality": "Municipality",
        "wave": "Wave",
        "n": "n",
        "sec_areas": "Per focus area",
        "quality": "Quality of a score",
        "areas_quality": "Quality of the scores in the lists:",
        "area_stats": "{n} municipalities with a score; mean {mean}, median {median}, lowest "
        "{min}, highest {max}.",
        "area_missing": "{n} without a score.",
        "highest": "Highest scores",
        "lowest": "Lowest scores",
        "all_scores": "All scores",
        "focal_position": "{name}: score {score}, rank {rank} of {among}, percentile {pct}.",
        "focal_no_score": "{name}: no score in this area.",
        "sec_peers": "Against the peer group",
        "peers_intro": (
            "{name} next to {n} peer municipalities ({description}): {codes}. The percentile "
            "is the share of peers with a lower score (ties count half)."
        ),
        "peers_few": "Note: fewer than 5 peers; the figures say little.",
        "area": "Focus area",
        "score": "Score",
        "peer_mean": "Peer mean",
        "difference": "Difference",
        "peer_percentile": "Percentile among peers",
        "sec_waves": "Change between waves",
        "waves_intro": (
            "Change per focus area (all groups together) with a 95% confidence interval. "
            "Waves are compared on the groups with a score in both, so a group present only "
            "once makes no change. When the interval excludes 0, the change is larger than "
            "chance alone explains."
        ),
        "change": "Change",
        "earlier": "Earlier",
        "later": "Later",
        "interval": "95% interval",
        "verdict": "Verdict",
        "larger_than_chance": "larger than chance",
        "may_be_chance": "may be chance",
        "no_interval": "no interval",
        "no_comparison": "no comparison",
        "sec_items": "Changed questionnaire",
        "items_intro": (
            "The waves used different questionnaires. They are compared only on the {n} "
            "questions that were identical in every wave."
        ),
        "added": "added",
        "removed": "removed",
        "changed": "changed",
        "areas_left_out": "Not compared (no identical questions): {areas}.",
        "areas_reduced": "On fewer questions than usual: {areas}.",
        "sec_method": "Method",
        "method_rank": (
            "Rank: 1 is the highest score among the compared municipalities of the same wave; "
            "tied scores share the best rank and the next rank skips (8.0 7.0 7.0 6.0 gives "
            "1 2 2 4)."
        ),
        "method_percentile": (
            "Percentile: the share of the other compared municipalities with a lower score, "
            "ties counting half, times 100. The highest of five municipalities has percentile "
            "100 (higher than all 4 others), the lowest 0 (lower than all 4)."
        ),
        "method_missing": (
            "Suppressed scores (a group with too few respondents) and missing scores are left "
            "out of ranks and percentiles and are never shown as 0."
        ),
        "method_once": (
            "All municipalities were scored in one pass with the same settings; each "
            "municipality's figures are the same as when it is scored on its own."
        ),
        "warnings": "Warnings",
        "legend_focal": "focal municipality",
        "legend_peer": "peer municipality",
        "legend_other": "other municipality",
        "legend_mean": "mean",
        "no_score_count": "{n} without a score",
        "trend_caption": "Scores per wave",
    },
}


def strings(lang: str) -> dict[str, str]:
    try:
        return STRINGS[lang]
    except KeyError:
        raise ValueError(f"no comparison texts for language {lang!r}") from None
