"""Which YAML values fit which DuckDB column types, and their bound Python form.

Columns are read from the warehouse at run time, so types arrive as DuckDB's
type names (`BIGINT`, `DECIMAL(38,2)`, `VARCHAR`, `DATE`, ...). They are sorted
into a few kinds a marketer thinks in: number, text, date, timestamp, boolean.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

_NUMBER_TYPES = {
    "TINYINT", "SMALLINT", "INTEGER", "INT", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT",
    "UINTEGER", "UBIGINT", "UHUGEINT", "FLOAT", "REAL", "DOUBLE",
}  # fmt: skip
ORDERED_KINDS = ("number", "date", "timestamp")
_YAML_BOOLEAN_HINT = "write it in quotes, e.g. 'NO': YAML reads unquoted yes/no/on/off as true/false"


class ValueMismatch(ValueError):
    """A value does not fit its column; the message says what was expected."""


def column_kind(duckdb_type: str) -> str:
    """The kind of a DuckDB column type; `other` (lists, structs, ...) only supports null tests."""
    name = duckdb_type.strip().upper()
    if name.endswith("]"):  # lists and arrays, including VARCHAR[]
        return "other"
    if name in _NUMBER_TYPES or name.startswith(("DECIMAL", "NUMERIC")):
        return "number"
    if name.startswith(("VARCHAR", "ENUM")) or name in {"TEXT", "STRING"}:
        return "text"
    if name == "DATE":
        return "date"
    if name.startswith("TIMESTAMP"):
        return "timestamp"
    if name in {"BOOLEAN", "BOOL"}:
        return "boolean"
    return "other"


def coerce_value(value: object, kind: str) -> object:
    """The Python value to write for `value` against a column of `kind`; raise `ValueMismatch`."""
    if kind == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueMismatch(f"expects a number, got {value!r}")
        if not math.isfinite(value):
            raise ValueMismatch(f"expects a finite number, got {value!r}")
        return value
    if kind == "text":
        return _text(value)
    if kind == "date":
        return _date(value)
    if kind == "timestamp":
        return _timestamp(value)
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueMismatch(f"expects true or false, got {value!r}")
        return value
    raise ValueMismatch("can only be tested with is_null or is_not_null")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise ValueMismatch(f"expects text, got {value!r}; {_YAML_BOOLEAN_HINT}")
    raise ValueMismatch(f"expects text, got {value!r}; write it in quotes to compare it as text")


def _date(value: object) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise ValueMismatch(f"expects a date YYYY-MM-DD, got {value!r}")


def _timestamp(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    raise ValueMismatch(f"expects a date or timestamp YYYY-MM-DD[ HH:MM:SS], got {value!r}")
