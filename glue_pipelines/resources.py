"""Dagster resources: Glue's store, configured from the environment like the API."""

from __future__ import annotations

import dagster as dg

from glue_api.config import Settings
from glue_pipelines.store import GlueStore

_stores: dict[tuple, GlueStore] = {}


class GlueStoreResource(dg.ConfigurableResource):
    """Unset fields fall back to the GLUE_* environment, as `glue serve` reads it."""

    database_url: str | None = None
    secret_key: str | None = None
    home: str | None = None

    def store(self) -> GlueStore:
        key = (self.database_url, self.secret_key, self.home)
        if key not in _stores:  # one engine per process, not one per run
            overrides = {name: value for name, value in zip(("database_url", "secret_key", "home"), key) if value}
            _stores[key] = GlueStore(Settings(**overrides))
        return _stores[key]
