"""Segment sizes of a per-member table, counted in the warehouse, for asset metadata.

Tables that dbt builds are only readable once dbt has finished, so their sizes are
queried afterwards rather than taken from a frame in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from orchestration.lib.segmentation.families import DESCRIPTIVE_FAMILIES
from orchestration.lib.sql import quote_identifier, quote_literal

DESCRIPTIVE_SEGMENTS = "segments.descriptive_segments"


def segment_sizes(
    conn: duckdb.DuckDBPyConnection, relation: str, families: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Members per value of each family column of `relation` (a trusted schema.table),
    largest first (ties by value); a null value counts as `null`."""
    selects = [
        f"select {quote_literal(family)} as family,"
        f" coalesce(cast({quote_identifier(family)} as varchar), 'null') as segment,"
        f" count(*) as members from {relation} group by 2"
        for family in families
    ]
    rows = conn.execute(
        "select family, segment, members from ("
        + " union all ".join(selects)
        + ") order by members desc, segment"
    ).fetchall()
    sizes: dict[str, dict[str, int]] = {family: {} for family in families}
    for family, segment, members in rows:
        sizes[family][segment] = int(members)
    return sizes


def descriptive_segments_metadata(conn: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The metadata of `segments/descriptive_segments`: its row count and, per family, its sizes."""
    rows = conn.execute(f"select count(*) from {DESCRIPTIVE_SEGMENTS}").fetchone()[0]
    return {
        "dagster/row_count": int(rows),
        "segment_sizes": segment_sizes(conn, DESCRIPTIVE_SEGMENTS, DESCRIPTIVE_FAMILIES),
    }
