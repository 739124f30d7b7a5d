"""Reading docs/contract.md, the repository's interface document, so tests hold the code to it.

The document is for people; these helpers rely only on its plain shape: numbered `## n.`
sections, a `### `table`` heading per table, and markdown tables whose first two cells are
the name and the type.
"""

from __future__ import annotations

import re
from pathlib import Path

from orchestration.lib.settings import REPO_ROOT

CONTRACT = REPO_ROOT / "docs" / "contract.md"
SETTINGS, RAW_TABLES, PUBLISHED_TABLES = "1", "2", "3"
"""Section numbers."""

_TABLE_HEADING = re.compile(r"^### `(?P<name>[a-z_]+)`")


def _sections(path: Path) -> dict[str, list[str]]:
    """Lines per numbered `## n.` section."""
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^## (\d+)\.", line):
            current = sections.setdefault(match.group(1), [])
        else:
            current.append(line)
    return sections


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def documented_rows(section: str, path: Path = CONTRACT) -> dict[str, dict[str, list[str]]]:
    """{table: {column: cells after the name}} of every `### `table`` in a section, from its
    `| column | type | ... |` table."""
    tables: dict[str, dict[str, list[str]]] = {}
    table: str | None = None
    collecting = False
    lines = _sections(path)[section]
    for line, following in zip(lines, [*lines[1:], ""], strict=True):
        if line.startswith("### "):
            heading = _TABLE_HEADING.match(line)
            table, collecting = (heading.group("name") if heading else None), False
        elif line.startswith("|") and following.startswith("| ---"):  # a header row
            collecting = table is not None and _cells(line)[:2] == ["column", "type"]
        elif collecting and line.startswith("|") and not line.startswith("| ---"):
            name, *cells = _cells(line)
            tables.setdefault(table, {})[name] = cells
    return tables


def documented_tables(section: str, path: Path = CONTRACT) -> dict[str, dict[str, str]]:
    """{table: {column: type}} of every `### `table`` in a section."""
    return {
        table: {column: cells[0] for column, cells in columns.items()}
        for table, columns in documented_rows(section, path).items()
    }


def documented_settings(path: Path = CONTRACT) -> set[str]:
    """The variables in the settings table."""
    return {
        _cells(line)[0].strip("`") for line in _sections(path)[SETTINGS] if line.startswith("| `LOYALTY_")
    }
