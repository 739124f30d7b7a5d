"""What a segment or score table holds, in numbers for asset metadata.

Read after dbt built the table (DuckDB allows one writer: the Dagster process
reads only once dbt has finished). `relation` is a trusted schema.table name.
"""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from orchestration.lib.sql import quote_identifier, quote_literal

RFM_SCORES = range(1, 6)


def segment_sizes(
    conn: duckdb.DuckDBPyConnection, relation: str, families: Sequence[str]
) -> dict[str, dict[str, int]]:
    """Members per value of each family column of `relation`, largest first (ties by value);
    a null value counts as `null`."""
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


def true_count(conn: duckdb.DuckDBPyConnection, relation: str, column: str) -> int:
    """Rows where boolean `column` is true."""
    return int(
        conn.execute(f"select count(*) from {relation} where {quote_identifier(column)}").fetchone()[0]
    )


def quantiles(
    conn: duckdb.DuckDBPyConnection, relation: str, column: str, fractions: Sequence[float]
) -> dict[str, float | None]:
    """Linearly interpolated quantiles of `column` (as pandas' Series.quantile), keyed by fraction."""
    values = conn.execute(
        f"select quantile_cont({quote_identifier(column)}, ?::double[]) from {relation}", [list(fractions)]
    ).fetchone()[0]
    return {
        str(fraction): value
        for fraction, value in zip(fractions, values or [None] * len(fractions), strict=True)
    }


def rfm_grid_markdown(conn: duckdb.DuckDBPyConnection, relation: str) -> str:
    """Buyers per recency x frequency score as a Markdown table (recency 5 at the top)."""
    counts = dict(
        ((r, f), n)
        for r, f, n in conn.execute(
            f"select r_score, f_score, count(*) from {relation} where r_score is not null group by all"
        ).fetchall()
    )
    lines = ["| R \\ F | 1 | 2 | 3 | 4 | 5 |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [
        f"| {r} | " + " | ".join(str(counts.get((r, f), 0)) for f in RFM_SCORES) + " |"
        for r in reversed(RFM_SCORES)
    ]
    return "\n".join(lines)


def row_count(conn: duckdb.DuckDBPyConnection, relation: str) -> int:
    """Rows of `relation`."""
    return int(conn.execute(f"select count(*) from {relation}").fetchone()[0])
