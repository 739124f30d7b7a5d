"""A refresh killed while it holds the warehouse slot never blocks the next one (issue: crashes).

Real processes, the deployment's own instance settings (dagster_home/dagster.yaml: one run at a
time, a one-slot warehouse pool) and the headless CLI, which has no daemon to clean up after it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg

from loyalty_demo_data import generate
from orchestration.defs.resources import WAREHOUSE_POOL
from tests.conftest import SETTINGS_VARIABLES

REPO = Path(__file__).resolve().parents[1]
DAGSTER = str(Path(sys.executable).with_name("dagster"))
REFRESH = [DAGSTER, "job", "execute", "-m", "orchestration.definitions", "-j", "daily_refresh"]


def deployment(tmp_path: Path) -> dict[str, str]:
    """A copy of the README's instance and small demo data; the environment of both refreshes."""
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO / "dagster_home" / "dagster.yaml", home)
    generate(tmp_path / "raw", customers=300, seed=5, fmt="csv")
    env = {name: value for name, value in os.environ.items() if name not in SETTINGS_VARIABLES}
    return env | {
        "DAGSTER_HOME": str(home),
        "LOYALTY_RAW_DIR": str(tmp_path / "raw"),
        "LOYALTY_WAREHOUSE_DB": str(tmp_path / "warehouse" / "loyalty.duckdb"),
        "LOYALTY_SERVING_DIR": str(tmp_path / "serving"),
        "LOYALTY_EXPORT_DIR": str(tmp_path / "exports"),
        "LOYALTY_ALERT_LOG": str(tmp_path / "alerts" / "alerts.log"),
    }


def first_claimed_slot(instance: dg.DagsterInstance, process: subprocess.Popen, log: Path) -> str:
    """The run id of the refresh once one of its steps holds the warehouse slot."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        claimed = instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL).claimed_slots
        if claimed:
            return claimed[0].run_id
        assert process.poll() is None, f"the first refresh ended early:\n{log.read_text()[-3000:]}"
        time.sleep(0.05)
    raise AssertionError("the first refresh never claimed a warehouse slot")


def test_a_refresh_killed_in_a_warehouse_step_does_not_block_the_next_refresh(tmp_path, monkeypatch):
    env = deployment(tmp_path)
    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    # Created before the refresh starts, so the two processes never race to create the storage.
    with dg.DagsterInstance.get() as instance:
        log = tmp_path / "first.log"
        with log.open("w") as out:
            first = subprocess.Popen(
                REFRESH, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
            )
        try:
            killed_run = first_claimed_slot(instance, first, log)
        finally:
            os.killpg(first.pid, signal.SIGKILL)
            first.wait()
        assert instance.get_run_by_id(killed_run).status == dg.DagsterRunStatus.STARTED

        # One warehouse step is enough to show the slot is free again; the whole job takes minutes.
        second = subprocess.run(
            [*REFRESH, "--op-selection", "crm__customers"],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

        assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]
        assert "RUN_SUCCESS" in second.stdout + second.stderr
        assert instance.get_run_by_id(killed_run).status == dg.DagsterRunStatus.FAILURE
        (failure,) = instance.all_logs(killed_run, of_type=dg.DagsterEventType.RUN_FAILURE)
        assert f"The process of run {killed_run} (job daily_refresh, started at " in failure.message
        assert f"pid {first.pid} started " in failure.message
        assert "is gone (killed, out of memory or a restart); marked failed by run " in failure.message
        assert instance.event_log_storage.get_concurrency_run_ids() == set()
        # run_retries (enabled in the deployment) counts the death as no step failure: under the
        # daemon the run would be started once more.
        assert instance.get_run_by_id(killed_run).tags["dagster/will_retry"] == "true"
