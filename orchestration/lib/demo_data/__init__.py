"""Seeded, deterministic generator of realistic raw CRM tables for demos and tests."""

from .generate import GenerationSummary, generate

__all__ = ["GenerationSummary", "generate"]
