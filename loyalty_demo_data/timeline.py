"""The generation window and its seasonal clock.

Shops are busier at weekends and before Christmas and quieter in summer. Rather
than thinning purchases day by day, every member's buying rhythm runs on a
seasonal clock whose ticks are denser on busy days: one steady cadence per
member then adds up to realistic weekly and yearly peaks for free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

DAY = 86_400
EPOCH = date(1970, 1, 1)
# Monday first; Saturday is the big shopping day, Sunday still busy online.
WEEKDAY_WEIGHT = np.array([0.85, 0.85, 0.9, 0.95, 1.1, 1.45, 1.15])
# Purchases per hour of day: a midday bump for shops, an evening peak online.
HOUR_WEIGHT = np.array(
    [
        0.25,
        0.12,
        0.06,
        0.04,
        0.04,
        0.08,
        0.25,
        0.6,
        1.0,
        1.4,
        1.8,
        2.0,
        2.1,
        2.0,
        1.9,
        1.9,
        2.0,
        2.2,
        2.4,
        2.4,
        2.1,
        1.6,
        1.0,
        0.5,
    ]
)
LATEST_SECOND = DAY - 60  # leaves room for follow-up ledger entries the same day


def season_weight(epoch_days: np.ndarray) -> np.ndarray:
    """Relative shopping intensity of each day: weekday times time of year."""
    weekday = (epoch_days + 3) % 7  # 1970-01-01 was a Thursday
    as_dates = epoch_days.astype("datetime64[D]")
    day_of_year = (as_dates - as_dates.astype("datetime64[Y]")).astype(np.int64)
    christmas = 0.55 * np.exp(-(((day_of_year - 338) / 20.0) ** 2))
    summer = 0.2 * np.exp(-(((day_of_year - 205) / 35.0) ** 2))
    return WEEKDAY_WEIGHT[weekday] * (1.0 + christmas - summer)


@dataclass(frozen=True)
class Timeline:
    """Window of `days` days ending on `end_day`; positions are float days from its start.

    The personas are told as of `story_day` (who is new, at risk, lapsed "today");
    a window may run on past it by some simulated days that a daily landing folder
    receives one by one, so what happens on a day never depends on how far the
    folder has got.
    """

    start_day: int
    end_day: int
    story_day: int
    clock: np.ndarray  # seasonal clock reading at each day boundary, mean speed 1

    @classmethod
    def build(cls, story_date: date, years: float, future_days: int = 0) -> Timeline:
        story_day = (story_date - EPOCH).days
        start_day = story_day + 1 - max(1, round(years * 365.25))
        end_day = story_day + future_days
        weight = season_weight(np.arange(start_day, end_day + 1))
        clock = np.concatenate([[0.0], np.cumsum(weight / weight.mean())])
        return cls(start_day, end_day, story_day, clock)

    @property
    def days(self) -> int:
        return self.end_day + 1 - self.start_day

    @property
    def now(self) -> int:
        """Window position at the end of the story day: the personas' "today"."""
        return self.story_day + 1 - self.start_day

    @property
    def end_ts(self) -> int:
        """Last second of the window (end_date 23:59:59) in epoch seconds."""
        return (self.end_day + 1) * DAY - 1

    def to_clock(self, position: np.ndarray) -> np.ndarray:
        return np.interp(position, np.arange(self.days + 1), self.clock)

    def from_clock(self, reading: np.ndarray) -> np.ndarray:
        return np.interp(reading, self.clock, np.arange(self.days + 1))

    def epoch_day(self, position: np.ndarray) -> np.ndarray:
        """Calendar day (days since 1970) of window positions; negative positions allowed."""
        return self.start_day + np.floor(position).astype(np.int64)

    def shop_timestamps(self, rng: np.random.Generator, position: np.ndarray) -> np.ndarray:
        """Epoch seconds on the day of each position, at a typical shopping hour."""
        day = self.epoch_day(np.clip(position, 0, self.days - 1))
        hour_cum = np.cumsum(HOUR_WEIGHT) / HOUR_WEIGHT.sum()
        hour = np.minimum(np.searchsorted(hour_cum, rng.random(len(day)), side="right"), 23)
        second = np.minimum(hour * 3600 + rng.integers(0, 3600, len(day)), LATEST_SECOND)
        return day * DAY + second

    def any_timestamps(self, rng: np.random.Generator, position: np.ndarray) -> np.ndarray:
        """Epoch seconds at a uniform time on the day of each position (sign-ups, consents)."""
        day = self.epoch_day(np.minimum(position, self.days - 0.5))
        return day * DAY + rng.integers(0, LATEST_SECOND, len(position))
