"""The bid pack built by `flask worker` (INSIGHT_JOBS=worker): a change suppliers see queues one
build, the page offers no file until the pack of the current version is built, every supplier
then gets the same bytes, and a build whose worker died is finished by the next worker."""

import hashlib
import io
import os
import re
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import Job
from tests.test_bidpack import as_supplier, pack_file
from tests.test_jobs import dead_pid

BUILD = "bidpack.build"


@pytest.fixture
def worker_mode(app):
    app.config["JOBS"] = "worker"


def builds(app) -> list[tuple[str, int]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(Job.state, Job.attempts).where(Job.kind == BUILD).order_by(Job.id))]


def offered_version(client) -> int | None:
    page = client.get("/bid-pack")
    assert page.status_code == 200
    found = re.search(r"/bid-pack/innsikt-(\d+)\.zip", page.get_data(as_text=True))
    return int(found[1]) if found else None


def download(client, version: int) -> bytes:
    response = client.get(f"/bid-pack/innsikt-{version}.zip")
    assert response.status_code == 200, response.status_code
    return response.data


def run_worker(runner) -> str:
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def published(app, factory, worker_mode):
    """One observation published for suppliers, its build queued and not yet run."""
    return factory.observation(title="Kaffen kom kald", visibility="suppliers")


def test_a_publish_queues_exactly_one_build(app, published):
    assert builds(app) == [("queued", 0)]


def test_more_publishing_while_a_build_waits_queues_no_second_one(app, factory, published):
    factory.observation(title="Rullatoren sto igjen", visibility="public")
    assert builds(app) == [("queued", 0)]


def test_a_draft_or_an_internal_item_queues_no_build(app, factory, worker_mode):
    factory.observation(status="draft")
    factory.observation(visibility="internal")
    assert builds(app) == []


def test_the_thread_mode_builds_on_the_first_request_and_queues_nothing(app, client, factory,
                                                                       auth):
    factory.observation(visibility="suppliers")
    as_supplier(app, factory, auth)
    version = offered_version(client)
    assert version is not None and download(client, version)[:2] == b"PK"
    assert builds(app) == []


def test_until_the_worker_has_built_it_the_page_says_it_is_being_prepared(
        app, client, factory, auth, published):
    as_supplier(app, factory, auth)
    page = client.get("/bid-pack").get_data(as_text=True)
    assert 'id="bid-pack-preparing"' in page and offered_version(client) is None
    assert 'data-state="queued"' in page


def test_the_file_of_a_version_being_prepared_answers_503_with_retry_after(
        app, client, factory, auth, published):
    as_supplier(app, factory, auth)
    with app.app_context():
        from insight.services import bidpack

        version = bidpack.current_version()
    response = client.get(f"/bid-pack/innsikt-{version}.zip")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert not pack_file(app, version).exists()


def test_the_worker_builds_the_pack_and_two_suppliers_get_the_same_bytes(
        app, client, factory, auth, runner, published):
    assert "Ran 1 job(s)" in run_worker(runner)
    assert builds(app) == [("done", 1)]
    as_supplier(app, factory, auth)
    version = offered_version(client)
    first = download(client, version)
    as_supplier(app, factory, auth)
    second = download(client, version)
    assert first == second
    page = client.get("/bid-pack").get_data(as_text=True)
    assert hashlib.sha256(first).hexdigest() in page


def test_the_pack_the_worker_built_says_the_version_it_is_offered_as(
        app, client, factory, auth, runner, published):
    run_worker(runner)
    as_supplier(app, factory, auth)
    version = offered_version(client)
    archive = zipfile.ZipFile(io.BytesIO(download(client, version)))
    assert f"Versjon:        {version}" in archive.read("README.txt").decode()
    assert "Kaffen kom kald" in archive.read("data/observations.csv").decode("utf-8-sig")


def test_after_a_change_the_old_pack_is_not_offered_while_the_new_one_is_prepared(
        app, client, factory, auth, runner, published):
    run_worker(runner)
    as_supplier(app, factory, auth)
    old = offered_version(client)
    factory.observation(title="Rullatoren sto igjen", visibility="suppliers")
    page = client.get("/bid-pack").get_data(as_text=True)
    assert 'id="bid-pack-preparing"' in page and offered_version(client) is None
    assert client.get(f"/bid-pack/innsikt-{old}.zip").status_code == 404
    run_worker(runner)
    new = offered_version(client)
    assert new > old
    assert "Rullatoren sto igjen" in zipfile.ZipFile(io.BytesIO(download(client, new))) \
        .read("data/observations.csv").decode("utf-8-sig")


def test_a_build_whose_worker_died_is_finished_by_the_next_worker(
        app, client, factory, auth, runner, published):
    with app.app_context():
        from insight.services import bidpack

        version = bidpack.current_version()
        job = db.session.scalar(select(Job).where(Job.kind == BUILD))
        job.state, job.attempts = "running", 1
        job.locked_by = f"{os.uname().nodename}:{dead_pid()}:gone"
        db.session.commit()
        directory = bidpack.pack_directory()
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f".{version}.zip.tmp").write_bytes(b"PK half a file")  # killed mid-write
    as_supplier(app, factory, auth)
    assert offered_version(client) is None
    assert "Ran 1 job(s)" in run_worker(runner)
    assert builds(app) == [("done", 2)]
    data = download(client, offered_version(client))
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None


def test_a_pack_removed_from_the_cache_is_queued_again_by_the_page(
        app, client, factory, auth, runner, published):
    run_worker(runner)
    as_supplier(app, factory, auth)
    version = offered_version(client)
    for path in Path(pack_file(app, version)).parent.glob(f"{version}.*"):
        path.unlink()
    assert offered_version(client) is None
    assert builds(app) == [("done", 1), ("queued", 0)]
    run_worker(runner)
    assert offered_version(client) == version


def test_an_import_that_publishes_queues_one_build(app, runner, tmp_path, worker_mode):
    from tests.test_cli import row, write_csv

    path = write_csv(tmp_path / "obs.csv", [row(f"OBS-{n:04d}") for n in range(1, 30)])
    result = runner.invoke(args=["import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert builds(app) == [("queued", 0)]
