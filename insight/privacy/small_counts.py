"""Small-count suppression for whole tables: cells, and the margins that could undo it.

`suppress_small` hides a single count below the threshold. A table needs more: if a row shows
its total and hides only one cell, the hidden cell is the total minus the rest. So every row and
column that hides a cell hides at least two (complementary suppression, smallest first), and a
total that includes a hidden cell is itself hidden. Zeros stay visible: a true zero cannot
single anyone out, and hiding it would only make the table harder to read.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from enum import StrEnum

from insight.privacy.aggregates import suppress_small

THRESHOLD = 5


class Hidden(StrEnum):
    SMALL = "small"  # below the threshold: shown as "<5"
    COMPLEMENT = "complement"  # hidden so that a small one cannot be computed


@dataclass
class Table:
    """Counts by (row, column); `hidden` marks what a non-staff reader may not see exactly."""

    rows: list[Hashable]
    columns: list[Hashable]
    counts: dict[tuple[Hashable, Hashable], int]
    hidden: dict[tuple[Hashable, Hashable], Hidden] = field(default_factory=dict)

    def cell(self, row: Hashable, column: Hashable) -> int:
        return self.counts.get((row, column), 0)

    def shown(self, key: tuple[Hashable, Hashable]) -> str:
        """What a reader sees: the number, "<5" for a small count, "×" for a complement."""
        hidden = self.hidden.get(key)
        if hidden is Hidden.SMALL:
            return "<5"
        if hidden is Hidden.COMPLEMENT:
            return "×"
        return str(self.counts.get(key, 0))

    def row_total(self, row: Hashable) -> int | None:
        if any((row, c) in self.hidden for c in self.columns):
            return None
        return sum(self.cell(row, c) for c in self.columns)

    def column_total(self, column: Hashable) -> int | None:
        if any((r, column) in self.hidden for r in self.rows):
            return None
        return sum(self.cell(r, column) for r in self.rows)

    def total(self) -> int | None:
        if self.hidden:
            return None
        return sum(self.cell(r, c) for r in self.rows for c in self.columns)


def _lines(table: Table) -> list[list[tuple[Hashable, Hashable]]]:
    rows = [[(r, c) for c in table.columns] for r in table.rows]
    columns = [[(r, c) for r in table.rows] for c in table.columns]
    return rows + columns


def suppress(table: Table, threshold: int = THRESHOLD) -> Table:
    """Mark small cells, then complements until no row or column hides exactly one cell."""
    small = suppress_small(dict(table.counts), threshold)
    hidden = {key: Hidden.SMALL for key, value in small.items() if value is None}
    changed = True
    while changed:
        changed = False
        for line in _lines(table):
            if sum(key in hidden for key in line) != 1:
                continue
            candidates = [k for k in line if k not in hidden and table.counts.get(k, 0) > 0]
            if candidates:  # hide the smallest other count; with none, the margin is hidden
                hidden[min(candidates, key=lambda k: table.counts[k])] = Hidden.COMPLEMENT
                changed = True
    return Table(table.rows, table.columns, dict(table.counts), hidden)


def one_way(counts: dict[Hashable, int], threshold: int = THRESHOLD) -> Table:
    """A single list of counts (by theme, by source …) as a one-column table."""
    table = Table(list(counts), ["count"], {(k, "count"): v for k, v in counts.items()})
    return suppress(table, threshold)
