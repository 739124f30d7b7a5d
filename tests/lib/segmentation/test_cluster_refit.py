"""Refitting the behavioural clusters: when (age, drift, settings) and with ids and labels kept."""

from __future__ import annotations

import dataclasses
from datetime import date

import duckdb
import pandas as pd
import pytest

from orchestration.lib.frames import write_table
from orchestration.lib.segmentation.clustering import ClusteringConfig, ClusterResult, cluster_sample
from orchestration.lib.segmentation.clustering.refit import (
    StoredFit,
    feature_drift,
    matched_to,
    read_stored_fit,
    refit_reason,
    settings_digest,
    with_fit_record,
)
from tests.lib.segmentation.synthetic_clusters import planted_members
from tests.lib.segmentation.test_clusters import nearest_stored_centroid

FITTED = date(2026, 9, 1)
CONFIG = ClusteringConfig(k_min=4, k_max=4, fit_sample_size=2000)


def buyers(seed: int, customers: int = 2400) -> pd.DataFrame:
    members = planted_members(customers, seed=seed, prospect_share=0.0)
    return members[members["frequency"] > 0].reset_index(drop=True)


@pytest.fixture(scope="module")
def first() -> tuple[pd.DataFrame, ClusterResult]:
    sample = buyers(seed=1)
    return sample, cluster_sample(sample.drop(columns=["planted_group"]), CONFIG)


def stored_from(result: ClusterResult, config: ClusteringConfig = CONFIG) -> StoredFit:
    return StoredFit(result.parameters, FITTED, settings_digest(config))


def persona_of_each_cluster(parameters: pd.DataFrame, sample: pd.DataFrame) -> dict[int, str]:
    """The planted persona most members of each cluster id come from."""
    ids = nearest_stored_centroid(parameters, sample)
    return sample.groupby(ids)["planted_group"].agg(lambda groups: groups.mode()[0]).to_dict()


def test_the_fit_sample_has_not_drifted_from_its_own_fit(first):
    sample, result = first
    assert feature_drift(stored_from(result), sample).max() == pytest.approx(0.0, abs=1e-9)


def test_a_shifted_population_drifts_on_the_shifted_feature(first):
    sample, result = first
    shifted = sample.assign(recency_days=sample["recency_days"] * 4 + 200)
    drift = feature_drift(stored_from(result), shifted)
    assert drift.idxmax() == "recency_days" and drift.max() > 0.5
    assert drift.drop("recency_days").max() < 0.3


@pytest.mark.parametrize(
    ("as_of", "config", "drift", "reason"),
    [
        (date(2026, 9, 10), CONFIG, 0.1, None),
        (date(2026, 9, 29), CONFIG, 0.0, "fitted 28 days ago"),
        (date(2026, 9, 10), CONFIG, 0.4, "moved 0.40 standard deviations"),
        (date(2026, 9, 10), dataclasses.replace(CONFIG, seed=1), 0.0, "settings changed"),
        (date(2026, 9, 10), dataclasses.replace(CONFIG, refit_every_days=5), 0.0, "fitted 9 days ago"),
        (date(2026, 9, 10), dataclasses.replace(CONFIG, force_refit=True), 0.0, "force_refit"),
        (date(2025, 1, 1), dataclasses.replace(CONFIG, force_refit=True), 9.0, None),
    ],
)
def test_a_refit_is_due_for_age_drift_or_settings_never_for_an_earlier_date(
    first, as_of, config, drift, reason
):
    _, result = first
    stored = StoredFit(result.parameters, FITTED, settings_digest(CONFIG))
    drifts = pd.Series({"frequency": 0.0, "recency_days": drift})
    found = refit_reason(stored, as_of, config, drifts)
    assert found is None if reason is None else reason in found
    assert refit_reason(None, as_of, config, None) == "no stored model"


def test_the_policy_settings_do_not_count_as_a_settings_change():
    relaxed = dataclasses.replace(CONFIG, refit_every_days=90, max_feature_drift=1.0, match_max_distance=2.0)
    assert settings_digest(relaxed) == settings_digest(CONFIG)


def test_a_refit_keeps_the_id_and_label_of_every_cluster_it_matches(first):
    sample, result = first
    # the stored model numbered its clusters differently: ids 10..13, labels of its own
    renumbered = {cluster: 10 + (3 - cluster) for cluster in range(4)}
    previous = result.parameters.assign(
        behavior_cluster=result.parameters["behavior_cluster"].map(renumbered)
    )
    previous["behavior_cluster_label"] = "stored " + previous["behavior_cluster"].astype(str)
    before = persona_of_each_cluster(previous, sample)
    later = buyers(seed=2)
    refit = matched_to(
        StoredFit(previous, FITTED, settings_digest(CONFIG)),
        cluster_sample(later.drop(columns=["planted_group"]), CONFIG),
        CONFIG,
    )
    assert sorted(refit.parameters["behavior_cluster"].unique()) == [10, 11, 12, 13]
    assert persona_of_each_cluster(refit.parameters, later) == before
    labels = refit.parameters.drop_duplicates("behavior_cluster").set_index("behavior_cluster")
    assert labels["behavior_cluster_label"].to_dict() == {i: f"stored {i}" for i in range(10, 14)}
    assert refit.profile["behavior_cluster"].tolist() == [10, 11, 12, 13]


def test_a_cluster_with_no_counterpart_gets_an_id_never_used_before(first):
    sample, _ = first
    three = cluster_sample(
        sample.drop(columns=["planted_group"]), dataclasses.replace(CONFIG, k_min=3, k_max=3)
    )
    _, four = first
    refit = matched_to(stored_from(three), four, CONFIG)
    clusters = refit.parameters.drop_duplicates("behavior_cluster").set_index("behavior_cluster")
    labels = clusters["behavior_cluster_label"]
    assert len(labels) == 4 and labels.is_unique
    assert any(cluster > 2 for cluster in labels.index)  # four clusters cannot all be old ones
    old = three.parameters.drop_duplicates("behavior_cluster").set_index("behavior_cluster")
    for cluster in labels.index[labels.index <= 2]:
        assert labels[cluster] == old.loc[cluster, "behavior_cluster_label"]


def test_a_retired_id_is_never_issued_again(first):
    """A model of ids 0-2 after fits that issued up to 7: a new cluster is 8, not 3."""
    sample, four = first
    three = cluster_sample(
        sample.drop(columns=["planted_group"]), dataclasses.replace(CONFIG, k_min=3, k_max=3)
    )
    previous = dataclasses.replace(stored_from(three), highest_issued_id=7)
    refit = matched_to(previous, four, CONFIG)
    new_ids = set(refit.parameters["behavior_cluster"]) - {0, 1, 2}
    assert new_ids and min(new_ids) == 8
    stored = with_fit_record(refit.parameters, FITTED, CONFIG, "x", previous=previous)
    assert set(stored["highest_cluster_id"]) == {max(new_ids)}


def test_the_stored_fit_round_trips_through_the_warehouse(first):
    _, result = first
    conn = duckdb.connect()
    assert read_stored_fit(conn, "segments", "behavior_cluster_model") is None
    write_table(conn, "segments.behavior_cluster_model", result.parameters)
    assert read_stored_fit(conn, "segments", "behavior_cluster_model") is None  # no fit record yet
    write_table(
        conn, "segments.behavior_cluster_model", with_fit_record(result.parameters, FITTED, CONFIG, "x")
    )
    stored = read_stored_fit(conn, "segments", "behavior_cluster_model")
    assert stored.fitted_as_of == FITTED and stored.settings_digest == settings_digest(CONFIG)
    assert stored.highest_issued_id == result.parameters["behavior_cluster"].max()
    pd.testing.assert_frame_equal(stored.parameters, result.parameters, check_dtype=False)
