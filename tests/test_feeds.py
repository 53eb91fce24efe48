"""Atom feeds behind a secret address, read without a session, and the "new since your last
visit" marks on the lists."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from sqlalchemy import select

from insight.extensions import db
from insight.models import User
from insight.services import accounts, questions
from tests.conftest import PASSWORD

ATOM = "{http://www.w3.org/2005/Atom}"


def feed_addresses(client) -> dict[str, str]:
    """Reset the feed secret on the account page; the addresses it shows, by feed name."""
    html = client.post("/account/feeds").get_data(as_text=True)
    urls = re.findall(r"<code>(http[^<]+)</code>", html)
    assert urls, html
    return {url.rsplit("/", 1)[1]: url.replace("http://localhost", "") for url in urls}


def entries(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.status_code
    root = ET.fromstring(response.data)
    return [{"title": e.findtext(f"{ATOM}title"),
             "link": (e.find(f"{ATOM}link").get("href") if e.find(f"{ATOM}link") is not None
                      else "")}
            for e in root.findall(f"{ATOM}entry")]


def refs(response) -> str:
    return " ".join(f"{e['title']} {e['link']}" for e in entries(response))


def saved_search(client, q: str) -> int:
    response = client.post("/search/save", data={"name": q, "q": q, "sort": "relevance"})
    return int(response.location.rsplit("/", 1)[1])


def test_the_account_page_has_a_feeds_section_with_a_reset_button(client, login_as):
    login_as("supplier")
    html = client.get("/auth/password").get_data(as_text=True)
    assert 'id="feeds"' in html
    assert 'action="/account/feeds"' in html


def test_a_newly_published_match_appears_in_the_saved_searchs_feed(app, client, factory,
                                                                   login_as):
    login_as("supplier")
    saved_id = saved_search(client, "rullator")
    address = feed_addresses(client)[f"{saved_id}.atom"]
    assert entries(app.test_client().get(address)) == []
    ref = factory.observation(visibility="suppliers", text="Rullatoren sto igjen på rommet.")
    assert ref in refs(app.test_client().get(address))


def test_the_saved_search_feed_lists_the_newest_hit_first(app, client, factory, login_as):
    login_as("supplier")
    saved_id = saved_search(client, "rullator")
    address = feed_addresses(client)[f"{saved_id}.atom"]
    older = factory.observation(visibility="public", text="Rullatoren sto igjen.")
    newer = factory.observation(visibility="public", text="Rullatoren var borte.")
    titles = [e["title"] for e in entries(app.test_client().get(address))]
    assert titles[0].startswith(newer) and titles[1].startswith(older)


def test_the_change_feed_works_without_a_session(app, client, factory, login_as):
    ref = factory.observation(visibility="suppliers")
    login_as("supplier")
    address = feed_addresses(client)["changes.atom"]
    assert ref in refs(app.test_client().get(address))


def test_the_answer_feed_lists_new_answers(app, client, factory, login_as):
    login_as("supplier")
    address = feed_addresses(client)["answers.atom"]
    with app.app_context():
        staff = accounts.find_by_email(factory.user("staff")[1])
        asker = accounts.find_by_email(factory.user("supplier")[1])
        question = questions.ask("Hvor mange plasser?", "Hvor mange plasser finnes?", asker)
        questions.answer(question, "Det finnes 46 plasser.", staff)
        db.session.commit()
        ref = question.ref
    assert ref in refs(app.test_client().get(address))


def test_an_old_feed_address_is_not_found_after_a_reset(app, client, login_as):
    login_as("supplier")
    old = feed_addresses(client)["changes.atom"]
    new = feed_addresses(client)["changes.atom"]
    reader = app.test_client()
    assert reader.get(old).status_code == 404
    assert reader.get(new).status_code == 200


def test_a_made_up_feed_address_is_not_found(client):
    assert client.get("/feeds/not-a-real-secret/changes.atom").status_code == 404


def test_only_a_hash_of_the_feed_secret_is_stored(app, client, login_as):
    email = login_as("supplier")
    secret = feed_addresses(client)["changes.atom"].split("/")[2]
    with app.app_context():
        user = accounts.find_by_email(email)
        assert user.feed_token_hash and secret not in user.feed_token_hash
        assert secret not in str(db.session.execute(select(User.__table__)).all())


def test_a_deactivated_users_feeds_stop(app, client, factory, login_as):
    email = login_as("supplier")
    address = feed_addresses(client)["changes.atom"]
    _, admin_email = factory.user("admin")
    with app.app_context():
        accounts.set_active(accounts.find_by_email(email), False,
                            accounts.find_by_email(admin_email))
        db.session.commit()
    assert app.test_client().get(address).status_code == 404


def test_another_users_saved_search_feed_is_not_found(app, client, auth, login_as):
    login_as("supplier")
    saved_id = saved_search(client, "rullator")
    auth.logout()
    login_as("supplier")
    address = feed_addresses(client)["changes.atom"].replace(
        "changes.atom", f"searches/{saved_id}.atom")
    assert app.test_client().get(address).status_code == 404


def test_a_suppliers_feeds_never_show_drafts_or_internal_items(app, client, factory, login_as):
    login_as("supplier")
    saved_id = saved_search(client, "rullator")
    addresses = feed_addresses(client)
    hidden = [factory.observation(status="draft", text="Rullatoren sto igjen."),
              factory.observation(status="in_review", text="Rullatoren sto igjen."),
              factory.observation(visibility="internal", text="Rullatoren var borte.")]
    seen = refs(app.test_client().get(addresses["changes.atom"])) + \
        refs(app.test_client().get(addresses[f"{saved_id}.atom"]))
    assert not [ref for ref in hidden if ref in seen]


def test_a_staff_feed_shows_internal_items(app, client, factory, login_as):
    login_as("staff")
    address = feed_addresses(client)["changes.atom"]
    ref = factory.observation(visibility="internal")
    assert ref in refs(app.test_client().get(address))


def test_an_anonymous_reader_cannot_make_feed_addresses(client):
    response = client.post("/account/feeds")
    assert response.status_code == 302 and "/auth/login" in response.location


# --- "new since your last visit" ----------------------------------------------------------

def new_marks(html: str) -> list[str]:
    """The refs of the list items that carry the "New" badge."""
    items = html.split('<li class="result">')[1:]
    return [re.search(r"OBS-\d+", item).group(0) for item in items if "badge-new" in item]


def test_an_item_published_since_the_last_visit_is_marked_new(client, factory, login_as):
    old = factory.observation(visibility="public")
    login_as("supplier")
    client.get("/observations")
    new = factory.observation(visibility="public")
    assert new_marks(client.get("/observations").get_data(as_text=True)) == [new]
    assert old != new


def test_the_new_mark_is_gone_after_the_list_was_viewed(client, factory, login_as):
    login_as("supplier")
    client.get("/observations")
    factory.observation(visibility="public")
    client.get("/observations")
    assert new_marks(client.get("/observations").get_data(as_text=True)) == []


def test_the_new_mark_is_kept_on_the_account_across_sessions(app, factory):
    _, email = factory.user("supplier")
    first = app.test_client()
    first.post("/auth/login", data={"email": email, "password": PASSWORD})
    first.get("/observations")
    new = factory.observation(visibility="public")
    second = app.test_client()
    second.post("/auth/login", data={"email": email, "password": PASSWORD})
    assert new_marks(second.get("/observations").get_data(as_text=True)) == [new]


def test_an_anonymous_reader_gets_new_marks_in_the_session(client, factory):
    client.get("/observations")
    new = factory.observation(visibility="public")
    assert new_marks(client.get("/observations").get_data(as_text=True)) == [new]


def test_the_new_mark_is_text_not_colour_alone(client, factory, login_as):
    login_as("supplier")
    client.get("/insights")
    client.get("/observations")
    factory.observation(visibility="public")
    html = client.get("/observations").get_data(as_text=True)
    assert re.search(r'class="badge badge-new">\s*Ny\s*<', html)


def test_viewing_one_list_does_not_clear_the_marks_of_another(client, factory, login_as):
    login_as("supplier")
    client.get("/observations")
    client.get("/personas")
    new = factory.observation(visibility="public")
    client.get("/personas")
    assert new_marks(client.get("/observations").get_data(as_text=True)) == [new]


def test_the_access_log_never_shows_a_feed_secret(client, caplog):
    import logging

    with caplog.at_level(logging.INFO):
        client.get("/feeds/s3cr3t-token/changes.atom")
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "/feeds/…/changes.atom" in logged
    assert "s3cr3t-token" not in logged
