"""The dashboard: `quickscan compare --html dashboard.html`, one self-contained offline page.

Three stages, as the PDF report: the data (`dashboard_data.build_dashboard_data`, compare's
own results), the page context here, and the packaged template
`report_templates/dashboard/` (HTML, CSS and the script, all inlined). The page loads
nothing: no fonts, no scripts, no images from anywhere. docs/compare.md describes it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from markupsafe import Markup

from quickscan.compare.dashboard_data import build_dashboard_data
from quickscan.compare.models import QuestionnaireDiff
from quickscan.compare.peers import PeerTable
from quickscan.compare.texts import strings as report_strings
from quickscan.questionnaire.models import Questionnaire
from quickscan.resources import templates_dir
from quickscan.results import ScoreResult

TEMPLATE = "dashboard/dashboard.html.j2"

TEXTS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Vergelijking van gemeenten",
        "skip": "Naar de inhoud",
        "views": "Weergaven",
        "tab_table": "Tabel",
        "tab_peers": "Vergelijkbare gemeenten",
        "tab_heatmap": "Overzicht per gebied",
        "tab_distributions": "Spreiding",
        "tab_municipality": "Gemeente",
        "meta_line": "Vragenlijst {questionnaire} {version} · {weighting} · groepen met minder "
        "dan {min} respondenten worden niet getoond · quickscan {tool}",
        "weighting_equal_groups": "groepen tellen even zwaar",
        "weighting_pooled": "alle respondenten tellen even zwaar",
        "table_title": "Alle gemeenten",
        "filters": "Filters voor de tabel",
        "search": "Zoek op naam of code",
        "search_placeholder": "bijv. GM0363",
        "wave": "Meting",
        "waves": "Metingen",
        "all_waves": "alle metingen",
        "no_wave": "(geen meting)",
        "band": "Oordeel",
        "any_band": "elk oordeel",
        "band_in": "Oordeel op",
        "any": "alle",
        "from": "van",
        "to": "tot en met",
        "download_csv": "Tabel downloaden (CSV)",
        "legend_intro": "Oordelen:",
        "code": "Code",
        "municipality": "Gemeente",
        "respondents": "Respondenten",
        "overall": "Totaal",
        "rank": "Positie",
        "score": "Score",
        "quality": "Kwaliteit",
        "suppressed": "niet getoond",
        "suppressed_group": "te weinig respondenten, niet getoond",
        "no_score": "geen score",
        "table_caption": "{shown} van {total} rijen; sorteer met de kolomkoppen",
        "rows_shown": "{shown} van {total} rijen",
        "show_more": "Nog {n} rijen tonen ({left} niet getoond)",
        "peers_title": "Een gemeente naast vergelijkbare gemeenten",
        "peers_intro": "Kies een gemeente en hoe de vergelijkbare gemeenten gekozen worden; "
        "dezelfde regels als quickscan compare --peer-group.",
        "focal": "Gemeente",
        "peer_method": "Vergelijkbaar op",
        "method_size_class": "grootteklasse (CBS)",
        "method_column": "een kenmerk",
        "method_nearest": "de K meest gelijkende",
        "method_codes": "zelf gekozen",
        "no_peers_file": "Zonder peers-bestand (--peers) kunt u alleen zelf gemeenten kiezen.",
        "characteristic": "Kenmerk",
        "value": "Waarde",
        "nearest_options": "Meest gelijkende gemeenten",
        "k": "Aantal (K)",
        "no_spread": "geen spreiding",
        "pick_peers": "Vergelijkbare gemeenten",
        "pick_help": "Kies met Ctrl of Shift meer gemeenten.",
        "inhabitants": "inwoners",
        "desc_codes": "{n} gemeenten, opgegeven op code",
        "desc_nearest": "de {k} meest gelijkende op {columns} (z-scores, euclidische afstand)",
        "warn_few_peers": "{code}: de vergelijkingsgroep ({description}) telt {n} gemeenten met "
        "resultaten, minder dan {min}; de cijfers zeggen weinig",
        "warn_missing_values": "{n} gemeenten missen een waarde voor {columns} en kunnen geen "
        "vergelijkbare gemeente zijn: {codes}",
        "err_not_in_file": "{code} staat niet in het peers-bestand",
        "err_no_value": "{code} heeft geen waarde voor {column}",
        "err_no_columns": "Kies minstens één kenmerk met spreiding.",
        "err_no_wave": "{name} heeft geen resultaten in meting {wave}.",
        "err_k": "K moet een heel getal van minstens 1 zijn.",
        "warning": "Let op",
        "peers_heading": "{name} naast vergelijkbare gemeenten, meting {wave}",
        "peers_summary": "Vergelijkingsgroep: {description}; {n} gemeenten met resultaten.",
        "peer_list": "De {n} vergelijkbare gemeenten",
        "distance": "afstand",
        "peer_table_caption": "{name} per gebied naast de vergelijkbare gemeenten",
        "area": "Gebied",
        "peer_mean": "Gemiddelde groep",
        "peer_median": "Mediaan groep",
        "peer_spread": "Laagste – hoogste",
        "difference": "Verschil met gemiddelde",
        "rank_among": "Positie in groep",
        "percentile_among": "Percentiel in groep",
        "peers_with_score": "Gemeenten met score",
        "chart": "Spreiding (grafiek)",
        "rank_of": "{rank} van {n}",
        "peer_chart_alt": "{area}: {n} vergelijkbare gemeenten van {low} tot {high}; "
        "de gekozen gemeente: {score}.",
        "heatmap_title": "Gemeenten × gebieden",
        "heatmap_intro": "Elk vak heeft de kleur én het patroon van het oordeel, met de score "
        "erin.",
        "heatmap_caption": "Oordeel per gemeente en gebied, meting {wave} ({n} gemeenten)",
        "dist_title": "Spreiding per gebied",
        "dist_intro": "Elke stip is een gemeente; gemeenten met bijna dezelfde score staan "
        "op elkaar gestapeld. Kies een gemeente om haar te markeren.",
        "mark": "Markeer gemeente",
        "nobody": "geen",
        "dist_alt": "{area}: {n} gemeenten met een score, van {low} tot {high}, mediaan "
        "{median}; {bands}.",
        "dist_alt_focal": "{name}: {score}, positie {rank} van {n}.",
        "municipality_title": "Eén gemeente",
        "profile": "Profiel",
        "wave_heading": "Meting {wave}",
        "respondents_line": "{n} respondenten:",
        "profile_caption": "Scores van {name} {wave} per gebied en groep",
        "all_groups": "Alle groepen",
        "gaps_title": "Verschillen tussen groepen",
        "gap_sentence": "{area}: {a} ({sa}) scoren {d} punt hoger dan {b} ({sb}).",
        "no_gaps": "Geen opvallende verschillen tussen groepen.",
        "changes_title": "Verandering tussen metingen",
        "no_changes": "Deze gemeente heeft één meting; er is geen verandering te tonen.",
        "changes_caption": "Verandering per gebied en groep voor {name}, {waves}",
        "group": "Groep",
        "change": "Verandering",
        "interval": "95%-interval",
        "interval_text": "{low} tot {high}",
        "verdict": "Toeval?",
        "larger_than_chance": "groter dan toeval",
        "may_be_chance": "kan toeval zijn",
        "no_interval": "geen interval",
        "footer": "Gemaakt met quickscan compare --html. De pagina bevat alleen scores per "
        "gebied en groep: geen antwoorden van respondenten en geen open antwoorden; groepen "
        "met te weinig respondenten staan er niet in.",
    },
    "en": {
        "title": "Comparison of municipalities",
        "skip": "Skip to the content",
        "views": "Views",
        "tab_table": "Table",
        "tab_peers": "Peers",
        "tab_heatmap": "Overview by area",
        "tab_distributions": "Distributions",
        "tab_municipality": "Municipality",
        "meta_line": "Questionnaire {questionnaire} {version} · {weighting} · groups under "
        "{min} respondents are not shown · quickscan {tool}",
        "weighting_equal_groups": "groups weigh equally",
        "weighting_pooled": "every respondent weighs equally",
        "table_title": "All municipalities",
        "filters": "Table filters",
        "search": "Search name or code",
        "search_placeholder": "e.g. GM0363",
        "wave": "Wave",
        "waves": "Waves",
        "all_waves": "all waves",
        "no_wave": "(no wave)",
        "band": "Band",
        "any_band": "any band",
        "band_in": "Band on",
        "any": "any",
        "from": "from",
        "to": "to",
        "download_csv": "Download the table (CSV)",
        "legend_intro": "Bands:",
        "code": "Code",
        "municipality": "Municipality",
        "respondents": "Respondents",
        "overall": "Overall",
        "rank": "Rank",
        "score": "Score",
        "quality": "Quality",
        "suppressed": "not shown",
        "suppressed_group": "too few respondents, not shown",
        "no_score": "no score",
        "table_caption": "{shown} of {total} rows; sort with the column headers",
        "rows_shown": "{shown} of {total} rows",
        "show_more": "Show {n} more rows ({left} not shown)",
        "peers_title": "A municipality among its peers",
        "peers_intro": "Choose a municipality and how its peers are chosen; the same rules "
        "as quickscan compare --peer-group.",
        "focal": "Municipality",
        "peer_method": "Peers by",
        "method_size_class": "size class (CBS)",
        "method_column": "a characteristic",
        "method_nearest": "the K nearest",
        "method_codes": "hand-picked",
        "no_peers_file": "Without a peers file (--peers) you can only pick peers by hand.",
        "characteristic": "Characteristic",
        "value": "Value",
        "nearest_options": "Nearest municipalities",
        "k": "Number (K)",
        "no_spread": "no spread",
        "pick_peers": "Peers",
        "pick_help": "Hold Ctrl or Shift to pick more municipalities.",
        "inhabitants": "inhabitants",
        "desc_codes": "{n} municipalities given by code",
        "desc_nearest": "the {k} nearest on {columns} (z-scores, Euclidean distance)",
        "warn_few_peers": "{code}: the peer group ({description}) has {n} municipalities with "
        "results, fewer than {min}; its figures say little",
        "warn_missing_values": "{n} municipalities lack a value for {columns} and cannot be "
        "nearest peers: {codes}",
        "err_not_in_file": "{code} is not in the peers file",
        "err_no_value": "{code} has no value for {column}",
        "err_no_columns": "Choose at least one characteristic with spread.",
        "err_no_wave": "{name} has no results in wave {wave}.",
        "err_k": "K must be a whole number of at least 1.",
        "warning": "Warning",
        "peers_heading": "{name} among its peers, wave {wave}",
        "peers_summary": "Peer group: {description}; {n} municipalities with results.",
        "peer_list": "The {n} peers",
        "distance": "distance",
        "peer_table_caption": "{name} per area against its peers",
        "area": "Area",
        "peer_mean": "Peer mean",
        "peer_median": "Peer median",
        "peer_spread": "Lowest – highest",
        "difference": "Difference from mean",
        "rank_among": "Rank among peers",
        "percentile_among": "Percentile among peers",
        "peers_with_score": "Peers with a score",
        "chart": "Spread (chart)",
        "rank_of": "{rank} of {n}",
        "peer_chart_alt": "{area}: {n} peers from {low} to {high}; the chosen municipality: "
        "{score}.",
        "heatmap_title": "Municipalities × areas",
        "heatmap_intro": "Each cell has the colour and the pattern of its band, with the "
        "score in it.",
        "heatmap_caption": "Band per municipality and area, wave {wave} ({n} municipalities)",
        "dist_title": "Distribution per area",
        "dist_intro": "Each dot is a municipality; municipalities with nearly the same score "
        "are stacked. Choose a municipality to mark it.",
        "mark": "Mark municipality",
        "nobody": "none",
        "dist_alt": "{area}: {n} municipalities with a score, from {low} to {high}, median "
        "{median}; {bands}.",
        "dist_alt_focal": "{name}: {score}, rank {rank} of {n}.",
        "municipality_title": "One municipality",
        "profile": "Profile",
        "wave_heading": "Wave {wave}",
        "respondents_line": "{n} respondents:",
        "profile_caption": "Scores of {name} {wave} per area and group",
        "all_groups": "All groups",
        "gaps_title": "Differences between groups",
        "gap_sentence": "{area}: {a} ({sa}) score {d} points higher than {b} ({sb}).",
        "no_gaps": "No notable differences between groups.",
        "changes_title": "Change between waves",
        "no_changes": "This municipality has one wave; there is no change to show.",
        "changes_caption": "Change per area and group for {name}, {waves}",
        "group": "Group",
        "change": "Change",
        "interval": "95% interval",
        "interval_text": "{low} to {high}",
        "verdict": "Chance?",
        "larger_than_chance": "larger than chance",
        "may_be_chance": "may be chance",
        "no_interval": "no interval",
        "footer": "Made with quickscan compare --html. The page holds scores per area and "
        "group only: no answers of respondents and no open answers; groups with too few "
        "respondents are not in it.",
    },
}


def dashboard_html(data: dict[str, Any]) -> str:
    """The page for dashboard data: template, style, script and data in one string."""
    from quickscan.report.render import make_environment

    lang = data["lang"]
    t = dict(TEXTS[lang])
    # 'Kwaliteit van een score: ~ indicatief, ? te weinig respons; een score zonder teken is
    # betrouwbaar.', as the comparison report writes it next to its tables.
    t["quality_legend"] = f"{report_strings(lang)['quality']}: {data['quality']['legend']}"
    meta = data["meta"]
    t["meta_line"] = t["meta_line"].format(
        questionnaire=meta["questionnaire"],
        version=meta["questionnaire_version"],
        weighting=t.get(f"weighting_{meta['weighting']}", meta["weighting"]),
        min=meta["min_group_size"],
        tool=meta["tool"],
    )
    folder = templates_dir() / "dashboard"
    colours = "".join(f"--band{i}: {b['colour']};" for i, b in enumerate(data["bands"]))
    css = f":root {{ {colours} }}\n" + (folder / "dashboard.css").read_text(encoding="utf-8")
    js = (folder / "dashboard.js").read_text(encoding="utf-8")
    peers = data["peers"]
    has_file = peers.get("file") is not None
    characteristics = peers.get("columns", [])
    nearest = [{"id": c, "spread": z["spread"]} for c, z in peers.get("z", {}).items()]
    methods = [
        ("size-class", t["method_size_class"], has_file and peers.get("has_inhabitants", False)),
        ("column", t["method_column"], bool(characteristics)),
        ("nearest", t["method_nearest"], any(c["spread"] for c in nearest)),
        ("codes", t["method_codes"], True),
    ]
    municipalities = [
        {
            "index": i,
            "code": m["code"],
            "label": m["name"]
            if not m["code"] or m["code"] == m["name"]
            else f"{m['code']} {m['name']}",
        }
        for i, m in enumerate(data["municipalities"])
    ]
    decimal = "," if lang == "nl" else "."
    bands = [
        {**b, "range": f"{_number(b['min'], decimal)}–{_number(b['max'], decimal)}"}
        for b in data["bands"]
    ]
    # What only the municipality page needs goes in a second block that the page reads
    # when that page is first opened, so the first view parses half the data.
    rows = [{k: v for k, v in row.items() if k not in ("groups", "gaps")} for row in data["rows"]]
    detail = {
        "groups": [row["groups"] for row in data["rows"]],
        "gaps": [row["gaps"] for row in data["rows"]],
        "changes": data["changes"],
    }
    main = {k: v for k, v in data.items() if k != "changes"}
    main |= {"rows": rows, "text": t, "csv_name": _csv_name(meta, lang)}
    context = {
        "lang": lang,
        "meta": meta,
        "t": t,
        "tabs": [
            (name, t[f"tab_{name}"])
            for name in ("table", "peers", "heatmap", "distributions", "municipality")
        ],
        "waves": data["waves"],
        "bands": bands,
        "area_choices": [t["overall"], *(f"{a['number']} {a['short']}" for a in data["areas"])],
        "characteristics": characteristics,
        "nearest_columns": nearest,
        "methods": methods,
        "has_peers_file": has_file,
        "municipalities": municipalities,
        "css": Markup(css),
        "js": Markup(js),
        "data_json": Markup(_json(main)),
        "detail_json": Markup(_json(detail)),
    }
    return make_environment().get_template(TEMPLATE).render(**context)


def _json(value: Any) -> str:
    """Compact JSON for a script element; '<' escaped so no text in it can close the element."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


def _number(value: float, decimal: str) -> str:
    text = f"{value:g}"
    return text.replace(".", decimal)


def _csv_name(meta: dict[str, Any], lang: str) -> str:
    base = "vergelijking" if lang == "nl" else "comparison"
    return f"{base}-{meta['questionnaire']}.csv"


def write_dashboard(
    result: ScoreResult,
    questionnaire: Questionnaire,
    path: Path | str,
    *,
    peers: PeerTable | None = None,
    lang: str = "nl",
    wave: str | None = None,
    municipality: str | None = None,
    peer_group: str | None = None,
    diff: QuestionnaireDiff | None = None,
    inputs: Sequence[Path | str] = (),
) -> Path:
    """Build the dashboard of a scored result and write it atomically to `path`."""
    from quickscan.output import write_text_atomic

    data = build_dashboard_data(
        result,
        questionnaire,
        peers=peers,
        lang=lang,
        wave=wave,
        municipality=municipality,
        peer_group=peer_group,
        diff=diff,
    )
    write_text_atomic(path, dashboard_html(data), inputs)
    return Path(path)
