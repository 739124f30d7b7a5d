"""The RFM grid and the behavioural cluster profiles: what the segments are made of."""

from __future__ import annotations

import numpy as np
import pandas as pd

from orchestration.lib.reporting import formatting
from orchestration.lib.reporting.charts import heatmap_png
from orchestration.lib.reporting.html_page import Section, chart_html, pair_html, table_html, text_html

SCORES = range(1, 6)


def rfm_section(grid: pd.DataFrame) -> Section:
    """Members and mean monetary value per recency × frequency cell (5 = best, top right)."""
    title = "RFM grid"
    if grid.empty:
        return Section("rfm", title, (text_html("No member has a completed order yet: no RFM scores."),))
    scores = sorted(set(SCORES) | set(grid["r_score"]) | set(grid["f_score"]))
    members = _pivot(grid, "members", scores).fillna(0)
    monetary = _pivot(grid, "mean_monetary", scores)
    rows, columns = [f"R {score}" for score in members.index], [f"F {score}" for score in members.columns]
    axis_labels = ("frequency score (5 = most orders)", "recency score (5 = most recent)")
    charts = (
        chart_html(
            "rfm-members",
            heatmap_png(
                members.to_numpy(dtype=float),
                [[formatting.count(value) for value in row] for row in members.to_numpy()],
                rows,
                columns,
                "members per R × F cell",
                axis_labels,
                "members",
            ),
            alt="RFM grid: members per recency and frequency score",
        ),
        chart_html(
            "rfm-monetary",
            heatmap_png(
                monetary.to_numpy(dtype=float),
                [
                    ["" if np.isnan(value) else formatting.compact(value) for value in row]
                    for row in monetary.to_numpy()
                ],
                rows,
                columns,
                "mean monetary value per R × F cell",
                axis_labels,
                "mean monetary value",
            ),
            alt="RFM grid: mean monetary value per recency and frequency score",
        ),
    )
    note = text_html(
        f"Buyers only ({formatting.count(grid['members'].sum())} members); prospects have no scores."
    )
    return Section("rfm", title, (pair_html(*charts), note), charts=2)


def _pivot(grid: pd.DataFrame, values: str, scores: list[int]) -> pd.DataFrame:
    """Recency descending (best at the top), frequency ascending (best on the right)."""
    table = grid.pivot(index="r_score", columns="f_score", values=values)
    return table.reindex(index=scores[::-1], columns=scores).astype(float)


def cluster_section(profiles: pd.DataFrame, members: int) -> Section:
    """Per cluster: size and feature means, as a table and as a heatmap normalised per feature."""
    title = "Behavioural clusters"
    if profiles.empty:
        return Section("clusters", title, (text_html("No behavioural clusters are published (no buyers)."),))
    features = [column for column in profiles.columns if column not in ("cluster", "label", "members")]
    means = profiles[features].to_numpy(dtype=float).T
    low, high = np.nanmin(means, axis=1, keepdims=True), np.nanmax(means, axis=1, keepdims=True)
    spread = np.where(high > low, high - low, 1.0)
    normalised = np.where(high > low, (means - low) / spread, 0.5)
    chart = chart_html(
        "cluster-profiles",
        heatmap_png(
            normalised,
            [["" if np.isnan(value) else formatting.compact(value) for value in row] for row in means],
            features,
            [f"cluster {cluster}" for cluster in profiles["cluster"]],
            "feature means per cluster",
            ("cluster", "feature"),
            "lowest (0) to highest (1) cluster mean",
        ),
        alt="Behavioural cluster profiles: mean of each key feature, normalised per feature",
        caption="Colour compares clusters feature by feature; the numbers are the cluster means.",
    )
    table = table_html(
        profiles.assign(share_of_members=profiles["members"] / members)[
            ["cluster", "label", "members", "share_of_members", *features]
        ],
        {"members": formatting.count, "share_of_members": formatting.share}
        | dict.fromkeys(features, formatting.decimal),
    )
    note = text_html(
        f"{formatting.count(members - profiles['members'].sum())} members without a cluster (prospects)."
    )
    return Section("clusters", title, (pair_html(chart), note, table), charts=1)
