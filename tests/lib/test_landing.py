"""The landing-folder fingerprint the sensor compares between ticks."""

from __future__ import annotations

import os
from pathlib import Path

from orchestration.lib.landing import (
    QUIET_SECONDS,
    arrivals,
    decode,
    digest,
    encode,
    landing_fingerprint,
    still_arriving,
)

TABLES = ("customers", "orders")


def write(path: Path, text: str, age_seconds: float = 3600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = path.stat().st_mtime - age_seconds
    os.utime(path, (stamp, stamp))


def test_fingerprint_lists_contract_tables_and_their_parts_only(tmp_path):
    write(tmp_path / "customers.csv", "customer_id\nc1\n")
    write(tmp_path / "orders" / "2026-11-01.parquet", "x")
    write(tmp_path / "orders" / "notes.txt", "ignored: not a part")
    write(tmp_path / "_demo" / "personas.csv", "ignored: not a contract table")
    write(tmp_path / "stores.csv", "ignored: not in the list")
    assert list(landing_fingerprint(tmp_path, TABLES)) == ["customers.csv", "orders/2026-11-01.parquet"]
    assert landing_fingerprint(tmp_path / "missing", TABLES) == {}


def test_new_and_changed_files_arrive_and_removed_ones_do_not(tmp_path):
    write(tmp_path / "customers.csv", "customer_id\nc1\n")
    write(tmp_path / "orders.csv", "order_id\no1\n")
    before = landing_fingerprint(tmp_path, TABLES)
    assert arrivals(before, before) == []
    write(tmp_path / "customers.csv", "customer_id\nc1\nc2\n")
    (tmp_path / "orders.csv").unlink()
    write(tmp_path / "orders" / "part-1.csv", "order_id\no2\n")
    after = landing_fingerprint(tmp_path, TABLES)
    assert arrivals(before, after) == ["customers.csv", "orders/part-1.csv"]


def test_a_file_touched_moments_ago_is_still_arriving(tmp_path):
    write(tmp_path / "customers.csv", "a", age_seconds=QUIET_SECONDS * 2)
    write(tmp_path / "orders.csv", "b", age_seconds=1)
    current = landing_fingerprint(tmp_path, TABLES)
    assert still_arriving(current, current) == ["orders.csv"]


def test_cursor_round_trip_and_digest_are_stable(tmp_path):
    write(tmp_path / "customers.csv", "a")
    current = landing_fingerprint(tmp_path, TABLES)
    assert decode(encode(current)) == current
    assert decode(None) == {}
    assert digest(current) == digest(decode(encode(current)))
    write(tmp_path / "customers.csv", "ab")
    assert digest(landing_fingerprint(tmp_path, TABLES)) != digest(current)
