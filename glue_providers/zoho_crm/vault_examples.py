"""Zoho CRM's records as the Vault describes them (see glue_providers.resources)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

OWNER = {"name": "Patricia Boyle", "id": "5725767000000411001", "email": "p.boyle@zylker.com"}

RESOURCES = (
    ProviderResource("leads", "Leads", "Leads", "Leads", fields(
        ("id", "string", "5725767000000520012"), ("First_Name", "string", "Ada"), ("Last_Name", "string", "Lovelace"),
        ("Email", "string", "ada@example.com"), ("Phone", "string", "+44 20 7946 0000"),
        ("Company", "string", "Analytical Engines"), ("Designation", "string", "Founder"),
        ("Lead_Source", "string", "Trade Show"), ("Lead_Status", "string", "Contacted"), ("Owner", "object", OWNER),
        ("Created_Time", "date-time", "2024-03-04T14:45:00+05:30"),
        ("Modified_Time", "date-time", "2024-05-21T22:10:12+05:30"),
    )),
    ProviderResource("contacts", "Contacts", "Contacts", "Contacts", fields(
        ("id", "string", "5725767000000530044"), ("First_Name", "string", "Grace"), ("Last_Name", "string", "Hopper"),
        ("Email", "string", "grace@example.com"), ("Phone", "string", "+1 512 555 0100"),
        ("Title", "string", "Head of Engineering"),
        ("Account_Name", "object", {"name": "Analytical Engines", "id": "5725767000000540001"}),
        ("Mailing_City", "string", "Austin"), ("Owner", "object", OWNER),
        ("Created_Time", "date-time", "2024-03-04T14:45:00+05:30"),
        ("Modified_Time", "date-time", "2024-05-21T22:10:12+05:30"),
    )),
    ProviderResource("companies", "Companies", "Accounts", "Accounts", fields(
        ("id", "string", "5725767000000540001"), ("Account_Name", "string", "Analytical Engines"),
        ("Industry", "string", "Manufacturing"), ("Website", "string", "https://analytical.example"),
        ("Employees", "integer", 120), ("Billing_City", "string", "London"), ("Owner", "object", OWNER),
        ("Created_Time", "date-time", "2024-03-04T14:45:00+05:30"),
        ("Modified_Time", "date-time", "2024-05-21T22:10:12+05:30"),
    )),
    ProviderResource("opportunities", "Opportunities", "Deals", "Deals", fields(
        ("id", "string", "5725767000000550077"), ("Deal_Name", "string", "Analytical Engines - renewal"),
        ("Amount", "number", 24000), ("Stage", "string", "Negotiation/Review"), ("Probability", "integer", 90),
        ("Closing_Date", "date", "2024-06-30"),
        ("Account_Name", "object", {"name": "Analytical Engines", "id": "5725767000000540001"}),
        ("Owner", "object", OWNER), ("Created_Time", "date-time", "2024-03-04T14:45:00+05:30"),
        ("Modified_Time", "date-time", "2024-05-21T22:10:12+05:30"),
    )),
    ProviderResource("users", "Users", "users", "Users", fields(
        ("id", "string", "5725767000000411001"), ("full_name", "string", "Patricia Boyle"),
        ("email", "string", "p.boyle@zylker.com"), ("status", "string", "active"),
        ("role", "object", {"name": "CEO", "id": "5725767000000026005"}),
        ("created_time", "date-time", "2023-11-02T13:30:00+05:30"),
        ("Modified_Time", "date-time", "2024-05-01T16:00:00+05:30"),
    )),
)
