"""The bid pack: one ZIP of everything a supplier may see, the same bytes for every supplier.

Equal treatment in a procurement means every bidder gets exactly the same material, so the pack
is built for *the* supplier view (not for the user who asks), once per content change, and
cached under DATA_DIR/bidpacks/<version>.zip. The version is the id of the newest change-log
entry a supplier can see; its time is the pack's timestamp. Building is deterministic (sorted
files, fixed zip dates and permissions, ordered JSON and CSV), so even a rebuild of the same
version gives the same bytes and the same SHA-256.

Where the build runs follows INSIGHT_JOBS. In "thread" mode (`make run`, tests) the first
request for a version builds it, as before. In "worker" mode the commit that changes what
suppliers see queues one "bidpack.build" job (never two waiting at once) and `flask worker`
builds the pack; until it is done the page says the new version is being prepared and offers
no file. The previous pack is not offered meanwhile: it may hold content withdrawn since, and
every supplier at one moment must be offered the same thing, labelled with the version it holds.
"""

from __future__ import annotations

import fcntl
import hashlib
import io
import json
import os
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from insight import permissions
from insight.charts import journey_map
from insight.extensions import db
from insight.models import ChangeEntry
from insight.ops import jobs
from insight.services import changelog, exports, reading, trail, vocabulary

OSLO = ZoneInfo("Europe/Oslo")
EPOCH = datetime(1980, 1, 1, tzinfo=UTC)  # the earliest date a zip entry can carry
FILE_MODE = 0o644
KINDS = ("observations", "insights", "personas", "journeys", "questions")
JOB = "bidpack.build"  # the kind of the durable job that builds a pack (see insight.ops.jobs)
KEEP = 1  # packs kept besides the current one (a reader may still be downloading it)
BUILDS = {"count": 0}  # how many packs this process has built (read by tests and the bench)


class SupplierView:
    """Reads as a supplier does: published content for suppliers and the public, no one's
    identity. The pack is built as this reader so it never depends on who downloads it."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    role = "supplier"
    id = None


SUPPLIER = SupplierView()


@dataclass(frozen=True)
class PackInfo:
    version: int
    timestamp: str  # ISO 8601 in Europe/Oslo: when the content of this version was current
    size: int
    sha256: str
    files: int
    filename: str
    build_seconds: float

    def path(self, directory: Path) -> Path:
        return directory / f"{self.version}.zip"


def current_version() -> int:
    return changelog.latest_id(SUPPLIER)


def version_time(version: int) -> datetime:
    """When `version` became current: the time of its change-log entry."""
    created = db.session.scalar(select(ChangeEntry.created_at).where(ChangeEntry.id == version))
    if created is None:
        return EPOCH.astimezone(OSLO)
    if created.tzinfo is None:  # SQLite hands back naive UTC
        created = created.replace(tzinfo=UTC)
    return max(created, EPOCH).astimezone(OSLO)


def filename(version: int) -> str:
    return f"innsikt-{version}.zip"


# Building ------------------------------------------------------------------------------------

# The pack is in Bokmål whatever the language of the reader who triggers the build, and its
# text must not change when the interface catalogue does: these labels are fixed here.
EMOTIONS = {-2: "Svært negativ", -1: "Negativ", 0: "Nøytral", 1: "Positiv", 2: "Svært positiv"}
MAP_DESCRIPTION = ("Stegene i reisen i rekkefølge, gruppert etter fase, med følelsen i hvert "
                   "steg fra −2 (svært negativ) til +2 (svært positiv). Tallene under hvert "
                   "steg er antall smertepunkter, muligheter og observasjoner.")


def _map_svg(journey: Any, labels: Labels) -> str:
    map_labels = journey_map.MapLabels(
        title=f"Reisekart: {journey.title}", description=MAP_DESCRIPTION,
        emotion_axis="Følelse", pain_points="Smertepunkter: %(count)s",
        opportunities="Muligheter: %(count)s", evidence="Observasjoner: %(count)s",
        emotion_names=EMOTIONS)
    steps = [journey_map.MapStep(
        position=step.position, stage=labels("journey_stage", step.stage), title=step.title,
        emotion=step.emotion, emotion_label=EMOTIONS[step.emotion],
        pain_points=len(_lines(step.pain_points)), opportunities=len(_lines(step.opportunities)),
        evidence=len(trail.visible_evidence(SUPPLIER, step)), href=f"#step-{step.position}")
        for step in journey.steps]
    return str(journey_map.render(steps, map_labels, standalone=True))


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Labels:
    """Vocabulary labels in Bokmål, read once a build (no request, no reader's locale)."""

    def __init__(self) -> None:
        self.terms = vocabulary.all_terms()

    def __call__(self, kind: str, code: str | None) -> str:
        term = self.terms.get(kind, {}).get(code or "")
        return term.label("nb") if term else (code or "")


def _persona_card(persona: Any, labels: Labels, stamp: datetime, version: int) -> str:
    journeys = trail.journeys_of(SUPPLIER, persona)
    evidence = trail.visible_evidence(SUPPLIER, persona)
    template = current_app.jinja_env.get_template("exports/persona_card.html")
    return template.render(
        item=persona, journeys=journeys, evidence=evidence, lines=_lines,
        stay_type=labels("stay_type", persona.stay_type),
        age_band=labels("age_band", persona.age_band),
        version=version, stamp=stamp.isoformat(timespec="seconds"),
    )


def build_files(version: int, stamp: datetime) -> dict[str, bytes]:
    """Every file of the pack but the manifest, by path inside the zip."""
    files: dict[str, bytes] = {}
    labels = Labels()
    counts: dict[str, int] = {}
    for kind in KINDS:
        data = exports.dataset(kind, SUPPLIER)
        counts[kind] = len(data.records)
        files[f"data/{kind}.json"] = exports.to_json(data)
        files[f"data/{kind}.csv"] = exports.to_csv(data)
    for journey in reading.journeys(SUPPLIER):
        files[f"journey-maps/{journey.ref}.svg"] = _map_svg(journey, labels).encode("utf-8")
    for persona in reading.personas(SUPPLIER):
        files[f"persona-cards/{persona.ref}.html"] = \
            _persona_card(persona, labels, stamp, version).encode("utf-8")
    readme = current_app.jinja_env.get_template("exports/README.txt").render(
        version=version, stamp=stamp.isoformat(timespec="seconds"), counts=counts,
        paths=sorted([*files, "README.txt", "SHA256SUMS"]))
    files["README.txt"] = readme.replace("\n", "\r\n").encode("utf-8")
    return files


def manifest(files: dict[str, bytes]) -> bytes:
    """`sha256sum -c` format: one "<hex>  <path>" line per file, sorted by path."""
    lines = [f"{hashlib.sha256(files[path]).hexdigest()}  {path}\n" for path in sorted(files)]
    return "".join(lines).encode("utf-8")


def zip_bytes(files: dict[str, bytes], stamp: datetime) -> bytes:
    """The files in path order, each with the same date and permissions: no trace of when,
    where or by whom the pack was built."""
    date_time = stamp.astimezone(OSLO).timetuple()[:6]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # unix, so the permissions below mean what they say
            info.external_attr = (0o100000 | FILE_MODE) << 16
            archive.writestr(info, files[path], compresslevel=9)
    return buffer.getvalue()


def build(version: int) -> bytes:
    stamp = version_time(version)
    files = build_files(version, stamp)
    files["SHA256SUMS"] = manifest(files)
    return zip_bytes(files, stamp)


# The cache -----------------------------------------------------------------------------------

@contextmanager
def _locked(directory: Path) -> Iterator[None]:
    """One builder at a time across processes (gunicorn workers share DATA_DIR)."""
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def cached(directory: Path, version: int) -> PackInfo | None:
    meta = directory / f"{version}.json"
    if not meta.exists() or not (directory / f"{version}.zip").exists():
        return None
    return PackInfo(**json.loads(meta.read_text()))


def _store(directory: Path, version: int, data: bytes, seconds: float) -> PackInfo:
    info = PackInfo(
        version=version, timestamp=version_time(version).isoformat(timespec="seconds"),
        size=len(data), sha256=hashlib.sha256(data).hexdigest(),
        files=len(zipfile.ZipFile(io.BytesIO(data)).namelist()), filename=filename(version),
        build_seconds=round(seconds, 3))
    for suffix, content in ((".zip", data), (".json", json.dumps(asdict(info)).encode())):
        temporary = directory / f".{version}{suffix}.tmp"
        temporary.write_bytes(content)
        os.replace(temporary, directory / f"{version}{suffix}")
    return info


def _prune(directory: Path, current: int) -> None:
    versions = sorted((int(p.stem) for p in directory.glob("*.zip") if p.stem.isdigit()),
                      reverse=True)
    for old in versions[1 + KEEP:]:
        if old != current:
            for suffix in (".zip", ".json"):
                (directory / f"{old}{suffix}").unlink(missing_ok=True)


def _build_stable(directory: Path, version: int) -> PackInfo | None:
    """Build and store the pack of `version` (under the lock), unless one is stored already.

    Content may be published while a pack is being built; the version is read again after
    the build and the build repeated (three times at most), so a pack never carries content
    newer than its label. None when the content kept changing: its own job follows.
    """
    with _locked(directory):
        for _attempt in range(3):
            info = cached(directory, version)
            if info is not None:
                return info
            started = time.perf_counter()
            data = build(version)
            BUILDS["count"] += 1
            if current_version() == version:
                info = _store(directory, version, data, time.perf_counter() - started)
                _prune(directory, version)
                return info
            version = current_version()
    return None


def ensure(directory: Path) -> PackInfo:
    """The pack of the current version, built now if this version has none yet (thread mode)."""
    version = current_version()
    info = cached(directory, version) or _build_stable(directory, version)
    if info is not None:
        return info
    # Publishing never stopped during three builds: keep the last, labelled as of its start.
    version = current_version()
    started = time.perf_counter()
    data = build(version)
    BUILDS["count"] += 1
    return _store(directory, version, data, time.perf_counter() - started)


def pack_directory(app: Flask | None = None) -> Path:
    return Path((app or current_app).config["DATA_DIR"]) / "bidpacks"


def build_job() -> dict[str, Any]:
    """What a "bidpack.build" job does: store the pack of the current version if it has none.

    On PostgreSQL the build reads one snapshot (REPEATABLE READ), so the version and the content
    it labels are read at the same instant; elsewhere the version is read again after the build.
    """
    db.session.rollback()  # the snapshot starts here (the build writes nothing to the database)
    if db.engine.dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    try:
        directory = pack_directory()
        version = current_version()
        already = cached(directory, version) is not None
        info = _build_stable(directory, version)
    finally:
        db.session.rollback()  # the job's row is closed in a fresh transaction
    if info is None:
        return {"version": version, "built": False}
    return {"version": info.version, "sha256": info.sha256, "built": not already}


@dataclass(frozen=True)
class PackStatus:
    """What the bid-pack page offers in worker mode."""

    version: int  # the current content version
    pack: PackInfo | None  # its pack, None while it is being prepared
    previous: PackInfo | None  # the last pack built for an older version (not offered)
    job: jobs.JobState | None  # the newest build job, for its state and time


def status(directory: Path) -> PackStatus:
    """The current version and its pack; a build is queued if the pack is missing and none
    waits (a cache directory emptied by hand heals itself). The caller commits."""
    version = current_version()
    pack = cached(directory, version)
    previous = None
    if pack is None:
        jobs.enqueue_once(JOB, waiting=jobs.PENDING)
        older = sorted((int(p.stem) for p in directory.glob("*.zip")
                        if p.stem.isdigit() and int(p.stem) < version), reverse=True)
        previous = next((info for v in older if (info := cached(directory, v))), None)
    return PackStatus(version=version, pack=pack, previous=previous, job=jobs.latest(JOB))


def builds_in_worker() -> bool:
    return jobs.mode() == "worker"


# Queuing a build with the change -------------------------------------------------------------

_SUPPLIERS_SEE = frozenset(permissions.visible_visibilities(SUPPLIER) or ())


def _changes_version(entry: Any) -> bool:
    return entry.get("visibility") in _SUPPLIERS_SEE if isinstance(entry, dict) \
        else entry.visibility in _SUPPLIERS_SEE


def _queue_build(session: Session) -> None:
    if session.info.get("bidpack_queued") or not has_app_context() or not builds_in_worker():
        return
    jobs.enqueue_in_flush(session, JOB)
    session.info["bidpack_queued"] = True


def _after_flush(session: Session, flush_context: Any) -> None:
    if any(isinstance(obj, ChangeEntry) and _changes_version(obj) for obj in session.new):
        _queue_build(session)


def _do_orm_execute(state: Any) -> None:
    """Entries written with a bulk insert (`changelog.record_bulk`, an import)."""
    table = getattr(state.statement, "table", None)
    if not state.is_insert or getattr(table, "name", None) != ChangeEntry.__tablename__:
        return
    rows = state.parameters if isinstance(state.parameters, list) else [state.parameters]
    if any(_changes_version(row or {}) for row in rows):
        _queue_build(state.session)


def _forget(session: Session, *args: Any) -> None:
    session.info.pop("bidpack_queued", None)


def init_app(app: Flask) -> None:
    """Queue a build with every commit that adds a change-log entry suppliers see (in worker
    mode). The listeners belong to the session class of `db`: registered once."""
    for name, listener in (("after_flush", _after_flush), ("do_orm_execute", _do_orm_execute),
                           ("after_commit", _forget), ("after_soft_rollback", _forget)):
        if not event.contains(db.session, name, listener):
            event.listen(db.session, name, listener)
