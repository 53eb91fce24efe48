"""An observation's page body is kept for readers who cannot see drafts until a change-log entry
names it or something that can cite it: a publish elsewhere does not make it render again,
while a withdrawal, an edit, a new citation or a changed vocabulary label shows on the next
request. Staff always get a fresh page, and never hand theirs to a supplier."""

from __future__ import annotations

import pytest

from insight.extensions import db
from insight.models import Observation, User, VocabularyTerm
from insight.services import observations, publishing, reading
from tests.test_cached_figures import logged_in


@pytest.fixture
def renders(monkeypatch) -> list[str]:
    """The refs whose observation was loaded for a page body."""
    calls: list[str] = []
    original = reading.observation

    def counting(user, ref):
        calls.append(ref)
        return original(user, ref)

    monkeypatch.setattr(reading, "observation", counting)
    return calls


def _item(ref: str) -> tuple[Observation, User]:
    item = db.session.query(Observation).filter_by(ref=ref).one()
    return item, db.session.get(User, item.author_id)


def test_a_publish_elsewhere_does_not_render_the_page_again(app, factory, renders):
    ref = factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    supplier = logged_in(app, factory, "supplier")
    assert "Rullatoren sto i gangen" in supplier.get(f"/observations/{ref}").get_data(True)
    factory.observation(visibility="suppliers")  # a new content version, another observation
    renders.clear()
    page = supplier.get(f"/observations/{ref}")
    assert page.status_code == 200 and "Rullatoren sto i gangen" in page.get_data(True)
    assert renders == []


def test_a_withdrawal_shows_on_the_next_request(app, factory, renders):
    ref = factory.observation(visibility="suppliers")
    supplier = logged_in(app, factory, "supplier")
    assert supplier.get(f"/observations/{ref}").status_code == 200
    with app.app_context():
        item, author = _item(ref)
        publishing.unpublish(item, author)
        db.session.commit()
    assert supplier.get(f"/observations/{ref}").status_code == 404


def test_an_edit_of_published_content_shows_on_the_next_request(app, factory, renders):
    ref = factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    supplier = logged_in(app, factory, "supplier")
    assert supplier.get(f"/observations/{ref}").status_code == 200
    with app.app_context():
        item, author = _item(ref)
        observations.update(item, {"title": "Rullatoren sto i trappa"}, author)
        db.session.commit()  # back to review: gone for suppliers
    assert supplier.get(f"/observations/{ref}").status_code == 404
    with app.app_context():
        item, _ = _item(ref)
        reviewer = db.session.query(User).filter_by(email="factory-reviewer@example.no").one()
        publishing.publish(item, reviewer)
        db.session.commit()
    assert "Rullatoren sto i trappa" in supplier.get(f"/observations/{ref}").get_data(True)


def test_a_new_label_shows_on_the_next_request(app, factory, renders):
    ref = factory.observation(visibility="suppliers", source="intervju")
    supplier = logged_in(app, factory, "supplier")
    assert supplier.get(f"/observations/{ref}").status_code == 200
    with app.app_context():
        term = db.session.query(VocabularyTerm).filter_by(kind="source", code="intervju").one()
        term.label_nb = "Samtale med bruker"
        db.session.commit()  # an administrator's edit: no change-log entry
    assert "Samtale med bruker" in supplier.get(f"/observations/{ref}").get_data(True)


def test_staff_pages_are_never_kept_nor_handed_to_suppliers(app, factory, renders):
    shared = factory.observation(visibility="suppliers")
    internal = factory.observation(visibility="internal")
    staff = logged_in(app, factory, "staff")
    supplier = logged_in(app, factory, "supplier")
    anonymous = app.test_client()
    for _ in range(2):
        assert staff.get(f"/observations/{internal}").status_code == 200
        assert 'class="button secondary"' in staff.get(f"/observations/{shared}").get_data(True)
    assert renders.count(shared) == 2  # staff: fresh each time
    assert supplier.get(f"/observations/{internal}").status_code == 404
    page = supplier.get(f"/observations/{shared}").get_data(True)
    assert 'class="button secondary"' not in page  # staff's Edit button is not there
    assert anonymous.get(f"/observations/{shared}").status_code in (302, 401, 403, 404)


def _journey_with_evidence(app) -> tuple[str, str]:
    """The demo data's first journey and a published observation one of its steps cites."""
    from insight.models import Journey
    from insight.services import demo

    with app.app_context():
        demo.seed_demo()
        db.session.commit()
        journey = db.session.query(Journey).filter_by(status="published").order_by(
            Journey.ref).first()
        cited = next(o for step in journey.steps for o in step.evidence
                     if o.status == "published" and o.visibility != "internal")
        return journey.ref, cited.ref


def test_a_journey_shows_a_withdrawn_evidence_on_the_next_request(app, factory, monkeypatch):
    journey, cited = _journey_with_evidence(app)
    calls: list[str] = []
    original = reading.journey
    monkeypatch.setattr(reading, "journey",
                        lambda user, ref: calls.append(ref) or original(user, ref))
    supplier = logged_in(app, factory, "supplier")
    assert f'href="/observations/{cited}"' in supplier.get(f"/journeys/{journey}").get_data(True)
    factory.observation(visibility="suppliers")  # elsewhere: the page is not rendered again
    assert supplier.get(f"/journeys/{journey}").status_code == 200
    assert calls == [journey]
    with app.app_context():
        item, author = _item(cited)
        publishing.unpublish(item, author)
        db.session.commit()
    page = supplier.get(f"/journeys/{journey}").get_data(True)
    assert f'href="/observations/{cited}"' not in page  # no longer a link: withdrawn
    assert calls == [journey, journey]
