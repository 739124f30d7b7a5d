"""The customers table: who the members are, with the gaps and mess of real CRM exports."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .columns import Columns, IdWidths, dates, ids, labels, share, with_nulls
from .geography import COUNTRIES, places
from .members import Members
from .sampling import categorical
from .timeline import Timeline

MOVE_RATE = 0.08  # share of members who move house in a year
ADDRESS = ("region", "city", "postal_code", "phone")
FOREVER = np.iinfo(np.int64).max  # `_until` of a version nothing supersedes

# Free-text gender as typed into different systems over the years.
GENDER_SPELLINGS = (
    ("F", 20),
    ("female", 12),
    ("Female", 8),
    ("f", 4),
    ("FEMALE", 2),
    ("w", 2),
    ("M", 19),
    ("male", 11),
    ("Male", 8),
    ("m", 4),
    ("MALE", 2),
    ("non-binary", 1.0),
    ("diverse", 0.6),
    ("X", 0.4),
)


def customer_ids(members: Members, widths: IdWidths) -> pa.Array:
    return ids("C", members.number, widths.customer)


def _birth_dates(rng: np.random.Generator, members: Members, timeline: Timeline) -> pa.Array:
    """Birth dates matching the members' ages on the story day; ~15% unknown."""
    days_old = members.age * 365.25 + rng.uniform(0.0, 360.0, members.size)
    birth = timeline.story_day - days_old.astype(np.int64)
    return dates(birth, null=share(rng, members.size, 0.15))


def _genders(rng: np.random.Generator, size: int) -> pa.Array:
    spellings, weights = zip(*GENDER_SPELLINGS, strict=True)
    return labels(categorical(rng, weights, size), spellings, null=share(rng, size, 0.07))


def _emails(rng: np.random.Generator, customer_id: pa.Array) -> pa.Array:
    """Fake, clearly non-personal e-mail addresses; some members never gave one."""
    email = pc.binary_join_element_wise(pc.utf8_lower(customer_id), "@example.com", "")
    return with_nulls(email, share(rng, len(customer_id), 0.06))


def customers_columns(
    rng: np.random.Generator, members: Members, timeline: Timeline, widths: IdWidths
) -> Columns:
    """The customers rows of a chunk, in member order."""
    customer_id = customer_ids(members, widths)
    signup = timeline.epoch_day(members.signup)
    place = places(rng, members.country)
    codes = [c.code for c in COUNTRIES]
    return {
        "customer_id": customer_id,
        "signup_date": dates(signup, null=share(rng, members.size, 0.03)),
        "birth_date": _birth_dates(rng, members, timeline),
        "gender": _genders(rng, members.size),
        "country": labels(members.country, codes, null=share(rng, members.size, 0.01)),
        "region": with_nulls(place["region"], share(rng, members.size, 0.04)),
        "city": with_nulls(place["city"], share(rng, members.size, 0.02)),
        "postal_code": with_nulls(place["postal_code"], share(rng, members.size, 0.04)),
        "email": _emails(rng, customer_id),
        "phone": with_nulls(place["phone"], share(rng, members.size, 0.2)),
        "membership_type": labels(members.premium.astype(np.int64), ("standard", "premium")),
    }


def with_moves(
    rng: np.random.Generator, customers: pa.Table, members: Members, timeline: Timeline
) -> pa.Table:
    """Customers rows as versions valid from `_day` until before `_until`, with house moves.

    After the story day some members move (new region, city, postal code and
    phone in their country); the export of a day shows the version valid then,
    so a daily landing folder sees a few changed customers each day.
    """
    joined = np.maximum(members.signup, float(timeline.now))
    room = timeline.days - joined
    moving = np.flatnonzero((rng.random(members.size) < MOVE_RATE * room / 365.25) & (room > 0))
    moved_day = timeline.epoch_day(joined[moving] + rng.random(len(moving)) * room[moving])
    place = places(rng, members.country[moving])
    until = np.full(members.size, FOREVER)
    until[moving] = moved_day
    current = customers.append_column("_until", pa.array(until))
    moved = current.take(pa.array(moving))
    replaced = {"_day": pa.array(moved_day), "_until": pa.array(np.full(len(moving), FOREVER))}
    for name, values in {**replaced, **{name: place[name] for name in ADDRESS}}.items():
        moved = moved.set_column(moved.schema.get_field_index(name), name, values)
    version_of = np.concatenate([np.arange(members.size), moving])
    return pa.concat_tables([current, moved]).take(pa.array(np.argsort(version_of, kind="stable")))
