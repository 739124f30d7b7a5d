"""Transitions between consecutive processed as-of dates, kept right under backfills and re-runs."""

from __future__ import annotations

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from orchestration.lib.history.splice import splice_snapshot
from orchestration.lib.history.transitions import (
    changes_by_family,
    create_biggest_transitions_view,
    refresh_transitions,
)
from tests.lib.history.snapshots import day, naive_transitions, run_date, transition_rows

MONDAY = {
    ("c1", "rfm"): "champions",
    ("c2", "rfm"): "champions",
    ("c3", "rfm"): "lost",
    ("c1", "loyalty_status"): "loyal",
}
TUESDAY = {
    ("c1", "rfm"): "champions",
    ("c2", "rfm"): "at_risk",
    ("c4", "rfm"): "new_customers",
    ("c1", "loyalty_status"): "loyal",
}


def test_the_first_date_has_no_transitions(conn):
    run_date(conn, day(5), MONDAY)
    assert transition_rows(conn) == []


def test_counts_include_stays_new_and_gone_members(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(6), TUESDAY)
    assert transition_rows(conn) == sorted(
        [
            (day(6), day(5), "rfm", "champions", "champions", 1),
            (day(6), day(5), "rfm", "champions", "at_risk", 1),
            (day(6), day(5), "rfm", "lost", None, 1),
            (day(6), day(5), "rfm", None, "new_customers", 1),
            (day(6), day(5), "loyalty_status", "loyal", "loyal", 1),
        ],
        key=repr,
    )
    assert changes_by_family(conn, day(6)) == {"rfm": {"changed": 1, "new": 1, "gone": 1}}


def test_a_date_inserted_before_a_later_one_recomputes_the_later_one(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(7), MONDAY)
    assert {row[4] for row in transition_rows(conn) if row[0] == day(7)} == {"champions", "lost", "loyal"}
    run_date(conn, day(6), TUESDAY)
    assert transition_rows(conn) == naive_transitions({day(5): MONDAY, day(6): TUESDAY, day(7): MONDAY})


def test_refreshing_twice_writes_the_same_rows(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(6), TUESDAY)
    before = transition_rows(conn)
    assert refresh_transitions(conn, day(6)) == [day(6)]
    assert transition_rows(conn) == before


def test_transitions_need_the_date_in_the_history(conn):
    run_date(conn, day(5), MONDAY)
    with pytest.raises(ValueError, match=r"2026-01-06 is not in history\.segment_history_dates"):
        refresh_transitions(conn, day(6))


def test_the_biggest_moves_come_first_and_stays_are_left_out(conn):
    run_date(conn, day(5), MONDAY | {("c5", "rfm"): "champions"})
    run_date(conn, day(6), TUESDAY | {("c5", "rfm"): "at_risk"})
    view = create_biggest_transitions_view(conn, day(6))
    assert conn.execute(f"select * from {view}").fetchall() == [
        ("rfm", "champions", "at_risk", 2),
        ("rfm", "lost", None, 1),
        ("rfm", None, "new_customers", 1),
    ]


@settings(max_examples=30, deadline=None)
@given(
    runs=st.lists(
        st.tuples(
            st.integers(1, 6),
            st.dictionaries(
                st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.just("rfm")), st.sampled_from(["a", "b"])
            ),
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_any_order_of_runs_gives_the_transitions_of_the_last_snapshots(runs):
    final = {day(n): snapshot for n, snapshot in runs}
    with duckdb.connect() as conn:
        for n, snapshot in runs:
            run_date(conn, day(n), snapshot)
        assert transition_rows(conn) == naive_transitions(final)


def test_splicing_without_refreshing_leaves_transitions_to_the_refresh(conn):
    run_date(conn, day(5), MONDAY)
    splice_snapshot(conn, "membership", day(6), run_id="r")
    assert transition_rows(conn) == []
    refresh_transitions(conn, day(6))
    assert len(transition_rows(conn)) == 3


def test_a_refresh_that_never_ran_is_made_up_by_the_next_refresh_of_any_date(conn):
    run_date(conn, day(5), MONDAY)
    run_date(conn, day(7), MONDAY)
    # a backfill of day 6 whose transitions step failed after the splice, and was never re-run
    conn.execute("update membership set segment = 'at_risk' where customer_id = 'c2'")
    splice_snapshot(conn, "membership", day(6), run_id="backfill")
    backfilled = MONDAY | {("c2", "rfm"): "at_risk"}
    assert transition_rows(conn) == naive_transitions({day(5): MONDAY, day(7): MONDAY})
    # the next day's refresh repairs days 6 and 7 as well
    run_date(conn, day(8), MONDAY)
    assert transition_rows(conn) == naive_transitions(
        {day(5): MONDAY, day(6): backfilled, day(7): MONDAY, day(8): MONDAY}
    )
    (stale,) = conn.execute(
        "select count(*) from history.segment_history_dates where transitions_stale"
    ).fetchone()
    assert stale == 0


def test_a_history_from_before_the_stale_marks_gains_the_column_unmarked(conn):
    conn.execute("create schema history")
    conn.execute(
        "create table history.segment_history_dates "
        "(as_of_date date primary key, recorded_at timestamp not null, run_id varchar)"
    )
    conn.execute("insert into history.segment_history_dates values (date '2026-01-04', now(), 'old')")
    run_date(conn, day(5), MONDAY)
    assert conn.execute(
        "select as_of_date, transitions_stale from history.segment_history_dates order by all"
    ).fetchall() == [(day(4), False), (day(5), False)]
