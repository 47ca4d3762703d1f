"""Zendesk Sell records in the common CRM model (``glue_providers.common.models``).

Sell keeps people and organisations in one list, ``contacts``: organisations (``is_organization``
true) become common accounts, people common contacts. Deals become opportunities; the source adds
each deal's ``stage`` ({id, name, category, pipeline_id}, from ``/v2/stages``), whose category says
whether it is open, won or lost. Ids are Sell's numeric ids as text; times are Sell's ISO 8601 UTC.

| common field | <- Sell field, how |
| --- | --- |
| account.name / description / industry / website | contact ``name`` / ``description`` / ``industry`` / ``website`` |
| account.number_of_employees | none: Sell has no such field (None) |
| account.addresses, contact.addresses, lead.addresses | ``address`` as primary, ``billing_address`` as billing, ``shipping_address`` as shipping (leads have ``address`` only) |
| account/contact/lead phone_numbers | ``phone`` primary, ``mobile`` mobile, ``fax`` fax |
| contact/lead email_addresses | ``email`` as primary |
| account/contact lifecycle_stage | ``customer_status`` current -> customer; else ``prospect_status`` current -> opportunity; else None |
| account/contact last_activity_at | none: Sell's contacts carry no activity time (None) |
| contact.first_name / last_name | ``first_name`` / ``last_name`` |
| contact.account_id | ``contact_id`` (the organisation the person works at) |
| lead.lead_source | ``source_id`` as text (Sell names sources by id) |
| lead.title / company / first_name / last_name | ``title`` / ``organization_name`` / ``first_name`` / ``last_name`` |
| lead.converted_* | none: the Core API does not say what a lead became (None) |
| opportunity.name | ``name`` |
| opportunity.description | none: deals have no description (None) |
| opportunity.amount | ``value`` (a decimal string) as a number |
| opportunity.stage | ``stage.name``, else ``stage_id`` as text |
| opportunity.status | ``stage.category`` won -> WON; lost or unqualified -> LOST; any other -> OPEN |
| opportunity.close_date | ``estimated_close_date`` (a date, at midnight UTC) |
| opportunity.pipeline | ``stage.pipeline_id`` as text |
| opportunity.account_id | ``organization_id`` |
| opportunity.last_activity_at | ``last_activity_at`` |
| user.name / email | ``name`` / ``email`` |
| user.is_active | ``status`` is "active" |
| every owner_id | ``owner_id`` as text |
| created_at / updated_at | ``created_at`` / ``updated_at`` |
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import address, email, number, phone, present, text, timestamp

CLOSED_STATUSES = {"won": "WON", "lost": "LOST", "unqualified": "LOST"}


def _times(record: dict) -> dict:
    return {"created_at": timestamp(record.get("created_at")), "updated_at": timestamp(record.get("updated_at"))}


def _id(value: Any) -> str | None:
    return None if value is None else str(value)


def _address(kind: str, value: Any) -> dict | None:
    if not isinstance(value, dict):
        return None
    return address(kind, value.get("line1"), None, value.get("city"), value.get("state"), value.get("postal_code"),
                   value.get("country"))


def _addresses(record: dict) -> list[dict]:
    return present(_address("primary", record.get("address")), _address("billing", record.get("billing_address")),
                   _address("shipping", record.get("shipping_address")))


def _phones(record: dict) -> list[dict]:
    return present(phone(record.get("phone"), "primary"), phone(record.get("mobile"), "mobile"),
                   phone(record.get("fax"), "fax"))


def _lifecycle_stage(record: dict) -> str | None:
    if record.get("customer_status") == "current":
        return "customer"
    if record.get("prospect_status") == "current":
        return "opportunity"
    return None


def account(record: dict) -> dict:
    return _times(record) | {
        "name": text(record.get("name")), "description": text(record.get("description")),
        "industry": text(record.get("industry")), "website": text(record.get("website")),
        "number_of_employees": None, "addresses": _addresses(record), "phone_numbers": _phones(record),
        "last_activity_at": None, "lifecycle_stage": _lifecycle_stage(record), "owner_id": _id(record.get("owner_id")),
    }


def contact(record: dict) -> dict:
    return _times(record) | {
        "first_name": text(record.get("first_name")), "last_name": text(record.get("last_name")),
        "addresses": _addresses(record), "email_addresses": present(email(record.get("email"), "primary")),
        "phone_numbers": _phones(record), "lifecycle_stage": _lifecycle_stage(record),
        "account_id": _id(record.get("contact_id")), "owner_id": _id(record.get("owner_id")),
        "last_activity_at": None,
    }


def lead(record: dict) -> dict:
    return _times(record) | {
        "lead_source": _id(record.get("source_id")), "title": text(record.get("title")),
        "company": text(record.get("organization_name")), "first_name": text(record.get("first_name")),
        "last_name": text(record.get("last_name")), "addresses": _addresses(record),
        "email_addresses": present(email(record.get("email"), "primary")), "phone_numbers": _phones(record),
        "converted_date": None, "converted_contact_id": None, "converted_account_id": None,
        "owner_id": _id(record.get("owner_id")),
    }


def opportunity(record: dict) -> dict:
    stage = record.get("stage") if isinstance(record.get("stage"), dict) else {}
    return _times(record) | {
        "name": text(record.get("name")), "description": None, "amount": number(record.get("value")),
        "stage": text(stage.get("name")) or _id(record.get("stage_id")),
        "status": CLOSED_STATUSES.get(stage.get("category"), "OPEN"),
        "close_date": timestamp(record.get("estimated_close_date")), "pipeline": _id(stage.get("pipeline_id")),
        "account_id": _id(record.get("organization_id")), "owner_id": _id(record.get("owner_id")),
        "last_activity_at": timestamp(record.get("last_activity_at")),
    }


def user(record: dict) -> dict:
    return _times(record) | {"name": text(record.get("name")), "email": text(record.get("email")),
                             "is_active": record.get("status") == "active"}


MAPPINGS = {
    "account": CommonMapping("contacts", account, applies_to=lambda record: record.get("is_organization") is True),
    "contact": CommonMapping("contacts", contact, applies_to=lambda record: record.get("is_organization") is not True),
    "lead": CommonMapping("leads", lead),
    "opportunity": CommonMapping("deals", opportunity),
    "user": CommonMapping("users", user),
}
