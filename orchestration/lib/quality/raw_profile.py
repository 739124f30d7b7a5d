"""One-row profiles of the raw tables, computed in DuckDB whatever the table's size.

A raw suite names the metrics it wants as frame columns: `row_count`,
`invalid_row_share`, or `<column>__<metric>` with metric `null_share`,
`duplicate_share` (rows beyond the first per non-null value), `negative_share`
or `unknown_share` (a customer_id not in raw.customers). Only the named metrics
are computed. The profile row also carries the table's columns, empty, so
GX's own schema expectation (`expect_table_columns_to_match_set`) sees them.
"""

from __future__ import annotations

import duckdb

from orchestration.lib.quality.catalog import FrameError, is_relation_name, table_columns
from orchestration.lib.quality.suites import SuiteSpec
from orchestration.lib.sql import quote_identifier

RAW_SCHEMA = "raw"
_SHARE = "{count} / nullif(count(*), 0)"
TABLE_METRICS = {
    "row_count": "count(*)",
    "invalid_row_share": _SHARE.format(count="count(*) filter (where _invalid_columns is not null)"),
}
COLUMN_METRICS = {
    "null_share": _SHARE.format(count="count(*) filter (where {column} is null)"),
    "duplicate_share": _SHARE.format(count="(count({column}) - count(distinct {column}))"),
    "negative_share": _SHARE.format(count="count(*) filter (where {column} < 0)"),
    "unknown_share": _SHARE.format(
        count="(select count(*) from {relation} as r anti join raw.customers as c "
        "on r.{column} = c.customer_id where r.{column} is not null)"
    ),
}
UNKNOWN_SHARE_COLUMNS = ("customer_id", "referrer_id", "referred_customer_id")
"""Columns whose values must be customers: `unknown_share` is defined for these only."""


def raw_profile_sql(conn: duckdb.DuckDBPyConnection, suite: SuiteSpec) -> str:
    """SQL of the profile row of `raw.<frame.table>` with the metrics `suite` reads."""
    relation = f"{RAW_SCHEMA}.{suite.frame.get('table', '')}"
    if not is_relation_name(relation):
        raise FrameError(f"suite '{suite.name}': frame table must be a raw table name, got {relation!r}")
    present = table_columns(conn, relation)
    if not present:
        raise FrameError(f"suite '{suite.name}': table {relation} does not exist")
    names = [name for name in suite.referenced_columns() if name in TABLE_METRICS or "__" in name]
    metrics = [
        f"{metric_sql(suite.name, relation, name, present)} as {quote_identifier(name)}"
        for name in dict.fromkeys(["row_count", *names])
    ]
    return (
        f"select profile.*, empty.* from (select {', '.join(metrics)} from {relation}) as profile "
        f"left join (select * from {relation} limit 0) as empty on true"
    )


def metric_sql(suite: str, relation: str, name: str, present: list[str]) -> str:
    """The aggregate computing metric `name`; NULL when its column is missing (the schema rule says so)."""
    if name == "invalid_row_share" and "_invalid_columns" not in present:
        return "cast(null as double)"
    if name in TABLE_METRICS:
        return TABLE_METRICS[name]
    column, _, metric = name.rpartition("__")
    if metric not in COLUMN_METRICS or (metric == "unknown_share" and column not in UNKNOWN_SHARE_COLUMNS):
        raise FrameError(
            f"suite '{suite}': unknown raw metric '{name}': use row_count, invalid_row_share or "
            f"<column>__<metric> with metric in {sorted(COLUMN_METRICS)} "
            f"(unknown_share for {', '.join(UNKNOWN_SHARE_COLUMNS)})"
        )
    if column not in present:
        return "cast(null as double)"
    return COLUMN_METRICS[metric].format(column=quote_identifier(column), relation=relation)
