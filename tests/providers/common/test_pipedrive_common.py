"""Pipedrive's common mappings over records read by the Pipedrive source from the emulator.

Expected values come from the emulator's dataset: each record as the emulated company generates
it, turned into the common shape here, never by the mapping under test.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from glue_emulators.pipedrive import create_emulator
from glue_emulators.pipedrive.render import Renderer, remote_id
from glue_emulators.server import EmulatorServer
from glue_providers.pipedrive.common import MAPPINGS
from glue_providers.pipedrive.source import pipedrive_source
from tests.providers.common.support import raw_records

COUNTS = {"persons": 60, "organizations": 30, "deals": 45, "leads": 20, "users": 8}
DELETED_DEAL = 3


@pytest.fixture(scope="module")
def emulator():
    emulated = create_emulator(COUNTS)
    emulated.dataset["deals"].delete([DELETED_DEAL])
    emulated.dataset["users"].delete([5])
    return emulated


@pytest.fixture(scope="module")
def mapped(emulator):
    """Common object -> record id -> the mapped fields."""
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        objects = [m.from_object for m in MAPPINGS.values()]
        raws = raw_records(pipedrive_source(token, server.url, objects=objects, page_size=25), objects)
    return {common: {str(record_id): MAPPINGS[common].fields(raw) for record_id, raw in raws[m.from_object].items()}
            for common, m in MAPPINGS.items()}


def generated(emulator, name: str, index: int) -> tuple[dict, object]:
    record = emulator.dataset[name].record(index)
    return Renderer(emulator.dataset)(name, record), record


def times(record) -> dict:
    # v2 and v1 times are whole seconds
    return {"created_at": record.created_at.replace(microsecond=0),
            "updated_at": record.modified_at.replace(microsecond=0)}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def test_organizations_become_accounts_with_their_split_address(emulator, mapped):
    assert len(mapped["account"]) == COUNTS["organizations"]
    for index in range(COUNTS["organizations"]):
        org, record = generated(emulator, "organizations", index)
        address = org["address"]
        assert mapped["account"][remote_id("organizations", index)] == times(record) | {
            "name": org["name"], "description": None, "industry": None, "website": None,
            "number_of_employees": None,
            "addresses": [{"street_1": f"Main street {address['street_number']}", "street_2": address["subpremise"],
                           "city": address["locality"], "state": address["admin_area_level_1"],
                           "postal_code": address["postal_code"], "country": address["country"],
                           "address_type": "primary"}],
            "phone_numbers": [], "last_activity_at": None, "lifecycle_stage": None, "owner_id": str(org["owner_id"]),
        }
    assert {a["addresses"][0]["street_2"] is None for a in mapped["account"].values()} == {True, False}


def test_persons_become_contacts_with_labelled_emails_and_phones_typed(emulator, mapped):
    email_types, phone_types = {"work": "work", "home": "other", "other": "other"}, \
        {"mobile": "mobile", "work": "other", "home": "other", "other": "other"}
    for index in range(COUNTS["persons"]):
        person, record = generated(emulator, "persons", index)
        emails = [{"email_address": e["value"], "email_address_type": "primary" if e["primary"] else
                   email_types[e["label"]]} for e in person["emails"]]
        phones = [{"phone_number": p["value"], "phone_number_type": "primary" if p["primary"] else
                   phone_types[p["label"]]} for p in person["phones"]]
        assert mapped["contact"][remote_id("persons", index)] == times(record) | {
            "first_name": person["first_name"], "last_name": person["last_name"], "addresses": [],
            "email_addresses": emails, "phone_numbers": phones, "lifecycle_stage": None,
            "account_id": str(person["org_id"]), "owner_id": str(person["owner_id"]), "last_activity_at": None,
        }
    contacts = mapped["contact"].values()
    assert {e["email_address_type"] for c in contacts for e in c["email_addresses"]} == {"primary", "other"}
    assert {p["phone_number_type"] for c in contacts for p in c["phone_numbers"]} == {"primary", "mobile", "other"}


def test_deals_become_opportunities_with_status_and_close_date(emulator, mapped):
    statuses = set()
    for index in range(COUNTS["deals"]):
        deal, record = generated(emulator, "deals", index)
        status = {"open": "OPEN", "won": "WON", "lost": "LOST"}.get(deal["status"])
        statuses.add(status)
        closed = at(deal["close_time"]) if deal["close_time"] else \
            datetime.fromisoformat(deal["expected_close_date"]).replace(tzinfo=timezone.utc)
        assert mapped["opportunity"][remote_id("deals", index)] == times(record) | {
            "name": deal["title"], "description": None, "amount": deal["value"], "stage": str(deal["stage_id"]),
            "status": status, "close_date": closed, "pipeline": "1", "account_id": str(deal["org_id"]),
            "owner_id": str(deal["owner_id"]), "last_activity_at": None,
        }
    assert statuses == {"OPEN", "WON", "LOST", None}  # None: the deleted deal
    assert mapped["opportunity"][remote_id("deals", DELETED_DEAL)]["status"] is None


def test_leads_keep_their_source_and_owner(emulator, mapped):
    for index in range(COUNTS["leads"]):
        lead, record = generated(emulator, "leads", index)
        mapped_lead = mapped["lead"][remote_id("leads", index)]
        assert mapped_lead == {"created_at": record.created_at, "updated_at": record.modified_at,
                               "lead_source": lead["source_name"], "title": None, "company": None,
                               "first_name": None, "last_name": None, "addresses": [], "email_addresses": [],
                               "phone_numbers": [], "converted_date": None, "converted_contact_id": None,
                               "converted_account_id": None, "owner_id": str(lead["owner_id"])}


def test_users_are_active_until_deleted(emulator, mapped):
    for index in range(COUNTS["users"]):
        user, record = generated(emulator, "users", index)
        assert mapped["user"][remote_id("users", index)] == times(record) | {
            "name": user["name"], "email": user["email"], "is_active": index != 5,
        }
