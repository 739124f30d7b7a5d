"""The one owner of where things are: the repository, the dbt project and its manifest."""

from __future__ import annotations

from dagster_dbt import DbtProject

from orchestration.lib.settings import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt from the models on load; elsewhere
# `make manifest` (run by `make run`, `make test` and `make dev`) builds it.
dbt_project.prepare_if_dev()
