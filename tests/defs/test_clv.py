"""The CLV fit asset on a compressed summary in a warehouse, and the metadata of dbt's clv_scores."""

from __future__ import annotations

import dagster as dg
import duckdb
import pandas as pd
import pytest

from orchestration.defs.resources import WarehouseResource
from orchestration.defs.scoring.clv import clv_models
from orchestration.defs.transform.segment_model_metadata import clv_scores_metadata
from tests.lib.scoring.clv.conftest import CDNOW_CSV


@pytest.fixture
def warehouse_with_cdnow(tmp_path, monkeypatch) -> str:
    """A warehouse holding CDNOW (in days) as dbt's two compressed BTYD marts."""
    path = str(tmp_path / "warehouse.duckdb")
    monkeypatch.setenv("LOYALTY_WAREHOUSE_DB", path)
    cdnow = pd.read_csv(CDNOW_CSV)
    cdnow = cdnow.assign(
        recency=(cdnow["recency"] * 7).round().astype(int), T=(cdnow["T"] * 7).round().astype(int)
    )
    with duckdb.connect(path) as conn:
        conn.register("cdnow", cdnow)
        conn.execute("create schema marts")
        conn.execute(
            "create table marts.customer_btyd_histories as"
            ' select frequency, recency, "T", count(*) as customers from cdnow group by all'
        )
        conn.execute(
            "create table marts.customer_btyd_repeat_values as select frequency, monetary_value,"
            " count(*) as customers from cdnow where frequency > 0 group by all"
        )
    return path


def test_clv_models_write_the_parameters_and_one_row_per_distinct_history(warehouse_with_cdnow: str):
    result = dg.materialize([clv_models], resources={"warehouse": WarehouseResource()})
    with duckdb.connect(warehouse_with_cdnow, read_only=True) as conn:
        histories, customers, unknown = conn.execute(
            "select count(*), sum(customers), count(*) filter (where p_alive is null)"
            " from segments.clv_history_scores"
        ).fetchone()
        distinct = conn.execute("select count(*) from marts.customer_btyd_histories").fetchone()[0]
        params = conn.execute(
            "select model, parameter, customers_fitted from segments.clv_model_params"
        ).fetchall()
    assert (histories, customers, unknown) == (distinct, 2357, 0)
    assert len(params) == 7 and {row[2] for row in params} == {2357, 946}
    metadata = {
        event.asset_key.to_user_string(): event.materialization.metadata
        for event in result.get_asset_materialization_events()
    }
    assert metadata["segments/clv_history_scores"]["customers"].value == 2357
    assert metadata["segments/clv_model_params"]["dagster/row_count"].value == 7


def test_clv_scores_metadata_counts_bands_and_sums_the_clv():
    conn = duckdb.connect()
    conn.execute("create schema segments")
    conn.execute(
        "create table segments.clv_scores as select * from (values"
        " ('a', 0.9, 100.0, 'low'), ('b', 0.5, 50.0, 'high'), ('c', 0.4, 10.0, 'high'),"
        " ('d', null, null, null))"
        " as t (customer_id, p_alive, predicted_clv_12m, churn_risk)"
    )
    metadata = clv_scores_metadata(conn, {"clv_churn_risk_low_below": 0.3, "loyalty_score_weights": {}})
    assert metadata["dagster/row_count"] == 4
    assert metadata["churn_risk"].data == {"high": 2, "low": 1, "null": 1}
    assert metadata["mean_p_alive"] == pytest.approx(0.6)
    assert metadata["total_predicted_clv_12m"] == pytest.approx(160.0)
    assert metadata["settings"].data == {"clv_churn_risk_low_below": 0.3}
