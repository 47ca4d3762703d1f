"""Account Engagement's records as the Vault describes them (see glue_providers.resources); fields and types
from the API v5 object reference (Prospect, Visitor, Visitor Activity, Campaign, Form)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

_TIMES = (("createdAt", "date-time", "2024-03-04T09:15:00-05:00"),
          ("updatedAt", "date-time", "2024-05-21T16:40:12-04:00"))

RESOURCES = (
    ProviderResource("prospects", "Prospects", "prospects", "Prospects", fields(
        ("id", "integer", 41000042), ("email", "string", "ada@example.com"), ("firstName", "string", "Ada"),
        ("lastName", "string", "Lovelace"), ("company", "string", "Analytical Engines"),
        ("jobTitle", "string", "Director"), ("phone", "string", "+44 20 7946 0000"), ("city", "string", "London"),
        ("country", "string", "United Kingdom"), ("score", "integer", 120), ("grade", "string", "B+"),
        ("campaignId", "integer", 9001), ("assignedUserId", "integer", 700012), ("optedOut", "boolean", False),
        ("salesforceId", "string", "00Q5e00000AbCdEEAZ"), ("isDeleted", "boolean", False),
        ("lastActivityAt", "date-time", "2024-05-20T11:02:00-04:00"), *_TIMES,
    )),
    ProviderResource("visitors", "Visitors", "visitors", "Visitors", fields(
        ("id", "integer", 52000007), ("prospectId", "integer", 41000042), ("pageViewCount", "integer", 14),
        ("ipAddress", "string", "203.0.113.24"), ("hostname", "string", "host-203-0-113-24.example.net"),
        ("campaignParameter", "string", "spring-launch"), ("mediumParameter", "string", "email"),
        ("sourceParameter", "string", "newsletter"), ("isIdentified", "boolean", True), *_TIMES,
    )),
    ProviderResource("visitor_activity", "Visitor activities", "visitor_activity", "Visitor Activities", fields(
        ("id", "integer", 63000110), ("type", "integer", 4), ("typeName", "string", "Form"),
        ("prospectId", "integer", 41000042), ("visitorId", "integer", 52000007), ("campaignId", "integer", 9001),
        ("formId", "integer", 3105), ("details", "string", "Contact us"), *_TIMES,
    )),
    ProviderResource("campaigns", "Campaigns", "campaigns", "Campaigns", fields(
        ("id", "integer", 9001), ("name", "string", "Spring launch"), ("cost", "integer", 2500),
        ("folderId", "integer", 880), ("salesforceId", "string", "7015e000000XyZaAAK"),
        ("isDeleted", "boolean", False), *_TIMES,
    )),
    ProviderResource("forms", "Forms", "forms", "Forms", fields(
        ("id", "integer", 3105), ("name", "string", "Contact us"), ("campaignId", "integer", 9001),
        ("folderId", "integer", 881),
        ("embedCode", "string", "<iframe src=\"https://go.example.com/l/1/contact\"></iframe>"),
        ("isDeleted", "boolean", False), *_TIMES,
    )),
)
