"""One transaction around a multi-statement change: all of it or none of it."""

from __future__ import annotations

import pytest

from orchestration.lib.warehouse import transaction


def test_a_finished_block_is_committed(conn):
    conn.execute("create table t (x integer)")
    with transaction(conn):
        conn.execute("insert into t values (1)")
        conn.execute("insert into t values (2)")
    assert conn.execute("select count(*) from t").fetchone() == (2,)


def test_an_exception_rolls_back_every_statement_and_propagates(conn):
    conn.execute("create table t (x integer)")
    with pytest.raises(RuntimeError, match="half way"), transaction(conn):
        conn.execute("insert into t values (1)")
        raise RuntimeError("half way")
    assert conn.execute("select count(*) from t").fetchone() == (0,)
