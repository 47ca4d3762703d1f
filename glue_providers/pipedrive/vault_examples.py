"""Pipedrive's records as the Vault describes them (see glue_providers.resources)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("contacts", "Contacts", "persons", "Persons", fields(
        ("id", "integer", 1042), ("name", "string", "Ada Lovelace"), ("first_name", "string", "Ada"),
        ("last_name", "string", "Lovelace"),
        ("emails", "array", [{"value": "ada@example.com", "primary": True, "label": "work"}]),
        ("phones", "array", [{"value": "+44 20 7946 0000", "primary": True, "label": "work"}]),
        ("org_id", "integer", 301), ("owner_id", "integer", 12001),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("companies", "Companies", "organizations", "Organizations", fields(
        ("id", "integer", 301), ("name", "string", "Analytical Engines"), ("owner_id", "integer", 12001),
        ("address", "object", {"value": "1 Engine Street, London", "country": "United Kingdom"}),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("opportunities", "Opportunities", "deals", "Deals", fields(
        ("id", "integer", 77), ("title", "string", "Analytical Engines - renewal"), ("value", "number", 24000),
        ("currency", "string", "EUR"), ("status", "string", "open"), ("stage_id", "integer", 3),
        ("pipeline_id", "integer", 1), ("person_id", "integer", 1042), ("org_id", "integer", 301),
        ("owner_id", "integer", 12001), ("expected_close_date", "date", "2024-06-30"),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("leads", "Leads", "leads", "Leads", fields(
        ("id", "string", "adf21080-0e10-11eb-879b-05d71fb426ec"), ("title", "string", "Difference Engines lead"),
        ("owner_id", "integer", 12001), ("person_id", "integer", 1043), ("organization_id", "integer", 302),
        ("value", "object", {"amount": 5000, "currency": "EUR"}), ("expected_close_date", "date", "2024-07-15"),
        ("is_archived", "boolean", False),
        ("add_time", "date-time", "2024-03-04T09:15:00.000Z"), ("update_time", "date-time", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "integer", 12001), ("name", "string", "Grace Hopper"), ("email", "string", "grace@example.com"),
        ("active_flag", "boolean", True), ("is_admin", "integer", 1),
        ("created", "string", "2023-11-02 08:00:00"), ("modified", "string", "2024-05-01 10:30:00"),
    )),
)
