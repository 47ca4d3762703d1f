"""Request bodies of the Vault's consumer operations."""

from __future__ import annotations

from typing import Annotated

from pydantic import ConfigDict, Field

from glue_api.schemas import RequestBody

ConsumerId = Annotated[str, Field(min_length=1, max_length=255)]


class ConsumerMetadataIn(RequestBody):
    """How the consumer is shown; null clears a value."""

    account_name: Annotated[str, Field(max_length=255)] | None = None
    user_name: Annotated[str, Field(max_length=255)] | None = None
    email: Annotated[str, Field(max_length=320)] | None = None
    image: Annotated[str, Field(max_length=2048)] | None = None


class ConsumerCreate(RequestBody):
    """The spec's Consumer: its read-only properties, if sent back, are ignored."""

    consumer_id: ConsumerId
    metadata: ConsumerMetadataIn | None = None


class ConsumerUpdate(RequestBody):
    model_config = ConfigDict(strict=True, extra="forbid")  # the spec closes this object

    metadata: ConsumerMetadataIn | None = None
