"""dbt's parse of the project, kept between invocations: one saved parse per set of command-line vars.

dbt re-parses every file of the project (several seconds) unless the `partial_parse.msgpack` in
its target folder was written under the same command-line vars. dagster-dbt gives each
invocation a fresh target folder seeded with the project's own parse (`dbt parse`, without
vars), so every selection of every run parsed from scratch. The vars a run passes (the
warehouse, the overrides, the compiled rules) stay the same from one day to the next, so the
parse an invocation wrote is kept under a digest of its vars and seeds the next invocation with
the same vars; dbt itself still re-parses the files that changed since.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PARSE_FILE = "partial_parse.msgpack"
KEPT_PARSES = 8
"""Saved parses beyond this many (the least recently used first) are removed: each set of
overrides or rules adds one."""


@contextmanager
def reused_parse(target_path: Path, cache_dir: Path, cli_vars: str) -> Iterator[Path]:
    """Seed the new target folder `target_path` with the parse saved for `cli_vars`, if any, and
    save the parse the invocation in the block wrote once the block finishes without error."""
    saved = cache_dir / hashlib.sha256(cli_vars.encode()).hexdigest()[:16] / PARSE_FILE
    target_path.mkdir(parents=True, exist_ok=True)
    if saved.exists():
        shutil.copyfile(saved, target_path / PARSE_FILE)
    yield target_path
    written = target_path / PARSE_FILE
    if written.exists():
        _save(written, saved)
        _forget_old(cache_dir)


def _save(written: Path, saved: Path) -> None:
    """Copy under a temporary name, then rename: a concurrent reader sees the old or the new file."""
    saved.parent.mkdir(parents=True, exist_ok=True)
    partial = saved.with_name(f".{PARSE_FILE}.{os.getpid()}")
    shutil.copyfile(written, partial)
    os.replace(partial, saved)


def _forget_old(cache_dir: Path) -> None:
    entries = sorted(cache_dir.iterdir(), key=lambda entry: entry.stat().st_mtime, reverse=True)
    for entry in entries[KEPT_PARSES:]:
        shutil.rmtree(entry, ignore_errors=True)
