"""Human-readable cluster names, read off each cluster in original units.

A cluster's level on a feature is where its median falls in the buyer
population (mid-rank percentile, so a value shared by many buyers lands in
the middle of them): below the first level quantile it is "low", above the
second "high". Levels are relative on purpose: "frequent" means frequent for
this programme, whatever its purchase cycle. Spend is spend per order, so it
says something frequency does not.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.features import channel_shares, column

SINGLE_CLUSTER_LABEL = "all buyers (too few distinct behaviours to cluster)"

PRIMARY_WORDS = {
    "frequency": ("occasional", "regular", "frequent"),
    "avg_order_value": ("low spenders", "mid spenders", "high spenders"),
    "recency_days": ("active", "lapsing", "dormant"),
}
"""Feature -> words for its low, mid and high level; every label has all three."""

SECONDARY_WORDS = {
    "tenure_days": ("newer", None, "long-standing"),
    "discount_share": ("full-price", None, "deal-seeking"),
    "distinct_categories_purchased": ("narrow baskets", None, "broad baskets"),
    "return_rate": ("few returns", None, "many returns"),
}
"""Added, in this order, only to tell apart clusters whose labels would coincide."""

ENGAGEMENT = "campaign_open_rate"
CHANNEL_NAMES = {
    "store_share": "store",
    "online_share": "online",
    "app_share": "app",
    "phone_other_share": "phone/other",
}


def cluster_labels(frame: pd.DataFrame, ids: np.ndarray, k: int, config: ClusteringConfig) -> tuple[str, ...]:
    """One unique label per cluster id 0..k-1, from the buyers in `frame` and their `ids`."""
    values = {name: column(frame, name) for name in (*PRIMARY_WORDS, *SECONDARY_WORDS)}
    values[ENGAGEMENT] = np.nan_to_num(column(frame, ENGAGEMENT), nan=0.0)
    population = {name: np.sort(v[~np.isnan(v)]) for name, v in values.items()}
    shares = channel_shares(frame)
    bases, extras = [], []
    for cluster in range(k):
        members = ids == cluster
        level = {
            name: _level(population[name], _median(v[members]), config.level_quantiles)
            for name, v in values.items()
        }
        words = [PRIMARY_WORDS[name][level[name]] for name in PRIMARY_WORDS]
        parts = [f"{words[0]} {words[1]}", words[2], _main_channel(shares, members, config.channel_dominance)]
        if level[ENGAGEMENT] == 2:
            parts.append("campaign-engaged")
        bases.append(", ".join(parts))
        extras.append([SECONDARY_WORDS[name][level[name]] for name in SECONDARY_WORDS])
    return unique_labels(bases, extras)


def _median(values: np.ndarray) -> float:
    """Median ignoring NaN; NaN (read as "mid") when nothing is known."""
    known = values[~np.isnan(values)]
    return float(np.median(known)) if known.size else float("nan")


def _level(population: np.ndarray, value: float, cuts: tuple[float, float]) -> int:
    """0 (low), 1 (mid) or 2 (high): the mid-rank percentile of `value` in the sorted population."""
    if population.size == 0 or np.isnan(value):
        return 1
    ties_mid = np.searchsorted(population, value, "left") + np.searchsorted(population, value, "right")
    percentile = ties_mid / 2 / population.size
    return 0 if percentile <= cuts[0] else 2 if percentile >= cuts[1] else 1


def _main_channel(shares: dict[str, np.ndarray], members: np.ndarray, dominance: float) -> str:
    """'<channel> first' when one channel carries `dominance` of the cluster's orders, else omnichannel."""
    if not members.any():
        return "omnichannel"
    means = {name: float(share[members].mean()) for name, share in shares.items()}
    top = max(means, key=lambda name: means[name])
    return f"{CHANNEL_NAMES[top]} first" if means[top] >= dominance else "omnichannel"


def unique_labels(bases: list[str], extras: list[list[str | None]]) -> tuple[str, ...]:
    """Make clashing labels unique: add secondary words that differ, then the cluster id as last resort."""
    labels = list(bases)
    for position in range(len(extras[0]) if extras else 0):
        for group in _clashes(labels):
            words = [extras[i][position] for i in group]
            if len(set(words)) > 1:
                for i, word in zip(group, words, strict=True):
                    labels[i] += f", {word}" if word else ""
    for group in _clashes(labels):
        for i in group:
            labels[i] += f" (cluster {i})"
    return tuple(labels)


def _clashes(labels: list[str]) -> list[list[int]]:
    """Groups of positions sharing a label, for every label used more than once."""
    positions: dict[str, list[int]] = defaultdict(list)
    for i, label in enumerate(labels):
        positions[label].append(i)
    return [group for group in positions.values() if len(group) > 1]
