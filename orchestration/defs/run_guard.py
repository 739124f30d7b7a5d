"""Dead runs never block the next one: noticed at every run's start, while it waits, and by a sensor.

Dagster's run monitoring cannot tell whether a run's process is alive under the
DefaultRunLauncher (it has no run-worker health check), and the headless CLI has no daemon at
all. So every run records its process identity in its tags when its resources are initialised,
which is before its first step claims a slot in the warehouse pool (`WarehouseResource`), and
marks failed the in-progress runs of this instance whose process is gone, freeing their slots.
While the run lives, a watchdog thread repeats that, so a holder that dies while this run waits
for its slot is noticed too; under the daemon, `dead_run_sensor` does the same for the queue.
"""

from __future__ import annotations

import atexit
import logging
import socket
import threading
from datetime import UTC, datetime

import dagster as dg

from orchestration.lib.run_liveness import (
    ProcessIdentity,
    RunInfo,
    Triage,
    dead_run_message,
    pool_blocked_message,
    triage,
)

IN_PROGRESS = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
WATCHDOG_INTERVAL_SECONDS = 10.0
"""How often a run looks for dead holders while it runs (or waits for a slot)."""


def run_info(record: dg.RunRecord) -> RunInfo:
    run = record.dagster_run
    return RunInfo(
        run_id=run.run_id,
        job=run.job_name,
        started_at=datetime.fromtimestamp(record.start_time, UTC) if record.start_time else None,
        ended=run.is_finished,
        identity=ProcessIdentity.from_tags(run.tags),
    )


def runs_to_triage(instance: dg.DagsterInstance) -> list[RunInfo]:
    """Runs in progress, and runs holding or queued for a concurrency slot (ended ones included)."""
    records = {
        record.dagster_run.run_id: record
        for record in instance.get_run_records(filters=dg.RunsFilter(statuses=IN_PROGRESS))
    }
    slot_run_ids = instance.event_log_storage.get_concurrency_run_ids() - records.keys()
    if slot_run_ids:
        for record in instance.get_run_records(filters=dg.RunsFilter(run_ids=list(slot_run_ids))):
            records[record.dagster_run.run_id] = record
    deleted = [
        RunInfo(run_id=run_id, job="unknown", started_at=None, ended=True, identity=None)
        for run_id in slot_run_ids - records.keys()
    ]
    return [run_info(record) for record in records.values()] + deleted


def reap_dead_runs(instance: dg.DagsterInstance, noticed_by: str) -> Triage:
    """Mark runs whose process is gone failed and free the slots of every run that has ended."""
    found = triage(runs_to_triage(instance), host=socket.gethostname())
    for dead in found.dead:
        # Read the status again now that the process is known to be gone: a run that ended
        # just before its process exited has recorded that end, and keeps it.
        run = instance.get_run_by_id(dead.run_id)
        if run is not None and not run.is_finished:
            message = dead_run_message(dead, noticed_by)
            if run.status == dg.DagsterRunStatus.CANCELING:
                instance.report_run_canceled(run, message=message)
            else:
                instance.report_run_failed(run, message=message)
        instance.event_log_storage.free_concurrency_slots_for_run(dead.run_id)
    for ended in found.ended:
        instance.event_log_storage.free_concurrency_slots_for_run(ended.run_id)
    return found


def unverifiable_holders(
    instance: dg.DagsterInstance, pool: str, found: Triage, own_run_id: str
) -> list[RunInfo]:
    """Runs holding a slot of `pool` whose end nobody on this host could ever notice."""
    info = instance.event_log_storage.get_concurrency_info(pool)
    # A step that was assigned a slot holds it, also when a kill left its slot row already freed.
    assigned = {step.run_id for step in info.pending_steps if step.assigned_timestamp is not None}
    holders = (info.active_run_ids | assigned) - {own_run_id}
    return [run for run in found.unverifiable if run.run_id in holders]


logger = logging.getLogger(__name__)
_watchdogs: dict[str, threading.Thread] = {}
_watchdogs_lock = threading.Lock()
_process_exiting = threading.Event()


@atexit.register
def _stop_watchdogs() -> None:
    """Wake and join the watchdogs at exit, so none holds the instance while Python shuts down."""
    _process_exiting.set()
    with _watchdogs_lock:
        threads = list(_watchdogs.values())
    for thread in threads:
        thread.join(timeout=5)


def start_watchdog(instance: dg.DagsterInstance, run_id: str) -> None:
    """Reap dead runs every few seconds in a background thread until run `run_id` has ended.

    A thread, not a context manager: a resource with teardown would become a generator
    resource, which sensors and their tests would have to open as a context. One per run,
    however often the resource is initialised; it ends with the run or the process.
    """

    def watch() -> None:
        try:
            while not _process_exiting.wait(WATCHDOG_INTERVAL_SECONDS):
                run = instance.get_run_by_id(run_id)
                if run is None or run.is_finished:
                    return
                reap_dead_runs(instance, f"run {run_id}")
        except Exception:
            # The run's own log may be closed by now; the start-of-run check and the sensor remain.
            logger.warning("run %s stopped looking for dead runs", run_id, exc_info=True)
        finally:
            with _watchdogs_lock:
                _watchdogs.pop(run_id, None)

    with _watchdogs_lock:
        if run_id in _watchdogs:
            return
        thread = _watchdogs[run_id] = threading.Thread(
            target=watch, name=f"dead-run-watchdog-{run_id}", daemon=True
        )
    thread.start()


def guard_run(context: dg.InitResourceContext, pool: str) -> None:
    """Record this run's process, clear dead runs, and refuse a wait for `pool` that cannot end.

    Outside a run (a sensor building the resource, a direct call in a test) or after it ended
    there is nothing to do.
    """
    run, instance = context.run, context.instance
    if run is None or instance is None:
        return
    current = instance.get_run_by_id(run.run_id)
    if current is not None and current.is_finished:
        return  # Dagster initialises resources once more after a run ended; it claims no slot then
    instance.add_run_tags(run.run_id, ProcessIdentity.current().as_tags())
    found = reap_dead_runs(instance, f"run {run.run_id} when it started")
    for dead in found.dead:
        context.log.warning(f"marked failed, its process is gone: run {dead.run_id} ({dead.job})")
    blocking = unverifiable_holders(instance, pool, found, run.run_id)
    if blocking:
        message = pool_blocked_message(pool, blocking[0], socket.gethostname())
        # Logged as well as raised: the run's failure event itself only says that resources failed.
        context.log.error(message)
        raise dg.Failure(description=message)
    start_watchdog(instance, run.run_id)


@dg.sensor(
    name="dead_run_sensor",
    minimum_interval_seconds=30,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Marks failed the runs whose process is gone and frees the concurrency slots of runs that "
        "ended, so a killed run blocks neither the run queue nor the warehouse pool."
    ),
)
def dead_run_sensor(context: dg.SensorEvaluationContext) -> dg.SkipReason:
    """Requests no runs: it only clears what dead runs left behind."""
    found = reap_dead_runs(context.instance, "dead_run_sensor")
    summary = [f"marked failed: run {run.run_id}" for run in found.dead]
    summary += [f"freed slots of ended run {run.run_id}" for run in found.ended]
    summary += [f"cannot verify {run.describe()}" for run in found.unverifiable]
    return dg.SkipReason("; ".join(summary) or "no dead runs")
