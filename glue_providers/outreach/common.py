"""Outreach's records mapped to the common engagement model (one rule per field, from Outreach's API
reference, https://developers.outreach.io/api/reference/). Records are JSON:API resource objects: ``a.x``
below is ``attributes.x``, ``r.x`` is ``relationships.x.data.id`` (a related record's id, as text).
Every object: ``created_at`` <- ``a.createdAt``, ``updated_at`` <- ``a.updatedAt``.

account <- accounts
    name <- a.name;  domain <- a.domain;  owner_id <- r.owner

contact <- prospects
    first_name <- a.firstName;  last_name <- a.lastName;  job_title <- a.title
    address <- a.addressStreet, addressStreet2, addressCity, addressState, addressZip, addressCountry
               (the contact's one address, untyped as the engagement model has it; none when every part is empty)
    email_addresses <- a.emails in order: the first "primary", the others "work"
    phone_numbers <- a.workPhones "work", a.mobilePhones "mobile", a.homePhones "home",
                     a.otherPhones and a.voipPhones "other" (in that order)
    owner_id <- r.owner;  account_id <- r.account
    open_count <- a.openCount;  click_count <- a.clickCount;  reply_count <- a.replyCount
    bounced_count <- none: prospects keep no bounce count (bounces are on mailings)

user <- users
    first_name <- a.firstName;  last_name <- a.lastName;  email <- a.email;  is_locked <- a.locked

mailbox <- mailboxes
    email <- a.email;  user_id <- r.user (else a.userId);  is_disabled <- a.sendDisabled

sequence <- sequences
    owner_id <- r.owner;  name <- a.name;  tags <- a.tags;  num_steps <- a.sequenceStepCount
    metrics <- the counts Outreach keeps on a sequence: {deliverCount, openCount, clickCount, replyCount,
               bounceCount, optOutCount, failureCount} (those present)
    is_enabled <- a.enabled
    share_type <- a.shareType: "private" -> "private"; "shared" and "read_only" (the team sees it) -> "team"
    is_archived <- none: Outreach's sequences have no archived flag (``locked`` only stops edits)

sequence_state <- sequenceStates
    sequence_id <- r.sequence;  contact_id <- r.prospect;  mailbox_id <- r.mailbox;  user_id <- r.creator
    state <- a.state (Outreach's own words: active, pending, finished, paused, disabled, failed, bounced,
             opted_out)
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import boolean, email, integer, phone, place, present, text, timestamp

SEQUENCE_METRICS = ("deliverCount", "openCount", "clickCount", "replyCount", "bounceCount", "optOutCount",
                    "failureCount")
PHONE_LISTS = (("workPhones", "work"), ("mobilePhones", "mobile"), ("homePhones", "home"), ("otherPhones", "other"),
               ("voipPhones", "other"))
SHARE_TYPES = {"private": "private", "shared": "team", "read_only": "team"}


def _attributes(raw: dict) -> dict:
    attributes = raw.get("attributes")
    return attributes if isinstance(attributes, dict) else {}


def _related(raw: dict, name: str) -> str | None:
    relationship = (raw.get("relationships") or {}).get(name)
    data = relationship.get("data") if isinstance(relationship, dict) else None
    return text(data.get("id")) if isinstance(data, dict) else None


def _times(a: dict) -> dict:
    return {"created_at": timestamp(a.get("createdAt")), "updated_at": timestamp(a.get("updatedAt"))}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def account(raw: dict) -> dict:
    a = _attributes(raw)
    return {**_times(a), "name": text(a.get("name")), "domain": text(a.get("domain")),
            "owner_id": _related(raw, "owner")}


def contact(raw: dict) -> dict:
    a = _attributes(raw)
    emails = _list(a.get("emails"))
    return {
        **_times(a),
        "first_name": text(a.get("firstName")), "last_name": text(a.get("lastName")), "job_title": text(a.get("title")),
        "address": place(a.get("addressStreet"), a.get("addressStreet2"), a.get("addressCity"),
                         a.get("addressState"), a.get("addressZip"), a.get("addressCountry")),
        "email_addresses": present(*(email(value, "primary" if n == 0 else "work") for n, value in enumerate(emails))),
        "phone_numbers": present(*(phone(value, kind) for name, kind in PHONE_LISTS for value in _list(a.get(name)))),
        "owner_id": _related(raw, "owner"), "account_id": _related(raw, "account"),
        "open_count": integer(a.get("openCount")), "click_count": integer(a.get("clickCount")),
        "reply_count": integer(a.get("replyCount")), "bounced_count": None,
    }


def user(raw: dict) -> dict:
    a = _attributes(raw)
    return {**_times(a), "first_name": text(a.get("firstName")), "last_name": text(a.get("lastName")),
            "email": text(a.get("email")), "is_locked": boolean(a.get("locked"))}


def mailbox(raw: dict) -> dict:
    a = _attributes(raw)
    return {**_times(a), "email": text(a.get("email")), "user_id": _related(raw, "user") or text(a.get("userId")),
            "is_disabled": boolean(a.get("sendDisabled"))}


def sequence(raw: dict) -> dict:
    a = _attributes(raw)
    return {
        **_times(a),
        "owner_id": _related(raw, "owner"), "name": text(a.get("name")), "tags": _list(a.get("tags")),
        "num_steps": integer(a.get("sequenceStepCount")),
        "metrics": {name: a[name] for name in SEQUENCE_METRICS if isinstance(a.get(name), int)},
        "is_enabled": boolean(a.get("enabled")), "share_type": SHARE_TYPES.get(a.get("shareType")),
        "is_archived": None,
    }


def sequence_state(raw: dict) -> dict:
    a = _attributes(raw)
    return {**_times(a), "sequence_id": _related(raw, "sequence"), "contact_id": _related(raw, "prospect"),
            "mailbox_id": _related(raw, "mailbox"), "user_id": _related(raw, "creator"), "state": text(a.get("state"))}


MAPPINGS = {
    "account": CommonMapping("accounts", account),
    "contact": CommonMapping("prospects", contact),
    "user": CommonMapping("users", user),
    "mailbox": CommonMapping("mailboxes", mailbox),
    "sequence": CommonMapping("sequences", sequence),
    "sequence_state": CommonMapping("sequenceStates", sequence_state),
}
