"""A ValidationOutcome as a Dagster AssetCheckResult: the verdict, the failures, the Data Docs link."""

from pathlib import Path

import dagster as dg

from orchestration.lib.quality.outcome import ValidationOutcome


def check_result(outcome: ValidationOutcome) -> dg.AssetCheckResult:
    """ERROR severity, so a failure blocks every downstream asset, publishing included.

    The description and metadata name suite, expectation, column and observed
    value of each failure, so the UI tells what broke without opening the docs.
    """
    metadata: dict[str, dg.MetadataValue] = {
        "suites": dg.MetadataValue.json(
            [{"suite": s.name, "rows": s.rows, "seconds": round(s.seconds, 3)} for s in outcome.suites]
        ),
        "evaluated_expectations": dg.MetadataValue.int(len(outcome.results)),
        "failed_expectations": dg.MetadataValue.int(len(outcome.failures)),
    }
    if outcome.failures:
        metadata["failures"] = dg.MetadataValue.json([failure.as_dict() for failure in outcome.failures])
        metadata["failures_table"] = dg.MetadataValue.md(outcome.failures_markdown())
    if outcome.docs_index is not None:
        metadata.update(docs_metadata(outcome.docs_index))
    return dg.AssetCheckResult(
        passed=outcome.success,
        severity=dg.AssetCheckSeverity.ERROR,
        description=outcome.summary(),
        metadata=metadata,
    )


def docs_metadata(index: Path) -> dict[str, dg.MetadataValue]:
    """Links to this check's Data Docs site and to the overview of all checks."""
    return {
        "data_docs": dg.MetadataValue.path(str(index)),
        "data_docs_url": dg.MetadataValue.url(index.resolve().as_uri()),
        "data_docs_overview": dg.MetadataValue.path(str(index.parent.parent / "index.html")),
    }
