"""Activation: audience exports from the published segments to the channel tools."""
