"""Every fixed text of the report, per language, in one place.

Texts that come from the questionnaire (area titles, tips, item texts) are not here: they
carry their own translations. Templates reach these strings as `t.key`; a missing key is an
error (StrictUndefined), so a forgotten translation cannot slip through silently.
"""

from __future__ import annotations

from typing import Final

MONTHS: Final[dict[str, tuple[str, ...]]] = {
    "nl": (
        "januari", "februari", "maart", "april", "mei", "juni",
        "juli", "augustus", "september", "oktober", "november", "december",
    ),
    "en": (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip

# --- quality labels (scoring.uncertainty.QUALITY_LABELS; docs/methodology.md 14.7) ---------
#: Each label in a report's words; the ids (Dutch) stay as they are in every export and in
#: the terminal.
QUALITY_WORDS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "betrouwbaar": "betrouwbaar",
        "indicatief": "indicatief",
        "te weinig respons": "te weinig respons",
    },
    "en": {
        "betrouwbaar": "reliable",
        "indicatief": "indicative",
        "te weinig respons": "too few responses",
    },
}
#: The mark after a score in a dense table (terminal, radar table, comparison report).
#: 'betrouwbaar' has none, and is shown by no word either: every legend says so.
QUALITY_MARKS: Final[dict[str, str]] = {"indicatief": "~", "te weinig respons": "?"}


def quality_word(label: str | None, lang: str) -> str:
    """The label in the report's language, or '' for 'betrouwbaar' and for no label."""
    if not QUALITY_MARKS.get(label or ""):
        return ""
    return QUALITY_WORDS.get(lang, QUALITY_WORDS["en"]).get(label or "", label or "")


def quality_mark(label: str | None) -> str:
    """'~', '?' or '' (betrouwbaar, or no label) for a quality label."""
    return QUALITY_MARKS.get(label or "", "")


def _marks_legend(lang: str | None) -> str:
    """'~ indicatief, ? te weinig respons'; with lang None, in the label ids (terminal)."""
    words = QUALITY_WORDS[lang or "nl"]
    return ", ".join(f"{mark} {words[label]}" for label, mark in QUALITY_MARKS.items())


#: The terminal's legend of the marks; it names the label ids, as every export does.
_TERMINAL_MARKS = {
    "nl": f"{_marks_legend(None)} (anders betrouwbaar)",
    "en": f"{_marks_legend(None)} (otherwise betrouwbaar)",
}
#: The reports' legend of the marks, in their words.
QUALITY_LEGEND: Final[dict[str, str]] = {
    "nl": f"{_marks_legend('nl')}; een score zonder teken is betrouwbaar.",
    "en": f"{_marks_legend('en')}; a score without a mark is reliable.",
}

STRINGS: Final[dict[str, dict[str, str]]] = {
    "nl": {
        # cover and running header
        "doc_title": "Profiel lokale democratie",
        "cover_subtitle": "Uitkomsten van de Quick Scan Lokale Democratie",
        "municipality": "Gemeente",
        "cbs_code": "CBS-code",
        "wave": "Meting",
        "no_wave": "enkele meting",
        "report_date": "Datum",
        "questionnaire": "Vragenlijst",
        "version": "versie",
        "fingerprint": "Vingerafdruk",
        "respondents": "Respondenten",
        "cover_note": (
            "Dit profiel laat zien hoe raadsleden, collegeleden, ambtenaren en inwoners de "
            "lokale democratie in hun gemeente ervaren. Het is bedoeld als startpunt voor "
            "het gesprek over wat goed gaat en wat beter kan."
        ),
        "page": "pagina",
        "of": "van",
        "contents": "Inhoud",
        "guide_title": "Leeswijzer",
        "guide_text": (
            "Hoofdstuk 1 geeft het beeld op één pagina. Daarna volgen de respons en per "
            "aandachtsgebied de scores, de antwoorden op de afzonderlijke vragen, de verschillen "
            "tussen groepen en tips die passen bij het oordeel. De verbeteragenda is bedoeld om "
            "tijdens het gesprek over de uitkomsten in te vullen. De bijlage beschrijft hoe de "
            "scores zijn berekend."
        ),
        "guide_scores": (
            "Alle scores lopen van 0 (zeer negatief) tot 10 (zeer positief). Het oordeel bij "
            "een score:"
        ),
        "guide_quality": (
            "Rust een score op weinig respondenten of is zijn interval breed, dan staat er "
            "‘indicatief’ of ‘te weinig respons’ bij (in de tabel van hoofdstuk 1: "
            f"{_marks_legend('nl')}). Een score zonder zo’n label is betrouwbaar; de regel "
            "staat in de bijlage."
        ),
        "quality_legend": QUALITY_LEGEND["nl"],
        # sections
        "sec_summary": "Samenvatting",
        "sec_response": "Respons",
        "sec_areas": "De zeven aandachtsgebieden",
        "sec_differences": "Verschillen tussen groepen",
        "sec_notable": "Opmerkelijke resultaten",
        "sec_maatwerk": "Maatwerkvragen",
        "sec_open": "Open antwoorden",
        "sec_agenda": "Verbeteragenda",
        "sec_appendix": "Bijlage: verantwoording",
        # summary
        "overall_score": "Totaalscore",
        "overall_intro": (
            "De totaalscore is het gemiddelde van de zeven aandachtsgebieden, op een schaal "
            "van 0 tot 10."
        ),
        "out_of_ten": "van 10",
        "band": "Oordeel",
        "radar_caption": (
            "Scores per aandachtsgebied (0-10). De dikke lijn is de gemeente als geheel, de "
            "andere lijnen zijn de groepen."
        ),
        "radar_alt": "Totaalscore per aandachtsgebied:",
        "items_alt": "{title}, antwoorden per vraag (alle groepen samen, zonder ‘weet niet’; "
        "tussen haakjes het 95%-interval):",
        "radar_table_caption": "De scores uit de figuur per aandachtsgebied en groep.",
        "strongest": "Sterkste gebieden",
        "weakest": "Zwakste gebieden",
        "main_findings": "Wat valt op",
        "no_findings": "Er zijn geen opmerkelijke resultaten gevonden.",
        "more_findings": "Alle opmerkelijke resultaten staan in hoofdstuk {chapter}.",
        "no_score": "geen score",
        "combined": "Gemeente totaal",
        "combined_short": "Totaal",
        # response
        "response_intro": (
            "In totaal vulden {n} respondenten de vragenlijst in. De tabel laat per groep zien "
            "hoeveel mensen meededen en hoe vaak zij ‘weet niet’ antwoordden. Tussen haakjes "
            "staat het 95%-interval van dat aandeel (volgens Wilson)."
        ),
        "group": "Groep",
        "n_respondents": "Aantal",
        "shown": "Getoond",
        "yes": "ja",
        "no": "nee",
        "dont_know_share": "Weet niet",
        "total": "Totaal",
        "reason": "Toelichting",
        "reason_small_group": (
            "minder dan {min} respondenten; niet getoond om de privacy te beschermen"
        ),
        "reason_no_data": "geen bruikbare antwoorden",
        "suppressed_title": "Niet getoonde groepen",
        "suppressed_text": (
            "Van een groep met minder dan {min} respondenten tonen we geen scores, zodat "
            "niemand herleidbaar is. Hun antwoorden tellen daarom ook niet mee in de scores "
            "van de gemeente als geheel."
        ),
        "no_suppressed": "Alle groepen zijn groot genoeg om hun scores te tonen.",
        "snapshot_title": "Een momentopname",
        "snapshot_text": (
            "De Quick Scan is een momentopname en geen representatief onderzoek. De "
            "deelnemers hebben zich zelf aangemeld of zijn gevraagd mee te doen; hun beeld "
            "hoeft niet dat van alle inwoners of medewerkers te zijn. Kleine verschillen "
            "tussen scores zeggen daarom weinig. Gebruik de uitkomsten om het gesprek te "
            "voeren, niet als eindoordeel."
        ),
        # area section
        "area": "Aandachtsgebied",
        "area_short": "Gebied",
        "score": "Score",
        "ci": "95%-betrouwbaarheidsinterval",
        "ci_short": "95%-interval",
        "groups_chart_caption": (
            "Score per groep met 95%-betrouwbaarheidsinterval. De verticale lijnen markeren de "
            "grenzen tussen de oordelen."
        ),
        "items_chart_caption": (
            "Verdeling van de antwoorden per vraag (alle groepen samen, zonder ‘weet niet’). "
            "Links van de middellijn staan de oneens-antwoorden, rechts de eens-antwoorden."
        ),
        "items_title": "De vragen",
        "item": "Vraag",
        "item_id": "Nr.",
        "reverse_note": "omgekeerd gescoord: eens is ongunstig",
        "reverse_mark": "omgekeerd",
        "gaps_title": "Verschillen tussen groepen",
        "gap_sentence": "{a} ({sa}) scoren {d} punt hoger dan {b} ({sb}).",
        "no_gaps": "Geen verschillen tussen groepen van {threshold} punt of meer.",
        "tips_title": "Tips bij dit oordeel",
        "offerings_title": "Aanbod van Democratie in Actie",
        "no_tips": "Voor dit oordeel zijn geen tips opgenomen.",
        "alpha_low": "Let op: de vragen van dit gebied hangen weinig samen (alfa {alpha}).",
        "n_short": "n",
        "not_shown": "niet getoond",
        # differences
        "differences_intro": (
            "Deze tabel zet per aandachtsgebied de scores van twee groepen tegen elkaar af. "
            "Een positief getal betekent dat de eerste groep hoger scoort. Verschillen van "
            "{threshold} punt of meer zijn vet gedrukt en omkaderd."
        ),
        "pair": "Groepen",
        "differences_none": "Er zijn geen groepen om te vergelijken.",
        # notable
        "notable_intro": (
            "Deze resultaten springen eruit. Bij elk resultaat staat de regel waardoor het "
            "is geselecteerd."
        ),
        "rule": "Regel",
        "rule_gap": "verschil tussen twee groepen van {gap} punt of meer",
        "rule_low_band": "gebied met het oordeel ‘{band}’",
        "rule_dont_know": "‘weet niet’ bij meer dan {share} van de antwoorden",
        "rule_strongest_item": (
            "een van de {top} vragen die het hoogst scoren ten opzichte van wat dezelfde "
            "groepen gemiddeld geven"
        ),
        "rule_weakest_item": (
            "een van de {top} vragen die het laagst scoren ten opzichte van wat dezelfde "
            "groepen gemiddeld geven"
        ),
        "rule_low_alpha": "samenhang van de vragen (alfa) lager dan {alpha}",
        # maatwerk
        "maatwerk_intro": (
            "Deze vragen heeft de gemeente zelf toegevoegd. Ze tellen niet mee in de scores "
            "van de aandachtsgebieden."
        ),
        # open answers
        "open_intro": (
            "De antwoorden op de open vragen staan hieronder zoals ze zijn gegeven, met twee "
            "aanpassingen: persoonsgegevens zijn weggelaten en lange antwoorden zijn ingekort "
            "tot {limit} tekens."
        ),
        # {items}: "1 naam en 2 e-mailadressen" (report/open_answers.py: count_phrase)
        "redacted_summary": (
            "Weggelaten persoonsgegevens: {items}. Op hun plaats staat tussen haken wat er "
            "is weggehaald, zoals {example}."
        ),
        "redacted_none": "Er zijn geen persoonsgegevens aangetroffen.",
        "redacted_none_reviewed": (
            "Er zijn geen persoonsgegevens aangetroffen in de goedgekeurde antwoorden."
        ),
        "review_summary": "Na controle getoond: {published} van de {total} antwoorden.",
        "review_left_out": "Niet goedgekeurd en daarom weggelaten: {n}.",
        "answers_count_one": "1 antwoord",
        # the HTML profile on a screen (report/screen.py, screen.css.j2)
        "skip_to_content": "Naar de inhoud",
        "table_region": "Tabel",
        "chart_region": "Grafiek",
        "no_open_answers": "Niemand heeft deze vraag beantwoord.",
        "answers_count": "{n} antwoorden",
        # agenda
        "agenda_intro": (
            "Vul deze agenda samen in tijdens het gesprek over de uitkomsten. De zwakste "
            "gebieden en hun tips staan er alvast in als vertrekpunt."
        ),
        "priority": "Prioriteit",
        "action": "Actie",
        "owner": "Wie",
        "deadline": "Wanneer klaar",
        "measure": "Hoe weten we dat het werkt",
        "agenda_suggestion": "Suggesties",
        # appendix
        "method_title": "Werkwijze in het kort",
        "method_scale": (
            "Antwoorden op de schaal ‘{scale}’ ({options}) worden omgerekend naar een score van "
            "0 tot 10; ‘{dont_know}’ telt niet mee. Bij vragen die omgekeerd zijn geformuleerd "
            "wordt de schaal omgedraaid."
        ),
        "method_min_valid": (
            "Een respondent krijgt alleen een score voor een gebied als hij minstens {share} "
            "van de vragen van dat gebied inhoudelijk heeft beantwoord."
        ),
        "method_suppression": (
            "Groepen met minder dan {min} respondenten worden niet apart getoond."
        ),
        "method_weighting_equal_groups": (
            "De score van de gemeente is het gemiddelde van de groepsscores: elke groep telt "
            "even zwaar, hoe groot hij ook is."
        ),
        "method_weighting_pooled": (
            "De score van de gemeente is het gemiddelde over alle respondenten samen: grotere "
            "groepen tellen zwaarder."
        ),
        "method_bands": "De oordelen: {bands}.",
        "method_gap": (
            "Een verschil tussen groepen geldt als opvallend vanaf {gap} punten. Een gebied of "
            "vraag met ‘weet niet’ bij meer dan {share} van de antwoorden wordt gemeld."
        ),
        "method_ci": (
            "Het 95%-betrouwbaarheidsinterval geeft aan hoe zeker een score is: hoe kleiner "
            "de groep, hoe breder het interval. Het neemt aan dat wie antwoordde een "
            "toevallige keuze uit de groep is; dat mensen zelf kozen mee te doen, kan het "
            "niet meten. Is de grootte van een groep bekend, dan telt mee dat bijna de hele "
            "raad of het hele college antwoordde."
        ),
        "method_quality": (
            "Bij elke score staat hoe zeker hij is. Betrouwbaar: een effectief aantal "
            "respondenten van minstens {reliable_n} en een 95%-interval van hoogstens "
            "{reliable_half} punt naar elke kant. Indicatief: minstens {indicative_n} en "
            "hoogstens {indicative_half} punt. Anders: te weinig respons. Een totaalscore over "
            "de gebieden krijgt het label van het minst zekere gebied. Alleen ‘indicatief’ en "
            "‘te weinig respons’ staan bij de scores; een score zonder label is betrouwbaar."
        ),
        "alpha_title": "Samenhang van de vragen per gebied",
        "alpha_intro": (
            "Cronbachs alfa geeft aan of de vragen van een gebied hetzelfde meten, berekend "
            "binnen de getoonde groepen. Onder {alpha} is de samenhang zwak en is de "
            "gebiedsscore minder betrouwbaar."
        ),
        "alpha": "Alfa",
        "alpha_items": "Vragen",
        "alpha_weak": "zwak",
        "items_appendix_note": (
            "Elke vraag in een paar woorden; de volledige tekst staat in de tabel bij het "
            "aandachtsgebied."
        ),
        "items_appendix_title": "De vragen van de vragenlijst",
        "asked_to": "Gesteld aan",
        "all_groups": "alle groepen",
        "open_questions_title": "Open vragen",
        "sources_title": "Herkomst",
        "input_file": "Antwoordbestand",
        "rows": "rijen",
        "software": "Gemaakt met quickscan {version}",
        "warnings_title": "Meldingen bij de berekening",
        "warn_no_area_score": "‘{area}’ heeft geen score voor de gemeente als geheel.",
        "warn_no_overall": "Er is geen totaalscore: niet elk gebied heeft een score.",
        "legend_groups": "Groepen",
        # benchmark (quickscan report --benchmark)
        "bench_title": "Vergelijking met {n} gemeenten",
        "bench_intro": "Vergeleken met: {label}.",
        "bench_area": "Aandachtsgebied",
        "bench_own": "Eigen score",
        "bench_mean": "Gemiddelde vergelijkingsgroep",
        "bench_percentile": "Percentiel",
        "bench_percentile_note": (
            "Het percentiel is het deel van de vergelijkingsgemeenten met een lagere score "
            "(gelijke scores tellen half)."
        ),
        "bench_overall": "Totaalscore",
        "bench_legend": "gemiddelde vergelijkingsgroep ({mean})",
        "bench_no_score": "geen score voor deze gemeente",
        "bench_not_comparable": "niet te vergelijken: de vragen zijn veranderd",
        "bench_no_peers": "te weinig scores in de vergelijkingsgroep",
        "bench_warn_partial": (
            "De vergelijkingsgroep is gemaakt met een eerdere versie van de vragenlijst; "
            "alleen de aandachtsgebieden met dezelfde vragen worden vergeleken."
        ),
        "bench_warn_settings": (
            "De vergelijkingsgroep is met andere instellingen berekend (weging of minimale "
            "groepsgrootte): {detail}."
        ),
    },
    "en": {
        "doc_title": "Local democracy profile",
        "cover_subtitle": "Results of the Quick Scan of Local Democracy",
        "municipality": "Municipality",
        "cbs_code": "CBS code",
        "wave": "Wave",
        "no_wave": "single wave",
        "report_date": "Date",
        "questionnaire": "Questionnaire",
        "version": "version",
        "fingerprint": "Fingerprint",
        "respondents": "Respondents",
        "cover_note": (
            "This profile shows how council members, the executive, civil servants and "
            "residents experience local democracy in their municipality. It is meant as a "
            "starting point for a conversation about what works well and what could be better."
        ),
        "page": "page",
        "of": "of",
        "contents": "Contents",
        "guide_title": "How to read this profile",
        "guide_text": (
            "Chapter 1 gives the picture on one page. Then follow the response and, for each "
            "focus area, the scores, the answers to the separate questions, the differences "
            "between groups and tips that fit the rating. The improvement agenda is meant to be "
            "filled in while discussing the results. The appendix explains how the scores were "
            "calculated."
        ),
        "guide_scores": (
            "All scores run from 0 (very negative) to 10 (very positive). The rating of a score:"
        ),
        "guide_quality": (
            "A score that rests on few respondents or has a wide interval is marked "
            "‘indicative’ or ‘too few responses’ (in the table of chapter 1: "
            f"{_marks_legend('en')}). A score without such a label is reliable; the rule is in "
            "the appendix."
        ),
        "quality_legend": QUALITY_LEGEND["en"],
        "sec_summary": "Summary",
        "sec_response": "Response",
        "sec_areas": "The seven focus areas",
        "sec_differences": "Differences between groups",
        "sec_notable": "Notable results",
        "sec_maatwerk": "Municipality's own questions",
        "sec_open": "Open answers",
        "sec_agenda": "Improvement agenda",
        "sec_appendix": "Appendix: methodology",
        "overall_score": "Overall score",
        "overall_intro": (
            "The overall score is the mean of the seven focus areas, on a scale from 0 to 10."
        ),
        "out_of_ten": "out of 10",
        "band": "Rating",
        "radar_caption": (
            "Scores per focus area (0-10). The thick line is the municipality as a whole, the "
            "other lines are the groups."
        ),
        "radar_alt": "Combined score per focus area:",
        "items_alt": "{title}, answers per question (all groups together, without ‘don't "
        "know’; in brackets the 95% interval):",
        "radar_table_caption": "The scores in the figure per focus area and group.",
        "strongest": "Strongest areas",
        "weakest": "Weakest areas",
        "main_findings": "What stands out",
        "no_findings": "No notable results were found.",
        "more_findings": "All notable results are listed in chapter {chapter}.",
        "no_score": "no score",
        "combined": "Municipality overall",
        "combined_short": "Overall",
        "response_intro": (
            "In total, {n} respondents filled in the questionnaire. The table shows for each "
            "group how many people took part and how often they answered ‘don't know’. In "
            "brackets: the 95% interval of that share (Wilson)."
        ),
        "group": "Group",
        "n_respondents": "Number",
        "shown": "Shown",
        "yes": "yes",
        "no": "no",
        "dont_know_share": "Don't know",
        "total": "Total",
        "reason": "Note",
        "reason_small_group": "fewer than {min} respondents; not shown to protect privacy",
        "reason_no_data": "no usable answers",
        "suppressed_title": "Groups not shown",
        "suppressed_text": (
            "We show no scores for a group with fewer than {min} respondents, so that no one "
            "can be identified. For the same reason their answers are left out of the "
            "municipality's overall scores."
        ),
        "no_suppressed": "Every group is large enough to show its scores.",
        "snapshot_title": "A snapshot",
        "snapshot_text": (
            "The Quick Scan is a snapshot, not representative research. Participants signed "
            "up themselves or were asked to take part; their view need not be that of all "
            "residents or staff. Small differences between scores therefore mean little. Use "
            "the results to start the conversation, not as a final verdict."
        ),
        "area": "Focus area",
        "area_short": "Area",
        "score": "Score",
        "ci": "95% confidence interval",
        "ci_short": "95% interval",
        "groups_chart_caption": (
            "Score per group with its 95% confidence interval. The vertical lines mark the "
            "boundaries between the ratings."
        ),
        "items_chart_caption": (
            "Distribution of the answers per question (all groups together, without ‘don't "
            "know’). Disagreement is shown left of the centre line, agreement to the right."
        ),
        "items_title": "The questions",
        "item": "Question",
        "item_id": "No.",
        "reverse_note": "reverse-scored: agreeing is unfavourable",
        "reverse_mark": "reversed",
        "gaps_title": "Differences between groups",
        "gap_sentence": "{a} ({sa}) score {d} points higher than {b} ({sb}).",
        "no_gaps": "No differences between groups of {threshold} points or more.",
        "tips_title": "Tips for this rating",
        "offerings_title": "What Democratie in Actie offers",
        "no_tips": "No tips are included for this rating.",
        "alpha_low": "Note: the questions of this area hang together weakly (alpha {alpha}).",
        "n_short": "n",
        "not_shown": "not shown",
        "differences_intro": (
            "For each focus area this table compares the scores of two groups. A positive "
            "number means the first group scores higher. Differences of {threshold} points or "
            "more are printed in bold and framed."
        ),
        "pair": "Groups",
        "differences_none": "There are no groups to compare.",
        "notable_intro": (
            "These results stand out. Each one comes with the rule that selected it."
        ),
        "rule": "Rule",
        "rule_gap": "difference between two groups of {gap} points or more",
        "rule_low_band": "area rated ‘{band}’",
        "rule_dont_know": "‘don't know’ in more than {share} of the answers",
        "rule_strongest_item": (
            "one of the {top} questions scoring highest against what the same groups give on "
            "average"
        ),
        "rule_weakest_item": (
            "one of the {top} questions scoring lowest against what the same groups give on average"
        ),
        "rule_low_alpha": "consistency of the questions (alpha) below {alpha}",
        "maatwerk_intro": (
            "The municipality added these questions itself. They do not count towards the "
            "scores of the focus areas."
        ),
        "open_intro": (
            "The answers to the open questions are shown as given, with two changes: personal "
            "data has been removed and long answers are cut to {limit} characters."
        ),
        "redacted_summary": (
            "Personal data removed: {items}. Each is replaced by a label in brackets that "
            "says what was removed, such as {example}."
        ),
        "redacted_none": "No personal data was found.",
        "redacted_none_reviewed": "No personal data was found in the approved answers.",
        "review_summary": "Shown after review: {published} of {total} answers.",
        "review_left_out": "Not approved and therefore left out: {n}.",
        "answers_count_one": "1 answer",
        "skip_to_content": "Skip to the content",
        "table_region": "Table",
        "chart_region": "Chart",
        "no_open_answers": "No one answered this question.",
        "answers_count": "{n} answers",
        "agenda_intro": (
            "Fill in this agenda together while discussing the results. The weakest areas and "
            "their tips are already filled in as a starting point."
        ),
        "priority": "Priority",
        "action": "Action",
        "owner": "Who",
        "deadline": "Done by",
        "measure": "How we will know it works",
        "agenda_suggestion": "Suggestions",
        "method_title": "Method in brief",
        "method_scale": (
            "Answers on the scale ‘{scale}’ ({options}) are converted to a score from 0 to 10; "
            "‘{dont_know}’ does not count. For questions phrased the other way round the scale "
            "is reversed."
        ),
        "method_min_valid": (
            "A respondent only gets a score for an area after answering at least {share} of "
            "its questions with a real answer."
        ),
        "method_suppression": "Groups with fewer than {min} respondents are not shown separately.",
        "method_weighting_equal_groups": (
            "The municipality's score is the mean of the group scores: every group counts "
            "equally, whatever its size."
        ),
        "method_weighting_pooled": (
            "The municipality's score is the mean over all respondents together: larger groups "
            "count more."
        ),
        "method_bands": "The ratings: {bands}.",
        "method_gap": (
            "A difference between groups counts as notable from {gap} points. An area or "
            "question with ‘don't know’ in more than {share} of the answers is reported."
        ),
        "method_ci": (
            "The 95% confidence interval shows how certain a score is: the smaller the group, "
            "the wider the interval. It assumes that those who answered are a chance "
            "selection of their group; that people chose to take part is beyond what it can "
            "measure. Where a group's size is known, it accounts for nearly the whole council "
            "or executive having answered."
        ),
        "method_quality": (
            "Each score says how certain it is. Reliable: an effective number of respondents of "
            "at least {reliable_n} and a 95% interval of at most {reliable_half} points either "
            "way. Indicative: at least {indicative_n} and at most {indicative_half} points. "
            "Otherwise: too few responses. An overall score across the areas takes the label of "
            "its least certain area. Only ‘indicative’ and ‘too few responses’ are shown with "
            "the scores; a score without a label is reliable."
        ),
        "alpha_title": "Consistency of the questions per area",
        "alpha_intro": (
            "Cronbach's alpha shows whether the questions of an area measure the same thing, "
            "computed within the groups shown. Below {alpha} the consistency is weak and the "
            "area score is less reliable."
        ),
        "alpha": "Alpha",
        "alpha_items": "Questions",
        "alpha_weak": "weak",
        "items_appendix_note": (
            "Each question in a few words; its full text is in the table of its focus area."
        ),
        "items_appendix_title": "The questions of the questionnaire",
        "asked_to": "Asked to",
        "all_groups": "all groups",
        "open_questions_title": "Open questions",
        "sources_title": "Sources",
        "input_file": "Answer file",
        "rows": "rows",
        "software": "Made with quickscan {version}",
        "warnings_title": "Notes from the calculation",
        "warn_no_area_score": "‘{area}’ has no score for the municipality as a whole.",
        "warn_no_overall": "There is no overall score: not every area has a score.",
        "legend_groups": "Groups",
        # benchmark (quickscan report --benchmark)
        "bench_title": "Comparison with {n} municipalities",
        "bench_intro": "Compared with: {label}.",
        "bench_area": "Focus area",
        "bench_own": "Own score",
        "bench_mean": "Peer average",
        "bench_percentile": "Percentile",
        "bench_percentile_note": (
            "The percentile is the share of the peer municipalities with a lower score "
            "(ties count half)."
        ),
        "bench_overall": "Overall score",
        "bench_legend": "peer average ({mean})",
        "bench_no_score": "no score for this municipality",
        "bench_not_comparable": "not comparable: the questions have changed",
        "bench_no_peers": "too few scores among the peers",
        "bench_warn_partial": (
            "The peer group was made with an earlier version of the questionnaire; only the "
            "focus areas with the same questions are compared."
        ),
        "bench_warn_settings": (
            "The peer group was scored with other settings (weighting or minimum group "
            "size): {detail}."
        ),
    },
}


def strings(lang: str) -> dict[str, str]:
    """The UI strings of `lang` ('nl' or 'en')."""
    try:
        return STRINGS[lang]
    except KeyError:
        known = sorted(STRINGS)
        raise ValueError(f"no report texts for language {lang!r}; use one of {known}") from None


def quality_rule_text(lang: str) -> str:
    """The rule of a score's quality label in words (methodology 14.7), from its thresholds."""
    from quickscan.scoring.uncertainty import QUALITY_RULES

    rule = QUALITY_RULES["score"]
    return strings(lang)["method_quality"].format(
        reliable_n=format_number(rule.reliable_n, lang, 0),
        reliable_half=format_number(rule.reliable_half_width, lang),
        indicative_n=format_number(rule.indicative_n, lang, 0),
        indicative_half=format_number(rule.indicative_half_width, lang),
    )


def format_number(value: float | None, lang: str, decimals: int = 1) -> str:
    """`display()` with the decimal mark of the language: '6,3' and '−0,4' (a real minus
    sign) in Dutch, '6.3' and '-0.4' in English."""
    from quickscan.rounding import display_lang

    return display_lang(value, lang, decimals)


def format_percent(share: float | None, lang: str) -> str:
    """A share 0..1 as a whole percentage through the same rounding rule: '12%'."""
    if share is None:
        return ""
    return format_number(share * 100, lang, 0) + "%"


def format_percent_interval(low: float | None, high: float | None, lang: str) -> str:
    """A Wilson interval of a share as whole percentages, '9–16%' (an en dash, the percent
    sign once); '' without an interval. Bounds round like the share itself."""
    if low is None or high is None:
        return ""
    return f"{format_number(low * 100, lang, 0)}–{format_percent(high, lang)}"


def format_percent_with_interval(
    share: float | None, low: float | None, high: float | None, lang: str
) -> str:
    """'12% (9–16%)': a share and its interval; the bare share without one."""
    interval = format_percent_interval(low, high, lang)
    text = format_percent(share, lang)
    return f"{text} ({interval})" if text and interval else text


def format_signed(value: float | None, lang: str) -> str:
    """A difference with its sign: '+1,8', '−0,4' (a real minus sign), '0,0'."""
    if value is None:
        return ""
    text = format_number(abs(value), lang)
    if text.strip("0,.") == "":
        return text
    return ("+" if value > 0 else "\u2212") + text


def format_date(day: object, lang: str) -> str:
    """'27 november 2026' / '27 November 2026'."""
    import datetime as dt

    assert isinstance(day, dt.date)
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


#: The fixed words of `quickscan score`'s terminal output, so `--lang nl` is Dutch throughout.
TERMINAL: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "header": "vragenlijst {id} {version} ({fingerprint}); weging {weighting}; groepen "
        "met minder dan {min} respondenten worden onderdrukt",
        "wave": "meting {wave}",
        "respondents": "respondenten",
        "suppressed": "onderdrukt",
        "caption": "score 0-10 (n respondenten); – onderdrukt (te weinig respondenten); "
        f"· geen score; {_TERMINAL_MARKS['nl']}; alfa [Feldt 95%] en omega",
        "area": "gebied",
        "combined": "samen",
        "band": "klasse",
        "alpha": "alfa",
        "overall": "totaal",
        "notable": "Opmerkelijke resultaten",
        "warning": "waarschuwing",
        "equal_groups": "groepen tellen even zwaar",
        "pooled": "alle respondenten tellen even zwaar",
        # Weights and representativeness (console._weights_line, _print_weighting).
        "weights_none": "gewichten: geen (ongewogen)",
        "weights_rake": "gewichten: gewogen naar {file} (raking) voor {groups}, begrensd "
        "tussen 1/{cap} en {cap} keer het gemiddelde",
        "weights_column": "gewichten: kolom '{column}' voor {groups}",
        "representativeness": "[bold]Representativiteit[/bold] (inwoners)",
        "characteristic": "kenmerk",
        "category": "categorie",
        "share": "aandeel [Wilson 95%]",
        "population": "bevolking",
        "weighted": "na weging",
        "weights_summary": "gewichten ({method}): ontwerpeffect {deff}, effectieve n {n_eff} "
        "van {n}, gewichten {low}–{high}",
        "method_rake": "raking",
        "method_column": "kolom '{column}'",
        "trimmed": ", {count} afgekapt",
    },
    "en": {
        "header": "questionnaire {id} {version} ({fingerprint}); weighting {weighting}; groups "
        "under {min} respondents are suppressed",
        "wave": "wave {wave}",
        "respondents": "respondents",
        "suppressed": "suppressed",
        "caption": "score 0-10 (n respondents); – suppressed (too few respondents); · no score; "
        f"{_TERMINAL_MARKS['en']}; alpha [Feldt 95%] and omega",
        "area": "area",
        "combined": "combined",
        "band": "band",
        "alpha": "alpha",
        "overall": "overall",
        "notable": "Notable results",
        "warning": "warning",
        "equal_groups": "equal_groups",
        "pooled": "pooled",
        "weights_none": "weights: none (unweighted)",
        "weights_rake": "weights: raked to {file} for {groups}, trimmed to [1/{cap}, {cap}]",
        "weights_column": "weights: column '{column}' for {groups}",
        "representativeness": "[bold]Representativeness[/bold] (inwoners)",
        "characteristic": "characteristic",
        "category": "category",
        "share": "share [Wilson 95%]",
        "population": "population",
        "weighted": "weighted",
        "weights_summary": "weights {method}: design effect {deff}, effective n {n_eff} of "
        "{n}, weights {low}–{high}",
        "method_rake": "rake",
        "method_column": "column:{column}",
        "trimmed": ", {count} trimmed",
    },
}


#: Words of `quickscan compare`'s terminal tables (cli/compare.py), beside TERMINAL's header.
COMPARE_TERMINAL: Final[dict[str, dict[str, str]]] = {
    "nl": {
        "title": "[bold]Vergelijking[/bold] van {rows}, gesorteerd op {sort} (# = rang daarop "
        "binnen de meting)",
        "row": "rij",
        "rows": "rijen",
        "municipality": "gemeente",
        "wave": "meting",
        "overall": "totaal",
        "bands": "klassen",
        "suppressed": "onderdrukt",
        "suppressed_short": "o",
        "no_score": "geen score",
        "areas_legend": "gebieden: {legend}",
        "bands_legend": "klassen: gebieden per klasse ({bands}); o = onderdrukt (te weinig "
        "respondenten), - = geen score; n = respondenten. Rangen en percentielen per gebied: "
        "--format csv/json/xlsx",
        "quality_legend": f"kwaliteit van elke score: {_TERMINAL_MARKS['nl']}; de regel staat "
        "in docs/methodology.md",
        "peers_title": "{code} naast de vergelijkingsgemeenten: {description}; {peers}: {codes}",
        "peer": "vergelijkingsgemeente",
        "peers": "vergelijkingsgemeenten",
        "area": "gebied",
        "score": "score",
        "peer_mean": "gemiddelde vergelijking",
        "difference": "verschil",
        "percentile": "percentiel onder vergelijkingsgemeenten",
        "peer_group": "vergelijkingsgroep {spec} per gemeente: {low} tot {high} "
        "vergelijkingsgemeenten; de vergelijkingsgemeenten en posities van elke gemeente staan "
        "in --format csv/json",
        "waves_title": "[bold]{name}[/bold] over de metingen {waves}",
        "group": "groep",
        "waves": "metingen",
        "from": "van",
        "to": "naar",
        "change": "verandering",
        "interval": "95%-interval",
        "chance": "toeval?",
        "larger_than_chance": "groter dan toeval",
        "may_be_chance": "kan toeval zijn",
        "no_interval": "geen interval",
        "interval_range": "{low} tot {high}",
        "all": "samen",
        "only": "alleen {groups}",
        "none": "geen",
        "diff_title": "[bold]Metingen met verschillende vragenlijsten[/bold]: vergeleken op "
        "{items}",
        "item": "gedeelde vraag",
        "items": "gedeelde vragen",
        "diff_pair": "{old} → {new}: toegevoegd {added}; vervallen {removed}; gewijzigd {changed}",
        "areas_left_out": "gebieden weggelaten: {areas}",
        "areas_reduced": "gebieden op minder vragen: {areas}",
    },
    "en": {
        "title": "[bold]Comparison[/bold] of {rows}, sorted by {sort} (# = rank on it within "
        "the wave)",
        "row": "row",
        "rows": "rows",
        "municipality": "municipality",
        "wave": "wave",
        "overall": "overall",
        "bands": "bands",
        "suppressed": "suppressed",
        "suppressed_short": "s",
        "no_score": "no score",
        "areas_legend": "areas: {legend}",
        "bands_legend": "bands: areas per band ({bands}); s = suppressed (too few "
        "respondents), - = no score; n = respondents. Ranks and percentiles per area: "
        "--format csv/json/xlsx",
        "quality_legend": f"quality of each score: {_TERMINAL_MARKS['en']}; the rule is in "
        "docs/methodology.md",
        "peers_title": "{code} against its peers: {description}; {peers}: {codes}",
        "peer": "peer",
        "peers": "peers",
        "area": "area",
        "score": "score",
        "peer_mean": "peer mean",
        "difference": "difference",
        "percentile": "percentile among peers",
        "peer_group": "peer group {spec} per municipality: {low} to {high} peers; see "
        "--format csv/json for each municipality's peers and positions",
        "waves_title": "[bold]{name}[/bold] across waves {waves}",
        "group": "group",
        "waves": "waves",
        "from": "from",
        "to": "to",
        "change": "change",
        "interval": "95% interval",
        "chance": "chance?",
        "larger_than_chance": "larger than chance",
        "may_be_chance": "may be chance",
        "no_interval": "no interval",
        "interval_range": "{low} to {high}",
        "all": "all",
        "only": "only {groups}",
        "none": "none",
        "diff_title": "[bold]Waves with different questionnaires[/bold]: compared on {items}",
        "item": "shared item",
        "items": "shared items",
        "diff_pair": "{old} → {new}: added {added}; removed {removed}; changed {changed}",
        "areas_left_out": "areas left out: {areas}",
        "areas_reduced": "areas on fewer items: {areas}",
    },
}
