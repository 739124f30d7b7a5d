"""Whether a run publishes, and where a run that does not keeps its release for the dated report.

BI only ever moves forward in time through a backfill: a backfill of a date older
than the current publish fills history, KPIs and its dated report, and leaves the
serving folder alone. Its release is built instead beside the warehouse
(`<warehouse file>.unpublished/<run_id>/`), where the run's report reads it and then removes it.
An ordinary run always publishes, and says so when it moves the serving as-of back.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib.publish import PublishedTable, ReleaseInfo, build_release

UNPUBLISHED_SUFFIX = ".unpublished"


@dataclass(frozen=True)
class PublishPlan:
    """What a run with `as_of` does to a serving folder currently at `published_as_of`."""

    as_of: date
    published_as_of: date | None
    backfill: bool

    @property
    def publishes(self) -> bool:
        """Everything publishes except a backfill older than the current publish."""
        return not (self.backfill and self.moves_backwards)

    @property
    def moves_backwards(self) -> bool:
        return self.published_as_of is not None and self.as_of < self.published_as_of

    def describe(self) -> str:
        """One line for the log and the asset metadata."""
        if not self.publishes:
            return (
                f"kept the newer publish of {self.published_as_of} because this backfill is as of "
                f"{self.as_of}: history, KPIs and the dated report only"
            )
        if self.moves_backwards:
            return f"published as of {self.as_of}, moving the serving as-of back from {self.published_as_of}"
        return f"published as of {self.as_of}"


def unpublished_root(warehouse_db: Path) -> Path:
    """Beside the warehouse file and named after it, never in the serving folder: BI sees nothing here."""
    return warehouse_db.with_name(warehouse_db.name + UNPUBLISHED_SUFFIX)


def stage_release(
    conn: duckdb.DuckDBPyConnection,
    root: Path,
    tables: Sequence[PublishedTable],
    as_of: date,
    run_id: str,
) -> Path:
    """Build the run's release under `root/<run_id>/` without publishing it; returns the folder.

    Releases of earlier runs whose report never came are removed first: one run at a time
    writes the warehouse, so none of them is still in use.
    """
    for stale in root.glob("*"):
        shutil.rmtree(stale)
    folder = root / run_id
    build_release(conn, folder, tables, ReleaseInfo(as_of, run_id))
    return folder


def staged_release(root: Path, run_id: str) -> Path | None:
    """The unpublished release of run `run_id`, if it staged one."""
    folder = root / run_id
    return folder if folder.is_dir() else None
