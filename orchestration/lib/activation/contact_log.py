"""`history.contact_log`: every contact an export made, kept across runs for the frequency cap.

The table is appended to, never replaced: a run removes only its own as-of
date's rows for the audiences it exports again, so re-running a date is
idempotent and every other date's contacts stay counted. It holds no contact
details, only who was contacted on which channel by which audience.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from orchestration.lib.history.tables import HISTORY_SCHEMA

CONTACT_LOG = f"{HISTORY_SCHEMA}.contact_log"

_DDL = (
    f"create schema if not exists {HISTORY_SCHEMA}",
    f"""
    create table if not exists {CONTACT_LOG} (
        customer_id varchar not null,
        channel varchar not null,
        audience varchar not null,
        as_of_date date not null,
        exported_at timestamp not null,
        run_id varchar not null
    )
    """,
)


@dataclass(frozen=True)
class ContactCap:
    """At most `contacts` exports per member and channel within `days` days ending on the as-of date."""

    contacts: int
    days: int

    def window_start(self, as_of: date) -> date:
        """First day of the inclusive window as_of-(days-1) .. as_of."""
        return as_of - timedelta(days=self.days - 1)


def ensure_contact_log(conn: duckdb.DuckDBPyConnection) -> None:
    """Create the history schema and the log if this warehouse has none yet; never touch existing rows."""
    for statement in _DDL:
        conn.execute(statement)


def forget_contacts(conn: duckdb.DuckDBPyConnection, as_of: date, audiences: Sequence[str]) -> int:
    """Remove the rows of `as_of` for `audiences` before they are exported again; returns rows removed."""
    return conn.execute(
        f"delete from {CONTACT_LOG} where as_of_date = ? and list_contains(?, audience)",
        [as_of, list(audiences)],
    ).fetchone()[0]


def log_contacts(
    conn: duckdb.DuckDBPyConnection,
    exported: str,
    channel: str,
    audience: str,
    as_of: date,
    exported_at: datetime,
    run_id: str,
) -> None:
    """Append one row per customer of the trusted relation `exported` (which has a customer_id)."""
    conn.execute(
        f"insert into {CONTACT_LOG} (customer_id, channel, audience, as_of_date, exported_at, run_id) "
        f"select customer_id, ?, ?, ?, ?, ? from {exported}",
        [channel, audience, as_of, exported_at, run_id],
    )
