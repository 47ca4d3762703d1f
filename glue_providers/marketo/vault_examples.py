"""Marketo's records as the Vault describes them (see glue_providers.resources), from Marketo's REST reference
(Leads: describe and get leads; Programs: get programs)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("leads", "Leads", "leads", "Leads", fields(
        ("id", "integer", 318581), ("email", "string", "ada.lovelace@example.com"), ("firstName", "string", "Ada"),
        ("lastName", "string", "Lovelace"), ("company", "string", "Analytical Engines"),
        ("createdAt", "date-time", "2024-01-01T10:00:00Z"), ("updatedAt", "date-time", "2024-03-04T09:15:00Z"),
    )),
    ProviderResource("programs", "Programs", "programs", "Programs", fields(
        ("id", "integer", 1107), ("name", "string", "Spring webinar"), ("type", "string", "Event"),
        ("channel", "string", "Webinar"), ("status", "string", "on"),
        ("createdAt", "date-time", "2024-01-01T10:00:00Z+0000"),
        ("updatedAt", "date-time", "2024-03-04T09:15:00Z+0000"),
    )),
)
