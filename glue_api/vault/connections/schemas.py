"""Request bodies of the Vault's connection operations.

Create and update take the spec's Connection schema: only its writable properties
(enabled, settings, metadata, configuration) are read; the read-only ones a client
may send back after a GET are ignored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from glue_api.schemas import RequestBody

MAX_SETTING_LENGTH = 8192
Identifier = Annotated[str, Field(min_length=1, max_length=255)]
Scalar = Annotated[str, Field(max_length=MAX_SETTING_LENGTH)] | bool | int | float
# A setting's value; None clears it.
SettingValue = Scalar | None
DefaultValue = Scalar | Annotated[list[Annotated[str, Field(max_length=MAX_SETTING_LENGTH)] | int | float],
                                  Field(max_length=500)]
Settings = Annotated[dict[Identifier, SettingValue], Field(max_length=100)]
Metadata = Annotated[dict[str, Any], Field(max_length=100)]


class FormFieldOptionIn(RequestBody):
    label: Annotated[str, Field(max_length=1024)]
    value: DefaultValue


class ResourceDefault(RequestBody):
    """One default value of a resource's settings (``target`` is read-only and ignored)."""

    id: Identifier
    value: DefaultValue
    options: Annotated[list[FormFieldOptionIn], Field(max_length=500)] | None = None


class ResourceConfiguration(RequestBody):
    resource: Identifier
    defaults: Annotated[list[ResourceDefault], Field(max_length=200)]


class ConnectionWrite(RequestBody):
    enabled: bool | None = None
    settings: Settings | None = None
    metadata: Metadata | None = None
    configuration: Annotated[list[ResourceConfiguration], Field(max_length=100)] | None = None


class ImportedCredentials(RequestBody):
    model_config = ConfigDict(strict=True, extra="forbid")  # the spec closes this object

    access_token: Annotated[str, Field(min_length=1, max_length=MAX_SETTING_LENGTH)] | None = None
    refresh_token: Annotated[str, Field(min_length=1, max_length=MAX_SETTING_LENGTH)] | None = None
    # A JSON string, parsed leniently: strict mode would refuse every string.
    issued_at: Annotated[datetime, Field(strict=False)] | None = None
    expires_in: Annotated[int, Field(ge=0, le=10 * 365 * 24 * 3600)] | None = None


class ConnectionImport(RequestBody):
    credentials: ImportedCredentials
    settings: Settings | None = None
    metadata: Metadata | None = None


class TokenRequest(RequestBody):
    """The spec allows no property: credentials are never sent here."""

    model_config = ConfigDict(strict=True, extra="forbid")
