"""The order families and segments appear in: the project's own order where one exists.

Ordinal families (tiers, churn risk, the RFM ladder) read best in their natural
order; every other family is shown biggest segment first.
"""

from __future__ import annotations

from collections.abc import Iterable

from orchestration.lib.segmentation.families import ORDINAL_SEGMENTS, project_families


def ordered_families(families: Iterable[str]) -> list[str]:
    """Known families in the project's order (dbt var segment_families), then the others
    alphabetically."""
    rank = {family: index for index, family in enumerate(project_families())}
    return sorted(set(families), key=lambda family: (rank.get(family, len(rank)), family))


def ordered_segments(family: str, segments: Iterable[str]) -> list[str]:
    """`segments` in the family's natural order; unknown names after, alphabetically."""
    rank = {segment: index for index, segment in enumerate(ORDINAL_SEGMENTS.get(family, ()))}
    return sorted(set(segments), key=lambda segment: (rank.get(segment, len(rank)), segment))


def is_ordinal(family: str) -> bool:
    """Whether the family has a natural order (otherwise it is shown biggest first)."""
    return family in ORDINAL_SEGMENTS
