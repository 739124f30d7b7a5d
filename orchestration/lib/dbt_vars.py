"""The dbt project's vars: the documented defaults in dbt_project.yml and a run's overrides.

Every threshold of the segment and score models is a dbt var. A run may override
them (from the launchpad); a mistyped name must fail the run rather than be
ignored by dbt, so overrides are checked against the vars the project declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import yaml

AS_OF_VAR = "as_of_date"
"""The run's as-of date (partition, LOYALTY_AS_OF or the latest order), never overridden. A Dagster
run hands it to dbt in RUN_SETTINGS_TABLE instead (macros/as_of_date.sql says why); dbt alone and
the unit tests set the var."""
RUN_SETTINGS_TABLE = "raw.dbt_run_settings"
"""The one-row table the as_of_date macro reads when the var is not set."""
SEGMENT_RULES_VAR = "segment_rules"
"""Set by the rule segments step from the compiled rules file, never overridden."""
SEGMENT_FAMILIES_VAR = "segment_families"
"""The contract's segment families of segment_membership, fixed by the project."""

NOT_OVERRIDABLE: dict[str, str] = {
    AS_OF_VAR: "comes from the run's partition or LOYALTY_AS_OF",
    SEGMENT_RULES_VAR: "is compiled from the rules file LOYALTY_SEGMENT_RULES",
    SEGMENT_FAMILIES_VAR: "is the contract's list of segment families",
}
"""The declared vars a run may not override, and why: what they hold is not a threshold, and
`segment_rules` holds SQL, so an override would paste launchpad text into a model."""


class DbtVarsError(ValueError):
    """An override names a var the dbt project does not declare, or one a run may not set."""


def project_vars(project_dir: Path) -> dict[str, Any]:
    """The `vars:` of `project_dir`/dbt_project.yml with their default values."""
    with (project_dir / "dbt_project.yml").open(encoding="utf-8") as file:
        return dict(yaml.safe_load(file).get("vars") or {})


def checked_overrides(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """`overrides`, if every name is a declared var a run may set (not one of NOT_OVERRIDABLE)."""
    for name, reason in NOT_OVERRIDABLE.items():
        if name in overrides:
            raise DbtVarsError(f"var {name!r} {reason}, not from overrides")
    known = sorted(set(defaults) - set(NOT_OVERRIDABLE))
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


def write_run_settings(conn: duckdb.DuckDBPyConnection, as_of: date) -> None:
    """Hand the run's as-of date to the dbt models (RUN_SETTINGS_TABLE), before a dbt selection.

    A table rather than a command-line var: dbt re-parses the whole project when its command-line
    vars change, and the date changes every day.
    """
    conn.execute("create schema if not exists raw")
    conn.execute(
        f"create or replace table {RUN_SETTINGS_TABLE} as select cast(? as date) as as_of_date", [as_of]
    )
