"""The history assets: splice today's segment membership into `history.*`, then count transitions.

They write the persistent `history` schema but are keyed under `segments/`
beside the membership they track. Both work on the as-of date of the current
build, so a backfill or re-run of any date, in any order, leaves the same tables.
"""

import dagster as dg

from orchestration.defs.as_of import run_as_of
from orchestration.defs.resources import LandingResource, WarehouseResource
from orchestration.defs.segments_schema import (
    SEGMENTS_SCHEMA,
    segment_asset,
    segments_key,
)
from orchestration.lib.history.splice import splice_snapshot
from orchestration.lib.history.tables import SEGMENT_HISTORY, SEGMENT_TRANSITIONS, history_coverage
from orchestration.lib.history.transitions import (
    changes_by_family,
    create_biggest_transitions_view,
    refresh_transitions,
)
from orchestration.lib.table_preview import preview_markdown

PREVIEWED_TRANSITIONS = 10


@segment_asset(deps=[segments_key("segment_membership")], group_name="history")
def segment_history(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Each member's segment per family as intervals [valid_from, valid_to) over the processed as-of dates
    (`history.segment_history`, plus the dates in `history.segment_history_dates`).

    The current as-of date's `segment_membership` is spliced in: only intervals touching it and the
    next processed date are rebuilt, so re-runs are idempotent and backfills may come in any order.
    """
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        result = splice_snapshot(conn, f"{SEGMENTS_SCHEMA}.segment_membership", as_of, context.run.run_id)
        (rows,) = conn.execute(f"select count(*) from {SEGMENT_HISTORY}").fetchone()
        coverage = history_coverage(conn)
    context.log.info(
        f"spliced {as_of}: {result.intervals_removed} intervals replaced by {result.intervals_added}"
    )
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "as_of_date": str(as_of),
            "next_as_of_date": str(result.next_as_of_date or ""),
            "intervals_removed": result.intervals_removed,
            "intervals_added": result.intervals_added,
            "dates_covered": coverage.dates,
            "first_as_of_date": str(coverage.first),
            "last_as_of_date": str(coverage.last),
        }
    )


@segment_asset(deps=[segment_history], group_name="history")
def segment_transitions(
    context: dg.AssetExecutionContext, landing: LandingResource, warehouse: WarehouseResource
) -> dg.MaterializeResult:
    """Members per family moving from one segment to another between consecutive processed as-of dates
    (`history.segment_transitions`; stays included, NULL = no value: new or gone members).

    Recomputes the current as-of date, the processed date after it (whose previous date a backfill
    may just have changed) and any date an earlier run spliced without finishing this step.
    """
    as_of = run_as_of(context, landing, warehouse)
    with warehouse.connect() as conn:
        recomputed = refresh_transitions(conn, as_of)
        (rows,) = conn.execute(f"select count(*) from {SEGMENT_TRANSITIONS}").fetchone()
        changes = changes_by_family(conn, as_of)
        view = create_biggest_transitions_view(conn, as_of)
        preview = preview_markdown(conn, view, limit=PREVIEWED_TRANSITIONS)
    context.log.info(f"transitions recomputed for {[str(day) for day in recomputed]}")
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": rows,
            "as_of_date": str(as_of),
            "recomputed_dates": dg.MetadataValue.json([str(day) for day in recomputed]),
            "changes_by_family": dg.MetadataValue.json(changes),
            "biggest_transitions": dg.MetadataValue.md(preview),
        }
    )
