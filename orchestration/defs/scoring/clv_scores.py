"""What the UI shows about dbt model clv_scores once dbt has built it."""

from collections.abc import Mapping
from typing import Any

import dagster as dg
import duckdb

from orchestration.lib.dbt_vars import vars_named
from orchestration.lib.segmentation.summaries import row_count, segment_sizes

RELATION = "segments.clv_scores"


def clv_scores_metadata(conn: duckdb.DuckDBPyConnection, dbt_vars: Mapping[str, Any]) -> dict[str, Any]:
    """Churn-risk band sizes, mean p_alive, total predicted 12-month CLV and the vars in force
    (`dbt_vars`); the fits' warnings are on clv_model_params and clv_history_scores."""
    mean_p_alive, total_clv = conn.execute(
        f"select avg(p_alive), sum(predicted_clv_12m) from {RELATION}"
    ).fetchone()
    return {
        "dagster/row_count": row_count(conn, RELATION),
        "churn_risk": dg.MetadataValue.json(segment_sizes(conn, RELATION, ["churn_risk"])["churn_risk"]),
        "mean_p_alive": float("nan") if mean_p_alive is None else float(mean_p_alive),
        "total_predicted_clv_12m": float(total_clv or 0.0),
        "settings": dg.MetadataValue.json(vars_named(dbt_vars, "clv_")),
    }
