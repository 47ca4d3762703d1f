"""``python -m glue_pipelines.register_partitions``: the store's connections become partitions on the Dagster
instance of ``$DAGSTER_HOME`` now, without waiting for the daemon's connections sensor.

Dagster checks a ``--partition`` given to ``dagster asset materialize`` or ``dg launch`` against the
instance's dynamic partitions before the run starts; on a fresh instance (CI, a new deployment whose daemon
has not ticked yet) the connection is not one yet. This adds the missing ones through the instance's own
``add_dynamic_partitions``, as the sensor would; it removes nothing (the sensor does, for deleted connections).
"""

from __future__ import annotations

import sys

import dagster as dg
from sqlalchemy import select

from glue_api.db import transaction
from glue_api.models import Connection
from glue_pipelines.partitions import connection_partitions
from glue_pipelines.store import GlueStore
from glue_providers import registry


def register_connections(instance: dg.DagsterInstance, store: GlueStore) -> dict[str, list[str]]:
    """Per provider, the connection ids it added."""
    syncable = [provider.name for provider in registry.syncable()]
    with transaction(store.session_factory) as session:
        rows = session.execute(
            select(Connection.provider_name, Connection.id).where(Connection.provider_name.in_(syncable))
        ).all()
    added: dict[str, list[str]] = {}
    for provider_name in syncable:
        name = connection_partitions(provider_name).name
        missing = sorted({cid for p, cid in rows if p == provider_name} - set(instance.get_dynamic_partitions(name)))
        if missing:
            instance.add_dynamic_partitions(name, missing)
            added[provider_name] = missing
    return added


def main() -> int:
    store = GlueStore()
    try:
        with dg.DagsterInstance.get() as instance:
            added = register_connections(instance, store)
    finally:
        store.dispose()
    total = sum(len(ids) for ids in added.values())
    print(f"{total} connection(s) added as partitions" + "".join(f"\n  {p}: {len(ids)}" for p, ids in added.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
