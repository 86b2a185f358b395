"""Remove personal data from open answers before anyone sees them.

Open answers are free text typed by respondents, who sometimes add an e-mail address, a
phone number or worse. Everything that looks like personal data is replaced by a marker
such as ``[e-mailadres]``; the caller gets a count per kind to report. Patterns err on the
side of removing too much, except for BSNs: a nine-digit number is only removed when it
passes the 11-check, so that ordinary amounts and counts survive.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

#: Kinds of personal data, in the order they are searched (IBANs contain digits that would
#: otherwise look like phone numbers or BSNs).
KINDS: tuple[str, ...] = ("email", "iban", "phone", "bsn", "postcode")

MASKS: dict[str, dict[str, str]] = {
    "nl": {
        "email": "[e-mailadres]",
        "iban": "[IBAN]",
        "phone": "[telefoonnummer]",
        "bsn": "[BSN]",
        "postcode": "[postcode]",
    },
    "en": {
        "email": "[e-mail]",
        "iban": "[IBAN]",
        "phone": "[phone]",
        "bsn": "[BSN]",
        "postcode": "[postcode]",
    },
}

#: Longest open answer shown, in characters (after redaction).
MAX_ANSWER_LENGTH = 600

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# Any IBAN-shaped run: country, check digits, then groups of four (spaces optional) and a
# short last group. A match that fails the check is tried again without its last groups.
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b", re.IGNORECASE)
_LAST_GROUP = re.compile(r" ?[A-Z0-9]{1,4}$", re.IGNORECASE)
_NL_IBAN = re.compile(r"^NL\d{2}[A-Z]{4}\d{10}$")
# Dutch numbers: 0 or +31 / 0031 (optionally with "(0)"), then nine digits with optional
# separators; or an area code in brackets, "(020) 123 4567".
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:"
    r"(?:(?:\+|00)\s?31[\s.-]?(?:\(0\)[\s.-]?)?|0)[1-9](?:[\s.-]?\d){8}"
    r"|\(0[1-9]\d{1,2}\)[\s.-]?\d(?:[\s.-]?\d){5,6}"
    r")"
    r"(?!\d)"
)
_BSN = re.compile(r"(?<![\d.])(?:\d{9}|\d{3}[ .]\d{3}[ .]\d{3}|\d{4}\.\d{2}\.\d{3})(?![\d])")
# Dutch postcodes: 1234 AB, 1234AB or 1234ab (never SA, SD or SS).
_POSTCODE = re.compile(r"\b[1-9]\d{3}(?:[ ]?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})\b")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def bsn_valid(digits: str) -> bool:
    """The BSN 11-check: 9*d1 + 8*d2 + ... + 2*d8 - 1*d9 is a multiple of 11 (and not 0)."""
    if len(digits) != 9 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True))
    total -= int(digits[8])
    return total % 11 == 0 and digits != "000000000"


def iban_valid(text: str) -> bool:
    """The ISO 13616 mod-97 check of an IBAN (spaces ignored)."""
    compact = text.replace(" ", "").upper()
    if not (15 <= len(compact) <= 34) or not compact.isalnum():
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _iban_like(text: str) -> bool:
    compact = text.replace(" ", "").upper()
    return bool(_NL_IBAN.match(compact)) or iban_valid(compact)


@dataclass
class Redaction:
    """Counts of what was removed, per kind."""

    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def add(self, other: Redaction) -> None:
        self.counts.update(other.counts)


def redact(text: str, lang: str = "nl") -> tuple[str, Redaction]:
    """Replace personal data in `text` with markers; return the text and what was removed."""
    masks = MASKS.get(lang, MASKS["nl"])
    found = Redaction()

    def sub(kind: str, pattern: re.Pattern[str], text: str, check: object = None) -> str:
        def replace(match: re.Match[str]) -> str:
            value = match.group(0)
            if check is not None and not check(value):  # type: ignore[operator]
                return value
            found.counts[kind] += 1
            return masks[kind]

        return pattern.sub(replace, text)

    text = sub("email", _EMAIL, text)

    def iban(match: re.Match[str]) -> str:
        candidate = match.group(0)
        while len(candidate.replace(" ", "")) >= 15:
            if _iban_like(candidate):
                found.counts["iban"] += 1
                return masks["iban"] + match.group(0)[len(candidate) :]
            candidate = _LAST_GROUP.sub("", candidate)
        return match.group(0)

    text = _IBAN.sub(iban, text)
    text = sub("phone", _PHONE, text)
    text = sub("bsn", _BSN, text, lambda v: bsn_valid(re.sub(r"[ .]", "", v)))
    text = sub("postcode", _POSTCODE, text)
    return text, found


def clean_answer(
    text: str, lang: str = "nl", limit: int = MAX_ANSWER_LENGTH
) -> tuple[str, Redaction]:
    """Redact, tidy whitespace and cap an open answer at `limit` characters."""
    text = _CONTROL.sub("", text)
    text = " ".join(text.split())
    text, found = redact(text, lang)
    if len(text) > limit:
        cut = text[: limit - 1]
        space = cut.rfind(" ")
        if space > limit * 0.7:
            cut = cut[:space]
        text = cut.rstrip(" ,.;:") + "…"
    return text, found
