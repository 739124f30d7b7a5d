"""The one owner of where things are: the repository, the dbt project and its manifest."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from orchestration.lib.settings import REPO_ROOT

DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"

# The dbt installed beside this interpreter, so runs work without the venv on PATH.
_VENV_DBT = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_VENV_DBT) if _VENV_DBT.exists() else (shutil.which("dbt") or "dbt")

dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)
# Under `dagster dev` the manifest is rebuilt from the models on load; elsewhere
# `make manifest` (run by `make run`, `make test` and `make dev`) builds it.
dbt_project.prepare_if_dev()


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource the assets run dbt through."""
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def parse_dbt_project() -> Path:
    """Write the manifest Dagster builds its asset graph from (`dbt parse`)."""
    dbt_resource().cli(["parse", "--quiet"], target_path=dbt_project.target_path).wait()
    return dbt_project.manifest_path
