from typing import Annotated, Literal

from pydantic import Field

from glue_api.catalog import PROVIDERS, AuthType
from glue_api.schemas import RequestBody

# Salesforce has its own body: its API lives on the customer's instance_url.
OAUTH_PROVIDERS_WITHOUT_INSTANCE = [
    p.name for p in PROVIDERS.values() if p.auth_type == AuthType.OAUTH2 and p.name != "salesforce"
]

Secret = Annotated[str, Field(min_length=1, max_length=8192)]


class ApolloConnectionCreate(RequestBody):
    provider_name: Literal["apollo"]
    type: Literal["api_key"]
    api_key: Secret


class GongConnectionCreate(RequestBody):
    provider_name: Literal["gong"]
    type: Literal["access_key_secret"]
    access_key: Secret
    access_key_secret: Secret


class SalesforceConnectionCreate(RequestBody):
    provider_name: Literal["salesforce"]
    type: Literal["oauth2"]
    refresh_token: Secret
    instance_url: Annotated[str, Field(min_length=1, max_length=2048)]
    login_url: Annotated[str, Field(max_length=2048)] | None = None


class OAuthConnectionCreate(RequestBody):
    """HubSpot as the spec has it; Glue accepts the same body for its other OAuth providers."""

    provider_name: Literal[tuple(OAUTH_PROVIDERS_WITHOUT_INSTANCE)]  # type: ignore[valid-type]
    type: Literal["oauth2"]
    refresh_token: Secret


ConnectionCreate = Annotated[
    ApolloConnectionCreate | GongConnectionCreate | SalesforceConnectionCreate | OAuthConnectionCreate,
    Field(discriminator="provider_name"),
]
