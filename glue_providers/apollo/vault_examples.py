"""Apollo's records as the Vault describes them (see glue_providers.resources), from Apollo's API
reference (contacts, accounts, sequences, users and mailboxes searches)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

RESOURCES = (
    ProviderResource("contacts", "Contacts", "contacts", "Contacts", fields(
        ("id", "string", "64a1c0de0000000000000001"), ("first_name", "string", "Ada"),
        ("last_name", "string", "Lovelace"), ("title", "string", "CTO"), ("email", "string", "ada@example.com"),
        ("account_id", "string", "64a1acc00000000000000007"), ("owner_id", "string", "64a1b05e0000000000000001"),
        ("contact_campaign_statuses", "array", [{"emailer_campaign_id": "64a1e3ca0000000000000002",
                                                 "status": "active", "current_step_position": 2}]),
        ("created_at", "date-time", "2024-03-04T09:15:00.000Z"), ("updated_at", "date-time", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("accounts", "Accounts", "accounts", "Accounts", fields(
        ("id", "string", "64a1acc00000000000000007"), ("name", "string", "Analytical Engines"),
        ("domain", "string", "analytical.example.com"), ("owner_id", "string", "64a1b05e0000000000000001"),
        ("created_at", "date-time", "2024-03-04T09:15:00.000Z"), ("updated_at", "date-time", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("sequences", "Sequences", "emailer_campaigns", "Sequences", fields(
        ("id", "string", "64a1e3ca0000000000000002"), ("name", "string", "Outbound - Q1"), ("active", "boolean", True),
        ("num_steps", "integer", 4), ("user_id", "string", "64a1b05e0000000000000001"),
        ("created_at", "date-time", "2024-03-04T09:15:00.000Z"),
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "string", "64a1b05e0000000000000001"), ("first_name", "string", "Grace"),
        ("last_name", "string", "Hopper"), ("email", "string", "grace@seller.example.com"),
        ("created_at", "date-time", "2023-11-02T08:00:00.000Z"),
    )),
    ProviderResource("mailboxes", "Mailboxes", "email_accounts", "Email accounts", fields(
        ("id", "string", "64a1da1b0000000000000001"), ("user_id", "string", "64a1b05e0000000000000001"),
        ("email", "string", "grace@seller.example.com"), ("type", "string", "gmail"), ("active", "boolean", True),
    )),
)
