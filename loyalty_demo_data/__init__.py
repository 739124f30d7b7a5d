"""Seeded, deterministic generator of realistic raw CRM tables for demos, tests and benchmarks.

Outside the Dagster code location package (`orchestration`): nothing the pipeline runs imports it;
the `loyalty-demo-data` command and `make run` use it to fill a landing folder.
"""

from .generate import GenerationSummary, append_day, generate

__all__ = ["GenerationSummary", "append_day", "generate"]
