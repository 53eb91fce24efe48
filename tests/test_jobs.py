"""Durable jobs: the web import queued for `flask worker`, claimed once, run again after its
worker died, given up after repeated deaths; a request indexes only its own changes."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select, update

from insight.extensions import db
from insight.models import Job, Observation, SearchOutbox
from insight.ops import jobs
from tests.test_cli import row
from tests.test_import_web import upload

STAFF = "factory-author@example.no"


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
