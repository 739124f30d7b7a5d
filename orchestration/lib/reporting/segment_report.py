"""The segment report as a whole: read a serving database, build the page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

from orchestration.lib import warehouse
from orchestration.lib.reporting.distribution_sections import (
    CLV_VALUES_SQL,
    LOYALTY_VALUES_SQL,
    distribution_section,
    tier_section,
)
from orchestration.lib.reporting.family_section import family_section
from orchestration.lib.reporting.histograms import sql_histogram, sql_value_summary
from orchestration.lib.reporting.html_page import Section, page_html
from orchestration.lib.reporting.profile_sections import cluster_section, rfm_section
from orchestration.lib.reporting.serving_queries import (
    read_cluster_profiles,
    read_publish_info,
    read_rfm_grid,
    read_segment_summary,
    read_tier_mix,
)
from orchestration.lib.reporting.transition_section import transition_section
from orchestration.lib.reporting.transitions import read_transition_matrices

REPORT_FILE = "segment_report.html"
CLV_BINS = 40
LOYALTY_BINS = 20


@dataclass(frozen=True)
class SegmentReport:
    html: str
    charts: int
    as_of_date: date


def build_segment_report(conn: duckdb.DuckDBPyConnection) -> SegmentReport:
    """The whole page for the serving database behind `conn`."""
    info = read_publish_info(conn)
    sections: list[Section] = [
        family_section(read_segment_summary(conn)),
        rfm_section(read_rfm_grid(conn)),
        cluster_section(read_cluster_profiles(conn), info.members),
        distribution_section(
            sql_histogram(conn, CLV_VALUES_SQL, CLV_BINS),
            sql_histogram(conn, LOYALTY_VALUES_SQL, LOYALTY_BINS, low=0.0, high=100.0),
            {
                "predicted CLV 12 months (buyers)": sql_value_summary(conn, CLV_VALUES_SQL),
                "loyalty score": sql_value_summary(conn, LOYALTY_VALUES_SQL),
            },
        ),
        tier_section(read_tier_mix(conn)),
        transition_section(read_transition_matrices(conn, info.as_of_date), info.as_of_date),
    ]
    facts = [
        ("as-of date", str(info.as_of_date)),
        ("published at", f"{info.published_at:%Y-%m-%d %H:%M:%S} UTC"),
        ("run id", info.run_id),
        ("members", f"{info.members:,}"),
    ]
    html = page_html(f"Customer segment report, as of {info.as_of_date}", facts, sections)
    return SegmentReport(html, sum(section.charts for section in sections), info.as_of_date)


def read_segment_report(serving_db: Path, memory_limit: str = "4GB") -> SegmentReport:
    """Build the report from a serving database, read-only: the published one or a run's unpublished one."""
    if not serving_db.is_file():
        raise FileNotFoundError(f"no published serving database at {serving_db}; publish the marts first")
    with warehouse.connect(serving_db, read_only=True, memory_limit=memory_limit) as conn:
        return build_segment_report(conn)
