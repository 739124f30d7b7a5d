"""Splicing one as-of date's segment snapshot into the history, in set-based SQL.

The history is the canonical interval form of all (as-of date, snapshot) pairs
processed so far: a member's value at a processed date holds until the next
processed date, and adjacent intervals with the same segment are merged. It is
therefore a function of that set alone, whatever order the dates arrive in.

Inserting date d whose next processed date is q can only change what holds on
[d, q), plus merges at d and q, and only for the member-families whose value
at d differs from the one the history already gives them there. Their
intervals touching [d, q] are rebuilt ("splice"): cut at d and q, the snapshot
laid over [d, q), equal neighbours merged. A daily append thus rewrites only
the intervals of members who changed, and re-running a date with the same
snapshot writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

import duckdb

from orchestration.lib.history.tables import (
    SEGMENT_HISTORY,
    SEGMENT_HISTORY_DATES,
    ensure_history_tables,
    neighbour_dates,
)
from orchestration.lib.warehouse import transaction

# A member-family's intervals change only if its new value at the date differs from the one
# the history already gives it there (NULL = none): the daily append rewrites just those keys.
# Open ends are 'infinity' inside the splice so that comparisons need no NULL cases.
_CHANGED_KEYS_SQL = f"""
create or replace temp table history_splice_keys as
with covering as (
    select customer_id, segment_family, segment
    from {SEGMENT_HISTORY}
    where valid_from <= $as_of and coalesce(valid_to, 'infinity'::date) > $as_of
),
incoming as (select customer_id, segment_family, segment from {{snapshot}} where segment is not null)
select distinct customer_id, segment_family
from covering full join incoming using (customer_id, segment_family)
where covering.segment is distinct from incoming.segment
"""

_AFFECTED_SQL = f"""
create or replace temp table history_splice_old as
select stored.rowid as row_id, customer_id, segment_family, segment, valid_from,
       coalesce(valid_to, 'infinity'::date) as valid_to
from {SEGMENT_HISTORY} as stored
join history_splice_keys using (customer_id, segment_family)
where coalesce(valid_to, 'infinity'::date) >= $as_of
  and valid_from <= coalesce($next_date::date, 'infinity'::date)
"""

_REBUILT_SQL = """
create or replace temp table history_splice_new as
with bounds as (
    select $as_of::date as as_of, coalesce($next_date::date, 'infinity'::date) as next_date
),
pieces as (
    select customer_id, segment_family, segment, valid_from, least(valid_to, as_of) as valid_to
    from history_splice_old, bounds
    where valid_from < as_of
    union all
    select customer_id, segment_family, segment, greatest(valid_from, next_date), valid_to
    from history_splice_old, bounds
    where valid_to > next_date
    union all
    select customer_id, segment_family, segment, as_of, next_date
    from {snapshot} join history_splice_keys using (customer_id, segment_family), bounds
    where segment is not null
),
marked as (
    select *,
        coalesce(
            lag(valid_to) over keyed <> valid_from or lag(segment) over keyed <> segment, true
        ) as starts_island
    from pieces
    window keyed as (partition by customer_id, segment_family order by valid_from)
),
islands as (
    select *,
        sum(starts_island::integer) over (
            partition by customer_id, segment_family order by valid_from rows unbounded preceding
        ) as island
    from marked
)
select customer_id, segment_family, any_value(segment) as segment,
       min(valid_from) as valid_from, max(valid_to) as valid_to
from islands
group by customer_id, segment_family, island
"""

_REMOVE_OLD_SQL = f"delete from {SEGMENT_HISTORY} where rowid in (select row_id from history_splice_old)"

_ADD_NEW_SQL = f"""
insert into {SEGMENT_HISTORY}
select customer_id, segment_family, segment, valid_from,
       nullif(valid_to, 'infinity'::date), valid_to = 'infinity'::date
from history_splice_new
"""

_RECORD_DATE_SQL = f"""
insert into {SEGMENT_HISTORY_DATES} (as_of_date, recorded_at, run_id, transitions_stale)
values ($as_of, $recorded_at, $run_id, true)
on conflict (as_of_date) do update
set recorded_at = excluded.recorded_at, run_id = excluded.run_id, transitions_stale = true
"""

# The intervals of the rewritten member-families, after the splice: each must end after it
# starts and before the next one starts (valid_to is exclusive), so no date has two values.
_FAULTY_INTERVALS_SQL = f"""
with rewritten as (
    select customer_id, segment_family, valid_from, valid_to, is_current,
           lead(valid_from) over (partition by customer_id, segment_family order by valid_from) as next_from
    from {SEGMENT_HISTORY}
    join history_splice_keys using (customer_id, segment_family)
)
select customer_id, segment_family, valid_from, valid_to, next_from
from rewritten
where valid_to <= valid_from
   or next_from < coalesce(valid_to, 'infinity'::date)
   or next_from = valid_from
   or is_current is distinct from (valid_to is null)
order by all
limit 3
"""

# The next processed date's transitions now start from `as_of` (or from its new values).
_MARK_NEXT_STALE_SQL = (
    f"update {SEGMENT_HISTORY_DATES} set transitions_stale = true where as_of_date = $next_date"
)


class SnapshotError(ValueError):
    """The snapshot is not one value per member and family, so intervals would overlap."""


class HistoryIntegrityError(RuntimeError):
    """A splice would leave a member-family with overlapping or empty intervals."""


@dataclass(frozen=True)
class SpliceResult:
    """What a splice did, for the asset's metadata: a re-run with the same snapshot rewrites nothing."""

    as_of_date: date
    next_as_of_date: date | None
    intervals_removed: int
    intervals_added: int


def splice_snapshot(
    conn: duckdb.DuckDBPyConnection, snapshot: str, as_of: date, run_id: str | None
) -> SpliceResult:
    """Make `snapshot` (a trusted relation: customer_id, segment_family, segment) the values at `as_of`.

    Rows with a NULL segment mean "no value", like an absent member. Everything
    happens in one transaction: on any failure the history stays as it was. The intervals it
    rewrote are checked before it commits (a snapshot with two values for a member and family
    leaves two there), so the history keeps one value per member, family and date without a
    check scanning all of it, or all of the snapshot, every day.
    """
    with transaction(conn):
        ensure_history_tables(conn)
        _check_keys(conn, snapshot)
        _, next_date = neighbour_dates(conn, as_of)
        bounds = {"as_of": as_of, "next_date": next_date}
        conn.execute(_CHANGED_KEYS_SQL.format(snapshot=snapshot), {"as_of": as_of})
        conn.execute(_AFFECTED_SQL, bounds)
        conn.execute(_REBUILT_SQL.format(snapshot=snapshot), bounds)
        (removed,) = conn.execute(_REMOVE_OLD_SQL).fetchone()
        (added,) = conn.execute(_ADD_NEW_SQL).fetchone()
        _check_rewritten_intervals(conn, snapshot)
        recorded_at = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(_RECORD_DATE_SQL, {"as_of": as_of, "recorded_at": recorded_at, "run_id": run_id})
        conn.execute(_MARK_NEXT_STALE_SQL, {"next_date": next_date})
        for table in ("history_splice_keys", "history_splice_old", "history_splice_new"):
            conn.execute(f"drop table {table}")
    return SpliceResult(as_of, next_date, removed, added)


def _check_keys(conn: duckdb.DuckDBPyConnection, snapshot: str) -> None:
    (keyless,) = conn.execute(
        f"select count(*) from {snapshot} "
        "where segment is not null and (customer_id is null or segment_family is null)"
    ).fetchone()
    if keyless:
        raise SnapshotError(f"snapshot {snapshot} holds {keyless} rows without customer_id or segment_family")


def _check_rewritten_intervals(conn: duckdb.DuckDBPyConnection, snapshot: str) -> None:
    """Raise if a rewritten member-family has two values on a date: SnapshotError when the
    snapshot gave it two (checked only then, on those keys), else HistoryIntegrityError."""
    faults = conn.execute(_FAULTY_INTERVALS_SQL).fetchall()
    if not faults:
        return
    doubled = conn.execute(
        f"""
        select customer_id, segment_family, count(*) as value_count
        from {snapshot}
        join history_splice_keys using (customer_id, segment_family)
        where segment is not null
        group by all
        having count(*) > 1
        order by all
        limit 3
        """
    ).fetchall()
    if doubled:
        raise SnapshotError(
            f"snapshot {snapshot} must hold one segment per member and family; "
            f"offending (customer_id, segment_family, value count): {doubled}"
        )
    raise HistoryIntegrityError(
        "the splice would leave overlapping or empty intervals; nothing was written. "
        f"Offending (customer_id, segment_family, valid_from, valid_to, next valid_from): {faults}"
    )
