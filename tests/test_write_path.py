"""One write path per aggregate: refs from the database, one permission check, one screen."""

import threading

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import AuditEvent, Observation, Persona
from insight.services import accounts, insights, journeys, personas, refs, tokens
from insight.services.errors import InvalidInput, PermissionDenied
from insight.services.screening import PersonalDataFound
from insight.services.writing import SYSTEM
from tests.conftest import PASSWORD, TEST_DATABASE_URL
from tests.test_staff import FORM as OBSERVATION_FORM
from tests.test_staff_synthesis import FORMS, create

INSIGHT = {"statement": "Pårørende mangler informasjon før oppholdet", "confidence": "high",
           "themes": ["informasjon"], "visibility": "public"}
JOURNEY = {"title": "Fra sykehus til korttid", "stay_type": "etter_sykehus",
           "visibility": "public"}


def refs_in_use(app):
    with app.app_context():
        return sorted(db.session.scalars(select(Observation.ref)))


def new_observation(client):
    response = client.post("/staff/observations/new", data=OBSERVATION_FORM)
    assert response.status_code == 302, response.get_data(as_text=True)


def test_the_web_and_the_api_number_observations_in_one_sequence(app, client, factory,
                                                                 login_as):
    login_as("staff")
    new_observation(client)
    user_id, _ = factory.user("staff")
    with app.app_context():
        _, raw = tokens.create_token(accounts.get_user(user_id), "test", ["read", "write"])
        db.session.commit()
    body = {k: v for k, v in OBSERVATION_FORM.items() if k != "themes"}
    response = client.post("/api/v1/observations", json=body,
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 201, response.get_json()
    new_observation(client)
    assert refs_in_use(app) == ["OBS-0001", "OBS-0002", "OBS-0003"]


def test_a_generated_ref_skips_refs_an_import_already_used(app, client, factory, login_as):
    factory.observation(ref="OBS-0001", status="draft")
    factory.observation(ref="OBS-0002", status="draft")
    login_as("staff")
    new_observation(client)
    new_observation(client)
    assert refs_in_use(app) == ["OBS-0001", "OBS-0002", "OBS-0003", "OBS-0004"]


def test_a_ref_given_twice_is_refused_next_to_the_ref(app):
    with app.app_context():
        insights.create({**INSIGHT, "ref": "INS-07"}, SYSTEM)
        with pytest.raises(InvalidInput) as error:
            insights.create({**INSIGHT, "ref": "INS-07"}, SYSTEM)
        assert error.value.by_field() == {"ref": ["ref INS-07 is already in use"]}


def test_writers_at_the_same_time_get_different_refs(app):
    if not TEST_DATABASE_URL:
        pytest.skip("concurrent writers need PostgreSQL (SQLite has one writer at a time)")
    handed_out, failures = [], []
    start = threading.Barrier(4)

    def writer():
        with app.app_context():
            try:
                start.wait()
                handed_out.append(refs.next_ref("INS"))
                db.session.commit()
            except Exception as error:
                failures.append(error)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert sorted(handed_out) == ["INS-01", "INS-02", "INS-03", "INS-04"]


@pytest.mark.parametrize("role", ["supplier", "anonymous"])
def test_only_staff_or_the_system_may_write_content(app, factory, role):
    with app.app_context():
        actor = None
        if role != "anonymous":
            actor = accounts.create_user(f"{role}@example.no", PASSWORD, role)
        with pytest.raises(PermissionDenied):
            insights.create(INSIGHT, actor)
        assert insights.create(INSIGHT, SYSTEM).ref == "INS-01"


def test_a_step_given_with_its_journey_is_checked_under_its_own_name(app):
    with app.app_context():
        with pytest.raises(InvalidInput) as error:
            journeys.create({**JOURNEY, "steps": [
                {"stage": "ankomst", "title": "Ankomst"},
                {"stage": "ingen_slik", "title": "Ukjent"}]}, SYSTEM)
        assert list(error.value.by_field()) == ["steps.2.stage"]


def test_personal_data_in_a_step_given_with_its_journey_is_found(app):
    with app.app_context():
        with pytest.raises(PersonalDataFound) as error:
            journeys.create({**JOURNEY, "steps": [
                {"stage": "ankomst", "title": "Ankomst",
                 "what_happens": "Datteren ringer fra 912 34 567."}]}, SYSTEM)
        assert [f.field for f in error.value.findings] == ["steps.1.what_happens"]


def test_an_overridden_finding_is_audited_once_when_an_insight_is_created(app, client,
                                                                         login_as):
    login_as("staff")
    data = {**FORMS["insights"],
            "statement": "Brukeren leste høyt fra boka om Per Spelmann for de andre."}
    key = "statement:person_name:32:44"
    response = client.post("/staff/insights/new", data={
        **data, "override": key, f"reason-{key}": "Navnet på en folkevise, ikke en person"})
    assert response.status_code == 302
    with app.app_context():
        overrides = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "privacy.override")).all()
        assert len(overrides) == 1


def test_staff_pages_and_demo_data_store_the_same_text_for_the_same_input(app, client,
                                                                          login_as):
    login_as("staff")
    item_id = create(client, "personas", needs=" Vite hva som skjer \r\n\r\nTrening\r\n")
    with app.app_context():
        by_page = db.session.get(Persona, item_id)
        by_service = personas.create({**FORMS["personas"],
                                      "needs": ["Vite hva som skjer", "", "Trening"]}, SYSTEM)
        assert by_page.needs == by_service.needs == "Vite hva som skjer\nTrening"
