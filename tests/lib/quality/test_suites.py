"""The committed suite files: they load, explain themselves, match the contract and build in GX."""

from __future__ import annotations

import json

import pytest

from orchestration.lib.quality.suites import LAYER_FILES, SuiteError, load_layer, load_suites
from orchestration.lib.raw_schema import RAW_TABLES
from tests.lib.quality.warehouse import LOADER_COLUMNS


def test_each_layer_file_holds_suites_with_unique_names(suites):
    assert set(LAYER_FILES) == {"raw_tables.json", "customer_features.json", "segments.json"}
    assert {f"raw_{table.name}" for table in RAW_TABLES} | {
        "customer_features_grain",
        "customer_scores",
    } <= set(suites)


def test_every_expectation_says_why(suites):
    for suite in suites.values():
        assert suite.notes, suite.name
        assert all(len(spec.notes) > 10 for spec in suite.expectations), suite.name


@pytest.mark.parametrize("table", RAW_TABLES, ids=lambda table: table.name)
def test_raw_schema_rule_lists_the_contract_and_loader_columns(suites, table):
    (schema,) = [
        e for e in suites[f"raw_{table.name}"].expectations if e.type == "expect_table_columns_to_match_set"
    ]
    assert schema.kwargs["column_set"] == [*table.column_names, *LOADER_COLUMNS]
    assert schema.kwargs["exact_match"] is False


def test_every_suite_builds_as_a_gx_suite(suites):
    built = {name: suite.to_gx() for name, suite in suites.items()}
    for name, gx_suite in built.items():
        assert len(gx_suite.expectations) == len(suites[name].expectations)
        assert all(expectation.meta["notes"] for expectation in gx_suite.expectations)


def test_referenced_columns_include_condition_columns(suites):
    columns = suites["customer_segments"].referenced_columns()
    assert {"frequency", "in_table", "in_cohort", "rfm_segment"} <= set(columns)
    assert len(columns) == len(set(columns))


def test_condition_text_reads_like_the_rule(suites):
    conditions = {spec.condition for spec in suites["customer_scores_clv"].expectations if spec.condition}
    assert conditions == {'churn_risk IN ["low", "medium", "high"]'}


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            {"suites": [{"name": "s", "frame": {"kind": "columns"}, "expectations": [{"type": "expect_x"}]}]},
            "meta.notes",
        ),
        (
            {"suites": [{"name": "s", "frame": {"kind": "columns"}, "expectations": [{"type": "x"}]}]},
            "GX expectation",
        ),
        ({"suites": [{"name": "s", "expectations": []}]}, "frame with a kind"),
    ],
)
def test_malformed_suites_are_refused_with_the_reason(tmp_path, document, message):
    path = tmp_path / "layer.json"
    path.write_text(json.dumps(document))
    with pytest.raises(SuiteError, match=message):
        load_layer(path)


def test_a_suite_name_may_be_defined_once(tmp_path):
    suite = {"name": "twice", "frame": {"kind": "columns"}, "expectations": []}
    for name in ("a.json", "b.json"):
        (tmp_path / name).write_text(json.dumps({"suites": [suite]}))
    with pytest.raises(SuiteError, match="also defined"):
        load_suites(tmp_path, ["a.json", "b.json"])


DBT_TESTS_OF = {
    "expect_column_values_to_not_be_null": {"not_null"},
    "expect_column_values_to_be_unique": {"unique"},
    "expect_column_values_to_be_in_set": {"accepted_values", "accepted_macro_values"},
}
"""GX expectations with a dbt generic test that checks the same thing on a column."""


def dbt_column_tests(manifest: dict) -> dict[str, set[tuple[str, str]]]:
    """(column, dbt test) of each published model and every model upstream of it, by published table."""
    nodes = manifest["nodes"]
    tests: dict[str, set[tuple[str, str]]] = {}
    for node in nodes.values():
        if node["resource_type"] == "test" and node.get("column_name") and node.get("test_metadata"):
            for model in node["depends_on"]["nodes"]:
                tests.setdefault(model, set()).add((node["column_name"], node["test_metadata"]["name"]))

    def upstream(unique_id: str) -> set[str]:
        parents = {parent for parent in nodes[unique_id]["depends_on"]["nodes"] if parent in nodes}
        return {unique_id}.union(*(upstream(parent) for parent in parents))

    return {
        node["alias"]: set().union(*(tests.get(model, set()) for model in upstream(unique_id)))
        for unique_id, node in nodes.items()
        if node["resource_type"] == "model" and node["schema"] == "published"
    }


def test_no_suite_repeats_a_dbt_test_on_the_published_columns(suites, dbt_manifest):
    """Plain not_null, unique and accepted_values rules are dbt's: GX adds what dbt does not."""
    covered = dbt_column_tests(json.loads(dbt_manifest.read_text(encoding="utf-8")))
    repeated = []
    for suite in suites.values():
        schema, _, table = suite.frame.get("relation", "").partition(".")
        if schema != "published":
            continue
        for spec in suite.expectations:
            dbt_tests = {test for column, test in covered[table] if column == spec.column}
            if spec.condition is None and DBT_TESTS_OF.get(spec.type, set()) & dbt_tests:
                repeated.append((suite.name, spec.type, spec.column))
    assert repeated == []
