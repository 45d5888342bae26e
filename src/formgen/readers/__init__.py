"""Readers: one module per returned file format."""
