"""Capsule records in the common CRM model (``glue_providers.common.models``).

Capsule keeps people and organisations in one list, ``parties``: organisations (``type``
"organisation") become common accounts, people common contacts. Opportunities map to opportunities;
Capsule has no leads (a prospect is a party), so no common lead comes from Capsule. Ids are Capsule's
numeric ids as text; times are its ISO 8601 UTC. A deletion notice (``{"id", "deletedAt"}`` from
``/parties/deleted``) does not say whether the party was a person or an organisation, so both common
objects take it: the party's row is marked deleted wherever it is, and the other table gets a row
that is deleted from the start.

| common field | <- Capsule field, how |
| --- | --- |
| account.name / description | ``name`` / ``about`` |
| account.industry, number_of_employees, lifecycle_stage | none: Capsule has no such fields (None) |
| account.website | the first ``websites`` entry whose ``service`` is URL: its ``url`` (else its ``address``) |
| account/contact addresses | ``addresses``: type Billing -> billing, Shipping -> shipping, Postal -> mailing; any other type: primary for the first such address, other after it; ``street`` -> street_1, ``zip`` -> postal_code, city/state/country as they are |
| account/contact phone_numbers | ``phoneNumbers``: type Mobile -> mobile, Fax -> fax; any other: primary for the first, other after it |
| contact.email_addresses | ``emailAddresses``: type Work -> work; any other: primary for the first, other after it |
| account/contact last_activity_at | ``lastContactedAt`` |
| contact.first_name / last_name | ``firstName`` / ``lastName`` |
| contact.account_id | ``organisation.id`` |
| contact.lifecycle_stage | none (None) |
| opportunity.name / description | ``name`` / ``description`` |
| opportunity.amount | ``value.amount`` |
| opportunity.stage | ``milestone.name`` |
| opportunity.status | no ``closedOn``: OPEN; closed with a ``lostReason`` or probability 0 (Capsule's Lost milestone): LOST; closed otherwise: WON |
| opportunity.close_date | ``closedOn`` when closed, else ``expectedCloseOn`` (dates, at midnight UTC) |
| opportunity.pipeline | none: milestones carry no pipeline here (None) |
| opportunity.account_id | ``party.id`` when the party is an organisation, else None |
| opportunity.last_activity_at | ``lastContactedAt`` |
| user.name | ``name`` |
| user.email | the user's person ``party``: its first ``emailAddresses`` address |
| user.is_active | ``status`` is ACTIVE |
| every owner_id | ``owner.id`` as text |
| created_at / updated_at | ``createdAt`` / ``updatedAt`` |
"""

from __future__ import annotations

from typing import Any

from glue_providers.common.mapping import CommonMapping
from glue_providers.common.values import address, email, number, phone, present, text, timestamp

ADDRESS_TYPES = {"Billing": "billing", "Shipping": "shipping", "Postal": "mailing"}
PHONE_TYPES = {"Mobile": "mobile", "Fax": "fax"}
EMAIL_TYPES = {"Work": "work"}


def _times(record: dict) -> dict:
    return {"created_at": timestamp(record.get("createdAt")), "updated_at": timestamp(record.get("updatedAt"))}


def _id_of(value: Any) -> str | None:
    return str(value["id"]) if isinstance(value, dict) and value.get("id") is not None else None


def _entries(record: dict, key: str) -> list[dict]:
    return [entry for entry in record.get(key) or [] if isinstance(entry, dict)]


def _typed(entries: list[dict], known: dict[str, str]) -> list[tuple[dict, str]]:
    """Each entry with its common type: a known Capsule type's, else primary for the first untyped one."""
    typed, primary_taken = [], False
    for entry in entries:
        kind = known.get(entry.get("type"))
        if kind is None:
            kind, primary_taken = ("other" if primary_taken else "primary"), True
        typed.append((entry, kind))
    return typed


def _addresses(record: dict) -> list[dict]:
    return present(*(address(kind, a.get("street"), None, a.get("city"), a.get("state"), a.get("zip"),
                             a.get("country"))
                     for a, kind in _typed(_entries(record, "addresses"), ADDRESS_TYPES)))


def _phones(record: dict) -> list[dict]:
    return present(*(phone(p.get("number"), kind) for p, kind in _typed(_entries(record, "phoneNumbers"), PHONE_TYPES)))


def _emails(record: dict) -> list[dict]:
    return present(*(email(e.get("address"), kind)
                     for e, kind in _typed(_entries(record, "emailAddresses"), EMAIL_TYPES)))


def _website(record: dict) -> str | None:
    for site in _entries(record, "websites"):
        if site.get("service") == "URL":
            return text(site.get("url")) or text(site.get("address"))
    return None


def is_organisation(record: dict) -> bool:
    return record.get("type") == "organisation"


def _deletion_notice(record: dict) -> bool:
    return "deletedAt" in record and "type" not in record


def account(record: dict) -> dict:
    return _times(record) | {
        "name": text(record.get("name")), "description": text(record.get("about")), "industry": None,
        "website": _website(record), "number_of_employees": None, "addresses": _addresses(record),
        "phone_numbers": _phones(record), "last_activity_at": timestamp(record.get("lastContactedAt")),
        "lifecycle_stage": None, "owner_id": _id_of(record.get("owner")),
    }


def contact(record: dict) -> dict:
    return _times(record) | {
        "first_name": text(record.get("firstName")), "last_name": text(record.get("lastName")),
        "addresses": _addresses(record), "email_addresses": _emails(record), "phone_numbers": _phones(record),
        "lifecycle_stage": None, "account_id": _id_of(record.get("organisation")),
        "owner_id": _id_of(record.get("owner")), "last_activity_at": timestamp(record.get("lastContactedAt")),
    }


def status(record: dict) -> str:
    if not record.get("closedOn"):
        return "OPEN"
    if record.get("lostReason") or number(record.get("probability")) == 0:
        return "LOST"
    return "WON"


def opportunity(record: dict) -> dict:
    value = record.get("value") if isinstance(record.get("value"), dict) else {}
    milestone = record.get("milestone") if isinstance(record.get("milestone"), dict) else {}
    party = record.get("party") if isinstance(record.get("party"), dict) else {}
    return _times(record) | {
        "name": text(record.get("name")), "description": text(record.get("description")),
        "amount": number(value.get("amount")), "stage": text(milestone.get("name")), "status": status(record),
        "close_date": timestamp(record.get("closedOn") or record.get("expectedCloseOn")), "pipeline": None,
        "account_id": _id_of(party) if is_organisation(party) else None, "owner_id": _id_of(record.get("owner")),
        "last_activity_at": timestamp(record.get("lastContactedAt")),
    }


def user(record: dict) -> dict:
    party = record.get("party") if isinstance(record.get("party"), dict) else {}
    emails = _entries(party, "emailAddresses")
    return _times(record) | {"name": text(record.get("name")),
                             "email": text(emails[0].get("address")) if emails else None,
                             "is_active": record.get("status") == "ACTIVE"}


MAPPINGS = {
    "account": CommonMapping("parties", account,
                             applies_to=lambda record: is_organisation(record) or _deletion_notice(record)),
    "contact": CommonMapping("parties", contact,
                             applies_to=lambda record: record.get("type") == "person" or _deletion_notice(record)),
    "opportunity": CommonMapping("opportunities", opportunity),
    "user": CommonMapping("users", user),
}
