"""Descriptive segment families: who members are, what they told us, how they respond.

Every family gives every member exactly one value, `unknown` where the data is
missing, so a BI filter on a family always adds up to all members.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

UNKNOWN = "unknown"
CONTACT_CHANNELS = ("email", "push", "sms", "mail")
DESCRIPTIVE_FAMILIES = (
    "age_band",
    "gender",
    "country",
    "region",
    "membership_type",
    "psychographic",
    "interest",
    "campaign_response",
    "preferred_channel",
    "purchase_channel",
)

INPUT_COLUMNS = (
    "customer_id",
    "age_years",
    "gender",
    "country",
    "region",
    "membership_type",
    "survey_lifestyle",
    "survey_price_sensitivity",
    "survey_interests",
    "campaigns_contacted",
    "campaign_open_rate",
    "campaign_click_rate",
    "campaign_conversion_rate",
    "preferred_purchase_channel",
    *(
        f"{prefix}{channel}{suffix}"
        for channel in CONTACT_CHANNELS
        for prefix, suffix in (("has_", "_consent"), ("is_unsubscribed_", ""), ("has_bounced_", ""))
    ),
    *(f"{channel}_{rate}" for channel in CONTACT_CHANNELS for rate in ("open_rate", "click_rate")),
)


@dataclass(frozen=True)
class DescriptiveConfig:
    """Age band lower bounds and campaign-response thresholds (rates over campaigns contacted).

    responsive    click rate ≥ responsive_click_rate or conversion rate ≥ responsive_conversion_rate
    occasional    open rate ≥ occasional_open_rate or any click
    unresponsive  contacted but neither
    never_reached no campaign ever delivered or sent
    """

    age_band_starts: tuple[int, ...] = (18, 25, 35, 45, 55, 65)
    responsive_click_rate: float = 0.10
    responsive_conversion_rate: float = 0.03
    occasional_open_rate: float = 0.15


def describe_members(frame: pd.DataFrame, config: DescriptiveConfig = DescriptiveConfig()) -> pd.DataFrame:
    """customer_id plus one column per descriptive family."""
    return pd.DataFrame(
        {
            "customer_id": frame["customer_id"].to_numpy(),
            "age_band": age_band(frame["age_years"], config.age_band_starts),
            "gender": _or_unknown(frame["gender"]),
            "country": _or_unknown(frame["country"], lower=False),
            "region": _or_unknown(frame["country"].str.cat(frame["region"], sep="-"), lower=False),
            "membership_type": _or_unknown(frame["membership_type"]),
            "psychographic": psychographic(frame),
            "interest": _or_unknown(frame["survey_interests"]),
            "campaign_response": campaign_response(frame, config),
            "preferred_channel": preferred_contact_channel(frame),
            "purchase_channel": _or_unknown(frame["preferred_purchase_channel"]),
        }
    )


def age_band(ages: pd.Series, starts: tuple[int, ...]) -> np.ndarray:
    """`18-24` … `65+`, `under_18` below the first band, `unknown` without a birth date."""
    values = ages.to_numpy(dtype=float)
    labels = [f"{low}-{high - 1}" for low, high in itertools.pairwise(starts)]
    labels.append(f"{starts[-1]}+")
    index = np.searchsorted(np.asarray(starts), np.nan_to_num(values, nan=-1), side="right") - 1
    bands = np.where(index >= 0, np.asarray(labels, dtype=object)[np.clip(index, 0, None)], "under_18")
    return np.where(np.isnan(values), UNKNOWN, bands)


def psychographic(frame: pd.DataFrame) -> np.ndarray:
    """Lifestyle and price sensitivity from the survey, e.g. `family_value_seeker`."""
    lifestyle = frame["survey_lifestyle"].fillna("").to_numpy(dtype=object)
    price = frame["survey_price_sensitivity"].fillna("").to_numpy(dtype=object)
    joined = np.where((lifestyle != "") & (price != ""), lifestyle + "_" + price, lifestyle + price)
    return np.where(joined == "", UNKNOWN, joined)


def campaign_response(frame: pd.DataFrame, config: DescriptiveConfig) -> np.ndarray:
    contacted = frame["campaigns_contacted"].to_numpy(dtype=float) > 0
    opens = np.nan_to_num(frame["campaign_open_rate"].to_numpy(dtype=float))
    clicks = np.nan_to_num(frame["campaign_click_rate"].to_numpy(dtype=float))
    conversions = np.nan_to_num(frame["campaign_conversion_rate"].to_numpy(dtype=float))
    conditions = [
        ~contacted,
        (clicks >= config.responsive_click_rate) | (conversions >= config.responsive_conversion_rate),
        (opens >= config.occasional_open_rate) | (clicks > 0),
    ]
    return np.select(conditions, ["never_reached", "responsive", "occasional"], default="unresponsive")


def preferred_contact_channel(frame: pd.DataFrame) -> np.ndarray:
    """The reachable consented channel the member engages with most.

    Reachable = consented, not unsubscribed, not bounced. Engagement = open +
    click rate on that channel; channels never used count as 0 and ties go to
    the order of CONTACT_CHANNELS. `no_consent` when no channel is reachable.
    """
    scores = []
    for channel in CONTACT_CHANNELS:
        reachable = (
            frame[f"has_{channel}_consent"].to_numpy(dtype=bool)
            & ~frame[f"is_unsubscribed_{channel}"].to_numpy(dtype=bool)
            & ~frame[f"has_bounced_{channel}"].to_numpy(dtype=bool)
        )
        engagement = np.nan_to_num(frame[f"{channel}_open_rate"].to_numpy(dtype=float)) + np.nan_to_num(
            frame[f"{channel}_click_rate"].to_numpy(dtype=float)
        )
        scores.append(np.where(reachable, engagement, -1.0))
    matrix = np.column_stack(scores)
    best = np.asarray(CONTACT_CHANNELS, dtype=object)[matrix.argmax(axis=1)]
    return np.where(matrix.max(axis=1) < 0, "no_consent", best)


def _or_unknown(values: pd.Series, lower: bool = True) -> np.ndarray:
    text = values.astype("string").str.strip()
    text = text.str.lower() if lower else text
    return text.fillna(UNKNOWN).replace("", UNKNOWN).to_numpy(dtype=object)
