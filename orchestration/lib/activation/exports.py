"""One export run: every audience in priority order, the contact log and the files kept in step.

Audiences are checked against today's segments before anything is written. The
log rows of this as-of date for these audiences are then dropped and written
again, audience by audience, so each audience sees the contacts the earlier
(higher-priority) ones logged, and re-running a date gives the same files and
the same log. The log changes in one transaction: if any audience fails, the
log stays as it was, and a re-run repeats the whole date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.activation.audiences import Audience
from orchestration.lib.activation.contact_log import (
    ContactCap,
    ensure_contact_log,
    forget_contacts,
    log_contacts,
)
from orchestration.lib.activation.eligibility import CANDIDATES, AudienceCounts, select_candidates
from orchestration.lib.activation.export_files import FILE_FORMATS, write_audience_files, write_manifest
from orchestration.lib.activation.segment_check import check_segments, segments_present
from orchestration.lib.warehouse import transaction


@dataclass(frozen=True)
class ExportRun:
    """Where the files went and what each audience counted, for asset metadata."""

    folder: Path
    manifest: Path
    counts: tuple[AudienceCounts, ...]
    contacts_replaced: int

    def counts_json(self) -> dict[str, dict[str, object]]:
        return {counts.audience: counts.as_json() for counts in self.counts}


def export_audiences(
    conn: duckdb.DuckDBPyConnection,
    audiences: Sequence[Audience],
    as_of: date,
    export_dir: Path,
    cap: ContactCap,
    run_id: str,
    exported_at: datetime,
) -> ExportRun:
    """Export `audiences` (in priority order) for `as_of` into `export_dir/<as_of>/`, logging contacts."""
    check_segments(audiences, segments_present(conn))
    folder = export_dir / as_of.isoformat()
    folder.mkdir(parents=True, exist_ok=True)
    with transaction(conn):
        ensure_contact_log(conn)
        replaced = forget_contacts(conn, as_of, [audience.name for audience in audiences])
        counts = tuple(
            _export_one(conn, audience, as_of, folder, cap, run_id, exported_at) for audience in audiences
        )
        manifest = write_manifest(folder, _manifest(audiences, counts, as_of, cap, run_id, exported_at))
        conn.execute(f"drop table if exists {CANDIDATES}")
    return ExportRun(folder, manifest, counts, replaced)


def _export_one(
    conn: duckdb.DuckDBPyConnection,
    audience: Audience,
    as_of: date,
    folder: Path,
    cap: ContactCap,
    run_id: str,
    exported_at: datetime,
) -> AudienceCounts:
    counts = select_candidates(conn, audience, as_of, cap)
    exported = f"(select customer_id from {CANDIDATES} where exclusion is null)"
    log_contacts(conn, exported, audience.channel, audience.name, as_of, exported_at, run_id)
    write_audience_files(conn, audience, as_of, folder)
    return counts


def _manifest(
    audiences: Sequence[Audience],
    counts: Sequence[AudienceCounts],
    as_of: date,
    cap: ContactCap,
    run_id: str,
    exported_at: datetime,
) -> dict[str, object]:
    return {
        "as_of_date": as_of.isoformat(),
        "exported_at": exported_at.isoformat(),
        "run_id": run_id,
        "contact_cap": {"contacts": cap.contacts, "days": cap.days},
        "audiences": [
            {
                "audience": audience.name,
                "channel": audience.channel,
                "segment_family": audience.segment_family,
                "segments": list(audience.segments),
                "max_members": audience.max_members,
                "files": [f"{audience.name}.{suffix}" for suffix in FILE_FORMATS],
                **audience_counts.as_json(),
            }
            for audience, audience_counts in zip(audiences, counts, strict=True)
        ],
    }
