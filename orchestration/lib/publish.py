"""Publishing the marts to the serving folder, atomically (docs/contract.md §3).

Everything is built aside in `.publish-<run>/`, flushed to disk, then swapped in
with renames: `loyalty.duckdb` by `os.replace` (a BI tool holding the old file
open keeps reading the old inode) and `parquet/` by replacing a symlink to a
versioned folder. A crash before the swap leaves the last publish untouched;
the next publish clears the leftovers.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.sql import quote_identifier, quote_literal

SERVING_DB = "loyalty.duckdb"
PARQUET_LINK = "parquet"
_WORK_PREFIX = ".publish-"
_RELEASE_PREFIX = ".parquet-"
_RELEASES_KEPT = 2


@dataclass(frozen=True)
class PublishedTable:
    """A serving table and the query (over the warehouse connection) that fills it."""

    name: str
    select_sql: str


@dataclass(frozen=True)
class PublishResult:
    serving_db: Path
    parquet_dir: Path
    row_counts: dict[str, int]
    published_at: datetime


def publish_marts(
    conn: duckdb.DuckDBPyConnection,
    serving_dir: Path,
    tables: Sequence[PublishedTable],
    as_of: date,
    run_id: str,
) -> PublishResult:
    """Build `tables` plus `publish_info` aside, then swap them into `serving_dir`."""
    serving_dir.mkdir(parents=True, exist_ok=True)
    clear_leftovers(serving_dir)
    published_at = datetime.now(UTC).replace(tzinfo=None)
    stamp = published_at.strftime("%Y%m%dT%H%M%S%f")
    work = serving_dir / f"{_WORK_PREFIX}{stamp}"
    (work / PARQUET_LINK).mkdir(parents=True)
    counts = _build_serving_db(conn, work, tables, as_of, run_id, published_at)
    _fsync_tree(work)
    release = serving_dir / f"{_RELEASE_PREFIX}{stamp}"
    os.replace(work / PARQUET_LINK, release)
    os.replace(work / SERVING_DB, serving_dir / SERVING_DB)
    _swap_symlink(serving_dir / PARQUET_LINK, release.name)
    _fsync_dir(serving_dir)
    shutil.rmtree(work, ignore_errors=True)
    _prune_releases(serving_dir, keep=release.name)
    return PublishResult(serving_dir / SERVING_DB, serving_dir / PARQUET_LINK, counts, published_at)


def clear_leftovers(serving_dir: Path) -> None:
    """Remove work folders of publishes that died; only one publisher runs at a time."""
    for path in serving_dir.glob(f"{_WORK_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)
    stale_link = serving_dir / f"{PARQUET_LINK}.swap"
    if stale_link.is_symlink():
        stale_link.unlink()


def _build_serving_db(
    conn: duckdb.DuckDBPyConnection,
    work: Path,
    tables: Sequence[PublishedTable],
    as_of: date,
    run_id: str,
    published_at: datetime,
) -> dict[str, int]:
    conn.execute(f"attach {quote_literal(str(work / SERVING_DB))} as serving")
    try:
        counts: dict[str, int] = {}
        for table in tables:
            target = f"serving.main.{quote_identifier(table.name)}"
            conn.execute(f"create table {target} as {table.select_sql}")
            counts[table.name] = conn.execute(f"select count(*) from {target}").fetchone()[0]
        _write_publish_info(conn, counts, as_of, run_id, published_at)
        for name in [*counts, "publish_info"]:
            parquet = work / PARQUET_LINK / f"{name}.parquet"
            conn.execute(
                f"copy serving.main.{quote_identifier(name)} to {quote_literal(str(parquet))} "
                "(format parquet, compression zstd)"
            )
    finally:
        conn.execute("detach serving")
    return counts


def _write_publish_info(
    conn: duckdb.DuckDBPyConnection,
    counts: dict[str, int],
    as_of: date,
    run_id: str,
    published_at: datetime,
) -> None:
    """One row: as-of, when, which run, and the row count of every published table."""
    count_columns = "".join(f", cast(? as bigint) as {quote_identifier(name + '_rows')}" for name in counts)
    conn.execute(
        "create table serving.main.publish_info as select cast(? as date) as as_of_date, "
        f"cast(? as timestamp) as published_at, cast(? as varchar) as run_id{count_columns}",
        [as_of, published_at, run_id, *counts.values()],
    )


def _swap_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one rename, so readers see the old or the new folder."""
    swap = link.with_name(f"{link.name}.swap")
    if swap.is_symlink():
        swap.unlink()
    swap.symlink_to(target, target_is_directory=True)
    if link.exists() and not link.is_symlink():
        shutil.rmtree(link)
    os.replace(swap, link)


def _prune_releases(serving_dir: Path, keep: str) -> None:
    """Keep the newest releases (a reader may still be on the previous one)."""
    releases = sorted(serving_dir.glob(f"{_RELEASE_PREFIX}*"), reverse=True)
    for release in releases[_RELEASES_KEPT:]:
        if release.name != keep:
            shutil.rmtree(release, ignore_errors=True)


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())
    for folder in [root, *[path for path in root.rglob("*") if path.is_dir()]]:
        _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
