"""The campaigns table: one shared marketing calendar for all members.

The calendar comes from its own random stream (independent of the chunks), so
every chunk targets the same campaigns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from orchestration.lib.raw_schema import CONTACT_CHANNELS

from .columns import dates, ids, labels
from .members import in_contract_order
from .sampling import categorical
from .timeline import DAY, Timeline

KINDS = ("promo", "newsletter", "winback")
PROMO, NEWSLETTER, WINBACK = range(3)
KIND_WEIGHTS = (0.5, 0.35, 0.15)
CHANNEL_WEIGHTS = in_contract_order(
    CONTACT_CHANNELS, {"email": 0.55, "sms": 0.15, "push": 0.15, "mail": 0.15}
)
CAMPAIGNS_PER_YEAR = (11.5, 17.0)  # 40 to 60 over three and a half years


@dataclass(frozen=True)
class CampaignPlan:
    """The campaigns, sorted by send date."""

    day: np.ndarray  # epoch day sent
    send_ts: np.ndarray  # epoch seconds the send started
    channel: np.ndarray  # code into CONTACT_CHANNELS
    kind: np.ndarray  # code into KINDS

    @property
    def size(self) -> int:
        return len(self.day)


def plan_campaigns(rng: np.random.Generator, timeline: Timeline) -> CampaignPlan:
    """Draw send dates (never in the last two days) and channel and type of each campaign."""
    years = timeline.days / 365.25
    count = max(1, round(rng.uniform(*CAMPAIGNS_PER_YEAR) * years))
    offsets = rng.choice(np.arange(7, timeline.days - 2), size=count, replace=False)
    day = timeline.start_day + np.sort(offsets)
    send_ts = day * DAY + rng.integers(8 * 3600, 11 * 3600, count)
    channel = categorical(rng, CHANNEL_WEIGHTS, count)
    return CampaignPlan(day, send_ts, channel, categorical(rng, KIND_WEIGHTS, count))


def campaign_ids(numbers: np.ndarray) -> pa.Array:
    return ids("K", numbers + 1, 4)


def campaigns_table(plan: CampaignPlan) -> pa.Table:
    """Campaign rows with readable names like `2025-11 promo (email)`."""
    sent = dates(plan.day)
    kind = labels(plan.kind, KINDS)
    channel = labels(plan.channel, CONTACT_CHANNELS)
    month = pc.utf8_slice_codeunits(pc.cast(sent, pa.string()), 0, 7)
    name = pc.binary_join_element_wise(month, " ", kind, " (", channel, ")", "")
    return pa.table(
        {
            "campaign_id": campaign_ids(np.arange(plan.size)),
            "campaign_name": name,
            "channel": channel,
            "campaign_type": kind,
            "sent_date": sent,
        }
    )
