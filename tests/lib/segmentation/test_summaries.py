"""The numbers asset metadata shows about a segment or score table."""

from __future__ import annotations

import pytest

from orchestration.lib.segmentation.summaries import (
    quantiles,
    rfm_grid_markdown,
    row_count,
    segment_sizes,
    true_count,
)


@pytest.fixture
def conn(conn):
    conn.execute(
        "create table members as select * from (values "
        "('c1', 5, 1, 'new_customers', true, 10.0), ('c2', 5, 1, 'new_customers', false, 20.0), "
        "('c3', 1, 5, 'cannot_lose_them', false, 30.0), ('c4', null, null, 'prospect', null, 40.0), "
        "('c5', null, null, null, false, 50.0)"
        ") as t(customer_id, r_score, f_score, segment, flag, score)"
    )
    return conn


def test_counts_rows_and_true_flags(conn):
    assert (row_count(conn, "members"), true_count(conn, "members", "flag")) == (5, 1)


def test_quantiles_interpolate_linearly(conn):
    assert quantiles(conn, "members", "score", (0.25, 0.5, 0.75)) == {"0.25": 20.0, "0.5": 30.0, "0.75": 40.0}


def test_quantiles_of_an_empty_table_are_null(conn):
    conn.execute("delete from members")
    assert quantiles(conn, "members", "score", (0.5,)) == {"0.5": None}


def test_rfm_grid_counts_buyers_with_recency_5_on_top(conn):
    lines = rfm_grid_markdown(conn, "members").splitlines()
    assert lines[0] == "| R \\ F | 1 | 2 | 3 | 4 | 5 |"
    assert lines[2] == "| 5 | 2 | 0 | 0 | 0 | 0 |"
    assert lines[-1] == "| 1 | 0 | 0 | 0 | 0 | 1 |"
    assert len(lines) == 7


def test_sizes_per_family_largest_first_with_nulls_named(conn):
    conn.execute(
        "create table t as select * from"
        " (values ('c1', 'a', 1), ('c2', 'b', 1), ('c3', 'b', null)) as v(id, x, y)"
    )
    sizes = segment_sizes(conn, "t", ["x", "y"])
    assert sizes == {"x": {"b": 2, "a": 1}, "y": {"1": 2, "null": 1}}
    assert list(sizes["x"]) == ["b", "a"]
