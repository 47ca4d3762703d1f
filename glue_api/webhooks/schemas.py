"""Request bodies of Glue's webhook endpoint registration API."""

from __future__ import annotations

from urllib.parse import urlsplit

from pydantic import Field, field_validator

from glue_api.schemas import RequestBody
from glue_api.webhooks.event_types import EVENT_TYPES, EVERY_EVENT
from glue_providers.egress import EgressPolicy, EgressRefused

MAX_URL_LENGTH = 2048


class WebhookEndpointCreate(RequestBody):
    url: str = Field(min_length=1, max_length=MAX_URL_LENGTH)
    events: list[str] | None = None  # omitted: every event

    @field_validator("url")
    @classmethod
    def absolute_http_url(cls, url: str) -> str:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an absolute http:// or https:// URL")
        try:
            # What the URL alone tells (a literal private address, localhost); delivery checks what names resolve to.
            EgressPolicy.from_env().check_url(url)
        except EgressRefused as exc:
            raise ValueError(str(exc)) from None
        return url

    @field_validator("events")
    @classmethod
    def known_event_types(cls, events: list[str] | None) -> list[str] | None:
        if events is None:
            return None
        if not events:
            raise ValueError("must name at least one event type (omit it to receive every event)")
        if set(events) - EVENT_TYPES - {EVERY_EVENT}:
            raise ValueError(f"holds an unknown event type; known types are {', '.join(sorted(EVENT_TYPES))} and *")
        return list(dict.fromkeys(events))
