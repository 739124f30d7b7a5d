"""Generate a complete, realistic raw CRM landing folder (docs/contract.md section 2).

Customers are processed in fixed-size chunks; each chunk's random stream
derives from (seed, chunk index) alone, so the same seed and customer count
always give byte-identical files, and memory stays bounded at any size.

The daily layout simulates a year past the story day (`end_date`: the day the
personas are told as of) and writes the rows up to a day `through`: what happens
on a day never depends on where the folder is cut, so `append_day` adds the next
day's drop exactly as a fresh generation through that day would have written it.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pyarrow as pa
from tqdm import tqdm

from orchestration.lib.raw_schema import RAW_TABLES

from .campaigns import campaigns_table, plan_campaigns
from .chunk import World, build_chunk
from .columns import IdWidths
from .timeline import EPOCH, Timeline
from .writers import TRUTH_DIR, TRUTH_SCHEMAS, DatasetWriter

CHUNK_SIZE = 50_000
MIN_YEARS = 1.5  # lapsed and declining personas need more than a year of history
CAMPAIGN_STREAM = 0
CHUNK_STREAM = 1
JOINER_STREAM = 2
FUTURE_DAYS = {"single": 0, "daily": 366}  # days simulated past the story day, per layout
JOIN_RATE = 0.0015  # sign-ups per member and day after the story day, the rate just before it
MANIFEST = "generation.json"


@dataclass(frozen=True)
class Settings:
    """What a landing folder was generated with: enough to append its next day.

    Stored as `_demo/generation.json`; `end_date` is the story day and
    `through` the last day the folder holds.
    """

    seed: int
    customers: int
    format: str
    layout: str
    end_date: date
    years: float
    start_date: date
    through: date

    def save(self, out_dir: Path) -> None:
        fields = {key: str(v) if isinstance(v, date) else v for key, v in asdict(self).items()}
        path = out_dir / TRUTH_DIR / MANIFEST
        path.write_text(json.dumps(fields, indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, out_dir: Path) -> Settings:
        path = out_dir / TRUTH_DIR / MANIFEST
        if not path.is_file():
            raise FileNotFoundError(f"{path} not found: the folder was not written by loyalty-demo-data")
        fields = json.loads(path.read_text(encoding="utf-8"))
        for key in ("end_date", "start_date", "through"):
            fields[key] = date.fromisoformat(fields[key])
        return cls(**fields)


@dataclass(frozen=True)
class GenerationSummary:
    """What a run wrote: rows per table (planted duplicates included), where and how."""

    out_dir: Path
    fmt: str
    customers: int
    seed: int
    rows: dict[str, int]
    layout: str = "single"
    through: date | None = None

    @property
    def orders_per_customer(self) -> float:
        return self.rows["orders"] / self.customers


def _stream(seed: int, *key: int) -> np.random.Generator:
    """An independent random stream per (seed, key), unaffected by any other stream's use."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def generate(
    out_dir: Path,
    customers: int,
    seed: int = 42,
    fmt: str = "csv",
    end_date: date = date(2026, 9, 30),
    years: float = 3.5,
    progress: bool = False,
    layout: str = "single",
    through: date | None = None,
) -> GenerationSummary:
    """Write every contract table (and `_demo/personas`) for `customers` members into `out_dir`.

    `end_date` is the story day; the folder holds the rows up to `through`
    (default: the story day; in the daily layout up to a year later).
    """
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    if years < MIN_YEARS:
        raise ValueError(f"years must be at least {MIN_YEARS}, got {years}")
    if layout not in FUTURE_DAYS:
        raise ValueError(f"layout must be one of {tuple(FUTURE_DAYS)}, got {layout!r}")
    timeline = Timeline.build(end_date, years, FUTURE_DAYS[layout])
    start = EPOCH + timedelta(days=timeline.start_day)
    settings = Settings(seed, customers, fmt, layout, end_date, years, start, through or end_date)
    return _write(Path(out_dir), settings, timeline, append=False, progress=progress)


def append_day(out_dir: Path, progress: bool = False) -> GenerationSummary:
    """Add the day after the last one in a daily landing folder, as generating through it would."""
    out_dir = Path(out_dir)
    settings = Settings.load(out_dir)
    if settings.layout != "daily":
        raise ValueError(f"{out_dir} has the {settings.layout} layout; only a daily layout grows by days")
    timeline = Timeline.build(settings.end_date, settings.years, FUTURE_DAYS[settings.layout])
    day = settings.through + timedelta(days=1)
    next_settings = Settings(**{**asdict(settings), "through": day})
    return _write(out_dir, next_settings, timeline, append=True, progress=progress)


def _write(
    out_dir: Path, settings: Settings, timeline: Timeline, append: bool, progress: bool
) -> GenerationSummary:
    """Simulate the whole window chunk by chunk and write its rows up to `settings.through`."""
    through = (settings.through - EPOCH).days
    if not timeline.start_day <= through <= timeline.end_day:
        last = EPOCH + timedelta(days=timeline.end_day)
        raise ValueError(
            f"day {settings.through} is outside the simulated window "
            f"{settings.start_date} to {last} ({settings.layout} layout)"
        )
    customers, seed = settings.customers, settings.seed
    joiners = round(customers * JOIN_RATE * (timeline.end_day - timeline.story_day))
    plan = plan_campaigns(_stream(seed, CAMPAIGN_STREAM), timeline)
    world = World(timeline, plan, IdWidths.for_customers(customers + joiners))
    chunks = [
        (stream, index, offset + first, min(CHUNK_SIZE, count - first))
        for stream, offset, count in ((CHUNK_STREAM, 0, customers), (JOINER_STREAM, customers, joiners))
        for index, first in enumerate(range(0, count, CHUNK_SIZE))
    ]
    names = [table.name for table in RAW_TABLES] + list(TRUTH_SCHEMAS)
    next_order = next_entry = 1
    with (
        DatasetWriter(out_dir, settings.format, names, settings.layout, through, append) as writer,
        tqdm(total=customers + joiners, unit="customers", disable=not progress) as bar,
    ):
        writer.write("campaigns", campaigns_table(plan).append_column("_day", pa.array(plan.day)))
        for stream, index, first, size in chunks:
            rng = _stream(seed, stream, index)
            chunk = build_chunk(rng, world, first + 1, size, next_order, next_entry, stream == JOINER_STREAM)
            for name, table in chunk.tables.items():
                writer.write(name, table)
            next_order += chunk.orders_used
            next_entry += chunk.entries_used
            bar.update(size)
    settings.save(out_dir)
    return GenerationSummary(
        out_dir, settings.format, customers, seed, writer.rows, settings.layout, settings.through
    )
