"""A connection's settings: plain ones in Connection.settings, sensitive ones sealed with its credentials.

Settings are the provider's form fields. A sensitive value goes into the sealed
credentials under its field id (so an API key sits where the Management API and the
sync engine expect it) and is only ever shown as a mask. A client that read a
connection and writes it back sends the mask: the stored secret is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.errors import BadRequest
from glue_api.models import Connection
from glue_api.providers.service import SECRET_MASK
from glue_api.tokens.endpoints import tenant_url
from glue_providers.egress import EgressRefused
from glue_providers.spec import FormField, ProviderSpec

RESOURCES_KEY = "resources"  # per-resource configuration, kept beside the settings


@dataclass
class SettingsChange:
    plain: dict[str, Any]
    secrets: dict[str, Any]
    secrets_changed: bool


def open_credentials(keyring: KeyRing, connection: Connection) -> dict:
    return keyring.open_json(connection.credentials) if connection.credentials is not None else {}


def visible_settings(connection: Connection) -> dict[str, Any]:
    return {k: v for k, v in (connection.settings or {}).items() if k != RESOURCES_KEY}


def masked_secrets(info: ProviderSpec, credentials: dict) -> dict[str, str]:
    return {f.id: SECRET_MASK for f in info.form_fields if f.sensitive and credentials.get(f.id) is not None}


def apply_settings(
    info: ProviderSpec, connection: Connection, credentials: dict, changes: dict[str, Any]
) -> SettingsChange:
    """The settings after ``changes`` (None clears a setting); nothing is written to the connection here."""
    for key, value in changes.items():
        form_field = info.form_field(key)
        if form_field is None:
            allowed = ", ".join(f.id for f in info.form_fields) or "none"
            raise BadRequest(f"{info.name} has no setting {key!r} (its settings: {allowed}).")
        if value is not None:
            _check_value(form_field, value)
    plain = visible_settings(connection)
    secrets = {f.id: credentials[f.id] for f in info.form_fields if f.sensitive and f.id in credentials}
    secrets_changed = False
    for key, value in changes.items():
        if not info.form_field(key).sensitive:
            _assign(plain, key, value)
        elif value != SECRET_MASK:  # the mask is what the client read: the stored secret stays
            secrets_changed = secrets_changed or secrets.get(key) != value
            _assign(secrets, key, value)
    return SettingsChange(plain, secrets, secrets_changed)


def check_url_settings(settings: Settings, info: ProviderSpec, changes: dict[str, Any] | None) -> None:
    """URL settings (Salesforce's instance and login URLs) only on the provider's own domains."""
    for key, value in (changes or {}).items():
        form_field = info.form_field(key)
        if form_field is None or form_field.type != "url" or not isinstance(value, str) or not value:
            continue
        try:
            tenant_url(settings, info.name, value)
        except EgressRefused as exc:
            raise BadRequest(f"Setting {key}: {exc}", title="Address not allowed") from None


def missing_required(info: ProviderSpec, change: SettingsChange) -> list[str]:
    return [
        f.id for f in info.form_fields
        if f.required and (change.secrets if f.sensitive else change.plain).get(f.id) in (None, "")
    ]


def _assign(target: dict, key: str, value: Any) -> None:
    if value is None:
        target.pop(key, None)
    else:
        target[key] = value


def _check_value(form_field: FormField, value: Any) -> None:
    """Messages name the setting, never its value: it may be a secret."""
    if form_field.type == "checkbox":
        if not isinstance(value, bool):
            raise BadRequest(f"Setting {form_field.id} must be true or false.")
        return
    if form_field.type == "number":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadRequest(f"Setting {form_field.id} must be a number.")
        return
    if not isinstance(value, str):
        raise BadRequest(f"Setting {form_field.id} must be a string.")
    if form_field.sensitive and not value:
        raise BadRequest(f"Setting {form_field.id} must not be empty.")
    if value and not form_field.matches(value):
        raise BadRequest(f"Setting {form_field.id} is not in the expected form.")
    if form_field.type == "url" and value:
        parts = urlsplit(value)
        if parts.scheme not in ("https", "http") or not parts.netloc:
            raise BadRequest(f"Setting {form_field.id} must be an http(s) URL.")
