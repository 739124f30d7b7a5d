"""The repository documents its own interface: docs/contract.md agrees with the code, and every
relative link in its markdown files leads to a file inside it.

The published tables are compared with a real refresh in tests/test_end_to_end.py.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from orchestration.lib.raw_schema import RAW_TABLES
from orchestration.lib.settings import REPO_ROOT, SETTINGS
from tests.contract_doc import RAW_TABLES as RAW_SECTION
from tests.contract_doc import documented_rows, documented_settings, documented_tables

GENERATED = {"data", "dagster_home", "dbt_project/target", "dbt_project/logs", "dbt_project/dbt_packages"}
"""Folders of generated files, not documentation (hidden folders such as .venv are skipped too)."""

SPARK_TARGET_PREFIX = "LOYALTY_SPARK_"
"""Settings only the dbt target `spark` reads (`make test-spark`), not the Dagster assets."""

_CODE_SPAN = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)>\s]+)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.DOTALL)


class RecordingEnvironment(dict[str, str]):
    """An empty environment that notes every variable asked for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: str | None = None) -> str | None:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)


def test_every_setting_the_code_reads_is_documented_and_no_other():
    environment = RecordingEnvironment()
    for setting in SETTINGS:
        setting.resolve(None, environment)
    profiles = (REPO_ROOT / "dbt_project" / "profiles.yml").read_text(encoding="utf-8")
    read_by_dbt = set(re.findall(r"env_var\('(LOYALTY_\w+)'", profiles))
    spark_only = {name for name in read_by_dbt if name.startswith(SPARK_TARGET_PREFIX)}
    # dbt's DuckDB target and the Dagster assets read the same warehouse settings
    assert read_by_dbt - spark_only <= environment.asked
    assert documented_settings() == environment.asked | spark_only


def test_the_raw_tables_are_documented_as_the_loader_reads_them():
    loaded = {table.name: {column.name: column.type for column in table.columns} for table in RAW_TABLES}
    assert documented_tables(RAW_SECTION) == loaded


def test_each_enum_column_documents_its_values_and_synonyms():
    notes = documented_rows(RAW_SECTION)
    for table in RAW_TABLES:
        for column in table.columns:
            if column.vocabulary:
                spelled = set(_CODE_SPAN.findall(notes[table.name][column.name][1]))
                assert spelled == set(column.vocabulary.accepted), f"{table.name}.{column.name}"


def markdown_files(root: Path) -> Iterator[Path]:
    for folder, subfolders, files in os.walk(root):
        here = Path(folder)
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".") and (here / name).relative_to(root).as_posix() not in GENERATED
        ]
        yield from (here / name for name in files if name.endswith(".md"))


def broken_links(document: Path, root: Path) -> list[str]:
    """The relative links of `document` that leave `root` or lead nowhere (code is not read)."""
    text = _CODE.sub("", document.read_text(encoding="utf-8"))
    broken = []
    for target in _LINK.findall(text):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        resolved = (document.parent / target.split("#")[0]).resolve()
        if not resolved.is_relative_to(root.resolve()) or not resolved.exists():
            broken.append(target)
    return broken


def test_every_relative_link_in_the_docs_stays_inside_the_repository():
    documents = list(markdown_files(REPO_ROOT))
    assert REPO_ROOT / "README.md" in documents and REPO_ROOT / "docs" / "contract.md" in documents
    broken = {str(path.relative_to(REPO_ROOT)): broken_links(path, REPO_ROOT) for path in documents}
    assert {document: links for document, links in broken.items() if links} == {}


def test_links_outside_the_repository_or_to_nothing_are_found(tmp_path):
    root = tmp_path / "repo"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "contract.md").write_text("# contract\n")
    (tmp_path / "shared.md").write_text("outside\n")
    readme = root / "README.md"
    readme.write_text(
        "[ok](docs/contract.md#1-settings) [web](https://example.com) [top](#quick-start)\n"
        "[outside](../shared.md) [gone](docs/missing.md) ![img](<docs/none.png>)\n"
        "`[in code](../shared.md)`\n"
    )
    assert broken_links(readme, root) == ["../shared.md", "docs/missing.md", "docs/none.png"]
    assert set(markdown_files(root)) == {readme, root / "docs" / "contract.md"}
