"""Remove personal data from open answers before anyone sees them.

Open answers are free text typed by respondents, who sometimes add their name, address or
phone number. Everything found is replaced by a marker that says what was removed
(``[naam]``, ``[adres]``, ``[telefoonnummer]``); the caller gets every finding to report
and to show in the review file (`open_answers_review`). What is looked for and what is not
is listed in docs/privacy.md. In short:

- numbers with a check are checked by python-stdnum (BSN 11-check, IBAN mod 97 and the
  country's format, postcodes), so that amounts and counts survive;
- phone numbers are found by phonenumbers (Google's libphonenumber) in every Dutch spelling;
  dashes and spaces of any Unicode kind are made plain first;
- names, streets and places are looked up in deduce's Dutch lists (`lexicon`), helped by the
  words around them ("Groet, Ria", "mevrouw Bakker", "Dorpsstraat 14");
- e-mail addresses (also ``jan[at]example.nl``), licence plates, ages and dates of birth by
  patterns.

Every pattern is linear in the length of the text (no nested repetition), and
`clean_answer` cuts an answer to `MAX_REDACT_LENGTH` characters before it is searched.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

#: Kinds of personal data, in the order they are listed in a report.
KINDS: tuple[str, ...] = (
    "name",
    "address",
    "house_number",
    "postcode",
    "place",
    "birth_date",
    "age",
    "email",
    "phone",
    "iban",
    "bsn",
    "licence_plate",
)

MASKS: dict[str, dict[str, str]] = {
    "nl": {
        "name": "[naam]",
        "address": "[adres]",
        "house_number": "[huisnummer]",
        "postcode": "[postcode]",
        "place": "[plaats]",
        "birth_date": "[geboortedatum]",
        "age": "[leeftijd]",
        "email": "[e-mailadres]",
        "phone": "[telefoonnummer]",
        "iban": "[IBAN]",
        "bsn": "[BSN]",
        "licence_plate": "[kenteken]",
    },
    "en": {
        "name": "[name]",
        "address": "[address]",
        "house_number": "[house number]",
        "postcode": "[postcode]",
        "place": "[place]",
        "birth_date": "[date of birth]",
        "age": "[age]",
        "email": "[e-mail]",
        "phone": "[phone]",
        "iban": "[IBAN]",
        "bsn": "[BSN]",
        "licence_plate": "[licence plate]",
    },
}

#: Singular and plural of each kind, for the report's sentence ("1 naam", "2 namen").
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "nl": {
        "name": ("naam", "namen"),
        "address": ("adres", "adressen"),
        "house_number": ("huisnummer", "huisnummers"),
        "postcode": ("postcode", "postcodes"),
        "place": ("plaatsnaam", "plaatsnamen"),
        "birth_date": ("geboortedatum", "geboortedata"),
        "age": ("leeftijd", "leeftijden"),
        "email": ("e-mailadres", "e-mailadressen"),
        "phone": ("telefoonnummer", "telefoonnummers"),
        "iban": ("IBAN-nummer", "IBAN-nummers"),
        "bsn": ("burgerservicenummer", "burgerservicenummers"),
        "licence_plate": ("kenteken", "kentekens"),
    },
    "en": {
        "name": ("name", "names"),
        "address": ("address", "addresses"),
        "house_number": ("house number", "house numbers"),
        "postcode": ("postcode", "postcodes"),
        "place": ("place name", "place names"),
        "birth_date": ("date of birth", "dates of birth"),
        "age": ("age", "ages"),
        "email": ("e-mail address", "e-mail addresses"),
        "phone": ("phone number", "phone numbers"),
        "iban": ("IBAN", "IBANs"),
        "bsn": ("citizen service number (BSN)", "citizen service numbers (BSN)"),
        "licence_plate": ("licence plate", "licence plates"),
    },
}

#: Longest open answer shown, in characters (after redaction).
MAX_ANSWER_LENGTH = 600
#: Longest part of an answer that is searched for personal data; the rest is cut off
#: before redaction, so that one pasted 200,000-character text costs no more than this.
#: Four times what is shown: markers are longer or shorter than what they replace.
MAX_REDACT_LENGTH = 4 * MAX_ANSWER_LENGTH


@dataclass(frozen=True)
class RedactionSettings:
    """Choices a municipality makes about what may stay in published answers."""

    #: Keep the names of office holders in their public role ("wethouder De Vries",
    #: "burgemeester Jansen"). Off by default: a respondent may still be identified.
    keep_office_holders: bool = False
    #: Place names that may stay (the municipality's own name is public context).
    keep_places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Finding:
    """One piece of personal data: its kind and where it was in the searched text."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class Redaction:
    """What was removed: counts per kind, and each finding (for the review file)."""

    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: Redaction) -> None:
        self.counts.update(other.counts)
        self.findings.extend(other.findings)


# --- Normalising -------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\u2060\ufeff]")
# Every dash and space a phone number or postcode may be typed with, made plain one for one
# (so positions stay the same): non-breaking and figure hyphens, en/em dashes, minus; no-break,
# thin and narrow spaces.
_PLAIN = str.maketrans(
    {
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d", "-"),
        **dict.fromkeys("\u00a0\u2002\u2003\u2007\u2008\u2009\u200a\u202f", " "),
        "\uff20": "@",
    }
)


def normalise(text: str) -> str:
    """Control characters out, unusual dashes and spaces plain, whitespace collapsed."""
    return " ".join(_CONTROL.sub("", text).translate(_PLAIN).split())


# --- Detectors ---------------------------------------------------------------------------
# Each yields (kind, start, end); `find_personal_data` resolves overlaps.

Span = tuple[str, int, int]

_AT = r"(?:\s?@\s?|\s?[\[({](?:at|apenstaartje)[\])}]\s?| at )"
_DOT = r"(?:\.|\s?[\[({](?:dot|punt)[\])}]\s?)"
_EMAIL = re.compile(
    rf"[A-Za-z0-9._%+-]+{_AT}[A-Za-z0-9-]+(?:{_DOT}[A-Za-z0-9-]+)*?{_DOT}[A-Za-z]{{2,}}\b",
    re.IGNORECASE,
)


def _emails(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield "email", match.start(), match.end()


# Any IBAN-shaped run: country, check digits, then groups of four (spaces optional) and a
# short last group. A match that fails the check is tried again without its last groups.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.IGNORECASE)


def _ibans(text: str) -> Iterator[Span]:
    from stdnum import iban

    for match in _IBAN.finditer(text):
        candidate = match.group(0)
        while len(candidate.replace(" ", "")) >= 15:
            if iban.is_valid(candidate):
                yield "iban", match.start(), match.start() + len(candidate)
                break
            cut = max(candidate.rfind(" "), len(candidate) - 4)
            candidate = candidate[:cut].rstrip()


_BSN = re.compile(
    r"(?<![\d.,-])(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}\.\d{2}\.\d{3})(?![\d,]|\.\d)"
)


def _bsns(text: str) -> Iterator[Span]:
    from stdnum.nl import bsn

    for match in _BSN.finditer(text):
        if bsn.is_valid(re.sub(r"[ .]", "", match.group(0))):
            yield "bsn", match.start(), match.end()


def _phones(text: str) -> Iterator[Span]:
    import phonenumbers

    # VALID checks the number against the Dutch numbering plan, so 9-digit amounts, years
    # and BSNs are not taken for phone numbers.
    matcher = phonenumbers.PhoneNumberMatcher(
        text, "NL", leniency=phonenumbers.Leniency.VALID, max_tries=len(text) + 100
    )
    for match in matcher:
        yield "phone", match.start, match.end


# Dutch postcodes: 1234 AB, 1234AB, 1234ab (stdnum refuses SA, SD and SS). In lower case
# only without the space: "in 2024 en 2025" is not a postcode.
_POSTCODE = re.compile(r"\b[1-9]\d{3}(?: ?[A-Z]{2}|[a-z]{2})\b")


def _postcodes(text: str) -> Iterator[Span]:
    from stdnum.nl import postcode

    for match in _POSTCODE.finditer(text):
        if postcode.is_valid(match.group(0)):
            yield "postcode", match.start(), match.end()


# Dutch licence plates: the side codes since 1951, with their hyphens (without them, a
# plate cannot be told from a product code). Letters in upper case.
_PLATE = re.compile(
    r"\b(?:"
    r"[A-Z]{2}-\d{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|[A-Z]{2}-\d{2}-[A-Z]{2}"
    r"|[A-Z]{2}-[A-Z]{2}-\d{2}|\d{2}-[A-Z]{2}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d|\d-[A-Z]{3}-\d{2}"
    r"|[A-Z]{2}-\d{3}-[A-Z]|[A-Z]-\d{3}-[A-Z]{2}|[A-Z]{3}-\d{2}-[A-Z]|[A-Z]-\d{2}-[A-Z]{3}"
    r"|\d-[A-Z]{2}-\d{3}|\d{3}-[A-Z]{2}-\d"
    r")\b"
)


def _plates(text: str) -> Iterator[Span]:
    for match in _PLATE.finditer(text):
        yield "licence_plate", match.start(), match.end()


_MONTHS = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|maart|mrt|apr(?:il)?|mei|jun(?:i)?|jul(?:i)?"
    r"|aug(?:ustus)?|sep(?:t(?:ember)?)?|okt(?:ober)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
    r"|march|may|june|july|august|october)\.?"
)
_DATE = rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:19|20)?\d{{2}}|\d{{1,2}} {_MONTHS} (?:19|20)\d{{2}})"
_BIRTH_DATE = re.compile(
    r"\b(?:geboren|geb\.|geboortedatum|geboortedag|born|date of birth|d\.o\.b\.)"
    rf"(?: op| on| in| is|:)?[ :]*(?P<date>{_DATE})",
    re.IGNORECASE,
)
# A date written after "ik ben van" / "jarig op" is a birthday too.
_BIRTHDAY = re.compile(rf"\b(?:jarig op|verjaardag is op|ik ben van) (?P<date>{_DATE})", re.I)


def _birth_dates(text: str) -> Iterator[Span]:
    for pattern in (_BIRTH_DATE, _BIRTHDAY):
        for match in pattern.finditer(text):
            yield "birth_date", match.start("date"), match.end("date")


# Ages, never durations: "ik ben 67", "67 jaar oud", "67-jarige", "leeftijd: 67", "(67)"
# after a name, ", 67 jaar," as an aside. "al 20 jaar" (how long) does not match.
_AGE = re.compile(
    r"\b(?:ik ben|ben ik|i am|i'm|leeftijd|age[d]?|op mijn|van mijn)[ :]*(?:nu |pas |al )?"
    r"(?P<a>\d{1,3})\b(?! ?(?:%|procent|euro|keer|uur|minuten|dagen|weken|maanden|km|m\b))"
    r"|(?P<b>\b\d{1,3}) ?(?:jaar oud|jaar jong|years old|-?jarige?|jr oud)\b"
    r"|, (?P<c>\d{1,3}) (?:jaar|jr)(?=[,.)])"
    r"|\((?P<d>\d{1,3})(?: jaar| jr)?\)",
    re.IGNORECASE,
)


def _ages(text: str) -> Iterator[Span]:
    for match in _AGE.finditer(text):
        for group in "abcd":
            if match.group(group) is not None and 0 < int(match.group(group)) < 120:
                yield "age", match.start(group), match.end(group)
                break


# Words: letters, with inner hyphens and apostrophes ("Jan-Willem", "'s-Gravenhage").
_WORD = re.compile(r"'?[A-Za-zÀ-ÖØ-öø-ÿ]+(?:['-][A-Za-zÀ-ÖØ-öø-ÿ]+)*\.?")
_INTERFIXES = frozenset(
    "van de der den het ter ten te in 't op la le du da di von vd v.d.".split()  # noqa: SIM905
)
# Words after which the next capitalised words are a person's name, whatever they are.
_NAME_CUES = re.compile(
    r"\b(?:(?:met )?(?:vriendelijke |hartelijke |lieve |veel )?groet(?:en|jes)?|gr\.|gr|mvg|"
    r"m\.v\.g\.|groetjes|doei|dank je|bedankt|"
    r"mijn naam is|ik heet|ik ben|naam:|"
    r"meneer|mevrouw|mevr\.|mw\.|mr\.|mrs\.|ms\.|dhr\.|de heer|juffrouw|juf|meester|"
    r"buurman|buurvrouw|familie|fam\.|mijn (?:man|vrouw|zoon|dochter|buurman|buurvrouw|moeder"
    r"|vader|partner)|"
    r"dear|regards|kind regards|best|cheers|my name is)[,:!]? ",
    re.IGNORECASE,
)
# Office holders: the name after their title is public, and kept only when the settings say.
_OFFICE_CUES = re.compile(
    r"\b(?:wethouder|burgemeester|loco-burgemeester|raadslid|gemeentesecretaris|griffier|"
    r"fractievoorzitter|gedeputeerde|commissaris van de koning|minister|staatssecretaris|"
    r"kamerlid|alderman|mayor|councillor|clerk|dorpsraadvoorzitter|voorzitter)[,:]? ",
    re.IGNORECASE,
)
_SAINTS = frozenset({"sint", "st", "sinte", "sancta", "sankt", "saint"})
_INITIALS = re.compile(r"\b(?:[A-Z]\.){1,4} ?(?=[A-Za-z'])")
_INITIAL = re.compile(r"[A-Z]\.")
_HOUSE_NUMBER = re.compile(r" ?\d{1,5}(?: ?[A-Za-z]\b| ?-\d{1,4}\b| ?(?:hs|bis|rd|zw)\b)?(?!\d)")
_HOUSE_NUMBER_CUE = re.compile(
    r"\b(?:huisnummer|huisnr\.?|nummer|nr\.|no\.|house number)[ :]*(?P<n>\d{1,5}[a-zA-Z]?)\b",
    re.IGNORECASE,
)
# Words that end like a street: "Dorpsstraat", "Kerkweg", "Oude Rijksweg".
_STREET_END = re.compile(
    r"(?:straat|weg|laan|plein|gracht|kade|singel|dijk|pad|steeg|dreef|hof|erf|ring|markt|"
    r"plantsoen|wal|baan|allee|boulevard|park|dam|haven|wijk|veld|akker|brink|hoeve|es|"
    r"straatje|weggetje|pleintje|street|road|lane|avenue)$",
    re.IGNORECASE,
)


@dataclass
class _Token:
    text: str
    start: int
    end: int

    @property
    def key(self) -> str:
        return self.text.rstrip(".").casefold()

    @property
    def capital(self) -> bool:
        word = self.text.lstrip("'")
        return bool(word) and word[0].isupper() and not word.isupper()


def _tokens(text: str) -> list[_Token]:
    tokens = []
    for match in _WORD.finditer(text):
        word, end = match.group(0), match.end()
        if word.endswith(".") and _INITIAL.fullmatch(word) is None:
            word, end = word[:-1], end - 1  # a full stop ends the sentence, not the name
        tokens.append(_Token(word, match.start(), end))
    return tokens


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] == " ":
        i -= 1
    return i < 0 or text[i] in ".!?:;\"'(\u201c\u2018"


class _Names:
    """Names, streets with house numbers and small places, found word by word."""

    def __init__(self, text: str, settings: RedactionSettings) -> None:
        from quickscan.report.lexicon import lexicon

        self.text = text
        self.settings = settings
        self.lex = lexicon()
        self.tokens = _tokens(text)
        self.index = {token.start: i for i, token in enumerate(self.tokens)}
        self.keep_places = {p.casefold() for p in settings.keep_places}

    def _name_run(self, i: int, *, forced: bool) -> int:
        """How many tokens from `i` form a name (0 if none).

        `forced`: a cue ("Groet,", "mevrouw") says a name follows, so any capitalised word
        but a stop word is taken; otherwise the first word must be a known first name.
        Interfixes ("van der") count only between name words; a word with a house number
        after it ends the name ("mevrouw Bakker van de Kerkweg 3").
        """
        tokens, lex = self.tokens, self.lex
        j, words, end = i, 0, i
        while j < len(tokens) and words < 4:
            token = tokens[j]
            if j > i and self.text[tokens[j - 1].end : token.start] not in ("", " "):
                break  # punctuation between two words ends the name
            if token.key in _INTERFIXES and (words or forced):
                j += 1
                continue
            initial = _INITIAL.fullmatch(token.text) is not None
            if not (token.capital or initial):
                break
            number = _HOUSE_NUMBER.match(self.text, token.end)
            if number is not None and number.group(0).startswith(" "):
                break  # "Kerkweg 3": a street with its number, not a name
            if not forced and token.key in lex.places:
                break
            if words == 0 and not forced and not initial and token.key not in lex.first_names:
                break
            if token.key in lex.stop_words or (
                not forced and words and token.key in lex.common_words
            ):
                break
            words += 1
            j += 1
            if not initial:
                end = j
        return end - i

    def _span(self, i: int, n: int) -> tuple[int, int]:
        return self.tokens[i].start, self.tokens[i + n - 1].end

    def spans(self) -> Iterator[Span]:
        yield from self._cued_names()
        yield from self._listed_names()
        yield from self._addresses()
        yield from self._places()

    def _cued_names(self) -> Iterator[Span]:
        for cue, kind in ((_NAME_CUES, "name"), (_OFFICE_CUES, "office")):
            for match in cue.finditer(self.text):
                i = self.index.get(match.end())
                if i is None:
                    continue
                n = self._name_run(i, forced=True)
                if n == 0:
                    continue
                # "ik ben blij", "best wel": these cues need a known first name after them.
                weak = match.group(0).lower().startswith(("ik ben", "best", "dank", "bedankt"))
                if weak and self.tokens[i].key not in self.lex.first_names:
                    continue
                start, end = self._span(i, n)
                if kind == "office" and self.settings.keep_office_holders:
                    yield "kept", start, end
                else:
                    yield "name", start, end

    def _listed_names(self) -> Iterator[Span]:
        tokens = self.tokens
        for initials in _INITIALS.finditer(self.text):
            i = self.index.get(initials.end())
            if i is not None and tokens[i].capital and tokens[i].key not in self.lex.common_words:
                n = self._name_run(i, forced=True)
                if n:
                    yield "name", initials.start(), self._span(i, n)[1]
        for i, token in enumerate(tokens):
            if not token.capital or token.key not in self.lex.first_names:
                continue
            if i and tokens[i - 1].key in _SAINTS:
                continue  # "Sint Maarten", "St. Jan": a feast, church or place
            n = self._name_run(i, forced=False)
            if n == 0:
                continue
            # A first name alone at the start of a sentence may be an ordinary word
            # ("Wil", "Door"): only take it with a surname after it, or a comma ("Ria,").
            if n == 1 and _sentence_start(self.text, token.start):
                after = self.text[token.end : token.end + 1]
                if after != ",":
                    continue
            yield "name", *self._span(i, n)

    def _addresses(self) -> Iterator[Span]:
        tokens = self.tokens
        for i, token in enumerate(tokens):
            if not token.capital:
                continue
            # One to three words ending in a street word, or a street deduce knows.
            for n in (3, 2, 1):
                if i + n > len(tokens):
                    continue
                start, end = tokens[i].start, tokens[i + n - 1].end
                name = self.text[start:end]
                number = _HOUSE_NUMBER.match(self.text, end)
                if number is None or not number.group(0).startswith(" "):
                    continue
                last = tokens[i + n - 1]
                known = name.casefold() in self.lex.streets
                if known or (
                    _STREET_END.search(last.text) and last.key not in self.lex.common_words
                ):
                    yield "address", start, number.end()
                    break
        for match in _HOUSE_NUMBER_CUE.finditer(self.text):
            yield "house_number", match.start("n"), match.end("n")

    def _places(self) -> Iterator[Span]:
        tokens = self.tokens
        places = self.lex.places
        for i, token in enumerate(tokens):
            if not token.capital and not token.text.startswith("'"):
                continue
            for n in (3, 2, 1):
                if i + n > len(tokens):
                    continue
                start, end = tokens[i].start, tokens[i + n - 1].end
                name = self.text[start:end].rstrip(".").casefold()
                if name in places and name not in self.keep_places:
                    yield "place", start, end
                    break


_DETECTORS: tuple[Callable[[str], Iterator[Span]], ...] = (
    _emails,
    _ibans,
    _bsns,
    _plates,
    _phones,
    _postcodes,
    _birth_dates,
    _ages,
)
#: When two findings overlap, the one of the kind earlier here wins (an e-mail address
#: holds a name; an IBAN holds digits that look like a phone number).
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        ("kept", "email", "iban", "bsn", "licence_plate", "phone", "postcode", "birth_date",
         "address", "house_number", "age", "name", "place")
    )
}  # fmt: skip


def find_personal_data(text: str, settings: RedactionSettings | None = None) -> list[Finding]:
    """Every piece of personal data in `text` (already `normalise`d), in reading order."""
    settings = settings or RedactionSettings()
    spans: list[Span] = []
    for detector in _DETECTORS:
        spans.extend(detector(text))
    spans.extend(_Names(text, settings).spans())
    # Strongest kind first, then the longest; a span overlapping a taken one is dropped.
    spans.sort(key=lambda s: (_PRIORITY[s[0]], -(s[2] - s[1]), s[1]))
    # Taken spans never overlap, so sorted by start they are sorted by end too: a new span
    # needs checking against its two neighbours only.
    starts: list[int] = []
    ends: list[int] = []
    findings: list[Finding] = []
    for kind, start, end in spans:
        at = bisect.bisect_left(starts, start)
        if at < len(starts) and starts[at] < end:
            continue
        if at > 0 and ends[at - 1] > start:
            continue
        starts.insert(at, start)
        ends.insert(at, end)
        if kind != "kept":
            findings.append(Finding(kind, start, end, text[start:end]))
    return sorted(findings, key=lambda f: f.start)


def redact(
    text: str, lang: str = "nl", settings: RedactionSettings | None = None
) -> tuple[str, Redaction]:
    """Replace personal data in `text` with markers; return the text and what was removed."""
    masks = MASKS.get(lang, MASKS["nl"])
    text = normalise(text)
    findings = find_personal_data(text, settings)
    parts: list[str] = []
    position = 0
    for finding in findings:
        parts.append(text[position : finding.start])
        parts.append(masks[finding.kind])
        position = finding.end
    parts.append(text[position:])
    return "".join(parts), Redaction(Counter(f.kind for f in findings), findings)


def _cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary, with an ellipsis."""
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.7:
        cut = cut[:space]
    return cut.rstrip(" ,.;:") + "…"


def clean_answer(
    text: str,
    lang: str = "nl",
    limit: int = MAX_ANSWER_LENGTH,
    settings: RedactionSettings | None = None,
) -> tuple[str, Redaction]:
    """Redact, tidy whitespace and cap an open answer at `limit` characters.

    Only the first `MAX_REDACT_LENGTH` (at least `limit`) characters are searched; when
    more was cut off, the last words before the cut are dropped as well, so that half a
    phone number or address at the cut is never shown.
    """
    text = normalise(text)
    searched = max(MAX_REDACT_LENGTH, limit)
    precut = len(text) > searched
    if precut:
        text = text[:searched]
        # Drop the word at the cut and the 34 characters before it (the longest IBAN).
        text = text[: max(text.rfind(" ", 0, searched - 34), 0)]
    text, found = redact(text, lang, settings)
    if precut or len(text) > limit:
        text = _cut(text, min(limit, len(text) + 1))
    return text, found
