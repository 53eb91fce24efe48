"""Search knows the language of care (issue 11, third pass): the care thesaurus by category of
need, particle verbs, inflections Snowball misses, English questions — through the API, on
every backend."""

import pytest

from insight.search.analysis import bokmal_forms, inflections, key
from insight.search.thesaurus import default_thesaurus_text, particle_keys
from tests.search_helpers import public, refs

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend



# --- the care thesaurus by category --------------------------------------------------------


def test_an_everyday_word_of_a_care_need_finds_its_professional_word(client, factory):
    dressing = public(factory, "Hun trenger hjelp til påkledning om morgenen.")
    public(factory, "Hun leste avisen om morgenen.")
    assert refs(client, "kle på") == [dressing]


def test_transport_words_find_each_other(client, factory):
    taxi = public(factory, "Drosjen kom en time for sent til sykehjemmet.")
    public(factory, "Datteren kom en time for sent til sykehjemmet.")
    assert refs(client, "skyss") == [taxi]


def test_a_nynorsk_spelling_finds_the_bokmal_word(client, factory):
    lonely = public(factory, "Ensomheten var verst om kvelden.")
    public(factory, "Tryggheten var best om kvelden.")
    assert refs(client, "einsemd") == [lonely]


def test_every_rule_has_a_source_note():
    rules: list[str] = []
    for line in default_thesaurus_text().splitlines():
        if line[:1].isspace() and rules:
            rules[-1] += line  # a continued rule
        elif line.strip() and not line.startswith("#"):
            rules.append(line)
    assert len(rules) > 500
    for rule in rules:
        assert "  # " in rule, rule


# --- particle verbs ------------------------------------------------------------------------


def test_a_particle_verb_finds_its_noun(client, factory):
    discharged = public(factory, "Utskrivningen skjedde en fredag uten beskjed.")
    public(factory, "Innkomsten skjedde en fredag uten beskjed.")
    assert refs(client, "skrevet ut fra sykehuset") == [discharged]


def test_a_particle_verb_rule_needs_its_particle():
    assert particle_keys("skrevet ut") == (key("skrevet"), "ut")
    assert particle_keys("skrive") == (key("skrive"),)


def test_the_bare_verb_does_not_take_the_particle_verbs_meaning(client, factory):
    public(factory, "Innleggelsen kom brått etter et fall.")
    lies_down = public(factory, "Hun legger seg tidlig etter middag.")
    assert refs(client, "legge inn") and refs(client, "legge") == [lies_down]


# --- inflections Snowball stems apart -------------------------------------------------------


def test_an_adjectives_neuter_form_finds_the_base_form(client, factory):
    busy = public(factory, "Personalet var travle hele kvelden, og vakten var travel.")
    public(factory, "Personalet var rolige hele kvelden.")
    assert refs(client, "travelt") == [busy]


def test_inflections_of_adjectives_and_weak_verbs():
    assert "travel" in inflections("travelt")
    assert "trygg" in inflections("trygt")
    assert "trygt" in inflections("trygg")
    assert "spist" in inflections("spise")
    assert not any(key(w) == "brukt" for w in inflections("bruker"))


# --- English questions ----------------------------------------------------------------------


def test_an_english_question_finds_the_norwegian_words(client, factory):
    hearing = public(factory, "Høreapparatet var borte, og han hørte dårlig.")
    public(factory, "Brillene var borte, og han så dårlig.")
    assert refs(client, "problems with the hearing aid") == [hearing]


def test_an_english_word_the_thesaurus_knows_is_not_spell_corrected(client, factory):
    public(factory, "Det var feil medisin i dosetten.")
    assert refs(client, "feel") == []


# --- Nynorsk -----------------------------------------------------------------------------


def test_a_nynorsk_word_takes_its_bokmal_form_as_a_translation_not_a_typo():
    from insight.search.query import W_TRANSLATION
    from insight.search.ranking import Ranker
    from insight.search.vocabulary import Vocabulary

    known = key("trygghet")
    plan = Ranker().planner.plan("tryggheit", Vocabulary({known: 3}, {known: "trygghet"}))
    assert plan.clauses[0].alts[known] == W_TRANSLATION


def test_bokmal_forms_of_nynorsk_words():
    assert "sykehjem" in bokmal_forms("sjukeheim")
    assert "trygghet" in bokmal_forms("tryggleik")
    assert "bruker" in bokmal_forms("brukar")
    assert "avlastning" in bokmal_forms("avlasting")
