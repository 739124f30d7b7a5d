"""The survey_responses table: zero-party data that agrees with behaviour, mostly.

About 30% of members answer a profile survey. Answers lean on what the member
actually does (favourite category, age, order values, responsive channel) with
noise, and a few members answer a question again later (the latest counts).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from orchestration.lib.raw_schema import CONTACT_CHANNELS

from .columns import IdWidths, ids, labels, timestamps
from .members import Members, in_contract_order
from .sampling import pick_per_row
from .timeline import DAY, Timeline

QUESTIONS = ("interests", "lifestyle", "price_sensitivity", "preferred_channel")
ANSWERS = (
    ("outdoor", "fashion", "home", "beauty", "electronics", "food", "sports"),
    ("family", "single", "student", "retired", "professional"),
    ("value_seeker", "balanced", "premium"),
    CONTACT_CHANNELS,
)
# Interest of each product category (see CATEGORIES); -1: toys and books say nothing.
INTEREST_OF_CATEGORY = np.array([1, 1, 3, 2, 4, 5, 6, 0, -1, -1])
CHANNEL_PREFERENCE = np.array(  # e-mail is the default choice
    in_contract_order(CONTACT_CHANNELS, {"email": 1.6, "sms": 0.8, "push": 1.0, "mail": 0.7})
)
RESPONSE_RATE = 0.3
QUESTION_RATE = np.array([0.9, 0.75, 0.7, 0.6])
REANSWER_RATE = 0.05


def _interests(rng: np.random.Generator, members: Members) -> np.ndarray:
    favourite = np.argmax(np.diff(members.category_mix, prepend=0.0, axis=1), axis=1)
    noise = rng.integers(0, len(ANSWERS[0]), members.size)
    interest = INTEREST_OF_CATEGORY[favourite]
    return np.where((rng.random(members.size) < 0.75) & (interest >= 0), interest, noise)


def _lifestyles(rng: np.random.Generator, members: Members) -> np.ndarray:
    age = members.age
    weights = np.stack(
        [
            1.0 + 2.0 * ((age >= 30) & (age <= 55)),  # family
            np.ones(members.size),  # single
            0.05 + 4.0 * (age < 26),  # student
            0.02 + 5.0 * (age > 64),  # retired
            1.5 * ((age >= 25) & (age <= 64)),  # professional
        ],
        axis=1,
    )
    cum = np.cumsum(weights, axis=1) / weights.sum(axis=1, keepdims=True)
    return pick_per_row(rng, cum, np.arange(members.size))


def _price_sensitivity(rng: np.random.Generator, members: Members) -> np.ndarray:
    felt = np.log(members.value) + rng.normal(0.0, 0.4, members.size)
    return np.digitize(felt, np.log([30.0, 80.0]))


def _preferred_channel(rng: np.random.Generator, members: Members) -> np.ndarray:
    shape = members.response.shape
    noisy = (members.response + 0.1) * np.exp(0.5 * rng.standard_normal(shape))
    return np.argmax(noisy * CHANNEL_PREFERENCE, axis=1)


Rows = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]  # member, question, answer, ts


def _first_answers(rng: np.random.Generator, members: Members, timeline: Timeline) -> Rows:
    """The respondents' answers, all given at one moment after they joined."""
    answers = np.stack(
        [
            _interests(rng, members),
            _lifestyles(rng, members),
            _price_sensitivity(rng, members),
            _preferred_channel(rng, members),
        ],
        axis=1,
    )
    joined = np.maximum(members.signup, 0.0)
    taken = timeline.any_timestamps(rng, joined + rng.random(members.size) * (timeline.days - joined))
    respondent = rng.random(members.size) < RESPONSE_RATE
    member, question = np.nonzero(respondent[:, None] & (rng.random(answers.shape) < QUESTION_RATE))
    return member, question, answers[member, question], taken[member]


def _second_answers(rng: np.random.Generator, first: Rows, end_ts: int) -> Rows:
    """A few questions answered again at least a day later, possibly differently."""
    member, question, _, ts = first
    room = end_ts - ts - DAY
    again = (rng.random(len(member)) < REANSWER_RATE) & (room > 0)
    sizes = np.array([len(options) for options in ANSWERS])
    answer = rng.integers(0, sizes[question[again]])
    later = ts[again] + DAY + (rng.random(int(again.sum())) * room[again]).astype(np.int64)
    return member[again], question[again], answer, later


def survey_table(
    rng: np.random.Generator, members: Members, timeline: Timeline, widths: IdWidths
) -> pa.Table:
    """Answers of the members who took the survey, re-answers included."""
    first = _first_answers(rng, members, timeline)
    second = _second_answers(rng, first, timeline.end_ts)
    member, question, answer, ts = (np.concatenate(pair) for pair in zip(first, second, strict=True))
    order = np.lexsort((ts, question, member))
    vocabulary = [option for options in ANSWERS for option in options]
    offset = np.cumsum([0] + [len(options) for options in ANSWERS])
    return pa.table(
        {
            "customer_id": ids("C", members.number[member[order]], widths.customer),
            "question": labels(question[order], QUESTIONS),
            "answer": labels(offset[question[order]] + answer[order], vocabulary),
            "answered_at": timestamps(ts[order]),
        }
    )
