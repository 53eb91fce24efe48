"""Freeze: after the announcement the material is read-only on every write path, Q&A closes,
every page says so, and the bid pack of the frozen material stays downloadable and verifiable."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, Insight, Journey, Observation, Question
from insight.services import accounts, questions, tokens
from tests.conftest import PASSWORD
from tests.test_access import OBSERVATION_FORM
from tests.test_bidpack import current_version, download_pack
from tests.test_cli import row, write_csv
from tests.test_staff_synthesis import FORMS, STEP_FORM, create

FROZEN = "The material is frozen"


def log_in(client, factory, role):
    _, email = factory.user(role)
    client.post("/auth/logout")
    assert client.post("/auth/login", data={"email": email, "password": PASSWORD}
                       ).status_code == 302
    client.post("/language/en", data={"next": "/"})
    return email


def freeze(client, factory):
    log_in(client, factory, "admin")
    response = client.post("/admin/settings/freeze")
    assert response.status_code == 302


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


# --- who freezes ----------------------------------------------------------------------------

def test_an_admin_freezes_and_the_freeze_is_audited(app, client, factory):
    freeze(client, factory)
    assert "site.freeze" in actions(app)
    assert FROZEN in client.get("/admin/settings").get_data(as_text=True)


def test_staff_may_not_freeze(app, client, factory):
    log_in(client, factory, "staff")
    assert client.post("/admin/settings/freeze").status_code == 403
    assert "site.freeze" not in actions(app)


def test_a_supplier_may_not_unfreeze(app, client, factory):
    freeze(client, factory)
    log_in(client, factory, "supplier")
    assert client.post("/admin/settings/unfreeze").status_code == 403
    assert FROZEN in client.get("/").get_data(as_text=True)


def test_unfreezing_is_audited_and_opens_writing_again(app, client, factory):
    freeze(client, factory)
    assert client.post("/admin/settings/unfreeze").status_code == 302
    assert actions(app)[-1] == "site.unfreeze"
    log_in(client, factory, "staff")
    assert client.post("/staff/observations/new", data=OBSERVATION_FORM).status_code == 302
    assert count(app, Observation) == 1


# --- the banner -----------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/observations", "/insights", "/personas", "/journeys",
                                  "/search", "/changes", "/statistics"])
def test_every_page_carries_the_banner_while_frozen(client, factory, path):
    freeze(client, factory)
    client.post("/auth/logout")
    client.post("/language/en", data={"next": "/"})
    page = client.get(path).get_data(as_text=True)
    assert 'class="freeze-banner"' in page and "Doffin / KGV" in page


def test_no_banner_while_open(client):
    assert 'class="freeze-banner"' not in client.get("/").get_data(as_text=True)


# --- every write path is refused -------------------------------------------------------------

def test_staff_cannot_create_an_observation_on_the_page(app, client, factory):
    freeze(client, factory)
    log_in(client, factory, "staff")
    response = client.post("/staff/observations/new", data=OBSERVATION_FORM)
    assert response.status_code == 409
    assert "read-only" in response.get_data(as_text=True)
    assert count(app, Observation) == 0


def test_staff_cannot_edit_an_observation_on_the_page(app, client, factory):
    ref = factory.observation(status="draft")
    freeze(client, factory)
    log_in(client, factory, "staff")
    with app.app_context():
        item = db.session.scalar(select(Observation).where(Observation.ref == ref))
        item_id, title = item.id, item.title
    response = client.post(f"/staff/observations/{item_id}",
                           data={**OBSERVATION_FORM, "title": "Endret etter frysing"})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Observation, item_id).title == title


@pytest.mark.parametrize("kinds", sorted(FORMS))
def test_staff_cannot_create_insights_personas_or_journeys(app, client, factory, kinds):
    freeze(client, factory)
    log_in(client, factory, "staff")
    response = client.post(f"/staff/{kinds}/new", data=FORMS[kinds])
    assert response.status_code == 409


def test_staff_cannot_add_a_journey_step(app, client, factory):
    log_in(client, factory, "staff")
    journey_id = create(client, "journeys")
    freeze(client, factory)
    log_in(client, factory, "staff")
    response = client.post(f"/staff/journeys/{journey_id}/steps/new", data=STEP_FORM)
    assert response.status_code == 409
    with app.app_context():
        assert db.session.get(Journey, journey_id).steps == []


def test_nobody_can_publish_or_withdraw_while_frozen(app, client, factory):
    ref = factory.observation(status="in_review")
    published = factory.observation()
    freeze(client, factory)
    log_in(client, factory, "staff")
    with app.app_context():
        ids = {r: db.session.scalar(select(Observation.id).where(Observation.ref == r))
               for r in (ref, published)}
    page = client.post(f"/staff/observations/{ids[ref]}/publish", follow_redirects=True)
    assert "read-only" in page.get_data(as_text=True)
    client.post(f"/staff/observations/{ids[published]}/archive")
    with app.app_context():
        assert db.session.get(Observation, ids[ref]).status == "in_review"
        assert db.session.get(Observation, ids[published]).status == "published"


def test_an_insight_cannot_be_sent_to_review(app, client, factory):
    log_in(client, factory, "staff")
    insight_id = create(client, "insights")
    freeze(client, factory)
    log_in(client, factory, "staff")
    client.post(f"/staff/insights/{insight_id}/send_to_review")
    with app.app_context():
        assert db.session.get(Insight, insight_id).status == "draft"


def test_a_supplier_cannot_ask_and_sees_that_questions_go_through_the_tender(app, client,
                                                                               factory):
    freeze(client, factory)
    log_in(client, factory, "supplier")
    form = client.get("/questions/ask").get_data(as_text=True)
    assert "Doffin / KGV" in form and 'name="text"' not in form
    assert "Doffin / KGV" in client.get("/questions").get_data(as_text=True)
    response = client.post("/questions/ask", data={"title": "Et spørsmål", "text": "Hvorfor?"})
    assert response.status_code == 409
    assert count(app, Question) == 0


def test_staff_cannot_answer_a_question_while_frozen(app, client, factory):
    _, email = factory.user("supplier")
    with app.app_context():
        question = questions.ask("Et spørsmål", "Hvordan?", accounts.find_by_email(email))
        db.session.commit()
        question_id = question.id
    freeze(client, factory)
    log_in(client, factory, "staff")
    assert 'name="answer"' not in client.get("/staff/questions").get_data(as_text=True)
    client.post(f"/staff/questions/{question_id}/answer", data={"answer": "Svar."})
    with app.app_context():
        assert db.session.get(Question, question_id).answer is None


def write_token(app, factory) -> str:
    _, email = factory.user("staff")
    with app.app_context():
        _, raw = tokens.create_token(accounts.find_by_email(email), "test", "read,write")
        db.session.commit()
    return raw


def test_the_api_refuses_a_new_observation_with_a_write_token(app, client, factory):
    raw = write_token(app, factory)
    freeze(client, factory)
    response = client.post("/api/v1/observations", json=OBSERVATION_FORM,
                           headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 409
    assert "read-only" in response.get_json()["error"]["message"]
    assert count(app, Observation) == 0


def test_the_api_refuses_a_change_with_a_write_token(app, client, factory):
    ref = factory.observation(status="draft")
    raw = write_token(app, factory)
    freeze(client, factory)
    headers = {"Authorization": f"Bearer {raw}"}
    etag = client.get(f"/api/v1/observations/{ref}", headers=headers).headers["ETag"]
    response = client.patch(f"/api/v1/observations/{ref}", json={"title": "Endret"},
                            headers={**headers, "If-Match": etag})
    assert response.status_code == 409
    with app.app_context():
        assert db.session.scalar(select(Observation.title).where(Observation.ref == ref)) \
            != "Endret"


def test_the_command_line_import_is_refused(app, client, runner, factory, tmp_path):
    freeze(client, factory)
    path = write_csv(tmp_path / "obs.csv", [row("OBS-0101")])
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 1
    assert "read-only" in result.output
    assert count(app, Observation) == 0


def test_the_thesaurus_stays_editable_because_it_is_search_configuration(app, client, factory):
    freeze(client, factory)
    response = client.post("/admin/thesaurus", data={"rule": "sykehjem, institusjon"})
    assert response.status_code == 302


# --- the bid pack ----------------------------------------------------------------------------

def test_the_bid_pack_of_the_frozen_material_stays_the_same_and_verifies(app, client, factory):
    factory.observation()
    log_in(client, factory, "supplier")
    before = download_pack(client)
    freeze(client, factory)
    log_in(client, factory, "supplier")
    page = client.get("/bid-pack").get_data(as_text=True)
    after = download_pack(client)
    assert after == before
    assert hashlib.sha256(after).hexdigest() in page and "frozen" in page
    archive = zipfile.ZipFile(io.BytesIO(after))
    for line in archive.read("SHA256SUMS").decode("utf-8").splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256(archive.read(name)).hexdigest() == digest, name
    assert current_version(client) > 0
