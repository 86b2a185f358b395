"""Words shared by the sentences of scoring and of the report, in each report language.

Kept out of `report.i18n` because scoring writes sentences too (notable results, the
representativeness sentence) and must not import the report package to do so.
"""

from __future__ import annotations

#: The word before the last of a list: 'en'/'and', or 'of'/'or'.
_CONJUNCTIONS = {
    "and": {"nl": "en", "en": "and"},
    "or": {"nl": "of", "en": "or"},
}


def join_words(parts: list[str], lang: str, conjunction: str = "and") -> str:
    """'a', 'a en b', 'a, b en c' (Dutch and English: no comma before the last word)."""
    if len(parts) <= 1:
        return "".join(parts)
    word = _CONJUNCTIONS[conjunction]["nl" if lang == "nl" else "en"]
    return ", ".join(parts[:-1]) + f" {word} " + parts[-1]
