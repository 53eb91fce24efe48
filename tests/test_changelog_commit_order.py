"""Change-log ids follow commit order, also on PostgreSQL.

Everything that keeps "the newest change id" — the bid pack's version, feeds, "new since"
cursors — misses an entry that commits *below* an id already read. PostgreSQL hands out ids at
insert time, so a second publish must wait for the first one's commit before it takes its id.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from insight.extensions import db
from insight.models import ChangeEntry, Observation
from insight.services import accounts, publishing
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.skipif(not (TEST_DATABASE_URL or "").startswith("postgresql"),
                                reason="SQLite serialises writers by itself")


def publish_in_thread(app, ref: str, flushed: threading.Event, release: threading.Event,
                      ids: dict[str, int]) -> threading.Thread:
    def run() -> None:
        with app.app_context():
            item = db.session.scalar(select(Observation).filter_by(ref=ref))
            publishing.publish(item, accounts.find_by_email("factory-reviewer@example.no"))
            db.session.flush()
            flushed.set()
            release.wait(10)
            ids[ref] = db.session.scalar(select(ChangeEntry.id).filter_by(
                ref=ref, action="published"))
            db.session.commit()
            db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_second_publish_waits_for_the_first_to_commit_before_taking_an_id(app, factory):
    first, second = (factory.observation(status="in_review") for _ in range(2))
    ids: dict[str, int] = {}
    first_flushed, second_flushed = threading.Event(), threading.Event()
    release_first, release_second = threading.Event(), threading.Event()
    release_second.set()
    a = publish_in_thread(app, first, first_flushed, release_first, ids)
    assert first_flushed.wait(10)
    b = publish_in_thread(app, second, second_flushed, release_second, ids)
    waited = not second_flushed.wait(0.5)  # the first holds its entry uncommitted
    release_first.set()
    a.join(10)
    b.join(10)
    assert waited, "the second publish took a change id while the first was uncommitted"
    assert ids[first] < ids[second]
