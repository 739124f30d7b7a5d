"""The segment families of `segments.segment_membership` and the values the project fixes for them.

Families such as rfm or churn_risk take values the project defines (docs/contract.md §3), listed
here in their natural order; the others (country, behaviour clusters, ...) take whatever
values members hold today. Rule segments are the families `rule:<name>`, valued in or out.
"""

from __future__ import annotations

from orchestration.lib.scoring.clv.tables import CHURN_RISK_LEVELS
from orchestration.lib.scoring.loyalty_score import LOYALTY_TIERS
from orchestration.lib.segmentation.loyalty_status import LOYALTY_STATUSES
from orchestration.lib.segmentation.rfm import RFM_SEGMENTS

SEGMENT_MEMBERSHIP = "segments.segment_membership"
RULE_FAMILY_PREFIX = "rule:"
RULE_SEGMENTS = ("in", "out")
UNKNOWN = "unknown"
"""The segment of a member a family cannot place (churn risk without a CLV model)."""

ORDINAL_SEGMENTS: dict[str, tuple[str, ...]] = {
    "rfm": RFM_SEGMENTS,
    "loyalty_status": LOYALTY_STATUSES,
    "loyalty_tier": LOYALTY_TIERS,
    "churn_risk": (*CHURN_RISK_LEVELS, UNKNOWN),
}
"""Fixed families whose values have a natural order, in that order."""

FIXED_SEGMENTS: dict[str, tuple[str, ...]] = {**ORDINAL_SEGMENTS, "win_back": ("candidate", "not_candidate")}
"""Every family whose values the project fixes, whether or not a member holds them today."""

DESCRIPTIVE_FAMILIES = (
    "age_band",
    "gender",
    "country",
    "region",
    "membership_type",
    "psychographic",
    "interest",
    "campaign_response",
    "preferred_channel",
    "purchase_channel",
)
"""The families of `segments.descriptive_segments` (a dbt model), one column each."""
