"""Chunked CSV/Parquet writers: one growing file per table, memory bounded by a chunk.

Each file is written under a `.partial` name and renamed when complete, so a
reader never picks up half a table (the loader ignores unknown file names).
"""

from __future__ import annotations

from pathlib import Path
from types import TracebackType

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from orchestration.lib.raw_schema import RAW_TABLES_BY_NAME

FORMATS = ("csv", "parquet")
TRUTH_DIR = "_demo"
TRUTH_SCHEMAS = {"personas": pa.schema([("customer_id", pa.string()), ("persona", pa.string())])}
_TYPES = {
    "VARCHAR": pa.string(),
    "DATE": pa.date32(),
    "DECIMAL(18,2)": pa.decimal128(18, 2),
    "BIGINT": pa.int64(),
    "BOOLEAN": pa.bool_(),
}


def table_schema(name: str, fmt: str) -> pa.Schema:
    """Arrow schema of a contract (or ground-truth) table; CSV timestamps print to the second."""
    if name in TRUTH_SCHEMAS:
        return TRUTH_SCHEMAS[name]
    unit = "s" if fmt == "csv" else "us"
    return pa.schema(
        [
            (column.name, pa.timestamp(unit) if column.type == "TIMESTAMP" else _TYPES[column.type])
            for column in RAW_TABLES_BY_NAME[name].columns
        ]
    )


def table_path(out_dir: Path, name: str, fmt: str) -> Path:
    folder = out_dir / TRUTH_DIR if name in TRUTH_SCHEMAS else out_dir
    return folder / f"{name}.{fmt}"


class _TableFile:
    """One output file, appended to chunk by chunk."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str) -> None:
        self.path, self.schema, self.rows = path, schema, 0
        self.partial = path.with_name(path.name + ".partial")
        self.partial.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "csv":
            self.writer = pacsv.CSVWriter(self.partial, schema)
        else:
            self.writer = pq.ParquetWriter(self.partial, schema, compression="zstd")

    def write(self, table: pa.Table) -> None:
        self.writer.write_table(table.select(self.schema.names).cast(self.schema))
        self.rows += table.num_rows

    def commit(self) -> None:
        self.writer.close()
        self.partial.replace(self.path)

    def abandon(self) -> None:
        self.writer.close()
        self.partial.unlink(missing_ok=True)


class DatasetWriter:
    """Writes every table of one generation run into `out_dir` in one format.

    Opening replaces the tables' files in the other format, so a landing folder
    never holds both `orders.csv` and `orders.parquet`.
    """

    def __init__(self, out_dir: Path, fmt: str, names: list[str]) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
        self.files: dict[str, _TableFile] = {}
        for name in names:
            for other in FORMATS:
                if other != fmt:
                    table_path(out_dir, name, other).unlink(missing_ok=True)
            self.files[name] = _TableFile(table_path(out_dir, name, fmt), table_schema(name, fmt), fmt)

    def write(self, name: str, table: pa.Table) -> None:
        self.files[name].write(table)

    @property
    def rows(self) -> dict[str, int]:
        return {name: file.rows for name, file in self.files.items()}

    def __enter__(self) -> DatasetWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        for file in self.files.values():
            if kind is None:
                file.commit()
            else:
                file.abandon()
