"""The demo data: complete, consistent, and loaded through the services."""

import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from insight.extensions import db
from insight.models import Insight, Journey, Observation, Persona, Question, User
from insight.services import demo

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
