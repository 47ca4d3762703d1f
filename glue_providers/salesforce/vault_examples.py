"""Salesforce's records as the Vault describes them (see glue_providers.resources)."""

from __future__ import annotations

from typing import Any

from glue_providers.resources import FieldType, ProviderResource, ResourceField, fields

# Salesforce REST: flat records with an "attributes" header.
def _salesforce_object(sobject: str, record_id: str, *own: tuple[str, FieldType, Any]) -> tuple[ResourceField, ...]:
    return fields(
        ("attributes.type", "string", sobject),
        ("attributes.url", "string", f"/services/data/v60.0/sobjects/{sobject}/{record_id}"),
        ("Id", "string", record_id),
        *own,
        ("CreatedDate", "date-time", "2024-03-04T09:15:00.000+0000"),
        ("LastModifiedDate", "date-time", "2024-05-21T16:40:12.000+0000"),
        ("SystemModstamp", "date-time", "2024-05-21T16:40:12.000+0000"),
    )


RESOURCES = (
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
