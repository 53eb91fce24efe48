"""The audit log: every write leaves an event; admins filter it and export it as CSV."""

from sqlalchemy import select

from insight.extensions import db
from insight.models import AuditEvent


def test_admin_filters_the_log_by_action(client, factory, login_as):
    factory.observation()
    login_as("admin")
    client.post("/language/en", data={"next": "/"})
    page = client.get("/admin/audit?action=observation.publish").get_data(as_text=True)
    assert "Observation: published</td>" in page
    assert "Observation: created</td>" not in page


def test_admin_filters_the_log_by_actor(client, factory, login_as):
    factory.observation()
    login_as("admin")
    client.post("/language/en", data={"next": "/"})
    page = client.get("/admin/audit?actor=factory-reviewer").get_data(as_text=True)
    assert "Observation: published</td>" in page and "Observation: created</td>" not in page


def test_admin_filters_the_log_by_time(client, factory, login_as):
    factory.observation()
    login_as("admin")
    client.post("/language/en", data={"next": "/"})
    assert "Observation: created</td>" in client.get("/admin/audit").get_data(as_text=True)
    page = client.get("/admin/audit?until=2000-01-01").get_data(as_text=True)
    assert "Observation: created</td>" not in page


def test_admin_exports_the_filtered_log_as_csv(client, factory, login_as):
    ref = factory.observation()
    login_as("admin")
    response = client.get(f"/admin/audit.csv?object_id={ref}")
    lines = response.get_data(as_text=True).splitlines()
    assert response.mimetype == "text/csv"
    assert lines[0] == "time,actor,action,object_type,object_id,changes"
    assert {line.split(",")[2] for line in lines[1:]} == {
        "observation.create", "observation.send_to_review", "observation.publish"}


def test_failed_and_successful_logins_are_in_the_log(app, client, factory, auth):
    _, email = factory.user("supplier")
    auth.login(email, "feil-passord-her")
    auth.login(email)
    with app.app_context():
        actions = list(db.session.scalars(select(AuditEvent.action)))
    assert "auth.login_failed" in actions and "auth.login" in actions


def test_history_page_shows_every_change_with_who(client, factory, login_as):
    ref = factory.observation()
    login_as("staff")
    client.post("/language/en", data={"next": "/"})
    page = client.get(f"/staff/history/observation/{ref}").get_data(as_text=True)
    for action in ("Observation: created", "Observation: sent to review",
                   "Observation: published"):
        assert action in page
    assert "factory-reviewer@example.no" in page  # who published
