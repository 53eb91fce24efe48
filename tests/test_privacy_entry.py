"""Every way into Innsikt passes the privacy screen: the form, the API and the import."""

from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, Observation
from insight.services import accounts, tokens
from tests.test_staff import FORM

LEAKY = "Sykepleier Malin Hovland ringte datteren på 950 34 910 om kvelden."


def observation_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Observation))


def staff_token(app, scopes="read,write") -> str:
    with app.app_context():
        user = accounts.create_user("api@kommune.no", "et-langt-passord", "staff")
        _, raw = tokens.create_token(user, "integrasjon", scopes)
        db.session.commit()
        return raw


def test_the_form_blocks_personal_data_and_marks_it(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/observations/new", data={**FORM, "text": LEAKY})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<mark>Malin Hovland</mark>" in page and "<mark>950 34 910</mark>" in page
    assert observation_count(app) == 0


def test_the_form_blocks_personal_data_in_the_title_too(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/observations/new",
                           data={**FORM, "title": "Samtale med Odd Egeland"})
    assert response.status_code == 422
    assert observation_count(app) == 0


def test_a_false_alarm_can_be_overridden_with_a_reason_and_is_audited(app, client, login_as):
    login_as("staff")
    text = "Brukeren leste høyt fra boka om Per Spelmann for de andre."
    first = client.post("/staff/observations/new", data={**FORM, "text": text})
    assert first.status_code == 422
    key = "text:person_name:32:44"
    assert f'value="{key}"' in first.get_data(as_text=True)
    second = client.post("/staff/observations/new", data={
        **FORM, "text": text, "override": key, f"reason-{key}": "Figur i en folkevise"})
    assert second.status_code == 302
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "privacy.override"))
        assert event.changes == {"field": "text", "kind": "person_name", "start": 32, "end": 44,
                                 "reason": "Figur i en folkevise"}
        assert "Per Spelmann" not in str(event.changes)


def test_an_override_without_a_reason_does_not_count(app, client, login_as):
    login_as("staff")
    text = "Brukeren leste høyt fra boka om Per Spelmann for de andre."
    key = "text:person_name:32:44"
    response = client.post("/staff/observations/new",
                           data={**FORM, "text": text, "override": key, f"reason-{key}": " "})
    assert response.status_code == 422
    assert observation_count(app) == 0


def test_the_api_refuses_personal_data_with_the_spans_and_writes_nothing(app, client):
    raw = staff_token(app)
    body = {k: v for k, v in FORM.items() if k != "visibility"}
    response = client.post("/api/v1/observations", json={**body, "text": LEAKY},
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 422
    problems = response.get_json()["error"]["problems"]
    assert {"field": "text", "message": "personal data found: phone number at characters 44–54"} \
        in problems
    assert "950 34 910" not in response.get_data(as_text=True)
    assert observation_count(app) == 0


def test_the_api_creates_a_clean_observation_as_a_draft(app, client):
    raw = staff_token(app)
    body = {k: v for k, v in FORM.items() if k != "visibility"}
    response = client.post("/api/v1/observations", json=body,
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status"] == "draft"


def test_the_api_write_needs_the_write_scope(app, client):
    raw = staff_token(app, scopes="read")
    response = client.post("/api/v1/observations", json=FORM,
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 403


def test_the_api_rejects_an_unknown_field_with_422(app, client):
    raw = staff_token(app)
    response = client.post("/api/v1/observations", json={**FORM, "age": 91},
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 422
    assert "age" in response.get_data(as_text=True)


def test_screen_endpoint_returns_kinds_and_offsets_only(app, client):
    raw = staff_token(app, scopes="read")
    response = client.post("/api/v1/privacy/screen", json={"text": LEAKY},
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    findings = response.get_json()["findings"]
    assert {"kind": "phone", "start": 44, "end": 54} in findings
    assert {"kind": "person_name", "start": 11, "end": 24} in findings
    assert "Hovland" not in response.get_data(as_text=True)


def test_screen_endpoint_needs_a_token(client):
    assert client.post("/api/v1/privacy/screen", json={"text": "x"}).status_code == 401


def test_supplier_questions_are_screened(app):
    from insight.services import questions
    from insight.services.screening import PersonalDataFound

    with app.app_context():
        supplier = accounts.create_user("lev@firma.no", "et-langt-passord", "supplier")
        try:
            questions.ask("Spørsmål", "Kan dere ringe meg på 481 23 456?", supplier)
        except PersonalDataFound as error:
            assert error.findings[0].kind == "phone"
        else:
            raise AssertionError("the question was not screened")


def test_check_a_text_box_marks_findings_and_stores_nothing(app, client, login_as):
    login_as("staff")
    response = client.post("/staff/privacy-check", data={"text": LEAKY})
    page = response.get_data(as_text=True)
    assert "<mark>950 34 910</mark>" in page
    with app.app_context():
        changes = [str(e.changes) for e in db.session.scalars(select(AuditEvent))]
        assert not any("950" in c for c in changes)
