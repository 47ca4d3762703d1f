"""Salesloft's records as the Vault describes them (see glue_providers.resources), from Salesloft's v2 API
reference (people, accounts, users, cadences, cadence memberships)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

_LINK = {"_href": "https://api.salesloft.com/v2/users/30001", "id": 30001}

RESOURCES = (
    ProviderResource("contacts", "Contacts", "people", "People", fields(
        ("id", "integer", 100000042), ("first_name", "string", "Ada"), ("last_name", "string", "Lovelace"),
        ("email_address", "string", "ada@example.com"), ("title", "string", "CTO"),
        ("phone", "string", "+44 20 7946 0000"), ("city", "string", "London"), ("country", "string", "GB"),
        ("custom_fields", "object", {"Lead Source Detail": "Webinar"}), ("tags", "array", ["priority"]),
        ("owner", "object", _LINK),
        ("account", "object", {"_href": "https://api.salesloft.com/v2/accounts/20000007", "id": 20000007}),
        ("created_at", "date-time", "2024-03-04T09:15:00.000000-05:00"),
        ("updated_at", "date-time", "2024-05-21T16:40:12.123456-04:00"),
    )),
    ProviderResource("companies", "Companies", "accounts", "Accounts", fields(
        ("id", "integer", 20000007), ("name", "string", "Analytical Engines"),
        ("domain", "string", "analytical.example.com"), ("industry", "string", "Software"),
        ("city", "string", "London"), ("country", "string", "GB"),
        ("custom_fields", "object", {"Customer Segment": "Enterprise"}), ("owner", "object", _LINK),
        ("created_at", "date-time", "2024-03-04T09:15:00.000000-05:00"),
        ("updated_at", "date-time", "2024-05-21T16:40:12.123456-04:00"),
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "integer", 30001), ("guid", "string", "0e8c4b7a-5c1d-4f3e-9a2b-000000000001"),
        ("name", "string", "Grace Hopper"), ("email", "string", "grace@seller.example.com"),
        ("from_address", "string", "grace@seller.example.com"), ("active", "boolean", True),
        ("created_at", "date-time", "2023-11-02T08:00:00.000000-05:00"),
        ("updated_at", "date-time", "2024-05-01T10:30:00.000000-04:00"),
    )),
    ProviderResource("sequences", "Sequences", "cadences", "Cadences", fields(
        ("id", "integer", 400002), ("name", "string", "Outbound - Q1"), ("team_cadence", "boolean", True),
        ("shared", "boolean", True), ("draft", "boolean", False), ("archived_at", "date-time", None),
        ("tags", "array", ["outbound"]), ("owner", "object", _LINK),
        ("created_at", "date-time", "2024-01-08T09:00:00.000000-05:00"),
        ("updated_at", "date-time", "2024-05-21T16:40:12.123456-04:00"),
    )),
    ProviderResource("sequence_states", "Sequence states", "cadence_memberships", "Cadence memberships", fields(
        ("id", "integer", 5000000042), ("current_state", "string", "active"),
        ("currently_on_cadence", "boolean", True),
        ("cadence", "object", {"_href": "https://api.salesloft.com/v2/cadences/400002", "id": 400002}),
        ("person", "object", {"_href": "https://api.salesloft.com/v2/people/100000042", "id": 100000042}),
        ("user", "object", _LINK),
        ("added_at", "date-time", "2024-05-01T10:30:00.000000-04:00"),
        ("updated_at", "date-time", "2024-05-21T16:40:12.123456-04:00"),
    )),
)
