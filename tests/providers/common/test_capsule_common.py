"""Capsule's records in the common CRM model, field by field: each record read through the real source
from the emulator, and the expected common values worked out here from the record as Capsule shows it
(the emulator's render), independently of the mapping's code. Capsule has no leads."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from glue_emulators import capsule
from glue_emulators.server import EmulatorServer
from glue_providers.capsule.common import MAPPINGS
from glue_providers.capsule.source import capsule_source
from tests.sources.support import tables_of

OBJECTS = ("parties", "opportunities", "users")


@pytest.fixture(scope="module")
def synced():
    emulator = capsule.create_emulator({"parties": 25, "opportunities": 40, "users": 5})
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        tables = tables_of(capsule_source(token, server.url, OBJECTS), OBJECTS)
    landed = {name: {row["id"]: json.loads(row["raw_data"]) for row in tables[name].to_pylist()} for name in OBJECTS}
    upstream = {name: {capsule.remote_id(name, i): capsule.render(name, emulator.dataset[name].record(i))
                       for i in range(emulator.dataset[name].count)} for name in OBJECTS}
    return landed, upstream


def when(value: str | None) -> datetime | None:
    if value is None:
        return None
    shape = "%Y-%m-%dT%H:%M:%SZ" if "T" in value else "%Y-%m-%d"
    return datetime.strptime(value, shape).replace(tzinfo=timezone.utc)


def addresses(shown: dict) -> list[dict]:
    # The emulator's parties have one Office or Home address: neither is a type Capsule names for billing,
    # shipping or post, so it is the primary one.
    [a] = shown["addresses"]
    assert a["type"] in ("Office", "Home")
    return [{"street_1": a["street"], "street_2": None, "city": a["city"], "state": a["state"],
             "postal_code": a["zip"], "country": a["country"], "address_type": "primary"}]


def phones(shown: dict) -> list[dict]:
    kinds = {"Work": "primary", "Mobile": "mobile"}  # Work is the first untyped-for-Glue number
    return [{"phone_number": p["number"], "phone_number_type": kinds[p["type"]]} for p in shown["phoneNumbers"]]


def test_a_model_without_leads():
    assert set(MAPPINGS) == {"account", "contact", "opportunity", "user"}


def test_a_deletion_notice_reaches_both_accounts_and_contacts():
    notice = {"id": 11000003, "deletedAt": "2024-05-01T10:00:00Z"}  # what /parties/deleted lists
    assert MAPPINGS["account"].takes(notice) and MAPPINGS["contact"].takes(notice)
    assert not MAPPINGS["account"].takes({"id": 1, "type": "person", "deletedAt": None})


def test_organisations_are_accounts_and_people_contacts(synced):
    landed, upstream = synced
    organisations = {rid for rid, shown in upstream["parties"].items() if shown["type"] == "organisation"}
    assert len(organisations) == 5
    assert {rid for rid, raw in landed["parties"].items() if MAPPINGS["account"].takes(raw)} == organisations
    assert {rid for rid, raw in landed["parties"].items() if MAPPINGS["contact"].takes(raw)} == \
        set(upstream["parties"]) - organisations
    for rid, shown in upstream["parties"].items():
        times = {"created_at": when(shown["createdAt"]), "updated_at": when(shown["updatedAt"])}
        if rid in organisations:
            [site] = shown["websites"]
            assert MAPPINGS["account"].fields(landed["parties"][rid]) == times | {
                "name": shown["name"], "description": shown["about"], "industry": None, "website": site["url"],
                "number_of_employees": None, "addresses": addresses(shown), "phone_numbers": phones(shown),
                "last_activity_at": when(shown["lastContactedAt"]), "lifecycle_stage": None,
                "owner_id": str(shown["owner"]["id"]),
            }
        else:
            [mail] = shown["emailAddresses"]
            assert mail["type"] == "Work"
            assert MAPPINGS["contact"].fields(landed["parties"][rid]) == times | {
                "first_name": shown["firstName"], "last_name": shown["lastName"], "addresses": addresses(shown),
                "email_addresses": [{"email_address": mail["address"], "email_address_type": "work"}],
                "phone_numbers": phones(shown), "lifecycle_stage": None,
                "account_id": str(shown["organisation"]["id"]), "owner_id": str(shown["owner"]["id"]),
                "last_activity_at": when(shown["lastContactedAt"]),
            }


def test_opportunities_open_won_or_lost(synced):
    landed, upstream = synced
    statuses = set()
    for rid, shown in upstream["opportunities"].items():
        if shown["closedOn"] is None:
            status, close = "OPEN", shown["expectedCloseOn"]
        else:
            status = "LOST" if shown["milestone"]["name"] == "Lost" else "WON"
            close = shown["closedOn"]
        statuses.add(status)
        assert MAPPINGS["opportunity"].fields(landed["opportunities"][rid]) == {
            "created_at": when(shown["createdAt"]), "updated_at": when(shown["updatedAt"]),
            "name": shown["name"], "description": shown["description"], "amount": shown["value"]["amount"],
            "stage": shown["milestone"]["name"], "status": status, "close_date": when(close), "pipeline": None,
            "account_id": str(shown["party"]["id"]), "owner_id": str(shown["owner"]["id"]),
            "last_activity_at": None,
        }
    assert statuses == {"OPEN", "WON", "LOST"}


def test_users(synced):
    landed, upstream = synced
    active = set()
    for rid, shown in upstream["users"].items():
        fields = MAPPINGS["user"].fields(landed["users"][rid])
        assert fields == {"created_at": when(shown["createdAt"]), "updated_at": when(shown["updatedAt"]),
                          "name": shown["name"], "email": shown["party"]["emailAddresses"][0]["address"],
                          "is_active": shown["status"] == "ACTIVE"}
        active.add(fields["is_active"])
    assert active == {True, False}
