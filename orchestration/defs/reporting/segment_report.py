"""The segment report: a static HTML page next to the serving marts, rebuilt after each publish."""

import shutil

import dagster as dg

from orchestration.defs.partitions import AS_OF_PARTITIONS, check_partition_matches
from orchestration.defs.publishing.serving import published_marts
from orchestration.defs.resources import ServingResource, WarehouseResource
from orchestration.lib.atomic_file import write_atomically
from orchestration.lib.publish import SERVING_DB
from orchestration.lib.publish_plan import staged_release, unpublished_root
from orchestration.lib.reporting.segment_report import REPORT_FILE, read_segment_report

ARCHIVE_DIR = "reports"


@dg.asset(
    key_prefix=["reporting"],
    deps=[published_marts],
    group_name="reporting",
    kinds={"html", "duckdb"},
    partitions_def=AS_OF_PARTITIONS,
)
def segment_report(
    context: dg.AssetExecutionContext, serving: ServingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Segment sizes and revenue shares, the RFM grid, cluster profiles, CLV and loyalty distributions,
    the tier mix and segment transitions, as one self-contained HTML file in LOYALTY_SERVING_DIR,
    plus a dated copy `reports/segment_report_<as-of>.html` per partition.

    It reads the published serving database (read-only), not the warehouse, so it shows exactly
    what BI tools see and needs no slot in the warehouse pool. A backfill that kept a newer
    publish reads its own unpublished release instead and writes only the dated copy.
    """
    serving_dir = serving.folder()
    staged = staged_release(unpublished_root(warehouse.path()), context.run.run_id)
    source = (staged or serving_dir) / SERVING_DB
    report = read_segment_report(source, memory_limit=warehouse.duckdb_memory_limit())
    check_partition_matches(context, report.as_of_date)
    html = report.html.encode("utf-8")
    archive = serving_dir / ARCHIVE_DIR / f"segment_report_{report.as_of_date}.html"
    metadata: dict[str, dg.MetadataValue] = {
        "dated_copy": dg.MetadataValue.path(str(archive)),
        "charts": dg.MetadataValue.int(report.charts),
        "as_of_date": dg.MetadataValue.text(str(report.as_of_date)),
        "size_bytes": dg.MetadataValue.int(len(html)),
    }
    target = serving_dir / REPORT_FILE
    if staged is None:
        write_atomically(target, html)
        metadata["report"] = dg.MetadataValue.url(target.resolve().as_uri())
        metadata["path"] = dg.MetadataValue.path(str(target))
    write_atomically(archive, html)
    if staged is not None:
        shutil.rmtree(staged)
    written = target if staged is None else archive
    context.log.info(f"wrote {written} with {report.charts} charts as of {report.as_of_date}")
    return dg.MaterializeResult(metadata=metadata)
