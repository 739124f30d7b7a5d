"""Checking audiences against the segments the warehouse holds today.

A misspelt segment must not silently export nobody, so an unknown family or
segment stops the run with a message listing the known values. Yet a segment
that is merely empty today (no `cannot_lose_them` this morning) is fine: for
families whose values the project fixes, those values are known even when no
member holds them. Open families (country, region, behaviour clusters, ...)
only know the values members hold today.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

import duckdb

from orchestration.lib.activation.audiences import Audience, AudienceError
from orchestration.lib.segmentation.families import (
    FIXED_SEGMENTS,
    RULE_FAMILY_PREFIX,
    RULE_SEGMENTS,
    SEGMENT_MEMBERSHIP,
)


def segments_present(conn: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """Family -> segments that have members today (one aggregate over the long membership table)."""
    rows = conn.execute(f"select segment_family, segment from {SEGMENT_MEMBERSHIP} group by all").fetchall()
    present: dict[str, set[str]] = {}
    for family, segment in rows:
        present.setdefault(family, set()).add(segment)
    return present


def check_segments(audiences: Sequence[Audience], present: Mapping[str, set[str]]) -> None:
    """Raise `AudienceError` naming every audience whose family or segments are unknown."""
    problems = [problem for audience in audiences for problem in _audience_problems(audience, present)]
    if problems:
        raise AudienceError(problems)


def _audience_problems(audience: Audience, present: Mapping[str, set[str]]) -> list[str]:
    family = audience.segment_family
    if family not in present:
        return [audience.problem(f"unknown segment_family {family!r}{_hint(family, present)}")]
    known = present[family] | set(_fixed_segments(family))
    return [
        audience.problem(f"unknown segment {segment!r} in segment_family {family!r}{_hint(segment, known)}")
        for segment in audience.segments
        if segment not in known
    ]


def _hint(name: str, known: Iterable[str]) -> str:
    """The closest known value if one is close, then all of them: the fix is usually among them."""
    choices = sorted(known)
    close = difflib.get_close_matches(name, choices, n=1)
    return (f" (did you mean {close[0]!r}?)" if close else "") + f"; known: {choices}"


def _fixed_segments(family: str) -> tuple[str, ...]:
    if family.startswith(RULE_FAMILY_PREFIX):
        return RULE_SEGMENTS
    return FIXED_SEGMENTS.get(family, ())
