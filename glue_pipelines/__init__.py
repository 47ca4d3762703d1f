"""Glue's sync engine: Dagster definitions over dlt sources and destinations."""
