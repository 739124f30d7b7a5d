"""The segment families of `segments.segment_membership` and the values the project fixes for them.

The families themselves, in report order, are dbt var `segment_families` (dbt_project.yml),
the one list dbt model segment_membership unpivots; the Python side reads it from there.
Families such as rfm or churn_risk take values the project defines (docs/contract.md §3),
listed here in their natural order; the others (country, behaviour clusters, ...) take
whatever values members hold today. Rule segments are the families `rule:<name>`, valued in
or out.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

from orchestration.lib.dbt_vars import SEGMENT_FAMILIES_VAR, project_vars
from orchestration.lib.settings import DBT_PROJECT_DIR

RFM_SEGMENTS = (
    "champions",
    "loyal_customers",
    "cannot_lose_them",
    "at_risk",
    "potential_loyalists",
    "new_customers",
    "promising",
    "need_attention",
    "about_to_sleep",
    "lost",
    "hibernating",
    "prospect",
)
"""The segments of dbt var `rfm_segment_rules` in rule order, then `prospect` (no completed order)."""
LOYALTY_STATUSES = ("prospect", "new", "loyal", "casual", "at_risk", "lapsed")
"""The statuses of dbt model `loyalty_statuses`."""
CHURN_RISK_LEVELS = ("low", "medium", "high")
"""The bands of dbt model clv_scores' churn_risk, lowest risk first (dbt vars clv_churn_risk_*)."""
LOYALTY_TIERS = ("bronze", "silver", "gold", "platinum")
"""bronze, then the tiers of dbt var `loyalty_score_tier_thresholds`, lowest first."""

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

DESCRIPTIVE_MODEL = "descriptive_segments"
"""The dbt model of the descriptive families, one column each."""


def descriptive_families(dbt_vars: Mapping[str, Any]) -> tuple[str, ...]:
    """The families of var `segment_families` that are columns of `descriptive_segments`."""
    sources = dbt_vars[SEGMENT_FAMILIES_VAR]
    return tuple(family for family, source in sources.items() if source["model"] == DESCRIPTIVE_MODEL)


@functools.cache
def project_families() -> tuple[str, ...]:
    """The single-valued families as dbt_project.yml declares them (read once, when first asked)."""
    return tuple(project_vars(DBT_PROJECT_DIR)[SEGMENT_FAMILIES_VAR])
