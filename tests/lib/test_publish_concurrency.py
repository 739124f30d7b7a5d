"""Publishing under real processes: a BI reader during refreshes, and a publish killed midway."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

ROWS = 300_000

PUBLISHER = textwrap.dedent(
    """
    import sys, duckdb
    from datetime import date
    from pathlib import Path
    from orchestration.lib.publish import PublishedTable, publish_marts

    warehouse, serving, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    conn = duckdb.connect(str(warehouse))
    print("ready", flush=True)
    for run in range(runs):
        conn.execute(f"create or replace view published.scores as select id, {run} as run from main.numbers")
        tables = [PublishedTable("scores", order_by="id")]
        publish_marts(conn, serving, tables, date(2026, 9, 30), f"run-{run}")
    """
)

READER = textwrap.dedent(
    """
    import sys, time, duckdb
    serving, seconds = sys.argv[1], float(sys.argv[2])
    seen, deadline = set(), time.monotonic() + seconds
    while time.monotonic() < deadline:
        with duckdb.connect(serving, read_only=True) as conn:
            run_id, rows = conn.execute("select run_id, scores_rows from publish_info").fetchall()[0]
            runs = conn.execute("select min(run), max(run), count(*) from scores").fetchall()[0]
        assert runs[0] == runs[1] == int(run_id.split("-")[1]), (run_id, runs)
        assert runs[2] == rows, (rows, runs)
        seen.add(run_id)
    print(len(seen))
    """
)


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute(f"create table numbers as select range as id from range({ROWS})")
        conn.execute("create schema published")
    return path


def publish(warehouse: Path, serving: Path, runs: int) -> subprocess.Popen:
    command = [sys.executable, "-c", PUBLISHER, str(warehouse), str(serving), str(runs)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen, timeout: float) -> tuple[int, str]:
    """Wait for the process and close its pipes; its exit code and stderr."""
    _, err = process.communicate(timeout=timeout)
    return process.returncode, err


def test_a_reader_never_sees_a_mix_of_two_runs(warehouse, tmp_path):
    serving = tmp_path / "serving"
    assert finish(publish(warehouse, serving, 1), 60)[0] == 0
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(serving / "loyalty.duckdb"), "6"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    returncode, err = finish(publish(warehouse, serving, 6), 120)
    assert returncode == 0, err
    out, err = reader.communicate(timeout=60)
    assert reader.returncode == 0, err
    assert int(out) >= 2, "the reader saw several publishes go by"


def test_a_publish_killed_midway_leaves_the_last_one_and_the_next_run_succeeds(warehouse, tmp_path):
    serving = tmp_path / "serving"
    assert finish(publish(warehouse, serving, 1), 60)[0] == 0
    killed_mid_publish = 0
    for delay in (0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
        victim = publish(warehouse, serving, 50)
        assert victim.stdout.readline().strip() == "ready"
        time.sleep(delay)
        victim.send_signal(signal.SIGKILL)
        finish(victim, 30)
        killed_mid_publish += any(path.name.startswith(".publish-") for path in serving.iterdir())
        assert_consistent(serving)
    assert killed_mid_publish >= 1, "kills must land inside a publish for this test to prove anything"
    assert finish(publish(warehouse, serving, 1), 60)[0] == 0
    assert not [path for path in serving.iterdir() if path.name.startswith(".publish-")]
    assert_consistent(serving)


def assert_consistent(serving: Path) -> None:
    """The database holds one whole run, and the Parquet folder a whole table."""
    with duckdb.connect(str(serving / "loyalty.duckdb"), read_only=True) as conn:
        run_id, rows = conn.execute("select run_id, scores_rows from publish_info").fetchall()[0]
        run = int(run_id.split("-")[1])
        assert conn.execute("select count(*), min(run), max(run) from scores").fetchall()[0] == (
            rows,
            run,
            run,
        )
    parquet = duckdb.connect().execute(f"select count(*) from '{serving}/parquet/scores.parquet'").fetchall()
    assert parquet == [(ROWS,)]
