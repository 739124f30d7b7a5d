"""The segment report: a static HTML page next to the serving marts, rebuilt after each publish."""

import dagster as dg

from orchestration.defs.partitions import AS_OF_PARTITIONS, check_partition_matches
from orchestration.defs.publishing.serving import published_marts
from orchestration.defs.resources import WarehouseResource
from orchestration.lib.atomic_file import write_atomically
from orchestration.lib.publish import SERVING_DB
from orchestration.lib.reporting.segment_report import REPORT_FILE, write_segment_report

ARCHIVE_DIR = "reports"


@dg.asset(
    key_prefix=["reporting"],
    deps=[published_marts],
    group_name="reporting",
    kinds={"html", "duckdb"},
    partitions_def=AS_OF_PARTITIONS,
)
def segment_report(context: dg.AssetExecutionContext, warehouse: WarehouseResource) -> dg.MaterializeResult:
    """Segment sizes and revenue shares, the RFM grid, cluster profiles, CLV and loyalty distributions,
    the tier mix and segment transitions, as one self-contained HTML file in LOYALTY_SERVING_DIR,
    plus a dated copy `reports/segment_report_<as-of>.html` per partition.

    It reads the published serving database (read-only), not the warehouse, so it shows exactly
    what BI tools see and needs no slot in the warehouse pool.
    """
    settings = warehouse.settings()
    target = settings.serving_dir / REPORT_FILE
    report = write_segment_report(
        settings.serving_dir / SERVING_DB, target, memory_limit=settings.duckdb_memory_limit
    )
    check_partition_matches(context, report.as_of_date)
    archive = settings.serving_dir / ARCHIVE_DIR / f"segment_report_{report.as_of_date}.html"
    write_atomically(archive, report.html.encode("utf-8"))
    context.log.info(f"wrote {target} and {archive} with {report.charts} charts as of {report.as_of_date}")
    return dg.MaterializeResult(
        metadata={
            "report": dg.MetadataValue.url(target.resolve().as_uri()),
            "path": dg.MetadataValue.path(str(target)),
            "dated_copy": dg.MetadataValue.path(str(archive)),
            "charts": report.charts,
            "as_of_date": str(report.as_of_date),
            "size_bytes": len(report.html.encode("utf-8")),
        }
    )
