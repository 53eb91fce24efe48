"""Behaviour of every search backend on a small Norwegian document set.

The PostgreSQL backend runs only when INSIGHT_TEST_DATABASE_URL is set; it creates and drops
its own tables in that database.
"""

import os
from datetime import UTC, datetime

import pytest

from insight.search import SearchDocument, SearchQuery, make_backend
from insight.search.core import top

TEXTS = [
    ("OBS-1", "Korttidsoppholdet ble forlenget", "Brukeren fikk forlenget oppholdet på "
     "sykehjemmet fordi hjelpemidlene ikke var klare.", "rehabilitering", "2024"),
    ("OBS-2", "Nattevakten satt hos henne", "Hun var redd om natten. Nattevakten satte seg "
     "ved senga til hun sovnet.", "lindrende", "2025"),
    ("OBS-3", "Avlastningsopphold hver måned", "Pårørende får avlastning en uke hver måned. "
     "Datteren sier det gjør at hun orker.", "avlastning", "2025"),
    ("OBS-4", "Plan for hjemreisen", "En skriftlig plan for hjemreisen ble laget sammen med "
     "bruker. Ernæring og legemidler var med i planen.", "rehabilitering", "2026"),
    ("OBS-5", "Sendt for tidlig hjem", "Han ble sendt for tidlig hjem og falt etter to dager. "
     "Søvn og måltider var <ikke> fulgt opp.", "etter_sykehus", "2026"),
]


def _docs(visibility="suppliers", status="published"):
    return [SearchDocument(
        doc_id=f"observation:{ref}", type="observation", ref=ref, title=title, body=body,
        status=status, visibility=visibility, url=f"/o/{ref}", version="v1",
        date=datetime(int(year), i + 1, 1, tzinfo=UTC),
        facets={"stay_type": [stay], "period": [year], "theme": ["a", "b"][: 1 + i % 2]},
    ) for i, (ref, title, body, stay, year) in enumerate(TEXTS)]


@pytest.fixture(params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request, tmp_path):
    if request.param == "whoosh":
        b = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
        yield b
        b.close()
        return
    url = os.environ.get("INSIGHT_TEST_DATABASE_URL")
    if not url:
        pytest.skip("INSIGHT_TEST_DATABASE_URL not set")
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    b = make_backend("postgres", engine=engine)  # creates its tables when they are missing

    def empty() -> None:  # rows only: the app's tests share these migrated tables
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM search_document"))
            connection.execute(text("DELETE FROM search_term"))

    empty()
    yield b
    empty()
    engine.dispose()


@pytest.fixture
def loaded(backend):
    backend.upsert(_docs())
    return backend


def refs(backend, text, **kw):
    return [h.ref for h in backend.search(SearchQuery(text=text, **kw)).hits]


def test_compound_parts_find_compounds(loaded):
    assert "OBS-3" in refs(loaded, "avlastning")
    assert "OBS-1" in refs(loaded, "opphold")
    assert refs(loaded, "vakt")[0] == "OBS-2"


def test_inflection_and_folding(loaded):
    assert refs(loaded, "sykehjem") == ["OBS-1"]
    assert "OBS-3" in refs(loaded, "parorende")
    assert "OBS-5" in refs(loaded, "sovn")


def test_whole_compound_finds_its_parts(loaded):
    assert refs(loaded, "hjemreiseplan")[0] == "OBS-4"


def test_typo_synonym_and_english(loaded):
    assert "OBS-4" in refs(loaded, "ernering")
    assert "OBS-4" in refs(loaded, "medisiner")
    assert "OBS-3" in refs(loaded, "respite")


def test_phrase_ranks_adjacent_words_first(loaded):
    assert refs(loaded, '"for tidlig hjem"')[0] == "OBS-5"


def test_question_ranks_documents_matching_more_concepts(loaded):
    assert refs(loaded, "hvorfor var hun redd om natten")[0] == "OBS-2"


def test_snippet_is_escaped_and_marked(loaded):
    hits = loaded.search(SearchQuery(text="søvn")).hits
    hit = next(h for h in hits if h.ref == "OBS-5")
    assert "<mark>Søvn</mark>" in hit.snippet
    assert "&lt;ikke&gt;" in hit.snippet


def test_visibility_is_applied_inside_the_query(backend):
    docs = _docs()
    for d in docs[:3]:
        d.visibility = "internal"
    docs[3].status = "draft"
    backend.upsert(docs)
    res = backend.search(SearchQuery(visibilities=["public", "suppliers"], page_size=1))
    assert res.total == 1 and [h.ref for h in res.hits] == ["OBS-5"]
    assert backend.search(SearchQuery()).total == 5


def test_filters_facets_and_paging(loaded):
    res = loaded.search(SearchQuery(filters={"period": ["2025", "2026"]}, page_size=2))
    assert res.total == 4 and len(res.hits) == 2
    assert res.facets["period"] == {"2025": 2, "2026": 2}
    assert res.facets["type"] == {"observation": 4}
    page2 = loaded.search(SearchQuery(filters={"period": ["2025", "2026"]}, page=2, page_size=2))
    assert {h.ref for h in page2.hits}.isdisjoint({h.ref for h in res.hits})
    both = loaded.search(SearchQuery(filters={"period": ["2026"], "stay_type": ["lindrende"]}))
    assert both.total == 0


def test_empty_query_lists_newest_first(loaded):
    assert refs(loaded, "")[:2] == ["OBS-5", "OBS-4"]


def test_suggestion_when_few_results(loaded):
    res = loaded.search(SearchQuery(text="nattevatken"))
    assert res.suggestion == "nattevakten"


def test_upsert_replaces_delete_removes_and_versions_track(loaded):
    doc = _docs()[0]
    doc.title, doc.version = "Helt ny tittel om tannpuss", "v2"
    loaded.upsert([doc])
    assert refs(loaded, "tannpuss") == ["OBS-1"]
    assert loaded.versions()["observation:OBS-1"] == "v2"
    assert loaded.delete(["observation:OBS-2"]) == 1
    assert "observation:OBS-2" not in loaded.versions()
    loaded.clear()
    assert loaded.versions() == {}


def test_theme_labels_are_searchable(loaded):
    doc = _docs()[0]
    doc.facets = {**doc.facets, "theme": ["mat_og_maltider"]}
    loaded.upsert([doc])
    assert refs(loaded, "måltider")[0] == "OBS-1"


def test_total_matches_the_ranked_list(loaded):
    res = loaded.search(SearchQuery(text="natt", page_size=50))
    assert res.total == len(res.hits)


def test_newest_sort_orders_matches_by_date(loaded):
    found = refs(loaded, "hjem", sort="newest")
    assert found[:2] == ["OBS-5", "OBS-4"] and found == sorted(found, reverse=True)


def _write_one(index_dir: str, ref: str) -> int:
    backend = make_backend("whoosh", index_dir=index_dir)
    doc = _docs()[0]
    doc.doc_id, doc.ref = f"observation:{ref}", ref
    return backend.upsert([doc])


def test_two_processes_writing_one_whoosh_index_both_succeed(tmp_path):
    import multiprocessing as mp

    from whoosh import index

    index_dir = str(tmp_path / "ix")
    make_backend("whoosh", index_dir=index_dir)
    lock = index.open_dir(index_dir).writer()  # hold the lock while both processes start
    ctx = mp.get_context("spawn")
    with ctx.Pool(2) as pool:
        pending = [pool.apply_async(_write_one, (index_dir, ref)) for ref in ("MP-1", "MP-2")]
        lock.cancel()  # both wait for the lock (writer timeout), then write in turn
        assert [p.get(timeout=60) for p in pending] == [1, 1]
    assert {"observation:MP-1", "observation:MP-2"} <= set(
        make_backend("whoosh", index_dir=index_dir).versions())


def test_whoosh_top_k_equals_exhaustive_scoring(tmp_path):
    import random

    rng = random.Random(5)
    words = " ".join(body for _, _, body, _, _ in TEXTS).split()
    backend = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
    base = _docs()[0]
    docs = []
    for i in range(400):
        doc = SearchDocument(**{**base.__dict__, "doc_id": f"observation:R-{i}", "ref": f"R-{i}"})
        doc.body = " ".join(rng.sample(words, rng.randint(3, 25)))
        docs.append(doc)
    backend.upsert(docs)
    with backend.view() as v:
        vocab = backend.known(v)
        for text in ("natt", "sykehjemmet hjem", "hvorfor var hun redd om natten",
                     "plan ernæring"):
            plan = backend.plan(SearchQuery(text=text), vocab)
            ranked = backend.weights(plan, vocab, v.n_docs)
            scores = backend.score(plan, ranked, lambda k, v=v: backend.postings(v, k))
            assert backend.topk(v, plan, ranked, v.live(), 10) == top(scores, 10, v.doc_ids)


def test_whoosh_did_you_mean_survives_reopening(loaded, tmp_path):
    if not hasattr(loaded, "index_dir"):
        pytest.skip("whoosh only")
    reopened = make_backend("whoosh", index_dir=loaded.index_dir)
    assert reopened.search(SearchQuery(text="nattevatken")).suggestion == "nattevakten"


def test_one_document_twice_in_a_batch_is_indexed_once(backend):
    first, second = _docs()[0], _docs()[0]
    second.title = "Tannpuss om kvelden"
    backend.upsert([first, second])
    assert refs(backend, "tannpuss") == ["OBS-1"]
    assert backend.search(SearchQuery()).total == 1


def test_multi_word_synonym_needs_all_its_words(tmp_path):
    backend = make_backend("whoosh", index_dir=str(tmp_path / "ix"),
                           thesaurus="vekttap, gått ned i vekt")
    docs = _docs()[:2]
    docs[0].body = "Hun hadde gått ned i vekt under oppholdet."
    docs[1].body = "Vekt ble målt hver uke."
    backend.upsert(docs)
    assert refs(backend, "vekttap") == ["OBS-1"]


def test_postgres_search_sees_writes_of_another_backend(backend):
    if not hasattr(backend, "engine"):
        pytest.skip("postgres only")
    backend.upsert(_docs()[:1])
    assert refs(backend, "tannpuss") == []
    other = make_backend("postgres", engine=backend.engine)
    doc = _docs()[1]
    doc.title = "Tannpuss om kvelden"
    other.upsert([doc])
    assert refs(backend, "tannpuss") == ["OBS-2"]


def test_an_index_written_before_keeps_opening(tmp_path):
    # Whoosh pickles the schema with the tokenizer's module path into the index's table of
    # contents: moving the class would make every existing index fail to open.
    from insight.search.whoosh_backend import PreAnalyzed

    assert PreAnalyzed.__module__ == "insight.search.whoosh_backend"
    backend = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
    backend.upsert(_docs()[:1])
    reopened = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
    assert reopened.versions() == backend.versions()


def test_a_100k_character_word_is_indexed_and_the_text_stays_findable(backend):
    doc = _docs()[0]
    doc.body = f"Rullatoren sto igjen. {'0' * 100_000} {'ab' * 50_000} Sengealarmen virket."
    backend.upsert([doc])
    assert refs(backend, "rullator") == ["OBS-1"] and refs(backend, "sengealarm") == ["OBS-1"]


def test_a_long_run_of_letters_is_analysed_in_pieces_of_bounded_length():
    from insight.search.analysis import MAX_WORD, Analyzer

    tokens = Analyzer().tokens("x" * 100_000 + " rullatoren")
    assert len(tokens) == 100_000 // MAX_WORD + 1
    assert max(t.end - t.start for t in tokens) == MAX_WORD and tokens[-1].word == "rullatoren"
