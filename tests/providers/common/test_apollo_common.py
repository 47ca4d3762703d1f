"""Apollo's engagement mappings over records read by the Apollo source from the emulator.

Expected values come from the emulator's dataset: each record as the emulated account generates
it, turned into the common shape here, never by the mapping under test.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from glue_emulators import apollo
from glue_emulators.apollo_records import remote_id, render
from glue_emulators.server import EmulatorServer
from glue_providers.apollo.common import MAPPINGS
from glue_providers.apollo.source import apollo_source
from tests.providers.common.support import raw_records

COUNTS = {"contacts": 40, "accounts": 20, "emailer_campaigns": 8, "users": 4, "email_accounts": 6}
PHONE_TYPES = {"work_direct": "work", "work_hq": "work", "mobile": "mobile", "home": "home", "other": "other"}


@pytest.fixture(scope="module")
def emulator():
    return apollo.create_emulator(COUNTS)


@pytest.fixture(scope="module")
def mapped(emulator):
    """Common object -> record id -> the mapped fields."""
    with EmulatorServer(emulator.app) as server:
        objects = sorted({m.from_object for m in MAPPINGS.values()})
        raws = raw_records(apollo_source(apollo.SANDBOX_KEY, server.url, objects), objects)
    return {common: {str(record["id"]): m.fields(record) for raw in raws[m.from_object].values()
                     for record in m.records_of(raw)}
            for common, m in MAPPINGS.items()}


def generated(emulator, name: str, index: int) -> tuple[dict, object]:
    record = emulator.dataset[name].record(index)
    return render(name, record), record


def times(record) -> dict:
    return {"created_at": record.created_at, "updated_at": record.modified_at}


def test_accounts(emulator, mapped):
    for index in range(COUNTS["accounts"]):
        account, record = generated(emulator, "accounts", index)
        assert mapped["account"][remote_id("accounts", index)] == times(record) | {
            "name": account["name"], "domain": account["domain"], "owner_id": account["owner_id"]}


def test_contacts_carry_their_place_typed_phones_owner_and_account(emulator, mapped):
    for index in range(COUNTS["contacts"]):
        contact, record = generated(emulator, "contacts", index)
        assert mapped["contact"][remote_id("contacts", index)] == times(record) | {
            "first_name": contact["first_name"], "last_name": contact["last_name"], "job_title": contact["title"],
            "address": {"street_1": None, "street_2": None, "city": contact["city"], "state": contact["state"],
                        "postal_code": None, "country": contact["country"]},
            "email_addresses": [{"email_address": contact["email"], "email_address_type": "primary"}],
            "phone_numbers": [{"phone_number": p["raw_number"], "phone_number_type": PHONE_TYPES[p["type"]]}
                              for p in contact["phone_numbers"]],
            "owner_id": contact["owner_id"], "account_id": contact["account_id"],
            "open_count": None, "click_count": None, "reply_count": None, "bounced_count": None,
        }
    types = {p["phone_number_type"] for c in mapped["contact"].values() for p in c["phone_numbers"]}
    assert types == {"work", "mobile", "home", "other"}


def test_users(emulator, mapped):
    for index in range(COUNTS["users"]):
        user, record = generated(emulator, "users", index)
        assert mapped["user"][remote_id("users", index)] == times(record) | {
            "first_name": user["first_name"], "last_name": user["last_name"], "email": user["email"],
            "is_locked": None}


def test_mailboxes_are_disabled_when_inactive(emulator, mapped):
    for index in range(COUNTS["email_accounts"]):
        mailbox, record = generated(emulator, "email_accounts", index)
        assert mapped["mailbox"][remote_id("email_accounts", index)] == times(record) | {
            "email": mailbox["email"], "user_id": mailbox["user_id"], "is_disabled": index == 4}


def test_sequences_carry_state_share_type_and_metrics(emulator, mapped):
    for index in range(COUNTS["emailer_campaigns"]):
        sequence, record = generated(emulator, "emailer_campaigns", index)
        assert mapped["sequence"][remote_id("emailer_campaigns", index)] == {
            "created_at": record.created_at, "updated_at": record.modified_at,
            "owner_id": sequence["user_id"], "name": sequence["name"], "tags": sequence["label_ids"],
            "num_steps": sequence["num_steps"],
            "metrics": {"scheduled": sequence["unique_scheduled"], "delivered": sequence["unique_delivered"],
                        "bounced": sequence["unique_bounced"], "opened": sequence["unique_opened"],
                        "clicked": sequence["unique_clicked"], "replied": sequence["unique_replied"]},
            "is_enabled": sequence["active"],
            "share_type": "private" if sequence["permissions"] == "private" else "team",
            "is_archived": False,
        }
    sequences = mapped["sequence"].values()
    assert {s["share_type"] for s in sequences} == {"private", "team"}
    assert {bool(s["tags"]) for s in sequences} == {True, False}


def test_sequence_states_are_the_contacts_nested_statuses(emulator, mapped):
    states = {}
    for index in range(COUNTS["contacts"]):
        contact, record = generated(emulator, "contacts", index)
        for status in contact["contact_campaign_statuses"]:
            finished = record.modified_at if status["status"] == "finished" else None
            states[status["id"]] = {
                "created_at": record.created_at, "updated_at": finished,
                "sequence_id": status["emailer_campaign_id"], "contact_id": contact["id"],
                "mailbox_id": status["send_email_from_email_account_id"], "user_id": status["send_email_from_user_id"],
                "state": status["status"],
            }
    assert mapped["sequence_state"] == states
    assert len(states) == COUNTS["contacts"] and {s["state"] for s in states.values()} >= {"active", "finished"}


def test_times_are_apollos_utc_milliseconds():
    mapped = MAPPINGS["account"].fields({"created_at": "2023-09-04T19:58:10.633Z", "updated_at": None})
    assert mapped["created_at"] == datetime(2023, 9, 4, 19, 58, 10, 633000, tzinfo=timezone.utc)
    assert mapped["updated_at"] is None
