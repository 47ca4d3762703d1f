"""HubSpot records as Supaglue's CRM common objects.

Written from HubSpot's CRM reference: objects and their default properties
(https://developers.hubspot.com/docs/api/crm/contacts, .../companies, .../deals, .../leads),
owners (https://developers.hubspot.com/docs/api/crm/owners) and associations v4
(https://developers.hubspot.com/docs/api/crm/associations). Property values come as strings;
``p.x`` below is ``properties.x`` of the record.

account <- companies
  created_at, updated_at   <- createdAt, updatedAt
  name, description        <- p.name, p.description
  industry                 <- p.industry (HubSpot's internal value, e.g. COMPUTER_SOFTWARE)
  website                  <- p.website
  number_of_employees      <- p.numberofemployees, as an integer
  addresses                <- p.address, p.address2, p.city, p.state, p.zip, p.country: one "primary" address
  phone_numbers            <- p.phone: "primary"
  last_activity_at         <- p.notes_last_updated (HubSpot's "Last Activity Date")
  lifecycle_stage          <- p.lifecyclestage; a custom stage (not one of HubSpot's defaults) is "other"
  owner_id                 <- p.hubspot_owner_id

contact <- contacts (with their company associations)
  first_name, last_name    <- p.firstname, p.lastname
  addresses                <- p.address, p.city, p.state, p.zip, p.country: one "primary" address
  email_addresses          <- p.email: "primary"
  phone_numbers            <- p.phone "primary", p.mobilephone "mobile", p.fax "fax"
  lifecycle_stage          <- p.lifecyclestage, as for accounts
  account_id               <- associations.companies: the primary company (association type 1), else the first
  owner_id                 <- p.hubspot_owner_id
  last_activity_at         <- p.notes_last_updated

lead <- leads (HubSpot's lead object, 0-136: a lead always belongs to a contact)
  first_name, last_name    <- p.hs_associated_contact_firstname, p.hs_associated_contact_lastname
  company                  <- p.hs_associated_company_name
  email_addresses          <- p.hs_associated_contact_email: "primary"
  owner_id                 <- p.hubspot_owner_id
  lead_source, title, addresses, phone_numbers, converted_*: none (a HubSpot lead has no source or title
  of its own and is never converted: it is worked and then qualified or disqualified)

opportunity <- deals (with their company associations)
  name, description        <- p.dealname, p.description
  amount                   <- p.amount, as a number
  stage, pipeline          <- p.dealstage, p.pipeline (internal ids)
  status                   <- p.hs_is_closed_won "true": WON; else p.hs_is_closed "true": LOST; else OPEN
                              (without those calculated properties, the default pipeline's closedwon / closedlost)
  close_date               <- p.closedate
  account_id               <- associations.companies: the primary company (association type 5), else the first
  owner_id                 <- p.hubspot_owner_id
  last_activity_at         <- p.notes_last_updated

user <- owners
  created_at, updated_at   <- createdAt, updatedAt
  name                     <- firstName lastName
  email                    <- email
  is_active                <- not archived (an archived owner is a deactivated user)
"""

from __future__ import annotations

from typing import Any

from glue_providers.common import values as v
from glue_providers.common.mapping import CommonMapping

COMPANIES = "companies"
# HubSpot-defined "Primary" association types: contact -> company, deal -> company.
PRIMARY_CONTACT_COMPANY = 1
PRIMARY_DEAL_COMPANY = 5


def _times(raw: dict) -> dict[str, Any]:
    return {"created_at": v.timestamp(raw.get("createdAt")), "updated_at": v.timestamp(raw.get("updatedAt"))}


def _owner_id(p: dict) -> str | None:
    return v.text(p.get("hubspot_owner_id"))


def _company_id(raw: dict, primary_type: int) -> str | None:
    """The associated company: the one linked by the primary association type, else the first listed."""
    linked = (raw.get("associations") or {}).get(COMPANIES) or []
    for link in linked:
        if any(kind.get("typeId") == primary_type for kind in link.get("associationTypes") or ()):
            return str(link["toObjectId"])
    return str(linked[0]["toObjectId"]) if linked else None


def account(raw: dict) -> dict[str, Any]:
    p = raw.get("properties") or {}
    return _times(raw) | {
        "name": v.text(p.get("name")),
        "description": v.text(p.get("description")),
        "industry": v.text(p.get("industry")),
        "website": v.text(p.get("website")),
        "number_of_employees": v.integer(p.get("numberofemployees")),
        "addresses": v.present(v.address("primary", p.get("address"), p.get("address2"), p.get("city"),
                                         p.get("state"), p.get("zip"), p.get("country"))),
        "phone_numbers": v.present(v.phone(p.get("phone"), "primary")),
        "last_activity_at": v.timestamp(p.get("notes_last_updated")),
        "lifecycle_stage": v.lifecycle_stage(p.get("lifecyclestage")),
        "owner_id": _owner_id(p),
    }


def contact(raw: dict) -> dict[str, Any]:
    p = raw.get("properties") or {}
    return _times(raw) | {
        "first_name": v.text(p.get("firstname")),
        "last_name": v.text(p.get("lastname")),
        "addresses": v.present(v.address("primary", p.get("address"), None, p.get("city"), p.get("state"),
                                         p.get("zip"), p.get("country"))),
        "email_addresses": v.present(v.email(p.get("email"), "primary")),
        "phone_numbers": v.present(v.phone(p.get("phone"), "primary"), v.phone(p.get("mobilephone"), "mobile"),
                                   v.phone(p.get("fax"), "fax")),
        "lifecycle_stage": v.lifecycle_stage(p.get("lifecyclestage")),
        "account_id": _company_id(raw, PRIMARY_CONTACT_COMPANY),
        "owner_id": _owner_id(p),
        "last_activity_at": v.timestamp(p.get("notes_last_updated")),
    }


def lead(raw: dict) -> dict[str, Any]:
    p = raw.get("properties") or {}
    return _times(raw) | {
        "lead_source": None,
        "title": None,
        "company": v.text(p.get("hs_associated_company_name")),
        "first_name": v.text(p.get("hs_associated_contact_firstname")),
        "last_name": v.text(p.get("hs_associated_contact_lastname")),
        "addresses": [],
        "email_addresses": v.present(v.email(p.get("hs_associated_contact_email"), "primary")),
        "phone_numbers": [],
        "converted_date": None,
        "converted_contact_id": None,
        "converted_account_id": None,
        "owner_id": _owner_id(p),
    }


def _deal_status(p: dict) -> str:
    status = v.opportunity_status(p.get("hs_is_closed"), p.get("hs_is_closed_won"))
    if status is not None:
        return status
    return {"closedwon": "WON", "closedlost": "LOST"}.get(p.get("dealstage") or "", "OPEN")


def opportunity(raw: dict) -> dict[str, Any]:
    p = raw.get("properties") or {}
    return _times(raw) | {
        "name": v.text(p.get("dealname")),
        "description": v.text(p.get("description")),
        "amount": v.number(p.get("amount")),
        "stage": v.text(p.get("dealstage")),
        "status": _deal_status(p),
        "close_date": v.timestamp(p.get("closedate")),
        "pipeline": v.text(p.get("pipeline")),
        "account_id": _company_id(raw, PRIMARY_DEAL_COMPANY),
        "owner_id": _owner_id(p),
        "last_activity_at": v.timestamp(p.get("notes_last_updated")),
    }


def user(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.full_name(raw.get("firstName"), raw.get("lastName")),
        "email": v.text(raw.get("email")),
        "is_active": not raw.get("archived", False),
    }


MAPPINGS = {
    "account": CommonMapping("companies", account),
    "contact": CommonMapping("contacts", contact, associations=(COMPANIES,)),
    "lead": CommonMapping("leads", lead),
    "opportunity": CommonMapping("deals", opportunity, associations=(COMPANIES,)),
    "user": CommonMapping("owners", user),
}
