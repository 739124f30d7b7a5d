"""Dead runs are marked failed and their slots freed; a wait that cannot end fails at once."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator

import dagster as dg
import psutil
import pytest

from orchestration.defs import run_guard
from orchestration.defs.resources import WAREHOUSE_POOL, WarehouseResource
from orchestration.defs.run_guard import dead_run_sensor
from orchestration.lib.run_liveness import ProcessIdentity

POOL_OF_ONE = {"concurrency": {"pools": {"default_limit": 1}}}


@pytest.fixture
def instance() -> Iterator[dg.DagsterInstance]:
    with dg.instance_for_test(overrides=POOL_OF_ONE) as instance:
        instance.event_log_storage.initialize_concurrency_limit_to_default(WAREHOUSE_POOL)
        yield instance


def holder(instance: dg.DagsterInstance, tags: dict[str, str]) -> str:
    """A STARTED run that claimed the warehouse slot, as a killed run leaves it."""
    run = instance.add_run(
        dg.DagsterRun(job_name="daily_refresh", status=dg.DagsterRunStatus.STARTED, tags=tags)
    )
    assert instance.event_log_storage.claim_concurrency_slot(
        WAREHOUSE_POOL, run.run_id, "crm__orders"
    ).is_claimed
    return run.run_id


def dead_process_tags() -> dict[str, str]:
    """This pid, but a start time it never had: the process was replaced (the pid reused)."""
    me = ProcessIdentity.current()
    return ProcessIdentity(host=me.host, pid=me.pid, started_at=me.started_at - 3600).as_tags()


@dg.op(pool=WAREHOUSE_POOL)
def load_orders(warehouse: WarehouseResource) -> None:
    """Stands for any warehouse step: it needs the resource and a slot of the pool."""


@dg.job(resource_defs={"warehouse": WarehouseResource()}, executor_def=dg.in_process_executor)
def refresh() -> None:
    load_orders()


def failure_message(instance: dg.DagsterInstance, run_id: str) -> str:
    (event,) = instance.all_logs(run_id, of_type=dg.DagsterEventType.RUN_FAILURE)
    return event.message


def test_a_run_frees_the_slot_of_a_dead_run_and_marks_it_failed(instance):
    dead = holder(instance, dead_process_tags())

    result = refresh.execute_in_process(instance=instance)

    assert result.success
    assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
    assert f"marked failed by run {result.run_id} when it started" in failure_message(instance, dead)
    assert instance.event_log_storage.get_concurrency_run_ids() == set()
    identity = ProcessIdentity.from_tags(instance.get_run_by_id(result.run_id).tags)
    assert identity is not None and identity.pid == os.getpid()


@pytest.mark.parametrize(
    ("tags", "reason"),
    [
        ({}, "it recorded no process identity"),
        ({**dead_process_tags(), "loyalty/run_host": "etl-2"}, "its process runs on another host"),
    ],
)
def test_a_slot_held_by_a_run_nobody_can_check_fails_the_run_at_once_naming_the_holder(
    instance, tags, reason
):
    held = holder(instance, tags)

    result = refresh.execute_in_process(instance=instance, raise_on_error=False)

    assert not result.success
    messages = " ".join(entry.user_message for entry in instance.all_logs(result.run_id))
    assert f"pool {WAREHOUSE_POOL} is held by run {held} (job daily_refresh, started at " in messages
    assert reason in messages
    assert instance.get_run_by_id(held).status == dg.DagsterRunStatus.STARTED


def test_the_sensor_fails_dead_runs_and_frees_slots_of_ended_ones(instance):
    instance.event_log_storage.set_concurrency_slots(WAREHOUSE_POOL, 3)
    dead = holder(instance, dead_process_tags())
    ended = holder(instance, {})
    instance.report_run_failed(instance.get_run_by_id(ended), message="step failed")
    alive = holder(instance, ProcessIdentity.current().as_tags())

    skip = dead_run_sensor.evaluate_tick(dg.build_sensor_context(instance=instance)).skip_message

    assert f"marked failed: run {dead}" in skip
    assert f"freed slots of ended run {ended}" in skip
    assert instance.get_run_by_id(dead).status == dg.DagsterRunStatus.FAILURE
    assert "marked failed by dead_run_sensor" in failure_message(instance, dead)
    assert instance.get_run_by_id(alive).status == dg.DagsterRunStatus.STARTED
    assert instance.event_log_storage.get_concurrency_run_ids() == {alive}


def test_a_holder_that_dies_while_a_run_waits_for_its_slot_is_noticed(instance, monkeypatch):
    monkeypatch.setattr(run_guard, "WATCHDOG_INTERVAL_SECONDS", 0.2)
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    identity = ProcessIdentity(socket.gethostname(), sleeper.pid, psutil.Process(sleeper.pid).create_time())
    live = holder(instance, identity.as_tags())
    # The holder is alive when the run starts, so the run waits; then the holder is killed.
    threading.Timer(2.0, sleeper.kill).start()

    results: list[dg.ExecuteInProcessResult] = []
    waiting = threading.Thread(target=lambda: results.append(refresh.execute_in_process(instance=instance)))
    waiting.daemon = True
    waiting.start()
    waiting.join(timeout=60)

    sleeper.wait()
    assert not waiting.is_alive(), "the run still waits for the slot of a dead run"
    (result,) = results
    assert result.success
    assert instance.get_run_by_id(live).status == dg.DagsterRunStatus.FAILURE
    assert f"marked failed by run {result.run_id}" in failure_message(instance, live)


def test_every_warehouse_step_initialises_the_guarding_resource():
    """The guard runs when the warehouse resource is initialised, before any step claims a slot."""
    from orchestration.definitions import defs

    plan = defs.resolve_job_def("daily_refresh")
    pooled = [node for node in plan.graph.node_dict.values() if node.definition.pool == WAREHOUSE_POOL]
    assert pooled
    assert all("warehouse" in node.definition.required_resource_keys for node in pooled)
