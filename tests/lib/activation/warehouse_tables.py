"""A hand-built warehouse with only what the exports read, a member at a time.

Every member is fully contactable unless a test says otherwise, so each test
states exactly the one thing that keeps a member out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.activation import Audience, ContactCap, ExportRun, export_audiences
from orchestration.lib.raw_schema import CONTACT_CHANNELS as CHANNELS

AS_OF = date(2026, 9, 30)
DEFAULT_CAP = ContactCap(2, 7)
_AUTO_EMAIL = "<from customer_id>"


@dataclass
class Member:
    """One customer: segments, per-channel flags, contact details and predicted value."""

    customer_id: str
    segments: Mapping[str, str] = field(default_factory=lambda: {"rfm": "champions"})
    consent: Mapping[str, bool | None] = field(default_factory=dict)
    unsubscribed: Iterable[str] = ()
    bounced: Iterable[str] = ()
    email: str | None = _AUTO_EMAIL
    phone: str | None = "+49 30 1234567"
    country: str | None = "DE"
    region: str | None = "Berlin"
    city: str | None = "Berlin"
    postal_code: str | None = "10115"
    predicted_clv_12m: float | None = 100.0
    in_features: bool = True

    def __post_init__(self) -> None:
        if self.email == _AUTO_EMAIL:
            self.email = f"{self.customer_id.lower()}@example.com"


def build_warehouse(conn: duckdb.DuckDBPyConnection, members: Iterable[Member], as_of: date = AS_OF) -> None:
    """Create marts.customer_features, raw.customers, raw.quarantine, segments.* for `members`."""
    members = list(members)
    for schema in ("raw", "marts", "segments"):
        conn.execute(f"create schema if not exists {schema}")
    flags = ", ".join(
        f"has_{ch}_consent boolean, is_unsubscribed_{ch} boolean, has_bounced_{ch} boolean" for ch in CHANNELS
    )
    conn.execute(f"create table marts.customer_features (customer_id varchar, as_of_date date, {flags})")
    conn.execute(
        "create table raw.customers (customer_id varchar, signup_date date, email varchar, phone varchar, "
        "country varchar, region varchar, city varchar, postal_code varchar, _invalid_columns varchar, "
        "_row_id bigint)"
    )
    conn.execute("create table raw.quarantine (table_name varchar, row_id bigint, reason varchar)")
    conn.execute(
        "create table segments.segment_membership "
        "(customer_id varchar, segment_family varchar, segment varchar)"
    )
    conn.execute("create table segments.customer_scores (customer_id varchar, predicted_clv_12m double)")
    for member in members:
        if member.in_features:
            values = [
                value
                for ch in CHANNELS
                for value in (member.consent.get(ch, True), ch in member.unsubscribed, ch in member.bounced)
            ]
            conn.execute(
                f"insert into marts.customer_features values (?, ?{', ?' * len(values)})",
                [member.customer_id, as_of, *values],
            )
        add_raw_customer(conn, member)
        conn.executemany(
            "insert into segments.segment_membership values (?, ?, ?)",
            [[member.customer_id, family, segment] for family, segment in member.segments.items()],
        )
        conn.execute(
            "insert into segments.customer_scores values (?, ?)",
            [member.customer_id, member.predicted_clv_12m],
        )


def add_raw_customer(
    conn: duckdb.DuckDBPyConnection,
    member: Member,
    invalid_columns: str | None = None,
    quarantine_reason: str | None = None,
) -> None:
    """One raw.customers row for `member` (optionally invalid or quarantined), as the loader leaves it."""
    (row_id,) = conn.execute("select count(*) from raw.customers").fetchone()
    conn.execute(
        "insert into raw.customers values (?, null, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            member.customer_id,
            member.email,
            member.phone,
            member.country,
            member.region,
            member.city,
            member.postal_code,
            invalid_columns,
            row_id,
        ],
    )
    if quarantine_reason:
        conn.execute("insert into raw.quarantine values ('customers', ?, ?)", [row_id, quarantine_reason])


def audience(
    name: str,
    channel: str = "email",
    family: str = "rfm",
    segments: Iterable[str] = ("champions",),
    max_members: int | None = None,
) -> Audience:
    return Audience(name, family, tuple(segments), channel, max_members=max_members)


def export(
    conn: duckdb.DuckDBPyConnection,
    export_dir: Path,
    audiences: Iterable[Audience],
    as_of: date = AS_OF,
    cap: ContactCap = DEFAULT_CAP,
    run_id: str = "run-1",
) -> ExportRun:
    return export_audiences(
        conn, list(audiences), as_of, export_dir, cap, run_id, datetime(2026, 10, 1, 3, 0)
    )


def exported_ids(run: ExportRun, audience_name: str) -> list[str]:
    """customer_ids in an audience's CSV, in file order."""
    rows = duckdb.execute(
        "select customer_id from read_csv(?, header = true, all_varchar = true)",
        [str(run.folder / f"{audience_name}.csv")],
    ).fetchall()
    return [customer_id for (customer_id,) in rows]


def counts_of(run: ExportRun, audience_name: str) -> dict[str, object]:
    return run.counts_json()[audience_name]
