"""Small helpers for building SQL text safely: identifiers are quoted, values are bound."""

from __future__ import annotations


def quote_identifier(name: str) -> str:
    """Quote `name` as a SQL identifier, doubling embedded quotes, so no text escapes it."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Quote `text` as a SQL string literal, for the few statements that cannot bind values."""
    return "'" + text.replace("'", "''") + "'"
