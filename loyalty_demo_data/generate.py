"""Generate a complete, realistic raw CRM landing folder (docs/contract.md section 2).

Customers are processed in fixed-size chunks; each chunk's random stream
derives from (seed, chunk index) alone, so the same seed and customer count
always give byte-identical files, and memory stays bounded at any size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
from tqdm import tqdm

from orchestration.lib.raw_schema import RAW_TABLES

from .campaigns import campaigns_table, plan_campaigns
from .chunk import World, build_chunk
from .columns import IdWidths
from .timeline import Timeline
from .writers import TRUTH_SCHEMAS, DatasetWriter

CHUNK_SIZE = 50_000
MIN_YEARS = 1.5  # lapsed and declining personas need more than a year of history
CAMPAIGN_STREAM = 0
CHUNK_STREAM = 1


@dataclass(frozen=True)
class GenerationSummary:
    """What a run wrote: rows per table (planted duplicates included), where and how."""

    out_dir: Path
    fmt: str
    customers: int
    seed: int
    rows: dict[str, int]

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
) -> GenerationSummary:
    """Write every contract table (and `_demo/personas`) for `customers` members into `out_dir`."""
    if customers < 1:
        raise ValueError(f"customers must be at least 1, got {customers}")
    if years < MIN_YEARS:
        raise ValueError(f"years must be at least {MIN_YEARS}, got {years}")
    out_dir = Path(out_dir)
    timeline = Timeline.build(end_date, years)
    world = World(
        timeline, plan_campaigns(_stream(seed, CAMPAIGN_STREAM), timeline), IdWidths.for_customers(customers)
    )
    names = [table.name for table in RAW_TABLES] + list(TRUTH_SCHEMAS)
    next_order = next_entry = 1
    with (
        DatasetWriter(out_dir, fmt, names) as writer,
        tqdm(total=customers, unit="customers", disable=not progress) as bar,
    ):
        writer.write("campaigns", campaigns_table(world.plan))
        for index, first in enumerate(range(0, customers, CHUNK_SIZE)):
            size = min(CHUNK_SIZE, customers - first)
            rng = _stream(seed, CHUNK_STREAM, index)
            chunk = build_chunk(rng, world, first + 1, size, next_order, next_entry)
            for name, table in chunk.tables.items():
                writer.write(name, table)
            next_order += chunk.orders_used
            next_entry += chunk.entries_used
            bar.update(size)
    return GenerationSummary(out_dir, fmt, customers, seed, writer.rows)
