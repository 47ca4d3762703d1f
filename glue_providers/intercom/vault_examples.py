"""Intercom's records as the Vault describes them (see glue_providers.resources), from Intercom's REST API
reference (version 2.11: Contacts, Companies, Conversations, Admins). Times are epoch seconds."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("contacts", "Contacts", "contacts", "Contacts", fields(
        ("id", "string", "6571c3a0f1e2d3c4b5a60001"), ("external_id", "string", "user-1042"),
        ("role", "string", "user"), ("email", "string", "ada@example.com"), ("name", "string", "Ada Lovelace"),
        ("phone", "string", "+44 20 7946 0000"), ("owner_id", "integer", 7382000),
        ("location.country", "string", "United Kingdom"), ("location.city", "string", "London"),
        ("custom_attributes", "object", {"plan": "pro"}),
        ("created_at", "integer", 1709543700), ("updated_at", "integer", 1716309612),
    )),
    ProviderResource("companies", "Companies", "companies", "Companies", fields(
        ("id", "string", "6571c3a0f1e2d3c4b5b70001"), ("company_id", "string", "analytical-engines"),
        ("name", "string", "Analytical Engines"), ("website", "string", "https://analytical-engines.example"),
        ("industry", "string", "Manufacturing"), ("size", "integer", 85), ("user_count", "integer", 12),
        ("monthly_spend", "number", 490), ("plan", "object", {"type": "plan", "id": "3", "name": "pro"}),
        ("created_at", "integer", 1709543700), ("updated_at", "integer", 1716309612),
    )),
    ProviderResource("conversations", "Conversations", "conversations", "Conversations", fields(
        ("id", "string", "178000001042"), ("title", "string", "Billing question"), ("state", "string", "open"),
        ("open", "boolean", True), ("read", "boolean", False), ("priority", "string", "not_priority"),
        ("admin_assignee_id", "integer", 7382000),
        ("source.author", "object", {"type": "user", "id": "6571c3a0f1e2d3c4b5a60001"}),
        ("created_at", "integer", 1709543700), ("updated_at", "integer", 1716309612),
    )),
    ProviderResource("users", "Users", "admins", "Admins", fields(
        ("id", "string", "7382000"), ("name", "string", "Grace Hopper"), ("email", "string", "grace@acme.example"),
        ("job_title", "string", "Head of Support"), ("away_mode_enabled", "boolean", False),
        ("has_inbox_seat", "boolean", True),
    )),
)
