"""Fixtures shared by the tests of the plain domain modules."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest


@pytest.fixture
def conn() -> Iterator[duckdb.DuckDBPyConnection]:
    """An empty in-memory warehouse; test modules that need tables in it override this."""
    with duckdb.connect() as connection:
        yield connection
