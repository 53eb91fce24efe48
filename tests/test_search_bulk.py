"""The Whoosh index's parallel write of large batches (`whoosh_bulk`): the same index as one
process writes, replaced documents replaced, and a failing worker leaves the index as it was."""

import json
import os
import signal
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace

import pytest

from insight.search import SearchQuery, make_backend, whoosh_backend
from insight.search.whoosh_store import SURFACE
from tests.test_search_backends import _docs

QUERIES = ["nattevakt", "hjem", "plan for hjemreisen", "avlastning", "søvn", ""]


def _snapshot(backend) -> dict:
    out = {}
    for q in QUERIES:
        for sort in ("relevance", "newest"):
            res = backend.search(
                SearchQuery(text=q, visibilities=["suppliers"], sort=sort, page_size=10)
            )
            out[f"{sort}:{q}"] = [(h.doc_id, round(h.score, 9)) for h in res.hits]
    with open(os.path.join(backend.index_dir, SURFACE), encoding="utf-8") as f:
        surface = json.load(f)
    return {"hits": out, "versions": backend.versions(), "surface": surface}


def _write(backend, batches) -> None:
    for batch in batches:
        backend.upsert(batch)


def _batches():
    docs = _docs()
    changed = [replace(d, body=d.body + " Natten var rolig.", version="v2") for d in docs[:3]]
    return [docs, changed + docs[3:4]]


@pytest.fixture
def parallel(monkeypatch):
    """Every batch of two or more documents takes the parallel path."""
    monkeypatch.setattr(whoosh_backend, "PARALLEL_MIN", 2)


def test_parallel_write_gives_the_index_one_process_writes(tmp_path, monkeypatch):
    alone = make_backend("whoosh", index_dir=str(tmp_path / "one"))
    alone.upsert(_docs())
    expected = _snapshot(alone)
    monkeypatch.setattr(whoosh_backend, "PARALLEL_MIN", 2)
    together = make_backend("whoosh", index_dir=str(tmp_path / "many"))
    together.upsert(_docs())
    assert _snapshot(together) == expected


def test_parallel_write_replaces_documents(tmp_path, monkeypatch):
    """Replaced documents are found by their new text only, and the words offered as
    corrections count each document once. (Scores may differ from one process's: document
    frequencies include replaced documents until their segment is merged.)"""
    alone = make_backend("whoosh", index_dir=str(tmp_path / "one"))
    _write(alone, _batches())
    expected = _snapshot(alone)
    monkeypatch.setattr(whoosh_backend, "PARALLEL_MIN", 2)
    together = make_backend("whoosh", index_dir=str(tmp_path / "many"))
    _write(together, _batches())
    got = _snapshot(together)
    assert got["versions"] == expected["versions"]
    assert got["versions"]["observation:OBS-1"] == "v2" and len(got["versions"]) == 5
    assert got["surface"] == expected["surface"]
    for name, hits in expected["hits"].items():
        assert sorted(d for d, _ in got["hits"][name]) == sorted(d for d, _ in hits), name
    rolig = together.search(SearchQuery(text="rolig", visibilities=["suppliers"]))
    assert sorted(h.ref for h in rolig.hits) == ["OBS-1", "OBS-2", "OBS-3"]


def test_a_failing_worker_leaves_the_index_as_it_was(tmp_path, parallel, monkeypatch):
    backend = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
    docs = _docs()
    backend.upsert(docs[:2])
    before = _snapshot(backend)
    real = type(backend).analyse

    def broken(self, doc):
        if doc.ref == "OBS-4":
            raise RuntimeError("analysis failed")
        return real(self, doc)

    monkeypatch.setattr(type(backend), "analyse", broken)
    with pytest.raises(RuntimeError):
        backend.upsert(docs)
    assert _snapshot(backend) == before
    monkeypatch.setattr(type(backend), "analyse", real)
    backend.upsert(docs)  # the lock was released: the next write succeeds
    assert len(backend.versions()) == 5


def test_a_killed_worker_fails_the_write_instead_of_hanging(tmp_path, parallel, monkeypatch):
    backend = make_backend("whoosh", index_dir=str(tmp_path / "ix"))
    docs = _docs()
    backend.upsert(docs[:2])
    before = _snapshot(backend)
    real = type(backend).analyse

    def killed(self, doc):
        if doc.ref == "OBS-4":
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        return real(self, doc)

    monkeypatch.setattr(type(backend), "analyse", killed)
    with pytest.raises(BrokenProcessPool):
        backend.upsert(docs)
    assert _snapshot(backend) == before
    monkeypatch.setattr(type(backend), "analyse", real)
    backend.upsert(docs)
    assert len(backend.versions()) == 5
