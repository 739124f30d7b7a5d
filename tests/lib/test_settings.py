"""Settings of docs/contract.md §1, the resources that carry them, and the choice of the as-of date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from orchestration.defs.resources import LandingResource
from orchestration.lib import settings
from orchestration.lib.as_of import AsOfError, choose_as_of
from orchestration.lib.settings import REPO_ROOT, SettingsError


def test_defaults_are_relative_to_the_repository_root():
    assert settings.RAW_DIR.resolve(None, {}) == REPO_ROOT / "data/raw"
    assert settings.WAREHOUSE_DB.resolve(None, {}) == REPO_ROOT / "data/warehouse/loyalty.duckdb"
    assert settings.SERVING_DIR.resolve(None, {}) == REPO_ROOT / "data/serving"
    assert settings.SEGMENT_RULES.resolve(None, {}) == REPO_ROOT / "segments.yml"
    assert settings.AS_OF.resolve(None, {}) is None
    assert settings.MAX_BAD_ROW_FRACTION.resolve(None, {}) == 0.01
    assert settings.ALERT_WEBHOOK.resolve(None, {}) is None


def test_absolute_paths_and_values_are_taken_as_given(tmp_path: Path):
    environ = {
        "LOYALTY_RAW_DIR": str(tmp_path / "raw"),
        "LOYALTY_AS_OF": "2025-03-01",
        "LOYALTY_MAX_BAD_ROW_FRACTION": "0.05",
    }
    assert settings.RAW_DIR.resolve(None, environ) == tmp_path / "raw"
    assert settings.AS_OF.resolve(None, environ) == date(2025, 3, 1)
    assert settings.MAX_BAD_ROW_FRACTION.resolve(None, environ) == 0.05


def test_a_configured_value_wins_over_the_variable_and_is_checked_alike(tmp_path: Path):
    environ = {"LOYALTY_CONTACT_CAP": "5", "LOYALTY_WAREHOUSE_DB": "elsewhere.duckdb"}
    assert settings.CONTACT_CAP.resolve(3, environ) == 3
    assert settings.WAREHOUSE_DB.resolve(str(tmp_path / "wh.duckdb"), environ) == tmp_path / "wh.duckdb"
    with pytest.raises(SettingsError, match="LOYALTY_CONTACT_CAP_DAYS"):
        settings.CONTACT_CAP_DAYS.resolve(0, environ)


def test_a_resource_passes_its_values_and_fails_without_retry_on_a_bad_one(tmp_path: Path):
    landing = LandingResource(raw_dir=str(tmp_path), as_of="2026-01-02", max_bad_row_fraction=0.2)
    assert (landing.folder(), landing.configured_as_of(), landing.bad_row_limit()) == (
        tmp_path,
        date(2026, 1, 2),
        0.2,
    )
    with pytest.raises(dg.Failure, match="LOYALTY_MAX_BAD_ROW_FRACTION") as failure:
        LandingResource(max_bad_row_fraction=2.0).bad_row_limit()
    assert not failure.value.allow_retries


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOYALTY_AS_OF", "yesterday"),
        ("LOYALTY_MAX_BAD_ROW_FRACTION", "2"),
        ("LOYALTY_MAX_BAD_ROW_FRACTION", "x"),
        ("LOYALTY_CONTACT_CAP", "-1"),
    ],
)
def test_bad_values_name_the_variable(name, value):
    (setting,) = [setting for setting in settings.SETTINGS if setting.variable == name]
    with pytest.raises(SettingsError, match=name):
        setting.resolve(None, {name: value})


@pytest.mark.parametrize(
    ("partition_key", "configured", "latest", "expected"),
    [
        ("2026-01-02", date(2025, 1, 1), date(2024, 1, 1), date(2026, 1, 2)),
        (None, date(2025, 1, 1), date(2024, 1, 1), date(2025, 1, 1)),
        (None, None, date(2024, 1, 1), date(2024, 1, 1)),
    ],
    ids=["partition-wins", "setting-next", "latest-order-last"],
)
def test_as_of_precedence(partition_key, configured, latest, expected):
    assert choose_as_of(partition_key, configured, latest) == expected


def test_as_of_without_any_source_is_an_error():
    with pytest.raises(AsOfError):
        choose_as_of(None, None, None)
    with pytest.raises(AsOfError, match="not a date"):
        choose_as_of("tomorrow", None, None)
