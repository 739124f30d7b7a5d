"""One-row profiles of the raw tables, computed in DuckDB whatever the table's size.

A raw suite names the metrics it wants as frame columns: `row_count` (every row of the
table), `invalid_row_share`, or `<column>__<metric>` with metric `null_share`,
`duplicate_share` (rows beyond the first per non-null value, the rows loaded before counting
first), `negative_share` or `unknown_share` (a customer_id not in raw.customers). The shares
are of the rows the table's latest load added (`landed_files.loaded_after_row_id`; every row
after a full reload), so a broken day's file stands out instead of being diluted by years of
good rows, and a daily check reads the day's rows, not the table. Only the named metrics are
computed. The profile row also carries the table's columns, empty, so GX's own schema
expectation (`expect_table_columns_to_match_set`) sees them.
"""

from __future__ import annotations

import duckdb

from orchestration.lib import landed_files
from orchestration.lib.quality.catalog import FrameError, is_relation_name, table_columns
from orchestration.lib.quality.suites import SuiteSpec
from orchestration.lib.sql import quote_identifier

RAW_SCHEMA = "raw"
_SHARE = "{count} / nullif(count(*), 0)"
TABLE_METRICS = {
    "row_count": "(select count(*) from {relation})",
    "invalid_row_share": _SHARE.format(count="count(*) filter (where _invalid_columns is not null)"),
}
COLUMN_METRICS = {
    "null_share": _SHARE.format(count="count(*) filter (where {column} is null)"),
    "duplicate_share": _SHARE.format(count="(count({column}) - count(distinct {column}) + {earlier_copies})"),
    "negative_share": _SHARE.format(count="count(*) filter (where {column} < 0)"),
    "unknown_share": _SHARE.format(
        count="(select count(*) from {rows} as r anti join raw.customers as c "
        "on r.{column} = c.customer_id where r.{column} is not null)"
    ),
}
EARLIER_COPIES = (
    "(select count(distinct {column}) from {relation} where _row_id <= {after} "
    "and {column} in (select {column} from {rows}))"
)
"""Values of the latest load that rows loaded before it already have: each of its rows is a copy."""
UNKNOWN_SHARE_COLUMNS = ("customer_id", "referrer_id", "referred_customer_id")
"""Columns whose values must be customers: `unknown_share` is defined for these only."""


def raw_profile_sql(conn: duckdb.DuckDBPyConnection, suite: SuiteSpec) -> str:
    """SQL of the profile row of `raw.<frame.table>` with the metrics `suite` reads."""
    table = suite.frame.get("table", "")
    relation = f"{RAW_SCHEMA}.{table}"
    if not is_relation_name(relation):
        raise FrameError(f"suite '{suite.name}': frame table must be a raw table name, got {relation!r}")
    present = table_columns(conn, relation)
    if not present:
        raise FrameError(f"suite '{suite.name}': table {relation} does not exist")
    after = int(landed_files.loaded_after_row_id(conn, table))
    names = [name for name in suite.referenced_columns() if name in TABLE_METRICS or "__" in name]
    metrics = [
        f"{metric_sql(suite.name, relation, name, present, after)} as {quote_identifier(name)}"
        for name in dict.fromkeys(["row_count", *names])
    ]
    profile = f"select {', '.join(metrics)} from {latest_rows(relation, after)}"
    return (
        f"select profile.*, empty.* from ({profile}) as profile "
        f"left join (select * from {relation} limit 0) as empty on true"
    )


def latest_rows(relation: str, after: int) -> str:
    """The rows of `relation` after row id `after`: those of its latest load (all when 0)."""
    return f"(select * from {relation} where _row_id > {after})" if after else relation


def metric_sql(suite: str, relation: str, name: str, present: list[str], after: int = 0) -> str:
    """The aggregate computing metric `name` over the rows of `relation` after row id `after`;
    NULL when its column is missing (the schema rule says so)."""
    if name == "invalid_row_share" and "_invalid_columns" not in present:
        return "cast(null as double)"
    if name in TABLE_METRICS:
        return TABLE_METRICS[name].format(relation=relation)
    column, _, metric = name.rpartition("__")
    if metric not in COLUMN_METRICS or (metric == "unknown_share" and column not in UNKNOWN_SHARE_COLUMNS):
        raise FrameError(
            f"suite '{suite}': unknown raw metric '{name}': use row_count, invalid_row_share or "
            f"<column>__<metric> with metric in {sorted(COLUMN_METRICS)} "
            f"(unknown_share for {', '.join(UNKNOWN_SHARE_COLUMNS)})"
        )
    if column not in present:
        return "cast(null as double)"
    column = quote_identifier(column)
    rows = latest_rows(relation, after)
    earlier = (
        EARLIER_COPIES.format(column=column, relation=relation, after=after, rows=rows) if after else "0"
    )
    return COLUMN_METRICS[metric].format(column=column, rows=rows, earlier_copies=earlier)
