"""Publishing the marts to the serving folder, atomically (docs/contract.md §3).

A publish copies the dbt views of schema `published` as they are, one serving table each.

A publish builds one release aside in `.publish-<stamp>/`: the serving database
`loyalty.duckdb`, the Parquet files `parquet/` and the run's Data Docs
`quality_docs/`. It is flushed to disk, renamed to `.release-<stamp>/`, and made
current by replacing one symlink, `current`, in one rename. The names BI tools
open are fixed symlinks through it (`loyalty.duckdb -> current/loyalty.duckdb`,
`parquet -> current/parquet`, `quality_docs -> current/quality_docs`), so database,
Parquet and docs of one run switch together: a new connection sees the new
release, a reader holding the old database file open keeps reading the old inode.
A crash before the switch leaves the last publish untouched; the next publish
clears the leftovers. The previous release is kept for readers still on it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb

from orchestration.lib.sql import quote_identifier, quote_literal

SERVING_DB = "loyalty.duckdb"
PARQUET_LINK = "parquet"
QUALITY_DOCS_LINK = "quality_docs"
CURRENT_LINK = "current"
RELEASE_ENTRIES = (SERVING_DB, PARQUET_LINK, QUALITY_DOCS_LINK)
"""What a release folder holds; each has a fixed symlink of the same name through `current`."""
_WORK_PREFIX = ".publish-"
_RELEASE_PREFIX = ".release-"
_LEGACY_RELEASE_PREFIX = ".parquet-"
"""Parquet-only releases of earlier versions, unused once a release is current."""
_RELEASES_KEPT = 2


PUBLISHED_SCHEMA = "published"
"""The warehouse schema of the dbt views a publish copies (dbt_project/models/published)."""


@dataclass(frozen=True)
class PublishedTable:
    """A serving table: a copy of the dbt view `published.<name>` as it is, rows sorted by `order_by`.

    The views hold every transformation (columns, their order, what stays out), so a publish
    only copies; the sort makes the Parquet files and the row order BI sees repeatable. `None`
    copies in no particular order, for the long tables whose sort would cost more than the
    copy itself (a row per member and family: 22M rows and ~5 s each at 1M members).
    """

    name: str
    order_by: str | None = "all"

    @property
    def select_sql(self) -> str:
        """The query over the warehouse connection that fills the serving table."""
        select = f"select * from {PUBLISHED_SCHEMA}.{quote_identifier(self.name)}"
        return select if self.order_by is None else f"{select} order by {self.order_by}"


@dataclass(frozen=True)
class ReleaseInfo:
    """The `publish_info` row of a release: which run, which as-of, and what it replaced."""

    as_of: date
    run_id: str
    previous_as_of: date | None = None
    published_at: datetime = field(default_factory=lambda: datetime.now(UTC).replace(tzinfo=None))

    @property
    def moved_backwards(self) -> bool:
        """Whether this release serves an older as-of date than the one it replaces."""
        return self.previous_as_of is not None and self.as_of < self.previous_as_of


@dataclass(frozen=True)
class PublishResult:
    serving_db: Path
    parquet_dir: Path
    quality_docs: Path
    row_counts: dict[str, int]
    info: ReleaseInfo

    @property
    def published_at(self) -> datetime:
        return self.info.published_at


def publish_marts(
    conn: duckdb.DuckDBPyConnection,
    serving_dir: Path,
    tables: Sequence[PublishedTable],
    as_of: date,
    run_id: str,
    quality_docs: Path | None = None,
) -> PublishResult:
    """Build `tables`, `publish_info` and a copy of `quality_docs` aside, then switch them in at once."""
    serving_dir.mkdir(parents=True, exist_ok=True)
    clear_leftovers(serving_dir)
    info = ReleaseInfo(as_of, run_id, previous_as_of=published_as_of(serving_dir))
    stamp = info.published_at.strftime("%Y%m%dT%H%M%S%f")
    work = serving_dir / f"{_WORK_PREFIX}{stamp}"
    counts = build_release(conn, work, tables, info, quality_docs)
    _fsync_tree(work)
    release = serving_dir / f"{_RELEASE_PREFIX}{stamp}"
    os.replace(work, release)
    _fsync_dir(serving_dir)
    _swap_symlink(serving_dir / CURRENT_LINK, release.name)
    for name in RELEASE_ENTRIES:
        _ensure_symlink(serving_dir / name, f"{CURRENT_LINK}/{name}")
    _fsync_dir(serving_dir)
    _prune_releases(serving_dir, keep=release.name)
    return PublishResult(
        serving_dir / SERVING_DB, serving_dir / PARQUET_LINK, serving_dir / QUALITY_DOCS_LINK, counts, info
    )


def build_release(
    conn: duckdb.DuckDBPyConnection,
    folder: Path,
    tables: Sequence[PublishedTable],
    info: ReleaseInfo,
    quality_docs: Path | None = None,
) -> dict[str, int]:
    """Write a complete release into the new folder `folder`; returns the row count per table.

    Also used for a release that is not published (a backfill of an older date), so its
    dated report reads exactly what a publish of that date would have served.
    """
    (folder / PARQUET_LINK).mkdir(parents=True)
    if quality_docs is not None and quality_docs.is_dir():
        shutil.copytree(quality_docs, folder / QUALITY_DOCS_LINK)
    else:
        (folder / QUALITY_DOCS_LINK).mkdir()
    conn.execute(f"attach {quote_literal(str(folder / SERVING_DB))} as serving")
    try:
        counts: dict[str, int] = {}
        for table in tables:
            target = f"serving.main.{quote_identifier(table.name)}"
            conn.execute(f"create table {target} as {table.select_sql}")
            counts[table.name] = conn.execute(f"select count(*) from {target}").fetchone()[0]
        _write_publish_info(conn, counts, info)
        for name in [*counts, "publish_info"]:
            parquet = folder / PARQUET_LINK / f"{name}.parquet"
            conn.execute(
                f"copy serving.main.{quote_identifier(name)} to {quote_literal(str(parquet))} "
                "(format parquet, compression zstd)"
            )
    finally:
        conn.execute("detach serving")
    return counts


def published_as_of(serving_dir: Path) -> date | None:
    """The as-of date of the current publish, or None before the first one."""
    serving_db = serving_dir / SERVING_DB
    if not serving_db.exists():
        return None
    with duckdb.connect(str(serving_db), read_only=True) as reader:
        return reader.execute("select as_of_date from publish_info").fetchone()[0]


def clear_leftovers(serving_dir: Path) -> None:
    """Remove work folders of publishes that died; only one publisher runs at a time."""
    for path in serving_dir.glob(f"{_WORK_PREFIX}*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in serving_dir.glob("*.swap"):
        if path.is_symlink():
            path.unlink()


def _write_publish_info(conn: duckdb.DuckDBPyConnection, counts: dict[str, int], info: ReleaseInfo) -> None:
    """One row: as-of, when, which run, the row count of every table, and the as-of it replaced.

    Columns are only ever added, at the end, so readers selecting by name never break.
    """
    count_columns = "".join(f", cast(? as bigint) as {quote_identifier(name + '_rows')}" for name in counts)
    conn.execute(
        "create table serving.main.publish_info as select cast(? as date) as as_of_date, "
        f"cast(? as timestamp) as published_at, cast(? as varchar) as run_id{count_columns}, "
        "cast(? as date) as previous_as_of_date, cast(? as boolean) as moved_backwards",
        [
            info.as_of,
            info.published_at,
            info.run_id,
            *counts.values(),
            info.previous_as_of,
            info.moved_backwards,
        ],
    )


def _ensure_symlink(link: Path, target: str) -> None:
    """Make `link` point at `target`; after the first publish it already does, and nothing changes."""
    if not (link.is_symlink() and os.readlink(link) == target):
        _swap_symlink(link, target)


def _swap_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one rename, so readers see the old or the new target."""
    swap = link.with_name(f"{link.name}.swap")
    if swap.is_symlink():
        swap.unlink()
    swap.symlink_to(target)
    if link.is_dir() and not link.is_symlink():
        shutil.rmtree(link)  # a folder of an earlier layout: a rename cannot replace it
    os.replace(swap, link)


def _prune_releases(serving_dir: Path, keep: str) -> None:
    """Keep the newest releases (a reader may still be on the previous one)."""
    releases = sorted(serving_dir.glob(f"{_RELEASE_PREFIX}*"), reverse=True)
    for release in [*releases[_RELEASES_KEPT:], *serving_dir.glob(f"{_LEGACY_RELEASE_PREFIX}*")]:
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
