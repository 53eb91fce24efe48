"""Behaviour of every search backend on a small Norwegian document set.

The PostgreSQL backend runs only when INSIGHT_TEST_DATABASE_URL is set; it creates and drops
its own tables in that database.
"""

import os
from datetime import UTC, datetime

import pytest

from insight.search import SearchDocument, SearchQuery, make_backend

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
