"""What landed in the raw landing folder, as a fingerprint a sensor can compare between ticks.

A file is identified by its path relative to the landing folder, its size and its
modification time: cheap to read for thousands of daily part files, and a file
rewritten in place changes at least its modification time. Contents are not hashed
(twenty million orders would be read every minute).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterable, Mapping
from pathlib import Path

from orchestration.lib.raw_files import SUPPORTED_SUFFIXES

Fingerprint = dict[str, tuple[int, int]]
"""Relative path -> (size in bytes, modification time in ns)."""

QUIET_SECONDS = 60
"""A file modified more recently than this may still be being copied in."""


def landing_fingerprint(raw_dir: Path, tables: Iterable[str]) -> Fingerprint:
    """Every file of the given tables: `<table>.csv`, `<table>.parquet` and the parts under `<table>/`."""
    if not raw_dir.is_dir():
        return {}
    files: list[Path] = []
    for table in tables:
        files += [raw_dir / f"{table}{suffix}" for suffix in SUPPORTED_SUFFIXES]
        folder = raw_dir / table
        if folder.is_dir():
            files += [path for path in folder.rglob("*") if path.suffix in SUPPORTED_SUFFIXES]
    fingerprint: Fingerprint = {}
    for path in files:
        if path.is_file():
            stat = path.stat()
            fingerprint[path.relative_to(raw_dir).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return dict(sorted(fingerprint.items()))


def arrivals(previous: Mapping[str, tuple[int, int]], current: Fingerprint) -> list[str]:
    """Files that are new or changed since `previous`; removals alone are not arrivals."""
    return [path for path, stamp in current.items() if tuple(previous.get(path, ())) != stamp]


def still_arriving(current: Fingerprint, paths: Iterable[str], now: float | None = None) -> list[str]:
    """Those of `paths` modified within QUIET_SECONDS: wait for the copy to finish."""
    horizon = ((time.time() if now is None else now) - QUIET_SECONDS) * 1e9
    return [path for path in paths if current[path][1] > horizon]


def encode(fingerprint: Fingerprint) -> str:
    """The fingerprint as a sensor cursor."""
    return json.dumps(fingerprint, separators=(",", ":"))


def decode(cursor: str | None) -> Fingerprint:
    """A cursor back into a fingerprint; no cursor means nothing seen yet."""
    if not cursor:
        return {}
    return {path: (int(size), int(mtime)) for path, (size, mtime) in json.loads(cursor).items()}


def digest(fingerprint: Fingerprint) -> str:
    """A short stable name for one state of the landing folder (the sensor's run key)."""
    return hashlib.sha256(encode(fingerprint).encode()).hexdigest()[:16]
