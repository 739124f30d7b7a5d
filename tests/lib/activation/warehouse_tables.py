"""A hand-built warehouse with only what the exports read, a member at a time.

The dbt models the exports read are stand-in tables: the contactability model gives
each member's exclusion per channel (none unless a test says otherwise, so each test
states exactly the one thing that keeps a member out), the contacts model their
contact details as staging leaves them (trimmed, blank as null). The rules that
decide those are dbt's, unit-tested in dbt_project/models/.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.activation import Audience, ContactCap, ExportRun, export_audiences
from orchestration.lib.activation.channels import CONTACTABILITY, CONTACTS
from orchestration.lib.raw_schema import CONTACT_CHANNELS as CHANNELS

AS_OF = date(2026, 9, 30)
DEFAULT_CAP = ContactCap(2, 7)
_AUTO_EMAIL = "<from customer_id>"


@dataclass
class Member:
    """One customer: segments, the contact exclusion per channel, contact details and predicted value.

    `staged` False leaves the member out of the dbt models (as staging leaves out a
    quarantined customer) while keeping their segment rows.
    """

    customer_id: str
    segments: Mapping[str, str] = field(default_factory=lambda: {"rfm": "champions"})
    excluded: Mapping[str, str] = field(default_factory=dict)
    email: str | None = _AUTO_EMAIL
    phone: str | None = "+49 30 1234567"
    country: str | None = "DE"
    region: str | None = "Berlin"
    city: str | None = "Berlin"
    postal_code: str | None = "10115"
    predicted_clv_12m: float | None = 100.0
    staged: bool = True

    def __post_init__(self) -> None:
        if self.email == _AUTO_EMAIL:
            self.email = f"{self.customer_id.lower()}@example.com"


def build_warehouse(conn: duckdb.DuckDBPyConnection, members: Iterable[Member]) -> None:
    """Create the contactability and contacts models and segments.* for `members`."""
    for schema in ("personal", "intermediate", "segments"):
        conn.execute(f"create schema if not exists {schema}")
    conn.execute(f"create table {CONTACTABILITY} (customer_id varchar, channel varchar, exclusion varchar)")
    conn.execute(
        f"create table {CONTACTS} (customer_id varchar, email varchar, phone varchar, country varchar, "
        "region varchar, city varchar, postal_code varchar)"
    )
    conn.execute(
        "create table segments.segment_membership "
        "(customer_id varchar, segment_family varchar, segment varchar)"
    )
    conn.execute("create table segments.customer_scores (customer_id varchar, predicted_clv_12m double)")
    for member in members:
        if member.staged:
            conn.executemany(
                f"insert into {CONTACTABILITY} values (?, ?, ?)",
                [[member.customer_id, channel, member.excluded.get(channel)] for channel in CHANNELS],
            )
            conn.execute(
                f"insert into {CONTACTS} values (?, ?, ?, ?, ?, ?, ?)",
                [
                    member.customer_id,
                    member.email,
                    member.phone,
                    member.country,
                    member.region,
                    member.city,
                    member.postal_code,
                ],
            )
        conn.executemany(
            "insert into segments.segment_membership values (?, ?, ?)",
            [[member.customer_id, family, segment] for family, segment in member.segments.items()],
        )
        conn.execute(
            "insert into segments.customer_scores values (?, ?)",
            [member.customer_id, member.predicted_clv_12m],
        )


def exclude(conn: duckdb.DuckDBPyConnection, customer_id: str, channel: str, reason: str) -> None:
    """Change a member's contact exclusion, as the next dbt build would."""
    conn.execute(
        f"update {CONTACTABILITY} set exclusion = ? where customer_id = ? and channel = ?",
        [reason, customer_id, channel],
    )


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
