"""The dbt project's vars: the documented defaults in dbt_project.yml and a run's overrides.

Every threshold of the segment and score models is a dbt var. A run may override
them (from the launchpad); a mistyped name must fail the run rather than be
ignored by dbt, so overrides are checked against the vars the project declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

AS_OF_VAR = "as_of_date"
"""Set from the run's as-of date (partition, LOYALTY_AS_OF or the latest order), never overridden."""


class DbtVarsError(ValueError):
    """An override names a var the dbt project does not declare, or one a run may not set."""


def project_vars(project_dir: Path) -> dict[str, Any]:
    """The `vars:` of `project_dir`/dbt_project.yml with their default values."""
    with (project_dir / "dbt_project.yml").open(encoding="utf-8") as file:
        return dict(yaml.safe_load(file).get("vars") or {})


def checked_overrides(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """`overrides`, if every name is a declared var other than the as-of date."""
    if AS_OF_VAR in overrides:
        raise DbtVarsError(
            f"var {AS_OF_VAR!r} comes from the run's partition or LOYALTY_AS_OF, not from overrides"
        )
    known = sorted(set(defaults) - {AS_OF_VAR})
    unknown = sorted(set(overrides) - set(known))
    if unknown:
        raise DbtVarsError(f"unknown dbt var(s) {unknown}; known: {known}")
    return dict(overrides)


def warehouse_vars(path: Path, memory_limit: str) -> dict[str, str]:
    """The vars profiles.yml reads (not declared in dbt_project.yml, so no run overrides them): the
    warehouse resource's file and memory limit, so dbt builds in the file the Dagster steps open."""
    return {"warehouse_path": str(path), "duckdb_memory_limit": memory_limit}


def vars_named(values: Mapping[str, Any], *prefixes: str) -> dict[str, Any]:
    """The vars among `values` whose names start with one of `prefixes` (one family's settings)."""
    return {name: value for name, value in values.items() if name.startswith(prefixes)}
