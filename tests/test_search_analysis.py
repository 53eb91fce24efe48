"""Norwegian analysis: stemming, folding, compounds, stop words, thesaurus, query plans."""

from insight.search.analysis import Analyzer, Lexicon, fold, key
from insight.search.query import Planner
from insight.search.thesaurus import Thesaurus
from insight.search.vocabulary import Vocabulary


def test_inflected_forms_share_a_key():
    assert key("sykehjemmet") == key("sykehjem")
    assert key("brukere") == key("bruker") == key("brukerne")
    assert key("vedtaket") == key("vedtak")


def test_folding_meets_ascii_spellings():
    assert fold("pårørende") == fold("parorende") == fold("paarorende")
    assert key("søvn") == key("sovn") == key("soevn")
    assert key("mål") == key("mal")
    assert key("ernæring") == key("ernaering")


def test_compounds_split_with_linking_letters():
    lex = Lexicon(["korttid"])
    assert lex.split("korttidsoppholdet") == (key("korttid"), key("opphold"))
    assert key("avlastning") in lex.split("avlastningsopphold")
    assert lex.split("nattevakten") == (key("natt"), key("vakt"))
    assert lex.split("hjemreiseplan") == (key("hjemreise"), key("plan"))


def test_splitter_leaves_lexicalised_words_alone():
    lex = Lexicon(["gangen", "overgangen", "ringer", "mestring"])
    assert lex.split("overgangen") == ()
    assert lex.split("sykehjemmet") == ()
    assert lex.split("mestring") == ()


def test_splitter_learns_parts_from_indexed_text():
    lex = Lexicon()
    assert lex.split("radioprogrammet") == ()
    lex.learn(["radio"])
    assert lex.split("radioprogrammet") == (key("radio"), key("program"))


def test_stop_words_are_dropped_but_positions_kept():
    toks = Analyzer().tokens("Plan for hjemreisen")
    assert [t.key for t in toks] == [key("plan"), key("hjemreisen")]
    assert [t.pos for t in toks] == [0, 2]


def _planner(rules: str = "legemidler, medisiner\nloneliness => ensomhet") -> Planner:
    analyzer = Analyzer()
    return Planner(analyzer, Thesaurus(rules, lambda t: tuple(key(w) for w in t.split())))


def test_thesaurus_expands_both_ways_and_one_way():
    vocab = Vocabulary({})
    plan = _planner().plan("medisiner", vocab)
    assert key("legemidler") in plan.keys()
    assert key("ensomhet") in _planner().plan("loneliness", vocab).keys()
    assert key("loneliness") not in _planner().plan("ensomhet", vocab).keys()


def test_unknown_word_gets_typo_corrections_weighted_lower():
    vocab = Vocabulary({key("ernæring"): 5})
    clause = _planner().plan("ernering", vocab).clauses[0]
    assert 0 < clause.alts[key("ernæring")] < clause.alts[key("ernering")]


def test_question_words_are_dropped_and_phrases_kept():
    plan = _planner().plan('hva skjer når "for tidlig hjem"', Vocabulary({}))
    phrase = [c for c in plan.clauses if c.phrase]
    assert phrase and phrase[0].phrase == (key("tidlig"), key("hjem"))
    assert key("skjer") not in plan.keys()
