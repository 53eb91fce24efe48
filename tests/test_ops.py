"""Operating Innsikt: health checks, request ids, logs, a database outage, and gunicorn itself."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path
from urllib.error import HTTPError

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from insight import create_app
from insight.extensions import db
from insight.ops.gunicorn_conf import default_workers
from tests.conftest import TEST_DATABASE_URL, make_config

ROOT = Path(__file__).resolve().parents[1]
CLOSED_PORT_URL = "postgresql+psycopg://postgres@127.0.0.1:1/innsikt?connect_timeout=2"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- /healthz and /readyz --------------------------------------------------------------------

def test_healthz_answers_alive_without_touching_the_database(tmp_path):
    app = create_app({**make_config(tmp_path), "SQLALCHEMY_DATABASE_URI": CLOSED_PORT_URL})
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "alive"}


@pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend
def test_readyz_is_ready_on_a_migrated_database_with_an_index_in_sync(client):
    response = client.get("/readyz")
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["status"] == "ready"
    assert body["checks"]["database"]["ok"] is True
    assert body["checks"]["migrations"]["current"] == body["checks"]["migrations"]["head"]
    assert body["checks"]["search"]["state"] == "in_sync"


def test_readyz_answers_503_when_the_database_port_is_closed(tmp_path):
    app = create_app({**make_config(tmp_path), "SQLALCHEMY_DATABASE_URI": CLOSED_PORT_URL})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_json()
    assert body["status"] == "not_ready"
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert "127.0.0.1" not in response.get_data(as_text=True)  # no addresses to the public


def test_readyz_answers_503_when_the_sqlite_file_is_gone(tmp_path):
    missing = tmp_path / "gone" / "insight.db"
    app = create_app({**make_config(tmp_path), "SQLALCHEMY_DATABASE_URI": f"sqlite:///{missing}"})
    response = app.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["database"]["ok"] is False


def test_readyz_answers_503_when_the_schema_is_behind_the_migrations(app, client):
    with app.app_context():
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.execute(text("UPDATE alembic_version SET version_num = '0003'"))
        db.session.commit()
    try:
        response = client.get("/readyz")
    finally:  # a PostgreSQL test database is shared by the whole session
        with app.app_context():
            db.session.execute(text("UPDATE alembic_version SET version_num = :v"), {"v": head})
            db.session.commit()
    assert response.status_code == 503
    migrations = response.get_json()["checks"]["migrations"]
    assert migrations["ok"] is False and migrations["current"] == ["0003"]


def test_readyz_reports_draining_while_changes_wait_in_the_outbox(app, client, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    factory.observation()
    response = client.get("/readyz")
    search = response.get_json()["checks"]["search"]
    assert response.status_code == 200, response.get_json()
    assert search["state"] == "draining" and search["outbox"] >= 1
    assert search["outbox_age_seconds"] >= 0


def test_readyz_answers_503_when_the_outbox_is_older_than_allowed(app, client, factory):
    app.config.update(SEARCH_SYNC_ON_COMMIT=False, READY_MAX_OUTBOX_AGE=-1)
    factory.observation()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["search"]["state"] == "stuck"


@pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend
def test_readyz_answers_503_when_the_index_lost_documents(app, client, factory):
    factory.observation()
    with app.app_context():
        from insight.search import sync

        sync.get_backend().clear()
    response = client.get("/readyz")
    search = response.get_json()["checks"]["search"]
    assert response.status_code == 503
    assert search["state"] == "drift" and search["indexed"] < search["documents"]


# --- request ids -----------------------------------------------------------------------------

def test_a_request_id_from_the_proxy_is_echoed(client):
    response = client.get("/", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["X-Request-ID"] == "lb-7f3a.42"


def test_a_request_without_an_id_gets_a_fresh_one(client):
    first = client.get("/healthz").headers["X-Request-ID"]
    second = client.get("/healthz").headers["X-Request-ID"]
    assert len(first) == 32 and first != second


@pytest.mark.parametrize("bad", ["x" * 129, "a b", "<script>", "id\x7f"])
def test_an_unsafe_request_id_is_replaced(client, bad):
    response = client.get("/healthz", headers={"X-Request-ID": bad})
    assert response.headers["X-Request-ID"] != bad
    assert len(response.headers["X-Request-ID"]) == 32


def test_error_responses_carry_the_request_id(client):
    response = client.get("/api/v1/observations/NOPE", headers={"X-Request-ID": "abc-1"})
    assert response.status_code == 404
    assert response.headers["X-Request-ID"] == "abc-1"


def test_log_lines_inside_a_request_carry_its_id(app, client, caplog):
    from insight.ops.logs import JsonFormatter, RequestIdFilter

    caplog.handler.addFilter(RequestIdFilter())
    caplog.set_level("INFO", logger="insight.access")
    client.get("/observations", headers={"X-Request-ID": "trace-9"})
    record = next(r for r in caplog.records if r.name == "insight.access")
    line = json.loads(JsonFormatter().format(record))
    assert line["request_id"] == "trace-9"
    assert line["path"] == "/observations" and line["status"] == 200


# --- a database outage -----------------------------------------------------------------------

class TcpProxy:
    """A forwarder to PostgreSQL that can be cut (every connection dies) and restored."""

    def __init__(self, target: tuple[str, int]) -> None:
        self.target = target
        self.port = free_port()
        self.sockets: list[socket.socket] = []
        self.listener: socket.socket | None = None

    def start(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", self.port), reuse_port=True)
        threading.Thread(target=self._accept, args=(self.listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def cut(self) -> None:
        if self.listener:
            try:  # wakes the thread blocked in accept(); close() alone would leave it listening
                self.listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets.clear()


@pytest.fixture
def outage(tmp_path, migrated_database):
    """An app whose database can be taken away and given back: `cut()` and `restore()`."""
    config = make_config(tmp_path)
    if TEST_DATABASE_URL:
        url = make_url(TEST_DATABASE_URL)
        proxy = TcpProxy((url.host or "127.0.0.1", url.port or 5432))
        proxy.start()
        config["SQLALCHEMY_DATABASE_URI"] = url.set(host="127.0.0.1", port=proxy.port) \
            .render_as_string(hide_password=False)
        cut, restore = proxy.cut, proxy.start
    else:
        # Without a pool every request opens the file, as a server would after a restart.
        database = tmp_path / "insight.db"
        shutil.copy(migrated_database, database)
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {"poolclass": NullPool}

        def cut() -> None:
            database.rename(tmp_path / "away.db")
            database.mkdir()  # a directory where the file was: it cannot be opened

        def restore() -> None:
            database.rmdir()
            (tmp_path / "away.db").rename(database)

    app = create_app(config)
    yield app, cut, restore
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_a_database_outage_answers_503_with_retry_after_then_recovers(outage):
    app, cut, restore = outage
    client = app.test_client()
    assert client.get("/observations").status_code == 200  # the pool holds a live connection
    cut()
    page = client.get("/observations")
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "30"
    assert page.mimetype == "text/html"
    assert "database" in page.get_data(as_text=True).lower()
    api = client.get("/api/v1/observations")
    assert api.status_code == 503 and api.headers["Retry-After"] == "30"
    assert api.get_json()["error"]["type"] == "service_unavailable"
    restore()
    assert client.get("/observations").status_code == 200
    assert client.get("/api/v1/observations").status_code == 200


def test_a_logged_in_user_gets_the_outage_page_not_a_500(outage):
    app, cut, restore = outage
    from insight.services import accounts

    with app.app_context():
        accounts.create_user("staff@example.no", "correct-horse-battery", "staff")
        db.session.commit()
    client = app.test_client()
    login = client.post("/auth/login", data={"email": "staff@example.no",
                                             "password": "correct-horse-battery"})
    assert login.status_code == 302
    cut()
    response = client.get("/staff/")
    assert response.status_code == 503
    restore()
    assert client.get("/staff/").status_code == 200


# --- serving ---------------------------------------------------------------------------------

def test_default_workers_follow_the_cores_with_a_cap():
    assert default_workers(1) == 3
    assert default_workers(2) == 5
    assert default_workers(64) == 8


def test_gunicorn_serves_with_request_ids_in_json_logs(tmp_path, migrated_database):
    """What `make serve` runs (after `flask db upgrade`), on a free port, for one smoke request."""
    port = free_port()
    env = {**os.environ, "INSIGHT_DATA_DIR": str(tmp_path), "INSIGHT_BIND": f"127.0.0.1:{port}",
           "INSIGHT_WORKERS": "1", "INSIGHT_LOG_FORMAT": "json", "INSIGHT_ENV": "testing"}
    if TEST_DATABASE_URL:
        env["INSIGHT_DATABASE_URL"] = TEST_DATABASE_URL
    else:
        shutil.copy(migrated_database, tmp_path / "insight.db")
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(
        [str(gunicorn), "--no-control-socket", "-c", "python:insight.ops.gunicorn_conf",
         "wsgi:app"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 8
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    assert r.status == 200
                    break
            except (OSError, HTTPError):
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        request = urllib.request.Request(f"http://127.0.0.1:{port}/observations",
                                         headers={"X-Request-ID": "smoke-1"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 200
            assert response.headers["X-Request-ID"] == "smoke-1"
            assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=10)
    lines = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    assert len(lines) == len(stderr.splitlines()), stderr  # every line is JSON
    access = [line for line in lines if line["logger"] == "insight.access"]
    assert access and access[-1]["request_id"] == "smoke-1"
    assert access[-1]["path"] == "/observations"
