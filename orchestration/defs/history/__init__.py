"""Segment history: the daily membership snapshot kept across runs, and the transitions it implies."""
