"""The behavior_cluster_model asset: fits on the warehouse's sample and stores the model dbt
assigns from; and the metadata of the dbt model behavior_clusters."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.segmentation.cluster_model import behavior_cluster_model
from orchestration.defs.transform.segment_model_metadata import behavior_clusters_metadata
from orchestration.lib.frames import write_table
from tests.conftest import loyalty_environment
from tests.lib.segmentation.synthetic_clusters import planted_members


def test_the_asset_fits_on_a_sample_and_stores_a_row_per_cluster_and_feature(tmp_path: Path) -> None:
    database = tmp_path / "loyalty.duckdb"
    members = planted_members(800, seed=3).drop(columns=["planted_group"])
    with duckdb.connect(str(database)) as conn:
        write_table(conn, "marts.customer_features", members)
    overrides = {"fit_sample_size": 300, "k_min": 2, "k_max": 3, "features": ["frequency", "app_share"]}
    with loyalty_environment(LOYALTY_WAREHOUSE_DB=str(database)):
        result = dg.materialize(
            [behavior_cluster_model],
            resources={"warehouse": WarehouseResource()},
            run_config={"ops": {"segments__behavior_cluster_model": {"config": {"overrides": overrides}}}},
        )
    [event] = result.asset_materializations_for_node("segments__behavior_cluster_model")
    metadata = {key: getattr(value, "value", value) for key, value in event.metadata.items()}
    assert metadata["buyers_fitted"] == 300
    assert 2 <= metadata["k"] <= 3
    assert metadata["dagster/row_count"] == metadata["k"] * 2
    assert "sampled_buyers" in metadata["cluster_profile"] and "silhouette" in metadata["k_selection"]
    with duckdb.connect(str(database), read_only=True) as conn:
        stored = conn.execute(
            "select feature, count(*) from segments.behavior_cluster_model group by 1 order by 1"
        ).fetchall()
    assert stored == [("app_share", metadata["k"]), ("frequency", metadata["k"])]


def test_behavior_clusters_metadata_counts_members_per_label() -> None:
    conn = duckdb.connect()
    conn.execute("create schema segments")
    conn.execute(
        "create table segments.behavior_clusters as select * from (values"
        " ('a', 0, 'big'), ('b', 0, 'big'), ('c', 1, 'small'), ('p', null, null))"
        " as t(customer_id, behavior_cluster, behavior_cluster_label)"
    )
    metadata = behavior_clusters_metadata(conn, {})
    assert metadata["dagster/row_count"] == 4
    assert metadata["cluster_sizes"].data == {"big": 2, "null": 1, "small": 1}
