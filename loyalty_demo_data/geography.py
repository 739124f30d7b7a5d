"""Where members live: countries with realistic weights and consistent places.

Region, city, postal code and phone number always agree with the country, so
geographic segments in the marts look like a real European retailer's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from .sampling import categorical


@dataclass(frozen=True)
class Country:
    """A country, its places (region, city, postal prefix) and number formats.

    In formats, `#` is a random digit and `@` a random capital letter.
    """

    code: str
    weight: float
    stores: int
    places: tuple[tuple[str, str, str], ...]
    postal_format: str
    phone_format: str


COUNTRIES: tuple[Country, ...] = (
    Country(
        "DE",
        30,
        40,
        (
            ("Berlin", "Berlin", "10"),
            ("Bayern", "München", "80"),
            ("Hamburg", "Hamburg", "20"),
            ("Nordrhein-Westfalen", "Köln", "50"),
            ("Hessen", "Frankfurt am Main", "60"),
            ("Baden-Württemberg", "Stuttgart", "70"),
            ("Sachsen", "Leipzig", "04"),
        ),
        "###",
        "+49 1## #######",
    ),
    Country(
        "FR",
        15,
        20,
        (
            ("Île-de-France", "Paris", "75"),
            ("Auvergne-Rhône-Alpes", "Lyon", "69"),
            ("Provence-Alpes-Côte d'Azur", "Marseille", "13"),
            ("Occitanie", "Toulouse", "31"),
            ("Nouvelle-Aquitaine", "Bordeaux", "33"),
            ("Hauts-de-France", "Lille", "59"),
        ),
        "###",
        "+33 6 ## ## ## ##",
    ),
    Country(
        "NL",
        10,
        12,
        (
            ("Noord-Holland", "Amsterdam", "10"),
            ("Zuid-Holland", "Rotterdam", "30"),
            ("Zuid-Holland", "Den Haag", "25"),
            ("Utrecht", "Utrecht", "35"),
            ("Noord-Brabant", "Eindhoven", "56"),
        ),
        "## @@",
        "+31 6 ########",
    ),
    Country(
        "GB",
        10,
        12,
        (
            ("England", "London", "E1"),
            ("England", "Manchester", "M1"),
            ("England", "Birmingham", "B1"),
            ("England", "Leeds", "LS1"),
            ("Scotland", "Edinburgh", "EH1"),
            ("Scotland", "Glasgow", "G1"),
            ("Wales", "Cardiff", "CF10"),
        ),
        " #@@",
        "+44 7### ######",
    ),
    Country(
        "ES",
        8,
        10,
        (
            ("Comunidad de Madrid", "Madrid", "28"),
            ("Cataluña", "Barcelona", "08"),
            ("Comunidad Valenciana", "Valencia", "46"),
            ("Andalucía", "Sevilla", "41"),
            ("País Vasco", "Bilbao", "48"),
        ),
        "###",
        "+34 6## ### ###",
    ),
    Country(
        "IT",
        8,
        10,
        (
            ("Lazio", "Roma", "00"),
            ("Lombardia", "Milano", "20"),
            ("Campania", "Napoli", "80"),
            ("Piemonte", "Torino", "10"),
            ("Toscana", "Firenze", "50"),
        ),
        "###",
        "+39 3## #######",
    ),
    Country(
        "BE",
        5,
        6,
        (
            ("Bruxelles-Capitale", "Bruxelles", "10"),
            ("Vlaanderen", "Antwerpen", "20"),
            ("Vlaanderen", "Gent", "90"),
            ("Wallonie", "Liège", "40"),
        ),
        "##",
        "+32 4## ## ## ##",
    ),
    Country(
        "AT",
        5,
        6,
        (
            ("Wien", "Wien", "10"),
            ("Steiermark", "Graz", "80"),
            ("Oberösterreich", "Linz", "40"),
            ("Salzburg", "Salzburg", "50"),
            ("Tirol", "Innsbruck", "60"),
        ),
        "##",
        "+43 6## #######",
    ),
    Country(
        "SE",
        4,
        5,
        (
            ("Stockholm", "Stockholm", "11"),
            ("Västra Götaland", "Göteborg", "41"),
            ("Skåne", "Malmö", "21"),
            ("Uppsala", "Uppsala", "75"),
        ),
        "# ##",
        "+46 7# ### ## ##",
    ),
    Country(
        "US",
        5,
        6,
        (
            ("NY", "New York", "10"),
            ("CA", "Los Angeles", "90"),
            ("IL", "Chicago", "60"),
            ("TX", "Houston", "77"),
            ("WA", "Seattle", "98"),
        ),
        "###",
        "+1 ### ### ####",
    ),
)
STORE_OFFSET = np.cumsum([0] + [c.stores for c in COUNTRIES])  # stores numbered by country
STORE_COUNT = int(STORE_OFFSET[-1])


def draw_countries(rng: np.random.Generator, size: int) -> np.ndarray:
    return categorical(rng, [c.weight for c in COUNTRIES], size)


def home_stores(rng: np.random.Generator, country: np.ndarray) -> np.ndarray:
    """A store in the member's own country (store numbers start at 1)."""
    spread = np.array([c.stores for c in COUNTRIES])[country]
    return STORE_OFFSET[country] + 1 + (rng.random(len(country)) * spread).astype(np.int64)


def fill_format(rng: np.random.Generator, pattern: str, size: int) -> pa.Array:
    """`size` random strings following `pattern` (`#` digit, `@` capital letter)."""
    chars = np.empty((size, len(pattern)), dtype=np.uint8)
    for i, char in enumerate(pattern):
        if char == "#":
            chars[:, i] = ord("0") + rng.integers(0, 10, size)
        elif char == "@":
            chars[:, i] = ord("A") + rng.integers(0, 26, size)
        else:
            chars[:, i] = ord(char)
    flat = chars.reshape(-1).view(f"S{len(pattern)}") if size else np.array([], dtype="S1")
    return pc.cast(pa.array(flat, type=pa.binary()), pa.string())


def places(rng: np.random.Generator, country: np.ndarray) -> dict[str, pa.Array]:
    """Region, city, postal code and phone for each member, consistent with their country."""
    parts: dict[str, list[pa.Array]] = {"region": [], "city": [], "postal_code": [], "phone": []}
    order = []
    for code, spec in enumerate(COUNTRIES):
        members = np.flatnonzero(country == code)
        order.append(members)
        weights = 1.0 / np.arange(1, len(spec.places) + 1) ** 0.6  # capitals are biggest
        pick = pa.array(categorical(rng, weights, len(members)))
        region, city, prefix = (pa.array(column) for column in zip(*spec.places, strict=True))
        parts["region"].append(pc.take(region, pick))
        parts["city"].append(pc.take(city, pick))
        postal = fill_format(rng, spec.postal_format, len(members))
        parts["postal_code"].append(pc.binary_join_element_wise(pc.take(prefix, pick), postal, ""))
        parts["phone"].append(fill_format(rng, spec.phone_format, len(members)))
    back = pa.array(np.argsort(np.concatenate(order), kind="stable"))
    return {name: pc.take(pa.concat_arrays(chunks), back) for name, chunks in parts.items()}
