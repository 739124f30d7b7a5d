"""Which runs publish, and the release a backfill that does not publish builds aside."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.publish import PublishedTable
from orchestration.lib.publish_plan import PublishPlan, stage_release, staged_release, unpublished_root

SEPT, OCT = date(2026, 9, 30), date(2026, 10, 31)


@pytest.mark.parametrize(
    ("as_of", "published", "backfill", "publishes", "backwards"),
    [
        (SEPT, None, True, True, False),
        (SEPT, None, False, True, False),
        (OCT, SEPT, True, True, False),
        (SEPT, SEPT, True, True, False),
        (SEPT, OCT, True, False, True),
        (SEPT, OCT, False, True, True),
    ],
    ids=[
        "first-backfill",
        "first-run",
        "newer-backfill",
        "same-date-backfill",
        "older-backfill",
        "older-run",
    ],
)
def test_only_a_backfill_older_than_the_publish_keeps_it(as_of, published, backfill, publishes, backwards):
    plan = PublishPlan(as_of, published, backfill=backfill)
    assert (plan.publishes, plan.moves_backwards) == (publishes, backwards)
    assert ("kept the newer publish of 2026-10-31" in plan.describe()) == (not publishes)
    assert ("moving the serving as-of back" in plan.describe()) == (publishes and backwards)


def test_a_staged_release_replaces_those_of_earlier_runs(tmp_path):
    root = unpublished_root(tmp_path / "warehouse" / "loyalty.duckdb")
    assert root == tmp_path / "warehouse" / "loyalty.duckdb.unpublished"
    tables = [PublishedTable("scores")]
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as conn:
        conn.execute("create schema published")
        conn.execute("create view published.scores as select 1 as score")
        stale = stage_release(conn, root, tables, SEPT, "run-1")
        folder = stage_release(conn, root, tables, SEPT, "run-2")
    assert staged_release(root, "run-1") is None and not stale.exists()
    assert staged_release(root, "run-2") == folder == root / "run-2"
    assert sorted(path.name for path in folder.iterdir()) == ["loyalty.duckdb", "parquet", "quality_docs"]
    with duckdb.connect(str(folder / "loyalty.duckdb"), read_only=True) as reader:
        assert reader.execute("select as_of_date, run_id from publish_info").fetchone() == (SEPT, "run-2")


def test_no_staged_release_without_a_root(tmp_path: Path):
    assert staged_release(tmp_path / "unpublished", "run-1") is None
