"""What a validation found, as plain data: per expectation, per suite and overall.

GX's result objects are large and GX-specific; the Dagster check and the tests
need only: which suite, which expectation, which column, what was observed,
and why the rule exists. Values are made JSON-safe here (dates, numpy scalars).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXAMPLES_SHOWN = 5


@dataclass(frozen=True)
class ExpectationOutcome:
    """One expectation's verdict."""

    suite: str
    expectation: str
    column: str | None
    success: bool
    observed: Any
    notes: str = ""
    condition: str | None = None

    def describe(self) -> str:
        """`suite: expectation on column [where condition]: observed …`, for logs and descriptions."""
        where = f" where {self.condition}" if self.condition else ""
        return (
            f"{self.suite}: {self.expectation} on {self.column or '(table)'}{where}: "
            f"observed {json.dumps(self.observed, default=str)}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "suite": self.suite,
            "expectation": self.expectation,
            "column": self.column,
            "condition": self.condition,
            "observed": self.observed,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class SuiteOutcome:
    """A suite's verdicts over one frame."""

    name: str
    rows: int
    results: tuple[ExpectationOutcome, ...]
    seconds: float = 0.0

    @property
    def success(self) -> bool:
        return all(result.success for result in self.results)


@dataclass(frozen=True)
class ValidationOutcome:
    """Every suite a check ran, and where the Data Docs were written."""

    suites: tuple[SuiteOutcome, ...]
    docs_index: Path | None = None

    @property
    def success(self) -> bool:
        return all(suite.success for suite in self.suites)

    @property
    def results(self) -> list[ExpectationOutcome]:
        return [result for suite in self.suites for result in suite.results]

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [result for result in self.results if not result.success]

    def summary(self, limit: int = 5) -> str:
        """One paragraph: counts, then the first failures in full."""
        failures = self.failures
        head = (
            f"{len(failures)} of {len(self.results)} expectations failed in "
            f"{', '.join(suite.name for suite in self.suites if not suite.success)}"
            if failures
            else f"all {len(self.results)} expectations passed in {', '.join(s.name for s in self.suites)}"
        )
        lines = [head, *(f"- {failure.describe()}" for failure in failures[:limit])]
        if len(failures) > limit:
            lines.append(f"- … and {len(failures) - limit} more (see metadata and Data Docs)")
        return "\n".join(lines)

    def failures_markdown(self) -> str:
        """A table of the failures: suite, expectation, column, condition, observed."""
        rows = ["| suite | expectation | column | condition | observed |", "| --- | --- | --- | --- | --- |"]
        for failure in self.failures:
            cells = [
                failure.suite,
                failure.expectation,
                failure.column or "(table)",
                failure.condition or "",
                json.dumps(failure.observed, default=str),
            ]
            rows.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
        return "\n".join(rows)


def observed_value(result: Mapping[str, Any], exception_message: str | None) -> Any:
    """The evidence GX reports: an aggregate's observed value, a map rule's unexpected rows, or the error."""
    if exception_message:
        return {"error": exception_message}
    if "observed_value" in result:
        details = (result.get("details") or {}).get("mismatched")
        value = result["observed_value"]
        return json_safe({"observed_value": value, "mismatched": details} if details else value)
    if "unexpected_count" in result:
        return json_safe(
            {
                "unexpected_count": result.get("unexpected_count"),
                "unexpected_percent": round(float(result.get("unexpected_percent") or 0.0), 4),
                "examples": list(result.get("partial_unexpected_list") or [])[:EXAMPLES_SHOWN],
            }
        )
    return json_safe(dict(result))


def json_safe(value: Any) -> Any:
    """`value` with dates, numpy scalars and decimals turned into JSON types, NaN into None."""
    return _without_nan(json.loads(json.dumps(value, default=_plain)))


def _without_nan(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, list):
        return [_without_nan(item) for item in value]
    if isinstance(value, dict):
        return {key: _without_nan(item) for key, item in value.items()}
    return value


def _plain(value: Any) -> Any:
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
