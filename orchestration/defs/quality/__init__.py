"""Data-quality gate: blocking Great Expectations checks (wire `quality_checks` into Definitions)."""

from orchestration.defs.quality.checks import quality_checks

__all__ = ["quality_checks"]
