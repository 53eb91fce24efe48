"""Search understands general Norwegian (issue 11): concepts in everyday words, compounds both
ways, misspellings, phrases, honest totals and the words that matched — through the API and the
search page, on every backend."""

import pytest

from tests.search_helpers import public, refs, search

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend




# --- vocabulary concepts reached in everyday words -----------------------------------------

def test_everyday_word_finds_the_stay_type_it_names(client, factory):
    after_hospital = public(factory, "Mor var sliten de første dagene.", stay_type="etter_sykehus")
    public(factory, "Mor var sliten de første dagene.", stay_type="rehabilitering")
    assert refs(client, "utskrivning") == [after_hospital]


def test_an_english_everyday_phrase_finds_the_concept(client, factory):
    after_hospital = public(factory, "Mor var sliten de første dagene.", stay_type="etter_sykehus")
    public(factory, "Mor var sliten de første dagene.", stay_type="avlastning")
    assert refs(client, "discharge from hospital") == [after_hospital]


def test_a_word_of_a_concepts_description_the_texts_lack_finds_the_concept(client, factory):
    meals = public(factory, "Hun satt ved vinduet.", themes=["mat_og_maltider"])
    public(factory, "Hun satt ved vinduet.", themes=["ensomhet"])
    assert refs(client, "spisesituasjonen") == [meals]


# --- compounds both ways -----------------------------------------------------------------------

@pytest.fixture
def beds(factory):
    return {
        "alarm": public(factory, "Sengealarmen varslet to ganger."),
        "sensor": public(factory, "Sengesensoren ble slått av om dagen."),
        "bed": public(factory, "Hun lå i sengen hele formiddagen."),
        "other": public(factory, "Trygghetsalarmen lå i skuffen."),
    }


def test_a_word_finds_compounds_it_begins(client, beds):
    assert set(refs(client, "seng")) == {beds["alarm"], beds["sensor"], beds["bed"]}


def test_a_word_finds_compounds_it_ends(client, beds):
    assert {beds["alarm"], beds["other"]} <= set(refs(client, "alarm"))


def test_a_three_letter_part_finds_compounds_whose_other_part_is_a_word(client, factory):
    appetite = public(factory, "Matlysten var borte etter operasjonen.")
    public(factory, "Hun hadde lyst på kaffe.")
    public(factory, "Han løste matematikkoppgaver om kvelden.")
    assert refs(client, "mat") == [appetite]


# --- words of one meaning in other forms ---------------------------------------------------------

def test_an_irregular_plural_finds_the_singular(client, factory):
    night = public(factory, "Natten var urolig.")
    public(factory, "Dagen var rolig.")
    assert refs(client, "netter") == [night]


def test_a_verb_finds_its_action_noun(client, factory):
    organised = public(factory, "Organiseringen av vaktene var uklar.")
    public(factory, "Rekkefølgen av vaktene var uklar.")
    assert refs(client, "organisert") == [organised]


def test_an_action_noun_finds_its_verb(client, factory):
    planned = public(factory, "Teamet skulle utrede behovet for hjelpemidler.")
    public(factory, "Teamet skulle vurdere behovet for hjelpemidler.")
    assert refs(client, "utredning") == [planned]


def test_an_adjective_finds_the_noun_of_the_same_meaning(client, factory):
    tired = public(factory, "Kona beskrev stor utmattelse etter nettene.")
    public(factory, "Kona beskrev stor glede etter nettene.")
    assert refs(client, "sliten") == [tired]


def test_an_english_word_in_any_inflection_finds_the_norwegian_one(client, factory):
    chair = public(factory, "Rullestolen passet ikke gjennom døren.")
    public(factory, "Rullatoren passet ikke gjennom døren.")
    assert refs(client, "wheelchairs") == [chair]


def test_a_nynorsk_word_finds_the_bokmal_one(client, factory):
    hospital = public(factory, "Far kom fra sykehuset i går.")
    public(factory, "Far kom fra butikken i går.")
    assert refs(client, "sjukehuset") == [hospital]


def test_a_question_leaves_out_its_function_words(client, factory):
    activity = public(factory, "Aktiviteten på avdelingen samlet mange.")
    public(factory, "Det var veldig lite å gjøre hos dem, sa datteren.")
    assert refs(client, "hvorfor er det veldig lite aktivitet hos dem") == [activity]


# --- misspellings --------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "text"), [
    ("ensomhett", "Han fortalte om ensomhet på kvelden."),
    ("trygghett", "Trygghet kom med faste rutiner."),
    ("demmens", "Demens gjorde overgangen vanskelig."),
    ("utrese", "Utreise ble flyttet to ganger."),
])
def test_a_misspelt_word_finds_its_word(client, factory, typed, text):
    ref = public(factory, text)
    public(factory, "Maten var god og varm.")
    assert refs(client, typed) == [ref]


def test_a_corrected_word_is_offered_as_did_you_mean(client, factory):
    public(factory, "Demens gjorde overgangen vanskelig.")
    assert search(client, q="demmens")["suggestion"] == "demens"


def test_zero_hits_still_offer_did_you_mean_on_the_api_and_the_page(client, factory):
    public(factory, "Livet på sykehjemmet var rolig.", title="Et rolig sted")
    body = search(client, q="sykhejm")
    assert body["total"] == 0 and body["suggestion"] == "sykehjemmet"
    html = client.get("/search?q=sykhejm").get_data(as_text=True)
    assert 'class="suggestion"' in html and 'href="/search?q=sykehjemmet"' in html


# --- phrases, totals and the words that matched ------------------------------------------------

def test_a_quoted_phrase_matches_only_adjacent_words_in_order(client, factory):
    adjacent = public(factory, "Det tok en hel time før noen kom.")
    public(factory, "Etter en time var døgnet hel forvirring.")
    body = search(client, q='"hel time"')
    assert [i["ref"] for i in body["items"]] == [adjacent] and body["total"] == 1


def test_total_counts_only_documents_holding_the_word(client, factory):
    for _ in range(4):
        public(factory, "Brukeren ønsket mer informasjon om dagen.")
    ref = public(factory, "Brukeren ønsket mer informasjon om akvariet.")
    body = search(client, q="akvariet")
    assert body["total"] == 1 and [i["ref"] for i in body["items"]] == [ref]


def test_each_hit_says_which_of_its_words_matched(client, beds):
    items = {i["ref"]: i for i in search(client, q="seng")["items"]}
    assert items[beds["alarm"]]["matched"] == ["sengealarmen"]
    assert items[beds["bed"]]["matched"] == ["sengen"]


def test_every_vocabulary_code_has_a_bilingual_description_and_synonyms():
    from insight.services.vocabulary import DEFAULT_VOCABULARIES, concept

    for kind in ("source", "stay_type", "journey_stage", "actor", "theme"):
        for code, _, _ in DEFAULT_VOCABULARIES[kind]:
            c = concept(kind, code)
            assert c and c.description_nb and c.description_en and c.synonyms, (kind, code)

