"""Fixtures of the quality tests: the committed suites and a fresh tiny warehouse per test."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import pytest

from orchestration.lib.quality.frames import read_frames
from orchestration.lib.quality.outcome import ValidationOutcome
from orchestration.lib.quality.suites import SuiteSpec, load_suites
from orchestration.lib.quality.validation import validate_suites
from tests.lib.quality.warehouse import TODAY, build_warehouse


@pytest.fixture(scope="session")
def suites() -> dict[str, SuiteSpec]:
    return load_suites()


@pytest.fixture
def warehouse() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory warehouse that passes every suite."""
    conn = duckdb.connect()
    build_warehouse(conn)
    yield conn
    conn.close()


def validate(conn: duckdb.DuckDBPyConnection, suites: dict[str, SuiteSpec], *names: str) -> ValidationOutcome:
    """Validate the named suites on `conn` as the Dagster check does, without Data Docs."""
    chosen = [suites[name] for name in names]
    return validate_suites(chosen, read_frames(conn, chosen), today=TODAY)


def failed(outcome: ValidationOutcome) -> set[tuple[str, str | None]]:
    """(expectation type, column) of every failed expectation."""
    return {(failure.expectation, failure.column) for failure in outcome.failures}
