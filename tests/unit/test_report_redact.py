"""Personal data is removed from open answers before they reach a report."""

from __future__ import annotations

import pytest

from quickscan.report.redact import bsn_valid, clean_answer, iban_valid, redact


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Mail me op jan.jansen@example.org graag", "email"),
        ("mail: A.B-c+tag@sub.example.co.uk.", "email"),
        ("Bel +31 6 12345678 als het kan", "phone"),
        ("Bel +31 (0)6-1234 5678", "phone"),
        ("mijn nummer 06-12345678", "phone"),
        ("mijn nummer 06 1234 5678", "phone"),
        ("0612345678", "phone"),
        ("bel het gemeentehuis: 020-1234567", "phone"),
        ("of 010 123 4567", "phone"),
        ("(020) 123 4567 is de griffie", "phone"),
        ("0031 20 123 4567", "phone"),
        ("Ik woon op 1234 AB in het dorp", "postcode"),
        ("postcode 9901AB", "postcode"),
        ("postcode 9901ab", "postcode"),
        ("BSN 111222333 staat op mijn pas", "bsn"),
        ("BSN 1112.22.333", "bsn"),
        ("IBAN NL91ABNA0417164300 voor de vereniging", "iban"),
        ("IBAN NL91 ABNA 0417 1643 00", "iban"),
        ("DE89370400440532013000 (Duitse rekening)", "iban"),
    ],
)
def test_each_kind_is_redacted(text: str, kind: str) -> None:
    cleaned, found = redact(text, "nl")
    assert found.counts[kind] == 1, (cleaned, found.counts)
    assert found.total == 1
    for digits in ("12345678", "1234567", "111222333", "0417164300", "0532013000"):
        assert digits not in cleaned.replace(" ", "").replace("-", "")
    assert "@" not in cleaned


def test_bsn_needs_the_eleven_check() -> None:
    assert bsn_valid("111222333")
    assert not bsn_valid("123456789")
    text = "ons budget was 123456789 euro"
    cleaned, found = redact(text)
    assert cleaned == text and found.total == 0
    assert redact("BSN 123.456.782")[1].counts["bsn"] == bsn_valid("123456782")


def test_iban_check() -> None:
    assert iban_valid("NL91ABNA0417164300")
    assert not iban_valid("NL92ABNA0417164300")


def test_ordinary_text_survives() -> None:
    text = "In 2024 en 2025 kwamen 150 inwoners naar 3 avonden; de raad telt 23 leden."
    cleaned, found = redact(text)
    assert cleaned == text and found.total == 0


def test_markers_and_counts_per_language() -> None:
    text = "Mail a@example.org of b@example.org, bel 06-12345678"
    cleaned, found = redact(text, "nl")
    assert cleaned == "Mail [e-mailadres] of [e-mailadres], bel [telefoonnummer]"
    assert dict(found.counts) == {"email": 2, "phone": 1}
    cleaned_en, _ = redact(text, "en")
    assert cleaned_en == "Mail [e-mail] of [e-mail], bel [phone]"


def test_clean_answer_caps_length_and_strips_control_characters() -> None:
    long = "woord " * 300 + "06-12345678"
    cleaned, found = clean_answer("\x00begin\x07 " + long, limit=100)
    assert len(cleaned) <= 100 and cleaned.endswith("…")
    assert cleaned.startswith("begin woord")
    assert found.total == 1  # redacted before it was cut
