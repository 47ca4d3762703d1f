"""What each provider's records look like, per Vault resource (contacts, companies, ...).

A small description in code, written from the providers' API references: where each
field sits in the provider's own record, its JSON type and an example value. The
resource schema and example endpoints are built from it, so the custom-mapping UI
can offer JSONPath finders into the provider's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

FieldType = Literal["string", "integer", "number", "boolean", "date-time", "date", "array", "object"]

JSON_TYPES: dict[str, dict] = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "number": {"type": "number"},
    "boolean": {"type": "boolean"},
    "date-time": {"type": "string", "format": "date-time"},
    "date": {"type": "string", "format": "date"},
    "array": {"type": "array"},
    "object": {"type": "object"},
}


@dataclass(frozen=True)
class ResourceField:
    path: str  # dotted, into the provider's record: "properties.email"
    type: FieldType
    example: Any


@dataclass(frozen=True)
class ProviderResource:
    id: str  # the Vault's name for it
    name: str
    downstream_id: str  # the provider's name for it
    downstream_name: str
    fields: tuple[ResourceField, ...]


def _fields(*specs: tuple[str, FieldType, Any]) -> tuple[ResourceField, ...]:
    return tuple(ResourceField(*spec) for spec in specs)


# HubSpot CRM v3: every property value is a string, under "properties".
def _hubspot_object(*properties: tuple[str, Any]) -> tuple[ResourceField, ...]:
    return _fields(
        ("id", "string", "51"),
        *((f"properties.{name}", "string", example) for name, example in properties),
        ("createdAt", "date-time", "2024-03-04T09:15:00.000Z"),
        ("updatedAt", "date-time", "2024-05-21T16:40:12.000Z"),
        ("archived", "boolean", False),
    )


HUBSPOT = (
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
    ProviderResource("users", "Users", "owners", "Owners", _fields(
        ("id", "string", "31005"), ("email", "string", "grace@example.com"),
        ("type", "string", "PERSON"), ("firstName", "string", "Grace"), ("lastName", "string", "Hopper"),
        ("userId", "integer", 9120045), ("createdAt", "date-time", "2023-11-02T08:00:00.000Z"),
        ("updatedAt", "date-time", "2024-05-01T10:30:00.000Z"), ("archived", "boolean", False),
    )),
)


# Salesforce REST: flat records with an "attributes" header.
def _salesforce_object(sobject: str, record_id: str, *fields: tuple[str, FieldType, Any]) -> tuple[ResourceField, ...]:
    return _fields(
        ("attributes.type", "string", sobject),
        ("attributes.url", "string", f"/services/data/v60.0/sobjects/{sobject}/{record_id}"),
        ("Id", "string", record_id),
        *fields,
        ("CreatedDate", "date-time", "2024-03-04T09:15:00.000+0000"),
        ("LastModifiedDate", "date-time", "2024-05-21T16:40:12.000+0000"),
        ("SystemModstamp", "date-time", "2024-05-21T16:40:12.000+0000"),
    )


SALESFORCE = (
    ProviderResource("contacts", "Contacts", "Contact", "Contacts", _salesforce_object(
        "Contact", "0035g00000XyZaBAAV",
        ("AccountId", "string", "0015g00000AbCdEAAV"), ("FirstName", "string", "Ada"),
        ("LastName", "string", "Lovelace"), ("Name", "string", "Ada Lovelace"), ("Email", "string", "ada@example.com"),
        ("Phone", "string", "+44 20 7946 0000"), ("Title", "string", "Head of Research"),
        ("Department", "string", "Research"), ("MailingCity", "string", "London"),
        ("MailingCountry", "string", "United Kingdom"), ("LeadSource", "string", "Web"),
        ("OwnerId", "string", "0055g00000QrStUAAV"), ("IsDeleted", "boolean", False),
    )),
    ProviderResource("companies", "Companies", "Account", "Accounts", _salesforce_object(
        "Account", "0015g00000AbCdEAAV",
        ("Name", "string", "Analytical Engines"), ("Type", "string", "Customer - Direct"),
        ("Industry", "string", "Technology"), ("AnnualRevenue", "number", 12500000.0),
        ("NumberOfEmployees", "integer", 120), ("Phone", "string", "+44 20 7946 0001"),
        ("Website", "string", "https://analytical.example.com"), ("BillingCity", "string", "London"),
        ("BillingCountry", "string", "United Kingdom"), ("OwnerId", "string", "0055g00000QrStUAAV"),
        ("IsDeleted", "boolean", False),
    )),
    ProviderResource("opportunities", "Opportunities", "Opportunity", "Opportunities", _salesforce_object(
        "Opportunity", "0065g00000LmNoPAAV",
        ("AccountId", "string", "0015g00000AbCdEAAV"), ("Name", "string", "Analytical Engines - renewal"),
        ("Amount", "number", 24000.0), ("StageName", "string", "Negotiation/Review"),
        ("Probability", "number", 90.0), ("CloseDate", "date", "2024-06-30"), ("Type", "string", "Existing Business"),
        ("IsClosed", "boolean", False), ("IsWon", "boolean", False), ("OwnerId", "string", "0055g00000QrStUAAV"),
        ("IsDeleted", "boolean", False),
    )),
    ProviderResource("leads", "Leads", "Lead", "Leads", _salesforce_object(
        "Lead", "00Q5g00000GhIjKAAV",
        ("FirstName", "string", "Charles"), ("LastName", "string", "Babbage"), ("Name", "string", "Charles Babbage"),
        ("Company", "string", "Difference Engines"), ("Title", "string", "Founder"),
        ("Email", "string", "charles@example.com"), ("Phone", "string", "+44 20 7946 0002"),
        ("Status", "string", "Open - Not Contacted"), ("LeadSource", "string", "Partner Referral"),
        ("IsConverted", "boolean", False), ("OwnerId", "string", "0055g00000QrStUAAV"),
        ("IsDeleted", "boolean", False),
    )),
    ProviderResource("users", "Users", "User", "Users", _salesforce_object(
        "User", "0055g00000QrStUAAV",
        ("Username", "string", "grace@example.com"), ("FirstName", "string", "Grace"),
        ("LastName", "string", "Hopper"), ("Name", "string", "Grace Hopper"), ("Email", "string", "grace@example.com"),
        ("IsActive", "boolean", True), ("Title", "string", "VP Sales"), ("TimeZoneSidKey", "string", "Europe/London"),
    )),
)


PIPEDRIVE = (
    ProviderResource("contacts", "Contacts", "persons", "Persons", _fields(
        ("id", "integer", 1042), ("name", "string", "Ada Lovelace"), ("first_name", "string", "Ada"),
        ("last_name", "string", "Lovelace"),
        ("emails", "array", [{"value": "ada@example.com", "primary": True, "label": "work"}]),
        ("phones", "array", [{"value": "+44 20 7946 0000", "primary": True, "label": "work"}]),
        ("org_id", "integer", 301), ("owner_id", "integer", 12001),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("companies", "Companies", "organizations", "Organizations", _fields(
        ("id", "integer", 301), ("name", "string", "Analytical Engines"), ("owner_id", "integer", 12001),
        ("address", "object", {"value": "1 Engine Street, London", "country": "United Kingdom"}),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("opportunities", "Opportunities", "deals", "Deals", _fields(
        ("id", "integer", 77), ("title", "string", "Analytical Engines - renewal"), ("value", "number", 24000),
        ("currency", "string", "EUR"), ("status", "string", "open"), ("stage_id", "integer", 3),
        ("pipeline_id", "integer", 1), ("person_id", "integer", 1042), ("org_id", "integer", 301),
        ("owner_id", "integer", 12001), ("expected_close_date", "date", "2024-06-30"),
        ("add_time", "date-time", "2024-03-04T09:15:00Z"), ("update_time", "date-time", "2024-05-21T16:40:12Z"),
    )),
    ProviderResource("leads", "Leads", "leads", "Leads", _fields(
        ("id", "string", "adf21080-0e10-11eb-879b-05d71fb426ec"), ("title", "string", "Difference Engines lead"),
        ("owner_id", "integer", 12001), ("person_id", "integer", 1043), ("organization_id", "integer", 302),
        ("value", "object", {"amount": 5000, "currency": "EUR"}), ("expected_close_date", "date", "2024-07-15"),
        ("is_archived", "boolean", False),
        ("add_time", "date-time", "2024-03-04T09:15:00.000Z"), ("update_time", "date-time", "2024-05-21T16:40:12.000Z"),
    )),
    ProviderResource("users", "Users", "users", "Users", _fields(
        ("id", "integer", 12001), ("name", "string", "Grace Hopper"), ("email", "string", "grace@example.com"),
        ("active_flag", "boolean", True), ("is_admin", "integer", 1),
        ("created", "string", "2023-11-02 08:00:00"), ("modified", "string", "2024-05-01 10:30:00"),
    )),
)

RESOURCES: dict[str, dict[str, ProviderResource]] = {
    service_id: {resource.id: resource for resource in resources}
    for service_id, resources in (("hubspot", HUBSPOT), ("salesforce", SALESFORCE), ("pipedrive", PIPEDRIVE))
}


def resources_of(service_id: str) -> dict[str, ProviderResource]:
    return RESOURCES.get(service_id, {})


def json_schema(resource: ProviderResource, title: str) -> dict:
    """An approximate JSON Schema of the provider's record: every described field, nested by its path."""
    root: dict = {"type": "object", "properties": {}}
    for field in resource.fields:
        *parents, leaf = field.path.split(".")
        node = root
        for parent in parents:
            node = node["properties"].setdefault(parent, {"type": "object", "properties": {}})
        node["properties"][leaf] = dict(JSON_TYPES[field.type])
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title} | root


def example_record(resource: ProviderResource) -> dict:
    record: dict = {}
    for field in resource.fields:
        *parents, leaf = field.path.split(".")
        node = record
        for parent in parents:
            node = node.setdefault(parent, {})
        node[leaf] = field.example
    return record
