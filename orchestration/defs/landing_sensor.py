"""A sensor on the landing folder: new or changed raw files start a refresh, once per state."""

import dagster as dg

from orchestration.defs.partitions import AS_OF_PARTITIONS
from orchestration.defs.resources import LandingResource
from orchestration.defs.schedules import daily_refresh
from orchestration.lib.landing import arrivals, decode, digest, encode, landing_fingerprint, still_arriving
from orchestration.lib.raw_schema import RAW_TABLES

TRIGGER_TAG = "loyalty/trigger"
ARRIVED_TAG = "loyalty/arrived_files"
_ARRIVED_TAG_MAX = 200


@dg.sensor(
    job=daily_refresh,
    minimum_interval_seconds=60,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Starts a refresh of yesterday's partition when contract tables land in LOYALTY_RAW_DIR or "
        "change there, once per state of the folder; waits while files are still being copied."
    ),
)
def raw_landing_sensor(
    context: dg.SensorEvaluationContext, landing: LandingResource
) -> dg.RunRequest | dg.SkipReason:
    """The cursor holds the fingerprint of the files already refreshed (path, size, mtime), and
    the run key is its digest, so the same files never start a second run, even after a reset."""
    raw_dir = landing.folder()
    current = landing_fingerprint(raw_dir, [table.name for table in RAW_TABLES])
    arrived = arrivals(decode(context.cursor), current)
    if not arrived:
        context.update_cursor(encode(current))
        return dg.SkipReason(f"no new or changed files in {raw_dir}")
    busy = still_arriving(current, arrived)
    if busy:
        return dg.SkipReason(f"waiting for files still being written: {', '.join(busy[:5])}")
    context.update_cursor(encode(current))
    arrived_list = ", ".join(arrived)
    if len(arrived_list) > _ARRIVED_TAG_MAX:
        arrived_list = arrived_list[: _ARRIVED_TAG_MAX - 1] + "…"
    return dg.RunRequest(
        run_key=f"landing-{digest(current)}",
        partition_key=AS_OF_PARTITIONS.get_last_partition_key(),
        tags={TRIGGER_TAG: "landing", ARRIVED_TAG: arrived_list},
    )
