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
    lex = Lexicon(["korttid", "opphold", "avlastning", "hjemreise"]
                  + ["natt", "vakt", "plan"] * 3)
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
    lex.learn(["radio", "programmet"])
    assert lex.split("radioprogrammet") == (key("radio"), key("program"))


def test_splitter_trusts_four_letter_parts_only_when_common():
    lex = Lexicon(["sensor"])
    assert lex.split("sengesensor") == ()
    lex.learn(["seng", "sengen", "senga"])
    assert lex.split("sengesensor") == (key("seng"), key("sensor"))


def test_splitter_keeps_a_compound_commoner_than_its_parts_whole():
    lex = Lexicon(["natt"] * 3 + ["vakt"] * 3 + ["nattevakt"] * 20)
    assert lex.split("nattevakt") == ()


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
    plan = _planner().plan('hva bør skje når "for tidlig hjem"', Vocabulary({}))
    phrase = [c for c in plan.clauses if c.phrase]
    assert phrase and phrase[0].phrase == (key("tidlig"), key("hjem"))
    assert key("bør") not in plan.keys()


def test_compound_parts_share_one_idf():
    lex = Lexicon(["helg"] * 3 + ["bemanning"])
    planner = Planner(Analyzer(lex), Thesaurus("", lambda t: tuple(key(w) for w in t.split())))
    plan = planner.plan("helgebemanning", Vocabulary({key("helg"): 2, key("bemanning"): 40}))
    assert len(plan.clauses) == 2
    assert plan.clauses[0].group == plan.clauses[1].group >= 0


def test_impacts_saturate_and_weigh_title_and_tags():
    from insight.search.ranking import impacts

    a = Analyzer()
    once = impacts([], a.tokens("natt"), [])
    many = impacts([], a.tokens("natt natt natt natt"), [])
    tagged = impacts([], a.tokens("natt"), a.tokens("sovn"))
    assert once[key("natt")] < many[key("natt")] < 2.2
    assert key("søvn") in tagged


def test_question_modal_verbs_are_dropped_but_content_verbs_kept():
    plan = _planner().plan("hvorfor må pårørende ringe for å få informasjon", Vocabulary({}))
    assert key("må") not in plan.keys()
    assert {key("ringe"), key("informasjon")} <= plan.keys()


def test_bit_sliced_bounds_never_fall_below_exact_scores():
    import random

    from insight.search.topk import bound_planes, members, tiers, top_k

    rng = random.Random(3)
    n = 500
    post = {k: {d: round(rng.uniform(0.05, 2.2), 4)
                for d in rng.sample(range(n), rng.randint(5, 300))}
            for k in "abcd"}
    clauses = [(1.3, {"a": 1.0, "b": 0.6}), (0.7, {"c": 1.0}), (0.4, {"d": 0.8})]
    tier_map = {k: tiers(p, n) for k, p in post.items()}

    def exact(docs):
        return {d: sum(f * max((w * post[k].get(d, 0.0) for k, w in alts.items()), default=0)
                       for f, alts in clauses) for d in docs}

    planes = bound_planes(clauses, tier_map.__getitem__)
    *bits, unit = planes
    universe = 0
    for p in post.values():
        for d in p:
            universe |= 1 << d
    for d, score in exact(members(universe)).items():
        bound = sum(((b >> d) & 1) << i for i, b in enumerate(bits)) * unit
        assert bound >= score - 1e-9
    everything = sorted(exact(members(universe)).items(), key=lambda x: (-x[1], x[0]))
    assert top_k(10, universe, planes, exact) == everything[:10]


def test_irregular_verb_forms_share_a_key():
    assert key("kom") == key("kommer") == key("kommet") == key("komme")
    assert key("gikk") == key("går")


def test_multi_word_synonym_is_one_conjunctive_alternative():
    from insight.search.query import conjunction

    plan = _planner("vekttap, gått ned i vekt").plan("vekttap", Vocabulary({}))
    alts = plan.clauses[0].alts
    assert conjunction(tuple(key(w) for w in "gått ned i vekt".split())) in alts
    assert key("vekt") not in alts


def test_second_best_alternative_adds_to_a_clause():
    from insight.search.query import Clause, QueryPlan
    from insight.search.ranking import Ranked, Ranker

    plan = QueryPlan([Clause({"a": 1.0, "b": 0.6})])
    postings = {"a": {1: 1.0, 2: 1.0}, "b": {2: 1.0}}
    scores = Ranker().score_docs(plan, Ranked([1.0], 1.0), postings.__getitem__, [1, 2])
    assert scores[2] > scores[1] > 0
