"""Transition matrices: missing or empty tables, new and gone members, the published date only."""

from __future__ import annotations

from orchestration.lib.reporting.transitions import GONE_MEMBERS, NEW_MEMBERS, read_transition_matrices
from tests.lib.reporting.serving_db import AS_OF, PREVIOUS_AS_OF, create_transitions


def test_missing_table_gives_no_matrices(conn):
    assert read_transition_matrices(conn, AS_OF) == []


def test_empty_table_gives_no_matrices(conn):
    create_transitions(conn, rows=[])
    assert read_transition_matrices(conn, AS_OF) == []


def test_only_older_dates_give_no_matrices(conn):
    create_transitions(conn)
    assert read_transition_matrices(conn, PREVIOUS_AS_OF.replace(day=1)) == []


def test_matrices_of_the_as_of_date_with_new_and_gone_members(conn):
    create_transitions(conn)
    rfm, status = read_transition_matrices(conn, AS_OF)
    assert (rfm.family, status.family) == ("rfm", "loyalty_status")
    assert rfm.previous_as_of_date == PREVIOUS_AS_OF
    # the contract's segment order, new members first and the gone last
    assert rfm.from_segments == (NEW_MEMBERS, "champions", "lost")
    assert rfm.to_segments == ("champions", "lost", GONE_MEMBERS)
    # the row for the older date (lost -> champions, 99) must not leak in
    assert rfm.customers.tolist() == [[3, 0, 0], [5, 2, 0], [0, 0, 1]]
    assert rfm.moves() == [(NEW_MEMBERS, "champions", 3), ("champions", "lost", 2), ("lost", GONE_MEMBERS, 1)]
    # rows and columns cover the same segments, so the diagonal is always "stayed"
    assert status.from_segments == status.to_segments == ("loyal", "at_risk")
    assert status.customers.tolist() == [[6, 4], [0, 0]]


def test_a_family_without_rows_is_left_out(conn):
    create_transitions(conn, rows=[(AS_OF, PREVIOUS_AS_OF, "loyalty_status", "new", "loyal", 2)])
    (status,) = read_transition_matrices(conn, AS_OF)
    assert status.family == "loyalty_status"
    assert status.from_segments == ("new", "loyal") and status.to_segments == ("new", "loyal")
    assert status.customers.tolist() == [[0, 2], [0, 0]]
