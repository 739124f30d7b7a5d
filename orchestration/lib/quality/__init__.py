"""The data-quality gate's pure logic: committed GX suites, the frames they validate, the verdicts.

Nothing here imports Dagster, and nothing imports Great Expectations at module
level: GX is imported inside `validation` only when a suite actually runs.
"""
