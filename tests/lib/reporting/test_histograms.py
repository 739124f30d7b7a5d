"""Histogram bins and value summaries computed in SQL."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.reporting.histograms import sql_histogram, sql_value_summary


@pytest.fixture
def conn() -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect()
    # 0..99 once each, one extreme value, and a null that must be ignored
    conn.execute("create table v as select range::double as value from range(100)")
    conn.execute("insert into v values (10000.0), (null)")
    return conn


def test_bins_run_from_the_minimum_to_the_quantile_and_clip_the_tail_into_the_last_bin(conn):
    histogram = sql_histogram(conn, "select value from v", bins=10, clip_quantile=0.9)
    expected_high = conn.execute("select quantile_cont(value, 0.9) from v").fetchone()[0]
    assert histogram.low == 0.0
    assert histogram.high == pytest.approx(expected_high)
    assert histogram.total == 101
    above = conn.execute("select count(*) from v where value > ?", [expected_high]).fetchone()[0]
    assert histogram.clipped_above == above > 0
    assert histogram.counts[-1] > histogram.counts[0]
    assert len(histogram.edges) == 11 and histogram.edges[-1] == pytest.approx(expected_high)


def test_explicit_bounds_give_fixed_bins(conn):
    histogram = sql_histogram(conn, "select value from v where value < 100", bins=4, low=0.0, high=100.0)
    assert histogram.counts == (25, 25, 25, 25)
    assert histogram.clipped_above == 0
    assert histogram.edges == [0.0, 25.0, 50.0, 75.0, 100.0]


def test_no_values_give_no_histogram(conn):
    assert sql_histogram(conn, "select value from v where value < 0", bins=5) is None


def test_equal_values_do_not_divide_by_zero(conn):
    histogram = sql_histogram(conn, "select 7.0 as value from range(3)", bins=5)
    assert histogram.counts == (3, 0, 0, 0, 0)
    assert histogram.high > histogram.low


def test_value_summary(conn):
    summary = sql_value_summary(conn, "select value from v where value < 100")
    assert summary["members"] == 100
    assert summary["mean"] == pytest.approx(49.5)
    assert summary["median"] == pytest.approx(49.5)
    assert summary["max"] == 99.0


def test_value_summary_without_values(conn):
    summary = sql_value_summary(conn, "select value from v where value < 0")
    assert summary["members"] == 0 and summary["median"] is None
