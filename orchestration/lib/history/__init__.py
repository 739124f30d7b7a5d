"""Slowly-changing segment history: what segment each member was in on every processed as-of date.

The `history` schema persists across runs: a run splices its as-of date into it
instead of replacing it, so backfills and re-runs in any order converge on the
same tables.
"""
