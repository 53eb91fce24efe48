"""The privacy screen on wordings nobody tuned for: what a careful reader would flag, and not more.

Every text here is new (not taken from ../shared/privacy); values are made up.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from insight.privacy import screen


def spans(text: str, kind: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in screen(text) if kind is None or f.kind == kind]


# --- placeholder-looking names are real names unless the text says they are an example ----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kari Nordmann ringte fra legevakta og spurte etter faren.", "Kari Nordmann"),
        ("Samtale med Ola Nordmann om hjemreise etter hoftebruddet.", "Ola Nordmann"),
        ("Datteren Kari Nordmann har fullmakt.", "Kari Nordmann"),
        ("Per Nordmann fikk besøk av barnebarna på søndag.", "Per Nordmann"),
    ],
)
def test_placeholder_name_used_about_a_person_is_flagged(text: str, name: str) -> None:
    assert spans(text, "person_name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "Skriv f.eks. Kari Nordmann i navnefeltet når du viser skjemaet.",
        "Kurset bruker Ola Nordmann som fiktiv bruker i alle oppgavene.",
        "Ola og Kari Nordmann står i malen; slett dem før bruk.",
        "I demoen heter brukeren Ola Nordmann.",
    ],
)
def test_placeholder_name_in_an_example_passes(text: str) -> None:
    assert spans(text) == []


# --- names typed in lower case --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ringte til kari hansen om nøkkelen", "kari hansen"),
        ("pas. heter per olsen, kom i går", "per olsen"),
        ("samtale med sønnen tor egeland etter lunsj", "tor egeland"),
        ("hentes av ingrid bakkevig kl 15", "ingrid bakkevig"),
    ],
)
def test_full_name_in_lower_case_is_flagged(text: str, name: str) -> None:
    assert spans(text, "person_name") == [name]


@pytest.mark.parametrize(
    "text",
    [
        "per dag får han to måltider ekstra",
        "hans lange dager på rommet ble tunge",
        "bruker satt i sola og så på havet",
        "turen gikk langs elva og tilbake",
    ],
)
def test_ordinary_lower_case_words_that_are_also_names_pass(text: str) -> None:
    assert spans(text) == []


# --- eleven digits next to an identity cue, even with a wrong control digit -----------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Oppgitt fnr 01017512345 ved innkomst.", "01017512345"),
        ("Fødselsnummer: 290352 44512", "290352 44512"),
        ("personnummeret er 15114099871 ifølge henvisningen", "15114099871"),
        ("f.nr. 070845-33210 skal ikke stå her", "070845-33210"),
        ("D-nummer 45067812345 brukes i journalen.", "45067812345"),
        ("Pasient-ID: 24023338559", "24023338559"),
        ("Tallet 31124512345 (fnr) ble skrevet i fritekst.", "31124512345"),
    ],
)
def test_eleven_digits_after_an_identity_cue_are_flagged_even_if_invalid(
    text: str, number: str
) -> None:
    assert spans(text, "national_id") == [number]


@pytest.mark.parametrize(
    "text",
    [
        "Bestillingsnummer 40219877123 gjelder rullatoren.",
        "Artikkelnr. 12345678901 for sklisikre sokker.",
        "Fakturanummer 31124512345 sendt til kommunen.",
    ],
)
def test_eleven_digits_without_an_identity_cue_and_invalid_pass(text: str) -> None:
    assert spans(text) == []


# --- street addresses with any common ending, and with postcode and place -------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Hun bor i Granlia 14.", "Granlia 14"),
        ("Henting i Furutunet 3 kl. 10.", "Furutunet 3"),
        ("Adresse: Bjørkekroken 2", "Bjørkekroken 2"),
        ("Bor på Elvebakken 22 med kona.", "Elvebakken 22"),
        ("Ny adresse er Solsvingen 8 fra mai.", "Solsvingen 8"),
        ("Han bor i Kirkeringen 3 B.", "Kirkeringen 3 B"),
        ("Sønnen bor i Lindehaugen 7.", "Lindehaugen 7"),
        ("Hentes i Skolestien 11.", "Skolestien 11"),
        ("Bor i Furuvegen 5 i Elverum.", "Furuvegen 5"),
        ("Adresse Kastanjeallé 4", "Kastanjeallé 4"),
        ("Bor ved Torvplassen 1.", "Torvplassen 1"),
        ("Post til Kongens gate 12.", "Kongens gate 12"),
        ("Sendes til Storgata 5, 0155 Oslo", "Storgata 5, 0155 Oslo"),
        ("Bor i Strandveien 40 7010 Trondheim nå.", "Strandveien 40 7010 Trondheim"),
        ("bor i granlia 4 sammen med datteren", "granlia 4"),
        ("adresse: kirkeringen 3", "kirkeringen 3"),
        ("solsvingen 4, 3210 Sandefjord", "solsvingen 4, 3210 Sandefjord"),
    ],
)
def test_street_address_with_a_common_street_ending_is_flagged(text: str, address: str) -> None:
    assert spans(text, "address") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Han bor i byen 3 dager i uka.",
        "Avdeling Lia 2 har ledig rom.",
        "Hun gikk i bakken 3 ganger i dag.",
        "Vi møttes i gata utenfor, 2 timer etter lunsj.",
    ],
)
def test_street_words_without_an_address_pass(text: str) -> None:
    assert spans(text) == []


# --- birth dates in any wording --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Han er født 3. mars 1941.", "3. mars 1941"),
        ("Bruker, f. 03.03.41, kom fra sykehuset.", "03.03.41"),
        ("fødselsdato 1941-03-03 ble feilregistrert", "1941-03-03"),
        ("Hun kom til verden 3/3-1941 i Bergen.", "3/3-1941"),
        ("Mannen så dagens lys 7. april 1938 i Tromsø.", "7. april 1938"),
        ("Fødd 22.7.1944 ifølge dattera.", "22.7.1944"),
        ("Ble født den 14. november 1936 på Voss.", "14. november 1936"),
        ("Hun fyller år 18. juni 1942.", "18. juni 1942"),
        ("Date of birth: 1939-02-09", "1939-02-09"),
    ],
)
def test_full_date_stating_a_birth_is_flagged(text: str, date: str) -> None:
    assert spans(text, "birth_date") == [date]


@pytest.mark.parametrize(
    "text",
    [
        "Født på 1930-tallet, bodde alene i mange år.",
        "Hun fyller år 3. mars 2026 og ønsker bløtkake.",
        "Kom til avdelingen 3. mars 2025 fra sykehuset.",
        "Født i Bergen, flyttet til Oslo som ung.",
    ],
)
def test_dates_that_do_not_state_a_birth_pass(text: str) -> None:
    assert spans(text) == []


# --- no false alarms on clean care texts ------------------------------------------------------


def _corpus() -> Path | None:
    here = Path(__file__).resolve()
    for parent in here.parents[1:4]:
        path = parent / "shared" / "corpus" / "observations.csv"
        if path.exists():
            return path
    return None


def test_corpus_observations_raise_no_alarm() -> None:
    path = _corpus()
    if path is None:
        pytest.skip("../shared/corpus is not available")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    flagged = [r["ref"] for r in rows if screen(r["title"]) or screen(r["text"])]
    assert len(rows) == 300
    assert flagged == []
