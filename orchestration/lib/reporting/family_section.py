"""Segment sizes against revenue, per family: who the members are and who brings the money.

Multi-value families (interests) can add up to more than 100 % of customers; rule
families (`rule:<name>`, segments in/out) are gathered into one chart of the members in.
"""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from orchestration.lib.reporting import formatting
from orchestration.lib.reporting.charts import share_bars_png
from orchestration.lib.reporting.html_page import (
    Section,
    chart_html,
    collapsed_html,
    headed_html,
    pair_html,
    table_html,
)
from orchestration.lib.reporting.segment_order import is_ordinal, ordered_families, ordered_segments
from orchestration.lib.segmentation.families import RULE_FAMILY_PREFIX

MAX_BARS = 12
"""Segments per chart; the biggest are drawn, the table beside lists every one."""

RULE_SEGMENT_IN = "in"
SUMMARY_HEADINGS = {
    "segment": "segment",
    "customers": "members",
    "share_of_customers": "% of members",
    "revenue_12m": "revenue 12m",
    "share_of_revenue_12m": "% of revenue",
    "avg_loyalty_score": "avg loyalty score",
    "avg_predicted_clv_12m": "avg CLV 12m",
}
SUMMARY_FORMATS = {
    "members": formatting.count,
    "% of members": formatting.share,
    "revenue 12m": formatting.amount,
    "% of revenue": formatting.share,
    "avg loyalty score": formatting.decimal,
    "avg CLV 12m": formatting.amount,
}


def family_section(summary: pd.DataFrame) -> Section:
    """One chart and table per family of the published segment_summary, rules gathered in one."""
    is_rule = summary["segment_family"].str.startswith(RULE_FAMILY_PREFIX)
    blocks = [
        _family_block(family, family, summary[summary["segment_family"] == family])
        for family in ordered_families(summary.loc[~is_rule, "segment_family"])
    ]
    rules = summary[is_rule & (summary["segment"] == RULE_SEGMENT_IN)]
    if not rules.empty:
        rules = rules.assign(segment=rules["segment_family"].str.removeprefix(RULE_FAMILY_PREFIX))
        blocks.append(_family_block("rule segments (members in each rule)", "rules", rules))
    return Section("segments", "Segment sizes and revenue shares", tuple(blocks), charts=len(blocks))


def _family_block(title: str, family: str, rows: pd.DataFrame) -> Markup:
    if is_ordinal(family):
        order = ordered_segments(family, rows["segment"])
        rows = rows.set_index("segment").loc[order].reset_index()
    else:
        rows = rows.sort_values(["customers", "segment"], ascending=[False, True])
    drawn = rows.head(MAX_BARS)
    caption = (
        f"The biggest {MAX_BARS} of {len(rows)} segments; the table lists all."
        if len(rows) > MAX_BARS
        else ""
    )
    chart = chart_html(
        f"segments-{family}",
        share_bars_png(
            drawn["segment"].tolist(),
            drawn["share_of_customers"].tolist(),
            drawn["share_of_revenue_12m"].tolist(),
            title,
        ),
        alt=f"{title}: share of customers and of 12-month revenue per segment",
        caption=caption,
    )
    table = table_html(rows[list(SUMMARY_HEADINGS)].rename(columns=SUMMARY_HEADINGS), SUMMARY_FORMATS)
    if len(rows) > MAX_BARS:
        table = collapsed_html(f"all {len(rows)} segments", table)
    return headed_html(title, pair_html(chart, table))
