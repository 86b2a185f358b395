"""Dutch word lists for finding names and places in open answers, read from `deduce`.

`deduce` (UMC Utrecht's de-identification of Dutch text) ships curated lists of Dutch first
names, surnames, residences, municipalities, streets and common words. Its own pipeline
needs 30 s and more to load (and minutes to build a cache inside site-packages on first
use), far too slow for a CLI that renders hundreds of profiles, so quickscan reads only the
plain lists, straight from the installed package's files and without importing it (which
alone costs a second). Everything is read once per process and only when open answers are
redacted.
"""

from __future__ import annotations

import functools
import importlib.util
from dataclasses import dataclass
from pathlib import Path

from quickscan.errors import Problem, ReportError

#: Words that look like names or places in deduce's lists but are ordinary Dutch in an open
#: answer about local democracy (capitalised at the start of a sentence, or a title).
ORDINARY_WORDS = frozenset(
    """
    Aan Af Al Alle Alles Als Altijd Ander Andere Beter Bij Binnen Blij Boven Buiten Dan Dank
    Dat De Deze Die Dit Door Dorp Dus Echt Een Eens Eerst En Er Even Geen Goed Graag Hier Hoe
    Hoop Ik In Is Ja Je Jij Kan Kort Laat Land Liever Maar Meer Mee Meestal Men Mensen Met Mij
    Minder Misschien Mooi Na Naar Nee Niet Niets Nog Nooit Nu Of Om Ons Ook Op Over Per Raad
    Samen Sinds Soms Steeds Te Tot Toch Uit Van Veel Vooral Voor Waar Wat We Wel Wie Wij Wil
    Zo Zeer Zij Ze Zelf Zou Zeker Beste Lieve Beste Geachte Heer Mevrouw Meneer College
    Gemeente Burgemeester Wethouder Wethouders Griffier Griffie Provincie Rijk Kerk School
    Centrum Noord Oost Zuid West Midden Markt Haven Dijk Brink Veld Bos Hof Plein Park
    Mei Juni Juli Maart April Augustus September Oktober November December Januari Februari
    Maandag Dinsdag Woensdag Donderdag Vrijdag Zaterdag Zondag Facebook Twitter Instagram
    """.split()  # noqa: SIM905 (a word list reads better as text)
)


@dataclass(frozen=True)
class Lexicon:
    """The word lists the redaction looks names and places up in (all case-folded)."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    #: Residences (woonplaatsen) that are not a municipality or province: the places
    #: smaller than the municipality, which can point to a respondent.
    places: frozenset[str]
    #: Municipalities, provinces and regions: public context, kept.
    regions: frozenset[str]
    streets: frozenset[str]
    common_words: frozenset[str]
    #: Function words ("de", "en", "voor") that never start or continue a name.
    stop_words: frozenset[str]


def _deduce_lists() -> Path:
    spec = importlib.util.find_spec("deduce")
    if spec is None or not spec.submodule_search_locations:
        raise ReportError(
            problems=[
                Problem(
                    code="deduce-missing",
                    message="the word lists for redacting open answers are not installed",
                    hint="reinstall quickscan (it depends on the 'deduce' package)",
                )
            ]
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "lookup" / "src"


def _read(folder: Path, *names: str) -> set[str]:
    """Items of one deduce list (and its sub-lists), less its exceptions, case-folded."""
    items: set[str] = set()
    for name in names:
        path = folder / name
        if not path.is_dir():
            raise ReportError(
                problems=[
                    Problem(
                        code="deduce-lists-changed",
                        message=f"deduce has no word list {name!r} at {path}",
                        hint="install a deduce release quickscan supports (see pyproject.toml)",
                    )
                ]
            )
        for file in sorted(path.rglob("*.txt")):
            words = {w.strip().casefold() for w in file.read_text("utf-8").splitlines()}
            if file.name == "exceptions.txt":
                continue
            items |= words
        for file in sorted(path.rglob("exceptions.txt")):
            items -= {w.strip().casefold() for w in file.read_text("utf-8").splitlines()}
    items.discard("")
    return items


@functools.cache
def lexicon() -> Lexicon:
    """The lists, read once per process (under a second on an idle machine)."""
    src = _deduce_lists()
    ordinary = {w.casefold() for w in ORDINARY_WORDS}
    common = _read(src, "whitelist/lst_common_word", "whitelist/lst_stop_word") | ordinary
    regions = _read(
        src,
        "locations/lst_placename/lst_municipality",
        "locations/lst_placename/lst_province",
        "locations/lst_placename/lst_region",
    )
    places = _read(src, "locations/lst_placename/lst_residence") - regions - common
    return Lexicon(
        first_names=frozenset(_read(src, "names/lst_first_name") - common),
        surnames=frozenset(_read(src, "names/lst_surname") - common),
        places=frozenset(places),
        regions=frozenset(regions),
        streets=frozenset(_read(src, "locations/lst_street")),
        common_words=frozenset(common),
        stop_words=frozenset(_read(src, "whitelist/lst_stop_word")),
    )
