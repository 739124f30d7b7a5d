"""The consents table: who may be contacted on which channel, and who changed their mind.

Most members record a choice per channel when they sign up (push when they
install the app, a little later); a minority flips it later on, and the latest
row holds. Campaign targeting reads the same state, so nobody is mailed
without consent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from orchestration.lib.raw_schema import CONTACT_CHANNELS

from .columns import IdWidths, ids, labels, timestamps
from .members import Members, in_contract_order
from .timeline import DAY, Timeline

OPT_IN_RATE = np.array(
    in_contract_order(CONTACT_CHANNELS, {"email": 0.62, "sms": 0.32, "push": 0.38, "mail": 0.45})
)
RECORDED_RATE = 0.9  # share of member-channel pairs with any consent row
CHANGE_RATE = 0.08  # share of recorded choices reversed later
NEVER = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Consents:
    """Per member and contact channel: first choice, and an optional later reversal."""

    first_ts: np.ndarray  # (n, 4) epoch seconds, NEVER when nothing was recorded
    first_in: np.ndarray  # (n, 4) opted in at the first choice
    change_ts: np.ndarray  # (n, 4) epoch seconds of the reversal, NEVER when none

    def opted_in(self, channel: int, ts: int) -> np.ndarray:
        """Whether each member may be contacted on `channel` at `ts`."""
        recorded = self.first_ts[:, channel] <= ts
        changed = self.change_ts[:, channel] <= ts
        return recorded & (self.first_in[:, channel] ^ changed)


def draw_consents(rng: np.random.Generator, members: Members, timeline: Timeline) -> Consents:
    """Draw every member's consent history; openness to contact varies by member."""
    shape = (members.size, len(CONTACT_CHANNELS))
    signup_ts = timeline.any_timestamps(rng, members.signup)
    later = rng.exponential(20.0 * DAY, shape).astype(np.int64)
    later[:, CONTACT_CHANNELS.index("email")] = 0  # e-mail consent is asked on the signup form
    first_ts = np.minimum(signup_ts[:, None] + later, timeline.end_ts)
    openness = rng.standard_normal(members.size)[:, None]
    logit = np.log(OPT_IN_RATE / (1 - OPT_IN_RATE)) + 1.2 * openness
    first_in = rng.random(shape) < 1 / (1 + np.exp(-logit))
    room = timeline.end_ts - first_ts - DAY  # a reversal comes at least a day later
    change_ts = first_ts + DAY + (rng.random(shape) * np.maximum(room, 0)).astype(np.int64)
    first_ts = np.where(rng.random(shape) < RECORDED_RATE, first_ts, NEVER)
    changes = (rng.random(shape) < CHANGE_RATE) & (first_ts < NEVER) & (room > 0)
    change_ts = np.where(changes, change_ts, NEVER)
    return Consents(first_ts, first_in, change_ts)


def consents_table(consents: Consents, members: Members, widths: IdWidths) -> pa.Table:
    """One row per recorded choice and one per reversal, by member, channel and time."""
    first = np.nonzero(consents.first_ts < NEVER)
    change = np.nonzero(consents.change_ts < NEVER)
    member = np.concatenate([first[0], change[0]])
    channel = np.concatenate([first[1], change[1]])
    ts = np.concatenate([consents.first_ts[first], consents.change_ts[change]])
    opted_in = np.concatenate([consents.first_in[first], ~consents.first_in[change]])
    order = np.lexsort((ts, channel, member))
    return pa.table(
        {
            "customer_id": ids("C", members.number[member[order]], widths.customer),
            "channel": labels(channel[order], CONTACT_CHANNELS),
            "opted_in": pa.array(opted_in[order]),
            "updated_at": timestamps(ts[order]),
        }
    )
