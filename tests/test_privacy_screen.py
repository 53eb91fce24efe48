"""Unit tests for the privacy screen (insight.privacy only: no Flask app, no ../shared).

Names, streets and numbers here differ from the shared dev set on purpose: they guard
against rules that only fit those sentences.
"""

from __future__ import annotations

import dataclasses

import pytest
from faker import Faker

from insight.privacy import KINDS, Finding, screen, suppress_small, warnings

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def with_control_digits(nine: str) -> str | None:
    """The 11-digit number for nine digits, or None when a control digit would be 10."""
    k1 = (11 - sum(w * int(d) for w, d in zip(W1, nine, strict=True))) % 11
    if k1 == 10:
        return None
    ten = nine + str(k1)
    k2 = (11 - sum(w * int(d) for w, d in zip(W2, ten, strict=True))) % 11
    return None if k2 == 10 else ten + str(k2)


D_NUMBER = with_control_digits("430637123")  # born 03.06.1937, day + 40
H_NUMBER = with_control_digits("075150413")  # born 07.11.1950, month + 40


def spans(text: str, kind: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in screen(text) if kind is None or f.kind == kind]


def kinds(text: str) -> set[str]:
    return {f.kind for f in screen(text)}


# --- API -------------------------------------------------------------------------------


def test_kinds_are_the_blocking_kinds() -> None:
    assert set(KINDS) == {
        "national_id",
        "phone",
        "email",
        "address",
        "birth_date",
        "person_name",
        "case_number",
    }


def test_finding_as_dict_holds_kind_and_offsets_only() -> None:
    assert Finding("phone", 3, 11).as_dict() == {"kind": "phone", "start": 3, "end": 11}


def test_finding_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Finding("phone", 0, 8).start = 1  # type: ignore[misc]


def test_finding_never_carries_the_value() -> None:
    text = "Ring Gunhild Aasen på 412 34 567."
    for f in screen(text):
        assert text[f.start : f.end] not in repr(f)
        assert text[f.start : f.end] not in str(f.as_dict())


def test_empty_text_has_no_findings() -> None:
    assert screen("") == []
    assert warnings("") == []


def test_findings_are_sorted_and_do_not_overlap() -> None:
    text = "Torleif Bakke (f. 03.04.38), Fjellveien 12, 4014 Stavanger, tlf. 912 34 567."
    found = screen(text)
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))
    assert {f.kind for f in found} == {"person_name", "birth_date", "address", "phone"}


# --- national_id -----------------------------------------------------------------------


def test_generated_national_ids_are_found() -> None:
    fake = Faker("no_NO")
    fake.seed_instance(2024)
    for _ in range(25):
        fnr = fake.ssn()
        text = f"Fnr. {fnr} er kontrollert."
        assert spans(text, "national_id") == [fnr]


@pytest.mark.parametrize("sep", [" ", ".", "-"])
def test_national_id_with_separator_after_date_part_is_one_span(sep: str) -> None:
    fake = Faker("no_NO")
    fake.seed_instance(7)
    fnr = fake.ssn()
    written = fnr[:6] + sep + fnr[6:]
    assert spans(f"Personnummer {written} registrert.", "national_id") == [written]


def test_d_number_is_found() -> None:
    assert D_NUMBER == "43063712389"
    assert spans(f"Hun har D-nr. {D_NUMBER} og trenger tolk.", "national_id") == [D_NUMBER]


def test_h_number_is_found() -> None:
    assert H_NUMBER == "07515041375"
    assert spans(f"Midlertidig H-nummer: {H_NUMBER}", "national_id") == [H_NUMBER]


def test_eleven_digits_with_wrong_control_digits_pass() -> None:
    wrong = D_NUMBER[:9] + str((int(D_NUMBER[9]) + 1) % 10) + D_NUMBER[10]
    assert screen(f"Varenummer {wrong} er bestilt.") == []
    assert screen("Ordrenummer 26788587178 gjelder rullatoren.") == []


def test_control_digit_remainder_ten_is_invalid() -> None:
    assert with_control_digits("010140106") is None
    for last_two in ("00", "01", "55", "99"):
        assert spans(f"Nr 010140106{last_two} i lageret.", "national_id") == []


def test_national_id_inside_a_longer_number_passes() -> None:
    fake = Faker("no_NO")
    fake.seed_instance(11)
    assert spans(f"Serie 9{fake.ssn()}4 levert.", "national_id") == []


# --- phone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "number",
    [
        "412 34 567",
        "22 45 67 89",
        "98765432",
        "4561 2378",
        "930-12-345",
        "+47 915 55 555",
        "+4798765432",
        "0047 55 12 34 56",
        "(+47) 73 80 11 22",
        "+47 915-55-555",
    ],
)
def test_phone_in_common_groupings_is_found(number: str) -> None:
    assert spans(f"Kan nås på {number} etter kl. 16.", "phone") == [number]


def test_organisation_number_is_not_a_phone() -> None:
    assert screen("Faktura til kommunen, org.nr. 964 965 137.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Morgenkontroll: BT 142/90, puls 88, temp 37,2.",
        "Måltid kl. 11.30 og kl. 17.00.",
        "Besøkstid er 13.00-15.00 og 20.00-21.30 hver dag.",
        "Rom 214 og 215 er ledige, neste periode uke 23–25.",
        "Spørreskjema sendt til 25 pårørende, 18 svarte.",
    ],
)
def test_measures_counts_and_times_are_not_phones(text: str) -> None:
    assert screen(text) == []


def test_dates_are_not_phones() -> None:
    assert "phone" not in kinds("Innlagt 24.03.2024, utreise 28.03.2024.")


def test_account_and_service_numbers_are_not_phones() -> None:
    assert screen("Kontonummer 1503.12.34567, vakttelefon 800 12 345.") == []


def test_labelled_reference_numbers_are_not_phones() -> None:
    assert screen("Avtalenummer 23456789 og referansenummer: 45678901 gjelder alarmen.") == []


# --- email -----------------------------------------------------------------------------


def test_email_is_found() -> None:
    text = "Send kopi til ingrid.haugland@kommune.example.no takk."
    assert spans(text, "email") == ["ingrid.haugland@kommune.example.no"]


def test_email_with_plus_and_underscore_is_one_span() -> None:
    text = "E-post: per_olav.bakke+pårørende@example.com"
    assert spans(text, "email") == ["per_olav.bakke+pårørende@example.com"]


def test_at_sign_without_address_is_not_an_email() -> None:
    assert screen("Møte @ kantina kl. 12, ta med @-listen.") == []


# --- address ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "street",
    ["Granveien 3b", "Kirkegata 14 A", "Solbakken 7", "Storgt. 5", "Fjellveien 2-4", "Lia 3"],
)
def test_street_and_number_is_an_address(street: str) -> None:
    assert spans(f"Hun bor i {street} sammen med sønnen.", "address") == [street]


def test_street_with_postcode_and_place_is_one_span() -> None:
    text = "Flytter til Åsveien 21 C, 7020 Trondheim neste uke."
    assert spans(text, "address") == ["Åsveien 21 C, 7020 Trondheim"]


def test_postcode_with_place_alone_is_an_address() -> None:
    assert spans("Returadresse er 8622 Mo i Rana.", "address") == ["8622 Mo i Rana"]


def test_address_over_two_lines_gives_two_spans() -> None:
    text = "Adresse: Nordre gate 22\n5003 Bergen"
    assert spans(text, "address") == ["Nordre gate 22", "5003 Bergen"]


def test_street_named_after_a_person_is_an_address_not_a_name() -> None:
    text = "Hun bor i Olav Kyrres gate 9, 5014 Bergen."
    assert screen(text) and kinds(text) == {"address"}


def test_street_named_after_a_person_without_number_passes() -> None:
    assert screen("Kafeen ligger i Henrik Ibsens gate, like ved parken.") == []


def test_town_or_institution_alone_is_not_an_address() -> None:
    assert screen("Sønnen bor i Drammen og hun kom fra Stavanger universitetssjukehus.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Pasienten gikk Bakken 3 ganger i dag.",
        "Hun er flyttet til Hagen 3. etasje.",
        "Avdeling Lia 2 har ledig rom.",
        "Pasienten flyttes til Tunet 2 i morgen.",
        "Høsten 2023 Pasienten flyttet inn.",
    ],
)
def test_street_like_words_with_counts_are_not_addresses(text: str) -> None:
    assert "address" not in kinds(text)


# --- birth_date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("Han er født 3. mars 1936 i Ålesund.", "3. mars 1936"),
        ("Fødselsdato: 07.11.1942", "07.11.1942"),
        ("Beboer (f. 12/4-38) har diabetes.", "12/4-38"),
        ("Født den 1.9.1929, enke siden 1990.", "1.9.1929"),
        ("Fødselsdatoen hennes er registrert som 1931-08-14.", "1931-08-14"),
        ("Hun ble født 14.02.31 på gården.", "14.02.31"),
    ],
)
def test_birth_date_after_a_birth_cue_is_found(text: str, date: str) -> None:
    assert spans(text, "birth_date") == [date]


def test_compact_birth_date_after_cue_is_found() -> None:
    assert spans("Pasienten (f. 020340) kom i dag.", "birth_date") == ["020340"]


def test_date_in_brackets_after_a_name_is_a_birth_date() -> None:
    assert spans("Gunnar Aasheim (09.10.33) sov godt.", "birth_date") == ["09.10.33"]


def test_admission_and_discharge_dates_are_not_birth_dates() -> None:
    assert screen("Innlagt 12.05.2024, planlagt utreise 26. mai 2024.") == []


def test_date_after_another_event_following_birth_cue_is_not_a_birth_date() -> None:
    assert screen("Født 1930, innlagt 04.03.2024.") == []


def test_year_or_decade_of_birth_is_not_a_birth_date() -> None:
    assert screen("Født i 1935, hun er født på 1930-tallet.") == []


def test_birthday_party_this_year_is_not_a_birth_date() -> None:
    assert "birth_date" not in kinds("Hun har bursdag 12.03.2099 og ønsker bløtkake.")


# --- person_name -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Henvist av fastlege Terje Solheim ved legekontoret.", "Terje Solheim"),
        ("Kontaktperson er Kjell-Arne Haugland-Moe.", "Kjell-Arne Haugland-Moe"),
        ("Sønnen, Lars Erik Johansen, er verge.", "Lars Erik Johansen"),
        ("I morgen kommer Sigrun Bjørnstad for å hente henne.", "Sigrun Bjørnstad"),
        ("Gudrun Sørlie-Hagen kom på besøk.", "Gudrun Sørlie-Hagen"),
        ("Ansvarlig: Jørgen M. Lie", "Jørgen M. Lie"),
        ("Mvh\nAnne-Grethe Kvalheim", "Anne-Grethe Kvalheim"),
    ],
)
def test_full_name_is_found(text: str, name: str) -> None:
    assert spans(text, "person_name") == [name]


def test_unlisted_surname_after_a_listed_given_name_is_found() -> None:
    assert spans("Samtale med Ingeborg Tveitnes om maten.", "person_name") == ["Ingeborg Tveitnes"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gunhild spiste lite til middag.", "Gunhild"),
        ("Torleif fortalte om tiden som fisker.", "Torleif"),
        ("Vi gikk en tur med Magnhild i parken.", "Magnhild"),
        ("Datteren Randi ringte i går kveld.", "Randi"),
        ("Besøk av barnebarnet Ida i helgen.", "Ida"),
        ("Naboen, Reidun, har nøkkel.", "Reidun"),
        ("Kari sin datter ringte.", "Kari"),
    ],
)
def test_first_name_alone_referring_to_a_person_is_found(text: str, name: str) -> None:
    assert spans(text, "person_name") == [name]


def test_unlisted_first_name_after_a_kinship_word_is_found() -> None:
    assert spans("Ektefellen Arnljot ringte.", "person_name") == ["Arnljot"]


def test_unlisted_compound_given_name_is_found_by_its_ending() -> None:
    assert spans("Vi snakket med Kjellbjørg om maten.", "person_name") == ["Kjellbjørg"]


def test_unlisted_name_shaped_word_after_i_is_a_place() -> None:
    assert screen("Hun har vært i Paradis i Bergen.") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [("Snakket med fru Bakke om kosthold.", "Bakke"), ("Herr Lindqvist ville ikke.", "Lindqvist")],
)
def test_surname_after_title_is_found_without_the_title(text: str, name: str) -> None:
    assert spans(text, "person_name") == [name]


def test_possessive_name_is_found_without_the_s() -> None:
    assert spans("Astrids datter ringte i dag.", "person_name") == ["Astrid"]


def test_illness_of_a_named_person_is_a_name_not_an_eponym() -> None:
    assert spans("Valborgs sykdom har forverret seg.", "person_name") == ["Valborg"]


def test_two_names_joined_by_og_are_both_found() -> None:
    assert spans("Bjarne og Gudrun kom på besøk.", "person_name") == ["Bjarne", "Gudrun"]


@pytest.mark.parametrize(
    "text",
    [
        "Datteren ringte og spurte hvordan det gikk.",
        "Sykepleieren på kveldsvakt ga beskjed til fastlegen.",
        "Nattevakten observerte pustepauser; sønnen er varslet.",
    ],
)
def test_roles_and_kinship_words_are_not_names(text: str) -> None:
    assert screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Overført fra Haukeland universitetssjukehus etter fall.",
        "Hun kom fra St. Olavs hospital i går.",
        "Kontakt Martina Hansens Hospital ved behov.",
        "Overført fra Vestre Viken i går.",
        "Henvist fra Nav Sandnes.",
    ],
)
def test_institutions_are_not_names(text: str) -> None:
    assert screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Pasienten har Parkinsons sykdom og Alzheimers demens.",
        "Hun har Downs syndrom.",
        "Wernicke-Korsakoff syndrom mistenkes.",
    ],
)
def test_medical_eponyms_are_not_names(text: str) -> None:
    assert screen(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Liv og helse er tema på dagsenteret.",
        "Sol og varme gjorde godt for humøret.",
        "Håp om bedring ble uttrykt, livskvaliteten er bedre.",
        "Dag 3: Pasienten mobiliseres til stol.",
        "Per i dag er det ingen endring.",
        "Hans datter ønsker informasjon.",
    ],
)
def test_common_words_that_are_also_names_are_not_flagged(text: str) -> None:
    assert screen(text) == []


def test_town_is_not_a_name() -> None:
    assert screen("Sønnen bor i Tromsø og kommer annenhver helg.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Eksempel på utfylling: Navn: Kari Nordmann.",
        "Ola og Kari Nordmann er eksempler i opplæringen.",
        "Bruk Ola Nordmann som testbruker.",
    ],
)
def test_placeholder_names_are_not_flagged(text: str) -> None:
    assert screen(text) == []


def test_ordinary_capitalised_words_at_sentence_start_are_not_names() -> None:
    assert screen("Maten var god. Fysioterapeuten kom. Ingen endring i kveld.") == []


# --- case_number -----------------------------------------------------------------------


def test_case_number_is_flagged() -> None:
    text = "Saksnummer 24/11873-2 gjelder klagen."
    assert spans(text, "case_number") == ["24/11873-2"]


def test_season_and_scores_are_not_case_numbers() -> None:
    assert screen("Vinteren 2019/2020 skåret hun 22/30 på testen.") == []


# --- warnings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "age"),
    [("Pasienten er 94 år og bor alene.", "94 år"), ("Hun er 93 og glad i kryssord.", "93")],
)
def test_exact_age_of_ninety_or_more_warns(text: str, age: str) -> None:
    found = warnings(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [("exact_age", age)]
    assert screen(text) == []


def test_age_below_ninety_or_a_percentage_does_not_warn() -> None:
    assert warnings("Hun er 89 år. Over 90 % var fornøyde, metning 95 %.") == []


def test_exact_non_birth_date_warns() -> None:
    text = "Pårørendemøte avholdt 12.02.2024 med to barn."
    found = warnings(text)
    assert [(f.kind, text[f.start : f.end]) for f in found] == [("exact_date", "12.02.2024")]


def test_birth_date_blocks_and_does_not_also_warn() -> None:
    text = "Fødselsdato: 07.11.1942"
    assert warnings(text) == []
    assert kinds(text) == {"birth_date"}


# --- suppress_small --------------------------------------------------------------------


def test_small_counts_are_suppressed() -> None:
    assert suppress_small({"a": 1, "b": 4, "c": 5, "d": 12}) == {
        "a": None,
        "b": None,
        "c": 5,
        "d": 12,
    }


def test_zero_counts_are_kept() -> None:
    assert suppress_small({"none": 0}) == {"none": 0}


def test_threshold_is_configurable() -> None:
    assert suppress_small({"a": 9, "b": 10}, threshold=10) == {"a": None, "b": 10}


# --- held-out style mix ----------------------------------------------------------------

HELD_OUT_STYLE_DIRTY = [
    ("Primærkontakt Synnøve Lie følger opp.", "person_name"),
    ("Pårørende: Bjørg Aasen (svigerdatter), tlf 92 11 33 44", "phone"),
    ("Nattevakt: Linda", "person_name"),
    ("Etter at Sigve hadde gått, ble hun urolig.", "person_name"),
    ("Thea (12) og Jakob (9) var på besøk.", "person_name"),
    ("Piotr Nowak er ny på nattevakt.", "person_name"),
    ("Kontakt: Ingeborg (datter) 412 34 567", "phone"),
    ("Hjemme i Granveien 3b er det trapp.", "address"),
    ("DOB: 01.01.1940", "birth_date"),
]
HELD_OUT_STYLE_CLEAN = [
    "Pasienten fikk Paracet 1 g x 4 og Movicol ved behov.",
    "Innlagt fra Sykehuset Østfold Kalnes etter fall.",
    "Hun bruker Spiriva Respimat daglig.",
    "Tema for møtet: Livskvalitet og Håp i eldreomsorgen.",
    "Sengepost 3 Vest har ledig plass fra uke 23.",
    "Legemiddelgjennomgang: Albyl-E seponert, Eliquis 5 mg x 2.",
    "Mandag: Fysioterapi. Tirsdag: Ergoterapi. Onsdag: Frisør.",
    "Hun heiet på Rosenborg og hørte på NRK.",
]


@pytest.mark.parametrize(("text", "kind"), HELD_OUT_STYLE_DIRTY)
def test_held_out_style_identifiers_are_blocked(text: str, kind: str) -> None:
    assert kind in kinds(text)


@pytest.mark.parametrize("text", HELD_OUT_STYLE_CLEAN)
def test_held_out_style_clean_texts_pass(text: str) -> None:
    assert screen(text) == []
