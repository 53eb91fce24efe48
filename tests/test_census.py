"""The statistics census is brought up to date from the change log, not recounted at every
content version, and stays equal to a full count through publishes, withdrawals, visibility
changes, edits that send published observations back to review, and theme changes."""

from __future__ import annotations

from collections import Counter

from insight.extensions import db
from insight.models import Observation, User
from insight.services import census, observations, publishing
from tests.test_cached_figures import logged_in, statistics_source


def recounted() -> tuple[dict, dict]:
    cell_of, themes_of = census._rows(None)
    return (dict(Counter(cell_of.values())),
            dict(Counter(t for found in themes_of.values() for t in found)))


def _people(ref: str) -> tuple[Observation, User, User]:
    item = db.session.query(Observation).filter_by(ref=ref).one()
    author = db.session.get(User, item.author_id)
    reviewer = db.session.query(User).filter_by(email="factory-reviewer@example.no").one()
    return item, author, reviewer


def test_the_census_follows_every_kind_of_change_without_recounting(app, factory):
    refs = [factory.observation(visibility=v, source="intervju")
            for v in ("public", "suppliers", "suppliers", "internal")]
    with app.app_context():
        start = census.current()
        assert (start.cells, start.themes) == recounted()
        recounts = start.recounts
    draft = factory.observation(status="draft", visibility="suppliers")
    with app.app_context():
        item, author, reviewer = _people(refs[0])
        publishing.unpublish(item, author)  # withdrawn
        item, author, reviewer = _people(refs[1])
        observations.update(item, {"visibility": "internal", "source": "workshop",
                                   "themes": ["informasjon", "trygghet"]}, author)
        db.session.commit()  # edited: back to review
        publishing.publish(item, reviewer)  # published again, internal, other source/themes
        db.session.commit()
        item, author, reviewer = _people(draft)
        publishing.send_to_review(item, author)
        publishing.publish(item, reviewer)
        db.session.commit()
        now = census.current()
        assert (now.cells, now.themes) == recounted()
        assert now.recounts == recounts and now.steps > 0  # brought up to date, not recounted


def test_a_supplier_statistic_follows_a_visibility_change_on_the_next_request(app, factory):
    refs = [factory.observation(visibility="suppliers", source="intervju") for _ in range(6)]
    supplier = logged_in(app, factory, "supplier")
    assert statistics_source(supplier) == "6"
    with app.app_context():
        item, author, reviewer = _people(refs[0])
        observations.update(item, {"visibility": "internal"}, author)
        db.session.commit()
    # Five is a small count: hidden from suppliers (the privacy rule), no longer 6.
    assert statistics_source(supplier) != "6"
    with app.app_context():
        item, author, reviewer = _people(refs[0])
        publishing.publish(item, reviewer)
        db.session.commit()
    assert statistics_source(supplier) != "6"  # published again, but internal
    staff = logged_in(app, factory, "staff")
    assert statistics_source(staff) == "6"
