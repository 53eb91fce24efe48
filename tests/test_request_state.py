"""The fixed cost of a page: the content version, the vocabulary version and the freeze time are
read in one statement a request, and vocabulary labels are built once a process per vocabulary
version. A change made elsewhere (another worker, the CLI: here another app context) shows on
the next request all the same, and a write within a request is seen by the rest of it."""

from __future__ import annotations

from sqlalchemy import event

from insight.extensions import db
from insight.models import User, VocabularyTerm
from insight.services import accounts, cache, freeze, tokens
from tests.test_cached_figures import logged_in

BANNER = 'class="freeze-banner"'


def _term(code: str) -> VocabularyTerm:
    return db.session.query(VocabularyTerm).filter_by(kind="source", code=code).one()


def test_a_label_edited_elsewhere_shows_on_the_next_list_page(app, factory):
    factory.observation(visibility="suppliers", source="intervju")
    supplier = logged_in(app, factory, "supplier")
    assert "Samtale med bruker" not in supplier.get("/observations").get_data(True)
    with app.app_context():
        _term("intervju").label_nb = "Samtale med bruker"
        db.session.commit()  # an administrator's edit: no change-log entry
    assert "Samtale med bruker" in supplier.get("/observations").get_data(True)


def test_a_deactivated_term_is_no_longer_labelled(app, factory):
    factory.observation(visibility="suppliers", source="intervju")
    supplier = logged_in(app, factory, "supplier")
    with app.app_context():
        label = _term("intervju").label_nb
    assert label in supplier.get("/observations").get_data(True)
    with app.app_context():
        _term("intervju").active = False
        db.session.commit()
    page = supplier.get("/observations").get_data(True)
    assert label not in page and "· intervju ·" in page


def test_the_labels_follow_the_language(app, factory):
    factory.observation(visibility="suppliers", source="intervju")
    supplier = logged_in(app, factory, "supplier")
    with app.app_context():
        term = _term("intervju")
        norwegian, english = term.label_nb, term.label_en
    assert norwegian != english and norwegian in supplier.get("/observations").get_data(True)
    supplier.post("/language/en", data={"next": "/"})
    assert english in supplier.get("/observations").get_data(True)


def _admin(app, factory) -> User:
    _, email = factory.user("admin")
    return accounts.find_by_email(email)


def test_a_freeze_elsewhere_shows_on_the_next_request_and_an_unfreeze_too(app, factory):
    supplier = logged_in(app, factory, "supplier")
    assert BANNER not in supplier.get("/").get_data(True)
    with app.app_context():
        freeze.freeze(_admin(app, factory))
        db.session.commit()
    assert BANNER in supplier.get("/").get_data(True)
    assert BANNER in supplier.get("/observations").get_data(True)
    with app.app_context():
        freeze.unfreeze(_admin(app, factory))
        db.session.commit()
    assert BANNER not in supplier.get("/").get_data(True)


def test_a_write_within_a_request_is_seen_by_the_rest_of_it(app, factory):
    """The versions are kept in flask.g only until the request's session writes."""
    with app.test_request_context():
        admin = _admin(app, factory)
        assert cache.frozen_at() is None
        freeze.freeze(admin)  # flushed, not committed
        assert cache.frozen_at() is not None
        db.session.rollback()
        assert cache.frozen_at() is None
        freeze.freeze(admin)
        db.session.commit()
        assert cache.frozen_at() is not None


def test_an_api_read_writes_nothing_between_two_uses_of_the_token(app, client, factory):
    """last_used_at is kept to the minute: a second call within the minute commits nothing (a
    commit would expire and reload the token and its user on every call)."""
    ref = factory.observation(visibility="suppliers")
    with app.app_context():
        _, email = factory.user("supplier")
        _, raw = tokens.create_token(accounts.find_by_email(email), "test", "read")
        db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get(f"/api/v1/observations/{ref}", headers=headers).status_code == 200
    with app.app_context():
        commits: list[int] = []
        listener = lambda _session: commits.append(1)  # noqa: E731
        event.listen(db.session, "after_commit", listener)
        try:
            response = client.get(f"/api/v1/observations/{ref}", headers=headers)
        finally:
            event.remove(db.session, "after_commit", listener)
    assert response.status_code == 200 and commits == []


def test_the_list_filters_follow_an_edit_elsewhere(app, factory):
    """The filter choices are kept per vocabulary version, not per process."""
    supplier = logged_in(app, factory, "supplier")
    with app.app_context():
        term = db.session.query(VocabularyTerm).filter_by(kind="journey_stage").first()
        code, label = term.code, term.label_nb
    page = supplier.get("/observations").get_data(True)
    assert f'<option value="{code}">{label}</option>' in page
    with app.app_context():
        db.session.query(VocabularyTerm).filter_by(kind="journey_stage", code=code).one() \
            .label_nb = "Fase som heter noe nytt"
        db.session.commit()
    page = supplier.get("/observations").get_data(True)
    assert f'<option value="{code}">Fase som heter noe nytt</option>' in page
    with app.app_context():
        db.session.query(VocabularyTerm).filter_by(kind="journey_stage", code=code).one() \
            .active = False
        db.session.commit()
    assert f'<option value="{code}">' not in supplier.get("/observations").get_data(True)
