"""The planted behaviours: which personas exist, how common they are, what goes with them.

These are the ground truth that segmentation should rediscover; they are
written to `_demo/personas` so tests can check the segments against them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .sampling import categorical


@dataclass(frozen=True)
class Persona:
    """A planted behaviour and the traits that travel with it."""

    name: str
    share: float  # share of all members
    premium_rate: float  # chance of a premium membership
    value_lift: float  # multiplier of the member's typical order value
    response_lift: float  # multiplier of campaign responsiveness


PERSONAS: tuple[Persona, ...] = (
    Persona("loyal", 0.15, 0.35, 1.25, 1.5),
    Persona("casual", 0.28, 0.10, 1.0, 1.0),
    Persona("new", 0.07, 0.08, 1.0, 1.2),
    Persona("at_risk", 0.10, 0.18, 1.1, 0.8),
    Persona("lapsed", 0.20, 0.08, 0.95, 0.45),
    Persona("declining_high_value", 0.05, 0.45, 2.8, 0.9),
    Persona("prospect", 0.10, 0.03, 1.0, 0.6),
    Persona("one_time", 0.05, 0.05, 0.9, 0.5),
)
PERSONA_NAMES: tuple[str, ...] = tuple(p.name for p in PERSONAS)
CODE: dict[str, int] = {name: code for code, name in enumerate(PERSONA_NAMES)}


def assign_personas(rng: np.random.Generator, size: int) -> np.ndarray:
    """Persona code per member, drawn independently so the mix varies like real data."""
    return categorical(rng, [p.share for p in PERSONAS], size).astype(np.int8)


def trait(persona: np.ndarray, attribute: str) -> np.ndarray:
    """Look up a persona attribute (e.g. `premium_rate`) for every member."""
    table = np.array([getattr(p, attribute) for p in PERSONAS])
    return table[persona]
