"""HubSpot's records as the Vault describes them (see glue_providers.resources)."""

from __future__ import annotations

from typing import Any

from glue_providers.resources import ProviderResource, ResourceField, fields

# HubSpot CRM v3: every property value is a string, under "properties".
def _hubspot_object(*properties: tuple[str, Any]) -> tuple[ResourceField, ...]:
    return fields(
        ("id", "string", "51"),
        *((f"properties.{name}", "string", example) for name, example in properties),
        ("createdAt", "date-time", "2024-03-04T09:15:00.000Z"),
        ("updatedAt", "date-time", "2024-05-21T16:40:12.000Z"),
        ("archived", "boolean", False),
    )


RESOURCES = (
    ProviderResource("contacts", "Contacts", "contacts", "Contacts", _hubspot_object(
        ("firstname", "Ada"), ("lastname", "Lovelace"), ("email", "ada@example.com"),
        ("phone", "+44 20 7946 0000"), ("company", "Analytical Engines"), ("jobtitle", "Head of Research"),
        ("lifecyclestage", "lead"), ("hs_lead_status", "NEW"), ("hubspot_owner_id", "31005"),
        ("createdate", "2024-03-04T09:15:00.000Z"), ("lastmodifieddate", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("companies", "Companies", "companies", "Companies", _hubspot_object(
        ("name", "Analytical Engines"), ("domain", "analytical.example.com"),
        ("industry", "COMPUTER_SOFTWARE"), ("phone", "+44 20 7946 0001"), ("city", "London"),
        ("country", "United Kingdom"), ("numberofemployees", "120"), ("hubspot_owner_id", "31005"),
        ("createdate", "2024-03-04T09:15:00.000Z"), ("hs_lastmodifieddate", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("opportunities", "Opportunities", "deals", "Deals", _hubspot_object(
        ("dealname", "Analytical Engines - renewal"), ("amount", "24000"),
        ("dealstage", "contractsent"), ("pipeline", "default"), ("closedate", "2024-06-30T00:00:00.000Z"),
        ("hubspot_owner_id", "31005"), ("createdate", "2024-03-04T09:15:00.000Z"),
        ("hs_lastmodifieddate", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("leads", "Leads", "leads", "Leads", _hubspot_object(
        ("hs_lead_name", "Ada Lovelace"), ("hs_lead_type", "NEW_BUSINESS"), ("hs_lead_label", "WARM"),
        ("hs_pipeline_stage", "new-stage-id"), ("hubspot_owner_id", "31005"),
        ("hs_createdate", "2024-03-04T09:15:00.000Z"), ("hs_lastmodifieddate", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("users", "Users", "owners", "Owners", fields(
        ("id", "string", "31005"), ("email", "string", "grace@example.com"),
        ("type", "string", "PERSON"), ("firstName", "string", "Grace"), ("lastName", "string", "Hopper"),
        ("userId", "integer", 9120045), ("createdAt", "date-time", "2023-11-02T08:00:00.000Z"),
        ("updatedAt", "date-time", "2024-05-01T10:30:00.000Z"), ("archived", "boolean", False),
    )),
)
