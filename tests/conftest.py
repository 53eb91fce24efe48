"""Shared fixtures: an app on a temporary data dir (SQLite, or PostgreSQL when
INSIGHT_TEST_DATABASE_URL is set), a client, a CLI runner, and helpers to log in and create data.

Under pytest-xdist (`make test` runs `-n auto`) each worker is a process of its own: its own
temporary dirs and SQLite files, and on PostgreSQL its own database `<name>_gw0`, `<name>_gw1` …
made fresh beside the given one at the worker's start and dropped at its end. Tests that share a
module-scoped fixture (a served app, a seeded database) stay together on one worker, in order."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import jinja2
import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from insight import create_app
from insight.extensions import db
from insight.services import accounts, observations, publishing, vocabulary

PASSWORD = "correct-horse-battery"
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")  # "gw0", "gw1" … in an xdist worker


def worker_database_url(url: str | None, worker: str | None = XDIST_WORKER) -> str | None:
    """The xdist worker's own database beside `url` (`test` → `test_gw0`); `url` outside xdist.

    Idempotent, since this module is imported both as `conftest` and as `tests.conftest`."""
    if not url or not worker:
        return url
    parsed = make_url(url)
    if parsed.database.endswith(f"_{worker}"):
        return url
    return parsed.set(database=f"{parsed.database}_{worker}").render_as_string(
        hide_password=False)


# The worker's database replaces the given one for every test, including those that read the
# environment (and the processes they start).
WORKER_DATABASE_VARIABLES = ("INSIGHT_TEST_DATABASE_URL", "INSIGHT_TEST_BACKUP_DATABASE_URL")
for _variable in WORKER_DATABASE_VARIABLES:
    if os.environ.get(_variable):
        os.environ[_variable] = worker_database_url(os.environ[_variable])
TEST_DATABASE_URL = os.environ.get("INSIGHT_TEST_DATABASE_URL")


def recreate_postgres_database(url: str, drop_only: bool = False) -> None:
    """Drop the database `url` names (closing its connections) and create it empty again."""
    target = make_url(url)
    server = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            name = target.database.replace('"', '""')
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if not drop_only:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        server.dispose()


@pytest.fixture(scope="session", autouse=True)
def worker_databases():
    """An xdist worker on PostgreSQL makes its own databases first, and drops them at the end."""
    urls = [os.environ[variable] for variable in WORKER_DATABASE_VARIABLES
            if XDIST_WORKER and os.environ.get(variable, "").startswith("postgresql")]
    for url in urls:
        recreate_postgres_database(url)
    yield
    for url in urls:
        recreate_postgres_database(url, drop_only=True)


class SharedBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates kept for the whole run, so each test's new app does not parse and
    compile every template again. Keyed by name and checked against the source's checksum, as
    Jinja does for its own caches: what renders is the same."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CACHE = SharedBytecodeCache()


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
def migrated_database(tmp_path_factory, worker_databases) -> Path:
    """Run the migrations once a session: a template SQLite file, or the PostgreSQL schema."""
    data_dir = tmp_path_factory.mktemp("template")
    if TEST_DATABASE_URL:
        reset_postgres(TEST_DATABASE_URL)
    app = create_app(make_config(data_dir))
    with app.app_context():
        upgrade()
        if not TEST_DATABASE_URL:  # in the template, so each copy starts with them
            vocabulary.ensure_default_vocabularies()
            db.session.commit()
        db.session.remove()
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
    app.jinja_env.bytecode_cache = TEMPLATE_CACHE
    with app.app_context():
        if TEST_DATABASE_URL:
            empty_all_tables()
        vocabulary.ensure_default_vocabularies()  # (already in the SQLite template)
        db.session.commit()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(scope="module")
def module_app(tmp_path_factory, migrated_database):
    """One app object for a module of many small cases (the access matrix), where building the
    app (routes, OpenAPI document) costs more than a case. Take it through `reset_app`, never as
    it is: each case then starts as on a new app."""
    app = create_app(make_config(tmp_path_factory.mktemp("module-app")))
    app.pristine_for_tests = (copy.deepcopy(dict(app.config)), set(app.extensions))
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def reset_app(app: Flask, migrated_database: Path) -> Flask:
    """Give `module_app` back as a new app would be: the same settings, no search backend, an
    empty data dir (index, uploads, bid-pack cache) and a fresh database with the vocabularies."""
    from insight.search.registry import SearchState

    config, extensions = app.pristine_for_tests
    with app.app_context():
        db.session.remove()
        app.extensions.pop("insight_cache", None)  # figures keyed on the old database's version
        app.extensions.pop("insight_census", None)  # counts of the old database
        app.extensions.pop("insight_search_memo", None)  # results keyed on its version
        app.extensions.pop("insight_journal", None)  # its change-log entries
        app.extensions.pop("insight_labels", None)  # vocabulary labels keyed on its version
        backend = app.extensions.pop("search", None)
        if hasattr(backend, "close"):
            backend.close()
        db.engine.dispose()
    assert set(app.extensions) == extensions, "an app-level cache the reset does not know of"
    app.extensions["search_state"] = SearchState()
    app.config.clear()
    app.config.update(copy.deepcopy(config))
    data_dir = Path(app.config["DATA_DIR"])
    shutil.rmtree(data_dir)
    data_dir.mkdir()
    if not TEST_DATABASE_URL:
        shutil.copy(migrated_database, data_dir / "insight.db")
    with app.app_context():
        if TEST_DATABASE_URL:
            empty_all_tables()
        vocabulary.ensure_default_vocabularies()
        db.session.commit()
    return app


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


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups
def pytest_collection_modifyitems(config, items):
    """Full-size fault and load runs (`slow`) only when INSIGHT_SLOW_TESTS=1; CI runs the short
    forms, which test the same behaviour on smaller inputs. Under xdist, the tests of a module
    with a fixture wider than one test stay together (see keep_module_fixtures_together)."""
    if XDIST_WORKER:
        keep_module_fixtures_together(items)
    if os.environ.get("INSIGHT_SLOW_TESTS"):
        return
    skip = pytest.mark.skip(reason="full-size run: set INSIGHT_SLOW_TESTS=1")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def keep_module_fixtures_together(items: list[pytest.Item]) -> None:
    """A test module's own module- or session-scoped fixture (a seeded app, a served site) lives
    once per worker, and on PostgreSQL it shares the worker's database with every other test:
    its tests form one xdist group (`--dist loadgroup`), run by one worker in their order, as in
    a serial run. The browser tests are one group: one Chromium and one live server. Every other
    test is spread one by one."""
    for item in items:
        if item.get_closest_marker("xdist_group"):
            continue
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.xdist_group("browser"))
            continue
        info = getattr(item, "_fixtureinfo", None)
        module = getattr(item, "module", None)
        if info is None or module is None:
            continue
        for definitions in info.name2fixturedefs.values():
            definition = definitions[-1]
            if definition.scope != "function" and \
                    getattr(definition.func, "__module__", None) == module.__name__:
                item.add_marker(pytest.mark.xdist_group(module.__name__))
                break
