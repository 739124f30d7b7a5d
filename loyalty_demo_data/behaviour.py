"""How each persona buys: when its members signed up and their phases of steady buying.

Positions are days from the window start; signups may lie up to three years
before it. Every member draws their own rates, so no two are clones. Personas
are defined as of `now` (the story day); buying that is still under way then
carries on to the window `end`, which lies past `now` when the window holds
days still to be delivered.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from .cadence import SINGLE, Phases
from .personas import CODE
from .sampling import lognormal

Rng = np.random.Generator
Array = np.ndarray
# (rng, member indices, their signups, story day position, window end) -> (signups, phases)
Plan = Callable[[Rng, Array, Array, float, float], tuple[Array, Phases]]
EARLIEST_SIGNUP = -3 * 365.0


def cap_signup(rng: Rng, signup: Array, latest: float | Array) -> Array:
    """Redraw signups later than a persona allows uniformly before that limit (no pile-up)."""
    latest = np.broadcast_to(latest, signup.shape)
    low = np.minimum(EARLIEST_SIGNUP, latest - 1.0)
    redrawn = low + rng.random(len(signup)) * (latest - low)
    return np.where(signup > latest, redrawn, signup)


def first_purchase(rng: Rng, signup: Array, latest: float | Array) -> Array:
    """Most members buy within days of signing up (or of the window opening)."""
    return np.minimum(np.maximum(signup, 0.0) + rng.exponential(10.0, len(signup)), latest)


def _loyal(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Frequent, regular buyers since at least a year ago, still buying today."""
    signup = cap_signup(rng, signup, now - 365.0)
    gap = lognormal(rng, 17.5, 0.35, (6.0, 45.0), len(members))
    return signup, Phases.of(members, first_purchase(rng, signup, end), end, gap, 3.0)


def _casual(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """A few irregular orders a year, still around."""
    signup = cap_signup(rng, signup, now - 200.0)
    gap = lognormal(rng, 110.0, 0.4, (45.0, 300.0), len(members))
    return signup, Phases.of(members, first_purchase(rng, signup, end), end, gap, 1.3)


def _new(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Signed up in the last three months; first order within days of joining."""
    signup = now - rng.uniform(3.0, 95.0, len(members))
    start = np.clip(signup + rng.exponential(4.0, len(members)), 0.0, now - 0.01)
    gap = lognormal(rng, 35.0, 0.4, (14.0, 90.0), len(members))
    return signup, Phases.of(members, start, end, gap, 1.5, anchored=True)


def _at_risk(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Bought like clockwork, then fell silent for two to five of their own gaps."""
    gap = lognormal(rng, 26.0, 0.3, (10.0, 60.0), len(members))
    stop = now - gap * rng.uniform(1.7, 4.5, len(members))
    signup = cap_signup(rng, signup, stop - 8.0 * gap)
    return signup, Phases.of(members, first_purchase(rng, signup, stop), stop, gap, 4.0)


def _lapsed(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Bought for a while; nothing for over a year now."""
    stop = now - 380.0 - rng.random(len(members)) * max(now - 500.0, 0.0)
    signup = cap_signup(rng, signup, stop - 60.0)
    gap = lognormal(rng, 60.0, 0.5, (20.0, 200.0), len(members))
    start = first_purchase(rng, signup, stop)
    return signup, Phases.of(members, start, stop, gap, 1.5, anchored=True)


def _declining(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Top spenders whose pace dropped to a fraction in the last ~9 months."""
    turn = now - rng.uniform(240.0, 290.0, len(members))
    signup = cap_signup(rng, signup, turn - 365.0)
    gap = lognormal(rng, 11.0, 0.3, (5.0, 25.0), len(members))
    busy = Phases.of(members, first_purchase(rng, signup, turn), turn, gap, 2.5)
    slow_start = turn + rng.uniform(0.0, 60.0, len(members))
    slow_gap = gap * rng.uniform(3.5, 7.0, len(members))
    slow = Phases.of(members, slow_start, end, slow_gap, 1.5, anchored=True)
    return signup, Phases.concat([busy, slow])


def _prospect(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """Signed up, never bought; about one in eight cancelled their only order."""
    tried = rng.random(len(members)) < 0.12  # only ever placed orders they cancelled
    start = first_purchase(rng, signup[tried], now)
    phases = Phases.of(members[tried], start, end, SINGLE, 1.0, anchored=True, cancelled=True)
    return signup, phases


def _one_time(rng: Rng, members: Array, signup: Array, now: float, end: float) -> tuple[Array, Phases]:
    """One order, long enough ago that it is clearly not a new customer."""
    signup = cap_signup(rng, signup, now - 150.0)
    start = first_purchase(rng, signup, now - 120.0)
    return signup, Phases.of(members, start, end, SINGLE, 1.0, anchored=True)


PLANS: dict[int, Plan] = {
    CODE["loyal"]: _loyal,
    CODE["casual"]: _casual,
    CODE["new"]: _new,
    CODE["at_risk"]: _at_risk,
    CODE["lapsed"]: _lapsed,
    CODE["declining_high_value"]: _declining,
    CODE["prospect"]: _prospect,
    CODE["one_time"]: _one_time,
}


def plan_activity(
    rng: np.random.Generator, persona: np.ndarray, now: float, end: float
) -> tuple[np.ndarray, Phases]:
    """Signup position and buying phases of every member, by persona, all signed up by `now`."""
    growth = now * rng.random(len(persona)) ** 0.8  # sign-ups grow up to the story day
    before = EARLIEST_SIGNUP * rng.random(len(persona))
    signup = np.where(rng.random(len(persona)) < 0.22, before, growth)
    parts = []
    for code, plan in PLANS.items():
        members = np.flatnonzero(persona == code)
        signup[members], phases = plan(rng, members, signup[members], float(now), float(end))
        parts.append(phases)
    return signup, Phases.concat(parts)


def plan_joiners(
    rng: np.random.Generator, size: int, now: float, end: float
) -> tuple[np.ndarray, np.ndarray, Phases]:
    """Persona, signup and phases of members who join after the story day, in signup order.

    They buy like the `new` persona from their signup on; about one in seven
    signs up and never buys, like a `prospect`.
    """
    signup = np.sort(rng.uniform(now, end, size))
    persona = np.where(rng.random(size) < 0.15, CODE["prospect"], CODE["new"]).astype(np.int8)
    buyers = np.flatnonzero(persona == CODE["new"])
    start = signup[buyers] + rng.exponential(4.0, len(buyers))
    gap = lognormal(rng, 35.0, 0.4, (14.0, 90.0), len(buyers))
    started = start < end
    phases = Phases.of(buyers[started], start[started], end, gap[started], 1.5, anchored=True)
    return persona, signup, phases
