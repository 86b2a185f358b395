"""Personal data is removed from open answers before they reach a report.

Every case is written by hand in the spellings Dutch respondents use; the precision cases
below check that ordinary sentences about local democracy come through untouched.
"""

from __future__ import annotations

import time

import pytest

from quickscan.report.redact import (
    MAX_REDACT_LENGTH,
    RedactionSettings,
    clean_answer,
    find_personal_data,
    normalise,
    redact,
)

# (text, kind, the part that must disappear)
CASES = [
    # names
    ("Bel me gerust. Groet, Ria", "name", "Ria"),
    ("Met vriendelijke groet, J.P. van der Berg", "name", "van der Berg"),
    ("mvg Henk", "name", "Henk"),
    ("Groetjes, Anne-Marie", "name", "Anne-Marie"),
    ("Ik heet Fatima en woon hier graag.", "name", "Fatima"),
    ("Mijn naam is Kees de Boer.", "name", "Kees de Boer"),
    ("Mevrouw Bakker van de overkant helpt iedereen.", "name", "Bakker"),
    ("Ik sprak met dhr. Jansen over de plannen.", "name", "Jansen"),
    ("Vraag het buurman Gerrit maar.", "name", "Gerrit"),
    ("Toen zei Jan Jansen dat het zo niet kon.", "name", "Jan Jansen"),
    ("Volgens J. Visser klopt het niet.", "name", "Visser"),
    ("Wethouder De Vries deed het goed.", "name", "Vries"),
    ("Burgemeester Jansen kwam langs.", "name", "Jansen"),
    # addresses and house numbers
    ("Ik woon aan de Dorpsstraat 14 sinds kort.", "address", "Dorpsstraat 14"),
    ("Het gaat om Kerkweg 3a, bij de kerk.", "address", "Kerkweg 3a"),
    ("adres: Oude Rijksweg 112-2", "address", "Rijksweg 112"),
    ("De Hoofdstraat 7 bis staat leeg.", "address", "Hoofdstraat 7"),
    ("Wij wonen op huisnummer 12.", "house_number", "12"),
    # places smaller than the municipality (deduce's residences)
    ("Het café-overleg in Oosterend is gestopt.", "place", "Oosterend"),
    ("In Ruinerwold is geen bus meer.", "place", "Ruinerwold"),
    # dates of birth and ages
    ("Ik ben geboren op 12-03-1979 in het dorp.", "birth_date", "12-03-1979"),
    ("geb. 3 mei 1956", "birth_date", "1956"),
    ("Geboortedatum: 01/02/1990", "birth_date", "01/02/1990"),
    ("Ik ben 67 en doe nog overal aan mee.", "age", "67"),
    ("Als 82-jarige kom ik er niet meer.", "age", "82"),
    ("Ik ben een vrouw van 45 jaar oud.", "age", "45"),
    ("Een buurvrouw, 91 jaar, kan niet digitaal stemmen.", "age", "91"),
    # e-mail addresses
    ("Mail me op jan.jansen@example.org graag", "email", "jan.jansen"),
    ("mail: A.B-c+tag@sub.example.co.uk.", "email", "A.B-c+tag"),
    ("jan[at]example.nl", "email", "jan"),
    ("schrijf naar piet (at) voorbeeld (punt) nl", "email", "piet"),
    ("reactie aan kees@ voorbeeld.nl", "email", "kees"),
    # phone numbers, every Dutch spelling
    ("Bel 06 12 34 56 78 als het kan", "phone", "56 78"),
    ("Bel 06.12.34.56.78", "phone", "56.78"),
    ("mijn nummer 06-12345678", "phone", "12345678"),
    ("mijn nummer 06\u201112345678 (met een vast streepje)", "phone", "12345678"),
    ("mijn nummer 06\u00a012\u00a034\u00a056\u00a078", "phone", "56"),
    ("0612345678", "phone", "12345678"),
    ("Bel +31 6 12345678", "phone", "12345678"),
    ("Bel +31 (0)6-1234 5678", "phone", "5678"),
    ("+31612345678", "phone", "12345678"),
    ("0031 20 123 4567", "phone", "4567"),
    ("bel het gemeentehuis: 020-1234567", "phone", "1234567"),
    ("of 010 123 4567", "phone", "4567"),
    ("(020) 123 4567 is de griffie", "phone", "4567"),
    ("0591 123456 's avonds", "phone", "123456"),
    # IBAN, BSN (with the 11-check), postcodes and licence plates
    ("IBAN NL91ABNA0417164300 voor de vereniging", "iban", "0417164300"),
    ("IBAN NL91 ABNA 0417 1643 00", "iban", "1643"),
    ("DE89370400440532013000 (Duitse rekening)", "iban", "0532013000"),
    ("BSN 111222333 staat op mijn pas", "bsn", "111222333"),
    ("BSN 1112.22.333", "bsn", "1112.22.333"),
    ("bsn 111 222 333", "bsn", "111 222 333"),
    ("Ik woon op 1234 AB in het dorp", "postcode", "1234 AB"),
    ("postcode 9901AB", "postcode", "9901AB"),
    ("postcode 9901ab", "postcode", "9901ab"),
    ("Mijn auto met kenteken AB-123-C staat er al weken.", "licence_plate", "AB-123-C"),
    ("De bus 12-ABC-3 rijdt te hard.", "licence_plate", "12-ABC-3"),
    ("kenteken XX-99-XX", "licence_plate", "XX-99-XX"),
    ("de auto 1-KBB-01 stond op de stoep", "licence_plate", "1-KBB-01"),
]


@pytest.mark.parametrize(("text", "kind", "secret"), CASES)
def test_each_kind_is_found_and_removed(text: str, kind: str, secret: str) -> None:
    cleaned, found = redact(text, "nl")
    assert found.counts[kind] == 1, (cleaned, found.findings)
    assert secret not in cleaned
    assert "@" not in cleaned


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 en 2025 kwamen 150 inwoners naar 3 avonden; de raad telt 23 leden.",
        "De gemeenteraad van Meppel vergadert elke maand in het gemeentehuis.",
        "Ik woon hier al 20 jaar en zie de betrokkenheid afnemen.",
        "Op 12 maart 2026 is de volgende raadsvergadering over de Omgevingswet.",
        "Het budget van € 1.250.000 voor de Wmo is te krap; 123456789 euro is niet realistisch.",
        "De VVD, het CDA, GroenLinks en de PvdA zouden beter moeten samenwerken.",
        "Provinciale Staten en de Tweede Kamer bepalen te veel, de gemeente te weinig.",
        "Sinds Koningsdag en de Kerst zijn er meer activiteiten in het dorpshuis.",
        "Via Facebook en de website van de gemeente lees ik het nieuws.",
        "Meer dan 60 procent van de jongeren weet niet wie er in de raad zit.",
        "De wethouder heeft toegezegd dat het plan in het voorjaar komt.",
        "Zorg dat de burgemeester vaker in de kernen komt.",
        "Het college moet 3 keer per jaar verantwoording afleggen.",
        "Wil de gemeente ook aandacht geven aan ouderen?",
        "Door de bezuinigingen is de bibliotheek dicht.",
        "Hoop dat er iets met de uitkomsten gebeurt.",
        "Kort gezegd: meer luisteren, minder zenden.",
        "Graag meer informatie over de begroting 2027.",
        "Mooi initiatief, ga zo door.",
        "De raad vergaderde tot 23.30 uur; dat is te laat.",
        "Versie 2.1 van het participatiebeleid is beter dan versie 1.0.",
        "Bij de verkiezingen van 2026 was de opkomst 54 procent.",
        "Het Dorpsplan is in 2023 vastgesteld na 4 bijeenkomsten.",
        "Artikel 42 van het reglement van orde moet worden aangepast.",
        "In de Kerkstraat is het onveilig voor fietsers.",
        "Er zijn 1200 handtekeningen opgehaald voor het burgerinitiatief.",
        "Ook de jongerenraad moet meer te zeggen hebben.",
        "Ik ben blij dat de raad luistert.",
        "Als raadslid merk ik dat de toon op sociale media harder wordt",
        "Kost € 0. Misschien iets voor de ideeën-avond van de dorpsraad?",
        "De Wolden en Hoogeveen werken samen in Drenthe.",
        "Met groet aan iedereen die dit leest.",
    ],
)
def test_ordinary_sentences_are_not_touched(text: str) -> None:
    cleaned, found = redact(text)
    assert found.findings == [], found.findings
    assert cleaned == normalise(text)


def test_the_example_answers_that_were_published() -> None:
    text = (
        "De stoep bij ons (Dorpsstraat 14, 9901 AB Wolderveen) ligt al twee jaar open en "
        "niemand reageert op meldingen."
    )
    cleaned, found = redact(text, settings=RedactionSettings(keep_places=frozenset({"Wolderveen"})))
    assert cleaned == (
        "De stoep bij ons ([adres], [postcode] Wolderveen) ligt al twee jaar open en "
        "niemand reageert op meldingen."
    )
    assert dict(found.counts) == {"address": 1, "postcode": 1}
    cleaned, found = redact("Bel me gerust als u meer wilt weten: 06-12345678. Groet, Ria")
    assert cleaned == "Bel me gerust als u meer wilt weten: [telefoonnummer]. Groet, [naam]"


def test_bsn_needs_the_eleven_check() -> None:
    text = "ons budget was 123456789 euro"
    cleaned, found = redact(text)
    assert cleaned == text and found.total == 0
    # 9*1+8*1+7*1+6*2+5*2+4*2+3*3+2*3 = 69, minus 3 = 66 = 6*11: a valid BSN.
    assert redact("BSN 111222333")[1].counts["bsn"] == 1
    # One digit changed: 69 - 4 = 65, not a multiple of 11 (and not a phone number either).
    assert redact("BSN 111222334")[1].total == 0


def test_iban_needs_its_check_digits() -> None:
    assert redact("NL91ABNA0417164300")[1].counts["iban"] == 1
    assert redact("NL92ABNA0417164300")[1].counts["iban"] == 0


def test_office_holders_stay_only_when_the_setting_says_so() -> None:
    text = "Wethouder De Vries en burgemeester Jansen kwamen; Jan Jansen niet."
    default, found = redact(text)
    assert default == "Wethouder [naam] en burgemeester [naam] kwamen; [naam] niet."
    assert found.counts["name"] == 3
    kept, found = redact(text, settings=RedactionSettings(keep_office_holders=True))
    assert kept == "Wethouder De Vries en burgemeester Jansen kwamen; [naam] niet."
    assert found.counts["name"] == 1


def test_markers_per_language() -> None:
    text = "Mail a@example.org of b@example.org, bel 06-12345678. Groet, Ria"
    cleaned, found = redact(text, "nl")
    assert cleaned == "Mail [e-mailadres] of [e-mailadres], bel [telefoonnummer]. Groet, [naam]"
    assert dict(found.counts) == {"email": 2, "phone": 1, "name": 1}
    cleaned_en, _ = redact(text, "en")
    assert cleaned_en == "Mail [e-mail] of [e-mail], bel [phone]. Groet, [name]"


def test_redaction_is_idempotent() -> None:
    once, _ = redact("Groet, Ria (06-12345678, Dorpsstraat 14, 9901 AB)")
    twice, found = redact(once)
    assert twice == once and found.total == 0


def test_findings_say_what_was_removed_and_where() -> None:
    text = normalise("Bel 06 12 34 56 78. Groet, Ria")
    findings = find_personal_data(text)
    assert [(f.kind, f.text) for f in findings] == [("phone", "06 12 34 56 78"), ("name", "Ria")]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_clean_answer_caps_length_and_strips_control_characters() -> None:
    long = "woord " * 300 + "06-12345678"
    cleaned, found = clean_answer("\x00begin\x07 " + long, limit=100)
    assert len(cleaned) <= 100 and cleaned.endswith("…")
    assert cleaned.startswith("begin woord")


def test_a_long_answer_is_cut_before_it_is_searched() -> None:
    # The phone number lies beyond MAX_REDACT_LENGTH: it is never searched, nor shown.
    text = "woord " * (MAX_REDACT_LENGTH // 6 + 10) + "06-12345678"
    cleaned, found = clean_answer(text, limit=100)
    assert found.total == 0 and "12345678" not in cleaned and cleaned.endswith("…")
    # Half a phone number at the cut is dropped with the words before it.
    head = "woord " * ((MAX_REDACT_LENGTH - 20) // 6)
    cleaned, _ = clean_answer(head + "06 12 34 56 78 " * 10, limit=MAX_REDACT_LENGTH)
    assert "06 12" not in cleaned and "34 56" not in cleaned


def _seconds(text: str) -> float:
    start = time.perf_counter()
    redact(text)
    return time.perf_counter() - start


def test_redaction_is_linear_in_the_length() -> None:
    piece = (
        "Groet, Ria. Bel 06 12 34 56 78 of mail jan[at]example.nl; Dorpsstraat 14, 9901 AB. "
        "De raad moet beter luisteren naar de inwoners van de kernen. "
    )
    redact(piece)  # word lists loaded before timing
    small = piece * (50_000 // len(piece))
    large = piece * (200_000 // len(piece))
    # Four times the text: about four times the time (quadratic would be sixteen).
    ratio = _seconds(large) / _seconds(small)
    assert ratio < 8, ratio
    cleaned, found = redact(large)
    assert found.counts["phone"] == large.count("06 12 34 56 78")
