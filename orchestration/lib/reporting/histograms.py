"""Histogram bins computed in SQL, so a million members never leave DuckDB."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class Histogram:
    """Equal-width bins over [low, high]; values above `high` are counted in the last bin."""

    low: float
    high: float
    counts: tuple[int, ...]
    clipped_above: int

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def edges(self) -> list[float]:
        width = (self.high - self.low) / len(self.counts)
        return [self.low + index * width for index in range(len(self.counts) + 1)]


def sql_histogram(
    conn: duckdb.DuckDBPyConnection,
    values_sql: str,
    bins: int,
    low: float | None = None,
    high: float | None = None,
    clip_quantile: float = 0.99,
) -> Histogram | None:
    """Bin the `value` column of the trusted query `values_sql`; None when it has no values.

    Without explicit bounds the range runs from the minimum to the `clip_quantile`
    quantile: one extreme customer would otherwise squash every other bar into the first.
    """
    count, minimum, quantile = conn.execute(
        f"select count(value), min(value), quantile_cont(value, ?) from ({values_sql})",
        [clip_quantile],
    ).fetchone()
    if count == 0:
        return None
    low = float(minimum) if low is None else low
    high = float(quantile) if high is None else high
    if high <= low:
        high = low + 1.0
    width = (high - low) / bins
    rows = conn.execute(
        f"""
        select least(greatest(floor((value - ?) / ?), 0), ? - 1)::integer as bin,
               count(*) as values,
               count(*) filter (where value > ?) as clipped
        from ({values_sql})
        where value is not null
        group by bin
        """,
        [low, width, bins, high],
    ).fetchall()
    counts = [0] * bins
    for index, values, _ in rows:
        counts[index] = values
    return Histogram(low, high, tuple(counts), sum(clipped for *_, clipped in rows))


def sql_value_summary(conn: duckdb.DuckDBPyConnection, values_sql: str) -> dict[str, float]:
    """Count, mean, a few quantiles and the maximum of the `value` column of `values_sql`."""
    members, mean, quantiles, maximum = conn.execute(
        f"select count(value), avg(value), quantile_cont(value, [0.1, 0.5, 0.9, 0.99]), max(value) "
        f"from ({values_sql})"
    ).fetchone()
    p10, median, p90, p99 = quantiles or [None] * 4
    return {
        "members": members,
        "mean": mean,
        "p10": p10,
        "median": median,
        "p90": p90,
        "p99": p99,
        "max": maximum,
    }
