"""Customer lifetime value: the buy-till-you-die fits (BG/NBD and Gamma-Gamma) on the BTYD summary
compressed by dbt; dbt model clv_scores scores every member from their outputs."""

import dagster as dg

from orchestration.defs.resources import WAREHOUSE_POOL, WarehouseResource
from orchestration.defs.segments_schema import SEGMENTS_SCHEMA
from orchestration.defs.transform.dbt_models import BTYD_HISTORIES, BTYD_REPEAT_VALUES
from orchestration.lib.frames import write_table
from orchestration.lib.scoring.clv import fit_histories


class ClvSettings(dg.Config):
    """Model settings; defaults follow Fader, Hardie & Lee (weekly time unit, no penalty)."""

    annual_discount_rate: float = 0.10
    time_unit: str = "week"
    penalizer_coef: float = 0.0


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            [SEGMENTS_SCHEMA, "clv_model_params"],
            deps=[BTYD_HISTORIES, BTYD_REPEAT_VALUES],
            kinds={"python", "duckdb"},
        ),
        dg.AssetSpec(
            [SEGMENTS_SCHEMA, "clv_history_scores"], deps=[BTYD_HISTORIES], kinds={"python", "duckdb"}
        ),
    ],
    group_name="scoring",
    pool=WAREHOUSE_POOL,
)
def clv_models(context: dg.AssetExecutionContext, warehouse: WarehouseResource, config: ClvSettings):
    """BG/NBD and Gamma-Gamma fitted by maximum likelihood on the BTYD summary compressed by dbt
    to distinct histories (and repeat values) with counts; the BG/NBD quantities that need the
    hypergeometric function (p_alive, expected orders in 90 days, P(no order in 90 days), the
    median wait, discounted 12-month purchases) evaluated once per distinct history."""
    with warehouse.connect() as conn:
        histories = conn.execute(
            'select frequency, recency, "T", customers from marts.customer_btyd_histories'
            ' order by frequency, recency, "T"'
        ).df()
        values = conn.execute(
            "select frequency, monetary_value, customers from marts.customer_btyd_repeat_values"
            " order by frequency, monetary_value"
        ).df()
        fits = fit_histories(
            histories,
            values,
            annual_discount_rate=config.annual_discount_rate,
            time_unit=config.time_unit,
            penalizer_coef=config.penalizer_coef,
        )
        write_table(conn, "segments.clv_model_params", fits.params)
        write_table(conn, "segments.clv_history_scores", fits.history_scores)
    for warning in fits.warnings:
        context.log.warning(warning)
    warnings = dg.MetadataValue.json(fits.warnings)
    yield dg.MaterializeResult(
        asset_key=[SEGMENTS_SCHEMA, "clv_model_params"],
        metadata={
            "dagster/row_count": len(fits.params),
            "params": dg.MetadataValue.md(fits.params.to_markdown(index=False)),
            "warnings": warnings,
        },
    )
    yield dg.MaterializeResult(
        asset_key=[SEGMENTS_SCHEMA, "clv_history_scores"],
        metadata={
            "dagster/row_count": len(fits.history_scores),
            "customers": int(fits.history_scores["customers"].sum()),
            "warnings": warnings,
        },
    )
