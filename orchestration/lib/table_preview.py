"""A few rows of a warehouse table as Markdown, for asset metadata in the UI."""

from __future__ import annotations

from collections.abc import Sequence

import duckdb

from orchestration.lib.sql import quote_identifier


def preview_markdown(
    conn: duckdb.DuckDBPyConnection,
    relation: str,
    limit: int = 5,
    columns: Sequence[str] = (),
) -> str:
    """The first `limit` rows of `relation` (a trusted schema.table name) as a Markdown table.

    Wide marts are cut to `columns` so the preview stays readable in the UI.
    """
    selected = ", ".join(map(quote_identifier, columns)) or "*"
    cursor = conn.execute(f"select {selected} from {relation} limit {int(limit)}")
    columns = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    lines = [
        "| " + " | ".join(columns) + " |",
        "| " + " | ".join("---" for _ in columns) + " |",
    ]
    lines += ["| " + " | ".join(_cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _cell(value: object) -> str:
    return "" if value is None else str(value).replace("|", "\\|")
