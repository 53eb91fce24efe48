"""`flask export-all` / `flask import-all`: a complete, verifiable archive that restores into an
empty database on either engine and exports again to the same bytes.

The cross-engine test needs a second PostgreSQL database besides the suite's own: set
INSIGHT_TEST_BACKUP_DATABASE_URL (a SQLite run then goes SQLite → PostgreSQL → archive); on a
PostgreSQL run (INSIGHT_TEST_DATABASE_URL) it goes PostgreSQL → SQLite → archive instead.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import json
import os
import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import upgrade

from insight import create_app
from insight.extensions import db
from insight.services import accounts, site, tokens
from tests.conftest import TEST_DATABASE_URL, make_config, reset_postgres

BACKUP_DATABASE_URL = os.environ.get("INSIGHT_TEST_BACKUP_DATABASE_URL")
SUPPLIER, DEMO_PASSWORD = "leverandor@innsikt.example", "innsikt-demo"
PAGES = ["/observations", "/observations?stay_type=rehabilitering", "/observations/OBS-0001",
         "/insights", "/personas", "/journeys", "/questions", "/search?q=informasjon"]


def new_app(data_dir: Path, url: str | None = None) -> Flask:
    """A migrated, empty database: SQLite in `data_dir`, or the PostgreSQL at `url`."""
    config = make_config(data_dir)
    config["SQLALCHEMY_DATABASE_URI"] = url or f"sqlite:///{data_dir / 'insight.db'}"
    if url:
        reset_postgres(url)
    app = create_app(config)
    with app.app_context():
        upgrade()
    return app


def close(app: Flask) -> None:
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def run(app: Flask, *args: str):
    return app.test_cli_runner().invoke(args=list(args))


def normalised(body: bytes) -> str:
    """A page without what differs per session (CSRF tokens, CSP nonces)."""
    return re.sub(r'name="csrf_token" value="[^"]*"|nonce="[^"]*"', "", body.decode())


def supplier_view(app: Flask) -> dict[str, tuple[int, str]]:
    client = app.test_client()
    assert client.post("/auth/login", data={"email": SUPPLIER, "password": DEMO_PASSWORD}
                       ).status_code == 302
    journey = re.search(r'href="/journeys/(JRN-\d+)"', client.get("/journeys").text).group(1)
    seen = {}
    for path in [*PAGES, f"/journeys/{journey}"]:
        response = client.get(path)
        seen[path] = (response.status_code, normalised(response.data))
    api = client.get("/api/v1/search", query_string={"q": "informasjon"}).get_json()
    seen["api"] = (200, json.dumps([item["ref"] for item in api["items"]]))
    return seen


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> dict:
    """Demo data plus site dates and an API token, exported; the supplier's pages before."""
    data_dir = tmp_path_factory.mktemp("source")
    app = new_app(data_dir, TEST_DATABASE_URL)
    assert run(app, "seed-demo").exit_code == 0
    with app.app_context():
        admin = accounts.find_by_email("admin@innsikt.example")
        site.update({"municipality": "Eksempel kommune", "dialogue_opens": date(2026, 1, 5),
                     "questions_close": date(2026, 2, 27)}, admin)
        tokens.create_token(accounts.find_by_email(SUPPLIER), "integrasjon", "read")
        # A user approved by an administrator created after them: a link to a later row.
        late = accounts.register_supplier("sen@leverandor.no", "correct-horse-battery",
                                          "Sen Leverandør", "Sen AS", "912345688")
        newer_admin = accounts.create_user("admin2@example.no", "correct-horse-battery",
                                           "admin")
        db.session.flush()
        accounts.approve(late, newer_admin)
        db.session.commit()
    # Rankings of an index built document by document can differ from a fresh build (the
    # compound splitter learns its word list while indexing), so both sides of the comparison
    # start from a freshly built index.
    assert run(app, "search", "rebuild").exit_code == 0
    archive = data_dir / "backup.zip"
    result = run(app, "export-all", str(archive))
    assert result.exit_code == 0, result.output
    data = archive.read_bytes()
    pages = supplier_view(app)
    close(app)
    return {"archive": archive, "bytes": data, "pages": pages}


def restored(tmp_path: Path, archive: Path, url: str | None = None) -> Flask:
    app = new_app(tmp_path, url)
    result = run(app, "import-all", str(archive))
    assert result.exit_code == 0, result.output
    return app


def rewritten(archive: Path, target: Path, change) -> None:
    """A copy of `archive` with `change(files)` applied to its {name: bytes}."""
    with zipfile.ZipFile(archive) as z:
        files = {name: z.read(name) for name in z.namelist()}
    change(files)
    with zipfile.ZipFile(target, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)


def table_lines(data: bytes, table: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return [json.loads(line) for line in z.read(f"tables/{table}.jsonl").splitlines()]


# --- the archive -----------------------------------------------------------------------------

def test_the_archive_lists_every_file_with_its_sha256(source):
    with zipfile.ZipFile(io.BytesIO(source["bytes"])) as z:
        names = set(z.namelist())
        sums = dict(reversed(line.split("  ")) for line in z.read("SHA256SUMS").decode()
                    .splitlines())
        assert set(sums) == names - {"SHA256SUMS"}
        assert all(hashlib.sha256(z.read(n)).hexdigest() == sums[n] for n in sums)
        manifest = json.loads(z.read("manifest.json"))
    assert manifest["schema_version"]
    assert {"tables/observation.jsonl", "tables/user.jsonl", "tables/audit_event.jsonl"} <= names


def test_the_archive_keeps_column_types(source):
    settings = table_lines(source["bytes"], "site_settings")[0]
    assert settings["dialogue_opens"] == "2026-01-05"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", settings["created_at"])
    user = table_lines(source["bytes"], "user")[0]
    assert user["active"] is True
    audit = table_lines(source["bytes"], "audit_event")
    assert any(isinstance(event["changes"], dict) and event["changes"] for event in audit)


def test_the_observations_are_ordered_by_id(source):
    ids = [row["id"] for row in table_lines(source["bytes"], "observation")]
    assert ids == sorted(ids) and len(ids) == 150


# --- round trips -----------------------------------------------------------------------------

def test_restore_then_export_on_sqlite_gives_the_same_archive(source, tmp_path):
    app = restored(tmp_path, source["archive"])
    assert run(app, "export-all", str(tmp_path / "again.zip")).exit_code == 0
    close(app)
    assert (tmp_path / "again.zip").read_bytes() == source["bytes"]


def test_restore_then_export_on_the_other_engine_gives_the_same_archive(source, tmp_path):
    if TEST_DATABASE_URL:
        other = None  # PostgreSQL → SQLite
    elif BACKUP_DATABASE_URL:
        other = BACKUP_DATABASE_URL  # SQLite → PostgreSQL
    else:
        pytest.skip("set INSIGHT_TEST_BACKUP_DATABASE_URL to a spare PostgreSQL database to "
                    "test SQLite → PostgreSQL → archive")
    app = restored(tmp_path, source["archive"], other)
    assert run(app, "export-all", str(tmp_path / "again.zip")).exit_code == 0
    with app.app_context():  # the sequences continue after the restored ids
        accounts.create_user("ny@example.no", "correct-horse-battery", "staff")
        db.session.commit()
    close(app)
    assert (tmp_path / "again.zip").read_bytes() == source["bytes"]


def test_after_a_restore_the_supplier_sees_the_same_pages_and_search(source, tmp_path):
    app = restored(tmp_path, source["archive"])
    after = supplier_view(app)
    close(app)
    assert json.loads(after["api"][1])  # search finds something
    for path, (status, body) in source["pages"].items():
        assert after[path][0] == status, path
        assert after[path][1] == body, "\n".join(difflib.unified_diff(
            body.splitlines(), after[path][1].splitlines(), lineterm="", n=0))


# --- refusals --------------------------------------------------------------------------------

def test_a_tampered_archive_is_refused_and_nothing_is_restored(source, tmp_path):
    def change(files):
        files["tables/user.jsonl"] = files["tables/user.jsonl"].replace(b'"supplier"', b'"admin"')

    rewritten(source["archive"], tmp_path / "tampered.zip", change)
    app = new_app(tmp_path)
    result = run(app, "import-all", str(tmp_path / "tampered.zip"))
    with app.app_context():
        assert accounts.find_by_email(SUPPLIER) is None
    close(app)
    assert result.exit_code == 1
    assert "fails its SHA-256 check (changed: tables/user.jsonl" in result.output


def test_a_restore_into_a_database_with_data_is_refused(source, app, runner, factory):
    factory.user("staff")
    result = runner.invoke(args=["import-all", str(source["archive"])])
    assert result.exit_code == 1
    assert "The database is not empty (rows in " in result.output
    with app.app_context():
        assert accounts.find_by_email(SUPPLIER) is None


def test_an_archive_from_another_schema_version_is_refused(source, tmp_path):
    def change(files):
        manifest = json.loads(files["manifest.json"])
        manifest["schema_version"] = "0001"
        files["manifest.json"] = json.dumps(manifest).encode()
        files["SHA256SUMS"] = "".join(
            f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n"
            for n in sorted(files) if n != "SHA256SUMS").encode()

    rewritten(source["archive"], tmp_path / "old.zip", change)
    app = new_app(tmp_path)
    result = run(app, "import-all", str(tmp_path / "old.zip"))
    close(app)
    assert result.exit_code == 1
    assert "The archive is at schema version 0001 but this database is at" in result.output
