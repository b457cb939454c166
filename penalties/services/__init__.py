"""Writes of the penalties app, one module per sub-domain (catalogue, benchmarks)."""
