"""Zendesk Sell's records as the Vault describes them (see glue_providers.resources); fields and types from
Sell's Core API v2 reference (Contacts, Leads, Deals, Users)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

_CONTACT = (
    ("id", "integer", 100000042), ("is_organization", "boolean", False), ("contact_id", "integer", 100000041),
    ("name", "string", "Ada Lovelace"), ("first_name", "string", "Ada"), ("last_name", "string", "Lovelace"),
    ("title", "string", "CTO"), ("email", "string", "ada@example.com"), ("phone", "string", "+44 20 7946 0000"),
    ("owner_id", "integer", 900001), ("customer_status", "string", "current"), ("prospect_status", "string", "none"),
    ("address", "object", {"line1": "1 Engine Street", "city": "London", "postal_code": "N1 9GU",
                           "state": "", "country": "GB"}),
    ("custom_fields", "object", {"Known via": "Conference"}),
    ("created_at", "date-time", "2024-03-04T09:15:00Z"), ("updated_at", "date-time", "2024-05-21T16:40:12Z"),
)

RESOURCES = (
    ProviderResource("contacts", "Contacts", "contacts", "Contacts (people)", fields(*_CONTACT)),
    ProviderResource("companies", "Companies", "contacts", "Contacts (organisations)", fields(
        ("id", "integer", 100000041), ("is_organization", "boolean", True), ("name", "string", "Analytical Engines"),
        ("industry", "string", "Software"), ("website", "string", "https://engines.example"),
        ("owner_id", "integer", 900001),
        ("created_at", "date-time", "2024-03-04T09:15:00Z"), ("updated_at", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("leads", "Leads", "leads", "Leads", fields(
        ("id", "integer", 200000007), ("first_name", "string", "Grace"), ("last_name", "string", "Hopper"),
        ("organization_name", "string", "Compilers Inc"), ("status", "string", "New"), ("source_id", "integer", 10),
        ("email", "string", "grace@compilers.example"), ("owner_id", "integer", 900001),
        ("created_at", "date-time", "2024-03-04T09:15:00Z"), ("updated_at", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("opportunities", "Opportunities", "deals", "Deals", fields(
        ("id", "integer", 300000077), ("name", "string", "Analytical Engines - renewal"),
        ("value", "string", "24000.00"), ("currency", "string", "EUR"), ("stage_id", "integer", 3),
        ("hot", "boolean", True), ("contact_id", "integer", 100000042), ("organization_id", "integer", 100000041),
        ("owner_id", "integer", 900001), ("estimated_close_date", "date", "2024-06-30"),
        ("loss_reason_id", "integer", None),
        ("created_at", "date-time", "2024-03-04T09:15:00Z"), ("updated_at", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "integer", 900001), ("name", "string", "Grace Hopper"), ("email", "string", "grace@example.com"),
        ("status", "string", "active"), ("role", "string", "admin"),
        ("created_at", "date-time", "2023-11-02T08:00:00Z"), ("updated_at", "date-time", "2024-05-01T10:30:00Z"),
    )),
)
