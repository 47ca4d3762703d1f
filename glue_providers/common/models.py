"""The common objects of each category and their fields, as Supaglue's Management API defines them.

Every common record also has ``id``, ``created_at``, ``updated_at``, ``is_deleted``,
``last_modified_at`` and ``raw_data`` (``BASE_FIELDS``). A field's kind decides its warehouse
column: nested lists and objects land as JSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["text", "integer", "number", "boolean", "timestamp", "json"]


@dataclass(frozen=True)
class CommonField:
    name: str
    kind: FieldKind = "text"


def _fields(spec: str) -> tuple[CommonField, ...]:
    """``"name first_name:text amount:number"``: a field per word, ``text`` unless a kind follows."""
    fields = []
    for word in spec.split():
        name, _, kind = word.partition(":")
        fields.append(CommonField(name, kind or "text"))
    return tuple(fields)


BASE_FIELDS = _fields("id created_at:timestamp updated_at:timestamp is_deleted:boolean last_modified_at:timestamp")

COMMON_MODELS: dict[str, dict[str, tuple[CommonField, ...]]] = {
    "crm": {
        "account": _fields("name description industry website number_of_employees:integer addresses:json "
                           "phone_numbers:json last_activity_at:timestamp lifecycle_stage owner_id"),
        "contact": _fields("first_name last_name addresses:json email_addresses:json phone_numbers:json "
                           "lifecycle_stage account_id owner_id last_activity_at:timestamp"),
        "lead": _fields("lead_source title company first_name last_name addresses:json email_addresses:json "
                        "phone_numbers:json converted_date:timestamp converted_contact_id converted_account_id "
                        "owner_id"),
        "opportunity": _fields("name description amount:number stage status close_date:timestamp pipeline "
                               "account_id owner_id last_activity_at:timestamp"),
        "user": _fields("name email is_active:boolean"),
    },
    "engagement": {
        "account": _fields("name domain owner_id"),
        "contact": _fields("first_name last_name job_title address:json email_addresses:json phone_numbers:json "
                           "owner_id account_id open_count:integer click_count:integer reply_count:integer "
                           "bounced_count:integer"),
        "user": _fields("first_name last_name email is_locked:boolean"),
        "mailbox": _fields("email user_id is_disabled:boolean"),
        "sequence": _fields("owner_id name tags:json num_steps:integer metrics:json is_enabled:boolean share_type "
                            "is_archived:boolean"),
        "sequence_state": _fields("sequence_id contact_id mailbox_id user_id state"),
    },
}

# Enumerations the spec gives some fields.
LIFECYCLE_STAGES = ("subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
                    "evangelist", "other")
OPPORTUNITY_STATUSES = ("OPEN", "WON", "LOST")
ADDRESS_TYPES = ("primary", "billing", "mailing", "other", "shipping")
CRM_PHONE_TYPES = ("primary", "mobile", "fax", "other")
CRM_EMAIL_TYPES = ("primary", "work", "other")
ENGAGEMENT_PHONE_TYPES = ("primary", "work", "home", "mobile", "other")
ENGAGEMENT_EMAIL_TYPES = ("primary", "personal", "work")
SHARE_TYPES = ("team", "private")


def table_name(category: str, common_object: str) -> str:
    """Supaglue's table for a common object: ``crm_contacts``, ``crm_opportunities``, ``engagement_mailboxes``."""
    plural = {"opportunity": "opportunities", "mailbox": "mailboxes"}.get(common_object, common_object + "s")
    return f"{category}_{plural}"


def fields_of(category: str, common_object: str) -> tuple[CommonField, ...]:
    return COMMON_MODELS[category][common_object]
