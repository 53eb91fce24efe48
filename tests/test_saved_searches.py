"""Saved searches through the pages: save from the search page, list, open (with new hits
marked), delete; only the owner reaches one, and an anonymous reader cannot save."""

from __future__ import annotations

import re

from sqlalchemy import select

from insight.extensions import db
from insight.models import AuditEvent, SavedSearch


def save(client, name: str = "Rullatorer", **search) -> object:
    """Save a search the way the search page's form does, after opening that page."""
    page = client.get("/search", query_string=search)
    assert page.status_code == 200
    data = {"name": name, "q": search.get("q", ""), "sort": search.get("sort", "relevance")}
    for key, value in search.items():
        if key not in data:
            data[key] = value
    return client.post("/search/save", data=data)


def saved_id(response) -> int:
    return int(re.search(r"/search/saved/(\d+)$", response.location).group(1))


def test_the_search_page_offers_to_save_the_search_with_its_filters(client, login_as):
    login_as("supplier")
    html = client.get("/search?q=rullator&theme=informasjon").get_data(as_text=True)
    form = html.split('action="/search/save"', 1)[1].split("</form>", 1)[0]
    assert 'name="csrf_token"' in form
    assert 'name="q" value="rullator"' in form
    assert 'name="theme" value="informasjon"' in form


def test_a_saved_search_is_listed_with_a_link_to_its_page(client, login_as):
    login_as("supplier")
    response = save(client, "Mine rullatorer", q="rullator")
    assert response.status_code == 302
    listing = client.get("/search/saved").get_data(as_text=True)
    assert "Mine rullatorer" in listing
    assert f'href="/search/saved/{saved_id(response)}"' in listing


def test_a_saved_searchs_page_runs_the_search(client, factory, login_as):
    wanted = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    login_as("supplier")
    page = client.get(save(client, q="rullator").location).get_data(as_text=True)
    assert wanted in page
    assert "<mark>Rullatoren</mark>" in page


def test_the_saved_search_keeps_its_filters(client, factory, login_as):
    wanted = factory.observation(visibility="public", source="intervju")
    other = factory.observation(visibility="public", source="workshop")
    login_as("supplier")
    page = client.get(save(client, source="intervju").location).get_data(as_text=True)
    assert wanted in page
    assert other not in page


def test_a_hit_published_after_the_last_look_is_marked_new_once(client, factory, login_as):
    login_as("supplier")
    address = save(client, q="rullator").location
    client.get(address)
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    first = client.get(address).get_data(as_text=True)
    hit = first.split(ref, 1)[0].rsplit('<li class="result">', 1)[1]
    assert "badge-new" in hit
    assert "badge-new" not in client.get(address).get_data(as_text=True)


def test_a_hit_that_was_there_when_saved_is_not_marked_new(client, factory, login_as):
    factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    login_as("supplier")
    page = client.get(save(client, q="rullator").location).get_data(as_text=True)
    assert "badge-new" not in page


def test_another_users_saved_search_is_not_found_for_me(client, auth, factory, login_as):
    login_as("supplier")
    address = save(client, q="rullator").location
    auth.logout()
    login_as("supplier")
    assert client.get(address).status_code == 404
    assert client.post(f"{address}/delete").status_code == 404


def test_another_users_saved_search_is_not_in_my_list(client, auth, login_as):
    login_as("supplier")
    client.get(save(client, "Hemmelig navn", q="rullator").location)
    auth.logout()
    login_as("staff")
    assert "Hemmelig navn" not in client.get("/search/saved").get_data(as_text=True)


def test_an_anonymous_reader_cannot_save_a_search(app, client):
    response = client.post("/search/save", data={"name": "Forsøk", "q": "rullator"})
    assert response.status_code == 302 and "/auth/login" in response.location
    with app.app_context():
        assert db.session.scalar(select(SavedSearch.id)) is None


def test_an_anonymous_reader_is_not_offered_to_save(client):
    assert 'action="/search/save"' not in client.get("/search?q=rullator").get_data(as_text=True)


def test_a_search_without_a_name_is_not_saved(app, client, login_as):
    login_as("supplier")
    response = save(client, "  ", q="rullator")
    assert "/search?" in response.location
    with app.app_context():
        assert db.session.scalar(select(SavedSearch.id)) is None


def test_deleting_a_saved_search_removes_it(client, login_as):
    login_as("supplier")
    address = save(client, "Bort med den", q="rullator").location
    assert client.post(f"{address}/delete").status_code == 302
    assert client.get(address).status_code == 404
    assert "Bort med den" not in client.get("/search/saved").get_data(as_text=True)


def test_saving_and_deleting_are_audited(app, client, login_as):
    login_as("staff")
    address = save(client, q="rullator").location
    client.post(f"{address}/delete")
    with app.app_context():
        actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"saved_search.create", "saved_search.delete"} <= actions


def test_a_saved_search_never_shows_a_supplier_a_draft(client, factory, login_as):
    draft = factory.observation(status="draft", text="Rullatoren sto igjen på rommet.")
    internal = factory.observation(visibility="internal", text="Rullatoren var borte.")
    login_as("supplier")
    page = client.get(save(client, q="rullator").location).get_data(as_text=True)
    assert draft not in page
    assert internal not in page
