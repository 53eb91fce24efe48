"""Compounds written apart and quoted phrases across inflections and compounds (issue 11,
fourth pass) — through the API, on every backend."""

import pytest

from tests.search_helpers import public, refs

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend



# --- quoted phrases ----------------------------------------------------------------------


def test_a_quoted_phrase_matches_an_inflected_form_of_its_words_adjacent(client, factory):
    safe = public(factory, "Hun sa at hun følte seg trygg hjemme etter oppholdet.")
    public(factory, "Hjemme var hun aldri helt trygg, sa datteren etter oppholdet.")
    assert refs(client, '"trygt hjemme"') == [safe]


def test_a_quoted_phrase_matches_its_words_written_as_one_compound(client, factory):
    night = public(factory, "Nattevakten kom sent til avdelingen.")
    public(factory, "Vakten kom sent til avdelingen om natten.")
    assert refs(client, '"natt vakt"') == [night]


# --- a compound query word whose texts write it apart --------------------------------------


def test_the_parts_of_a_compound_near_each_other_rank_first(client, factory):
    for i in range(6):
        public(factory, f"Brukeren gikk tur nummer {i} i parken.")
    # The shorter text would rank first on its words alone.
    apart = public(factory, "Planen ble laget tidlig, men mye uro i gangen. Hjemreisen gikk greit.")
    near = public(factory, "Planen for hjemreisen ble laget tidlig i oppholdet. Det var mye "
                           "uro i gangen, mange besøkende og flere nye ansatte på vakt om "
                           "kvelden.")
    assert refs(client, "hjemreiseplan")[:2] == [near, apart]


def test_a_part_of_a_compound_is_found_in_its_derived_form(client, factory):
    planned = public(factory, "Vi planlegger måltidene sammen med brukeren hver uke.")
    public(factory, "Måltidene var gode.")
    public(factory, "Planlegging av utreisen tok lang tid.")
    assert refs(client, "måltidsplanlegging")[0] == planned


# --- long questions ----------------------------------------------------------------------


def test_a_question_ranks_texts_by_how_many_of_its_words_they_hold(client, factory):
    for i in range(4):
        public(factory, f"Pårørende fikk avlastning i uke nummer {i}.")
    for i in range(10):
        public(factory, f"Brukeren gikk tur nummer {i} i parken.")
    both = public(factory, "Pårørende savnet avlastning etter utreisen og om helgene, "
                           "sa datteren i samtalen.")
    rare = public(factory, "Det var nok mat.")  # one rare word of the question only
    found = refs(client, "hvorfor opplever pårørende at de ikke får nok avlastning")
    assert found.index(both) < found.index(rare)


# --- an expansion the texts write apart --------------------------------------------------


def test_a_translation_the_texts_write_apart_finds_its_parts(client, factory):
    public(factory, "Smertene var verst om natten, sa hun.")
    relieved = public(factory, "Smertene ble lindret med tabletter om natten.")
    assert refs(client, "pain relief")[0] == relieved
