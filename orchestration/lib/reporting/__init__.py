"""The static segment report: one self-contained HTML page over the published serving database.

It reads what BI tools read (the serving `loyalty.duckdb`, never the warehouse), so
the page and the dashboards cannot disagree. Aggregation happens in SQL; Python only
draws small frames. No Dagster imports here.
"""
