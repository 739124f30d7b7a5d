"""Measurement: what the UI shows about the dbt models segment_kpis and campaign_performance."""
