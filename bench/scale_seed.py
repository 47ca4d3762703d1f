"""Many HubSpot connections in a Glue store, fast: the application, provider, destination, sync config and the
first connections through the API and its services (``bench.store.seed_hubspot``), the rest as bulk inserts of
the same rows (customer, connection with sealed credentials, one sync per object) that those services write."""

from __future__ import annotations

from sqlalchemy import func, insert, select

from bench.store import GlueConfig, seed_hubspot

BATCH = 2_000  # rows per INSERT: one round trip each, parameters well under PostgreSQL's 65,535


def seed_many(config: GlueConfig, destination: dict, objects: list[str], refresh_tokens: list[str], total: int,
              bulk_refresh_token: str) -> list[str]:
    """Connection ids of customers c0..c{total-1}: the first ``len(refresh_tokens)`` made by the services
    (they sync for real), the others inserted in bulk with ``bulk_refresh_token`` sealed as their credentials."""
    from glue_api.connections import states
    from glue_api.db import make_engine
    from glue_api.keyring_store import load_keyring
    from glue_api.models import Connection, Customer, ProviderConfig, Sync, SyncConfig
    from glue_api.models.base import new_id, utcnow

    ids = seed_hubspot(config, destination, objects, refresh_tokens)
    engine = make_engine(config.database_url)
    keyring = load_keyring(config.settings())
    with engine.begin() as db:
        provider = db.execute(select(ProviderConfig.id, ProviderConfig.application_id, ProviderConfig.category)
                              .where(ProviderConfig.name == "hubspot")).one()
        sync_config_id = db.execute(select(SyncConfig.id).where(SyncConfig.provider_id == provider.id)).scalar_one()
        for start in range(len(ids), total, BATCH):
            customers, connections, syncs = [], [], []
            now = utcnow()
            for i in range(start, min(start + BATCH, total)):
                customer_id, connection_id = new_id(), new_id()
                customers.append({"id": customer_id, "application_id": provider.application_id,
                                  "external_id": f"c{i}", "name": f"Customer {i}", "email": f"it@c{i}.test",
                                  "created_at": now, "updated_at": now})
                credentials = {"type": "oauth2", "refresh_token": bulk_refresh_token, "access_token": None,
                               "expires_at": None}
                connections.append({"id": connection_id, "application_id": provider.application_id,
                                    "customer_id": customer_id, "provider_id": provider.id, "provider_name": "hubspot",
                                    "category": provider.category, "auth_type": "oauth2", "state": states.AUTHORIZED,
                                    "enabled": True, "instance_url": "", "credentials": keyring.seal_json(credentials),
                                    "settings": {}, "created_at": now, "updated_at": now})
                syncs += [{"id": new_id(), "connection_id": connection_id, "sync_config_id": sync_config_id,
                           "object_type": "standard", "object": name, "paused": False, "state": {},
                           "force_full_sync": False, "created_at": now, "updated_at": now} for name in objects]
                ids.append(connection_id)
            db.execute(insert(Customer.__table__), customers)
            db.execute(insert(Connection.__table__), connections)
            db.execute(insert(Sync.__table__), syncs)
        count = db.execute(select(func.count()).select_from(Sync)).scalar_one()
    engine.dispose()
    if count != total * len(objects):
        raise RuntimeError(f"seeded {count} syncs, expected {total * len(objects)}")
    return ids


def mark_synced(config: GlueConfig, connection_ids: list[str]) -> int:
    """A successful sync run, finished now, for every sync of these connections: they are not due for a period."""
    from glue_api.db import make_engine
    from glue_api.models import Sync, SyncRun
    from glue_api.models.base import new_id, utcnow

    engine = make_engine(config.database_url)
    written = 0
    with engine.begin() as db:
        for start in range(0, len(connection_ids), BATCH):
            sync_ids = db.execute(select(Sync.id).where(
                Sync.connection_id.in_(connection_ids[start:start + BATCH]))).scalars().all()
            now = utcnow()
            if sync_ids:
                db.execute(insert(SyncRun.__table__), [
                    {"id": new_id(), "sync_id": sid, "status": "SUCCESS", "start_timestamp": now, "end_timestamp": now,
                     "num_records_synced": 0} for sid in sync_ids])
            written += len(sync_ids)
    engine.dispose()
    return written
