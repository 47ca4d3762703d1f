"""The Management API's views of syncs and sync runs."""

from glue_api.models import Connection, Customer, Sync, SyncRun
from glue_api.syncs.objects import ENTITY


def synced_thing(sync: Sync) -> dict:
    """What a sync syncs, as the spec shows it: an object ("type": "object") or an entity."""
    if sync.object_type == ENTITY:
        return {"type": "entity", "entity_id": sync.object}
    return {"type": "object", "object_type": sync.object_type, "object": sync.object}


def sync_view(sync: Sync) -> dict:
    return {
        "id": sync.id,
        **synced_thing(sync),
        "connection_id": sync.connection_id,
        "sync_config_id": sync.sync_config_id,
        "paused": sync.paused,
    }


def sync_with_customer_view(sync: Sync, connection: Connection, customer: Customer) -> dict:
    return sync_view(sync) | {"provider_name": connection.provider_name, "customer_id": customer.external_id}


def sync_run_view(run: SyncRun, sync: Sync, connection: Connection, customer: Customer) -> dict:
    return {
        "id": run.id,
        "sync_id": run.sync_id,
        **{key: value for key, value in synced_thing(sync).items() if key != "type"},
        "error_message": run.error_message,
        "start_timestamp": _iso(run.start_timestamp),
        "end_timestamp": _iso(run.end_timestamp) if run.end_timestamp else None,
        "application_id": connection.application_id,
        "customer_id": customer.external_id,
        "provider_name": connection.provider_name,
        "category": connection.category,
        "connection_id": connection.id,
        "status": run.status,
        "num_records_synced": run.num_records_synced,
    }


def _iso(moment) -> str:
    return moment.isoformat().replace("+00:00", "Z")
