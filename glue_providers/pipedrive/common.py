"""Pipedrive records as Supaglue's CRM common objects.

Written from Pipedrive's API reference (https://developers.pipedrive.com/docs/api/v1):
persons, organizations and deals as API v2 returns them, leads and users as v1 does.
Pipedrive has no lifecycle stage and no last-activity time in these answers: both are none.

account <- organizations
  created_at, updated_at   <- add_time, update_time
  name                     <- name
  addresses                <- address (v2's address object): street_1 "route street_number",
                              street_2 subpremise, city locality, state admin_area_level_1,
                              postal_code, country: one "primary" address (only the text ``value`` when
                              Pipedrive could not split it: street_1 is that text)
  owner_id                 <- owner_id
  description, industry, website, number_of_employees, phone_numbers: none (not standard organization fields)

contact <- persons
  first_name, last_name    <- first_name, last_name
  email_addresses          <- emails[]: "primary" for the primary one, else "work" for label work, else "other"
  phone_numbers            <- phones[]: "primary" for the primary one, else "mobile" for label mobile,
                              else "other" (work, home and custom labels)
  account_id, owner_id     <- org_id, owner_id
  addresses                <- none (a person's postal address is not a standard field)

lead <- leads (v1)
  created_at, updated_at   <- add_time, update_time
  lead_source              <- source_name
  owner_id                 <- owner_id
  title, company, names, addresses, emails, phones: none (a lead only points at a person and an
  organization: ``title`` is the lead's own name, not a job title)
  converted_*: none (a Pipedrive lead converts into a deal, not a contact or an account)

opportunity <- deals
  name                     <- title
  amount                   <- value
  stage, pipeline          <- stage_id, pipeline_id (as text)
  status                   <- status: open OPEN, won WON, lost LOST (a deleted deal has none)
  close_date               <- close_time when the deal is closed, else expected_close_date
  account_id, owner_id     <- org_id, owner_id
  description              <- none (deals have no description)

user <- users (v1)
  created_at, updated_at   <- created, modified ("YYYY-MM-DD HH:MM:SS", UTC)
  name, email              <- name, email
  is_active                <- active_flag
"""

from __future__ import annotations

from typing import Any

from glue_providers.common import values as v
from glue_providers.common.mapping import CommonMapping

DEAL_STATUSES = {"open": "OPEN", "won": "WON", "lost": "LOST"}


def _times(raw: dict, created: str = "add_time", updated: str = "update_time") -> dict[str, Any]:
    return {"created_at": v.timestamp(raw.get(created)), "updated_at": v.timestamp(raw.get(updated))}


def _id(value: Any) -> str | None:
    """Pipedrive's numeric references as text (v1 may nest them as {"value": id, ...})."""
    if isinstance(value, dict):
        value = value.get("value")
    return None if value is None else str(value)


def _address(address: Any) -> dict | None:
    if not isinstance(address, dict):
        return v.address("primary", address)
    street = " ".join(part for part in (v.text(address.get("route")), v.text(address.get("street_number"))) if part)
    parts = (address.get("subpremise"), address.get("locality"), address.get("admin_area_level_1"),
             address.get("postal_code"), address.get("country"))
    if not street and not any(map(v.text, parts)):
        street = address.get("value")  # entered as free text that Pipedrive could not split
    return v.address("primary", street, *parts)


def _email_type(email: dict) -> str:
    if email.get("primary"):
        return "primary"
    return "work" if email.get("label") == "work" else "other"


def _phone_type(phone: dict) -> str:
    if phone.get("primary"):
        return "primary"
    return "mobile" if phone.get("label") == "mobile" else "other"


def account(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("name")),
        "description": None,
        "industry": None,
        "website": None,
        "number_of_employees": None,
        "addresses": v.present(_address(raw.get("address"))),
        "phone_numbers": [],
        "last_activity_at": None,
        "lifecycle_stage": None,
        "owner_id": _id(raw.get("owner_id")),
    }


def contact(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "first_name": v.text(raw.get("first_name")),
        "last_name": v.text(raw.get("last_name")),
        "addresses": [],
        "email_addresses": v.present(*(v.email(e.get("value"), _email_type(e)) for e in raw.get("emails") or ())),
        "phone_numbers": v.present(*(v.phone(p.get("value"), _phone_type(p)) for p in raw.get("phones") or ())),
        "lifecycle_stage": None,
        "account_id": _id(raw.get("org_id")),
        "owner_id": _id(raw.get("owner_id")),
        "last_activity_at": None,
    }


def lead(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "lead_source": v.text(raw.get("source_name")),
        "title": None,
        "company": None,
        "first_name": None,
        "last_name": None,
        "addresses": [],
        "email_addresses": [],
        "phone_numbers": [],
        "converted_date": None,
        "converted_contact_id": None,
        "converted_account_id": None,
        "owner_id": _id(raw.get("owner_id")),
    }


def opportunity(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("title")),
        "description": None,
        "amount": v.number(raw.get("value")),
        "stage": _id(raw.get("stage_id")),
        "status": DEAL_STATUSES.get(raw.get("status") or ""),
        "close_date": v.timestamp(raw.get("close_time") or raw.get("expected_close_date")),
        "pipeline": _id(raw.get("pipeline_id")),
        "account_id": _id(raw.get("org_id")),
        "owner_id": _id(raw.get("owner_id")),
        "last_activity_at": None,
    }


def user(raw: dict) -> dict[str, Any]:
    return _times(raw, "created", "modified") | {
        "name": v.text(raw.get("name")),
        "email": v.text(raw.get("email")),
        "is_active": v.boolean(raw.get("active_flag")),
    }


MAPPINGS = {
    "account": CommonMapping("organizations", account),
    "contact": CommonMapping("persons", contact),
    "lead": CommonMapping("leads", lead),
    "opportunity": CommonMapping("deals", opportunity),
    "user": CommonMapping("users", user),
}
