"""The audience export asset refuses to run on a missing audiences file instead of exporting nobody."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.activation.audience_exports import audience_exports
from orchestration.defs.failures import STEP_RETRY_POLICY
from orchestration.defs.partitions import AS_OF_PARTITIONS
from orchestration.defs.resources import WarehouseResource
from tests.conftest import loyalty_environment


def test_a_missing_audiences_file_fails_the_step_once_naming_the_setting(tmp_path):
    missing = tmp_path / "audiences.yaml"
    with loyalty_environment(
        LOYALTY_AUDIENCES=str(missing),
        LOYALTY_WAREHOUSE_DB=str(tmp_path / "warehouse.duckdb"),
        LOYALTY_EXPORT_DIR=str(tmp_path / "exports"),
    ):
        # with the daily job's retry policy, so the failure must say it is not worth retrying
        job = dg.define_asset_job(
            "exports", partitions_def=AS_OF_PARTITIONS, op_retry_policy=STEP_RETRY_POLICY
        )
        definitions = dg.Definitions(
            assets=[audience_exports], jobs=[job], resources={"warehouse": WarehouseResource()}
        )
        result = definitions.resolve_job_def("exports").execute_in_process(
            partition_key="2026-11-22", raise_on_error=False
        )
    assert not result.success
    [failure] = [event for event in result.all_events if event.is_step_failure]
    message = failure.step_failure_data.error.message
    assert str(missing) in message
    assert "LOYALTY_AUDIENCES" in message
    assert not any(event.event_type_value == "STEP_UP_FOR_RETRY" for event in result.all_events)
    assert not (tmp_path / "exports").exists()
