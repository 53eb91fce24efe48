"""Durable jobs: the web import queued for `flask worker`, claimed once, run again after its
worker died, given up after repeated deaths; the administrator's Sync and Rebuild queued and
shown with their state; a request indexes only its own changes, never what others left."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update

from insight.extensions import db
from insight.models import Job, Observation, SearchOutbox
from insight.ops import jobs
from tests import form_data, test_search_app
from tests.test_cli import row
from tests.test_import_web import upload

STAFF = "factory-author@example.no"
removed_index = test_search_app.removed_index  # a published observation, its index removed


@pytest.fixture
def worker_mode(app):
    app.config["JOBS"] = "worker"


def start_web_import(client, *rows, publish=False):
    preview = upload(client, *rows).location
    token = preview.split("/")[-1].split("?")[0]
    client.get(preview)
    data = {"on_existing": "reject", **({"publish": "y"} if publish else {})}
    assert client.post(f"/staff/import/{token}", data=data).status_code == 302
    return token


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_web_import_waits_in_the_queue_until_a_worker_runs_it(app, client, login_as, runner,
                                                                 worker_mode):
    login_as("staff")
    token = start_web_import(client, row("OBS-0001"), row("OBS-0002"))
    waiting = client.get(f"/staff/import/{token}/progress")
    assert waiting.status_code == 200 and count(app, Observation) == 0
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0 and "Ran 1 job(s)" in result.output, result.output
    done = client.get(f"/staff/import/{token}/progress")
    assert done.status_code == 302 and "/staff/import/records/" in done.location
    assert count(app, Observation) == 2
    assert client.get("/api/v1/search", query_string={"q": "vedtak"}).status_code == 200


def test_a_failed_import_job_shows_its_message_on_the_progress_page(app, client, login_as,
                                                                    runner, worker_mode):
    login_as("staff")
    token = start_web_import(client, row("OBS-0001"), publish=True)  # staff may not publish
    runner.invoke(args=["worker", "--once"])
    page = client.get(f"/staff/import/{token}/progress").get_data(as_text=True)
    assert "alert" in page and count(app, Observation) == 0
    with app.app_context():
        assert db.session.scalar(select(Job.state)) == "failed"


def test_the_thread_mode_needs_no_worker(app, client, login_as):
    from tests.test_import_web import wait_for_import

    login_as("staff")
    token = start_web_import(client, row("OBS-0001"))
    assert wait_for_import(client, token).status_code == 302
    assert count(app, Job) == 0 and count(app, Observation) == 1


def test_a_job_is_claimed_by_one_worker_only(app):
    with app.app_context():
        jobs.enqueue("search.drain")
        db.session.commit()
        assert jobs.claim("a:1:x") is not None
        assert jobs.claim("b:2:y") is None


def test_a_job_whose_worker_died_runs_again(app, runner):
    with app.app_context():
        job = jobs.enqueue("search.drain")
        job.state, job.attempts = "running", 1
        job.locked_by = f"{os.uname().nodename}:{dead_pid()}:gone"
        db.session.commit()
    result = runner.invoke(args=["worker", "--once"])
    assert "Ran 1 job(s)" in result.output, result.output
    with app.app_context():
        assert db.session.execute(select(Job.state, Job.attempts)).one() == ("done", 2)


def test_a_job_that_keeps_killing_its_worker_is_given_up_with_a_message(app, runner):
    with app.app_context():
        job = jobs.enqueue("search.drain")
        job.state, job.attempts = "running", jobs.MAX_ATTEMPTS
        job.locked_by = f"{os.uname().nodename}:{dead_pid()}:gone"
        db.session.commit()
    runner.invoke(args=["worker", "--once"])
    with app.app_context():
        state, error = db.session.execute(select(Job.state, Job.error)).one()
    assert state == "failed" and "given up" in error["message"]["id"]


def test_a_job_of_a_live_worker_on_another_host_is_left_alone(app):
    with app.app_context():
        job = jobs.enqueue("search.drain")
        job.state, job.locked_by = "running", "elsewhere:1:x"
        job.heartbeat_at = jobs._now()
        db.session.commit()
        assert jobs.requeue_stale("me") == 0
        db.session.execute(update(Job).values(heartbeat_at=jobs._now().replace(year=2000)))
        db.session.commit()
        assert jobs.requeue_stale("me") == 1


def test_a_rebuild_job_restores_a_cleared_index(app, client, factory, runner):
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    with app.app_context():
        from insight.search import sync

        sync.get_backend().clear()
        jobs.enqueue("search.rebuild")
        db.session.commit()
    runner.invoke(args=["worker", "--once"])
    body = client.get("/api/v1/search", query_string={"q": "rullator"}).get_json()
    assert [item["ref"] for item in body["items"]] == [ref]


def test_a_request_indexes_its_own_change_but_not_what_others_left(app, client, factory,
                                                                    login_as, runner):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False  # a process killed between commit and drain
    left = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    app.config["SEARCH_SYNC_ON_COMMIT"] = True
    login_as("staff")
    response = client.post("/staff/observations/new", data={
        "title": "Kaffen kom kald", "text": "Kaffen kom kald til frokost.", "source": "intervju",
        "stay_type": "rehabilitering", "journey_stage": "ankomst", "actor": "bruker",
        "themes": ["informasjon"], "month": "2025-03", "age_band": "80-89",
        "unit": "Korttidsavdeling A", "visibility": "public"})
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    with app.app_context():
        waiting = db.session.scalars(select(SearchOutbox.object_ref)).all()
    assert waiting == [left]  # the staff member's own draft was indexed; the other row waits
    runner.invoke(args=["worker", "--once"])
    assert count(app, SearchOutbox) == 0


def test_an_unknown_jobs_mode_is_refused(app):
    app.config["JOBS"] = "cron"
    with app.app_context(), pytest.raises(jobs.ConfigurationError, match="INSIGHT_JOBS"):
        jobs.mode()


# --- the administrator's Sync and Rebuild in worker mode --------------------------------------

def index_jobs(app) -> list[tuple[str, str]]:
    with app.app_context():
        return [tuple(r) for r in db.session.execute(
            select(Job.kind, Job.state).where(Job.kind.like("search.%")).order_by(Job.id))]


def test_the_sync_button_queues_one_job_and_returns_at_once(app, client, login_as,
                                                            worker_mode):
    login_as("admin")
    first = client.post("/admin/search/sync", follow_redirects=True)
    again = client.post("/admin/search/sync", follow_redirects=True)
    assert first.status_code == 200 and again.status_code == 200
    assert index_jobs(app) == [("search.sync", "queued")]
    assert 'data-state="queued"' in again.get_data(as_text=True)


def test_the_sync_job_drains_the_outbox_and_the_page_says_done(app, client, factory, login_as,
                                                               runner, worker_mode):
    from tests.test_search_app import found, outbox_size

    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen på rommet.")
    login_as("admin")
    client.post("/admin/search/sync")
    assert outbox_size(app) == 1  # not in the request
    runner.invoke(args=["worker", "--once"])
    assert found(client, "rullator") == [ref]
    assert 'data-state="done"' in client.get("/admin/search").get_data(as_text=True)
    with app.app_context():
        from insight.models import AuditEvent

        assert db.session.scalar(select(AuditEvent.action)
                                 .where(AuditEvent.action == "search.sync")) == "search.sync"


def test_the_index_page_opens_with_the_index_removed_in_worker_mode(client, login_as,
                                                                    removed_index, app):
    app.config["JOBS"] = "worker"
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    page = client.get("/admin/search")
    assert page.status_code == 200 and 'id="index-unavailable"' in page.get_data(as_text=True)


def test_a_rebuild_job_in_another_process_heals_the_running_server(app, client, login_as,
                                                                   removed_index):
    from tests.test_faults import flask
    from tests.test_search_app import found

    app.config["JOBS"] = "worker"
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    assert client.get("/api/v1/search", query_string={"q": "rullator"}).status_code == 503
    worker = flask(app, "worker", "--once")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0 and "Ran 1 job(s)" in output, output
    assert found(client, "rullator") == [removed_index]  # no restart of this "server"
    page = client.get("/admin/search").get_data(as_text=True)
    assert 'id="index-unavailable"' not in page and 'data-state="done"' in page


# --- no request drains what others left -------------------------------------------------------

def test_in_worker_mode_a_write_leaves_what_a_crashed_import_left_for_the_worker(
        app, client, factory, login_as, runner, worker_mode):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    refs = [factory.observation(visibility="public") for _ in range(3)]
    app.config["SEARCH_SYNC_ON_COMMIT"] = True
    with app.app_context():  # an import killed between its commit and its drain
        db.session.add_all(SearchOutbox(object_type="observation", object_ref=f"OBS-9{i:04d}")
                           for i in range(2_000))
        db.session.commit()
    left = count(app, SearchOutbox)
    login_as("staff")
    response = client.post("/staff/observations/new", data=form_data.NEW_OBSERVATION)
    assert response.status_code == 302
    assert count(app, SearchOutbox) == left == 2_000 + len(refs)
    runner.invoke(args=["worker", "--once"])
    assert count(app, SearchOutbox) == 0
