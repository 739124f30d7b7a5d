"""Purchase times as renewal processes on the seasonal clock.

A member's buying history is a few phases of steady rhythm (e.g. a high-value
customer's busy years, then a slower recent stretch). Within a phase the gaps
between purchases are gamma distributed: shape 1 gives irregular, Poisson-like
buying; larger shapes give the regular rhythm of habitual shoppers.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .timeline import Timeline

Value = float | np.ndarray  # a setting shared by all members or given per member
SINGLE = 1e9  # mean gap of a phase that holds exactly its anchored first purchase


@dataclass(frozen=True)
class Phases:
    """Stretches of steady buying, one entry per member and phase."""

    member: np.ndarray  # chunk-local member index
    start: np.ndarray  # window position (days) where the phase begins
    end: np.ndarray  # window position where it stops
    gap: np.ndarray  # mean gap between purchases, in seasonal-clock days
    shape: np.ndarray  # gamma shape of the gaps: regularity
    anchored: np.ndarray  # first purchase exactly at `start`
    cancelled: np.ndarray  # every purchase of the phase was cancelled

    @classmethod
    def of(
        cls,
        member: np.ndarray,
        start: Value,
        end: Value,
        gap: Value,
        shape: Value,
        anchored: bool = False,
        cancelled: bool = False,
    ) -> Phases:
        """Phases for `member`, broadcasting scalar settings to every member."""
        n = len(member)
        values = (start, end, gap, shape)
        floats = [np.broadcast_to(np.asarray(v, dtype=np.float64), n).copy() for v in values]
        flags = [np.broadcast_to(np.asarray(v, dtype=bool), n).copy() for v in (anchored, cancelled)]
        return cls(np.asarray(member, dtype=np.int64), *floats, *flags)

    @classmethod
    def concat(cls, parts: list[Phases]) -> Phases:
        columns = [np.concatenate([getattr(p, f.name) for p in parts]) for f in fields(cls)]
        return cls(*columns)


@dataclass(frozen=True)
class Purchases:
    """Purchase moments of a chunk: member index, window position, cancelled flag."""

    member: np.ndarray
    position: np.ndarray
    cancelled: np.ndarray


def purchase_times(rng: np.random.Generator, phases: Phases, timeline: Timeline) -> Purchases:
    """Draw the purchases of every phase, fully vectorised over phases.

    Each phase gets a generous fixed number of gap slots (mean count plus four
    standard deviations); a segmented cumulative sum turns gaps into positions
    and those past the phase end are dropped.
    """
    clock_start = timeline.to_clock(phases.start)
    length = np.maximum(timeline.to_clock(phases.end) - clock_start, 0.0)
    expected = length / phases.gap
    slots = np.ceil(expected + 4 * np.sqrt(expected / phases.shape) + 2).astype(np.int64)
    phase_of = np.repeat(np.arange(len(slots)), slots)
    first = np.cumsum(slots) - slots

    shape = phases.shape[phase_of]
    gaps = rng.gamma(shape, phases.gap[phase_of] / shape)
    lead = rng.random(len(slots)) * phases.gap  # a steady rhythm is already under way
    gaps[first] = np.where(phases.anchored, 0.0, lead)
    gaps = np.minimum(gaps, length[phase_of] + 1.0)  # keeps the running sum small and exact
    running = np.cumsum(gaps)
    offset = np.repeat(running[first] - gaps[first], slots)
    local = running - offset

    keep = local <= length[phase_of]
    kept_phase = phase_of[keep]
    position = timeline.from_clock(clock_start[kept_phase] + local[keep])
    return Purchases(phases.member[kept_phase], position, phases.cancelled[kept_phase])
