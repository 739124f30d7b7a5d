"""RFM: recency, frequency and monetary quintile scores and the eleven named segments.

Scores are computed over buyers only (members with a completed order) with the
tie-aware `quantile_scores`: 5 is best (most recent, most frequent, highest
spend). Named segments come from `RFM_SEGMENT_RULES`, evaluated in order; the
first rule whose score ranges contain the member wins. The rules cover the
whole 5×5 recency × frequency grid, so every buyer gets exactly one segment;
members without a completed order are `prospect`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from orchestration.lib.segmentation.ranking import quantile_scores

PROSPECT = "prospect"


@dataclass(frozen=True)
class RfmRule:
    """A named segment: inclusive score ranges (low, high) for r, f and m."""

    segment: str
    r: tuple[int, int]
    f: tuple[int, int] = (1, 5)
    m: tuple[int, int] = (1, 5)


RFM_SEGMENT_RULES: tuple[RfmRule, ...] = (
    RfmRule("champions", r=(4, 5), f=(4, 5), m=(4, 5)),
    RfmRule("loyal_customers", r=(3, 5), f=(4, 5)),
    RfmRule("cannot_lose_them", r=(1, 1), f=(4, 5)),
    RfmRule("at_risk", r=(1, 2), f=(3, 5)),
    RfmRule("potential_loyalists", r=(4, 5), f=(2, 3)),
    RfmRule("new_customers", r=(5, 5), f=(1, 1)),
    RfmRule("promising", r=(3, 4), f=(1, 1)),
    RfmRule("need_attention", r=(3, 3), f=(2, 3)),
    RfmRule("about_to_sleep", r=(2, 2), f=(2, 2)),
    RfmRule("lost", r=(1, 1), f=(1, 1)),
    RfmRule("hibernating", r=(1, 2), f=(1, 2)),
)
RFM_SEGMENTS: tuple[str, ...] = (*(rule.segment for rule in RFM_SEGMENT_RULES), PROSPECT)


def score_rfm(
    frame: pd.DataFrame, rules: tuple[RfmRule, ...] = RFM_SEGMENT_RULES, bins: int = 5
) -> pd.DataFrame:
    """r/f/m scores (nullable ints, null without orders) and `rfm_segment` per row.

    `frame` needs recency_days, frequency and monetary; rows keep their order.
    """
    buyer = frame["frequency"].to_numpy(dtype=float) > 0
    scores = {}
    for name, column, higher_is_better in (
        ("r_score", "recency_days", False),
        ("f_score", "frequency", True),
        ("m_score", "monetary", True),
    ):
        values = frame[column].to_numpy(dtype=float).copy()
        values[~buyer] = np.nan
        scores[name] = quantile_scores(values, bins, higher_is_better)
    segment = assign_segments(scores["r_score"], scores["f_score"], scores["m_score"], rules)
    result = pd.DataFrame(
        {name: _nullable_ints(values, buyer) for name, values in scores.items()}, index=frame.index
    )
    result["rfm_segment"] = np.where(buyer, segment, PROSPECT)
    return result


def assign_segments(
    r: np.ndarray, f: np.ndarray, m: np.ndarray, rules: tuple[RfmRule, ...] = RFM_SEGMENT_RULES
) -> np.ndarray:
    """The first matching rule's segment for each (r, f, m); unmatched rows get None."""
    conditions = [
        (r >= rule.r[0])
        & (r <= rule.r[1])
        & (f >= rule.f[0])
        & (f <= rule.f[1])
        & (m >= rule.m[0])
        & (m <= rule.m[1])
        for rule in rules
    ]
    return np.select(conditions, [rule.segment for rule in rules], default=None)


def _nullable_ints(values: np.ndarray, keep: np.ndarray) -> pd.arrays.IntegerArray:
    """Integer scores as a nullable array, null where `keep` is false."""
    array = pd.array(values, dtype="Int64")
    array[~keep] = pd.NA
    return array


def rfm_grid_markdown(scores: pd.DataFrame) -> str:
    """Buyers per recency × frequency score as a Markdown table (recency 5 at the top)."""
    grid = pd.crosstab(scores["r_score"], scores["f_score"]).reindex(
        index=range(5, 0, -1), columns=range(1, 6), fill_value=0
    )
    lines = ["| R \\ F | 1 | 2 | 3 | 4 | 5 |", "| --- | --- | --- | --- | --- | --- |"]
    lines += [f"| {r} | " + " | ".join(str(n) for n in row) + " |" for r, row in grid.iterrows()]
    return "\n".join(lines)
