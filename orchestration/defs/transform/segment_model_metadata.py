"""What the UI shows about the dbt segment and score models once dbt has built them: sizes, grids,
quartiles and the dbt vars in force for the run (the thresholds a launchpad override changed)."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import SEGMENT_RULES_VAR, vars_named
from orchestration.lib.segmentation.families import descriptive_families
from orchestration.lib.segmentation.summaries import (
    quantiles,
    rfm_grid_markdown,
    row_count,
    segment_sizes,
    true_count,
)


def rfm_segments_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Segment sizes, buyers per recency x frequency score and the rules in force (`dbt_vars`)."""
    relation = "segments.rfm_segments"
    return {
        "dagster/row_count": row_count(conn, relation),
        "segment_sizes": dg.MetadataValue.json(segment_sizes(conn, relation, ["rfm_segment"])["rfm_segment"]),
        "rfm_grid": dg.MetadataValue.md(rfm_grid_markdown(conn, relation)),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "rfm_")),
    }


def descriptive_segments_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Row count, sizes per family (var segment_families) and the thresholds in force (`dbt_vars`)."""
    relation = "segments.descriptive_segments"
    return {
        "dagster/row_count": row_count(conn, relation),
        "segment_sizes": dg.MetadataValue.json(segment_sizes(conn, relation, descriptive_families(dbt_vars))),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "descriptive_")),
    }


def loyalty_statuses_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Status sizes, win-back candidates and the thresholds in force (`dbt_vars`: the run's)."""
    relation = "segments.loyalty_statuses"
    return {
        "dagster/row_count": row_count(conn, relation),
        "status_sizes": dg.MetadataValue.json(
            segment_sizes(conn, relation, ["loyalty_status"])["loyalty_status"]
        ),
        "win_back_candidates": true_count(conn, relation, "win_back_candidate"),
        "settings": dg.MetadataValue.json(
            {
                "status": vars_named(dbt_vars, "loyalty_status_"),
                "win_back": vars_named(dbt_vars, "win_back_"),
            }
        ),
    }


def loyalty_scores_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Tier sizes, score quartiles and the weights and thresholds in force (`dbt_vars`)."""
    relation = "segments.loyalty_scores"
    return {
        "dagster/row_count": row_count(conn, relation),
        "tier_sizes": dg.MetadataValue.json(segment_sizes(conn, relation, ["loyalty_tier"])["loyalty_tier"]),
        "score_quartiles": dg.MetadataValue.json(
            quantiles(conn, relation, "loyalty_score", (0.25, 0.5, 0.75))
        ),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "loyalty_score_")),
    }


def rule_segments_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Rows and the members `in` each rule of the run (`dbt_vars`), in file order."""
    relation = "segments.rule_segments"
    names = [rule["name"] for rule in dbt_vars[SEGMENT_RULES_VAR]]
    found = dict(
        conn.execute(
            f"select rule_name, count(*) filter (where segment = 'in') from {relation} group by rule_name"
        ).fetchall()
    )
    return {
        "dagster/row_count": row_count(conn, relation),
        "members_per_rule": dg.MetadataValue.json({name: int(found.get(name, 0)) for name in names}),
    }


def clv_scores_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Churn-risk band sizes, mean p_alive, total predicted 12-month CLV and the vars in force
    (`dbt_vars`); the fits' warnings are on clv_model_params and clv_history_scores."""
    relation = "segments.clv_scores"
    mean_p_alive, total_clv = conn.execute(
        f"select avg(p_alive), sum(predicted_clv_12m) from {relation}"
    ).fetchone()
    return {
        "dagster/row_count": row_count(conn, relation),
        "churn_risk": dg.MetadataValue.json(segment_sizes(conn, relation, ["churn_risk"])["churn_risk"]),
        "mean_p_alive": float("nan") if mean_p_alive is None else float(mean_p_alive),
        "total_predicted_clv_12m": float(total_clv or 0.0),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "clv_")),
    }


def behavior_clusters_metadata(
    conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]
) -> dict[str, Any]:
    """Members per cluster label over everyone dbt assigned (`null`: the prospects)."""
    relation = "segments.behavior_clusters"
    sizes = segment_sizes(conn, relation, ["behavior_cluster_label"])["behavior_cluster_label"]
    return {"dagster/row_count": row_count(conn, relation), "cluster_sizes": dg.MetadataValue.json(sizes)}
