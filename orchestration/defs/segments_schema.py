"""The `segments` schema: the decorator and key of the assets writing a table there (segmentation,
scoring, history, measurement), and the tunables they share."""

import dataclasses
import functools
from typing import Any, TypeVar

import dagster as dg
from pydantic import Field

from orchestration.defs.resources import WAREHOUSE_POOL

SEGMENTS_SCHEMA = "segments"
FEATURES = "marts.customer_features"

segment_asset = functools.partial(
    dg.asset, key_prefix=[SEGMENTS_SCHEMA], pool=WAREHOUSE_POOL, kinds={"python", "duckdb"}
)
"""An asset writing `segments.<name>` in the warehouse."""


def segments_key(name: str) -> dg.AssetKey:
    """The key of the asset writing `segments.<name>`, for deps and checks."""
    return dg.AssetKey([SEGMENTS_SCHEMA, name])


Defaults = TypeVar("Defaults")


class Tunables(dg.Config):
    """Overrides of an asset's documented defaults, e.g. `{"new_days": 60}` in the launchpad.

    The names are the fields of the asset's config dataclass (see its docstring);
    an unknown name fails the run with a message naming it.
    """

    overrides: dict[str, Any] = Field(default_factory=dict)

    def apply(self, defaults: Defaults) -> Defaults:
        known = {field.name for field in dataclasses.fields(defaults)}
        unknown = sorted(set(self.overrides) - known)
        if unknown:
            raise dg.Failure(f"unknown setting(s) {unknown}; known: {sorted(known)}", allow_retries=False)
        return dataclasses.replace(defaults, **self.overrides)
