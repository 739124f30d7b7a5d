"""Segment transition matrices of the published as-of date, from `segment_transitions`.

The table only has rows once two as-of dates have been processed, and older
serving databases do not have it at all: both read as "no matrices yet".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np

from orchestration.lib.reporting.segment_order import ordered_segments
from orchestration.lib.reporting.serving_queries import table_exists

TRANSITIONS_TABLE = "segment_transitions"
TRANSITION_FAMILIES = ("rfm", "loyalty_status")
NEW_MEMBERS = "(new member)"
GONE_MEMBERS = "(gone)"


@dataclass(frozen=True)
class TransitionMatrix:
    """Members moving from a row segment (previous as-of date) to a column segment (this one)."""

    family: str
    previous_as_of_date: date
    from_segments: tuple[str, ...]
    to_segments: tuple[str, ...]
    customers: np.ndarray

    def moves(self) -> list[tuple[str, str, int]]:
        """(from, to, customers) of every change of segment, biggest first."""
        return sorted(
            (
                (source, target, int(self.customers[row, column]))
                for row, source in enumerate(self.from_segments)
                for column, target in enumerate(self.to_segments)
                if source != target and self.customers[row, column] > 0
            ),
            key=lambda move: (-move[2], move[0], move[1]),
        )


def read_transition_matrices(conn: duckdb.DuckDBPyConnection, as_of: date) -> list[TransitionMatrix]:
    """One matrix per family of TRANSITION_FAMILIES that has transitions into `as_of`."""
    if not table_exists(conn, TRANSITIONS_TABLE):
        return []
    rows = conn.execute(
        f"""
        select segment_family, max(previous_as_of_date) as previous_as_of_date,
               coalesce(from_segment, ?) as from_segment, coalesce(to_segment, ?) as to_segment,
               sum(customers)::bigint as customers
        from {TRANSITIONS_TABLE}
        where as_of_date = ? and list_contains(?, segment_family)
        group by all
        """,
        [NEW_MEMBERS, GONE_MEMBERS, as_of, list(TRANSITION_FAMILIES)],
    ).fetchall()
    return [
        _matrix(family, [row for row in rows if row[0] == family])
        for family in TRANSITION_FAMILIES
        if any(row[0] == family for row in rows)
    ]


def _matrix(family: str, rows: list[tuple]) -> TransitionMatrix:
    named = {row[2] for row in rows} | {row[3] for row in rows}
    segments = ordered_segments(family, named - {NEW_MEMBERS, GONE_MEMBERS})
    sources = [NEW_MEMBERS] * any(row[2] == NEW_MEMBERS for row in rows) + segments
    targets = segments + [GONE_MEMBERS] * any(row[3] == GONE_MEMBERS for row in rows)
    customers = np.zeros((len(sources), len(targets)), dtype=np.int64)
    for _, _, source, target, count in rows:
        customers[sources.index(source), targets.index(target)] += count
    previous = max(row[1] for row in rows)
    return TransitionMatrix(family, previous, tuple(sources), tuple(targets), customers)
