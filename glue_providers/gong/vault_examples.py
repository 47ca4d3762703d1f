"""Gong's records as the Vault describes them (see glue_providers.resources), from Gong's v2 API
reference (Users: list all users; Calls: list calls)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "string", "234599484848423"), ("emailAddress", "string", "ada.lovelace@example.com"),
        ("firstName", "string", "Ada"), ("lastName", "string", "Lovelace"), ("title", "string", "Account Executive"),
        ("active", "boolean", True), ("managerId", "string", "234599484848000"),
        ("created", "date-time", "2024-01-01T10:00:00Z"),
    )),
    ProviderResource("calls", "Calls", "calls", "Calls", fields(
        ("id", "string", "7782342274025937895"), ("url", "string", "https://app.gong.io/call?id=7782342274025937895"),
        ("title", "string", "Discovery with Analytical Engines"), ("started", "date-time", "2024-03-04T09:15:00Z"),
        ("duration", "integer", 1830), ("primaryUserId", "string", "234599484848423"),
        ("direction", "string", "Outbound"), ("scope", "string", "External"), ("system", "string", "Zoom"),
        ("media", "string", "Video"), ("language", "string", "eng"),
    )),
)
