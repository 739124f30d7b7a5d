"""The hidden state of each member of a chunk: persona and personal tastes.

Every table of the chunk is rendered from this one draw, which is what keeps
orders, points, campaign reactions and survey answers telling the same story.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from orchestration.lib.raw_schema import CONTACT_CHANNELS

from .behaviour import plan_activity, plan_joiners
from .cadence import Phases
from .geography import draw_countries, home_stores
from .personas import assign_personas, trait
from .sampling import lognormal, mixes
from .timeline import Timeline

T = TypeVar("T")
CATEGORIES = (
    "apparel",
    "footwear",
    "beauty",
    "home",
    "electronics",
    "grocery",
    "sports",
    "outdoor",
    "toys",
    "books",
)


def in_contract_order(names: tuple[str, ...], by_name: Mapping[str, T]) -> tuple[T, ...]:
    """One value per contract name (a vocabulary of raw_schema), in its order: the order codes index.

    Parameters are written per name so that they cannot drift from the vocabulary's order.
    """
    if set(by_name) != set(names):
        raise ValueError(f"expected one value for each of {names}, got {sorted(by_name)}")
    return tuple(by_name[name] for name in names)


@dataclass(frozen=True)
class Members:
    """Per-member arrays of one chunk, aligned by chunk-local index."""

    number: np.ndarray  # global customer number, 1-based
    persona: np.ndarray  # code into PERSONAS
    signup: np.ndarray  # true signup as a window position (days, may be negative)
    premium: np.ndarray  # premium membership
    value: np.ndarray  # typical order value in currency units
    channel_mix: np.ndarray  # (n, 5) cumulative preference over raw_schema.ORDER_CHANNELS
    category_mix: np.ndarray  # (n, 10) cumulative affinity over CATEGORIES
    country: np.ndarray  # code into COUNTRIES
    home_store: np.ndarray  # store number
    age: np.ndarray  # whole years on the story day
    response: np.ndarray  # (n, 4) campaign responsiveness per CONTACT_CHANNELS
    redeem_rate: np.ndarray  # share of earned points the member turns into vouchers

    @property
    def size(self) -> int:
        return len(self.number)


def _ages(rng: np.random.Generator, signup: np.ndarray, days: int) -> np.ndarray:
    """Adults aged 18 to 85, at least 18 when they signed up."""
    age = rng.normal(44.0, 15.0, len(signup))
    at_least = 18.0 + np.maximum(days - signup, 0.0) / 365.25
    return np.clip(np.maximum(age, at_least), 18.0, 85.0).astype(np.int64)


def _responsiveness(rng: np.random.Generator, persona: np.ndarray) -> np.ndarray:
    """Some members never react, most react on some channels and ignore others."""
    size = len(persona)
    base = rng.gamma(2.0, 0.5, size) * trait(persona, "response_lift")
    base[rng.random(size) < 0.25] = 0.0
    per_channel = np.exp(0.4 * rng.standard_normal((size, len(CONTACT_CHANNELS))))
    per_channel[rng.random(per_channel.shape) < 0.3] = 0.05
    return base[:, None] * per_channel


def draw_members(
    rng: np.random.Generator, first_number: int, size: int, timeline: Timeline, joiners: bool = False
) -> tuple[Members, Phases]:
    """Draw `size` members numbered from `first_number`, and their buying phases.

    `joiners` are members who sign up after the story day (see `plan_joiners`).
    """
    if joiners:
        persona, signup, phases = plan_joiners(rng, size, timeline.now, timeline.days)
    else:
        persona = assign_personas(rng, size)
        signup, phases = plan_activity(rng, persona, timeline.now, timeline.days)
    premium = rng.random(size) < trait(persona, "premium_rate")
    value = lognormal(rng, 42.0, 0.5, (8.0, 600.0), size) * trait(persona, "value_lift")
    country = draw_countries(rng, size)
    redeem = np.where(rng.random(size) < 0.4, 0.0, rng.beta(2.0, 2.0, size) * 0.9)
    members = Members(
        number=np.arange(first_number, first_number + size, dtype=np.int64),
        persona=persona,
        signup=signup,
        premium=premium,
        value=value * np.where(premium, 1.15, 1.0),
        channel_mix=mixes(rng, [4.0, 3.0, 2.0, 0.4, 0.2], size),
        category_mix=mixes(rng, [0.6] * len(CATEGORIES), size),
        country=country,
        home_store=home_stores(rng, country),
        age=_ages(rng, signup, timeline.now),
        response=_responsiveness(rng, persona),
        redeem_rate=redeem,
    )
    return members, phases
