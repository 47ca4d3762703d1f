"""dlt sources, one package per provider: no Dagster, no Glue store, explicit credentials."""
