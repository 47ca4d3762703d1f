"""What Glue knows about each provider, one folder per provider; imports neither glue_api nor Dagster."""
