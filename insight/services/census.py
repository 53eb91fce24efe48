"""The census of published observations, kept up to date by the change log instead of recounted.

`insight.services.statistics` makes every figure from two counts of *all* published
observations by visibility: cells (visibility, stay type, journey stage, source, month) and
themes (visibility, theme code). Recounting 20,000 rows at every content version cost each
worker tens of milliseconds per publish. Instead each process keeps, beside the counts, what
every published observation contributes to them, and at a new content version reads only the
change-log entries since its own version: the observations they name are read again, their old
contribution is taken away and their current one (if still published) added. Applying an
observation twice is harmless, so a read that already sees a later commit is corrected at the
next version rather than counted twice.

Every change to a published observation leaves a change-log entry in its own transaction
(publishing, withdrawal, a visibility change, an edit that sends it back to review, a delete,
bulk imports through `changelog.record_bulk`); that is what the content version rests on
(insight.services.cache). When the entries read do not account for the whole step in the
version (ids handed out out of commit order on PostgreSQL, entries deleted, a new database)
or name many observations, everything is counted again.

The counts never leave `insight.services.statistics`, which filters them by the reader's
visibility before anything is summed. Callers must not change the dicts they get.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from threading import Lock

from flask import current_app
from sqlalchemy import select

from insight.extensions import db
from insight.models import ChangeEntry, Observation, Status, VocabularyTerm
from insight.models.observation import observation_theme
from insight.services import cache

PUBLISHED = Observation.status == Status.PUBLISHED.value
CELL_COLUMNS = (Observation.visibility, Observation.stay_type, Observation.journey_stage,
                Observation.source, Observation.month)
MAX_STEP = 500  # observations named since the last version beyond which a recount is cheaper

Cell = tuple[str, ...]


@dataclass
class Census:
    version: tuple[int, int] = (-1, -1)
    cells: dict[Cell, int] = field(default_factory=dict)  # cell → count
    themes: dict[Cell, int] = field(default_factory=dict)  # (visibility, code) → count
    cell_of: dict[str, Cell] = field(default_factory=dict)  # ref → its cell
    themes_of: dict[str, tuple[Cell, ...]] = field(default_factory=dict)  # ref → its themes
    lock: Lock = field(default_factory=Lock)
    recounts: int = 0
    steps: int = 0


def current() -> Census:
    """This app's census at the current content version (counted or brought up to date)."""
    extensions = current_app.extensions
    census = extensions.get("insight_census")
    if census is None:
        census = extensions["insight_census"] = Census()
    version = cache.content_version()
    if census.version == version:
        return census
    with census.lock:
        if census.version != version and not _step(census, version):
            _recount(census, version)
    return census


def _rows(refs: set[str] | None) -> tuple[dict[str, Cell], dict[str, tuple[Cell, ...]]]:
    """Cells and themes of the published observations (all, or those with `refs`)."""
    cells = select(Observation.ref, *CELL_COLUMNS).where(PUBLISHED)
    themes = (select(Observation.ref, Observation.visibility, VocabularyTerm.code)
              .join(observation_theme, observation_theme.c.term_id == VocabularyTerm.id)
              .join(Observation, Observation.id == observation_theme.c.observation_id)
              .where(PUBLISHED))
    if refs is not None:
        cells = cells.where(Observation.ref.in_(refs))
        themes = themes.where(Observation.ref.in_(refs))
    cell_of = {row[0]: tuple(row[1:]) for row in db.session.execute(cells)}
    grouped: dict[str, list[Cell]] = {}
    for ref, visibility, code in db.session.execute(themes):
        grouped.setdefault(ref, []).append((visibility, code))
    return cell_of, {ref: tuple(found) for ref, found in grouped.items()}


def _recount(census: Census, version: tuple[int, int]) -> None:
    cell_of, themes_of = _rows(None)
    census.cell_of, census.themes_of = cell_of, themes_of
    census.cells = dict(Counter(cell_of.values()))
    census.themes = dict(Counter(t for found in themes_of.values() for t in found))
    census.version = version
    census.recounts += 1


def _step(census: Census, version: tuple[int, int]) -> bool:
    """Apply the entries between the census's version and `version`; False: recount instead."""
    (count, newest), (known_count, known_newest) = version, census.version
    if known_count < 0 or count < known_count or newest < known_newest or \
            count - known_count > MAX_STEP:
        return False
    entries = db.session.execute(select(ChangeEntry.kind, ChangeEntry.ref).where(
        ChangeEntry.id > known_newest, ChangeEntry.id <= newest)).all()
    if len(entries) != count - known_count:
        return False  # an entry below the newest id committed late, or entries were deleted
    refs = {ref for kind, ref in entries if kind == Observation.kind}
    if refs:
        cell_of, themes_of = _rows(refs)
        cells, themes = Counter(census.cells), Counter(census.themes)
        for ref in refs:
            old_cell = census.cell_of.pop(ref, None)
            if old_cell is not None:
                cells[old_cell] -= 1
            for theme in census.themes_of.pop(ref, ()):
                themes[theme] -= 1
            if ref in cell_of:
                census.cell_of[ref] = cell_of[ref]
                cells[cell_of[ref]] += 1
            if ref in themes_of:
                census.themes_of[ref] = themes_of[ref]
                for theme in themes_of[ref]:
                    themes[theme] += 1
        # New dicts: a figure being summed from the old ones is never changed under it.
        census.cells = {key: n for key, n in cells.items() if n > 0}
        census.themes = {key: n for key, n in themes.items() if n > 0}
    census.version = version
    census.steps += 1
    return True
