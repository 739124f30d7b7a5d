"""Segment transitions: members per family moving between consecutive processed as-of dates.

A row counts the members of one family whose segment went from `from_segment`
at the previous processed date to `to_segment` at this one, stays included.
NULL on either side means the member had no value there (new, or gone).
Maintained incrementally: splicing date d changes the values on [d, next), so
the splice marks d and the next processed date (whose previous date may now be
d) stale in `segment_history_dates`, in its own transaction. A refresh
recomputes every stale date, each by one set-based statement over the history,
and clears the marks in the same transaction: transitions a failed refresh
left behind are repaired by the next refresh of any date.
"""

from __future__ import annotations

from datetime import date

import duckdb

from orchestration.lib.history.tables import (
    SEGMENT_HISTORY,
    SEGMENT_HISTORY_DATES,
    SEGMENT_TRANSITIONS,
    ensure_history_tables,
)
from orchestration.lib.sql import quote_literal
from orchestration.lib.warehouse import transaction

BIGGEST_TRANSITIONS_VIEW = "history_biggest_transitions"

# Between consecutive processed dates p < d a member-family either keeps one interval over both
# (a stay, counted without any join) or has one ending by d and/or one starting after p: only
# those few movers are paired up by a join.
_RECOMPUTE_SQL = f"""
insert into {SEGMENT_TRANSITIONS}
with stays as (
    select segment_family, segment as from_segment, segment as to_segment, count(*) as customers
    from {SEGMENT_HISTORY}
    where valid_from <= $previous and coalesce(valid_to, 'infinity'::date) > $as_of
    group by all
),
before as (
    select customer_id, segment_family, segment
    from {SEGMENT_HISTORY}
    where valid_from <= $previous and valid_to > $previous and valid_to <= $as_of
),
after as (
    select customer_id, segment_family, segment
    from {SEGMENT_HISTORY}
    where valid_from > $previous and valid_from <= $as_of and coalesce(valid_to, 'infinity'::date) > $as_of
),
moves as (
    select segment_family, before.segment as from_segment, after.segment as to_segment, count(*) as customers
    from before full join after using (customer_id, segment_family)
    group by all
)
select $as_of::date, $previous::date, * from stays
union all
select $as_of::date, $previous::date, * from moves
"""


def refresh_transitions(conn: duckdb.DuckDBPyConnection, as_of: date) -> list[date]:
    """Recompute the transitions into `as_of`, into the processed date after it, and into every date a
    splice marked stale, in one transaction.

    Returns the dates whose transitions were written (a date without a previous
    processed date has none). Idempotent: a re-run replaces the same rows.
    """
    with transaction(conn):
        ensure_history_tables(conn)
        _require_processed(conn, as_of)
        written = []
        for target, before in _dates_to_recompute(conn, as_of):
            conn.execute(f"delete from {SEGMENT_TRANSITIONS} where as_of_date = ?", [target])
            if before is not None:
                conn.execute(_RECOMPUTE_SQL, {"as_of": target, "previous": before})
                written.append(target)
        conn.execute(f"update {SEGMENT_HISTORY_DATES} set transitions_stale = false where transitions_stale")
    return written


def _dates_to_recompute(conn: duckdb.DuckDBPyConnection, as_of: date) -> list[tuple[date, date | None]]:
    """(date, its previous processed date) for `as_of`, the date after it and every stale date, in order."""
    return [
        tuple(row)
        for row in conn.execute(
            f"""
            with dates as (
                select as_of_date, transitions_stale,
                       lag(as_of_date) over (order by as_of_date) as previous_as_of_date,
                       lag(as_of_date) over (order by as_of_date) = $as_of as follows_as_of
                from {SEGMENT_HISTORY_DATES}
            )
            select as_of_date, previous_as_of_date
            from dates
            where as_of_date = $as_of or follows_as_of or coalesce(transitions_stale, false)
            order by as_of_date
            """,
            {"as_of": as_of},
        ).fetchall()
    ]


def _require_processed(conn: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Transitions into a date the history has not incorporated would count stale values."""
    (known,) = conn.execute(
        f"select count(*) from {SEGMENT_HISTORY_DATES} where as_of_date = ?", [as_of]
    ).fetchone()
    if not known:
        raise ValueError(f"as-of date {as_of} is not in {SEGMENT_HISTORY_DATES}: splice its snapshot first")


def changes_by_family(conn: duckdb.DuckDBPyConnection, as_of: date) -> dict[str, dict[str, int]]:
    """Per family with any movement into `as_of`: members who changed segment, who are new, who are gone."""
    rows = conn.execute(
        f"""
        select segment_family,
               coalesce(sum(customers) filter (where from_segment <> to_segment), 0),
               coalesce(sum(customers) filter (where from_segment is null), 0),
               coalesce(sum(customers) filter (where to_segment is null), 0)
        from {SEGMENT_TRANSITIONS}
        where as_of_date = ?
        group by segment_family
        having coalesce(sum(customers) filter (where from_segment is distinct from to_segment), 0) > 0
        order by segment_family
        """,
        [as_of],
    ).fetchall()
    return {family: {"changed": changed, "new": new, "gone": gone} for family, changed, new, gone in rows}


def create_biggest_transitions_view(conn: duckdb.DuckDBPyConnection, as_of: date) -> str:
    """A temporary view of the moves into `as_of` (stays left out), largest first; returns its name.

    A view cannot bind parameters, so the date goes in as a quoted literal.
    """
    conn.execute(
        f"""
        create or replace temp view {BIGGEST_TRANSITIONS_VIEW} as
        select segment_family, from_segment, to_segment, customers
        from {SEGMENT_TRANSITIONS}
        where as_of_date = {quote_literal(as_of.isoformat())}::date
          and from_segment is distinct from to_segment
        order by customers desc, segment_family, from_segment, to_segment
        """
    )
    return BIGGEST_TRANSITIONS_VIEW
