"""Four eyes on every path: nobody who wrote or changed the version under review publishes it."""

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona
from insight.services import accounts, tokens
from tests.test_staff import FORM as OBSERVATION_FORM
from tests.test_staff_synthesis import FORMS, STEP_FORM, add_step, create

MODELS = {"insights": Insight, "personas": Persona, "journeys": Journey}
CHANGES = {"insights": {"statement": "Brukere får vite for sent hva oppholdet innebærer."},
           "personas": {"title": "Den utålmodige etter hoftebruddet"},
           "journeys": {"title": "Fra fallet til trappa hjemme"}}


def status_of(app, model, item_id):
    with app.app_context():
        return db.session.get(model, item_id).status


def observation_id(app, ref):
    with app.app_context():
        return db.session.scalar(select(Observation.id).where(Observation.ref == ref))


def as_other_staff(auth, login_as):
    auth.logout()
    return login_as("staff")


# --- observations, web ----------------------------------------------------------------------

def test_a_colleague_who_rewrote_a_draft_cannot_publish_it(app, client, auth, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=OBSERVATION_FORM)
    item_id = observation_id(app, "OBS-0001")
    as_other_staff(auth, login_as)
    client.post(f"/staff/observations/{item_id}",
                data={**OBSERVATION_FORM, "text": "Brukeren fikk ikke vite hvem som var på vakt."})
    client.post(f"/staff/observations/{item_id}/send_to_review")
    response = client.post(f"/staff/observations/{item_id}/publish", follow_redirects=True)
    assert "Fire-øyne-prinsippet:" in response.get_data(as_text=True)
    assert status_of(app, Observation, item_id) == "in_review"


def test_someone_who_changed_nothing_publishes_the_rewritten_draft(app, client, auth, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=OBSERVATION_FORM)
    item_id = observation_id(app, "OBS-0001")
    as_other_staff(auth, login_as)
    client.post(f"/staff/observations/{item_id}", data={**OBSERVATION_FORM, "title": "Ny tittel"})
    client.post(f"/staff/observations/{item_id}/send_to_review")
    as_other_staff(auth, login_as)
    client.post(f"/staff/observations/{item_id}/publish")
    assert status_of(app, Observation, item_id) == "published"


def test_editing_a_published_observation_on_the_web_then_republishing_is_refused(
        app, client, factory, login_as):
    ref = factory.observation(status="published")
    item_id = observation_id(app, ref)
    login_as("staff")
    client.post(f"/staff/observations/{item_id}", data={**OBSERVATION_FORM, "title": "Endret"})
    assert status_of(app, Observation, item_id) == "in_review"
    client.post(f"/staff/observations/{item_id}/publish")
    assert status_of(app, Observation, item_id) == "in_review"


def test_saving_a_published_observation_unchanged_does_not_bar_the_reviewer(
        app, client, factory, login_as):
    ref = factory.observation(status="published")
    item_id = observation_id(app, ref)
    login_as("staff")
    with app.app_context():
        item = db.session.get(Observation, item_id)
        unchanged = {name: getattr(item, name) for name in (
            "title", "text", "source", "stay_type", "journey_stage", "actor", "month",
            "age_band", "unit", "visibility")}
        unchanged["themes"] = item.theme_codes
    client.post(f"/staff/observations/{item_id}", data=unchanged)
    client.post(f"/staff/observations/{item_id}/unpublish")
    client.post(f"/staff/observations/{item_id}/send_to_review")
    client.post(f"/staff/observations/{item_id}/publish")
    assert status_of(app, Observation, item_id) == "published"


# --- observations, API ----------------------------------------------------------------------

def test_patching_through_the_api_then_publishing_on_the_web_is_refused(
        app, client, factory, auth):
    ref = factory.observation(status="published")
    item_id = observation_id(app, ref)
    user_id, email = factory.user("staff")
    with app.app_context():
        _, raw = tokens.create_token(accounts.get_user(user_id), "test", ["read", "write"])
        db.session.commit()
    headers = {"Authorization": f"Bearer {raw}"}
    etag = client.get(f"/api/v1/observations/{ref}", headers=headers).headers["ETag"]
    response = client.patch(f"/api/v1/observations/{ref}", json={"title": "Endret i API-et"},
                            headers={**headers, "If-Match": etag})
    assert response.status_code == 200, response.get_json()
    assert status_of(app, Observation, item_id) == "in_review"
    auth.login(email)
    client.post(f"/staff/observations/{item_id}/publish")
    assert status_of(app, Observation, item_id) == "in_review"


# --- insights, personas, journeys -----------------------------------------------------------

@pytest.mark.parametrize("kinds", ["insights", "personas", "journeys"])
def test_a_second_staff_member_who_edited_it_cannot_publish_it(app, client, auth, login_as,
                                                                kinds):
    login_as("staff")
    item_id = create(client, kinds)
    as_other_staff(auth, login_as)
    response = client.post(f"/staff/{kinds}/{item_id}", data={**FORMS[kinds], **CHANGES[kinds]})
    assert response.status_code == 302
    client.post(f"/staff/{kinds}/{item_id}/send_to_review")
    response = client.post(f"/staff/{kinds}/{item_id}/publish", follow_redirects=True)
    assert "Fire-øyne-prinsippet:" in response.get_data(as_text=True)
    assert status_of(app, MODELS[kinds], item_id) == "in_review"
    as_other_staff(auth, login_as)
    client.post(f"/staff/{kinds}/{item_id}/publish")
    assert status_of(app, MODELS[kinds], item_id) == "published"


def test_a_colleague_who_added_a_step_cannot_publish_the_journey(app, client, auth, login_as):
    login_as("staff")
    journey_id = create(client, "journeys")
    as_other_staff(auth, login_as)
    add_step(client, journey_id, **STEP_FORM)
    client.post(f"/staff/journeys/{journey_id}/send_to_review")
    client.post(f"/staff/journeys/{journey_id}/publish")
    assert status_of(app, Journey, journey_id) == "in_review"


def test_whoever_changed_a_published_version_may_review_the_next_one(app, client, auth,
                                                                     login_as):
    login_as("staff")
    item_id = create(client, "insights")
    first_editor = as_other_staff(auth, login_as)
    client.post(f"/staff/insights/{item_id}", data={**FORMS["insights"], "detail": "Mer."})
    client.post(f"/staff/insights/{item_id}/send_to_review")
    as_other_staff(auth, login_as)
    client.post(f"/staff/insights/{item_id}/publish")
    assert status_of(app, Insight, item_id) == "published"
    as_other_staff(auth, login_as)  # a fourth person changes the published version
    client.post(f"/staff/insights/{item_id}", data={**FORMS["insights"], "detail": "Enda mer."})
    assert status_of(app, Insight, item_id) == "in_review"
    auth.logout()
    auth.login(first_editor)  # changed the first version, not this one
    client.post(f"/staff/insights/{item_id}/publish")
    assert status_of(app, Insight, item_id) == "published"
