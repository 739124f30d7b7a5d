"""An in-memory warehouse connection per test, with DuckDB free to reorder rows as in production."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    connection.execute("set preserve_insertion_order = false")
    yield connection
    connection.close()
