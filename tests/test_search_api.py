"""GET /api/v1/search: the contract integrators rely on, on every search backend."""

import pytest

from insight.extensions import db
from insight.services import accounts, tokens

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend


def token_for(app, role: str) -> str:
    with app.app_context():
        user = accounts.create_user(f"{role}@search.no", "et-langt-passord", role)
        _, raw = tokens.create_token(user, "test", "read")
        db.session.commit()
        return raw


def search(client, token: str | None = None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get("/api/v1/search", query_string=params, headers=headers)


def refs(client, token: str | None = None, **params) -> list[str]:
    response = search(client, token, **params)
    assert response.status_code == 200, response.get_json()
    return [item["ref"] for item in response.get_json()["items"]]


@pytest.fixture
def content(factory):
    """One observation per visibility and one draft, all about falls at night."""
    text = "Brukeren falt om natten på vei til badet."
    return {
        "public": factory.observation(visibility="public", text=text),
        "suppliers": factory.observation(visibility="suppliers", text=text),
        "internal": factory.observation(visibility="internal", text=text),
        "draft": factory.observation(status="draft", visibility="public", text=text),
    }


def test_the_app_uses_the_backend_of_the_parametrisation(app, search_backend):
    assert app.config["SEARCH_BACKEND"] == search_backend


def test_anonymous_callers_find_public_content_only(client, content):
    assert refs(client, q="falt") == [content["public"]]


def test_a_supplier_token_finds_published_public_and_supplier_content(app, client, content):
    found = refs(client, token_for(app, "supplier"), q="falt")
    assert sorted(found) == sorted([content["public"], content["suppliers"]])


def test_a_staff_token_finds_everything_including_drafts(app, client, content):
    found = refs(client, token_for(app, "staff"), q="falt")
    assert sorted(found) == sorted(content.values())


def test_visibility_is_applied_before_paging(client, factory):
    for _ in range(3):
        factory.observation(visibility="internal", title="Rullator på rommet")
    public = factory.observation(visibility="public", title="Rullator på rommet")
    body = search(client, q="rullator", page_size=1).get_json()
    assert body["total"] == 1 and [i["ref"] for i in body["items"]] == [public]


def test_an_item_has_the_fields_of_the_contract(client, factory):
    ref = factory.observation(visibility="public", text="Sengealarmen varslet om natten.")
    body = search(client, q="sengealarm").get_json()
    assert set(body) == {"total", "page", "page_size", "items", "facets", "suggestion"}
    item = body["items"][0]
    assert set(item) == {"type", "ref", "title", "snippet", "score", "url", "matched"}
    assert item["type"] == "observation" and item["ref"] == ref
    assert item["url"] == f"/observations/{ref}" and "<mark>" in item["snippet"]
    assert isinstance(item["score"], float)


def test_the_snippet_is_escaped_html(client, factory):
    factory.observation(visibility="public", text="Hun skrev <b>sengealarm</b> på lappen.")
    snippet = search(client, q="sengealarm").get_json()["items"][0]["snippet"]
    assert "&lt;b&gt;" in snippet and "<b>" not in snippet


def test_items_come_in_rank_order(client, factory):
    factory.observation(visibility="public", title="Om dagen", text="Nevnte sengealarm en gang.")
    best = factory.observation(visibility="public", title="Sengealarm",
                               text="Sengealarm og atter sengealarm: sengealarmen varslet.")
    items = search(client, q="sengealarm").get_json()["items"]
    assert items[0]["ref"] == best
    assert [i["score"] for i in items] == sorted((i["score"] for i in items), reverse=True)


def test_newest_first_sorts_by_date(client, factory):
    old = factory.observation(visibility="public", month="2024-02")
    new = factory.observation(visibility="public", month="2026-05")
    assert refs(client, q="informasjon", sort="newest") == [new, old]


def test_facets_count_the_matches_per_value(client, factory):
    factory.observation(visibility="public", stay_type="avlastning", themes=["sovn"])
    factory.observation(visibility="public", stay_type="avlastning", themes=["sovn", "fall"])
    factory.observation(visibility="public", stay_type="utredning", themes=["fall"])
    facets = search(client, q="informasjon").get_json()["facets"]
    assert facets["stay_type"] == {"avlastning": 2, "utredning": 1}
    assert facets["theme"] == {"sovn": 2, "fall": 2}
    assert facets["type"] == {"observation": 3}


def test_repeated_filter_values_of_one_key_are_alternatives(client, factory):
    respite = factory.observation(visibility="public", stay_type="avlastning")
    assessment = factory.observation(visibility="public", stay_type="utredning")
    factory.observation(visibility="public", stay_type="rehabilitering")
    found = refs(client, q="informasjon", stay_type=["avlastning", "utredning"])
    assert sorted(found) == sorted([respite, assessment])


def test_filters_of_different_keys_must_all_match(client, factory):
    both = factory.observation(visibility="public", stay_type="avlastning", themes=["fall"])
    factory.observation(visibility="public", stay_type="avlastning", themes=["sovn"])
    factory.observation(visibility="public", stay_type="utredning", themes=["fall"])
    assert refs(client, stay_type="avlastning", theme="fall") == [both]


def test_pages_split_the_results_without_overlap(client, factory):
    made = {factory.observation(visibility="public") for _ in range(5)}
    first = search(client, q="informasjon", page_size=2, page=1).get_json()
    third = search(client, q="informasjon", page_size=2, page=3).get_json()
    second = refs(client, q="informasjon", page_size=2, page=2)
    assert first["total"] == 5 and (first["page"], first["page_size"]) == (1, 2)
    pages = [i["ref"] for i in first["items"]] + second + [i["ref"] for i in third["items"]]
    assert len(third["items"]) == 1 and set(pages) == made and len(pages) == 5


def test_a_page_size_over_100_is_a_422_with_a_message(client):
    response = search(client, q="fall", page_size=101)
    assert response.status_code == 422
    assert "page_size" in response.get_json()["error"]["message"]


def test_an_unknown_sort_is_a_422_with_a_message(client):
    response = search(client, q="fall", sort="popular")
    assert response.status_code == 422
    assert "sort" in response.get_json()["error"]["message"]


def test_an_unknown_type_is_a_422(client):
    assert search(client, type="recipe").status_code == 422


def test_a_misspelt_query_gets_a_suggestion(client, factory):
    factory.observation(visibility="public", title="Rehabilitering etter brudd")
    body = search(client, q="rehabiliterng").get_json()
    assert body["suggestion"] == "rehabilitering"


def test_an_english_query_finds_norwegian_content_by_its_theme(client, factory):
    ref = factory.observation(visibility="public", themes=["ensomhet"])
    assert refs(client, q="loneliness") == [ref]


def test_a_broken_index_is_a_503_json_not_a_500(app, client, monkeypatch):
    from insight.search.sync import get_backend

    with app.app_context():
        backend = get_backend()

    def broken(query):
        raise OSError("index gone")

    monkeypatch.setattr(backend, "search", broken)
    response = search(client, q="fall")
    assert response.status_code == 503
    assert response.get_json()["error"]["status"] == 503


def test_the_openapi_document_describes_search(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    parameters = {p["name"] for p in spec["paths"]["/api/v1/search"]["get"]["parameters"]}
    assert {"q", "type", "stay_type", "journey_stage", "theme", "sort", "page",
            "page_size"} <= parameters


# --- what search derives from content follows the reader's visibility -----------------------

def test_did_you_mean_does_not_reveal_a_word_only_an_internal_draft_holds(client, factory):
    factory.observation(status="draft", visibility="internal", title="Rehabilitering etter brudd")
    body = search(client, q="rehabiliterng").get_json()
    assert body["suggestion"] is None and body["total"] == 0


def test_did_you_mean_does_not_reveal_a_word_only_an_internal_item_holds(app, client, factory):
    factory.observation(visibility="internal", title="Rehabilitering etter brudd")
    body = search(client, token_for(app, "supplier"), q="rehabiliterng").get_json()
    assert body["suggestion"] is None


def test_staff_get_did_you_mean_from_drafts_they_may_read(app, client, factory):
    factory.observation(status="draft", visibility="internal", title="Rehabilitering etter brudd")
    body = search(client, token_for(app, "staff"), q="rehabiliterng").get_json()
    assert body["suggestion"] == "rehabilitering"


def test_did_you_mean_suggests_the_visible_word_when_a_hidden_one_is_commoner(client, factory):
    factory.observation(visibility="public", title="Rehabilitering etter brudd")
    for _ in range(2):
        factory.observation(status="draft", visibility="internal", title="Rehabiliterina i kveld")
    assert search(client, q="rehabiliterin").get_json()["suggestion"] == "rehabilitering"


def test_facets_count_only_what_the_reader_may_see(app, client, factory):
    factory.observation(visibility="public", stay_type="utredning")
    factory.observation(visibility="internal", stay_type="avlastning")
    factory.observation(status="draft", visibility="public", stay_type="avlastning")
    anonymous = search(client, q="informasjon").get_json()
    assert anonymous["facets"]["stay_type"] == {"utredning": 1} and anonymous["total"] == 1
    staff = search(client, token_for(app, "staff"), q="informasjon").get_json()
    assert staff["facets"]["stay_type"] == {"utredning": 1, "avlastning": 2}


def test_snippets_come_only_from_what_the_reader_may_see(client, factory):
    factory.observation(visibility="internal", text="Sengealarmen var hemmelig slått av.")
    public = factory.observation(visibility="public", text="Sengealarmen virket hele natten.")
    items = search(client, q="sengealarm").get_json()["items"]
    assert [i["ref"] for i in items] == [public]
    assert "hemmelig" not in " ".join(i["snippet"] + i["title"] for i in items)
