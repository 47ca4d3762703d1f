"""Salesforce records as Supaglue's CRM common objects.

Written from the Salesforce Object Reference (Account, Contact, Lead, Opportunity, User:
https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/) and
its compound address fields (.../compound_fields_address.htm). The source selects each
address's component fields (a query cannot select the compound field itself), so addresses
are built from ``<Prefix>Street``, ``City``, ``State``, ``PostalCode`` and ``Country``; a
multi-line Street gives its first line to street_1 and the rest to street_2. Salesforce has
no lifecycle stage: it is always none.

account <- Account
  created_at, updated_at   <- CreatedDate, LastModifiedDate
  name, description        <- Name, Description
  industry, website        <- Industry, Website
  number_of_employees      <- NumberOfEmployees
  addresses                <- Billing* "billing", Shipping* "shipping"
  phone_numbers            <- Phone "primary", Fax "fax"
  last_activity_at         <- LastActivityDate
  owner_id                 <- OwnerId

contact <- Contact
  first_name, last_name    <- FirstName, LastName
  addresses                <- Mailing* "mailing", Other* "other"
  email_addresses          <- Email "primary"
  phone_numbers            <- Phone "primary", MobilePhone "mobile", Fax "fax", HomePhone "other"
  account_id, owner_id     <- AccountId, OwnerId
  last_activity_at         <- LastActivityDate

lead <- Lead
  lead_source, title       <- LeadSource, Title
  company                  <- Company
  first_name, last_name    <- FirstName, LastName
  addresses                <- Street, City, State, PostalCode, Country: "primary"
  email_addresses          <- Email "primary"
  phone_numbers            <- Phone "primary", MobilePhone "mobile", Fax "fax"
  converted_date           <- ConvertedDate
  converted_contact_id     <- ConvertedContactId
  converted_account_id     <- ConvertedAccountId
  owner_id                 <- OwnerId

opportunity <- Opportunity
  name, description        <- Name, Description
  amount                   <- Amount
  stage                    <- StageName
  status                   <- IsWon: WON; else IsClosed: LOST; else OPEN
  close_date               <- CloseDate
  pipeline                 <- none (Salesforce has sales processes per record type, not pipelines)
  account_id, owner_id     <- AccountId, OwnerId
  last_activity_at         <- LastActivityDate

user <- User
  name, email, is_active   <- Name, Email, IsActive
"""

from __future__ import annotations

from typing import Any

from glue_providers.common import values as v
from glue_providers.common.mapping import CommonMapping


def _times(raw: dict) -> dict[str, Any]:
    return {"created_at": v.timestamp(raw.get("CreatedDate")), "updated_at": v.timestamp(raw.get("LastModifiedDate"))}


def _address(raw: dict, prefix: str, address_type: str) -> dict | None:
    """``<prefix>Street`` ... ``<prefix>Country`` as one common address (Lead's have no prefix)."""
    street = v.text(raw.get(f"{prefix}Street"))
    first_line, _, rest = (street or "").partition("\n")
    return v.address(address_type, first_line, rest.strip() or None, raw.get(f"{prefix}City"),
                     raw.get(f"{prefix}State"), raw.get(f"{prefix}PostalCode"), raw.get(f"{prefix}Country"))


def account(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("Name")),
        "description": v.text(raw.get("Description")),
        "industry": v.text(raw.get("Industry")),
        "website": v.text(raw.get("Website")),
        "number_of_employees": v.integer(raw.get("NumberOfEmployees")),
        "addresses": v.present(_address(raw, "Billing", "billing"), _address(raw, "Shipping", "shipping")),
        "phone_numbers": v.present(v.phone(raw.get("Phone"), "primary"), v.phone(raw.get("Fax"), "fax")),
        "last_activity_at": v.timestamp(raw.get("LastActivityDate")),
        "lifecycle_stage": None,
        "owner_id": v.text(raw.get("OwnerId")),
    }


def contact(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "first_name": v.text(raw.get("FirstName")),
        "last_name": v.text(raw.get("LastName")),
        "addresses": v.present(_address(raw, "Mailing", "mailing"), _address(raw, "Other", "other")),
        "email_addresses": v.present(v.email(raw.get("Email"), "primary")),
        "phone_numbers": v.present(v.phone(raw.get("Phone"), "primary"), v.phone(raw.get("MobilePhone"), "mobile"),
                                   v.phone(raw.get("Fax"), "fax"), v.phone(raw.get("HomePhone"), "other")),
        "lifecycle_stage": None,
        "account_id": v.text(raw.get("AccountId")),
        "owner_id": v.text(raw.get("OwnerId")),
        "last_activity_at": v.timestamp(raw.get("LastActivityDate")),
    }


def lead(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "lead_source": v.text(raw.get("LeadSource")),
        "title": v.text(raw.get("Title")),
        "company": v.text(raw.get("Company")),
        "first_name": v.text(raw.get("FirstName")),
        "last_name": v.text(raw.get("LastName")),
        "addresses": v.present(_address(raw, "", "primary")),
        "email_addresses": v.present(v.email(raw.get("Email"), "primary")),
        "phone_numbers": v.present(v.phone(raw.get("Phone"), "primary"), v.phone(raw.get("MobilePhone"), "mobile"),
                                   v.phone(raw.get("Fax"), "fax")),
        "converted_date": v.timestamp(raw.get("ConvertedDate")),
        "converted_contact_id": v.text(raw.get("ConvertedContactId")),
        "converted_account_id": v.text(raw.get("ConvertedAccountId")),
        "owner_id": v.text(raw.get("OwnerId")),
    }


def opportunity(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("Name")),
        "description": v.text(raw.get("Description")),
        "amount": v.number(raw.get("Amount")),
        "stage": v.text(raw.get("StageName")),
        "status": v.opportunity_status(raw.get("IsClosed"), raw.get("IsWon")),
        "close_date": v.timestamp(raw.get("CloseDate")),
        "pipeline": None,
        "account_id": v.text(raw.get("AccountId")),
        "owner_id": v.text(raw.get("OwnerId")),
        "last_activity_at": v.timestamp(raw.get("LastActivityDate")),
    }


def user(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("Name")),
        "email": v.text(raw.get("Email")),
        "is_active": v.boolean(raw.get("IsActive")),
    }


MAPPINGS = {
    "account": CommonMapping("Account", account),
    "contact": CommonMapping("Contact", contact),
    "lead": CommonMapping("Lead", lead),
    "opportunity": CommonMapping("Opportunity", opportunity),
    "user": CommonMapping("User", user),
}
