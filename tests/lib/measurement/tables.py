"""Hand-built warehouse tables for the measurement tests: only the columns the queries read."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

CHANNEL_RESPONSE_COLUMNS = {
    "customer_id": "varchar",
    "channel": "varchar",
    "campaigns_sent": "bigint",
    "campaigns_delivered": "bigint",
    "campaigns_opened": "bigint",
    "campaigns_clicked": "bigint",
    "campaigns_converted": "bigint",
    "contacted_opened": "bigint",
    "contacted_clicked": "bigint",
    "contacted_converted": "bigint",
}


def create_table(
    conn: duckdb.DuckDBPyConnection, relation: str, columns: dict[str, str], rows: Sequence[tuple]
) -> None:
    """(Re)create `relation` with `columns` (name: type) holding `rows`."""
    conn.execute(f"create schema if not exists {relation.split('.')[0]}")
    conn.execute(f"create or replace table {relation} ({', '.join(f'{n} {t}' for n, t in columns.items())})")
    if rows:
        conn.executemany(f"insert into {relation} values ({', '.join('?' for _ in columns)})", rows)


def channel_responses(conn: duckdb.DuckDBPyConnection, rows: Sequence[tuple]) -> None:
    """Rows (customer, channel, sent, delivered, opened, clicked, converted); holdout-free, so
    the contacted_* counts equal the campaigns_* ones."""
    create_table(
        conn,
        "intermediate.int_campaign_events_aggregated_to_customer_channels",
        CHANNEL_RESPONSE_COLUMNS,
        [(*row, *row[4:]) for row in rows],
    )


def segment_membership(conn: duckdb.DuckDBPyConnection, families: dict[str, dict[str, str]]) -> None:
    """{family: {customer: segment}} as segments.segment_membership."""
    rows = [
        (customer, family, segment)
        for family, segments in families.items()
        for customer, segment in segments.items()
    ]
    create_table(
        conn,
        "segments.segment_membership",
        {"customer_id": "varchar", "segment_family": "varchar", "segment": "varchar"},
        rows,
    )
