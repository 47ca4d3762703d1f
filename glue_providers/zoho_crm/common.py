"""Zoho CRM records to the common CRM model (``glue_providers.common.models``), from the field API names of
Zoho's standard modules (https://www.zoho.com/crm/developer/docs/api/v5/modules-api.html). Times are Zoho's
ISO 8601 with the organisation's offset, converted to UTC; lookups (``Owner``, ``Account_Name``) are
``{"name", "id"}`` objects, of which the id is kept.

| common field | Zoho field | how |
|---|---|---|
| every object: created_at / updated_at | Created_Time (users: created_time) / Modified_Time | timestamps |
| account.name, description, industry, website | Account_Name, Description, Industry, Website | text |
| account.number_of_employees | Employees | integer |
| account.addresses | Billing_Street/City/State/Code/Country; Shipping_* | billing, shipping (empty ones left out) |
| account.phone_numbers | Phone; Fax | primary; fax |
| account.last_activity_at | Last_Activity_Time | timestamp |
| account.lifecycle_stage | (none) | Zoho has no lifecycle stage: null |
| account/contact/lead/opportunity.owner_id | Owner.id | text |
| contact.first_name, last_name | First_Name, Last_Name | text |
| contact.addresses | Mailing_Street/City/State/Zip/Country; Other_* | mailing, other |
| contact.email_addresses | Email; Secondary_Email | primary; other |
| contact.phone_numbers | Phone; Mobile; Fax | primary; mobile; fax |
| contact.account_id | Account_Name.id | text |
| contact.last_activity_at | Last_Activity_Time | timestamp |
| contact.lifecycle_stage | (none) | null |
| lead.lead_source, title, company | Lead_Source, Designation, Company | text |
| lead.first_name, last_name | First_Name, Last_Name | text |
| lead.addresses | Street, City, State, Zip_Code, Country | primary |
| lead.email_addresses | Email; Secondary_Email | primary; other |
| lead.phone_numbers | Phone; Mobile; Fax | primary; mobile; fax |
| lead.converted_date / converted_contact_id / converted_account_id | (none in the list API) | null |
| opportunity.name, description, stage, pipeline | Deal_Name, Description, Stage, Pipeline | text |
| opportunity.amount | Amount | number |
| opportunity.status | Stage | "Closed Won" -> WON; any other stage starting "Closed" (Closed Lost, Closed-Lost to Competition) -> LOST; else OPEN |
| opportunity.close_date | Closing_Date (a date) | midnight UTC |
| opportunity.account_id | Account_Name.id | text |
| opportunity.last_activity_at | Last_Activity_Time | timestamp |
| user.name, email | full_name, email | text |
| user.is_active | status | true when "active" (not "disabled" or "deleted") |
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import address, email, number, integer, phone, present, text, timestamp


def _id_of(lookup: Any) -> str | None:
    return text(lookup.get("id")) if isinstance(lookup, dict) else None


def _times(r: dict) -> dict:
    return {"created_at": timestamp(r.get("Created_Time") or r.get("created_time")),
            "updated_at": timestamp(r.get("Modified_Time"))}


def _address(r: dict, address_type: str, prefix: str, zip_field: str) -> dict | None:
    return address(address_type, r.get(f"{prefix}Street"), None, r.get(f"{prefix}City"), r.get(f"{prefix}State"),
                   r.get(f"{prefix}{zip_field}"), r.get(f"{prefix}Country"))


def opportunity_status(stage: Any) -> str | None:
    stage_text = text(stage)
    if stage_text is None:
        return None
    if stage_text.lower() == "closed won":
        return "WON"
    return "LOST" if stage_text.lower().startswith("closed") else "OPEN"


def account(r: dict) -> dict:
    return _times(r) | {
        "name": text(r.get("Account_Name")), "description": text(r.get("Description")),
        "industry": text(r.get("Industry")), "website": text(r.get("Website")),
        "number_of_employees": integer(r.get("Employees")),
        "addresses": present(_address(r, "billing", "Billing_", "Code"), _address(r, "shipping", "Shipping_", "Code")),
        "phone_numbers": present(phone(r.get("Phone"), "primary"), phone(r.get("Fax"), "fax")),
        "last_activity_at": timestamp(r.get("Last_Activity_Time")), "lifecycle_stage": None,
        "owner_id": _id_of(r.get("Owner")),
    }


def contact(r: dict) -> dict:
    return _times(r) | {
        "first_name": text(r.get("First_Name")), "last_name": text(r.get("Last_Name")),
        "addresses": present(_address(r, "mailing", "Mailing_", "Zip"), _address(r, "other", "Other_", "Zip")),
        "email_addresses": present(email(r.get("Email"), "primary"), email(r.get("Secondary_Email"), "other")),
        "phone_numbers": present(phone(r.get("Phone"), "primary"), phone(r.get("Mobile"), "mobile"),
                                 phone(r.get("Fax"), "fax")),
        "lifecycle_stage": None, "account_id": _id_of(r.get("Account_Name")), "owner_id": _id_of(r.get("Owner")),
        "last_activity_at": timestamp(r.get("Last_Activity_Time")),
    }


def lead(r: dict) -> dict:
    return _times(r) | {
        "lead_source": text(r.get("Lead_Source")), "title": text(r.get("Designation")),
        "company": text(r.get("Company")), "first_name": text(r.get("First_Name")),
        "last_name": text(r.get("Last_Name")),
        "addresses": present(address("primary", r.get("Street"), None, r.get("City"), r.get("State"),
                                     r.get("Zip_Code"), r.get("Country"))),
        "email_addresses": present(email(r.get("Email"), "primary"), email(r.get("Secondary_Email"), "other")),
        "phone_numbers": present(phone(r.get("Phone"), "primary"), phone(r.get("Mobile"), "mobile"),
                                 phone(r.get("Fax"), "fax")),
        "converted_date": None, "converted_contact_id": None, "converted_account_id": None,
        "owner_id": _id_of(r.get("Owner")),
    }


def opportunity(r: dict) -> dict:
    return _times(r) | {
        "name": text(r.get("Deal_Name")), "description": text(r.get("Description")),
        "amount": number(r.get("Amount")), "stage": text(r.get("Stage")), "status": opportunity_status(r.get("Stage")),
        "close_date": timestamp(r.get("Closing_Date")), "pipeline": text(r.get("Pipeline")),
        "account_id": _id_of(r.get("Account_Name")), "owner_id": _id_of(r.get("Owner")),
        "last_activity_at": timestamp(r.get("Last_Activity_Time")),
    }


def user(r: dict) -> dict:
    status = text(r.get("status"))
    return _times(r) | {"name": text(r.get("full_name")), "email": text(r.get("email")),
                        "is_active": None if status is None else status == "active"}


MAPPINGS = {
    "account": CommonMapping("Accounts", account),
    "contact": CommonMapping("Contacts", contact),
    "lead": CommonMapping("Leads", lead),
    "opportunity": CommonMapping("Deals", opportunity),
    "user": CommonMapping("users", user),
}
