"""The frames GX validates, read from DuckDB: only the columns a suite names, or small profiles.

GX's SQL engine does not work against DuckDB (GX issue 11579), so suites run on
pandas frames. To stay fast at a million members a frame holds either just the
columns a suite reads (`columns`), or a profile of a few rows that DuckDB
computes over the whole table (`raw_profile`, `membership_families`,
`membership_segments`, `family_shares`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import duckdb
import pandas as pd

from orchestration.lib.quality.catalog import FrameError, is_relation_name, table_columns
from orchestration.lib.quality.membership import (
    family_shares_sql,
    membership_families_sql,
    membership_segments_sql,
)
from orchestration.lib.quality.raw_profile import raw_profile_sql
from orchestration.lib.quality.suites import SuiteSpec
from orchestration.lib.sql import quote_identifier

COVERAGE_COLUMNS = ("in_table", "in_cohort")
"""Flags a `columns` frame with a cohort carries: the row is in the table / in the cohort."""

FrameSql = Callable[[duckdb.DuckDBPyConnection, SuiteSpec], str]


def read_frames(conn: duckdb.DuckDBPyConnection, suites: Sequence[SuiteSpec]) -> dict[str, pd.DataFrame]:
    """The frame of every suite, by suite name."""
    return {suite.name: read_frame(conn, suite) for suite in suites}


def read_frame(conn: duckdb.DuckDBPyConnection, suite: SuiteSpec) -> pd.DataFrame:
    """The frame `suite` validates, as its `frame.kind` describes."""
    builder = FRAME_SQL.get(suite.frame_kind)
    if builder is None:
        raise FrameError(
            f"suite '{suite.name}': unknown frame kind '{suite.frame_kind}' (known: {sorted(FRAME_SQL)})"
        )
    try:
        return conn.execute(builder(conn, suite)).df()
    except duckdb.Error as error:
        raise FrameError(f"suite '{suite.name}': cannot read {dict(suite.frame)}: {error}") from error


def relation_arg(suite: SuiteSpec, key: str = "relation") -> str:
    """A `schema.table` argument of the frame, checked so it can be pasted into SQL."""
    relation = suite.frame.get(key, "")
    if not is_relation_name(relation):
        raise FrameError(f"suite '{suite.name}': frame {key} must be schema.table, got {relation!r}")
    return relation


def columns_sql(conn: duckdb.DuckDBPyConnection, suite: SuiteSpec) -> str:
    """The suite's columns of `relation`; with a `cohort`, full-joined to the cohort's customer ids.

    A column the suite names but the table lacks is left out, so GX reports the
    expectations on it as failed ("column does not exist"). The join adds
    `in_table` and `in_cohort`, which together with a uniqueness rule prove
    every cohort customer appears exactly once.
    """
    relation = relation_arg(suite)
    present = set(table_columns(conn, relation))
    if not present:
        raise FrameError(f"suite '{suite.name}': table {relation} does not exist")
    wanted = [quote_identifier(name) for name in suite.referenced_columns() if name in present]
    if "cohort" not in suite.frame:
        return f"select {', '.join(wanted) or 'null as no_columns'} from {relation}"
    cohort = relation_arg(suite, "cohort")
    selected = "".join(f"t.{name}, " for name in wanted if name != '"customer_id"')
    return (
        f"select {selected}coalesce(t.customer_id, c.customer_id) as customer_id, "
        "coalesce(t.is_present, false) as in_table, coalesce(c.is_present, false) as in_cohort "
        f"from (select *, true as is_present from {relation}) as t "
        f"full outer join (select distinct customer_id, true as is_present from {cohort}) as c "
        "on t.customer_id = c.customer_id"
    )


def _with_relations(build: Callable[..., str], *keys: str) -> FrameSql:
    """A frame builder over the suite's relation arguments `keys`."""

    def sql(conn: duckdb.DuckDBPyConnection, suite: SuiteSpec) -> str:
        return build(*(relation_arg(suite, key) for key in keys))

    return sql


FRAME_SQL: Mapping[str, FrameSql] = {
    "columns": columns_sql,
    "raw_profile": raw_profile_sql,
    "membership_families": _with_relations(membership_families_sql, "relation", "cohort"),
    "membership_segments": _with_relations(membership_segments_sql, "relation"),
    "family_shares": _with_relations(family_shares_sql, "relation"),
}
