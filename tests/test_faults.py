"""Faults from outside: a worker SIGKILLed mid-import, a process killed between its commit and
its drain, an index directory removed or read-only. Subprocesses, each run kept short; the
10k-row import is marked `slow` (it runs with INSIGHT_SLOW_TESTS=1; CI runs the 2k-row form)."""

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import Job, Observation, SearchOutbox
from tests import form_data
from tests.conftest import TEST_DATABASE_URL
from tests.test_cli import row
from tests.test_jobs import start_web_import

ROOT = Path(__file__).resolve().parent.parent


def environment(app) -> dict[str, str]:
    env = {**os.environ, "INSIGHT_DATA_DIR": app.config["DATA_DIR"], "INSIGHT_ENV": "testing",
           "INSIGHT_JOBS": "worker", "PYTHONPATH": str(ROOT)}
    if TEST_DATABASE_URL:
        env["INSIGHT_DATABASE_URL"] = TEST_DATABASE_URL
    return env


def flask(app, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", *args], cwd=ROOT,
                            env=environment(app), stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def wait_until(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def progress_done(app, token: str) -> int:
    path = Path(app.config["DATA_DIR"]) / "uploads" / f"{token}.progress.json"
    try:
        return json.loads(path.read_text()).get("done", 0)
    except (FileNotFoundError, ValueError):
        return 0


def job_state(app) -> str:
    with app.app_context():
        return db.session.scalar(select(Job.state))


@pytest.mark.parametrize("rows", [2_000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_a_worker_killed_mid_import_leaves_nothing_and_the_job_runs_again(
        app, client, login_as, rows):
    app.config["JOBS"] = "worker"
    login_as("staff")
    token = start_web_import(client, *(row(f"OBS-{i:05d}") for i in range(rows)))
    worker = flask(app, "worker", "--poll", "0.1")
    try:
        # Killed while the rows are being written (the second pass of the progress bar).
        wait_until(lambda: progress_done(app, token) > rows, 30, "the import to start writing")
        worker.send_signal(signal.SIGKILL)
        worker.wait(5)
    finally:
        worker.kill()
        worker.communicate()
    assert count(app, Observation) == 0 and job_state(app) == "running"
    again = flask(app, "worker", "--once")
    output, _ = again.communicate(timeout=120)
    assert again.returncode == 0, output
    assert job_state(app) == "done" and count(app, Observation) == rows
    assert client.get(f"/staff/import/{token}/progress").status_code == 302


KILL_BEFORE_DRAIN = textwrap.dedent("""
    import os, signal
    from insight import create_app
    from insight.extensions import db
    from insight.search import sync
    from insight.services import accounts, observations, publishing

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    sync.drain_keys = killed  # the process dies right after its commit, before indexing
    app = create_app()
    with app.app_context():
        author = accounts.find_by_email("factory-author@example.no")
        reviewer = accounts.find_by_email("factory-reviewer@example.no")
        item = observations.create({
            "title": "Rullatoren", "text": "Rullatoren sto igjen på rommet.",
            "source": "intervju", "stay_type": "rehabilitering", "journey_stage": "ankomst",
            "actor": "bruker", "themes": ["informasjon"], "month": "2025-03",
            "age_band": "80-89", "unit": "Korttidsavdeling A", "visibility": "public"}, author)
        publishing.send_to_review(item, author)
        publishing.publish(item, reviewer)
        db.session.commit()
""")


def found(client, q: str) -> list[str]:
    body = client.get("/api/v1/search", query_string={"q": q}).get_json()
    return [item["ref"] for item in body["items"]]


def test_a_kill_between_commit_and_drain_is_drained_by_the_worker_not_a_user(
        app, client, factory, login_as):
    factory.observation()  # creates the author and reviewer accounts
    killed = subprocess.run([sys.executable, "-c", KILL_BEFORE_DRAIN], cwd=ROOT,
                            env=environment(app), capture_output=True, text=True, timeout=30)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert count(app, SearchOutbox) >= 1 and found(client, "rullator") == []
    login_as("staff")
    response = client.post("/staff/observations/new", data=form_data.NEW_OBSERVATION)
    assert response.status_code == 302
    assert count(app, SearchOutbox) >= 1  # the user's request left the others' rows alone
    worker = flask(app, "worker", "--once")
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output
    assert count(app, SearchOutbox) == 0 and len(found(client, "rullator")) == 1


@pytest.fixture(params=["removed", "read-only"])
def broken_index(request, app, client, factory, search_backend):
    if search_backend != "whoosh":
        pytest.skip("the whoosh index is a directory")
    factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    index = Path(app.config["SEARCH_INDEX_DIR"])
    if request.param == "removed":
        shutil.rmtree(index)
        yield index
        return
    if os.geteuid() == 0:
        pytest.skip("root writes into a read-only directory")
    for path in (index, *index.iterdir()):
        path.chmod(0o555 if path.is_dir() else 0o444)
    yield index
    for path in (index, *index.iterdir()):
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_a_broken_index_keeps_writes_working_reports_drift_and_rebuild_heals_it(
        app, client, factory, login_as, broken_index):
    ref = factory.observation(visibility="public", text="Kaffen kom kald til frokost.")
    with app.app_context():
        assert db.session.scalar(select(Observation.status).filter_by(ref=ref)) == "published"
    ready = client.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["search"]["ok"] is False
    if broken_index.exists():  # read-only: let the rebuild write again
        for path in (broken_index, *broken_index.iterdir()):
            path.chmod(0o755 if path.is_dir() else 0o644)
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    assert client.get("/readyz").status_code == 200
    assert found(client, "kaffen")[0] == ref
