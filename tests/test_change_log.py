"""The public change log: the same entries for every reader of the same visibility,
tombstones without content, and an Atom feed of the same."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from sqlalchemy import select

from insight.extensions import db
from insight.models import Observation
from insight.services import accounts, publishing

ATOM = "{http://www.w3.org/2005/Atom}"


def archive(app, ref: str) -> None:
    with app.app_context():
        item = db.session.scalar(select(Observation).where(Observation.ref == ref))
        publishing.archive(item, accounts.find_by_email("factory-author@example.no"))
        db.session.commit()


def test_publishing_an_observation_puts_it_in_the_change_log(client, factory):
    ref = factory.observation(visibility="public", title="Kveldsmaten kom for tidlig")
    page = client.get("/changes").get_data(as_text=True)
    assert ref in page
    assert "Kveldsmaten kom for tidlig" in page


def test_a_draft_never_appears_in_the_change_log(client, factory, login_as):
    ref = factory.observation(status="draft", visibility="public")
    login_as("supplier")
    assert ref not in client.get("/changes").get_data(as_text=True)


def test_an_item_for_suppliers_is_logged_for_suppliers_not_the_public(client, factory,
                                                                        login_as):
    ref = factory.observation(visibility="suppliers")
    assert ref not in client.get("/changes").get_data(as_text=True)
    login_as("supplier")
    assert ref in client.get("/changes").get_data(as_text=True)


def test_a_withdrawn_item_leaves_a_tombstone_without_its_content(app, client, factory):
    ref = factory.observation(visibility="public", title="Trappen var glatt om morgenen")
    archive(app, ref)
    page = client.get("/changes").get_data(as_text=True)
    assert page.count(f"{ref}") >= 2  # published, then withdrawn
    assert "Trappen var glatt om morgenen" not in page
    assert "Trukket tilbake" in page or "Withdrawn" in page


def test_two_suppliers_read_the_same_change_log(app, factory):
    factory.observation(visibility="suppliers")
    factory.observation(visibility="public")
    pages = []
    for _ in range(2):
        _, email = factory.user("supplier")
        client = app.test_client()
        client.post("/auth/login", data={"email": email, "password": "correct-horse-battery"})
        body = client.get("/changes").get_data(as_text=True)
        pages.append(body.split("<table", 1)[1].split("</table>", 1)[0])
    assert pages[0] == pages[1]


def test_the_atom_feed_lists_the_same_changes(client, factory):
    ref = factory.observation(visibility="public", title="Besøkstiden var for kort")
    response = client.get("/changes.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert any(ref in t and "Besøkstiden var for kort" in t for t in titles)


def test_the_atom_feed_of_an_anonymous_reader_has_no_supplier_items(client, factory):
    ref = factory.observation(visibility="suppliers")
    assert ref.encode() not in client.get("/changes.atom").data


def test_an_import_published_at_once_appears_in_the_change_log(runner, tmp_path, client,
                                                                login_as):
    from tests.test_cli import row, write_csv

    path = write_csv(tmp_path / "obs.csv", [row("OBS-0101"), row("OBS-0102")])
    result = runner.invoke(args=["import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    login_as("supplier")
    page = client.get("/changes").get_data(as_text=True)
    assert "OBS-0101" in page and "OBS-0102" in page
