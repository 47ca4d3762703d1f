"""The Vault's Connection: what the catalog says about the connector, and this consumer's connection to it.

Never a credential: sensitive settings appear only as a mask.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from glue_api.config import Settings
from glue_api.connections import states
from glue_api.crypto import KeyRing
from glue_api.models import Connection, ProviderConfig
from glue_api.vault.connections.resources import resources_of
from glue_api.vault.connections.settings import (
    RESOURCES_KEY,
    masked_secrets,
    open_credentials,
    visible_settings,
)
from glue_api.vault.oauth import links
from glue_providers.spec import AuthType, FormField, ProviderSpec



@dataclass(frozen=True)
class ViewContext:
    """What building a view needs beyond the rows: authorize links are minted per view."""

    session: Session
    settings: Settings
    keyring: KeyRing


def integration_state(info: ProviderSpec, integration: ProviderConfig) -> str:
    """An OAuth connector needs the application's own OAuth client before anyone can authorize."""
    if info.auth_type != AuthType.OAUTH2:
        return "configured"
    if integration.oauth_client_id and integration.oauth_client_secret is not None:
        return "configured"
    return "needs_configuration"


def connection_view(
    context: ViewContext, info: ProviderSpec, integration: ProviderConfig, connection: Connection | None,
    only_resource: str | None = None,
) -> dict:
    resources = list(resources_of(info.name))
    oauth = info.auth_type == AuthType.OAUTH2
    settings = _settings(context, info, connection) if connection is not None else None
    view = {
        "id": connection.id if connection is not None else f"{info.unified_api}+{info.name}",
        "service_id": info.name,
        "name": info.title,
        "tag_line": info.tag_line,
        "unified_api": info.unified_api,
        "state": connection.state if connection is not None else states.AVAILABLE,
        "integration_state": integration_state(info, integration),
        "auth_type": info.vault_auth_type,
        # An OAuth connector without OAuth endpoints in Glue's catalog cannot be authorized yet.
        "status": "upcoming" if oauth and info.oauth is None else "live",
        "enabled": connection.enabled if connection is not None else False,
        "website": info.website,
        "authorize_url": None,
        "revoke_url": None,
        "settings": settings,
        "metadata": connection.connection_metadata if connection is not None else None,
        "form_fields": [_form_field(f, settings) for f in info.form_fields],
        "configuration": _configuration(connection, only_resource) if connection is not None else [],
        "configurable_resources": resources,
        "resource_schema_support": resources,
        "resource_settings_support": resources,
        "validation_support": False,
        "schema_support": bool(resources),
        "settings_required_for_authorization": ["client_id", "client_secret"] if oauth else [],
        "subscriptions": [],
        "has_guide": False,
    }
    if info.oauth_grant_type:
        view["oauth_grant_type"] = info.oauth_grant_type
    if connection is not None:
        view["created_at"] = _epoch_ms(connection.created_at)
        view["updated_at"] = _epoch_ms(connection.updated_at)
        if oauth and info.oauth is not None:
            view["authorize_url"] = links.authorize_url(context.session, context.settings, context.keyring, connection)
            if connection.state in states.HOLDS_CREDENTIALS:
                view["revoke_url"] = links.revoke_url(context.session, context.settings, context.keyring, connection)
    return view


def _settings(context: ViewContext, info: ProviderSpec, connection: Connection) -> dict:
    settings = visible_settings(connection)
    # Salesforce's OAuth flow learns the instance URL: show it where the form expects it.
    if info.form_field("instance_url") and connection.instance_url and "instance_url" not in settings:
        settings["instance_url"] = connection.instance_url
    if any(f.sensitive for f in info.form_fields):
        settings |= masked_secrets(info, open_credentials(context.keyring, connection))
    return settings


def _form_field(form_field: FormField, settings: dict | None) -> dict:
    view = {
        "id": form_field.id,
        "label": form_field.label,
        "placeholder": form_field.placeholder,
        "description": form_field.description or None,
        "type": form_field.type,
        "required": form_field.required,
        "custom_field": False,
        "allow_custom_values": False,
        "disabled": False,
        "hidden": False,
        "deprecated": False,
        "sensitive": form_field.sensitive,
        "options": [],
    }
    if settings and form_field.id in settings:
        view["value"] = settings[form_field.id]  # already masked when sensitive
    return view


def _configuration(connection: Connection, only_resource: str | None) -> list[dict]:
    stored = (connection.settings or {}).get(RESOURCES_KEY) or {}
    if only_resource is not None:
        stored = {only_resource: stored.get(only_resource, [])}
    return [
        {"resource": resource, "defaults": [{"target": "resource", **default} for default in defaults]}
        for resource, defaults in stored.items()
    ]


def _epoch_ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment is not None else None
