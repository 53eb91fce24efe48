"""The staff workspace: writing observations and the four-eyes review."""

from sqlalchemy import select

from insight.extensions import db
from insight.models import AuditEvent, Observation

FORM = {
    "title": "Lite informasjon ved ankomst", "text": "Brukeren visste ikke hvem som hadde vakt.",
    "source": "feltobservasjon", "stay_type": "avlastning", "journey_stage": "ankomst",
    "actor": "bruker", "themes": ["informasjon", "trygghet"], "month": "2025-05",
    "age_band": "90+", "unit": "Korttidsavdeling B", "visibility": "suppliers",
}


def stored(app, ref=None):
    with app.app_context():
        query = select(Observation)
        if ref:
            query = query.where(Observation.ref == ref)
        item = db.session.scalar(query)
        return item and {"ref": item.ref, "status": item.status, "title": item.title,
                         "themes": sorted(item.theme_codes), "id": item.id,
                         "author_id": item.author_id}


def audit_actions(app):
    with app.app_context():
        return [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))]


def test_staff_create_an_observation_as_a_draft(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/observations/new", data=FORM)
    assert response.status_code == 302
    item = stored(app)
    assert item["status"] == "draft" and item["ref"] == "OBS-0001"
    assert item["themes"] == ["informasjon", "trygghet"]
    assert "observation.create" in audit_actions(app)


def test_the_form_shows_what_is_wrong_and_keeps_the_input(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/observations/new", data={**FORM, "month": "2025-5-12"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'aria-invalid="true"' in page
    assert "Lite informasjon ved ankomst" in page
    assert stored(app) is None


def test_editing_records_what_changed(app, client, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=FORM)
    item = stored(app)
    client.post(f"/staff/observations/{item['id']}", data={**FORM, "title": "Ny tittel her"})
    assert stored(app)["title"] == "Ny tittel her"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "observation.update"))
        assert event.changes == {"title": ["Lite informasjon ved ankomst", "Ny tittel her"]}


def test_the_author_cannot_publish_their_own_observation(app, client, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=FORM)
    item = stored(app)
    client.post(f"/staff/observations/{item['id']}/send_to_review")
    client.post(f"/staff/observations/{item['id']}/publish")
    assert stored(app)["status"] == "in_review"


def test_an_admin_author_cannot_publish_their_own_observation_either(app, client, login_as):
    login_as("admin")
    client.post("/staff/observations/new", data=FORM)
    item = stored(app)
    client.post(f"/staff/observations/{item['id']}/send_to_review")
    client.post(f"/staff/observations/{item['id']}/publish")
    assert stored(app)["status"] == "in_review"


def test_a_second_staff_member_publishes_and_it_is_audited(app, client, auth, factory, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=FORM)
    item = stored(app)
    client.post(f"/staff/observations/{item['id']}/send_to_review")
    auth.logout()
    login_as("staff")
    client.post(f"/staff/observations/{item['id']}/publish")
    assert stored(app)["status"] == "published"
    assert "observation.publish" in audit_actions(app)


def test_a_reviewer_can_send_back_with_a_comment(app, client, auth, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=FORM)
    item = stored(app)
    client.post(f"/staff/observations/{item['id']}/send_to_review")
    auth.logout()
    login_as("staff")
    client.post(f"/staff/observations/{item['id']}/send_back", data={"comment": "Mer kontekst"})
    assert stored(app)["status"] == "draft"
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "observation.send_back"))
        assert event.changes["comment"] == "Mer kontekst"


def test_workspace_lists_drafts_and_the_review_queue(client, factory, login_as):
    draft = factory.observation(status="draft")
    waiting = factory.observation(status="in_review")
    login_as("staff")
    page = client.get("/staff/").get_data(as_text=True)
    assert draft in page and waiting in page


def test_unknown_status_action_is_404(client, factory, login_as):
    login_as("staff")
    client.post("/staff/observations/new", data=FORM)
    assert client.post("/staff/observations/1/explode").status_code == 404


def test_editing_a_published_observation_sends_it_back_to_review(app, client, factory, login_as):
    ref = factory.observation(status="published", visibility="public")
    with app.app_context():
        observation_id = db.session.scalar(select(Observation.id).where(Observation.ref == ref))
    login_as("staff")
    client.post(f"/staff/observations/{observation_id}", data={**FORM, "title": "Rettet tittel"})
    assert stored(app, ref)["status"] == "in_review"
    assert "observation.reopen" in audit_actions(app)


def test_saving_a_published_observation_unchanged_keeps_it_published(app, client, factory,
                                                                     login_as):
    ref = factory.observation(status="published", visibility="suppliers")
    with app.app_context():
        item = db.session.scalar(select(Observation).where(Observation.ref == ref))
        data = {**FORM, "title": item.title, "text": item.text, "source": item.source,
                "stay_type": item.stay_type, "journey_stage": item.journey_stage,
                "actor": item.actor, "themes": item.theme_codes, "month": item.month,
                "age_band": item.age_band, "unit": item.unit, "visibility": item.visibility}
        observation_id = item.id
    login_as("staff")
    client.post(f"/staff/observations/{observation_id}", data=data)
    assert stored(app, ref)["status"] == "published"
