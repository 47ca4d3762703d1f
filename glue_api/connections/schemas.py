from typing import Annotated, Literal

from pydantic import Field

from glue_api.schemas import RequestBody

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


class HubspotConnectionCreate(RequestBody):
    provider_name: Literal["hubspot"]
    type: Literal["oauth2"]
    refresh_token: Secret


ConnectionCreate = Annotated[
    ApolloConnectionCreate | GongConnectionCreate | SalesforceConnectionCreate | HubspotConnectionCreate,
    Field(discriminator="provider_name"),
]
