"""The Whoosh index's merge policy, and the per-segment caches of posting lists, impact tiers
and bitmaps that searches read.

Segments never change once written (only their deletions do), so their caches outlive commits.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable
from datetime import UTC, datetime

from insight.search.topk import Tiers, tiers

SURFACE = "surface.json"  # key → {word: count}: the words shown for typo corrections
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MAX_CACHED = 4000  # posting lists kept per segment
MAX_TIERS = 1000  # impact-tier bitmaps kept per segment


MERGE_FACTOR = 8  # segments of one size class (a power of 8 documents) before they merge


def merge_by_size(writer, segments):
    """Merge policy: merge segments of similar size once MERGE_FACTOR of them exist.

    Every document is re-written about log8(N) times in all. Whoosh's default policy would
    merge almost the whole index into the new segment from time to time, which at 100k
    documents costs more than the documents being added.
    """
    from whoosh.reading import SegmentReader

    classes: dict[int, list] = {}
    keep = []
    for seg in segments:
        live = seg.doc_count()
        if live * 2 < seg.doc_count_all():  # mostly deleted: rewrite it with the next merge
            classes.setdefault(-1, []).append(seg)
            continue
        classes.setdefault(max(0, live.bit_length() - 1) // 3, []).append(seg)
    merge = classes.pop(-1, [])
    for segs in classes.values():
        if len(segs) >= MERGE_FACTOR:
            merge.extend(segs)
        else:
            keep.extend(segs)
    if len(merge) < 2 and not any(s.doc_count() < s.doc_count_all() for s in merge):
        return segments
    for seg in merge:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return keep


def _bitmap(ids: Iterable[int], n: int) -> int:
    buf = bytearray((n >> 3) + 1)
    for d in ids:
        buf[d >> 3] |= 1 << (d & 7)
    return int.from_bytes(buf, "little")


def _read(m) -> dict[int, float]:
    """All (docnum → weight) of a posting list, through the public matcher interface."""
    out: dict[int, float] = {}
    while m.is_active():
        out[m.id()] = m.weight()
        m.next()
    return out


def member(bits: int):
    """A fast membership test for one bitmap (its bytes, not big-int shifts)."""
    ok = bits.to_bytes((bits.bit_length() + 7) >> 3 or 1, "little")
    size = len(ok)

    def test(d: int) -> bool:
        return (d >> 3) < size and (ok[d >> 3] >> (d & 7)) & 1 == 1

    return test


class Segment:
    """Per-segment cache: posting lists and term bitmaps (segment-local document numbers)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.postings: OrderedDict[str, dict[int, float]] = OrderedDict()
        self.bits: dict[tuple[str, str], int] = {}
        self.live: tuple[int, int] | None = None  # (deleted count, bitmap)
        self.dates: tuple[list[int], list[int]] | None = None
        self.tiers: OrderedDict[str, Tiers] = OrderedDict()
        self.df: dict[str, int] | None = None
        self.ids: list[str] | None = None

    def term_df(self, reader) -> dict[str, int]:
        """Document frequency of every key in this segment (deleted documents included)."""
        if self.df is None:
            self.df = {t.decode(): i.doc_frequency() for t, i in reader.iter_field("terms")}
        return self.df

    def tiers_of(self, reader, k: str) -> Tiers:
        with self.lock:
            t = self.tiers.get(k)
            if t is not None:
                self.tiers.move_to_end(k)
                return t
        t = tiers(self.posting(reader, k), reader.doc_count_all())
        with self.lock:
            self.tiers[k] = t
            while len(self.tiers) > MAX_TIERS:
                self.tiers.popitem(last=False)
        return t

    def posting(self, reader, k: str) -> dict[int, float]:
        with self.lock:
            p = self.postings.get(k)
            if p is not None:
                self.postings.move_to_end(k)
                return p
        p = _read(reader.postings("terms", k)) if ("terms", k) in reader else {}
        with self.lock:
            self.postings[k] = p
            while len(self.postings) > MAX_CACHED:
                self.postings.popitem(last=False)
        return p

    def bitmap(self, reader, field: str, text: str) -> int:
        b = self.bits.get((field, text))
        if b is None:
            if field == "terms":
                ids: Iterable[int] = self.posting(reader, text)
            elif (field, text) in reader:
                ids = reader.postings(field, text).all_ids()
            else:
                ids = ()
            b = self.bits[field, text] = _bitmap(ids, reader.doc_count_all())
        return b

    def doc_ids(self, reader) -> list[str]:
        """The doc_id of every docnum of the segment (deleted documents included)."""
        if self.ids is None:
            ids = [""] * reader.doc_count_all()
            for t in reader.lexicon("doc_id"):
                for d in reader.postings("doc_id", t).all_ids():
                    ids[d] = t.decode()
            self.ids = ids
        return self.ids

    def by_date(self, reader) -> tuple[list[int], list[int]]:
        """Dates of the segment's documents and their docnums, newest first; documents of one
        date by doc_id (as on PostgreSQL: the order they were written in never shows)."""
        if self.dates is None:
            col = reader.column_reader("date")
            dates = [col[d] for d in range(reader.doc_count_all())]
            ids = self.doc_ids(reader)
            order = sorted(range(len(dates)), key=lambda d: (-dates[d], ids[d]))
            self.dates = (dates, order)
        return self.dates

    def alive(self, reader) -> int:
        deleted = reader.doc_count_all() - reader.doc_count()
        if self.live is None or self.live[0] != deleted:
            self.live = (deleted, _bitmap(reader.all_doc_ids(), reader.doc_count_all()))
        return self.live[1]


