"""Behavioural clustering: planted groups recovered and named, reproducible, and robust at the edges."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from orchestration.lib.segmentation.clustering import (
    ClusteringConfig,
    ClusterResult,
    assign_clusters,
    cluster_customers,
    fit_clusters,
)
from orchestration.lib.segmentation.clustering.features import QuantileClipper, derive_features
from orchestration.lib.segmentation.clustering.labels import SINGLE_CLUSTER_LABEL, unique_labels
from orchestration.lib.segmentation.clustering.sampling import sample_positions
from orchestration.lib.segmentation.clustering.selection import candidate_ks
from orchestration.lib.segmentation.clustering.synthetic import PERSONAS, planted_members

SMALL = ClusteringConfig(k_min=2, k_max=4)


@pytest.fixture(scope="module")
def members() -> pd.DataFrame:
    return planted_members(3000, seed=7)


@pytest.fixture(scope="module")
def result(members: pd.DataFrame) -> ClusterResult:
    return cluster_customers(members)


def buyers(members: pd.DataFrame) -> pd.DataFrame:
    return members[members["frequency"] > 0].reset_index(drop=True)


def test_planted_groups_are_recovered_with_the_planted_k(
    members: pd.DataFrame, result: ClusterResult
) -> None:
    is_buyer = (members["frequency"] > 0).to_numpy()
    found = result.assignments["behavior_cluster"].to_numpy()[is_buyer]
    assert result.k == len(PERSONAS)
    assert adjusted_rand_score(members["planted_group"][is_buyer], found) > 0.9
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
    members: pd.DataFrame, result: ClusterResult, group: str, words: list[str]
) -> None:
    label = result.assignments["behavior_cluster_label"][members["planted_group"] == group].mode()[0]
    assert all(word in label for word in words), label


def test_labels_are_unique_and_ids_ordered_by_spend(result: ClusterResult) -> None:
    assert len(set(result.model.labels)) == result.k
    assert result.profile["behavior_cluster"].tolist() == list(range(result.k))
    assert result.profile["mean_monetary"].is_monotonic_decreasing


def test_prospects_get_null_and_every_buyer_exactly_one_cluster(
    members: pd.DataFrame, result: ClusterResult
) -> None:
    assignments = result.assignments
    assert assignments["customer_id"].tolist() == members["customer_id"].tolist()
    assert str(assignments["behavior_cluster"].dtype) == "Int64"
    prospect = (members["frequency"] == 0).to_numpy()
    assert assignments["behavior_cluster"].isna().to_numpy().tolist() == prospect.tolist()
    assert assignments["behavior_cluster_label"].isna().to_numpy().tolist() == prospect.tolist()
    ids = assignments["behavior_cluster"][~prospect].astype(int)
    assert ids.between(0, result.k - 1).all()
    expected = [result.model.labels[i] for i in ids]
    assert assignments["behavior_cluster_label"][~prospect].tolist() == expected


def test_profile_accounts_for_every_buyer(members: pd.DataFrame, result: ClusterResult) -> None:
    profile = result.profile
    assert profile["customers"].sum() == (members["frequency"] > 0).sum()
    assert profile["share_of_buyers"].sum() == pytest.approx(1.0)
    assert profile["share_of_revenue_365d"].sum() == pytest.approx(1.0)
    assert profile["behavior_cluster_label"].tolist() == list(result.model.labels)


def test_same_seed_gives_identical_clusters(members: pd.DataFrame, result: ClusterResult) -> None:
    again = cluster_customers(members)
    pd.testing.assert_frame_equal(again.assignments, result.assignments)
    assert again.model.labels == result.model.labels


def test_row_order_does_not_change_any_customer_cluster(members: pd.DataFrame, result: ClusterResult) -> None:
    shuffled = members.sample(frac=1.0, random_state=3)
    again = cluster_customers(shuffled).assignments.set_index("customer_id")
    original = result.assignments.set_index("customer_id")
    pd.testing.assert_frame_equal(again.loc[original.index], original)


@pytest.mark.parametrize("seed", [0, 1, 42])
def test_sample_is_the_same_customers_in_the_same_order_whatever_the_row_order(seed: int) -> None:
    ids = pd.Series([f"C{i:04d}" for i in range(500)])
    shuffled = ids.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    picked = ids[sample_positions(ids, 50, seed)].tolist()
    assert shuffled[sample_positions(shuffled, 50, seed)].tolist() == picked
    assert ids[sample_positions(ids, 20, seed)].tolist() == picked[:20]


def test_only_prospects_or_no_rows_assign_nothing(members: pd.DataFrame) -> None:
    for frame in (members[members["frequency"] == 0], members.iloc[:0]):
        outcome = cluster_customers(frame)
        assert outcome.k == 0
        assert outcome.assignments["behavior_cluster"].isna().all()
        assert len(outcome.assignments) == len(frame)
        assert outcome.profile.empty


def test_without_prospects_nobody_is_null(members: pd.DataFrame) -> None:
    outcome = cluster_customers(buyers(members).iloc[:400], SMALL)
    assert outcome.assignments["behavior_cluster"].notna().all()


@pytest.mark.parametrize("rows", [1, 2, 5])
def test_fewer_buyers_than_k_shrinks_the_range(members: pd.DataFrame, rows: int) -> None:
    outcome = cluster_customers(buyers(members).iloc[:rows])
    assert 1 <= outcome.k <= rows
    assert outcome.assignments["behavior_cluster"].notna().all()
    if rows == 1:
        assert outcome.model.labels == (SINGLE_CLUSTER_LABEL,)


def test_identical_buyers_form_one_labelled_cluster(members: pd.DataFrame) -> None:
    clones = buyers(members).iloc[[0] * 50].reset_index(drop=True)
    clones["customer_id"] = [f"X{i}" for i in range(50)]
    outcome = cluster_customers(clones)
    assert outcome.k == 1
    assert (outcome.assignments["behavior_cluster_label"] == SINGLE_CLUSTER_LABEL).all()


def test_two_distinct_behaviours_give_two_clusters(members: pd.DataFrame) -> None:
    pairs = buyers(members).iloc[[0, 1] * 30].reset_index(drop=True)
    pairs["customer_id"] = [f"P{i}" for i in range(60)]
    outcome = cluster_customers(pairs)
    assert outcome.k == 2
    assert outcome.assignments.groupby("behavior_cluster").size().tolist() == [30, 30]


def test_nulls_and_nullable_dtypes_do_not_crash(members: pd.DataFrame) -> None:
    frame = buyers(members).iloc[:600].copy()
    never_measured = ["campaign_open_rate", "campaign_click_rate", "points_redemption_rate"]
    frame[[*never_measured, "avg_days_between_orders"]] = np.nan
    frame.loc[frame.index[:50], ["recency_days", "avg_order_value", "tenure_days"]] = np.nan
    frame["frequency"] = frame["frequency"].astype("Int64")
    frame.loc[frame.index[:5], "frequency"] = pd.NA
    frame["monetary"] = frame["monetary"].astype("Float64")
    outcome = cluster_customers(frame, SMALL)
    assert outcome.assignments["behavior_cluster"].isna().sum() == 5
    assert len(set(outcome.model.labels)) == outcome.k >= 2


def test_missing_columns_are_named(members: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="app_orders"):
        fit_clusters(members.drop(columns=["app_orders"]))


def test_a_model_assigns_new_rows_of_the_same_shape(members: pd.DataFrame, result: ClusterResult) -> None:
    tail = members.iloc[-100:]
    pd.testing.assert_frame_equal(
        assign_clusters(result.model, tail), result.assignments.iloc[-100:].reset_index(drop=True)
    )


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
