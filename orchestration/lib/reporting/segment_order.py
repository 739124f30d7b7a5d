"""The order families and segments appear in: the project's own order where one exists.

Ordinal families (tiers, churn risk, the RFM ladder) read best in their natural
order; every other family is shown biggest segment first.
"""

from __future__ import annotations

from collections.abc import Iterable

from orchestration.lib.scoring.loyalty_score import LOYALTY_TIERS
from orchestration.lib.segmentation.loyalty_status import LOYALTY_STATUSES
from orchestration.lib.segmentation.published_tables import SINGLE_VALUE_FAMILIES
from orchestration.lib.segmentation.rfm import RFM_SEGMENTS

RULE_FAMILY_PREFIX = "rule:"
UNKNOWN = "unknown"

FAMILY_ORDER: tuple[str, ...] = tuple(family for family, *_ in SINGLE_VALUE_FAMILIES)

SEGMENT_ORDER: dict[str, tuple[str, ...]] = {
    "rfm": RFM_SEGMENTS,
    "loyalty_status": LOYALTY_STATUSES,
    "loyalty_tier": LOYALTY_TIERS,
    "churn_risk": ("low", "medium", "high", UNKNOWN),
}


def ordered_families(families: Iterable[str]) -> list[str]:
    """Known families in the project's order, then the others alphabetically."""
    rank = {family: index for index, family in enumerate(FAMILY_ORDER)}
    return sorted(set(families), key=lambda family: (rank.get(family, len(rank)), family))


def ordered_segments(family: str, segments: Iterable[str]) -> list[str]:
    """`segments` in the family's natural order; unknown names after, alphabetically."""
    rank = {segment: index for index, segment in enumerate(SEGMENT_ORDER.get(family, ()))}
    return sorted(set(segments), key=lambda segment: (rank.get(segment, len(rank)), segment))


def is_ordinal(family: str) -> bool:
    """Whether the family has a natural order (otherwise it is shown biggest first)."""
    return family in SEGMENT_ORDER
