"""Small-count suppression of tables: no hidden cell can be computed from what is shown."""

from __future__ import annotations

import itertools

from insight.privacy.small_counts import Hidden, Table, one_way, suppress


def table(rows: list[list[int]]) -> Table:
    names = [f"r{i}" for i in range(len(rows))]
    columns = [f"c{j}" for j in range(len(rows[0]))]
    counts = {(names[i], columns[j]): v for i, row in enumerate(rows) for j, v in enumerate(row)}
    return Table(names, columns, counts)


def computable_cells(result: Table) -> set:
    """Hidden cells that a reader could compute from one shown row or column total."""
    found = set()
    for row in result.rows:
        hidden = [(row, c) for c in result.columns if (row, c) in result.hidden]
        if len(hidden) == 1 and result.row_total(row) is not None:
            found.add(hidden[0])
    for column in result.columns:
        hidden = [(r, column) for r in result.rows if (r, column) in result.hidden]
        if len(hidden) == 1 and result.column_total(column) is not None:
            found.add(hidden[0])
    return found


def test_counts_below_five_are_hidden_as_small() -> None:
    result = suppress(table([[3, 12], [8, 20]]))
    assert result.hidden[("r0", "c0")] is Hidden.SMALL


def test_a_row_never_hides_exactly_one_cell() -> None:
    result = suppress(table([[3, 12, 9], [8, 20, 7]]))
    for row in result.rows:
        assert sum((row, c) in result.hidden for c in result.columns) != 1
    for column in result.columns:
        assert sum((r, column) in result.hidden for r in result.rows) != 1


def test_complements_are_marked_apart_from_small_counts() -> None:
    result = suppress(table([[3, 12], [8, 20]]))
    assert Hidden.COMPLEMENT in result.hidden.values()
    assert all(result.counts[k] >= 5 for k, v in result.hidden.items() if v is Hidden.COMPLEMENT)


def test_totals_that_include_a_hidden_cell_are_hidden() -> None:
    result = suppress(table([[3, 12], [8, 20]]))
    assert result.row_total("r0") is None
    assert result.total() is None


def test_zeros_and_large_counts_stay_visible() -> None:
    result = suppress(table([[0, 12], [8, 20]]))
    assert result.hidden == {}
    assert result.total() == 40


def test_no_hidden_cell_can_be_computed_in_any_small_table() -> None:
    for values in itertools.product([0, 1, 4, 5, 9], repeat=6):
        result = suppress(table([list(values[:3]), list(values[3:])]))
        assert computable_cells(result) == set(), values


def test_a_single_small_count_in_a_list_takes_the_next_smallest_with_it() -> None:
    result = one_way({"interview": 40, "survey": 2, "workshop": 7})
    assert ("survey", "count") in result.hidden
    assert result.hidden[("workshop", "count")] is Hidden.COMPLEMENT
    assert ("interview", "count") not in result.hidden
