"""Turning GX results into plain verdicts, and Data Docs written where the check says."""

from __future__ import annotations

import math

import pytest

from orchestration.lib.quality.docs import reset_site, write_overview
from orchestration.lib.quality.frames import read_frames
from orchestration.lib.quality.outcome import (
    ExpectationOutcome,
    SuiteOutcome,
    ValidationOutcome,
    json_safe,
    observed_value,
)
from orchestration.lib.quality.validation import validate_suites
from tests.lib.quality.warehouse import TODAY


def test_observed_value_prefers_errors_then_aggregates_then_unexpected_rows():
    assert observed_value({"observed_value": 3}, "boom") == {"error": "boom"}
    assert observed_value({"observed_value": 3}, None) == 3
    unexpected = {"unexpected_count": 2, "unexpected_percent": 50.0, "partial_unexpected_list": [-1, -2]}
    assert observed_value(unexpected, None) == {
        "unexpected_count": 2,
        "unexpected_percent": 50.0,
        "examples": [-1, -2],
    }


def test_json_safe_turns_nan_into_none():
    assert json_safe({"v": [math.nan, 1.5]}) == {"v": [None, 1.5]}


def test_failures_table_escapes_pipes():
    failure = ExpectationOutcome("s", "expect_x", "c", False, {"examples": ["a|b"]}, condition="x | y")
    outcome = ValidationOutcome((SuiteOutcome("s", 1, (failure,)),))
    assert "a\\|b" in outcome.failures_markdown()
    assert "1 of 1 expectations failed in s" in outcome.summary()


def test_validation_builds_data_docs_and_an_overview(warehouse, suites, tmp_path):
    chosen = [suites["clv_model_params"], suites["segment_summary"]]
    site = tmp_path / "quality_docs" / "published__clv_model_params"
    (site / "validations").mkdir(parents=True)
    (site / "index.html").write_text("stale run")
    outcome = validate_suites(chosen, read_frames(warehouse, chosen), docs_dir=site, today=TODAY)
    assert outcome.success
    assert outcome.docs_index == site / "index.html"
    assert "stale run" not in outcome.docs_index.read_text()
    assert len(list((site / "validations").rglob("*.html"))) == 2
    overview = write_overview(tmp_path / "quality_docs", site.name, outcome)
    assert "published__clv_model_params/index.html" in overview.read_text()


def test_the_overview_escapes_what_it_lists(tmp_path):
    failure = ExpectationOutcome("s", "expect_x", "c", False, {}, condition=None)
    outcome = ValidationOutcome((SuiteOutcome("<b>suite</b>", 1, (failure,)),))
    page = write_overview(tmp_path, "check<script>", outcome).read_text()
    assert "<script>" not in page and "<b>" not in page
    assert "check&lt;script&gt;/index.html" in page and "&lt;b&gt;suite&lt;/b&gt;" in page
    assert "FAILED (1 of 1)" in page


def test_reset_refuses_to_delete_a_folder_that_is_not_a_docs_site(tmp_path):
    (tmp_path / "precious.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        reset_site(tmp_path)
    assert (tmp_path / "precious.txt").exists()
