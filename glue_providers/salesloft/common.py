"""Salesloft's records in the common engagement model, one rule per field from Salesloft's v2 API reference
(https://developers.salesloft.com/docs/api). Ids are Salesloft's integers as text; a linked record
(``owner``, ``account``, ``cadence``, ...) is ``{"_href", "id"}`` and its id is taken.

Every object: ``created_at`` <- ``created_at``, ``updated_at`` <- ``updated_at`` (ISO 8601 to times).

account <- accounts
  name <- name; domain <- domain; owner_id <- owner.id

contact <- people
  first_name <- first_name; last_name <- last_name; job_title <- title
  address <- {street_1: null, street_2: null, city, state, postal_code: null, country} from city/state/country
            (a person has no street or postal code in Salesloft); null when all three are empty
  email_addresses <- email_address as primary, secondary_email_address as work, personal_email_address as
            personal (those present, in that order)
  phone_numbers <- phone as primary, mobile_phone as mobile, home_phone as home (those present, in that order)
  owner_id <- owner.id; account_id <- account.id
  open_count <- counts.emails_viewed; click_count <- counts.emails_clicked;
  reply_count <- counts.emails_replied_to; bounced_count <- counts.emails_bounced

user <- users
  first_name <- first_name; last_name <- last_name; email <- email; is_locked <- not active

mailbox <- users (Salesloft has no mailbox list: each user sends from one address)
  email <- from_address, else email; user_id <- id; is_disabled <- not active

sequence <- cadences
  owner_id <- owner.id; name <- name; tags <- tags
  num_steps <- null (a cadence does not say; its steps are another list)
  metrics <- counts (as Salesloft gives them)
  is_enabled <- not draft and archived_at is null; share_type <- "team" when shared, else "private"
  is_archived <- archived_at is not null

sequence_state <- cadence_memberships
  sequence_id <- cadence.id; contact_id <- person.id; user_id <- user.id
  mailbox_id <- user.id (the user's mailbox, above); state <- current_state
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import boolean, email, integer, phone, present, text, timestamp


def linked_id(record: dict, name: str) -> str | None:
    link = record.get(name)
    return text(link.get("id")) if isinstance(link, dict) else None


def _times(record: dict) -> dict[str, Any]:
    return {"created_at": timestamp(record.get("created_at")), "updated_at": timestamp(record.get("updated_at"))}


def _not(value: Any) -> bool | None:
    flag = boolean(value)
    return None if flag is None else not flag


def account(record: dict) -> dict[str, Any]:
    return _times(record) | {"name": text(record.get("name")), "domain": text(record.get("domain")),
                             "owner_id": linked_id(record, "owner")}


def contact(record: dict) -> dict[str, Any]:
    counts = record.get("counts") if isinstance(record.get("counts"), dict) else {}
    place = {"city": text(record.get("city")), "state": text(record.get("state")),
             "country": text(record.get("country"))}
    address = ({"street_1": None, "street_2": None, "postal_code": None} | place) if any(place.values()) else None
    return _times(record) | {
        "first_name": text(record.get("first_name")),
        "last_name": text(record.get("last_name")),
        "job_title": text(record.get("title")),
        "address": address,
        "email_addresses": present(email(record.get("email_address"), "primary"),
                                   email(record.get("secondary_email_address"), "work"),
                                   email(record.get("personal_email_address"), "personal")),
        "phone_numbers": present(phone(record.get("phone"), "primary"), phone(record.get("mobile_phone"), "mobile"),
                                 phone(record.get("home_phone"), "home")),
        "owner_id": linked_id(record, "owner"),
        "account_id": linked_id(record, "account"),
        "open_count": integer(counts.get("emails_viewed")),
        "click_count": integer(counts.get("emails_clicked")),
        "reply_count": integer(counts.get("emails_replied_to")),
        "bounced_count": integer(counts.get("emails_bounced")),
    }


def user(record: dict) -> dict[str, Any]:
    return _times(record) | {"first_name": text(record.get("first_name")), "last_name": text(record.get("last_name")),
                             "email": text(record.get("email")), "is_locked": _not(record.get("active"))}


def mailbox(record: dict) -> dict[str, Any]:
    return _times(record) | {"email": text(record.get("from_address")) or text(record.get("email")),
                             "user_id": text(record.get("id")), "is_disabled": _not(record.get("active"))}


def sequence(record: dict) -> dict[str, Any]:
    archived = record.get("archived_at") is not None
    draft = boolean(record.get("draft")) or False
    return _times(record) | {
        "owner_id": linked_id(record, "owner"),
        "name": text(record.get("name")),
        "tags": list(record.get("tags") or []),
        "num_steps": None,
        "metrics": record.get("counts") if isinstance(record.get("counts"), dict) else None,
        "is_enabled": not draft and not archived,
        "share_type": "team" if boolean(record.get("shared")) else "private",
        "is_archived": archived,
    }


def sequence_state(record: dict) -> dict[str, Any]:
    return _times(record) | {
        "sequence_id": linked_id(record, "cadence"), "contact_id": linked_id(record, "person"),
        "mailbox_id": linked_id(record, "user"), "user_id": linked_id(record, "user"),
        "state": text(record.get("current_state")),
    }


MAPPINGS: dict[str, CommonMapping] = {
    "account": CommonMapping("accounts", account),
    "contact": CommonMapping("people", contact),
    "user": CommonMapping("users", user),
    "mailbox": CommonMapping("users", mailbox),
    "sequence": CommonMapping("cadences", sequence),
    "sequence_state": CommonMapping("cadence_memberships", sequence_state),
}
