"""Bodies of ``POST /customers/{id}/connections``: which one applies follows the provider's auth type
in the registry (and, for OAuth, whether its API lives on an instance URL the caller must give)."""

from typing import Annotated, Literal

from pydantic import Discriminator, Field, Tag

from glue_api.providers.names import ProviderNameField
from glue_api.schemas import RequestBody
from glue_providers import registry
from glue_providers.spec import AuthType

Secret = Annotated[str, Field(min_length=1, max_length=8192)]
INSTANCE_URL = "instance_url"


class ApiKeyConnectionCreate(RequestBody):
    """Apollo's body in the spec; any provider authenticated by an API key takes it."""

    provider_name: ProviderNameField
    type: Literal["api_key"]
    api_key: Secret


class AccessKeySecretConnectionCreate(RequestBody):
    """Gong's body in the spec; any provider authenticated by an access key and secret takes it."""

    provider_name: ProviderNameField
    type: Literal["access_key_secret"]
    access_key: Secret
    access_key_secret: Secret


class InstanceOAuthConnectionCreate(RequestBody):
    """Salesforce's body in the spec: its API lives on the customer's instance_url."""

    provider_name: ProviderNameField
    type: Literal["oauth2"]
    refresh_token: Secret
    instance_url: Annotated[str, Field(min_length=1, max_length=2048)]
    login_url: Annotated[str, Field(max_length=2048)] | None = None


class AccountsServerOAuthConnectionCreate(RequestBody):
    """A provider with one accounts server per data centre (Zoho): the refresh token works only at the server
    that issued it, ``login_url`` (the provider's default when absent, e.g. https://accounts.zoho.com)."""

    provider_name: ProviderNameField
    type: Literal["oauth2"]
    refresh_token: Secret
    login_url: Annotated[str, Field(max_length=2048)] | None = None


class OAuthConnectionCreate(RequestBody):
    """HubSpot's body in the spec; Glue accepts the same body for its other OAuth providers."""

    provider_name: ProviderNameField
    type: Literal["oauth2"]
    refresh_token: Secret


class AccessTokenOAuthConnectionCreate(RequestBody):
    """For OAuth providers whose access tokens never expire and that issue no refresh token (Intercom):
    the access token itself, and the account's regional API host where it has one."""

    provider_name: ProviderNameField
    type: Literal["oauth2"]
    access_token: Secret
    instance_url: Annotated[str, Field(min_length=1, max_length=2048)] | None = None


class ClientCredentialsConnectionCreate(RequestBody):
    """A provider reached with the customer's own OAuth client (the client_credentials grant: Marketo): its id and
    secret, and the Munchkin account ID naming its instance (https://<id>.mktorest.com)."""

    provider_name: ProviderNameField
    type: Literal["oauth2"]
    client_id: Annotated[str, Field(min_length=1, max_length=1024)]
    client_secret: Secret
    munchkin_id: Annotated[str, Field(pattern=r"^[0-9]{3}-[A-Za-z]{3}-[0-9]{3}$")]


def body_kind(body) -> str | None:
    """Which body a request must be, from its provider_name (None: not a known provider)."""
    name = body.get("provider_name") if isinstance(body, dict) else getattr(body, "provider_name", None)
    spec = registry.find(name) if isinstance(name, str) else None
    if spec is None:
        return None
    if spec.auth_type == AuthType.CLIENT_CREDENTIALS:
        return "client_credentials"
    chosen = body.get("type") if isinstance(body, dict) else getattr(body, "type", None)
    if spec.auth_type == AuthType.OAUTH2 or (chosen == AuthType.OAUTH2.value and AuthType.OAUTH2 in spec.auth_types):
        if spec.oauth is not None and not spec.oauth.refresh_tokens:
            return "oauth2_access_token"
        if INSTANCE_URL in spec.api_base_from:
            return "instance_oauth2"
        return "accounts_server_oauth2" if spec.oauth and spec.oauth.accounts_server_param else "oauth2"
    return spec.auth_type.value


ConnectionCreate = Annotated[
    Annotated[ApiKeyConnectionCreate, Tag("api_key")]
    | Annotated[AccessKeySecretConnectionCreate, Tag("access_key_secret")]
    | Annotated[InstanceOAuthConnectionCreate, Tag("instance_oauth2")]
    | Annotated[AccountsServerOAuthConnectionCreate, Tag("accounts_server_oauth2")]
    | Annotated[OAuthConnectionCreate, Tag("oauth2")]
    | Annotated[AccessTokenOAuthConnectionCreate, Tag("oauth2_access_token")]
    | Annotated[ClientCredentialsConnectionCreate, Tag("client_credentials")],
    Discriminator(body_kind, custom_error_type="unknown_provider",
                  custom_error_message="provider_name must name a provider Glue knows"),
]
