"""Measurement: per-segment KPIs kept per as-of date, and campaign performance with holdout uplift."""
