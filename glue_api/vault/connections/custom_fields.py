"""A resource's custom fields, read live from the provider with the connection's own token.

Salesforce marks custom fields in the sObject Describe (``custom: true``); HubSpot in
its properties API (``hubspotDefined: false``). Other connectors answer 501.
"""

from __future__ import annotations

import httpx

from glue_api.config import Settings
from glue_api.connections.provider_info import (
    SALESFORCE_API_VERSION,
    ProviderCallFailed,
)
from glue_api.connections import states
from glue_api.crypto import KeyRing
from glue_api.errors import NotImplementedYet, Unprocessable
from glue_api.models import Connection
from glue_api.tokens.endpoints import api_base_url
from glue_api.tokens.service import fresh_credentials
from glue_api.vault.connections.resources import ProviderResource
from glue_providers.spec import Capability, ProviderSpec

HUBSPOT_WITHOUT_PROPERTIES = {"owners"}  # owners are not CRM objects: no properties, so no custom ones


def custom_fields(
    session_factory, keyring: KeyRing, settings: Settings, info: ProviderSpec, connection: Connection,
    resource: ProviderResource, resource_id: str | None, http: httpx.Client | None = None,
) -> list[dict]:
    if not info.supports(Capability.CUSTOM_FIELDS):
        raise NotImplementedYet(f"Glue cannot list {info.title}'s custom fields yet.")
    if resource_id is not None:
        raise NotImplementedYet("Glue cannot read the custom field values of a single record yet.")
    if connection.state not in states.READY:
        raise Unprocessable(f"The connection is {connection.state}: authorize it before reading its custom fields.",
                            title="Connection not callable")
    if info.name == "hubspot" and resource.downstream_id in HUBSPOT_WITHOUT_PROPERTIES:
        return []
    credentials = fresh_credentials(session_factory, keyring, settings, connection.id)
    base = api_base_url(settings, info.name, connection.instance_url, credentials)
    client = http or httpx.Client(timeout=30)
    try:
        if info.name == "salesforce":
            describe = _get(client, f"{base}/services/data/{SALESFORCE_API_VERSION}/sobjects/"
                                    f"{resource.downstream_id}/describe", credentials["access_token"])
            return [
                {"id": f["name"], "name": f.get("label") or f["name"], "description": None, "finder": f"$.{f['name']}"}
                for f in describe.get("fields", []) if f.get("custom")
            ]
        properties = _get(client, f"{base}/crm/v3/properties/{resource.downstream_id}", credentials["access_token"])
        return [
            {"id": p["name"], "name": p.get("label") or p["name"], "description": p.get("description") or None,
             "finder": f"$.properties.{p['name']}"}
            for p in properties.get("results", []) if p.get("hubspotDefined") is False
        ]
    finally:
        if http is None:
            client.close()


def _get(client: httpx.Client, url: str, access_token: str) -> dict:
    try:
        response = client.get(url, headers={"authorization": f"Bearer {access_token}"})
    except httpx.HTTPError as exc:
        raise ProviderCallFailed(f"Could not reach the provider ({type(exc).__name__}).") from None
    if response.status_code != 200:
        raise ProviderCallFailed(f"The provider answered {response.status_code}.")
    try:
        body = response.json()
    except ValueError:
        raise ProviderCallFailed("The provider answered with something other than JSON.") from None
    return body if isinstance(body, dict) else {}
