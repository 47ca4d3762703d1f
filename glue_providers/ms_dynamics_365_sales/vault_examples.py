"""Dynamics 365 Sales records as the Vault describes them (see glue_providers.resources); fields as the
Web API names them (https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/account, ...)."""

from __future__ import annotations

from glue_providers.resources import ProviderResource, fields

OWNER = "a1c2e3f4-0b1d-4e5f-8a9b-0c1d2e3f4a5b"
ACCOUNT = "5b0e8c2a-3d4f-4a6b-9c7d-8e9f0a1b2c3d"
STAMPS = (("createdon", "date-time", "2024-03-04T09:15:00Z"), ("modifiedon", "date-time", "2024-05-21T16:40:12Z"))

RESOURCES = (
    ProviderResource("companies", "Companies", "account", "Accounts", fields(
        ("accountid", "string", ACCOUNT), ("name", "string", "Contoso Pharmaceuticals"),
        ("accountnumber", "string", "ACC-000042"), ("websiteurl", "string", "https://contoso.example.com"),
        ("telephone1", "string", "+1 206 555 0100"), ("industrycode", "integer", 7),
        ("numberofemployees", "integer", 420), ("address1_city", "string", "Redmond"),
        ("address1_country", "string", "United States"), ("statecode", "integer", 0),
        ("_ownerid_value", "string", OWNER), *STAMPS,
    )),
    ProviderResource("contacts", "Contacts", "contact", "Contacts", fields(
        ("contactid", "string", "2f7b9d1e-4c6a-4b8d-a0e2-f4a6b8c0d2e4"), ("firstname", "string", "Yvonne"),
        ("lastname", "string", "McKay"), ("fullname", "string", "Yvonne McKay"),
        ("emailaddress1", "string", "yvonne@contoso.example.com"), ("telephone1", "string", "+1 425 555 0101"),
        ("jobtitle", "string", "Purchasing Manager"), ("_parentcustomerid_value", "string", ACCOUNT),
        ("_ownerid_value", "string", OWNER), *STAMPS,
    )),
    ProviderResource("leads", "Leads", "lead", "Leads", fields(
        ("leadid", "string", "7d9f1b3d-5e7a-4c9e-b1d3-f5a7c9e1b3d5"),
        ("subject", "string", "Interested in 10 licences"),
        ("firstname", "string", "Susan"), ("lastname", "string", "Burk"), ("companyname", "string", "Litware"),
        ("emailaddress1", "string", "susan@litware.example.com"), ("leadsourcecode", "integer", 8),
        ("statecode", "integer", 0), ("_ownerid_value", "string", OWNER), *STAMPS,
    )),
    ProviderResource("opportunities", "Opportunities", "opportunity", "Opportunities", fields(
        ("opportunityid", "string", "9e1a3c5e-7f9b-4d1f-a3c5-e7f9b1d3f5a7"), ("name", "string", "Contoso renewal"),
        ("estimatedvalue", "number", 24000.0), ("estimatedclosedate", "date", "2024-06-30"),
        ("stepname", "string", "3-Propose"), ("statecode", "integer", 0),
        ("_parentaccountid_value", "string", ACCOUNT), ("_ownerid_value", "string", OWNER), *STAMPS,
    )),
    ProviderResource("users", "Users", "systemuser", "Users", fields(
        ("systemuserid", "string", OWNER), ("fullname", "string", "Nancy Anderson"),
        ("internalemailaddress", "string", "nancy@contoso.onmicrosoft.com"), ("isdisabled", "boolean", False),
        *STAMPS,
    )),
)
