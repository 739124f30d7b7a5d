"""Which runs are dead: process identities recorded at run start, checked against this host.

A run killed with SIGKILL, by the OOM killer or by a restart cannot record its own end, so
its status stays STARTED and its warehouse slot stays claimed. Each run therefore records the
process that executes it (host, pid and that process's start time, because pids are reused),
and anyone on the same host can later tell whether that process still exists. A process on
another host, or a run that recorded no identity, cannot be verified from here.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import psutil

HOST_TAG = "loyalty/run_host"
PID_TAG = "loyalty/run_pid"
PROCESS_STARTED_TAG = "loyalty/run_process_started_at"

START_TIME_TOLERANCE_SECONDS = 1.0
"""How far two readings of one process's start time may differ (clock-tick rounding)."""


@dataclass(frozen=True)
class ProcessIdentity:
    """The operating-system process that executes a run."""

    host: str
    pid: int
    started_at: float
    """The process's start time, seconds since the epoch."""

    @classmethod
    def current(cls) -> ProcessIdentity:
        pid = os.getpid()
        return cls(host=socket.gethostname(), pid=pid, started_at=psutil.Process(pid).create_time())

    def as_tags(self) -> dict[str, str]:
        return {HOST_TAG: self.host, PID_TAG: str(self.pid), PROCESS_STARTED_TAG: repr(self.started_at)}

    @classmethod
    def from_tags(cls, tags: Mapping[str, str]) -> ProcessIdentity | None:
        """The identity a run recorded, or None when its tags hold none (or a garbled one)."""
        try:
            return cls(
                host=tags[HOST_TAG], pid=int(tags[PID_TAG]), started_at=float(tags[PROCESS_STARTED_TAG])
            )
        except (KeyError, ValueError):
            return None

    def describe(self) -> str:
        started = datetime.fromtimestamp(self.started_at, UTC).isoformat(timespec="seconds")
        return f"host {self.host}, pid {self.pid} started {started}"


def process_start_time(pid: int) -> float | None:
    """When process `pid` on this host started, or None if there is none (zombies count as gone)."""
    try:
        process = psutil.Process(pid)
        if process.status() == psutil.STATUS_ZOMBIE:
            return None
        return process.create_time()
    except psutil.NoSuchProcess:
        return None


class Liveness(StrEnum):
    ALIVE = "alive"
    DEAD = "dead"
    UNVERIFIABLE = "unverifiable"


def liveness(
    identity: ProcessIdentity | None,
    host: str,
    start_time: Callable[[int], float | None] = process_start_time,
) -> Liveness:
    """Whether the process `identity` names still runs, judged from `host`.

    A pid that exists but belongs to a process started at another time was reused: the
    recorded process is dead.
    """
    if identity is None or identity.host != host:
        return Liveness.UNVERIFIABLE
    started_at = start_time(identity.pid)
    if started_at is None or abs(started_at - identity.started_at) > START_TIME_TOLERANCE_SECONDS:
        return Liveness.DEAD
    return Liveness.ALIVE


@dataclass(frozen=True)
class RunInfo:
    """What the triage and the messages need to know about one run."""

    run_id: str
    job: str
    started_at: datetime | None
    ended: bool
    """The run has a final status (success, failure, canceled) or no longer exists."""
    identity: ProcessIdentity | None

    def describe(self) -> str:
        started = self.started_at.isoformat(timespec="seconds") if self.started_at else "an unknown time"
        process = self.identity.describe() if self.identity else "process unknown"
        return f"run {self.run_id} (job {self.job}, started at {started}, {process})"


@dataclass(frozen=True)
class Triage:
    """What to do about the runs that are in progress or hold concurrency slots."""

    dead: list[RunInfo]
    """In progress, but their process is gone: mark failed and free their slots."""
    ended: list[RunInfo]
    """Already ended, but still holding or queued for slots: free them."""
    unverifiable: list[RunInfo]
    """In progress on another host or without identity: nobody here can tell."""


def triage(
    runs: Iterable[RunInfo], host: str, start_time: Callable[[int], float | None] = process_start_time
) -> Triage:
    """Sort runs into dead, ended and unverifiable ones; live runs on this host need nothing."""
    dead: list[RunInfo] = []
    ended: list[RunInfo] = []
    unverifiable: list[RunInfo] = []
    for run in runs:
        if run.ended:
            ended.append(run)
            continue
        state = liveness(run.identity, host, start_time)
        if state is Liveness.DEAD:
            dead.append(run)
        elif state is Liveness.UNVERIFIABLE:
            unverifiable.append(run)
    return Triage(dead=dead, ended=ended, unverifiable=unverifiable)


def dead_run_message(run: RunInfo, noticed_by: str) -> str:
    """The failure message of a run whose process is gone."""
    return (
        f"The process of {run.describe()} is gone (killed, out of memory or a restart); "
        f"marked failed by {noticed_by}, and its concurrency slots were freed."
    )


def pool_blocked_message(pool: str, holder: RunInfo, host: str) -> str:
    """Why a run stops instead of waiting for a slot whose holder nobody here can check."""
    reason = (
        "it recorded no process identity"
        if holder.identity is None
        else f"its process runs on another host than {host}"
    )
    return (
        f"pool {pool} is held by {holder.describe()}, and this run cannot tell whether that run is "
        f"still alive ({reason}), so the wait might never end. If that run is no longer running, "
        "terminate it in the Dagster UI (Runs → Terminate, force termination) and start this run again."
    )
