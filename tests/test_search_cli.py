"""`flask search rebuild | check | sync`, as an operator runs them, on every backend."""

from dataclasses import replace

import pytest
from sqlalchemy import func, select

from insight.extensions import db
from insight.models import AuditEvent, SearchOutbox
from insight.search import SearchDocument
from insight.search.indexing import version
from insight.search.sync import get_backend
from insight.services import observations, reading
from insight.services.writing import SYSTEM

pytestmark = pytest.mark.usefixtures("search_backend")  # before `app`: it picks the backend


def indexed(app) -> dict[str, str]:
    with app.app_context():
        return get_backend().versions()


def orphan(ref: str = "OBS-9999") -> SearchDocument:
    return SearchDocument(
        doc_id=f"observation:{ref}", type="observation", ref=ref, title="Slettet for lenge siden",
        body="Finnes ikke i databasen.", status="published", visibility="public",
        url=f"/observations/{ref}", version="2020-01-01T00:00:00+00:00")


@pytest.fixture
def drifted(app, factory):
    """An index with one missing, one stale and one orphaned document."""
    missing = factory.observation(visibility="public")
    stale = factory.observation(visibility="public")
    with app.app_context():
        backend = get_backend()
        backend.delete([f"observation:{missing}"])
        doc = replace(orphan(stale), version="2020-01-01T00:00:00+00:00")
        backend.upsert([doc, orphan()])
    return {"missing": f"observation:{missing}", "stale": f"observation:{stale}",
            "orphaned": "observation:OBS-9999"}


def test_check_says_so_when_the_index_is_in_step(runner, factory):
    factory.observation()
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 0, result.output
    assert "Missing: 0" in result.output and "in step" in result.output


def test_check_finds_a_missing_a_stale_and_an_orphaned_document(runner, drifted):
    result = runner.invoke(args=["search", "check"])
    assert result.exit_code == 1
    assert f"Missing: 1 ({drifted['missing']})" in result.output
    assert f"Stale: 1 ({drifted['stale']})" in result.output
    assert f"Orphaned: 1 ({drifted['orphaned']})" in result.output


def test_check_fix_repairs_missing_stale_and_orphaned_documents(app, runner, drifted):
    result = runner.invoke(args=["search", "check", "--fix"])
    assert result.exit_code == 0, result.output
    versions = indexed(app)
    assert drifted["missing"] in versions and drifted["orphaned"] not in versions
    assert versions[drifted["stale"]] != "2020-01-01T00:00:00+00:00"


def test_check_reports_the_outbox_backlog(app, runner, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    factory.observation()
    result = runner.invoke(args=["search", "check"])
    assert "Outbox: 1 change(s) waiting" in result.output


def test_sync_writes_the_waiting_changes_to_the_index(app, runner, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    ref = factory.observation()
    result = runner.invoke(args=["search", "sync"])
    assert result.exit_code == 0, result.output
    assert "Indexed 1" in result.output and f"observation:{ref}" in indexed(app)


def test_sync_empties_the_outbox(app, runner, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    factory.observation()
    runner.invoke(args=["search", "sync"])
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SearchOutbox)) == 0


def test_sync_indexes_the_current_state_not_the_state_at_the_change(app, runner, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    ref = factory.observation(visibility="public", text="Rullatoren sto igjen.")
    with app.app_context():
        item = reading.observation(None, ref)
        observations.update(item, {"text": "Sengealarmen ble skrudd av."}, SYSTEM)
        db.session.commit()
        expected = version(item.updated_at)
    runner.invoke(args=["search", "sync"])
    assert indexed(app)[f"observation:{ref}"] == expected


def test_rebuild_removes_orphans(app, runner, factory):
    factory.observation()
    with app.app_context():
        get_backend().upsert([orphan()])
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "removed 1 orphaned" in result.output
    assert "observation:OBS-9999" not in indexed(app)


def test_rebuild_indexes_everything_the_database_holds(app, runner, factory):
    refs = [factory.observation(), factory.observation(status="draft")]
    with app.app_context():
        get_backend().clear()
    result = runner.invoke(args=["search", "rebuild"])
    assert result.exit_code == 0, result.output
    assert set(indexed(app)) == {f"observation:{r}" for r in refs}


def test_rebuild_is_audited(app, runner, factory):
    factory.observation()
    runner.invoke(args=["search", "rebuild"])
    with app.app_context():
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "search.rebuild"))


def test_observations_imported_from_a_file_are_indexed_at_once(app, runner, tmp_path):
    path = tmp_path / "obs.csv"
    path.write_text(
        "ref,title,text,source,stay_type,journey_stage,actor,tags,month,age_band,unit\r\n"
        "OBS-0101,Rullator glemt,Rullatoren sto igjen på rommet.,intervju,avlastning,"
        "ankomst,bruker,mobilitet,2025-02,80-89,Avdeling A\r\n", encoding="utf-8")
    result = runner.invoke(args=["import", str(path), "--publish"])
    assert result.exit_code == 0, result.output
    assert "observation:OBS-0101" in indexed(app)


def audited_actions(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent.action).where(
            AuditEvent.action.like("search.%"))))


def test_sync_is_audited_like_the_admin_button(app, runner, factory):
    app.config["SEARCH_SYNC_ON_COMMIT"] = False
    factory.observation()
    runner.invoke(args=["search", "sync"])
    assert audited_actions(app) == ["search.sync"]


def test_check_fix_repairs_only_what_drifted_and_is_audited(app, runner, drifted):
    runner.invoke(args=["search", "check", "--fix"])
    actions = audited_actions(app)
    assert "search.repair" in actions
    assert "search.rebuild" not in actions


def test_check_without_fix_writes_nothing(app, runner, drifted):
    runner.invoke(args=["search", "check"])
    assert audited_actions(app) == []
