"""Measurement assets: per-segment KPIs kept per as-of date, campaign performance with uplift."""
