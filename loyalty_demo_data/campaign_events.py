"""The campaign_events table: who each campaign reached and how they reacted.

Targets are members consented on the campaign's channel at send time (win-back
campaigns only those who bought before but not lately). Promo campaigns keep
a control group (`holdout`). Reactions follow each member's responsiveness on
that channel, so some members read every e-mail and ignore every SMS.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from orchestration.lib.raw_schema import CAMPAIGN_EVENT_TYPES, CONTACT_CHANNELS

from .campaigns import NEWSLETTER, PROMO, WINBACK, CampaignPlan, campaign_ids
from .columns import IdWidths, ids, labels, timestamps
from .consents import Consents
from .members import Members, in_contract_order
from .orders import COMPLETED, Orders
from .timeline import DAY, Timeline

EVENT_TYPES = CAMPAIGN_EVENT_TYPES
SENT, DELIVERED, OPENED, CLICKED, CONVERTED, UNSUBSCRIBED, BOUNCED, HOLDOUT = map(
    EVENT_TYPES.index,
    ("sent", "delivered", "opened", "clicked", "converted", "unsubscribed", "bounced", "holdout"),
)
EMAIL = CONTACT_CHANNELS.index("email")
TARGET_RATE = {PROMO: 0.45, NEWSLETTER: 0.6, WINBACK: 0.9}
HOLDOUT_RATE = 0.1
WINBACK_SILENCE = 150 * DAY
DELIVERY_RATE = in_contract_order(  # post is not tracked
    CONTACT_CHANNELS, {"email": 0.975, "sms": 0.985, "push": 0.95, "mail": None}
)


@dataclass(frozen=True)
class Step:
    """A reaction that may follow an earlier event of the same member."""

    event: int
    after: int
    rate: float  # chance for a member of average responsiveness (or for anyone)
    responsive: bool  # whether the member's responsiveness on the channel scales it
    delay: float  # mean seconds after the earlier event


FUNNELS: tuple[tuple[Step, ...], ...] = in_contract_order(
    CONTACT_CHANNELS,
    {
        "email": (
            Step(OPENED, DELIVERED, 0.40, True, 6 * 3600),
            Step(CLICKED, OPENED, 0.22, True, 300),
            Step(CONVERTED, CLICKED, 0.25, False, DAY),
            Step(UNSUBSCRIBED, DELIVERED, 0.003, False, 2 * 3600),
        ),
        "sms": (
            Step(CLICKED, DELIVERED, 0.06, True, 1200),
            Step(CONVERTED, CLICKED, 0.3, False, DAY),
            Step(UNSUBSCRIBED, DELIVERED, 0.004, False, 3600),
        ),
        "push": (
            Step(OPENED, DELIVERED, 0.12, True, 3600),
            Step(CONVERTED, OPENED, 0.15, False, DAY),
            Step(UNSUBSCRIBED, DELIVERED, 0.002, False, 3600),
        ),
        "mail": (Step(CONVERTED, SENT, 0.025, True, 4 * DAY),),  # post
    },
)
Events = tuple[np.ndarray, np.ndarray, np.ndarray]  # member, event code, epoch seconds


def _silent_buyers(orders: Orders, size: int, ts: int) -> np.ndarray:
    """Members whose last completed order before `ts` is long ago: win-back material."""
    before = (orders.ts < ts) & (orders.status == COMPLETED)
    last = np.full(size, -1, dtype=np.int64)
    np.maximum.at(last, orders.member[before], orders.ts[before])
    return (last >= 0) & (last < ts - WINBACK_SILENCE)


def _reactions(
    rng: np.random.Generator, targets: np.ndarray, channel: int, send_ts: int, members: Members
) -> Events:
    """Sent, delivered or bounced, then the channel's funnel of reactions."""
    sent = send_ts + rng.integers(0, 1800, len(targets))
    stages = {SENT: (targets, sent)}
    if DELIVERY_RATE[channel] is not None:
        ok = rng.random(len(targets)) < DELIVERY_RATE[channel]
        stages[DELIVERED] = (targets[ok], sent[ok] + rng.integers(1, 300, int(ok.sum())))
        if channel == EMAIL:
            stages[BOUNCED] = (targets[~ok], sent[~ok] + rng.integers(1, 300, int((~ok).sum())))
    for step in FUNNELS[channel]:
        who, when = stages[step.after]
        chance = step.rate * (members.response[who, channel] if step.responsive else 1.0)
        hit = rng.random(len(who)) < np.minimum(chance, 0.95)
        delay = 1 + rng.exponential(step.delay, int(hit.sum())).astype(np.int64)
        stages[step.event] = (who[hit], when[hit] + delay)
    member = np.concatenate([who for who, _ in stages.values()])
    event = np.concatenate([np.full(len(who), code) for code, (who, _) in stages.items()])
    return member, event, np.concatenate([when for _, when in stages.values()])


def _campaign(
    rng: np.random.Generator, plan: CampaignPlan, i: int, eligible: np.ndarray, members: Members
) -> Events:
    """Events of campaign `i` among the eligible members, control group included."""
    kind, send_ts = int(plan.kind[i]), int(plan.send_ts[i])
    targets = np.flatnonzero(eligible & (rng.random(members.size) < TARGET_RATE[kind]))
    held = np.zeros(len(targets), dtype=bool)
    if kind == PROMO:
        held = rng.random(len(targets)) < HOLDOUT_RATE
    member, event, ts = _reactions(rng, targets[~held], int(plan.channel[i]), send_ts, members)
    return (
        np.concatenate([targets[held], member]),
        np.concatenate([np.full(int(held.sum()), HOLDOUT), event]),
        np.concatenate([np.full(int(held.sum()), send_ts), ts]),
    )


def campaign_events_table(
    rng: np.random.Generator,
    plan: CampaignPlan,
    members: Members,
    consents: Consents,
    orders: Orders,
    timeline: Timeline,
    widths: IdWidths,
) -> pa.Table:
    """Events of every campaign for the chunk's members; nothing after the window ends."""
    signup_day = timeline.epoch_day(members.signup)
    unsubscribed = np.full((members.size, len(CONTACT_CHANNELS)), np.iinfo(np.int64).max)
    parts = []
    for i in range(plan.size):
        channel, send_ts = int(plan.channel[i]), int(plan.send_ts[i])
        eligible = consents.opted_in(channel, send_ts) & (signup_day < plan.day[i])
        eligible &= unsubscribed[:, channel] > send_ts
        if plan.kind[i] == WINBACK:
            eligible &= _silent_buyers(orders, members.size, send_ts)
        member, event, ts = _campaign(rng, plan, i, eligible, members)
        gone = event == UNSUBSCRIBED
        unsubscribed[member[gone], channel] = ts[gone]
        parts.append((np.full(len(member), i), member, event, ts))
    campaign, member, event, ts = (np.concatenate(columns) for columns in zip(*parts, strict=True))
    keep = np.flatnonzero(ts <= timeline.end_ts)
    order = keep[np.lexsort((event[keep], ts[keep], member[keep], campaign[keep]))]
    return pa.table(
        {
            "campaign_id": campaign_ids(campaign[order]),
            "customer_id": ids("C", members.number[member[order]], widths.customer),
            "event_type": labels(event[order], EVENT_TYPES),
            "event_ts": timestamps(ts[order]),
        }
    )
