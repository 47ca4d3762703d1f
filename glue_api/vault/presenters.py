"""The Vault's view of a customer's connection (ConsumerConnection): never its credentials."""

from __future__ import annotations

from glue_api.models import Connection, Customer
from glue_api.vault.connections.settings import visible_settings
from glue_providers import registry


def iso_z(moment) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def consumer_connection_view(connection: Connection, customer: Customer) -> dict:
    info = registry.get(connection.provider_name).connected_by(connection.auth_type)
    return {
        "id": connection.id,
        "name": info.title,
        "website": info.website,
        "tag_line": info.tag_line,
        "service_id": connection.provider_name,
        "unified_api": info.unified_api,
        "consumer_id": customer.external_id,
        "auth_type": info.vault_auth_type,
        "enabled": connection.enabled,
        # Only non-secret settings are stored here; sensitive ones live sealed with the credentials.
        "settings": visible_settings(connection) or None,
        "metadata": connection.connection_metadata,
        "created_at": iso_z(connection.created_at),
        "updated_at": iso_z(connection.updated_at),
        "state": connection.state,
    }
