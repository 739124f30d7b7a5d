"""The files an export leaves for the channel tools: one CSV and one Parquet per audience, plus a manifest.

`<export_dir>/<as_of>/<audience>.csv|.parquet` hold the exported members with
the channel's contact fields, and are the only place e-mail addresses or phone
numbers leave the warehouse. Every file is written under a temporary name and
moved into place with os.replace, so a reader never sees half a file; the
manifest is written last and describes the complete set.
"""

from __future__ import annotations

import json
import os
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.activation.audiences import Audience
from orchestration.lib.activation.channels import CONTACT_FIELDS
from orchestration.lib.activation.eligibility import CANDIDATES
from orchestration.lib.atomic_file import write_atomically
from orchestration.lib.sql import quote_identifier

MANIFEST = "manifest.json"
FILE_FORMATS: dict[str, str] = {"csv": "format csv, header true", "parquet": "format parquet"}
"""File suffix -> DuckDB COPY options."""


# Columns of an export that are the same for every member: bound values, typed for the Parquet schema.
_BOUND_TYPES = {
    "channel": "varchar",
    "audience": "varchar",
    "segment_family": "varchar",
    "as_of_date": "date",
}


def export_columns(channel: str) -> tuple[str, ...]:
    """Columns of an export file, in order: only `channel`'s contact fields appear."""
    return (
        "customer_id",
        "channel",
        *CONTACT_FIELDS[channel],
        "audience",
        "segment_family",
        "segment",
        "as_of_date",
    )


def write_audience_files(
    conn: duckdb.DuckDBPyConnection, audience: Audience, as_of: date, folder: Path
) -> None:
    """Write the exported members of CANDIDATES as `<audience>.csv` and `.parquet` in `folder`."""
    columns = ", ".join(
        f"cast(${name} as {_BOUND_TYPES[name]}) as {name}" if name in _BOUND_TYPES else quote_identifier(name)
        for name in export_columns(audience.channel)
    )
    select = f"select {columns} from {CANDIDATES} where exclusion is null order by customer_id"
    values = {
        "channel": audience.channel,
        "audience": audience.name,
        "segment_family": audience.segment_family,
        "as_of_date": as_of,
    }
    for suffix, options in FILE_FORMATS.items():
        target = folder / f"{audience.name}.{suffix}"
        temporary = folder / f".{target.name}.tmp"
        conn.execute(f"copy ({select}) to $path ({options})", {**values, "path": str(temporary)})
        os.replace(temporary, target)


def write_manifest(folder: Path, manifest: dict[str, object]) -> Path:
    """Write `manifest.json` atomically, after the files it describes."""
    target = folder / MANIFEST
    write_atomically(target, (json.dumps(manifest, indent=2) + "\n").encode("utf-8"))
    return target
