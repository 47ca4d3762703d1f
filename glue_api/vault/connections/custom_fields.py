"""A resource's custom fields, read live from the provider with the connection's own token.

How each provider marks its custom fields is declared in its folder (the spec's ``custom_fields`` reader:
Salesforce's Describe ``custom: true``, HubSpot's ``hubspotDefined: false``, Pipedrive's ``edit_flag: true``);
providers without one answer 501.
"""

from __future__ import annotations

import httpx

from glue_api.config import Settings
from glue_api.connections import states
from glue_api.connections.provider_calls import open_call, provider_http_client
from glue_api.crypto import KeyRing
from glue_api.errors import GlueError, NotImplementedYet, Unprocessable
from glue_api.models import Connection
from glue_api.vault.connections.resources import ProviderResource
from glue_providers.spec import Capability, ProviderSpec, resolve


class ProviderCallFailed(GlueError):
    """The provider refused or failed the read (the Vault's ConnectorExecutionError)."""

    status_code = 502
    code = "REMOTE_PROVIDER_ERROR"
    title = "The provider refused the request"


def custom_fields(
    session_factory, keyring: KeyRing, settings: Settings, info: ProviderSpec, connection: Connection,
    resource: ProviderResource, resource_id: str | None, http: httpx.Client | None = None,
) -> list[dict]:
    if not (info.supports(Capability.CUSTOM_FIELDS) and info.custom_fields):
        raise NotImplementedYet(f"Glue cannot list {info.title}'s custom fields yet.")
    if resource_id is not None:
        raise NotImplementedYet("Glue cannot read the custom field values of a single record yet.")
    if connection.state not in states.READY:
        raise Unprocessable(f"The connection is {connection.state}: authorize it before reading its custom fields.",
                            title="Connection not callable")
    reader = resolve(info.custom_fields)
    client = http or provider_http_client(settings, info.name)
    try:
        call = open_call(session_factory, keyring, settings, info, connection, client, ProviderCallFailed)
        return call.read(reader, resource.downstream_id)
    finally:
        if http is None:
            client.close()
