"""The daily partitions of the refresh: one partition per as-of date.

Assets that hold the warehouse's current state (raw tables, marts, segments, the published
marts) are not partitioned: each run replaces them as of its date. The outputs kept per as-of
date, the audience export folders and the dated segment report, are daily-partitioned, and so
the job `daily_refresh` is too. Because no partitioned asset has a partitioned upstream asset,
the job also runs without a partition (`dagster job execute -j daily_refresh`, docs/contract.md §4),
as of LOYALTY_AS_OF or the latest order.
"""

from datetime import date

import dagster as dg

AS_OF_PARTITIONS = dg.DailyPartitionsDefinition(start_date="2020-01-01", timezone="UTC")
"""Partition `YYYY-MM-DD` refreshes as of the end of that day; the newest is yesterday (the last
complete day), which is what the schedule runs. Backfills reach back to 2020."""


def check_partition_matches(context: dg.AssetExecutionContext, as_of: date) -> None:
    """A dated output must hold its partition's data: refuse to label today's marts with another date.

    Guards a backfill launched on a dated asset alone, without the refresh that builds its as-of.
    """
    if context.has_partition_key and context.partition_key != as_of.isoformat()[:10]:
        raise dg.Failure(
            f"partition {context.partition_key} but the warehouse holds as-of {as_of}: backfill the "
            "daily_refresh job for that date, not this asset alone",
            allow_retries=False,
        )


BACKFILL_TAGS = ("dagster/backfill", "loyalty/backfill")
"""Dagster tags every run of a backfill (UI or `dagster job backfill`) with `dagster/backfill`;
`make backfill` tags its runs `loyalty/backfill`."""


def is_backfill(context: dg.AssetExecutionContext) -> bool:
    """Whether this run fills in a past date rather than refreshing for today's use."""
    return any(tag in context.run.tags for tag in BACKFILL_TAGS)
