"""The referrals table: about 5% of members came in through an earlier member."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from .columns import IdWidths, ids, timestamps
from .members import Members
from .timeline import Timeline

REFERRED_RATE = 0.05


def referrals_table(
    rng: np.random.Generator, members: Members, timeline: Timeline, widths: IdWidths
) -> pa.Table:
    """Referred members and a referrer who signed up before them, at the referred signup.

    Referrers come from the same chunk, which is a random sample of members, so
    this is no less realistic than drawing from everyone and keeps chunks independent.
    """
    by_signup = np.argsort(members.signup, kind="stable")
    rank = np.arange(members.size)
    referred = (rng.random(members.size) < REFERRED_RATE) & (rank > 0)
    referrer_rank = (rng.random(int(referred.sum())) * rank[referred]).astype(np.int64)
    referrer, member = by_signup[referrer_rank], by_signup[referred]
    order = np.argsort(member, kind="stable")
    referrer, member = referrer[order], member[order]
    return pa.table(
        {
            "referrer_id": ids("C", members.number[referrer], widths.customer),
            "referred_customer_id": ids("C", members.number[member], widths.customer),
            "referred_at": timestamps(timeline.any_timestamps(rng, members.signup[member])),
        }
    )
