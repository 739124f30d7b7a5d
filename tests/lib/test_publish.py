"""Publishing: the serving database and Parquet files are swapped in whole, or not at all."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import duckdb
import pytest

from orchestration.lib.publish import PublishedTable, publish_marts

AS_OF = date(2026, 9, 30)


@pytest.fixture
def warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(tmp_path / "warehouse.duckdb"))
    conn.execute("create table scores as select range as customer_id, range * 2 as value from range(10)")
    yield conn
    conn.close()


def tables(version: int, conn: duckdb.DuckDBPyConnection) -> list[PublishedTable]:
    """The published view `scores` as dbt would leave it for run `version`."""
    conn.execute("create schema if not exists published")
    conn.execute(
        "create or replace view published.scores as "
        f"select customer_id, value + {version} as value from main.scores"
    )
    return [PublishedTable("scores", order_by="customer_id")]


def digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_publish_writes_database_parquet_and_publish_info(warehouse, tmp_path):
    serving = tmp_path / "serving"
    result = publish_marts(warehouse, serving, tables(0, warehouse), AS_OF, "run-1")
    assert result.row_counts == {"scores": 10}
    with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as reader:
        info = reader.execute("select as_of_date, run_id, scores_rows from publish_info").fetchall()
        assert info == [(AS_OF, "run-1", 10)]
    assert duckdb.connect().execute(
        f"select count(*) from '{serving}/parquet/scores.parquet'"
    ).fetchone() == (10,)
    assert (serving / "parquet" / "publish_info.parquet").is_file()


def test_reader_holding_the_old_file_keeps_reading_it(warehouse, tmp_path):
    serving = tmp_path / "serving"
    publish_marts(warehouse, serving, tables(0, warehouse), AS_OF, "run-1")
    reader = duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True)
    publish_marts(warehouse, serving, tables(100, warehouse), AS_OF, "run-2")
    assert reader.execute("select max(value) from scores").fetchone() == (18,)
    assert reader.execute("select run_id from publish_info").fetchone() == ("run-1",)
    reader.close()
    with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as fresh:
        assert fresh.execute("select max(value), max(run_id) from scores, publish_info").fetchone() == (
            118,
            "run-2",
        )


def test_failed_publish_leaves_the_last_publish_byte_identical(warehouse, tmp_path):
    serving = tmp_path / "serving"
    publish_marts(warehouse, serving, tables(0, warehouse), AS_OF, "run-1")
    before = digest(serving)
    broken = [*tables(1, warehouse), PublishedTable("broken")]
    with pytest.raises(duckdb.Error):
        publish_marts(warehouse, serving, broken, AS_OF, "run-2")
    leftovers = [p for p in serving.iterdir() if p.name.startswith(".publish-")]
    assert {k: v for k, v in digest(serving).items() if not k.startswith(".publish-")} == before
    publish_marts(warehouse, serving, tables(2, warehouse), AS_OF, "run-3")
    assert not any(p.name.startswith(".publish-") for p in serving.iterdir())
    assert leftovers, "the failed attempt left its work folder for the next run to clear"


def test_old_parquet_releases_are_pruned(warehouse, tmp_path):
    serving = tmp_path / "serving"
    for run in range(4):
        publish_marts(warehouse, serving, tables(run, warehouse), AS_OF, f"run-{run}")
    releases = [p for p in serving.iterdir() if p.name.startswith(".release-")]
    assert len(releases) == 2
    assert (serving / "parquet").resolve().parent in [p.resolve() for p in releases]


def test_database_parquet_and_quality_docs_of_one_run_switch_together(warehouse, tmp_path):
    serving, docs = tmp_path / "serving", tmp_path / "docs" / "run-1"
    docs.mkdir(parents=True)
    (docs / "index.html").write_text("run-1 checks")
    publish_marts(warehouse, serving, tables(0, warehouse), AS_OF, "run-1", quality_docs=docs)
    first = (serving / "current").resolve()
    publish_marts(warehouse, serving, tables(1, warehouse), AS_OF, "run-2")
    release = (serving / "current").resolve()
    assert release != first
    for name in ("loyalty.duckdb", "parquet", "quality_docs"):
        assert (serving / name).is_symlink() and (serving / name).resolve() == release / name
    assert (first / "quality_docs" / "index.html").read_text() == "run-1 checks"
    assert list((serving / "quality_docs").iterdir()) == []


def test_publish_info_says_when_the_serving_as_of_moved_backwards(warehouse, tmp_path):
    serving, older = tmp_path / "serving", date(2026, 9, 1)
    published = []
    for as_of in (AS_OF, older, older):
        publish_marts(warehouse, serving, tables(0, warehouse), as_of, "run")
        with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as reader:
            published += reader.execute(
                "select as_of_date, previous_as_of_date, moved_backwards from publish_info"
            ).fetchall()
    assert published == [(AS_OF, None, False), (older, AS_OF, True), (older, older, False)]


def test_a_serving_folder_of_the_earlier_layout_is_taken_over(warehouse, tmp_path):
    serving = tmp_path / "serving"
    (serving / ".parquet-old").mkdir(parents=True)
    (serving / "parquet").symlink_to(".parquet-old")
    (serving / "quality_docs" / "crm__orders").mkdir(parents=True)
    with duckdb.connect(str(serving / "loyalty.duckdb")) as old:
        old.execute("create table publish_info as select date '2026-08-31' as as_of_date")
    publish_marts(warehouse, serving, tables(0, warehouse), AS_OF, "run-1")
    assert sorted(path.name for path in serving.iterdir() if not path.name.startswith(".release-")) == [
        "current",
        "loyalty.duckdb",
        "parquet",
        "quality_docs",
    ]
    with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as reader:
        assert reader.execute("select previous_as_of_date from publish_info").fetchone() == (
            date(2026, 8, 31),
        )


def test_a_publish_copies_each_published_view_as_it_is(warehouse, tmp_path):
    """Columns, their order and values come from the dbt view; the publish only sorts the rows."""
    warehouse.execute("create schema published")
    warehouse.execute(
        "create view published.scores as "
        "select value * 10 as tenfold, customer_id from main.scores where value > 4"
    )
    serving = tmp_path / "serving"
    publish_marts(warehouse, serving, [PublishedTable("scores", order_by="customer_id desc")], AS_OF, "run-1")
    with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as reader:
        served = reader.execute("select * from scores")
        assert [column[0] for column in served.description] == ["tenfold", "customer_id"]
        assert served.fetchall() == [(value * 20, value) for value in range(9, 2, -1)]
