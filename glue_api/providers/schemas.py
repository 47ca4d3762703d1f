from typing import Annotated

from pydantic import Field

from glue_api.entities.schemas import ProviderEntityMapping
from glue_api.providers.names import AuthTypeField, CategoryField, ProviderNameField
from glue_api.schemas import RequestBody

Text = Annotated[str, Field(max_length=1024)]


class OAuthCredentials(RequestBody):
    oauth_client_id: Annotated[str, Field(min_length=1, max_length=1024)]
    oauth_client_secret: Annotated[str, Field(min_length=1, max_length=4096)]


class OAuthConfig(RequestBody):
    oauth_scopes: Annotated[list[Text], Field(max_length=200)]
    credentials: OAuthCredentials


class ProviderConfigIn(RequestBody):
    provider_app_id: Text
    use_managed_oauth: bool | None = None
    oauth: OAuthConfig


class ObjectRef(RequestBody):
    name: Annotated[str, Field(min_length=1, max_length=255)]
    schema_id: Text | None = None


class ProviderObjects(RequestBody):
    common: list[ObjectRef] | None = None
    standard: list[ObjectRef] | None = None


class ProviderWrite(RequestBody):
    """Body of both create and update: the spec's branches differ only in which names go with which category."""

    name: ProviderNameField
    category: CategoryField
    auth_type: AuthTypeField
    config: ProviderConfigIn | None = None
    objects: ProviderObjects | None = None
    entity_mappings: Annotated[list[ProviderEntityMapping], Field(max_length=500)] | None = None
