"""The splice: appends, idempotent re-runs, replaced snapshots, gaps and order independence."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.history.splice import HistoryIntegrityError, SnapshotError, splice_snapshot
from orchestration.lib.history.tables import (
    SEGMENT_HISTORY,
    SEGMENT_HISTORY_DATES,
    HistoryCoverage,
    history_coverage,
)
from tests.lib.history.snapshots import day, history_rows, naive_history, run_date, transition_rows

MONDAY = {("c1", "rfm"): "champions", ("c1", "loyalty_status"): "loyal", ("c2", "rfm"): "lost"}
TUESDAY = {("c1", "rfm"): "champions", ("c1", "loyalty_status"): "at_risk", ("c2", "rfm"): "lost"}


def test_first_snapshot_opens_current_intervals(conn):
    run_date(conn, day(5), MONDAY)
    assert history_rows(conn) == [
        ("c1", "loyalty_status", "loyal", day(5), None, True),
        ("c1", "rfm", "champions", day(5), None, True),
        ("c2", "rfm", "lost", day(5), None, True),
    ]


def test_append_closes_changed_intervals_and_leaves_the_rest_alone(conn):
    run_date(conn, day(5), MONDAY)
    result = run_date(conn, day(6), TUESDAY)
    assert history_rows(conn) == [
        ("c1", "loyalty_status", "at_risk", day(6), None, True),
        ("c1", "loyalty_status", "loyal", day(5), day(6), False),
        ("c1", "rfm", "champions", day(5), None, True),
        ("c2", "rfm", "lost", day(5), None, True),
    ]
    assert (result.intervals_removed, result.intervals_added) == (1, 2)
    assert result.next_as_of_date is None


def test_rerunning_a_date_with_the_same_snapshot_changes_nothing(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(6), TUESDAY)
    before = history_rows(conn)
    result = run_date(conn, day(5), MONDAY)
    assert history_rows(conn) == before
    assert (result.intervals_removed, result.intervals_added) == (0, 0)
    assert result.next_as_of_date == day(6)
    assert conn.execute(f"select count(*) from {SEGMENT_HISTORY_DATES}").fetchone() == (2,)


def test_rerunning_a_date_with_a_changed_snapshot_replaces_only_its_span(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(6), TUESDAY)
    run_date(conn, day(7), TUESDAY)
    run_date(conn, day(6), MONDAY)  # the corrected Tuesday: c1 was still loyal
    assert history_rows(conn) == naive_history({day(5): MONDAY, day(6): MONDAY, day(7): TUESDAY})
    assert ("c1", "loyalty_status", "loyal", day(5), day(7), False) in history_rows(conn)


def test_out_of_order_backfill_gives_the_in_order_table(conn):
    wednesday = {("c1", "rfm"): "at_risk", ("c2", "rfm"): "lost"}
    for as_of, snapshot in [(day(7), wednesday), (day(5), MONDAY), (day(6), TUESDAY)]:
        run_date(conn, as_of, snapshot)
    with duckdb.connect() as in_order:
        for as_of, snapshot in [(day(5), MONDAY), (day(6), TUESDAY), (day(7), wednesday)]:
            run_date(in_order, as_of, snapshot)
        assert history_rows(conn) == history_rows(in_order)
        assert transition_rows(conn) == transition_rows(in_order)


def test_a_member_disappearing_leaves_a_gap_and_reappearing_opens_a_new_interval(conn):
    run_date(conn, day(5), {("c1", "rfm"): "champions"})
    run_date(conn, day(6), {("c2", "rfm"): "lost"})
    assert ("c1", "rfm", "champions", day(5), day(6), False) in history_rows(conn)
    run_date(conn, day(8), {("c1", "rfm"): "champions", ("c2", "rfm"): "lost"})
    assert [row for row in history_rows(conn) if row[0] == "c1"] == [
        ("c1", "rfm", "champions", day(5), day(6), False),
        ("c1", "rfm", "champions", day(8), None, True),
    ]


def test_filling_a_gap_with_the_same_segment_merges_the_intervals(conn):
    run_date(conn, day(5), {("c1", "rfm"): "champions"})
    run_date(conn, day(6), {})
    run_date(conn, day(7), {("c1", "rfm"): "champions"})
    run_date(conn, day(6), {("c1", "rfm"): "champions"})
    assert history_rows(conn) == [("c1", "rfm", "champions", day(5), None, True)]


def test_a_null_segment_means_no_value(conn):
    run_date(conn, day(5), MONDAY)
    conn.execute("insert into membership values ('c3', 'rfm', null)")
    splice_snapshot(conn, "membership", day(6), run_id="r")
    assert not [row for row in history_rows(conn) if row[0] == "c3"]


def test_a_snapshot_with_two_values_for_a_member_fails_and_leaves_history_as_it_was(conn):
    run_date(conn, day(5), MONDAY)
    before = history_rows(conn)
    conn.execute("insert into membership values ('c1', 'rfm', 'lost')")
    with pytest.raises(SnapshotError, match="'c1', 'rfm', 2"):
        splice_snapshot(conn, "membership", day(6), run_id="r")
    assert history_rows(conn) == before
    assert history_coverage(conn).dates == 1


def test_a_splice_that_would_leave_overlapping_intervals_fails_and_writes_nothing(conn):
    """A history damaged outside the splice (a second open interval for c1's status) is caught
    when a splice rewrites that member-family, and the splice leaves everything as it was."""
    run_date(conn, day(5), MONDAY)
    conn.execute(
        f"insert into {SEGMENT_HISTORY} values ('c1', 'loyalty_status', 'casual', ?, null, true)", [day(3)]
    )
    before = history_rows(conn)
    with pytest.raises(HistoryIntegrityError, match="'c1', 'loyalty_status'"):
        run_date(conn, day(6), TUESDAY)
    assert history_rows(conn) == before
    assert history_coverage(conn).dates == 1


def test_dates_record_the_latest_run(conn):
    run_date(conn, day(6), TUESDAY)
    splice_snapshot(conn, "membership", day(6), run_id="retry")
    assert conn.execute(f"select as_of_date, run_id from {SEGMENT_HISTORY_DATES}").fetchall() == [
        (day(6), "retry")
    ]
    assert history_coverage(conn) == HistoryCoverage(1, day(6), day(6))


snapshots = st.dictionaries(
    st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.sampled_from(["rfm", "loyalty_status"])),
    st.sampled_from(["a", "b"]),
)


@settings(max_examples=50, deadline=None)
@given(
    runs=st.lists(st.tuples(st.integers(1, 8), snapshots), min_size=1, max_size=7),
)
def test_any_order_of_runs_gives_the_full_recomputation_of_the_last_snapshots(runs):
    """Dates arrive in any order, some re-run with other snapshots: the last snapshot of each date wins."""
    final = {day(n): snapshot for n, snapshot in runs}
    with duckdb.connect() as conn:
        for n, snapshot in runs:
            run_date(conn, day(n), snapshot)
        assert history_rows(conn) == naive_history(final)
