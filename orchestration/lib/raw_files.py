"""Finding the files of a raw table in the landing folder and reading their headers.

A table lands as `<table>.csv`, `<table>.parquet` or a folder `<table>/` of
`.csv`/`.parquet` parts (docs/contract.md §2). Faults found here are table-level:
they stop the run with a message naming the file, the column and the fault.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

SUPPORTED_SUFFIXES = (".csv", ".parquet")


class RawTableError(Exception):
    """A table-level fault in the landing folder: nothing may be published."""


def find_table_files(raw_dir: Path, table: str) -> list[Path]:
    """The files holding `table`, sorted; empty when the table did not land.

    Two forms of one table at once (say `orders.csv` and `orders/`) are refused
    rather than merged: it usually means an old drop was not cleaned up.
    """
    candidates = [raw_dir / f"{table}{suffix}" for suffix in SUPPORTED_SUFFIXES]
    forms = [path for path in candidates if path.is_file()]
    folder = raw_dir / table
    if folder.is_dir():
        forms.append(folder)
    if len(forms) > 1:
        names = ", ".join(str(path) for path in forms)
        raise RawTableError(f"table '{table}': found several forms of the table ({names}); keep one")
    if not forms:
        return []
    if forms[0].is_file():
        return forms
    parts = sorted(path for path in folder.rglob("*") if path.is_file() and path.suffix in SUPPORTED_SUFFIXES)
    if not parts:
        raise RawTableError(f"table '{table}': folder {folder} holds no .csv or .parquet part")
    return parts


def read_relation_sql(path: Path) -> str:
    """A DuckDB table function reading one raw file; every CSV value stays text."""
    if path.suffix == ".parquet":
        return "read_parquet(?)"
    return (
        "read_csv(?, header = true, delim = ',', quote = '\"', escape = '\"', "
        "all_varchar = true, null_padding = true)"
    )


@dataclass(frozen=True)
class SourceColumn:
    """A column as the file has it: its name and DuckDB type (VARCHAR for every CSV column)."""

    name: str
    type: str


def read_header(conn: duckdb.DuckDBPyConnection, path: Path) -> dict[str, SourceColumn]:
    """Map of normalised column name (lowercase, trimmed) to the column in the file."""
    try:
        if path.suffix == ".csv":
            _check_csv_has_header(path)
        relation = conn.execute(f"select * from {read_relation_sql(path)} limit 0", [str(path)])
        columns = [SourceColumn(column[0], str(column[1])) for column in relation.description]
    except (duckdb.Error, UnicodeDecodeError, OSError) as error:
        raise RawTableError(f"file {path}: cannot be read: {error}") from error
    return {column.name.strip().lower(): column for column in columns}


def _check_csv_has_header(path: Path) -> None:
    """Refuse an empty CSV file, which DuckDB's sniffer would read as one nameless column."""
    with path.open("r", encoding="utf-8", newline="") as handle:
        first_line = handle.readline().lstrip("\ufeff")
    if not first_line.strip():
        raise RawTableError(f"file {path}: empty file, expected a header row")
