"""Chunked CSV/Parquet writers: memory bounded by a chunk, whichever the layout.

Layouts: `single` writes one growing file per table; `daily` writes each event
table (DAILY_TABLES) as a folder of daily parts, `<table>/<YYYY-MM-DD>.<fmt>`,
the way a CRM drops one file per day, and the other tables (customers,
campaigns) as single files, a full snapshot re-delivered each day. Rows carry
the `_day` they enter the folder on (chunk.py); a writer keeps those on or
before its cut day (and, for customers versions, not yet superseded, `_until`).

Each file is written under a `.partial` name and renamed when complete, so a
reader never picks up half a table (the loader ignores unknown file names).
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import timedelta
from pathlib import Path
from types import TracebackType

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.ipc as ipc
import pyarrow.parquet as pq

from orchestration.lib.raw_schema import RAW_TABLES_BY_NAME

from .chunk import EVENT_TIMES
from .timeline import EPOCH

FORMATS = ("csv", "parquet")
LAYOUTS = ("single", "daily")
DAILY_TABLES = (*EVENT_TIMES, "order_lines")
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


def _open(path: Path, schema: pa.Schema, fmt: str) -> pacsv.CSVWriter | pq.ParquetWriter:
    if fmt == "csv":
        return pacsv.CSVWriter(path, schema)
    return pq.ParquetWriter(path, schema, compression="zstd")


def _rows_through(table: pa.Table, day: int) -> pa.Table:
    """The rows in the folder at the end of `day`: entered by then and not yet superseded."""
    keep = pc.less_equal(table["_day"], day)
    if "_until" in table.column_names:
        keep = pc.and_(keep, pc.greater(table["_until"], day))
    return table.filter(keep)


class _TableFile:
    """One output file, appended to chunk by chunk."""

    def __init__(self, path: Path, schema: pa.Schema, fmt: str, through: int) -> None:
        self.path, self.schema, self.through, self.rows = path, schema, through, 0
        self.partial = path.with_name(path.name + ".partial")
        self.partial.parent.mkdir(parents=True, exist_ok=True)
        self.writer = _open(self.partial, schema, fmt)

    def write(self, table: pa.Table) -> None:
        table = _rows_through(table, self.through)
        self.writer.write_table(table.select(self.schema.names).cast(self.schema))
        self.rows += table.num_rows

    def commit(self) -> None:
        self.writer.close()
        self.partial.replace(self.path)

    def abandon(self) -> None:
        self.writer.close()
        self.partial.unlink(missing_ok=True)


class _DailyParts:
    """An event table as a folder of daily parts, one per day with rows.

    Chunks arrive in customer order, not day order, and a file per day open at
    once would be thousands of handles; so each chunk's rows are sorted by day
    into an Arrow spool file (a batch per chunk and day), and on commit each
    day's batches are gathered, in chunk order, into its part.
    """

    def __init__(
        self, folder: Path, schema: pa.Schema, fmt: str, days: tuple[int | None, int], spool: Path
    ) -> None:
        self.folder, self.schema, self.fmt, self.days, self.rows = folder, schema, fmt, days, 0
        self.spool_path = spool / f"{folder.name}.arrow"
        options = ipc.IpcWriteOptions(compression="lz4")
        self.spool = ipc.new_file(str(self.spool_path), schema, options=options)
        self.batches: dict[int, list[int]] = {}
        self.spooled = 0

    def write(self, table: pa.Table) -> None:
        first, last = self.days
        day = table["_day"].to_numpy()
        keep = day <= last
        if first is not None:
            keep &= day >= first
        rows = np.flatnonzero(keep)
        rows = rows[np.argsort(day[rows], kind="stable")]
        day = day[rows]
        table = table.take(pa.array(rows)).select(self.schema.names).cast(self.schema).combine_chunks()
        starts = np.flatnonzero(np.diff(day, prepend=np.iinfo(np.int64).min))
        for begin, end in zip(starts, [*starts[1:], len(day)][: len(starts)], strict=True):
            for batch in table.slice(begin, end - begin).to_batches():
                self.spool.write_batch(batch)
                self.batches.setdefault(int(day[begin]), []).append(self.spooled)
                self.spooled += 1

    def commit(self) -> None:
        self.spool.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        with pa.memory_map(str(self.spool_path)) as source:
            reader = ipc.open_file(source, options=ipc.IpcReadOptions(use_threads=False))
            for day, batches in sorted(self.batches.items()):
                part = pa.Table.from_batches([reader.get_batch(i) for i in batches], self.schema)
                path = self.folder / f"{(EPOCH + timedelta(days=day)).isoformat()}.{self.fmt}"
                partial = path.with_name(path.name + ".partial")
                writer = _open(partial, self.schema, self.fmt)
                writer.write_table(part.combine_chunks())
                writer.close()
                partial.replace(path)
                self.rows += part.num_rows
        self.spool_path.unlink()

    def abandon(self) -> None:
        self.spool.close()
        self.spool_path.unlink(missing_ok=True)


class DatasetWriter:
    """Writes every table of one generation run into `out_dir` in one format and layout.

    Rows are cut at day `through`. Opening replaces a table's files in the other
    format or layout, so a landing folder never holds both `orders.csv` and
    `orders.parquet` (or `orders/`). With `append`, the daily parts already in
    the folder stay and only the day `through` is written (the single files are
    rewritten whole, as a CRM re-delivers its snapshot).
    """

    def __init__(
        self, out_dir: Path, fmt: str, names: list[str], layout: str, through: int, append: bool = False
    ) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
        if layout not in LAYOUTS:
            raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}")
        out_dir.mkdir(parents=True, exist_ok=True)
        self._spool = tempfile.TemporaryDirectory(prefix=".spool-", dir=out_dir)
        self.files: dict[str, _TableFile | _DailyParts] = {}
        for name in names:
            daily = layout == "daily" and name in DAILY_TABLES
            if not append:
                for form in FORMATS:
                    if daily or form != fmt:
                        table_path(out_dir, name, form).unlink(missing_ok=True)
                shutil.rmtree(out_dir / name, ignore_errors=True)
            schema = table_schema(name, fmt)
            if daily:
                days = (through if append else None, through)
                self.files[name] = _DailyParts(out_dir / name, schema, fmt, days, Path(self._spool.name))
            else:
                self.files[name] = _TableFile(table_path(out_dir, name, fmt), schema, fmt, through)

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
        try:
            for file in self.files.values():
                if kind is None:
                    file.commit()
                else:
                    file.abandon()
        finally:
            self._spool.cleanup()
