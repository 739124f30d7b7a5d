"""Frames read from DuckDB: profiles are computed right, and only named columns are read."""

from __future__ import annotations

import duckdb
import pytest

from orchestration.lib.quality.catalog import FrameError
from orchestration.lib.quality.frames import read_frame
from orchestration.lib.quality.suites import ExpectationSpec, SuiteSpec
from orchestration.lib.raw_loader import load_raw_table
from orchestration.lib.raw_schema import RAW_TABLES_BY_NAME


def _suite(frame: dict[str, str], *columns: str) -> SuiteSpec:
    specs = tuple(ExpectationSpec("expect_column_to_exist", {"column": column}, "test") for column in columns)
    return SuiteSpec(name="probe", frame=frame, expectations=specs)


def test_raw_profile_computes_only_the_named_metrics_and_carries_the_columns(warehouse):
    warehouse.execute(
        "insert into raw.orders (order_id, customer_id, amount) values ('o1', 'ghost', -3), (null, 'c1', 1)"
    )
    suite = _suite(
        {"kind": "raw_profile", "table": "orders"},
        "order_id__null_share",
        "order_id__duplicate_share",
        "amount__negative_share",
        "customer_id__unknown_share",
    )
    frame = read_frame(warehouse, suite)
    assert len(frame) == 1
    row = frame.iloc[0]
    assert row["row_count"] == 6
    assert row["order_id__null_share"] == pytest.approx(1 / 6)
    assert row["order_id__duplicate_share"] == pytest.approx(1 / 6)
    assert row["amount__negative_share"] == pytest.approx(1 / 6)
    assert row["customer_id__unknown_share"] == pytest.approx(1 / 6)
    assert {"order_ts", "_invalid_columns", "_source_file"} <= set(frame.columns)
    assert "invalid_row_share" not in frame.columns


def test_raw_profile_of_an_empty_optional_table_has_null_shares(warehouse):
    frame = read_frame(
        warehouse, _suite({"kind": "raw_profile", "table": "referrals"}, "referrer_id__null_share")
    )
    assert frame.loc[0, "row_count"] == 0
    assert frame["referrer_id__null_share"].isna().all()


@pytest.mark.parametrize(
    ("frame", "columns", "message"),
    [
        ({"kind": "raw_profile", "table": "orders"}, ["amount__median"], "unknown raw metric"),
        ({"kind": "raw_profile", "table": "orders"}, ["order_id__unknown_share"], "unknown raw metric"),
        ({"kind": "raw_profile", "table": "nope"}, [], "does not exist"),
        ({"kind": "columns", "relation": "published.x; drop table y"}, [], "schema.table"),
        ({"kind": "columns", "relation": "published.nope"}, [], "does not exist"),
        ({"kind": "sample"}, [], "unknown frame kind"),
    ],
)
def test_unusable_frames_fail_with_a_message_naming_the_problem(warehouse, frame, columns, message):
    with pytest.raises(FrameError, match=message):
        read_frame(warehouse, _suite(frame, *columns))


def test_columns_frame_reads_only_named_columns_and_flags_coverage(warehouse):
    warehouse.execute("delete from published.customer_scores where customer_id = 'c4'")
    suite = _suite(
        {"kind": "columns", "relation": "published.customer_scores", "cohort": "published.customer_features"},
        "customer_id",
        "p_alive",
        "not_a_column",
    )
    frame = read_frame(warehouse, suite).set_index("customer_id").sort_index()
    assert list(frame.columns) == ["p_alive", "in_table", "in_cohort"]
    assert frame["in_table"].to_dict() == {"c1": True, "c2": True, "c3": True, "c4": False}
    assert frame["in_cohort"].all()


def test_membership_profile_counts_per_family(warehouse):
    warehouse.execute(
        "insert into published.segment_membership values ('c1', 'rfm', 'lost'), ('x', 'gender', 'f')"
    )
    suite = _suite(
        {
            "kind": "membership_families",
            "relation": "published.segment_membership",
            "cohort": "published.customer_features",
        }
    )
    frame = read_frame(warehouse, suite).set_index("segment_family")
    assert frame.loc["rfm", ["customers", "rows", "max_rows_per_customer", "missing_customers"]].tolist() == [
        4,
        5,
        2,
        0,
    ]
    assert frame.loc["gender", "unknown_customers"] == 1


def test_raw_profile_shares_are_of_the_rows_the_latest_load_added(tmp_path):
    """A bad day stands out (not diluted by the rows before it); a copy of an earlier key counts."""
    orders = tmp_path / "orders"
    orders.mkdir()
    header = "order_id,customer_id,order_ts,amount\n"
    good = "".join(f"o{n},c1,2026-01-01,{n}\n" for n in range(96))
    (orders / "d1.csv").write_text(header + good, encoding="utf-8")
    suite = _suite(
        {"kind": "raw_profile", "table": "orders"}, "customer_id__null_share", "order_id__duplicate_share"
    )
    with duckdb.connect() as conn:
        load_raw_table(conn, tmp_path, RAW_TABLES_BY_NAME["orders"])
        first = read_frame(conn, suite).iloc[0]
        assert (first["row_count"], first["customer_id__null_share"], first["order_id__duplicate_share"]) == (
            96,
            0,
            0,
        )
        # the next day: two new orders, one without a customer, one repeating o5 with another amount
        (orders / "d2.csv").write_text(header + "o96,,2026-01-02,1\no5,c1,2026-01-02,2\n", encoding="utf-8")
        load_raw_table(conn, tmp_path, RAW_TABLES_BY_NAME["orders"])
        latest = read_frame(conn, suite).iloc[0]
        assert latest["row_count"] == 98
        assert latest["customer_id__null_share"] == pytest.approx(1 / 2)
        assert latest["order_id__duplicate_share"] == pytest.approx(1 / 2)
        # a load that adds nothing has no shares to judge
        load_raw_table(conn, tmp_path, RAW_TABLES_BY_NAME["orders"])
        assert (
            read_frame(conn, suite)[["customer_id__null_share", "order_id__duplicate_share"]]
            .isna()
            .all(axis=None)
        )
