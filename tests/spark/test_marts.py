"""The mart comparison of `make test-spark` finds marts in a manifest and notices every difference."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from tests.spark.marts import Mart, Table, compare_tables, mart_models, values_match

MART = Mart("customer_features", "marts", ("customer_id",))
COLUMNS = ("customer_id", "as_of_date", "monetary", "avg_order_value", "has_purchased")
ROWS = [
    ("c1", date(2026, 6, 30), Decimal("220.00"), 55.0, True),
    ("c2", date(2026, 6, 30), Decimal("0.00"), None, False),
]


def model(
    name: str, path: str, materialized: str = "table", schema: str | None = None, grain: list | None = None
) -> dict:
    return {
        "unique_id": f"model.loyalty.{name}",
        "resource_type": "model",
        "name": name,
        "alias": name,
        "schema": schema or path.split("/")[1],
        "original_file_path": f"{path}/{name}.sql",
        "config": {"materialized": materialized, "meta": {"grain": grain} if grain else {}},
    }


def unique_test(model_name: str, name: str, kwargs: dict) -> dict:
    return {
        "unique_id": f"test.loyalty.{name}_{model_name}",
        "resource_type": "test",
        "attached_node": f"model.loyalty.{model_name}",
        "test_metadata": {"name": name, "kwargs": kwargs},
    }


def manifest(*nodes: dict) -> dict:
    return {"nodes": {node["unique_id"]: node for node in nodes}}


def test_mart_models_are_the_tables_and_published_views_keyed_by_their_unique_tests():
    found = mart_models(
        manifest(
            model("customer_features", "models/marts"),
            unique_test("customer_features", "unique", {"column_name": "customer_id"}),
            model("segment_kpis", "models/marts", "incremental"),
            unique_test(
                "segment_kpis", "unique_combination_of_columns", {"combination_of_columns": ["a", "b"]}
            ),
            model("rfm_segments", "models/segments"),
            unique_test("rfm_segments", "unique", {"column_name": "customer_id"}),
            model("int_orders", "models/intermediate"),
            unique_test("int_orders", "unique", {"column_name": "customer_id"}),
            model("marts_view", "models/marts", "view"),
            model("customer_scores", "models/published", "view"),
            unique_test("customer_scores", "unique", {"column_name": "customer_id"}),
            model("int_counts", "models/measurement", "view", schema="intermediate"),
            model("segment_history", "models/published", "view", grain=["customer_id", "valid_from"]),
        )
    )
    assert found == [
        MART,
        Mart("segment_kpis", "marts", ("a", "b")),
        Mart("customer_scores", "published", ("customer_id",)),
        Mart("segment_history", "published", ("customer_id", "valid_from")),
        Mart("rfm_segments", "segments", ("customer_id",)),
    ]


def test_a_mart_without_a_unique_test_is_an_error():
    with pytest.raises(ValueError, match="customer_features has no unique test or grain"):
        mart_models(manifest(model("customer_features", "models/marts")))


def test_equal_tables_have_no_differences():
    spark_rows = [
        ("c2", date(2026, 6, 30), Decimal("0"), None, False),
        ("c1", date(2026, 6, 30), 220, 55.0, True),
    ]
    assert compare_tables(MART, Table(COLUMNS, ROWS), Table(COLUMNS, spark_rows)) == []


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        (3, 55.0000001, "customer_features.avg_order_value: 1 of 2 rows differ"),  # a 4-byte float
        (3, None, "customer_features.avg_order_value: 1 of 2 rows differ"),
        (1, datetime(2026, 6, 30), "customer_features.as_of_date: 1 of 2 rows differ"),
        (1, "2026-06-30", "customer_features.as_of_date: 1 of 2 rows differ"),
        (4, 1, "customer_features.has_purchased: 1 of 2 rows differ"),
        (0, "c3", "1 rows missing, e.g. [('c1',)]"),
    ],
)
def test_a_different_value_or_key_is_reported(column, value, message):
    spark_rows = [tuple(value if index == column else cell for index, cell in enumerate(ROWS[0])), ROWS[1]]
    problems = compare_tables(MART, Table(COLUMNS, ROWS), Table(COLUMNS, spark_rows))
    assert any(message in problem for problem in problems), problems


def test_other_columns_and_duplicate_keys_are_reported():
    renamed = Table(("customer_id", "as_of", *COLUMNS[2:]), ROWS)
    assert "columns differ" in compare_tables(MART, Table(COLUMNS, ROWS), renamed)[0]
    doubled = Table(COLUMNS, [*ROWS, ROWS[0]])
    assert "1 duplicate keys" in compare_tables(MART, Table(COLUMNS, ROWS), doubled)[0]


@pytest.mark.parametrize(
    ("expected", "actual", "equal"),
    [
        (0.1 + 0.2, 0.3, True),
        (Decimal("1.10"), 1.1, True),
        (7, 7.0, True),
        (0.0, 1e-15, True),
        (float("nan"), float("nan"), True),
        (1.0, 1.000001, False),
        (True, 1, False),
        (None, 0, False),
        (date(2026, 1, 1), date(2026, 1, 1), True),
    ],
)
def test_values_match_numbers_within_tolerance_and_the_rest_exactly(expected, actual, equal):
    assert values_match(expected, actual) is equal
