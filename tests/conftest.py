"""Shared fixtures: an app on a temporary data dir (SQLite, or PostgreSQL when
INSIGHT_TEST_DATABASE_URL is set), a client, a CLI runner, and helpers to log in and create data."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text

from insight import create_app
from insight.extensions import db
from insight.services import accounts, observations, publishing, vocabulary

TEST_DATABASE_URL = os.environ.get("INSIGHT_TEST_DATABASE_URL")
PASSWORD = "correct-horse-battery"


def reset_postgres(url: str) -> None:
    """Start every test from an empty public schema."""
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def make_config(data_dir: Path) -> dict:
    config = {
        "TESTING": True,
        "DATA_DIR": str(data_dir),
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt costs 130 ms a hash
    }
    if TEST_DATABASE_URL:
        config["SQLALCHEMY_DATABASE_URI"] = TEST_DATABASE_URL
    return config


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory) -> Path:
    """Run the migrations once a session: a template SQLite file, or the PostgreSQL schema."""
    data_dir = tmp_path_factory.mktemp("template")
    if TEST_DATABASE_URL:
        reset_postgres(TEST_DATABASE_URL)
    app = create_app(make_config(data_dir))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return data_dir / "insight.db"


def empty_all_tables() -> None:
    tables = ", ".join(f'"{t.name}"' for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def app(tmp_path, migrated_database):
    if not TEST_DATABASE_URL:
        shutil.copy(migrated_database, tmp_path / "insight.db")
    app = create_app(make_config(tmp_path))
    with app.app_context():
        if TEST_DATABASE_URL:
            empty_all_tables()
        vocabulary.ensure_default_vocabularies()
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(params=["whoosh", pytest.param("postgres", marks=pytest.mark.postgres)])
def search_backend(request, monkeypatch) -> str:
    """Run a test once per search backend; the app it builds uses that backend. The postgres
    backend runs only on a PostgreSQL test run (INSIGHT_TEST_DATABASE_URL)."""
    if request.param == "postgres" and not TEST_DATABASE_URL:
        pytest.skip("the postgres search backend needs INSIGHT_TEST_DATABASE_URL")
    monkeypatch.setenv("INSIGHT_SEARCH_BACKEND", request.param)
    return request.param


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


class Factory:
    """Creates data through the services, so fixtures are validated like real input."""

    def __init__(self, app):
        self.app = app
        self._counter = 0

    def user(self, role: str = "staff", email: str | None = None, **kwargs):
        self._counter += 1
        email = email or f"{role}{self._counter}@example.no"
        with self.app.app_context():
            user = accounts.create_user(email, PASSWORD, role, name=f"Test {role}", **kwargs)
            db.session.commit()
            return user.id, email

    def observation(self, status: str = "published", visibility: str = "suppliers", **fields):
        self._counter += 1
        data = {
            "title": f"Observasjon nummer {self._counter}",
            "text": "Brukeren ønsket mer informasjon om dagen etter ankomst.",
            "source": "intervju", "stay_type": "rehabilitering", "journey_stage": "ankomst",
            "actor": "bruker", "themes": ["informasjon"], "month": "2025-03",
            "age_band": "80-89", "unit": "Korttidsavdeling A", "visibility": visibility,
        }
        data.update(fields)
        with self.app.app_context():
            author = accounts.find_by_email("factory-author@example.no") or accounts.create_user(
                "factory-author@example.no", PASSWORD, "staff")
            reviewer = accounts.find_by_email("factory-reviewer@example.no") or \
                accounts.create_user("factory-reviewer@example.no", PASSWORD, "staff")
            item = observations.create(data, author)
            if status in ("in_review", "published"):
                publishing.send_to_review(item, author)
            if status == "published":
                publishing.publish(item, reviewer)
            if status == "archived":
                publishing.archive(item, author)
            db.session.commit()
            return item.ref


@pytest.fixture
def factory(app):
    return Factory(app)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, email: str, password: str = PASSWORD):
        return self._client.post("/auth/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def login_as(factory, auth):
    """Log in as a new user of `role` ('anonymous' stays logged out); returns the e-mail."""

    def _login(role: str) -> str | None:
        if role == "anonymous":
            return None
        _, email = factory.user(role)
        response = auth.login(email)
        assert response.status_code == 302, response.data
        return email

    return _login


def pytest_collection_modifyitems(config, items):
    """Full-size fault and load runs (`slow`) only when INSIGHT_SLOW_TESTS=1; CI runs the short
    forms, which test the same behaviour on smaller inputs."""
    if os.environ.get("INSIGHT_SLOW_TESTS"):
        return
    skip = pytest.mark.skip(reason="full-size run: set INSIGHT_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
