"""How numbers read in the report's tables and chart annotations."""

from __future__ import annotations


def share(value: float) -> str:
    return f"{value:.1%}"


def count(value: float) -> str:
    return f"{int(value):,}"


def amount(value: float) -> str:
    """Money and other large values: whole units with thousands separators."""
    return f"{value:,.0f}"


def decimal(value: float) -> str:
    return f"{value:,.2f}"


def compact(value: float) -> str:
    """Short enough for a heatmap cell: 12.3k, 456, 7.8, 0.12."""
    magnitude = abs(value)
    if magnitude >= 10_000:
        return f"{value / 1000:,.0f}k"
    if magnitude >= 1000:
        return f"{value / 1000:.1f}k"
    if magnitude >= 100:
        return f"{value:.0f}"
    if magnitude >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"
