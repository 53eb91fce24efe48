"""Administrators edit the vocabularies: every code's labels, descriptions and synonyms in
Bokmål and English. Edits are admin-only, validated field by field and audited; search finds a
code's content by a new synonym at once, and by a new label once the outbox is drained — on
every backend."""

import pytest
from sqlalchemy import func, select, update

from insight.extensions import db
from insight.models import AuditEvent, SearchOutbox, VocabularyTerm
from insight.models.base import utcnow
from insight.services import vocabulary

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend

REHAB = {
    "label_nb": "Rehabilitering", "label_en": "Rehabilitation",
    "description_nb": "Opphold for å trene opp igjen funksjon.",
    "description_en": "A stay to regain function.",
    "synonyms_nb": "opptrening\nrehab", "synonyms_en": "rehabilitation\nrecovery",
    "source_note": "Helse- og omsorgstjenesteloven",
}


def term(app, kind: str = "stay_type", code: str = "rehabilitering") -> VocabularyTerm:
    with app.app_context():
        found = db.session.scalar(select(VocabularyTerm).filter_by(kind=kind, code=code))
        db.session.expunge(found)
        return found


def edit_url(app, kind: str = "stay_type", code: str = "rehabilitering") -> str:
    return f"/admin/vocabularies/{term(app, kind, code).id}"


def found(client, q: str) -> list[str]:
    body = client.get("/api/v1/search", query_string={"q": q}).get_json()
    return [item["ref"] for item in body["items"]]


def outbox_refs(app) -> set[tuple[str, str]]:
    with app.app_context():
        return set(db.session.execute(
            select(SearchOutbox.object_type, SearchOutbox.object_ref)).tuples())


def audit_events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).filter_by(action=action)))


# --- who may ---------------------------------------------------------------------------------

def test_an_admin_sees_every_vocabulary_with_its_codes(client, login_as):
    login_as("admin")
    html = client.get("/admin/vocabularies").get_data(as_text=True)
    for heading in ("Oppholdstyper", "Reisefaser", "Kilder", "Aktører", "Temaer",
                    "Aldersgrupper"):
        assert heading in html
    assert "etter_sykehus" in html and "Opphold etter sykehusinnleggelse" in html
    assert "utskrivningsklar" in html  # a synonym


def test_an_admin_opens_a_code_in_both_languages(app, client, login_as):
    login_as("admin")
    html = client.get(edit_url(app)).get_data(as_text=True)
    assert 'value="Rehabilitering"' in html and 'value="Rehabilitation"' in html
    assert "A stay to regain function." in html and "opptrening" in html


@pytest.mark.parametrize("role", ["staff", "supplier"])
def test_staff_and_suppliers_may_not_see_the_vocabularies(client, login_as, role):
    login_as(role)
    assert client.get("/admin/vocabularies").status_code == 403


@pytest.mark.parametrize("role", ["staff", "supplier"])
def test_staff_and_suppliers_may_not_edit_a_code(app, client, login_as, role):
    url = edit_url(app)
    login_as(role)
    assert client.get(url).status_code == 403
    response = client.post(url, data={**REHAB, "label_en": "Taken over"})
    assert response.status_code == 403
    assert term(app).label_en == "Rehabilitation" and audit_events(app, "vocabulary.update") == []


def test_an_anonymous_visitor_is_sent_to_log_in(app, client):
    response = client.get(edit_url(app))
    assert response.status_code == 302 and "/auth/login" in response.location


# --- editing ---------------------------------------------------------------------------------

def test_an_edit_is_saved_and_audited(app, client, login_as):
    login_as("admin")
    response = client.post(edit_url(app), data={
        **REHAB, "label_en": "Rehabilitation stay", "synonyms_en": "rehabilitation, retraining"})
    assert response.status_code == 302
    saved = term(app)
    assert saved.label_en == "Rehabilitation stay"
    assert saved.synonyms_en == "rehabilitation\nretraining"
    [event] = audit_events(app, "vocabulary.update")
    assert event.changes["label_en"] == ["Rehabilitation", "Rehabilitation stay"]
    assert event.changes["code"] == "stay_type:rehabilitering"


def test_an_unchanged_form_leaves_no_audit_entry(app, client, login_as):
    login_as("admin")
    current = term(app)
    data = {name: getattr(current, name) for name in vocabulary.EDITABLE}
    assert client.post(edit_url(app), data=data).status_code == 302
    assert audit_events(app, "vocabulary.update") == []


def test_synonyms_may_be_written_one_per_line_or_separated_by_commas(app, client, login_as):
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "synonyms_nb": "opptrening, rehab\ntrene opp\n\n"})
    body = client.get("/api/v1/vocabularies/stay_type").get_json()
    rehab = next(t for t in body["terms"] if t["code"] == "rehabilitering")
    assert rehab["synonyms_nb"] == ["opptrening", "rehab", "trene opp"]


def test_a_blank_label_is_refused_next_to_its_field_and_nothing_is_saved(app, client, login_as):
    login_as("admin")
    response = client.post(edit_url(app), data={**REHAB, "label_nb": " ",
                                                "synonyms_en": "rehabilitation, new word"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'id="label_nb-error"' in html and "må fylles ut" in html
    assert 'aria-describedby="label_nb-error"' in html and 'aria-invalid="true"' in html
    saved = term(app)
    assert saved.label_nb == "Rehabilitering" and "new word" not in saved.synonyms_en
    assert audit_events(app, "vocabulary.update") == []


def test_a_blank_description_is_refused(app, client, login_as):
    login_as("admin")
    response = client.post(edit_url(app), data={**REHAB, "description_en": ""})
    assert response.status_code == 422
    assert 'id="description_en-error"' in response.get_data(as_text=True)


def test_a_synonym_that_looks_like_a_rule_is_refused(app, client, login_as):
    login_as("admin")
    response = client.post(edit_url(app), data={**REHAB, "synonyms_nb": "rehab => alt"})
    assert response.status_code == 422
    assert 'id="synonyms_nb-error"' in response.get_data(as_text=True)
    assert "alt" not in term(app).synonyms_nb


def test_the_form_speaks_english_to_an_english_reader(app, client, login_as):
    login_as("admin")
    response = client.post(edit_url(app) + "?lang=en", data={**REHAB, "label_en": ""})
    html = response.get_data(as_text=True)
    assert "Label (English)" in html and "is required" in html


# --- search follows ----------------------------------------------------------------------------

def test_a_new_synonym_finds_the_codes_content_at_once(app, client, factory, login_as):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    other = factory.observation(visibility="public", stay_type="avlastning")
    assert found(client, "xyzzyterm") == []
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "synonyms_en": "rehabilitation\nxyzzyterm"})
    hits = found(client, "xyzzyterm")
    assert rehab in hits and other not in hits


def test_a_removed_synonym_stops_finding_the_code(app, client, factory, login_as):
    factory.observation(visibility="public", stay_type="rehabilitering")
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "synonyms_en": "xyzzyterm"})
    client.post(edit_url(app), data={**REHAB, "synonyms_en": "rehabilitation"})
    assert found(client, "xyzzyterm") == []


def test_a_word_added_to_a_description_leads_to_the_codes_content(app, client, factory,
                                                                   login_as):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    other = factory.observation(visibility="public", stay_type="avlastning")
    assert found(client, "qwyxplorandi") == []
    login_as("admin")
    client.post(edit_url(app), data={
        **REHAB, "description_nb": "Opphold for å trene opp igjen funksjon (qwyxplorandi)."})
    hits = found(client, "qwyxplorandi")
    assert rehab in hits and other not in hits


def test_a_word_removed_from_a_description_no_longer_leads_to_the_code(app, client, factory,
                                                                       login_as):
    factory.observation(visibility="public", stay_type="rehabilitering")
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "description_en": "A stay to qwyxplorandi."})
    assert found(client, "qwyxplorandi") != []
    client.post(edit_url(app), data={**REHAB, "description_en": "A stay to regain function."})
    assert found(client, "qwyxplorandi") == []


def test_a_changed_label_is_queued_for_the_worker_not_indexed_in_the_request(
        app, client, factory, login_as):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    factory.observation(visibility="public", stay_type="avlastning")
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "label_en": "Plughwardstay"})
    assert outbox_refs(app) == {("observation", rehab)}
    assert found(client, "plughwardstay") == []


def test_a_changed_label_and_its_new_synonym_find_the_content_after_the_drain(
        app, client, factory, login_as, runner):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    other = factory.observation(visibility="public", stay_type="avlastning")
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "label_en": "Plughwardstay",
                                     "synonyms_en": "rehabilitation\nxyzzyterm"})
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0
    assert outbox_refs(app) == set()
    assert found(client, "plughwardstay") == [rehab]
    hits = found(client, "xyzzyterm")
    assert rehab in hits and other not in hits


def test_a_theme_label_change_queues_its_observations_and_insights(app, client, factory,
                                                                   login_as):
    tagged = factory.observation(visibility="public", themes=["fall"])
    factory.observation(visibility="public", themes=["informasjon"])
    login_as("admin")
    client.post(edit_url(app, "theme", "fall"), data={
        **REHAB, "label_nb": "Fall og fallskader", "label_en": "Falls"})
    assert outbox_refs(app) == {("observation", tagged)}


def test_the_supplier_page_shows_the_new_label(app, client, factory, login_as, auth):
    ref = factory.observation(visibility="suppliers", stay_type="rehabilitering")
    login_as("admin")
    client.post(edit_url(app), data={**REHAB, "label_nb": "Opptreningsopphold"})
    auth.logout()
    login_as("supplier")
    html = client.get(f"/observations/{ref}").get_data(as_text=True)
    assert "Opptreningsopphold" in html


def test_a_synonym_saved_by_another_process_reaches_search_within_the_ttl(app, client, factory):
    rehab = factory.observation(visibility="public", stay_type="rehabilitering")
    assert found(client, "xyzzyterm") == []  # this process has built its engine
    with app.app_context():  # another process: a plain write, no listener of this one sees it
        with db.engine.begin() as connection:
            connection.execute(update(VocabularyTerm).where(
                VocabularyTerm.kind == "stay_type", VocabularyTerm.code == "rehabilitering")
                .values(synonyms_en="xyzzyterm", updated_at=utcnow()))
    app.config["SEARCH_THESAURUS_TTL"] = 0  # the time-to-live has passed
    assert rehab in found(client, "xyzzyterm")


# --- the API ---------------------------------------------------------------------------------

def test_every_code_has_a_bilingual_description_and_synonyms(client):
    vocabularies = client.get("/api/v1/vocabularies").get_json()["vocabularies"]
    assert set(vocabularies) == {"stay_type", "journey_stage", "source", "actor", "theme",
                                 "age_band"}
    for kind, terms in vocabularies.items():
        for t in terms:
            assert t["description_nb"] and t["description_en"], (kind, t["code"])
            assert t["synonyms_nb"] and t["synonyms_en"], (kind, t["code"])
            assert t["source_note"], (kind, t["code"])


def test_seeding_fills_codes_whose_descriptions_are_blank_and_keeps_edited_ones(app):
    with app.app_context():
        db.session.execute(update(VocabularyTerm).values(
            description_nb="", description_en="", synonyms_nb="", synonyms_en=""))
        db.session.execute(update(VocabularyTerm).where(VocabularyTerm.code == "fall")
                           .values(description_nb="Egen tekst"))
        db.session.commit()
        assert vocabulary.ensure_default_vocabularies() == 0
        db.session.commit()
        terms = vocabulary.term_map("theme")
        assert terms["fall"].description_nb == "Egen tekst"
        assert terms["ensomhet"].description_nb and terms["ensomhet"].synonyms_nb
        assert db.session.scalar(select(func.count()).select_from(VocabularyTerm)
                                 .where(VocabularyTerm.description_en == "")) == 1
