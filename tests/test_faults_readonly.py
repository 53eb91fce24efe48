"""Fault: the search index becomes read-only while the server runs.

The tests run as root, where chmod does not stop writes, so the fault is made in the Whoosh
adapter's storage instead: every file it would create raises PermissionError, as a read-only
mount does. Through the real endpoints: a staff member's write succeeds (in the database, its
index update kept in the outbox), /readyz fails at once (the index refused a waiting change)
and the admin page says the index is not in step and why,
and once the fault is lifted the admin's Sync or Rebuild heals it without a restart."""

from __future__ import annotations

import errno
import time

import pytest
from sqlalchemy import func, select
from whoosh.filedb.filestore import FileStorage

from insight.extensions import db
from insight.models import Observation, SearchOutbox

TITLE = "Kaffen kom kald til frokost"
FORM = {"title": TITLE, "text": "Kaffen kom kald til frokost hver dag.", "source": "intervju",
        "stay_type": "rehabilitering", "journey_stage": "ankomst", "actor": "bruker",
        "themes": ["informasjon"], "month": "2025-03", "age_band": "80-89",
        "unit": "Korttidsavdeling A", "visibility": "public"}


class ReadOnlyIndex:
    """Switches the fault on and off: while on, Whoosh cannot create any file."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.writes_refused = 0

    def on(self) -> None:
        def refuse(storage, name, *args, **kwargs):
            self.writes_refused += 1
            raise PermissionError(errno.EROFS, "Read-only file system", name)

        self.monkeypatch.setattr(FileStorage, "create_file", refuse)

    def off(self) -> None:
        self.monkeypatch.undo()


@pytest.fixture
def read_only_index(app, monkeypatch, search_backend):
    if search_backend != "whoosh":
        pytest.skip("the fault is in the Whoosh adapter's storage")
    fault = ReadOnlyIndex(monkeypatch)
    yield fault
    fault.off()


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def search_state(client) -> tuple[int, dict]:
    response = client.get("/readyz")
    return response.status_code, response.get_json()["checks"]["search"]


@pytest.fixture
def faulted(app, client, login_as, read_only_index):
    """An admin logged in, an index in step; then the index turns read-only and the admin
    writes an observation through the staff form."""
    login_as("admin")
    assert client.post("/admin/search/rebuild").status_code == 302
    assert search_state(client)[1]["state"] == "in_sync"
    read_only_index.on()
    response = client.post("/staff/observations/new", data=FORM)
    return response


def test_a_write_succeeds_while_the_index_is_read_only(app, faulted, read_only_index):
    assert faulted.status_code == 302
    assert read_only_index.writes_refused > 0  # the drain after commit did try, and failed
    with app.app_context():
        assert db.session.scalar(select(Observation.title).filter_by(title=TITLE)) == TITLE


def test_the_outbox_keeps_the_update_the_index_refused(app, faulted):
    with app.app_context():
        rows = db.session.execute(select(SearchOutbox.object_type)).scalars().all()
    assert rows == ["observation"]


def test_readyz_says_the_index_is_not_in_step(client, faulted):
    status, search = search_state(client)
    assert search["state"] != "in_sync"
    assert search["outbox"] == 1 and search["indexed"] == search["documents"] - 1


def test_readyz_fails_at_once_when_the_index_refused_the_change(client, faulted):
    status, search = search_state(client)
    assert status == 503
    assert search == {**search, "ok": False, "state": "failing",
                      "last_failure": "PermissionError"}


def test_a_refused_change_is_failing_before_the_backlog_is_old(app, client, faulted):
    app.config["READY_MAX_OUTBOX_AGE"] = 3600
    assert search_state(client)[1]["state"] == "failing"


def test_a_failure_before_the_waiting_changes_no_longer_counts(
        app, client, faulted, read_only_index):
    read_only_index.off()
    assert client.post("/admin/search/sync").status_code == 302
    app.config["SEARCH_SYNC_ON_COMMIT"] = False  # the next change waits, nothing refused it
    time.sleep(0.01)
    assert client.post("/staff/observations/new", data={**FORM, "title": "Te til frokost"}
                       ).status_code == 302
    status, search = search_state(client)
    assert status == 200 and search["state"] == "draining" and "last_failure" not in search


def test_the_admin_page_reports_the_waiting_change(client, faulted):
    client.get("/?lang=en")
    page = client.get("/admin/search")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "The index differs from the database." in text
    assert "1 change waits in the outbox." in text
    assert "The index refused the last update at" in text and "(PermissionError)" in text


def test_sync_while_still_read_only_is_refused_with_a_message_not_a_500(client, faulted):
    client.get("/?lang=en")
    response = client.post("/admin/search/sync", follow_redirects=True)
    assert response.status_code == 200
    assert "The search index failed" in response.get_data(as_text=True)


@pytest.mark.parametrize("action", ["sync", "rebuild"])
def test_after_the_fault_is_lifted_the_admin_heals_the_index_without_a_restart(
        app, client, faulted, read_only_index, action):
    read_only_index.off()
    assert client.post(f"/admin/search/{action}").status_code == 302
    status, search = search_state(client)
    assert status == 200 and search["state"] == "in_sync"
    assert count(app, SearchOutbox) == 0
    client.get("/?lang=en")
    assert TITLE in client.get("/search", query_string={"q": "kaffen frokost"}).get_data(
        as_text=True)
