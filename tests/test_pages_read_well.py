"""Pages that read well: matched text in snippets, no workflow badges for suppliers, labels
instead of codes, edit links for staff, no publish button four eyes will refuse, dates in
Norwegian, and a menu that reaches every reading page."""

from __future__ import annotations

import re

from sqlalchemy import select

from insight.extensions import db
from insight.models import Insight, Observation
from insight.services import audit
from tests.conftest import PASSWORD
from tests.test_staff_synthesis import create


def log_in(client, factory, role, language="en"):
    _, email = factory.user(role)
    client.post("/auth/logout")
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                       ).status_code == 302
    client.post(f"/language/{language}", data={"next": "/"})
    return email


def observation_id(app, ref):
    with app.app_context():
        return db.session.scalar(select(Observation.id).where(Observation.ref == ref))


def snippets(page: str) -> list[str]:
    return re.findall(r'<p class="snippet">(.*?)</p>', page, re.S)


def test_a_snippet_shows_the_matched_text_not_the_vocabulary_labels(client, factory):
    factory.observation(visibility="public", themes=["informasjon"],
                        text="Hun ventet lenge på rommet sitt.")
    for query in ("rommet", "informasjon"):
        found = snippets(client.get(f"/search?q={query}").get_data(as_text=True))
        assert found and all("Hun ventet lenge" in s for s in found), query
        assert not any(" · " in s or "Rehabilitation" in s for s in found), query


def test_suppliers_see_no_workflow_badges(app, client, factory):
    ref = factory.observation(visibility="suppliers")
    log_in(client, factory, "supplier")
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert "badge" not in page
    log_in(client, factory, "staff")
    assert "badge" in client.get(f"/observations/{ref}").get_data(as_text=True)


def test_staff_get_an_edit_link_on_every_item_page(app, client, factory):
    ref = factory.observation()
    log_in(client, factory, "staff")
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert f'href="/staff/observations/{observation_id(app, ref)}"' in page
    insight_id = create(client, "insights")
    with app.app_context():
        insight_ref = db.session.get(Insight, insight_id).ref
    page = client.get(f"/insights/{insight_ref}").get_data(as_text=True)
    assert f'href="/staff/insights/{insight_id}"' in page


def test_suppliers_get_no_edit_link(app, client, factory):
    ref = factory.observation()
    log_in(client, factory, "supplier")
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert "/staff/observations/" not in page


def test_the_author_is_not_offered_a_publish_button_but_a_reviewer_is(app, client, factory):
    log_in(client, factory, "staff")
    insight_id = create(client, "insights")
    client.post(f"/staff/insights/{insight_id}/send_to_review")
    own = client.get(f"/staff/insights/{insight_id}").get_data(as_text=True)
    assert f'action="/staff/insights/{insight_id}/publish"' not in own
    assert "someone else must review and publish" in own
    log_in(client, factory, "staff")
    other = client.get(f"/staff/insights/{insight_id}").get_data(as_text=True)
    assert f'action="/staff/insights/{insight_id}/publish"' in other


def test_the_history_and_audit_log_show_readable_action_names(app, client, factory):
    log_in(client, factory, "staff")
    insight_id = create(client, "insights")
    client.post(f"/staff/insights/{insight_id}/send_to_review")
    with app.app_context():
        object_type, object_id = audit.object_key(db.session.get(Insight, insight_id))
    history = client.get(f"/staff/history/{object_type}/{object_id}").get_data(as_text=True)
    assert "Insight: sent to review" in history and "insight.send_to_review" not in history
    assert "Draft → In review" in history
    log_in(client, factory, "admin")
    log = client.get("/admin/audit").get_data(as_text=True)
    assert "Insight: created" in log and "insight.create" not in log.split("<tbody>")[1]


def test_roles_on_the_users_page_are_labels(client, factory):
    log_in(client, factory, "admin")
    page = client.get("/admin/users").get_data(as_text=True)
    assert ">Municipal staff</option>" in page and ">staff</option>" not in page


def test_months_are_written_in_norwegian(client, factory):
    ref = factory.observation(visibility="public", month="2025-03")
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert "mars 2025" in page and "2025-03<" not in page


def test_the_menu_reaches_statistics_change_log_bid_pack_and_settings(client, factory):
    anonymous = client.get("/").get_data(as_text=True)
    assert 'href="/statistics"' in anonymous and 'href="/changes"' in anonymous
    assert 'href="/bid-pack"' not in anonymous
    log_in(client, factory, "supplier")
    supplier = client.get("/").get_data(as_text=True)
    assert 'href="/bid-pack"' in supplier and 'href="/admin/settings"' not in supplier
    log_in(client, factory, "admin")
    assert 'href="/admin/settings"' in client.get("/").get_data(as_text=True)


def test_norwegian_content_is_marked_lang_nb_when_the_interface_is_english(client, factory):
    ref = factory.observation(visibility="public", title="Ventet på rommet")
    client.post("/language/en", data={"next": "/"})
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert '<html lang="en">' in page
    assert '<h1 lang="nb">Ventet på rommet</h1>' in page
    assert '<blockquote class="observation-text" lang="nb">' in page


def test_no_extra_lang_marking_when_the_interface_is_norwegian(client, factory):
    ref = factory.observation(visibility="public", title="Ventet på rommet")
    page = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert '<html lang="nb">' in page and '<h1>Ventet på rommet</h1>' in page
