"""Capsule's records as the Vault describes them (see glue_providers.resources); fields and types from
Capsule's API v2 reference (Parties, Opportunities, Users)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

_TIMES = (("createdAt", "date-time", "2024-03-04T09:15:00Z"), ("updatedAt", "date-time", "2024-05-21T16:40:12Z"))

RESOURCES = (
    ProviderResource("contacts", "Contacts", "parties", "People", fields(
        ("id", "integer", 11000042), ("type", "string", "person"), ("firstName", "string", "Ada"),
        ("lastName", "string", "Lovelace"), ("jobTitle", "string", "Director"),
        ("organisation", "object", {"id": 11000041, "name": "Analytical Engines"}),
        ("emailAddresses", "array", [{"id": 50001, "type": "Work", "address": "ada@example.com"}]),
        ("phoneNumbers", "array", [{"id": 70001, "type": "Work", "number": "+44 20 7946 0000"}]),
        ("owner", "object", {"id": 501, "username": "grace", "name": "Grace Hopper"}), *_TIMES,
    )),
    ProviderResource("companies", "Companies", "parties", "Organisations", fields(
        ("id", "integer", 11000041), ("type", "string", "organisation"), ("name", "string", "Analytical Engines"),
        ("websites", "array", [{"id": 60001, "service": "URL", "address": "www.engines.example"}]),
        ("addresses", "array", [{"id": 90001, "type": "Office", "street": "1 Engine Street", "city": "London",
                                 "state": None, "country": "United Kingdom", "zip": "N1 9GU"}]),
        ("owner", "object", {"id": 501, "username": "grace", "name": "Grace Hopper"}), *_TIMES,
    )),
    ProviderResource("opportunities", "Opportunities", "opportunities", "Opportunities", fields(
        ("id", "integer", 83000077), ("name", "string", "Annual licence"),
        ("value", "object", {"amount": 24000.0, "currency": "GBP"}),
        ("milestone", "object", {"id": 2, "name": "Proposal"}), ("probability", "integer", 50),
        ("expectedCloseOn", "date", "2024-06-30"), ("closedOn", "date", None), ("lostReason", "object", None),
        ("party", "object", {"id": 11000041, "type": "organisation"}),
        ("owner", "object", {"id": 501, "username": "grace", "name": "Grace Hopper"}), *_TIMES,
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "integer", 501), ("username", "string", "grace"), ("name", "string", "Grace Hopper"),
        ("role", "string", "ADMIN"), ("timezone", "string", "Europe/London"), ("currency", "string", "GBP"),
    )),
)
