"""Search results for suppliers and anonymous readers are kept per content version: a staff
draft (which changes the index but nothing they may read) does not make them search again, the
next request after a publish finds it, and a result computed while a change is still on its
way to the index is never kept. Staff, who see drafts, always get the index as it is."""

from __future__ import annotations

import pytest

from insight.extensions import db
from insight.models import Observation, SearchOutbox, User
from insight.services import publishing
from tests.test_cached_figures import logged_in, search_total


@pytest.fixture
def engine_calls(monkeypatch) -> list[str]:
    """The texts the search service (the engine and its per-view memo) was asked for."""
    from insight.services import search as search_service

    calls: list[str] = []
    original = search_service.search

    def counting(user, text="", *args, **kwargs):
        calls.append(text)
        return original(user, text, *args, **kwargs)

    monkeypatch.setattr(search_service, "search", counting)
    return calls


def publish(app, ref: str) -> None:
    with app.app_context():
        item = db.session.query(Observation).filter_by(ref=ref).one()
        author = db.session.get(User, item.author_id)
        reviewer = db.session.query(User).filter_by(email="factory-reviewer@example.no").one()
        publishing.send_to_review(item, author)
        publishing.publish(item, reviewer)
        db.session.commit()


def test_a_staff_draft_does_not_make_a_supplier_search_again(app, factory, engine_calls):
    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    supplier = logged_in(app, factory, "supplier")
    assert search_total(supplier, "rullatoren") == 1
    factory.observation(status="draft", visibility="suppliers", title="Rullatoren var tung")
    engine_calls.clear()
    assert search_total(supplier, "rullatoren") == 1
    assert engine_calls == []  # the index changed, but nothing a supplier may read


def test_the_next_search_after_a_publish_finds_it(app, factory, engine_calls):
    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    draft = factory.observation(status="draft", visibility="suppliers",
                                title="Rullatoren var tung")
    supplier = logged_in(app, factory, "supplier")
    anonymous = app.test_client()
    assert search_total(supplier, "rullatoren") == 1
    assert search_total(anonymous, "rullatoren") == 0
    publish(app, draft)
    assert search_total(supplier, "rullatoren") == 2
    assert search_total(anonymous, "rullatoren") == 0  # suppliers' content stays theirs


def test_staff_see_a_new_draft_at_once(app, factory, engine_calls):
    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    staff = logged_in(app, factory, "staff")
    supplier = logged_in(app, factory, "supplier")
    assert search_total(staff, "rullatoren") == 1
    assert search_total(supplier, "rullatoren") == 1
    factory.observation(status="draft", visibility="suppliers", title="Rullatoren var tung")
    assert search_total(staff, "rullatoren") == 2
    assert search_total(supplier, "rullatoren") == 1


def test_a_result_is_not_kept_while_a_change_waits_for_the_index(app, factory, engine_calls):
    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    supplier = logged_in(app, factory, "supplier")
    with app.app_context():
        db.session.add(SearchOutbox(object_type="observation", object_ref="OBS-PENDING"))
        db.session.commit()
    assert search_total(supplier, "rullatoren") == 1
    assert search_total(supplier, "rullatoren") == 1
    assert engine_calls == ["rullatoren", "rullatoren"]  # asked each time, nothing kept
    with app.app_context():
        db.session.query(SearchOutbox).delete()
        db.session.commit()
    assert search_total(supplier, "rullatoren") == 1
    assert search_total(supplier, "rullatoren") == 1
    assert engine_calls == ["rullatoren"] * 3  # kept once the index had caught up


def test_the_api_finds_a_publish_on_the_next_call(app, factory, engine_calls):
    from insight.services import accounts, tokens

    factory.observation(visibility="suppliers", title="Rullatoren sto i gangen")
    draft = factory.observation(status="draft", visibility="suppliers",
                                title="Rullatoren var tung")
    _, email = factory.user("supplier")
    with app.app_context():
        _, raw = tokens.create_token(accounts.find_by_email(email), "test", "read")
        db.session.commit()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {raw}"}

    def total() -> int:
        response = client.get("/api/v1/search?q=rullatoren", headers=headers)
        assert response.status_code == 200, response.data
        return response.get_json()["total"]

    assert total() == 1
    assert total() == 1
    publish(app, draft)
    assert total() == 2
