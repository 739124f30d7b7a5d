"""Value and loyalty: the CLV and loyalty-score distributions and the tier mix."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup

from orchestration.lib.reporting import formatting
from orchestration.lib.reporting.charts import histogram_png, stacked_bars_png
from orchestration.lib.reporting.histograms import Histogram
from orchestration.lib.reporting.html_page import Section, chart_html, pair_html, table_html, text_html
from orchestration.lib.reporting.segment_order import ordered_segments

CLV_VALUES_SQL = """
select scores.predicted_clv_12m as value
from customer_scores as scores
join customer_segments as segments on segments.customer_id = scores.customer_id
where segments.frequency > 0
"""
"""Buyers only: prospects have no CLV and would pile up in a bar of their own."""

LOYALTY_VALUES_SQL = "select loyalty_score as value from customer_scores"
CHURN_RISK_COLOURS = {"low": "#54a24b", "medium": "#f58518", "high": "#e45756"}


def distribution_section(
    clv: Histogram | None, loyalty: Histogram | None, summaries: dict[str, dict[str, float]]
) -> Section:
    """Histograms of 12-month CLV (clipped at the 99th percentile) and of the loyalty score."""
    blocks = (
        _histogram_block(
            "clv-distribution",
            clv,
            ("predicted 12-month CLV, buyers", "predicted CLV (12 months)"),
            _clv_caption(clv) if clv else "No buyer has a predicted CLV yet.",
        ),
        _histogram_block(
            "loyalty-score-distribution",
            loyalty,
            ("loyalty score, all members", "loyalty score (0–100)"),
            f"{formatting.count(loyalty.total)} members with a score."
            if loyalty
            else "No loyalty scores yet.",
        ),
    )
    table = pd.DataFrame([{"measure": name, **summary} for name, summary in summaries.items()])
    formats = {"members": formatting.count} | dict.fromkeys(table.columns[2:], formatting.decimal)
    return Section(
        "distributions",
        "CLV and loyalty-score distributions",
        (pair_html(*blocks), table_html(table, formats)),
        charts=(clv is not None) + (loyalty is not None),
    )


def _histogram_block(name: str, histogram: Histogram | None, labels: tuple[str, str], caption: str) -> Markup:
    """The chart with its caption, or the caption alone when there is nothing to draw."""
    if histogram is None:
        return text_html(caption)
    title, value_label = labels
    return chart_html(name, histogram_png(histogram, title, value_label), alt=title, caption=caption)


def _clv_caption(clv: Histogram) -> str:
    return (
        f"{formatting.count(clv.total)} buyers, bins from {formatting.amount(clv.low)} to the 99th "
        f"percentile {formatting.amount(clv.high)}; values above it "
        f"({formatting.count(clv.clipped_above)} members) are counted in the last bar."
    )


def tier_section(mix: pd.DataFrame) -> Section:
    """Members per loyalty tier, split by churn risk: are the best tiers also the safest?"""
    title = "Loyalty tier mix"
    if mix.empty:
        return Section("tiers", title, (text_html("No member has a loyalty tier yet."),))
    tiers = ordered_segments("loyalty_tier", mix["loyalty_tier"])
    risks = ordered_segments("churn_risk", mix["churn_risk"])
    table = mix.pivot(index="loyalty_tier", columns="churn_risk", values="members")
    table = table.reindex(index=tiers, columns=risks).fillna(0).astype("int64")
    chart = chart_html(
        "loyalty-tiers",
        stacked_bars_png(
            tiers,
            {risk: table[risk].tolist() for risk in risks},
            CHURN_RISK_COLOURS,
            "members per loyalty tier",
        ),
        alt="Members per loyalty tier, stacked by churn risk",
        caption="Bars split by churn risk; unknown = members the CLV model cannot score.",
    )
    totals = table.sum(axis=1)
    frame = pd.DataFrame(
        {"loyalty_tier": tiers, "members": totals.to_numpy(), "share": (totals / totals.sum()).to_numpy()}
    )
    frame = frame.join(table.add_prefix("churn_risk_").reset_index(drop=True))
    formats = {"members": formatting.count, "share": formatting.share}
    formats |= dict.fromkeys(frame.columns[3:], formatting.count)
    return Section("tiers", title, (pair_html(chart, table_html(frame, formats)),), charts=1)
