"""The audience exports: segment members handed to the e-mail, SMS, push and mail tools."""

from datetime import UTC, datetime
from pathlib import Path

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.failures import permanent_failures
from orchestration.defs.partitions import AS_OF_PARTITIONS, check_partition_matches, is_backfill
from orchestration.defs.publishing.serving import published_marts
from orchestration.defs.resources import (
    WAREHOUSE_POOL,
    ActivationResource,
    LandingResource,
    MarketingFilesResource,
    WarehouseResource,
)
from orchestration.defs.segments_schema import segments_key
from orchestration.defs.transform.dbt_models import CONTACTABILITY, CONTACTS
from orchestration.lib.activation import AudienceError, ContactCap, export_audiences, load_audiences


@dg.asset(
    key_prefix=["activation"],
    deps=[published_marts, segments_key("segment_membership"), CONTACTABILITY, CONTACTS],
    partitions_def=AS_OF_PARTITIONS,
    group_name="activation",
    kinds={"duckdb", "csv", "parquet"},
    pool=WAREHOUSE_POOL,
)
def audience_exports(
    context: dg.AssetExecutionContext,
    activation: ActivationResource,
    landing: LandingResource,
    marketing_files: MarketingFilesResource,
    warehouse: WarehouseResource,
) -> dg.MaterializeResult:
    """One CSV and one Parquet file per audience of the audiences file, in
    `<LOYALTY_EXPORT_DIR>/<as_of>/` with a manifest.json: the segment members who consented on
    the channel, neither unsubscribed nor bounced, can be reached there (all four decided by the
    dbt model int_contacts_checked_to_customer_channels) and are under the contact cap (tracked
    across runs in `history.contact_log`). The contact details come from personal.stg_crm__contacts.

    Runs only after a successful publish, so nothing leaves before the quality gate passed. A
    missing audiences file fails the run, like a missing rules file: a mistyped LOYALTY_AUDIENCES
    must not quietly stop every export. `audiences: []` exports nothing on purpose; an unknown
    segment fails the run naming it.

    A backfill run exports nothing: lists for past dates would reach the channel tools late and
    count against the contact cap. To export a date again, run its partition outside a backfill.
    """
    audiences_file = marketing_files.audiences_file()
    if is_backfill(context):
        context.log.info("backfill run: no audience exports for a past as-of date")
        return dg.MaterializeResult(metadata={"exported_contacts": 0, "skipped": "backfill run"})
    with permanent_failures(AudienceError):
        audiences = load_audiences(audiences_file)
    if not audiences:
        return _nothing_to_export(context, audiences_file)
    cap = ContactCap(*activation.cap())
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn, permanent_failures(AudienceError):
        check_partition_matches(context, as_of)
        run = export_audiences(
            conn,
            audiences,
            as_of,
            activation.export_folder(),
            cap,
            context.run.run_id,
            datetime.now(UTC).replace(tzinfo=None),
        )
    exported = sum(counts.exported for counts in run.counts)
    context.log.info(f"exported {exported} contacts in {len(audiences)} audiences to {run.folder}")
    return dg.MaterializeResult(
        metadata={
            "as_of_date": str(as_of),
            "export_folder": dg.MetadataValue.path(str(run.folder)),
            "manifest": dg.MetadataValue.path(str(run.manifest)),
            "audiences": dg.MetadataValue.json(run.counts_json()),
            "exported_contacts": exported,
            "contacts_replaced": run.contacts_replaced,
            "audiences_file": dg.MetadataValue.path(str(audiences_file)),
        }
    )


def _nothing_to_export(context: dg.AssetExecutionContext, path: Path) -> dg.MaterializeResult:
    """Not an error: a deployment that does not activate segments lists no audiences."""
    context.log.info(f"the audiences file lists none ({path}): nothing to export")
    return dg.MaterializeResult(
        metadata={"audiences_file": dg.MetadataValue.path(str(path)), "exported_contacts": 0}
    )
