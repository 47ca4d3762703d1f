"""Outreach's records as the Vault describes them (see glue_providers.resources): JSON:API resource
objects, their values under ``attributes`` and links to other records under ``relationships``."""

from __future__ import annotations

from typing import Any

from glue_providers.resources import ProviderResource, ResourceField, fields

CREATED, UPDATED = "2024-03-04T09:15:00.000Z", "2024-05-21T16:40:12.000Z"


def _resource(kind: str, *attributes: tuple[str, str, Any], relationships: tuple[tuple[str, str], ...] = ()
              ) -> tuple[ResourceField, ...]:
    return fields(
        ("id", "integer", 51), ("type", "string", kind),
        *((f"attributes.{name}", field_type, example) for name, field_type, example in attributes),
        ("attributes.createdAt", "date-time", CREATED), ("attributes.updatedAt", "date-time", UPDATED),
        *((f"relationships.{name}.data.id", "integer", 7) for name, _ in relationships),
        *((f"relationships.{name}.data.type", "string", target) for name, target in relationships),
    )


RESOURCES = (
    ProviderResource("contacts", "Contacts", "prospects", "Prospects", _resource(
        "prospect", ("firstName", "string", "Ada"), ("lastName", "string", "Lovelace"),
        ("title", "string", "Head of Research"), ("emails", "array", ["ada@example.com"]),
        ("workPhones", "array", ["+44 20 7946 0000"]), ("addressCity", "string", "London"),
        ("openCount", "integer", 4), ("replyCount", "integer", 1), ("custom1", "string", "Enterprise"),
        relationships=(("account", "account"), ("owner", "user")))),
    ProviderResource("accounts", "Accounts", "accounts", "Accounts", _resource(
        "account", ("name", "string", "Analytical Engines"), ("domain", "string", "analytical.example.com"),
        ("industry", "string", "Software"), ("numberOfEmployees", "integer", 120), ("custom1", "string", "EMEA"),
        relationships=(("owner", "user"),))),
    ProviderResource("users", "Users", "users", "Users", _resource(
        "user", ("firstName", "string", "Grace"), ("lastName", "string", "Hopper"),
        ("email", "string", "grace@example.com"), ("locked", "boolean", False))),
    ProviderResource("sequences", "Sequences", "sequences", "Sequences", _resource(
        "sequence", ("name", "string", "Q3 webinar follow-up"), ("enabled", "boolean", True),
        ("shareType", "string", "shared"), ("sequenceStepCount", "integer", 5), ("tags", "array", ["webinar"]),
        relationships=(("owner", "user"),))),
    ProviderResource("sequence_states", "Sequence states", "sequenceStates", "Sequence states", _resource(
        "sequenceState", ("state", "string", "active"), ("stateChangedAt", "date-time", UPDATED),
        relationships=(("prospect", "prospect"), ("sequence", "sequence"), ("mailbox", "mailbox")))),
    ProviderResource("mailboxes", "Mailboxes", "mailboxes", "Mailboxes", _resource(
        "mailbox", ("email", "string", "grace@example.com"), ("sendDisabled", "boolean", False),
        ("userId", "integer", 7), relationships=(("user", "user"),))),
)
