"""The index follows the database: changes through services reach search after commit, a failed
drain loses nothing, and the search, index and thesaurus pages work — on every backend."""

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, JourneyStep, Observation, SearchOutbox
from insight.search.sync import get_backend
from insight.services import (
    accounts,
    journeys,
    observations,
    publishing,
    questions,
    reading,
    tokens,
)

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend

STAFF = "factory-author@example.no"  # the factory's author: an approved staff account


def found(client, q: str, token: str | None = None, **params) -> list[str]:
    """Refs found through the API: anonymously, or with the bearer token given."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    body = client.get("/api/v1/search", query_string={"q": q, **params},
                      headers=headers).get_json()
    return [item["ref"] for item in body["items"]]


def staff_token(app) -> str:
    with app.app_context():
        _, raw = tokens.create_token(staff_user(), "test", "read")
        db.session.commit()
        return raw


def outbox_size(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(SearchOutbox))


def staff_user():
    return accounts.find_by_email(STAFF)


# --- sync after commit -----------------------------------------------------------------------

def test_a_published_observation_is_found_after_commit(client, factory):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    assert found(client, "rullator") == [ref]


def test_the_outbox_is_empty_after_a_successful_commit(app, factory):
    factory.observation(visibility="public")
    assert outbox_size(app) == 0


def test_an_edited_observation_is_found_by_its_new_words(app, client, factory):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        item = reading.observation(None, ref)
        observations.update(item, {"text": "Sengealarmen ble skrudd av om natten."},
                            staff_user())
        db.session.commit()
    token = staff_token(app)  # an edit may send the item back to review: staff still see it
    assert found(client, "sengealarm", token) == [ref] and found(client, "rullator", token) == []


def test_an_unpublished_observation_is_no_longer_found_by_readers(app, client, factory):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        publishing.unpublish(reading.observation(None, ref), staff_user())
        db.session.commit()
    assert found(client, "rullator") == []


def test_a_deleted_observation_leaves_the_index(app, client, factory):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        db.session.delete(db.session.scalar(select(Observation).where(Observation.ref == ref)))
        db.session.commit()
        assert f"observation:{ref}" not in get_backend().versions()


def test_a_deleted_expired_observation_leaves_the_index(app, factory):
    ref = factory.observation(visibility="public")
    with app.app_context():
        item = db.session.scalar(select(Observation).where(Observation.ref == ref))
        db.session.commit()  # expires every attribute: the delete must still know the ref
        db.session.delete(item)
        db.session.commit()
        assert f"observation:{ref}" not in get_backend().versions()


def test_objects_flushed_earlier_in_the_transaction_are_indexed(app, client):
    with app.app_context():
        author = accounts.create_user("a@kommune.no", "et-langt-passord", "staff")
        data = {"title": "Tidlig flushet", "text": "Trygghetsalarmen var ikke koblet til.",
                "source": "intervju", "stay_type": "avlastning", "journey_stage": "ankomst",
                "actor": "bruker", "month": "2025-01", "age_band": "80-89",
                "visibility": "internal"}
        first = observations.create(data, author)  # flushed here, long before the commit
        db.session.flush()
        observations.create({**data, "title": "Senere"}, author)
        db.session.commit()
        assert {f"observation:{first.ref}", "observation:OBS-0002"} <= set(
            get_backend().versions())


def test_a_changed_journey_step_reindexes_its_journey(app, client):
    with app.app_context():
        author = accounts.create_user("a@kommune.no", "et-langt-passord", "staff")
        journey = journeys.create({
            "ref": "REI-01", "title": "Fra sykehus til korttid", "stay_type": "etter_sykehus",
            "visibility": "public", "steps": [{"stage": "ankomst", "title": "Ankomst",
                                                "what_happens": "Hun kommer med drosje."}],
        }, author)
        journey.status = "published"
        db.session.commit()
        step = db.session.scalar(select(JourneyStep))
        step.what_happens = "Hun kommer med ambulanse og en pose klær."
        db.session.commit()
    assert found(client, "ambulanse") == ["REI-01"]


def test_a_published_answer_is_found_by_suppliers_only(app, client):
    with app.app_context():
        supplier = accounts.create_user("lev@firma.no", "et-langt-passord", "supplier")
        staff = accounts.create_user("a@kommune.no", "et-langt-passord", "staff")
        question = questions.ask("Brukes nettbrett?", "Har avdelingene nettbrett?", supplier)
        questions.answer(question, "Ja, to nettbrett per avdeling.", staff)
        db.session.commit()
        document = get_backend().versions()
    assert "answer:SPM-001" in document and found(client, "nettbrett") == []


# --- a failed drain ------------------------------------------------------------------------

def fail_next_index_write(app, monkeypatch) -> dict:
    """Make the index refuse its next write, then work again; counts the writes tried."""
    with app.app_context():
        backend = get_backend()
    upsert = backend.upsert
    calls = {"n": 0}

    def flaky(docs):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk full")
        return upsert(docs)

    monkeypatch.setattr(backend, "upsert", flaky)
    return calls


@pytest.fixture
def failing_once(app, monkeypatch):
    """The index refuses the next write, then works again."""
    return fail_next_index_write(app, monkeypatch)


def test_a_failed_drain_keeps_the_change_in_the_outbox(app, factory, failing_once):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        assert f"observation:{ref}" not in get_backend().versions()
    assert outbox_size(app) == 1


def test_the_next_sync_indexes_what_a_failed_drain_left(app, client, factory, runner,
                                                        failing_once):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert found(client, "rullator") == [ref] and outbox_size(app) == 0


def test_the_next_commit_leaves_what_a_failed_drain_left_to_the_worker(app, client, factory,
                                                                       runner, failing_once):
    first = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    second = factory.observation(visibility="public", text="Kaffen kom kald til frokost.")
    assert found(client, "kaffen") == [second]  # the second commit indexed its own change only
    assert first not in found(client, "rullator") and outbox_size(app) == 1
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert found(client, "rullator")[0] == first and outbox_size(app) == 0


def test_a_request_whose_index_write_fails_succeeds_and_the_next_drain_indexes_it(
        app, client, factory, login_as, runner, monkeypatch):
    ref = factory.observation(status="in_review", visibility="public",
                              text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        item = db.session.scalar(select(Observation).filter_by(ref=ref))
        item_id = item.id
    writes = fail_next_index_write(app, monkeypatch)
    login_as("staff")  # a second staff member publishes the colleague's observation
    response = client.post(f"/staff/observations/{item_id}/publish")
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(Observation, item_id).status == "published"
    assert writes["n"] == 1  # the request's own drain tried the index, and it failed
    assert found(client, "rullator") == [] and outbox_size(app) == 1
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert found(client, "rullator") == [ref] and outbox_size(app) == 0


# --- the search page -----------------------------------------------------------------------

def test_the_search_page_shows_facets_with_counts(client, factory):
    factory.observation(visibility="public", stay_type="avlastning")
    factory.observation(visibility="public", stay_type="avlastning")
    html = client.get("/search?q=informasjon").get_data(as_text=True)
    assert "<legend>Oppholdstype</legend>" in html
    assert 'name="stay_type" value="avlastning"' in html and "(2)" in html


def test_the_search_page_highlights_the_matched_words(client, factory):
    factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    html = client.get("/search?q=rullator").get_data(as_text=True)
    assert "<mark>Rullatoren</mark>" in html


def test_the_search_page_escapes_what_the_text_holds(client, factory):
    factory.observation(visibility="public", text="Notatet sa <script>rullator</script>.")
    html = client.get("/search?q=rullator").get_data(as_text=True)
    assert "<script>" not in html.split("<main", 1)[1] and "&lt;script&gt;" in html


def test_the_search_page_announces_the_result_count(client, factory):
    factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    html = client.get("/search?q=rullator").get_data(as_text=True)
    assert '<p role="status">1 treff</p>' in html


def test_a_chosen_facet_value_keeps_its_alternatives(client, factory):
    factory.observation(visibility="public", stay_type="avlastning")
    factory.observation(visibility="public", stay_type="utredning")
    html = client.get("/search?q=informasjon&stay_type=avlastning").get_data(as_text=True)
    assert 'value="avlastning" checked' in html and 'value="utredning"' in html


def test_the_search_page_offers_did_you_mean(client, factory):
    factory.observation(visibility="public", title="Rehabilitering etter brudd")
    html = client.get("/search?q=rehabiliterng").get_data(as_text=True)
    assert 'href="/search?q=rehabilitering"' in html


def test_the_search_page_pages_the_results(client, factory):
    for _ in range(21):
        factory.observation(visibility="public")
    html = client.get("/search?q=informasjon&stay_type=rehabilitering").get_data(as_text=True)
    assert 'rel="next" href="/search?page=2&amp;q=informasjon&amp;sort=relevance' \
           '&amp;stay_type=rehabilitering"' in html


# --- the index page ------------------------------------------------------------------------

def test_the_index_page_shows_drift_and_backlog(app, client, factory, login_as):
    ref = factory.observation(visibility="public")
    with app.app_context():
        get_backend().delete([f"observation:{ref}"])
    login_as("admin")
    html = client.get("/admin/search").get_data(as_text=True)
    assert f"observation:{ref}" in html and "0 endringer venter i utboksen" in html


def test_the_sync_button_drains_the_outbox(app, client, factory, login_as):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    login_as("admin")
    assert client.post("/admin/search/sync").status_code == 302
    assert found(client, "rullator") == [ref] and outbox_size(app) == 0


def test_the_rebuild_button_restores_a_lost_document(app, client, factory, login_as):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        get_backend().delete([f"observation:{ref}"])
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    assert found(client, "rullator") == [ref]


# --- the thesaurus -------------------------------------------------------------------------

def test_an_added_synonym_takes_effect_without_a_reindex(client, factory, login_as):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    assert found(client, "gåstol") == []
    login_as("admin")
    client.post("/admin/thesaurus", data={"rule": "gåstol => rullator"})
    assert found(client, "gåstol") == [ref]


def test_a_deleted_synonym_stops_matching(app, client, factory, login_as):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    login_as("admin")
    client.post("/admin/thesaurus", data={"rule": "gåstol => rullator"})
    assert found(client, "gåstol") == [ref]
    with app.app_context():
        from insight.services import thesaurus

        rule_id = next(r.id for r in thesaurus.rules() if r.rule == "gåstol => rullator")
    client.post(f"/admin/thesaurus/{rule_id}/delete")
    assert found(client, "gåstol") == []


def test_the_first_edit_keeps_the_default_synonyms(app, client, login_as):
    login_as("admin")
    client.post("/admin/thesaurus", data={"rule": "gåstol => rullator"})
    html = client.get("/admin/thesaurus").get_data(as_text=True)
    assert "pårørende, familie, familien" in html and "gåstol =&gt; rullator" in html


def test_a_thesaurus_change_is_audited(app, client, login_as):
    login_as("admin")
    client.post("/admin/thesaurus", data={"rule": "gåstol => rullator"})
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "thesaurus.add"))
        assert event.changes == {"rule": "gåstol => rullator"}


def test_a_rule_without_synonyms_is_refused_with_a_message(client, login_as):
    login_as("admin")
    response = client.post("/admin/thesaurus", data={"rule": "gåstol"})
    assert response.status_code == 422
    assert "minst to ord" in response.get_data(as_text=True)


# --- the search page follows the reader's visibility ---------------------------------------

def test_the_search_page_does_not_suggest_a_word_only_an_internal_draft_holds(client, factory):
    factory.observation(status="draft", visibility="internal", title="Rehabilitering etter brudd")
    html = client.get("/search?q=rehabiliterng").get_data(as_text=True)
    assert 'class="suggestion"' not in html and "ehabilitering" not in html


def test_the_search_page_suggests_a_draft_word_to_staff(client, factory, login_as):
    factory.observation(status="draft", visibility="internal", title="Rehabilitering etter brudd")
    login_as("staff")
    html = client.get("/search?q=rehabiliterng").get_data(as_text=True)
    assert 'href="/search?q=rehabilitering"' in html


def test_the_search_page_offers_no_facet_value_only_hidden_items_have(client, factory):
    factory.observation(visibility="public", stay_type="utredning")
    factory.observation(visibility="internal", stay_type="avlastning")
    html = client.get("/search?q=informasjon").get_data(as_text=True)
    assert 'value="utredning"' in html and 'value="avlastning"' not in html


# --- a removed index heals without a restart (Whoosh: the index is a directory) -------------

@pytest.fixture
def removed_index(app, client, factory, search_backend):
    """A published observation, found once (a searcher is open), then the index removed."""
    if search_backend != "whoosh":
        pytest.skip("the whoosh index is a directory that can be removed")
    import shutil

    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    assert found(client, "rullator") == [ref]
    shutil.rmtree(app.config["SEARCH_INDEX_DIR"])
    return ref


def test_search_answers_503_while_the_index_is_removed(client, removed_index):
    assert client.get("/api/v1/search", query_string={"q": "rullator"}).status_code == 503


def test_the_index_page_reports_an_index_that_cannot_be_read(client, login_as, removed_index):
    login_as("admin")
    response = client.get("/admin/search")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'id="index-unavailable"' in html and f"observation:{removed_index}" in html


def test_the_sync_button_works_with_the_index_removed(client, login_as, removed_index):
    login_as("admin")
    assert client.post("/admin/search/sync").status_code == 302
    assert client.get("/admin/search").status_code == 200


def test_the_rebuild_button_heals_a_removed_index_without_a_restart(client, login_as,
                                                                      removed_index):
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    html = client.get("/admin/search").get_data(as_text=True)
    assert 'id="index-unavailable"' not in html
    assert found(client, "rullator") == [removed_index]


def test_the_server_uses_an_index_another_process_rebuilt(app, client, removed_index):
    from insight import create_app
    from insight.search import sync

    assert client.get("/api/v1/search", query_string={"q": "rullator"}).status_code == 503
    other = create_app(dict(app.config))  # `flask search rebuild` in a process of its own
    with other.app_context():
        sync.rebuild()
    assert found(client, "rullator") == [removed_index]
