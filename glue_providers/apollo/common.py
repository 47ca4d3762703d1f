"""Apollo records as Supaglue's engagement common objects.

Written from Apollo's API reference (https://docs.apollo.io/reference): the records its
contact, account, sequence (``emailer_campaigns``) and user searches return, and the
mailboxes (``email_accounts``) list. Apollo has no sequence-state object: each contact
lists its sequences in ``contact_campaign_statuses``, so sequence states are those nested records
(``CommonMapping.expand``), each with the contact's id added as ``contact_id``.

account <- accounts
  created_at, updated_at   <- created_at, updated_at
  name, domain, owner_id   <- name, domain, owner_id

contact <- contacts
  first_name, last_name    <- first_name, last_name
  job_title                <- title
  address                  <- city, state, postal_code, country (Apollo keeps no street lines)
  email_addresses          <- email: "primary"
  phone_numbers            <- phone_numbers[]: raw_number, typed by type: work_direct and work_hq "work",
                              mobile "mobile", home "home", anything else "other"
  owner_id, account_id     <- owner_id, account_id
  open_count, click_count, reply_count, bounced_count: none (Apollo counts per sequence, not per contact)

user <- users
  first_name, last_name    <- first_name, last_name
  email                    <- email
  is_locked                <- none (Apollo users have no locked state)

mailbox <- email_accounts
  created_at, updated_at   <- created_at, last_synced_at
  email, user_id           <- email, user_id
  is_disabled              <- not active

sequence <- emailer_campaigns
  created_at, updated_at   <- created_at, last_used_at
  name, num_steps          <- name, num_steps
  is_enabled               <- active
  is_archived              <- archived
  owner_id                 <- user_id
  tags                     <- label_ids (Apollo names a sequence's labels by id)
  share_type               <- permissions: "private" private, team_can_use / team_can_view team
  metrics                  <- the unique_* counters (unique_scheduled, unique_delivered, unique_bounced,
                              unique_opened, unique_clicked, unique_replied, ...), keys without "unique_"

sequence_state <- contacts[].contact_campaign_statuses[] (one row per status, its own id)
  created_at, updated_at   <- added_at; finished_at, else paused_at (Apollo keeps no other change time)
  sequence_id              <- emailer_campaign_id
  contact_id               <- the contact's id
  mailbox_id               <- send_email_from_email_account_id
  user_id                  <- send_email_from_user_id, else added_by_user_id
  state                    <- status (active, paused, finished, failed, ... as Apollo names them)
"""

from __future__ import annotations

from typing import Any

from glue_providers.common import values as v
from glue_providers.common.mapping import CommonMapping

PHONE_TYPES = {"work_direct": "work", "work_hq": "work", "mobile": "mobile", "home": "home"}
METRIC_PREFIX = "unique_"


def _times(raw: dict, updated: str = "updated_at") -> dict[str, Any]:
    return {"created_at": v.timestamp(raw.get("created_at")), "updated_at": v.timestamp(raw.get(updated))}


def account(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "name": v.text(raw.get("name")),
        "domain": v.text(raw.get("domain")),
        "owner_id": v.text(raw.get("owner_id")),
    }


def contact(raw: dict) -> dict[str, Any]:
    phones = [v.phone(p.get("raw_number") or p.get("sanitized_number"), PHONE_TYPES.get(p.get("type"), "other"))
              for p in raw.get("phone_numbers") or ()]
    return _times(raw) | {
        "first_name": v.text(raw.get("first_name")),
        "last_name": v.text(raw.get("last_name")),
        "job_title": v.text(raw.get("title")),
        "address": v.place(None, None, raw.get("city"), raw.get("state"), raw.get("postal_code"), raw.get("country")),
        "email_addresses": v.present(v.email(raw.get("email"), "primary")),
        "phone_numbers": v.present(*phones),
        "owner_id": v.text(raw.get("owner_id")),
        "account_id": v.text(raw.get("account_id")),
        "open_count": None,
        "click_count": None,
        "reply_count": None,
        "bounced_count": None,
    }


def user(raw: dict) -> dict[str, Any]:
    return _times(raw) | {
        "first_name": v.text(raw.get("first_name")),
        "last_name": v.text(raw.get("last_name")),
        "email": v.text(raw.get("email")),
        "is_locked": None,
    }


def mailbox(raw: dict) -> dict[str, Any]:
    active = v.boolean(raw.get("active"))
    return _times(raw, "last_synced_at") | {
        "email": v.text(raw.get("email")),
        "user_id": v.text(raw.get("user_id")),
        "is_disabled": None if active is None else not active,
    }


def sequence(raw: dict) -> dict[str, Any]:
    permissions = v.text(raw.get("permissions"))
    return _times(raw, "last_used_at") | {
        "owner_id": v.text(raw.get("user_id")),
        "name": v.text(raw.get("name")),
        "tags": [str(label) for label in raw.get("label_ids") or ()],
        "num_steps": v.integer(raw.get("num_steps")),
        "metrics": {key.removeprefix(METRIC_PREFIX): value for key, value in raw.items()
                    if key.startswith(METRIC_PREFIX) and value is not None},
        "is_enabled": v.boolean(raw.get("active")),
        "share_type": None if permissions is None else ("private" if permissions == "private" else "team"),
        "is_archived": v.boolean(raw.get("archived")),
    }


def contact_sequence_states(raw: dict) -> list[dict]:
    """A contact's sequence states, each with the contact's id (Apollo's nested records do not carry it)."""
    return [{**state, "contact_id": raw.get("id")} for state in raw.get("contact_campaign_statuses") or ()
            if state.get("id")]


def sequence_state(raw: dict) -> dict[str, Any]:
    return {
        "created_at": v.timestamp(raw.get("added_at")),
        "updated_at": v.timestamp(raw.get("finished_at") or raw.get("paused_at")),
        "sequence_id": v.text(raw.get("emailer_campaign_id")),
        "contact_id": v.text(raw.get("contact_id")),
        "mailbox_id": v.text(raw.get("send_email_from_email_account_id")),
        "user_id": v.text(raw.get("send_email_from_user_id") or raw.get("added_by_user_id")),
        "state": v.text(raw.get("status")),
    }


MAPPINGS = {
    "account": CommonMapping("accounts", account),
    "contact": CommonMapping("contacts", contact),
    "user": CommonMapping("users", user),
    "mailbox": CommonMapping("email_accounts", mailbox),
    "sequence": CommonMapping("emailer_campaigns", sequence),
    "sequence_state": CommonMapping("contacts", sequence_state, expand=contact_sequence_states),
}
