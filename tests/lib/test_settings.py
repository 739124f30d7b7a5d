"""Settings of docs/contract.md §1 and the choice of the as-of date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from orchestration.lib.as_of import AsOfError, choose_as_of
from orchestration.lib.settings import REPO_ROOT, Settings, SettingsError


def test_defaults_are_relative_to_the_repository_root():
    settings = Settings.from_env({})
    assert settings.raw_dir == REPO_ROOT / "data/raw"
    assert settings.warehouse_db == REPO_ROOT / "data/warehouse/loyalty.duckdb"
    assert settings.serving_dir == REPO_ROOT / "data/serving"
    assert settings.segment_rules == REPO_ROOT / "segments.yml"
    assert settings.as_of is None
    assert settings.max_bad_row_fraction == 0.01


def test_absolute_paths_and_values_are_taken_as_given(tmp_path: Path):
    settings = Settings.from_env(
        {
            "LOYALTY_RAW_DIR": str(tmp_path / "raw"),
            "LOYALTY_WAREHOUSE_DB": str(tmp_path / "wh.duckdb"),
            "LOYALTY_AS_OF": "2025-03-01",
            "LOYALTY_MAX_BAD_ROW_FRACTION": "0.05",
        }
    )
    assert settings.raw_dir == tmp_path / "raw"
    assert settings.warehouse_db == tmp_path / "wh.duckdb"
    assert settings.as_of == date(2025, 3, 1)
    assert settings.max_bad_row_fraction == 0.05


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOYALTY_AS_OF", "yesterday"),
        ("LOYALTY_MAX_BAD_ROW_FRACTION", "2"),
        ("LOYALTY_MAX_BAD_ROW_FRACTION", "x"),
    ],
)
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})


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
