"""Customer lifetime value from the buy-till-you-die models (BG/NBD and Gamma-Gamma)."""

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import WAREHOUSE_POOL, LandingResource, WarehouseResource
from orchestration.defs.segments_schema import SEGMENTS_SCHEMA
from orchestration.defs.transform.dbt_models import BTYD_SUMMARY
from orchestration.lib.frames import value_counts_metadata, write_table
from orchestration.lib.scoring.clv import fit_and_score


class ClvSettings(dg.Config):
    """Model settings; defaults follow Fader, Hardie & Lee (weekly time unit, no penalty)."""

    annual_discount_rate: float = 0.10
    time_unit: str = "week"
    penalizer_coef: float = 0.0


@dg.multi_asset(
    specs=[
        dg.AssetSpec([SEGMENTS_SCHEMA, "clv_scores"], deps=[BTYD_SUMMARY], kinds={"python", "duckdb"}),
        dg.AssetSpec([SEGMENTS_SCHEMA, "clv_model_params"], deps=[BTYD_SUMMARY], kinds={"python", "duckdb"}),
    ],
    group_name="scoring",
    pool=WAREHOUSE_POOL,
)
def clv_models(
    context: dg.AssetExecutionContext,
    landing: LandingResource,
    warehouse: WarehouseResource,
    config: ClvSettings,
):
    """BG/NBD and Gamma-Gamma fitted by maximum likelihood on the BTYD summary, compressed to
    unique histories; every buyer scored: p_alive, expected orders in 90 days, expected order
    value, discounted 12-month CLV, churn risk and expected next order date."""
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        summary = conn.execute(
            "select customer_id, frequency, recency, T, monetary_value from marts.customer_btyd_summary"
        ).df()
        scores, params, warnings = fit_and_score(
            summary,
            as_of,
            annual_discount_rate=config.annual_discount_rate,
            time_unit=config.time_unit,
            penalizer_coef=config.penalizer_coef,
        )
        write_table(conn, "segments.clv_scores", scores)
        write_table(conn, "segments.clv_model_params", params)
    for warning in warnings:
        context.log.warning(warning)
    yield dg.MaterializeResult(
        asset_key=[SEGMENTS_SCHEMA, "clv_scores"],
        metadata={
            "dagster/row_count": len(scores),
            "churn_risk": dg.MetadataValue.json(value_counts_metadata(scores["churn_risk"])),
            "mean_p_alive": float(scores["p_alive"].mean()),
            "total_predicted_clv_12m": float(scores["predicted_clv_12m"].sum()),
            "warnings": dg.MetadataValue.json(warnings),
        },
    )
    yield dg.MaterializeResult(
        asset_key=[SEGMENTS_SCHEMA, "clv_model_params"],
        metadata={
            "dagster/row_count": len(params),
            "params": dg.MetadataValue.md(params.to_markdown(index=False)),
            "warnings": dg.MetadataValue.json(warnings),
        },
    )
