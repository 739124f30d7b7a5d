"""Process identities and the triage of runs into dead, ended and unverifiable ones."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from orchestration.lib.run_liveness import (
    HOST_TAG,
    PID_TAG,
    PROCESS_STARTED_TAG,
    Liveness,
    ProcessIdentity,
    RunInfo,
    dead_run_message,
    liveness,
    pool_blocked_message,
    process_start_time,
    triage,
)

HOST = "etl-1"
STARTED = 1_800_000_000.0


def start_times(**pids: float):
    """A fake process table: pid → start time; any other pid does not exist."""
    table = {int(pid.removeprefix("p")): started for pid, started in pids.items()}
    return table.get


def run(run_id: str, identity: ProcessIdentity | None, ended: bool = False) -> RunInfo:
    return RunInfo(
        run_id=run_id,
        job="daily_refresh",
        started_at=datetime(2026, 11, 23, 2, 0, 5, tzinfo=UTC),
        ended=ended,
        identity=identity,
    )


def test_this_process_is_alive_and_its_tags_round_trip():
    identity = ProcessIdentity.current()
    assert identity.pid == os.getpid()
    assert ProcessIdentity.from_tags(identity.as_tags()) == identity
    assert liveness(identity, identity.host) is Liveness.ALIVE


def test_an_exited_process_is_dead():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    started_at = process_start_time(child.pid)
    child.wait()
    assert started_at is not None
    identity = ProcessIdentity(host=HOST, pid=child.pid, started_at=started_at)
    assert process_start_time(child.pid) is None
    assert liveness(identity, HOST) is Liveness.DEAD


@pytest.mark.parametrize(
    ("identity", "host", "expected"),
    [
        (ProcessIdentity(HOST, 42, STARTED), HOST, Liveness.ALIVE),
        (ProcessIdentity(HOST, 42, STARTED + 0.4), HOST, Liveness.ALIVE),  # clock-tick rounding
        (ProcessIdentity(HOST, 42, STARTED - 3600), HOST, Liveness.DEAD),  # pid 42 was reused
        (ProcessIdentity(HOST, 43, STARTED), HOST, Liveness.DEAD),  # no such process
        (ProcessIdentity("etl-2", 43, STARTED), HOST, Liveness.UNVERIFIABLE),  # another host
        (None, HOST, Liveness.UNVERIFIABLE),  # no identity recorded
    ],
)
def test_liveness(identity, host, expected):
    assert liveness(identity, host, start_times(p42=STARTED)) is expected


@pytest.mark.parametrize(
    "tags",
    [
        {},
        {HOST_TAG: HOST, PID_TAG: "42"},
        {HOST_TAG: HOST, PID_TAG: "forty-two", PROCESS_STARTED_TAG: "1.0"},
    ],
)
def test_missing_or_garbled_tags_are_no_identity(tags):
    assert ProcessIdentity.from_tags(tags) is None


def test_triage_sorts_dead_ended_and_unverifiable_runs_and_leaves_live_ones():
    alive = run("alive", ProcessIdentity(HOST, 42, STARTED))
    dead = run("dead", ProcessIdentity(HOST, 43, STARTED))
    reused = run("reused", ProcessIdentity(HOST, 42, STARTED - 60))
    ended = run("ended", ProcessIdentity(HOST, 43, STARTED), ended=True)
    elsewhere = run("elsewhere", ProcessIdentity("etl-2", 42, STARTED))
    anonymous = run("anonymous", None)

    found = triage([alive, dead, reused, ended, elsewhere, anonymous], HOST, start_times(p42=STARTED))

    assert found.dead == [dead, reused]
    assert found.ended == [ended]
    assert found.unverifiable == [elsewhere, anonymous]


def test_the_dead_run_message_names_the_run_its_process_and_who_noticed():
    message = dead_run_message(run("r-1", ProcessIdentity(HOST, 43, STARTED)), "dead_run_sensor")
    assert message.startswith(
        "The process of run r-1 (job daily_refresh, started at 2026-11-23T02:00:05+00:00, "
        "host etl-1, pid 43 started 2027-01-15T08:00:00+00:00) is gone"
    )
    assert "marked failed by dead_run_sensor" in message


@pytest.mark.parametrize(
    ("identity", "reason"),
    [
        (ProcessIdentity("etl-2", 43, STARTED), "its process runs on another host than etl-1"),
        (None, "it recorded no process identity"),
    ],
)
def test_the_blocked_pool_message_names_the_holder_and_why_it_cannot_be_checked(identity, reason):
    message = pool_blocked_message("duckdb_warehouse", run("r-1", identity), HOST)
    assert message.startswith(
        "pool duckdb_warehouse is held by run r-1 (job daily_refresh, started at 2026-11-23T02:00:05+00:00, "
    )
    assert f"({reason})" in message
    assert "Terminate" in message
