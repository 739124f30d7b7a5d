"""The dbt manifest is there whenever the code location loads, as dagster-dbt projects prepare it.

Each test parses into its own target folder, never the shared dbt_project/target.
"""

from __future__ import annotations

import json

import pytest
from dagster_dbt import DbtProject

from orchestration.project import DBT_PROJECT_DIR, ManifestPreparer


@pytest.fixture
def project(tmp_path, monkeypatch) -> DbtProject:
    monkeypatch.delenv("DAGSTER_IS_DEV_CLI", raising=False)
    return DbtProject(project_dir=DBT_PROJECT_DIR, target_path=tmp_path / "target")


def models(project: DbtProject) -> set[str]:
    nodes = json.loads(project.manifest_path.read_text(encoding="utf-8")).get("nodes", {})
    return {node["name"] for node in nodes.values() if node["resource_type"] == "model"}


def test_a_missing_manifest_is_parsed_on_load_and_then_kept(project):
    assert not project.manifest_path.exists()
    ManifestPreparer().prepare_if_dev(project)
    assert {"customer_features", "customer_btyd_summary"} <= models(project)

    parsed = project.manifest_path.stat().st_mtime_ns
    ManifestPreparer().prepare_if_dev(project)
    assert project.manifest_path.stat().st_mtime_ns == parsed


def test_under_dagster_dev_the_manifest_is_parsed_again(project, monkeypatch):
    project.manifest_path.parent.mkdir(parents=True)
    project.manifest_path.write_text("{}", encoding="utf-8")
    ManifestPreparer().prepare_if_dev(project)
    assert models(project) == set()  # outside `dagster dev` an existing manifest is used as it is

    monkeypatch.setenv("DAGSTER_IS_DEV_CLI", "1")
    ManifestPreparer().prepare_if_dev(project)
    assert "customer_features" in models(project)
