"""The behavior_cluster_model asset: fits on the warehouse's sample and stores the model dbt
assigns from; and the metadata of the dbt model behavior_clusters."""

from __future__ import annotations

from pathlib import Path

import dagster as dg
import duckdb

from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.segmentation.cluster_model import behavior_cluster_model
from orchestration.defs.transform.segment_model_metadata import behavior_clusters_metadata
from orchestration.lib.frames import write_table
from tests.conftest import loyalty_environment
from tests.lib.segmentation.synthetic_clusters import planted_members


def fit(database: Path, as_of: str, **overrides: object) -> dict:
    """Materialise the model asset as of `as_of`; returns its metadata values."""
    settings = {"fit_sample_size": 300, "k_min": 2, "k_max": 3, "features": ["frequency", "app_share"]}
    with loyalty_environment(LOYALTY_WAREHOUSE_DB=str(database)):
        result = dg.materialize(
            [behavior_cluster_model],
            resources={"warehouse": WarehouseResource(), "landing": LandingResource(as_of=as_of)},
            run_config={
                "ops": {"segments__behavior_cluster_model": {"config": {"overrides": settings | overrides}}}
            },
        )
    [event] = result.asset_materializations_for_node("segments__behavior_cluster_model")
    return {key: getattr(value, "value", value) for key, value in event.metadata.items()}


def stored_model(database: Path) -> list[tuple]:
    with duckdb.connect(str(database), read_only=True) as conn:
        return conn.execute(
            "select behavior_cluster, behavior_cluster_label, feature, centroid, fitted_as_of::varchar, "
            "refit_reason from segments.behavior_cluster_model order by all"
        ).fetchall()


def test_the_asset_fits_on_a_sample_and_stores_a_row_per_cluster_and_feature(tmp_path: Path) -> None:
    database = tmp_path / "loyalty.duckdb"
    members = planted_members(800, seed=3).drop(columns=["planted_group"])
    with duckdb.connect(str(database)) as conn:
        write_table(conn, "marts.customer_features", members)
    metadata = fit(database, "2026-09-01")
    assert metadata["refitted"] is True and metadata["refit_reason"] == "no stored model"
    assert metadata["buyers_fitted"] == 300
    assert 2 <= metadata["k"] <= 3
    assert metadata["dagster/row_count"] == metadata["k"] * 2
    assert "sampled_buyers" in metadata["cluster_profile"] and "silhouette" in metadata["k_selection"]
    stored = stored_model(database)
    assert sorted({(feature, cluster) for cluster, _, feature, *_ in stored}) == sorted(
        (feature, cluster) for feature in ("app_share", "frequency") for cluster in range(metadata["k"])
    )
    assert {row[4] for row in stored} == {"2026-09-01"}


def test_the_stored_model_is_applied_until_it_is_due_then_refitted_with_its_ids(tmp_path: Path) -> None:
    database = tmp_path / "loyalty.duckdb"
    members = planted_members(800, seed=3).drop(columns=["planted_group"])
    with duckdb.connect(str(database)) as conn:
        write_table(conn, "marts.customer_features", members)
    fit(database, "2026-09-01")
    fitted = stored_model(database)
    kept = fit(database, "2026-09-10")
    assert kept["refitted"] is False and kept["fitted_as_of"] == "2026-09-01"
    assert kept["max_feature_drift"] < 1e-9  # the same members as at the fit
    assert stored_model(database) == fitted
    refitted = fit(database, "2026-10-01", seed=9)
    assert refitted["refitted"] is True and "settings changed" in refitted["refit_reason"]
    labels = {(cluster, label) for cluster, label, *_ in stored_model(database)}
    assert labels == {(cluster, label) for cluster, label, *_ in fitted}
    aged = fit(database, "2026-11-15", seed=9)
    assert aged["refitted"] is True and "45 days ago" in aged["refit_reason"]


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
