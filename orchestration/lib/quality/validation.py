"""Running suites over frames with GX 1.x, and turning GX's results into a ValidationOutcome.

Each call builds an in-memory (ephemeral) GX context with a pandas data source:
one dataframe asset, whole-dataframe batch definition and ValidationDefinition
per suite. Nothing GX-side persists except the optional Data Docs site. GX is
imported here, inside the functions, because it takes seconds to import and
the Dagster code location must load without it.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from orchestration.lib.quality.docs import SITE_NAME, build_site, reset_site, site_config
from orchestration.lib.quality.outcome import (
    ExpectationOutcome,
    SuiteOutcome,
    ValidationOutcome,
    observed_value,
)
from orchestration.lib.quality.suites import ExpectationSpec, SuiteSpec


def validate_suites(
    suites: Sequence[SuiteSpec],
    frames: Mapping[str, pd.DataFrame],
    *,
    docs_dir: Path | None = None,
    today: date | None = None,
) -> ValidationOutcome:
    """Validate each suite against `frames[suite.name]`; with `docs_dir`, also build Data Docs there.

    `today` is the suite parameter `$PARAMETER: today` (default: the UTC date).
    """
    if docs_dir is not None:
        reset_site(docs_dir)
    context = _ephemeral_context(docs_dir)
    source = context.data_sources.add_pandas("warehouse")
    parameters = {"today": pd.Timestamp(today or datetime.now(UTC).date())}
    outcomes = tuple(_run_suite(context, source, suite, frames[suite.name], parameters) for suite in suites)
    index = build_site(context, docs_dir) if docs_dir is not None else None
    return ValidationOutcome(suites=outcomes, docs_index=index)


def _ephemeral_context(docs_dir: Path | None) -> Any:
    """An in-memory context without analytics or progress bars, with at most our one docs site."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={SITE_NAME: site_config(docs_dir)} if docs_dir is not None else {},
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def _run_suite(
    context: Any, source: Any, suite: SuiteSpec, frame: pd.DataFrame, parameters: Mapping[str, Any]
) -> SuiteOutcome:
    import great_expectations as gx

    started = time.perf_counter()
    batch_definition = source.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe("frame")
    definition = context.validation_definitions.add(
        gx.ValidationDefinition(
            name=suite.name, data=batch_definition, suite=context.suites.add(suite.to_gx())
        )
    )
    result = definition.run(
        batch_parameters={"dataframe": numpy_numbers(frame)},
        expectation_parameters=dict(parameters),
        result_format="SUMMARY",
    )
    results = tuple(_expectation_outcome(suite.name, item) for item in result.results)
    return SuiteOutcome(suite.name, len(frame), results, seconds=time.perf_counter() - started)


def numpy_numbers(frame: pd.DataFrame) -> pd.DataFrame:
    """Numeric columns as numpy int64 (no nulls) or float64 (nulls as NaN).

    GX 1.x vectorises range checks only for those dtypes; DuckDB hands over
    BIGINT columns with nulls as pandas' nullable Int64 (and small ints as
    int32), which GX checks row by row in Python, ~50x slower at a million rows.
    """
    converted = {}
    for name, dtype in frame.dtypes.items():
        if pd.api.types.is_bool_dtype(dtype) or not pd.api.types.is_numeric_dtype(dtype):
            continue
        column = frame[name]
        exact = pd.api.types.is_integer_dtype(dtype) and not column.hasnans
        target = "int64" if exact else "float64"
        if dtype != target:
            converted[name] = column.to_numpy(dtype=target, na_value=None if exact else float("nan"))
    return frame.assign(**converted) if converted else frame


def _expectation_outcome(suite: str, result: Any) -> ExpectationOutcome:
    config = result.expectation_config
    spec = ExpectationSpec(config.type, dict(config.kwargs), "")
    return ExpectationOutcome(
        suite=suite,
        expectation=config.type,
        column=spec.column,
        success=bool(result.success),
        observed=observed_value(result.result or {}, _exception_message(result.exception_info)),
        notes=(config.meta or {}).get("notes", ""),
        condition=spec.condition,
    )


def _exception_message(info: Any) -> str | None:
    """The first error GX caught: flat for the expectation, or nested per metric."""
    if not isinstance(info, Mapping):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message"))
    nested = [
        value for value in info.values() if isinstance(value, Mapping) and value.get("raised_exception")
    ]
    return str(nested[0].get("exception_message")) if nested else None
