"""Behavioural clustering: the warehouse's seeded sample, planted groups recovered and named,
a stored model that reproduces the fit, reproducible, and robust at the edges."""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from orchestration.lib.frames import write_table
from orchestration.lib.segmentation.clustering import (
    ClusteringConfig,
    ClusterResult,
    cluster_sample,
    fit_clusters,
    read_sample,
)
from orchestration.lib.segmentation.clustering.features import QuantileClipper, derive_features
from orchestration.lib.segmentation.clustering.labels import SINGLE_CLUSTER_LABEL, unique_labels
from orchestration.lib.segmentation.clustering.parameters import COLUMNS
from orchestration.lib.segmentation.clustering.selection import candidate_ks
from tests.lib.segmentation.synthetic_clusters import PERSONAS, planted_members

SMALL = ClusteringConfig(k_min=2, k_max=4)
RELATION = "marts.customer_features"


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return planted_members(3000, seed=7)


def warehouse_of(frame: pd.DataFrame) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse whose feature mart holds `frame`'s rows."""
    conn = duckdb.connect()
    write_table(conn, RELATION, frame.drop(columns=["planted_group"], errors="ignore"))
    return conn


@pytest.fixture(scope="module")
def conn(members: pd.DataFrame) -> Iterator[duckdb.DuckDBPyConnection]:
    with warehouse_of(members) as conn:
        yield conn


@pytest.fixture(scope="module")
def sample(conn: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    config = ClusteringConfig()
    return read_sample(conn, RELATION, config.fit_sample_size, config.seed)


@pytest.fixture(scope="module")
def result(sample: pd.DataFrame) -> ClusterResult:
    return cluster_sample(sample)


def planted(members: pd.DataFrame, sample: pd.DataFrame) -> pd.Series:
    return members.set_index("customer_id").loc[sample["customer_id"], "planted_group"].reset_index(drop=True)


def buyers(members: pd.DataFrame) -> pd.DataFrame:
    return members[members["frequency"] > 0].reset_index(drop=True)


def nearest_stored_centroid(parameters: pd.DataFrame, frame: pd.DataFrame) -> np.ndarray:
    """Cluster ids from the stored table alone, as the dbt model behavior_clusters computes them."""
    features = parameters.loc[parameters["behavior_cluster"] == parameters["behavior_cluster"].min()]
    features = features.sort_values("feature_position")
    derived = derive_features(frame, features["feature"].tolist())
    filled = np.where(np.isnan(derived), features["impute_value"].to_numpy(), derived)
    clipped = np.clip(filled, features["clip_lower"].to_numpy(), features["clip_upper"].to_numpy())
    scaled = (clipped - features["scale_mean"].to_numpy()) / features["scale_std"].to_numpy()
    centroids = parameters.pivot(index="behavior_cluster", columns="feature_position", values="centroid")
    distances = ((scaled[:, None, :] - centroids.to_numpy()[None, :, :]) ** 2).sum(axis=2)
    return centroids.index.to_numpy()[distances.argmin(axis=1)]


def test_the_sample_is_buyers_in_a_seeded_hash_order_whatever_the_row_order(members: pd.DataFrame) -> None:
    shuffled = members.sample(frac=1.0, random_state=3)
    with warehouse_of(members) as original, warehouse_of(shuffled) as reordered:
        picked = read_sample(original, RELATION, 200, 42)
        pd.testing.assert_frame_equal(read_sample(reordered, RELATION, 200, 42), picked)
        prefix = read_sample(original, RELATION, 50, 42)["customer_id"]
        other_seed = read_sample(original, RELATION, 200, 1)["customer_id"]
    assert prefix.tolist() == picked["customer_id"][:50].tolist()
    assert (picked["frequency"] > 0).all()
    assert set(other_seed) != set(picked["customer_id"])


def test_the_sample_holds_every_buyer_below_its_size(members: pd.DataFrame, sample: pd.DataFrame) -> None:
    assert sorted(sample["customer_id"]) == sorted(buyers(members)["customer_id"])


def test_planted_groups_are_recovered_with_the_planted_k(
    members: pd.DataFrame, sample: pd.DataFrame, result: ClusterResult
) -> None:
    assert result.k == len(PERSONAS)
    assert adjusted_rand_score(planted(members, sample), result.model.sample_clusters) > 0.9
    assert result.selection_scores.loc[result.selection_scores["chosen"], "k"].tolist() == [result.k]


@pytest.mark.parametrize(
    ("group", "words"),
    [
        ("app_vip", ["frequent", "high spenders", "active", "app first"]),
        ("store_dormant", ["occasional", "low spenders", "dormant", "store first"]),
        ("online_regular", ["lapsing", "online first"]),
        ("omni_deal", ["frequent", "active", "omnichannel"]),
    ],
)
def test_labels_describe_the_planted_groups(
    members: pd.DataFrame, sample: pd.DataFrame, result: ClusterResult, group: str, words: list[str]
) -> None:
    clusters = pd.Series(result.model.sample_clusters)[planted(members, sample) == group]
    label = result.model.labels[clusters.mode()[0]]
    assert all(word in label for word in words), label


def test_labels_are_unique_and_ids_ordered_by_spend(result: ClusterResult) -> None:
    assert len(set(result.model.labels)) == result.k
    assert result.profile["behavior_cluster"].tolist() == list(range(result.k))
    assert result.profile["mean_monetary"].is_monotonic_decreasing


def test_profile_accounts_for_every_sampled_buyer(sample: pd.DataFrame, result: ClusterResult) -> None:
    profile = result.profile
    assert profile["sampled_buyers"].sum() == len(sample)
    assert profile["share_of_buyers"].sum() == pytest.approx(1.0)
    assert profile["share_of_revenue_365d"].sum() == pytest.approx(1.0)
    assert profile["behavior_cluster_label"].tolist() == list(result.model.labels)


def test_the_stored_model_has_a_row_per_cluster_and_feature(result: ClusterResult) -> None:
    parameters = result.parameters
    assert parameters.dtypes.astype(str).to_dict() == COLUMNS
    assert len(parameters) == result.k * len(ClusteringConfig().features)
    labels = parameters.drop_duplicates("behavior_cluster")["behavior_cluster_label"]
    assert labels.tolist() == list(result.model.labels)
    assert (parameters["clip_lower"] <= parameters["clip_upper"]).all()
    assert (parameters["scale_std"] > 0).all()


def test_the_stored_model_reproduces_the_fit(sample: pd.DataFrame, result: ClusterResult) -> None:
    ids = nearest_stored_centroid(result.parameters, sample)
    assert ids.tolist() == result.model.sample_clusters.tolist()


def test_same_seed_and_any_row_order_give_the_identical_model(
    members: pd.DataFrame, result: ClusterResult
) -> None:
    with warehouse_of(members.sample(frac=1.0, random_state=3)) as conn:
        again = cluster_sample(read_sample(conn, RELATION, 50_000, 42))
    pd.testing.assert_frame_equal(again.parameters, result.parameters)


def test_no_buyers_store_an_empty_model(members: pd.DataFrame) -> None:
    with warehouse_of(members[members["frequency"] == 0]) as conn:
        sample = read_sample(conn, RELATION, 100, 42)
    outcome = cluster_sample(sample)
    assert sample.empty and outcome.k == 0
    assert outcome.parameters.empty
    assert outcome.parameters.dtypes.astype(str).to_dict() == COLUMNS
    assert outcome.profile.empty


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_fewer_buyers_than_k_shrinks_the_range(members: pd.DataFrame, rows: int) -> None:
    sample = buyers(members).iloc[:rows]
    outcome = cluster_sample(sample)
    assert 1 <= outcome.k <= rows
    assigned = nearest_stored_centroid(outcome.parameters, sample)
    assert assigned.tolist() == outcome.model.sample_clusters.tolist()
    if rows == 1:
        assert outcome.model.labels == (SINGLE_CLUSTER_LABEL,)


def test_identical_buyers_form_one_labelled_cluster(members: pd.DataFrame) -> None:
    clones = buyers(members).iloc[[0] * 50].reset_index(drop=True)
    clones["customer_id"] = [f"X{i}" for i in range(50)]
    outcome = cluster_sample(clones)
    assert outcome.k == 1
    assert set(outcome.parameters["behavior_cluster_label"]) == {SINGLE_CLUSTER_LABEL}
    assert (nearest_stored_centroid(outcome.parameters, clones) == 0).all()


def test_two_distinct_behaviours_give_two_clusters(members: pd.DataFrame) -> None:
    pairs = buyers(members).iloc[[0, 1] * 30].reset_index(drop=True)
    pairs["customer_id"] = [f"P{i}" for i in range(60)]
    outcome = cluster_sample(pairs)
    assert outcome.k == 2
    assert np.bincount(nearest_stored_centroid(outcome.parameters, pairs)).tolist() == [30, 30]


def test_nulls_and_nullable_dtypes_do_not_crash(members: pd.DataFrame) -> None:
    frame = buyers(members).iloc[:600].copy()
    never_measured = ["campaign_open_rate", "campaign_click_rate", "points_redemption_rate"]
    frame[[*never_measured, "avg_days_between_orders"]] = np.nan
    frame.loc[frame.index[:50], ["recency_days", "avg_order_value", "tenure_days"]] = np.nan
    frame["frequency"] = frame["frequency"].astype("Int64")
    frame["monetary"] = frame["monetary"].astype("Float64")
    outcome = cluster_sample(frame, SMALL)
    assert len(set(outcome.model.labels)) == outcome.k >= 2
    assert not outcome.parameters.isna().any().any()


def test_missing_columns_are_named(members: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="app_orders"):
        fit_clusters(members.drop(columns=["app_orders"]))


@pytest.mark.parametrize(
    ("distinct", "expected"),
    [(0, range(0)), (1, range(0)), (2, range(2, 3)), (5, range(3, 6)), (100, range(3, 9))],
)
def test_candidate_ks_shrink_to_the_distinct_points(distinct: int, expected: range) -> None:
    assert candidate_ks(distinct, ClusteringConfig()) == expected


@pytest.mark.parametrize(
    ("bases", "extras", "expected"),
    [
        (["a", "b"], [[None], [None]], ("a", "b")),
        (["a", "a"], [["newer"], [None]], ("a, newer", "a")),
        (["a", "a"], [["x", "y"], ["x", "z"]], ("a, y", "a, z")),
        (["a", "a", "b"], [["x"], ["x"], ["x"]], ("a (cluster 0)", "a (cluster 1)", "b")),
    ],
)
def test_clashing_labels_are_made_unique(
    bases: list[str], extras: list[list[str | None]], expected: tuple[str, ...]
) -> None:
    assert unique_labels(bases, extras) == expected


def test_features_are_logged_shared_and_filled(members: pd.DataFrame) -> None:
    frame = buyers(members).iloc[:200]
    shares = derive_features(frame, ["store_share", "online_share", "app_share", "phone_other_share"])
    assert np.allclose(shares.sum(axis=1), 1.0)
    rates = derive_features(frame.assign(campaign_open_rate=np.nan), ["campaign_open_rate"])
    assert (rates == 0).all()
    logged = derive_features(frame, ["frequency"])[:, 0]
    assert np.allclose(logged, np.log1p(frame["frequency"]))


def test_quantile_clipper_bounds_extremes() -> None:
    values = np.arange(1000, dtype=float).reshape(-1, 1)
    clipped = QuantileClipper(0.01, 0.99).fit(values).transform(np.array([[-5.0], [500.0], [5000.0]]))
    assert clipped[:, 0].tolist() == pytest.approx([9.99, 500.0, 989.01])


@pytest.mark.parametrize("overrides", [{"k_min": 1}, {"k_min": 5, "k_max": 4}, {"features": ("shoe_size",)}])
def test_config_rejects_nonsense(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        ClusteringConfig(**overrides)
