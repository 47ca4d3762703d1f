"""Settings a customer gives before the provider's consent page, because the request names them
(Dynamics 365's organisation URL is the scope's resource and the API's address).

An address is kept only as the origin of a host on the provider's own domains (its spec's
``tenant_hosts``) or at the base URL the operator pointed the provider at: Glue will send the
customer's tokens there.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from glue_api.config import Settings
from glue_api.errors import BadRequest
from glue_api.models import Connection
from glue_api.pages.forms import missing_fields, submitted_settings
from glue_api.tokens.endpoints import tenant_url
from glue_providers.spec import FormField, ProviderSpec

INSTANCE_URL = "instance_url"


def consent_fields(info: ProviderSpec) -> tuple[FormField, ...]:
    wanted = info.oauth.consent_fields if info.oauth else ()
    return tuple(f for f in info.form_fields if f.id in wanted)


def consent_settings(settings: Settings, info: ProviderSpec, form: Any) -> dict[str, Any]:
    """The submitted consent fields, checked (raises BadRequest, or EgressRefused for an address elsewhere)."""
    fields = consent_fields(info)
    if not fields:
        return {}
    values = submitted_settings(fields, form)
    missing = missing_fields(fields, values)
    if missing:
        raise BadRequest(f"Fill in {', '.join(missing)}.")
    for field in fields:
        if field.type == "url" and values.get(field.id):
            values[field.id] = tenant_url(settings, info.name, _origin_of(str(values[field.id])))
    return values


def _origin_of(typed: str) -> str:
    """What people copy from the address bar ("contoso.crm.dynamics.com/main.aspx?appid=...") to its origin."""
    parts = urlsplit(typed if "://" in typed else f"https://{typed}")
    return f"{parts.scheme}://{parts.netloc}"


def apply_consent_settings(connection: Connection, values: dict[str, Any]) -> None:
    """The instance URL goes where the API base is read from; other settings into the connection's settings."""
    if values.get(INSTANCE_URL):
        connection.instance_url = values[INSTANCE_URL]
    others = {k: v for k, v in values.items() if k != INSTANCE_URL and v is not None}
    if others:
        connection.settings = (connection.settings or {}) | others
