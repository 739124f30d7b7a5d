"""Measurement: what the dbt-built segment KPIs and campaign performance hold, for asset metadata."""
