"""Keeping dbt's parse per set of command-line vars (no dbt needed: the file is opaque here)."""

from __future__ import annotations

import os

import pytest

from orchestration.lib.dbt_parse_cache import KEPT_PARSES, PARSE_FILE, reused_parse


def invoke(target, cache, cli_vars: str, writes: bytes | None) -> bytes | None:
    """One invocation: what it found seeded in its target folder, after writing `writes`."""
    with reused_parse(target, cache, cli_vars) as folder:
        seeded = (folder / PARSE_FILE).read_bytes() if (folder / PARSE_FILE).exists() else None
        if writes is not None:
            (folder / PARSE_FILE).write_bytes(writes)
    return seeded


def test_an_invocation_finds_the_parse_of_the_last_one_with_the_same_vars(tmp_path):
    cache = tmp_path / "cache"
    assert invoke(tmp_path / "a", cache, '{"x": 1}', b"parse of x=1") is None
    assert invoke(tmp_path / "b", cache, '{"x": 2}', b"parse of x=2") is None
    assert invoke(tmp_path / "c", cache, '{"x": 1}', b"parse of x=1, later") == b"parse of x=1"
    assert invoke(tmp_path / "d", cache, '{"x": 1}', None) == b"parse of x=1, later"
    assert invoke(tmp_path / "e", cache, '{"x": 2}', None) == b"parse of x=2"


def test_a_failed_invocation_keeps_the_earlier_parse(tmp_path):
    cache = tmp_path / "cache"
    invoke(tmp_path / "a", cache, "{}", b"good")
    with pytest.raises(RuntimeError), reused_parse(tmp_path / "b", cache, "{}") as folder:
        (folder / PARSE_FILE).write_bytes(b"half")
        raise RuntimeError("dbt failed")
    assert invoke(tmp_path / "c", cache, "{}", None) == b"good"


def test_only_the_most_recently_used_parses_are_kept(tmp_path):
    cache = tmp_path / "cache"
    for n in range(KEPT_PARSES + 3):
        invoke(tmp_path / f"t{n}", cache, f'{{"n": {n}}}', b"parse")
        entry = next(cache.iterdir()) if n == 0 else None
        if entry is not None:
            os.utime(entry, (0, 0))  # the first set of vars was used long ago
    assert len(list(cache.iterdir())) == KEPT_PARSES
    assert invoke(tmp_path / "again", cache, '{"n": 0}', None) is None
