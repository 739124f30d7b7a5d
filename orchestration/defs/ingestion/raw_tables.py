"""One asset per raw CRM table: the landing folder loaded, typed, into `raw.<table>`.

Asset keys equal the dbt source keys (`crm/<table>`), so dbt's staging models
hang off these assets without glue code.
"""

import dagster as dg

from orchestration.defs.failures import permanent_failures
from orchestration.defs.resources import WAREHOUSE_POOL, LandingResource, WarehouseResource
from orchestration.lib.raw_files import RawTableError
from orchestration.lib.raw_loader import RAW_SCHEMA, load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES, RawTable
from orchestration.lib.table_preview import preview_markdown

SOURCE_NAME = "crm"


def build_raw_table_asset(table: RawTable) -> dg.AssetsDefinition:
    """The ingestion asset of one contract table."""
    required = "required" if table.required else "optional"

    @dg.asset(
        key=[SOURCE_NAME, table.name],
        group_name="ingestion",
        kinds={"duckdb"},
        pool=WAREHOUSE_POOL,
        description=(
            f"Raw `{table.name}` ({required}) from LOYALTY_RAW_DIR: `{table.name}.csv`, "
            f"`.parquet` or a folder of parts, typed into `{RAW_SCHEMA}.{table.name}`. "
            "Only files new or changed since the last run are read; the rows of changed and "
            "removed files are replaced. Unparseable values become NULL and are listed in "
            "`_invalid_columns`; exact duplicate rows are collapsed."
        ),
    )
    def raw_table(
        context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
    ) -> dg.MaterializeResult:
        with warehouse.connect() as conn, permanent_failures(RawTableError):
            loaded = load_raw_table(conn, landing.folder(), table, full_refresh=landing.reload_everything())
            preview = preview_markdown(conn, f"{RAW_SCHEMA}.{table.name}")
        if not loaded.files:
            context.log.info(f"optional table '{table.name}' did not land: loaded empty")
        context.log.info(
            f"{table.name}: read {len(loaded.files_read)} of {len(loaded.files)} files "
            f"({loaded.rows_read} rows), dropped the rows of {len(loaded.files_dropped)} "
            f"({loaded.rows_removed} rows){' (full reload)' if loaded.full_reload else ''}"
        )
        return dg.MaterializeResult(
            metadata={
                "dagster/row_count": loaded.rows_loaded,
                "full_reload": loaded.full_reload,
                "files_read": dg.MetadataValue.json(loaded.files_read),
                "files_dropped": dg.MetadataValue.json(loaded.files_dropped),
                "rows_read": loaded.rows_read,
                "rows_removed": loaded.rows_removed,
                "duplicate_rows_collapsed": loaded.duplicate_rows_collapsed,
                "rows_with_invalid_values": loaded.rows_with_invalid_values,
                "files": dg.MetadataValue.json(loaded.files),
                "missing_optional_columns": dg.MetadataValue.json(loaded.missing_optional_columns),
                "preview": dg.MetadataValue.md(preview),
            }
        )

    return raw_table


raw_table_assets = [build_raw_table_asset(table) for table in RAW_TABLES]
