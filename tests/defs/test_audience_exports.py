"""The audience export asset: no exports from backfills, no silent nothing from a missing audiences file."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.activation.audience_exports import audience_exports
from orchestration.defs.failures import STEP_RETRY_POLICY
from orchestration.defs.partitions import BACKFILL_TAGS
from orchestration.defs.resources import (
    ActivationResource,
    LandingResource,
    MarketingFilesResource,
    WarehouseResource,
)


def run_exports(tmp_path: Path, tags: dict[str, str] | None = None) -> dg.ExecuteInProcessResult:
    """Run the asset alone for 2026-11-22 with the daily job's retry policy and no audiences file.

    The settings are passed to the resources, not set in the environment.
    """
    job = dg.define_asset_job("exports", op_retry_policy=STEP_RETRY_POLICY)
    resources = {
        "activation": ActivationResource(export_dir=str(tmp_path / "exports")),
        "landing": LandingResource(),
        "marketing_files": MarketingFilesResource(audiences=str(tmp_path / "audiences.yaml")),
        "warehouse": WarehouseResource(database=str(tmp_path / "warehouse.duckdb")),
    }
    definitions = dg.Definitions(assets=[audience_exports], jobs=[job], resources=resources)
    return definitions.resolve_job_def("exports").execute_in_process(
        partition_key="2026-11-22", tags=tags, raise_on_error=False
    )


def test_a_missing_audiences_file_fails_the_step_once_naming_the_setting(tmp_path):
    result = run_exports(tmp_path)
    assert not result.success
    [failure] = [event for event in result.all_events if event.is_step_failure]
    message = failure.step_failure_data.error.message
    assert str(tmp_path / "audiences.yaml") in message
    assert "LOYALTY_AUDIENCES" in message
    # the failure says it is not worth retrying, so the job's retry policy does not apply
    assert not any(event.event_type_value == "STEP_UP_FOR_RETRY" for event in result.all_events)
    assert not (tmp_path / "exports").exists()


@pytest.mark.parametrize("tag", BACKFILL_TAGS)
def test_a_backfill_run_exports_nothing_and_says_so(tmp_path, tag):
    result = run_exports(tmp_path, tags={tag: "backfill-1"})
    assert result.success
    [materialization] = result.asset_materializations_for_node("activation__audience_exports")
    assert materialization.metadata["skipped"].value == "backfill run"
    assert not (tmp_path / "exports").exists()
    assert not (tmp_path / "warehouse.duckdb").exists()
