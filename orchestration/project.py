"""The one owner of where things are: the repository, the dbt project and its manifest."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject, DbtProjectPreparer
from filelock import FileLock

from orchestration.lib.settings import DBT_PROJECT_DIR

# The dbt installed beside this interpreter, so runs work without the venv on PATH.
_VENV_DBT = Path(sys.executable).with_name("dbt")
DBT_EXECUTABLE = str(_VENV_DBT) if _VENV_DBT.exists() else (shutil.which("dbt") or "dbt")


class ManifestPreparer(DbtProjectPreparer):
    """Builds the manifest Dagster reads the dbt asset graph from, whenever loading needs one.

    dagster-dbt's default preparer parses only under `dagster dev`, so `dagster job execute`
    or `dagster definitions validate` on a checkout without `make` found no manifest, and it
    runs `dbt` from PATH, which a venv that is not activated lacks. This one parses under
    `dagster dev` (the models may have changed since) and wherever the manifest is missing,
    with the venv's dbt; otherwise loading only checks that the file exists.
    """

    def prepare_if_dev(self, project: DbtProject) -> None:
        if self.using_dagster_dev() or not project.manifest_path.exists():
            self.prepare(project)

    def prepare(self, project: DbtProject) -> None:
        """`dbt parse`, one process at a time: the webserver, daemon and runs may load at once."""
        manifest = project.manifest_path
        manifest.parent.mkdir(parents=True, exist_ok=True)
        seen = manifest.stat().st_mtime if manifest.exists() else None
        with FileLock(manifest.with_suffix(".lock")):
            if manifest.exists() and manifest.stat().st_mtime != seen:
                return  # another process parsed while this one waited
            dbt = DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE)
            dbt.cli(["parse", "--quiet"], target_path=project.target_path).wait()


MANIFEST_PREPARER = ManifestPreparer()
dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR)
MANIFEST_PREPARER.prepare_if_dev(dbt_project)


def dbt_resource() -> DbtCliResource:
    """The dbt CLI resource the assets run dbt through."""
    return DbtCliResource(project_dir=dbt_project, dbt_executable=DBT_EXECUTABLE)


def parse_dbt_project() -> Path:
    """Rebuild the manifest from the models as they are now (`dbt parse`), e.g. before a test session."""
    MANIFEST_PREPARER.prepare(dbt_project)
    return dbt_project.manifest_path
