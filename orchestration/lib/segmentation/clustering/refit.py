"""When the behavioural clusters are refitted, and how a refit keeps the ids and labels of before.

A fit changes what a cluster means, so it should not happen every day: the stored model is
applied (dbt assigns every buyer from it) until it is `refit_every_days` old, the buyers have
drifted away from what it was fitted on, or its settings changed. Drift is measured on the
same seeded sample the fit would use: how far each model feature's mean has moved since the fit,
in the fit's standard deviations, after the fit's own fill and clip.

A refit is matched to the model it replaces (minimum-cost assignment of centroids, compared in
the new fit's standardised units), so a cluster that is still there keeps its id and its label,
and the history does not show members moving only because the model was refitted. A new
cluster with no counterpart within `match_max_distance` gets an id that no fit of this
warehouse has issued before (the model table records the highest id issued so far), so a
retired id never comes back with another meaning.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass
from datetime import date

import duckdb
import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment

from orchestration.lib.segmentation.clustering.config import ClusteringConfig
from orchestration.lib.segmentation.clustering.features import derive_features
from orchestration.lib.segmentation.clustering.result import ClusterResult
from orchestration.lib.warehouse import relation_exists

FIT_COLUMNS = ("fitted_as_of", "settings_digest", "refit_reason")
"""Columns the stored model carries beside the parameters: when and with what it was fitted."""

HIGHEST_ID_COLUMN = "highest_cluster_id"
"""The highest cluster id any fit has issued, kept so that a retired id is never issued again
(optional when reading: a model stored before it existed counts from its own highest id)."""

POLICY_FIELDS = ("refit_every_days", "max_feature_drift", "match_max_distance", "force_refit")
"""Settings of when to refit, not of the fit itself: changing them does not force a refit."""


@dataclass(frozen=True)
class StoredFit:
    """The model in the warehouse (segments.behavior_cluster_model) and when it was fitted."""

    parameters: pd.DataFrame
    fitted_as_of: date
    settings_digest: str
    highest_issued_id: int = -1

    @property
    def features(self) -> tuple[str, ...]:
        return tuple(per_feature(self.parameters)["feature"])

    @property
    def next_free_id(self) -> int:
        """The id a new cluster gets: above every id this model and the ones before it issued."""
        return highest_id(self.parameters, self.highest_issued_id) + 1


def highest_id(parameters: pd.DataFrame, issued_before: int = -1) -> int:
    """The highest cluster id of `parameters` or issued before them (-1 when none is)."""
    ids = parameters["behavior_cluster"]
    return max(issued_before, int(ids.max()) if len(ids) else -1)


def per_feature(parameters: pd.DataFrame) -> pd.DataFrame:
    """The model's per-feature part (fill, clip, scale): one row per feature, in fit order."""
    return parameters.drop_duplicates("feature").sort_values("feature_position")


def per_cluster(parameters: pd.DataFrame) -> pd.DataFrame:
    """The model's per-cluster part (id, label): one row per cluster, indexed by its id."""
    return parameters.drop_duplicates("behavior_cluster").set_index("behavior_cluster")


def read_stored_fit(conn: duckdb.DuckDBPyConnection, schema: str, table: str) -> StoredFit | None:
    """The model stored in `schema.table`, or None when there is none to apply: no table, a
    table written before fits were recorded, or a model fitted without buyers."""
    if not relation_exists(conn, schema, table):
        return None
    stored = conn.execute(f"select * from {schema}.{table} order by behavior_cluster, feature_position").df()
    if stored.empty or not set(FIT_COLUMNS) <= set(stored.columns):
        return None
    highest = int(stored[HIGHEST_ID_COLUMN].max()) if HIGHEST_ID_COLUMN in stored else -1
    return StoredFit(
        stored.drop(columns=[*FIT_COLUMNS, HIGHEST_ID_COLUMN], errors="ignore"),
        pd.Timestamp(stored["fitted_as_of"].iloc[0]).date(),
        str(stored["settings_digest"].iloc[0]),
        highest,
    )


def with_fit_record(
    parameters: pd.DataFrame,
    as_of: date,
    config: ClusteringConfig,
    reason: str,
    previous: StoredFit | None = None,
) -> pd.DataFrame:
    """The model table to store: the parameters and, on every row, when, with what and why,
    and the highest cluster id issued so far (by this fit or the `previous` ones)."""
    highest = highest_id(parameters, previous.next_free_id - 1 if previous else -1)
    return parameters.assign(
        fitted_as_of=pd.Series([as_of] * len(parameters), dtype="object"),
        settings_digest=settings_digest(config),
        refit_reason=reason,
        **{HIGHEST_ID_COLUMN: highest},
    )


def settings_digest(config: ClusteringConfig) -> str:
    """A digest of the settings a fit depends on (not of the refit policy)."""
    fields = {
        field.name: getattr(config, field.name)
        for field in dataclasses.fields(config)
        if field.name not in POLICY_FIELDS
    }
    return hashlib.sha256(json.dumps(fields, sort_keys=True, default=list).encode()).hexdigest()[:16]


def feature_drift(stored: StoredFit, sample: pd.DataFrame) -> pd.Series:
    """Per model feature: |mean of `sample` - mean of the fit sample| in the fit's standard
    deviations, after the stored fill and clip (0 for a model without buyers)."""
    transform = per_feature(stored.parameters)
    if transform.empty or sample.empty:
        return pd.Series(0.0, index=list(transform["feature"]), dtype="float64")
    values = derive_features(sample, stored.features)
    values = np.where(np.isnan(values), transform["impute_value"].to_numpy(), values)
    values = np.clip(values, transform["clip_lower"].to_numpy(), transform["clip_upper"].to_numpy())
    shift = (values.mean(axis=0) - transform["scale_mean"].to_numpy()) / transform["scale_std"].to_numpy()
    return pd.Series(np.abs(shift), index=list(transform["feature"]))


def refit_reason(
    stored: StoredFit | None, as_of: date, config: ClusteringConfig, drift: pd.Series | None
) -> str | None:
    """Why the clusters are refitted as of `as_of`, or None to apply the stored model.

    A model is never replaced by a fit on an earlier date (a backfill applies the stored model
    as it is), so the model only moves forward in time.
    """
    if stored is None:
        return "no stored model"
    if stored.settings_digest != settings_digest(config):
        return "the clustering settings changed since the fit"
    if as_of < stored.fitted_as_of:
        return None
    if config.force_refit:
        return "a refit was asked for (force_refit)"
    age = (as_of - stored.fitted_as_of).days
    if age >= config.refit_every_days:
        return (
            f"the model was fitted {age} days ago, as of {stored.fitted_as_of} "
            f"(refit every {config.refit_every_days})"
        )
    if drift is not None and not drift.empty and drift.max() > config.max_feature_drift:
        feature = drift.idxmax()
        return (
            f"{feature} moved {drift.max():.2f} standard deviations since the fit "
            f"(threshold {config.max_feature_drift})"
        )
    return None


def centroids_in_feature_units(parameters: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster id, one column per feature: the centre before standardisation."""
    raw = parameters.assign(value=parameters["centroid"] * parameters["scale_std"] + parameters["scale_mean"])
    return raw.pivot(index="behavior_cluster", columns="feature", values="value")


def matched_to(previous: StoredFit, result: ClusterResult, config: ClusteringConfig) -> ClusterResult:
    """`result` with each new cluster renamed to the previous cluster it matches (id and label).

    Matching minimises the total squared distance between matched centroids, measured in the
    new fit's standard deviations; a pair further apart than `match_max_distance` (root mean
    square over the features) is no match. Unmatched new clusters take ids above every id
    issued so far, in the new fit's spend order, and their own labels (made unique beside the
    kept ones).
    """
    new = result.parameters
    if new.empty or previous.parameters.empty or set(previous.features) != set(config.features):
        return result
    old_centres = centroids_in_feature_units(previous.parameters)
    new_centres = centroids_in_feature_units(new)[old_centres.columns]
    scale = per_feature(new).set_index("feature")["scale_std"][old_centres.columns].to_numpy()
    gaps = (new_centres.to_numpy()[:, None, :] - old_centres.to_numpy()[None, :, :]) / scale
    cost = (gaps**2).mean(axis=2)
    rows, columns = linear_sum_assignment(cost)
    mapping: dict[int, int] = {}
    labels: dict[int, str] = {}
    old_labels = per_cluster(previous.parameters)
    for row, col in zip(rows, columns, strict=True):
        if np.sqrt(cost[row, col]) <= config.match_max_distance:
            old_id = int(old_centres.index[col])
            mapping[int(new_centres.index[row])] = old_id
            labels[old_id] = str(old_labels.loc[old_id, "behavior_cluster_label"])
    first_new = next_id = previous.next_free_id
    new_labels = per_cluster(new)["behavior_cluster_label"]
    for cluster in sorted(set(new_centres.index) - set(mapping)):
        mapping[int(cluster)] = next_id
        labels[next_id] = str(new_labels[cluster])
        next_id += 1
    taken = [labels[cluster] for cluster in labels]
    for cluster in range(first_new, next_id):
        if taken.count(labels[cluster]) > 1:
            labels[cluster] += f" (cluster {cluster})"
    return _renamed(result, mapping, labels)


def _renamed(result: ClusterResult, mapping: dict[int, int], labels: dict[int, str]) -> ClusterResult:
    """`result` with cluster ids mapped through `mapping` and labels from `labels` (by new id)."""
    parameters = result.parameters.assign(
        behavior_cluster=result.parameters["behavior_cluster"].map(mapping).astype("int64")
    )
    parameters["behavior_cluster_label"] = parameters["behavior_cluster"].map(labels).astype("str")
    profile = result.profile.assign(behavior_cluster=result.profile["behavior_cluster"].map(mapping))
    profile["behavior_cluster_label"] = profile["behavior_cluster"].map(labels)
    return dataclasses.replace(
        result,
        parameters=parameters.sort_values(["behavior_cluster", "feature_position"], ignore_index=True),
        profile=profile.sort_values("behavior_cluster", ignore_index=True),
    )
