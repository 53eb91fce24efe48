"""The demo data: complete, consistent, and loaded through the services."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, Insight, Journey, Observation, Persona, Question, User
from insight.services import accounts, demo, site, tokens

ROOT = Path(__file__).resolve().parent.parent


def test_demo_files_pass_the_content_checks():
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "check_demo_data.py"),
         str(ROOT / "insight" / "demo")], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_demo_loads_every_kind_of_content_and_an_account_per_role(app):
    with app.app_context():
        counts = demo.seed_demo()
        db.session.commit()

        def total(model):
            return db.session.scalar(select(func.count()).select_from(model))

        assert total(Observation) >= 120
        assert (total(Persona), total(Journey), total(Insight), total(Question)) == (5, 3, 10, 4)
        assert counts["observations"] == total(Observation)
        roles = set(db.session.scalars(select(User.role)))
        assert roles == {"admin", "staff", "supplier"}
        stay_types = set(db.session.scalars(select(Observation.stay_type)))
        stages = set(db.session.scalars(select(Observation.journey_stage)))
        assert len(stay_types) == 5 and len(stages) == 7
        assert all(len(j.steps) >= 6 for j in db.session.scalars(select(Journey)))


def test_demo_content_is_published_by_someone_other_than_its_author(app):
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
        published = db.session.scalars(
            select(Observation).where(Observation.status == "published")).all()
        assert published
        assert all(o.reviewer_id != o.author_id for o in published)


def test_demo_accounts_can_log_in(app, client, auth):
    with app.app_context():
        demo.seed_demo()
        db.session.commit()
    response = auth.login("leverandor@innsikt.example", demo.DEMO_PASSWORD)
    assert response.status_code == 302


# --- `flask seed-demo` names the municipality and the competition ----------------------------

def test_seed_demo_names_the_municipality_and_competition_on_the_landing_page(app, runner,
                                                                               client):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    page = client.get("/?lang=nb").get_data(as_text=True)
    assert "Fjordvik kommune" in page
    assert "Innovasjonspartnerskap for framtidens korttidsopphold" in page
    assert "15. april 2026" in page  # the announcement, in Norwegian date format
    assert "innovasjon@fjordvik.kommune.example" in page


def test_seed_demo_keeps_settings_an_admin_has_saved(app, runner, client):
    with app.app_context():
        admin = accounts.create_user("admin@innsikt.example", "et-langt-passord", "admin")
        site.update({"municipality": "Eksempel kommune"}, admin)
        db.session.commit()
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    page = client.get("/").get_data(as_text=True)
    assert "Eksempel kommune" in page and "Fjordvik kommune" not in page
    assert "Innovasjonspartnerskap for framtidens korttidsopphold" in page  # empty: filled


def test_seed_demo_records_the_settings_in_the_audit_log(app, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.action == "settings.update"))
        assert event is not None and event.actor.email == "admin@innsikt.example"


# --- search is right straight after `flask seed-demo` ----------------------------------------

def supplier_search(app, client, **params) -> dict:
    with app.app_context():
        supplier = accounts.find_by_email("leverandor@innsikt.example")
        _, raw = tokens.create_token(supplier, "demo-search", "read")
        db.session.commit()
    response = client.get("/api/v1/search", headers={"Authorization": f"Bearer {raw}"},
                          query_string={"page_size": 100, **params})
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def visible_to_suppliers(app, model) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(model.ref).where(
            model.status == "published", model.visibility.in_(("public", "suppliers")))))


def test_right_after_seed_demo_a_supplier_finds_every_insight_and_answer(search_backend, app,
                                                                         runner, client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # no `search rebuild` after it
    found = supplier_search(app, client, type=["insight", "answer"])
    by_type: dict[str, set[str]] = {"insight": set(), "answer": set()}
    for item in found["items"]:
        by_type[item["type"]].add(item["ref"])
    assert by_type["insight"] == visible_to_suppliers(app, Insight)
    with app.app_context():
        answered = set(db.session.scalars(select(Question.ref).where(
            Question.answer.has())))
    assert by_type["answer"] == answered
    assert found["total"] == len(by_type["insight"]) + len(by_type["answer"])


def test_right_after_seed_demo_the_index_holds_what_a_rebuild_would(search_backend, app, runner,
                                                                   client):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    before = supplier_search(app, client)
    facets_before = before["facets"]
    assert runner.invoke(args=["search", "rebuild"]).exit_code == 0
    after = supplier_search(app, client)
    assert before["total"] == after["total"]
    assert facets_before == after["facets"]
    assert "in step" in runner.invoke(args=["search", "check"]).output
