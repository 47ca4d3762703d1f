"""Zendesk Sell's records in the common CRM model, field by field: each record read through the real
source from the emulator, and the expected common values worked out here from the record as Sell
shows it (the emulator's render) and Sell's stage table, independently of the mapping's code."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from glue_emulators import zendesk_sell
from glue_emulators.server import EmulatorServer
from glue_emulators.zendesk_sell.render import STAGES
from glue_providers.zendesk_sell.common import MAPPINGS
from glue_providers.zendesk_sell.source import zendesk_sell_source
from tests.sources.support import tables_of

OBJECTS = ("contacts", "leads", "deals", "users")


@pytest.fixture(scope="module")
def synced():
    """(records as they land in raw_data, records as the emulator renders them), per object."""
    emulator = zendesk_sell.create_emulator({"contacts": 24, "leads": 10, "deals": 30, "users": 6})
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        tables = tables_of(zendesk_sell_source(token, server.url, OBJECTS), OBJECTS)
    landed = {name: {row["id"]: json.loads(row["raw_data"]) for row in tables[name].to_pylist()} for name in OBJECTS}
    upstream = {name: {zendesk_sell.remote_id(name, i): zendesk_sell.render(name, emulator.dataset[name].record(i))
                       for i in range(emulator.dataset[name].count)} for name in OBJECTS}
    return landed, upstream


def when(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def phones(shown: dict) -> list[dict]:
    pairs = [(shown.get("phone"), "primary"), (shown.get("mobile"), "mobile"), (shown.get("fax"), "fax")]
    return [{"phone_number": number, "phone_number_type": kind} for number, kind in pairs if number]


def primary_address(shown: dict) -> list[dict]:
    a = shown["address"]
    return [{"street_1": a["line1"], "street_2": None, "city": a["city"], "state": a["state"],
             "postal_code": a["postal_code"], "country": a["country"], "address_type": "primary"}]


def stage(shown: dict) -> str | None:
    return {"current": "customer"}.get(shown["customer_status"]) or \
        {"current": "opportunity"}.get(shown["prospect_status"])


def test_organisations_are_accounts_and_people_contacts(synced):
    landed, upstream = synced
    account, contact = MAPPINGS["account"], MAPPINGS["contact"]
    organisations = {rid for rid, shown in upstream["contacts"].items() if shown["is_organization"]}
    assert len(organisations) == 6
    assert {rid for rid, raw in landed["contacts"].items() if account.takes(raw)} == organisations
    assert {rid for rid, raw in landed["contacts"].items() if contact.takes(raw)} == \
        set(upstream["contacts"]) - organisations
    for rid in organisations:
        shown = upstream["contacts"][rid]
        assert account.fields(landed["contacts"][rid]) == {
            "created_at": when(shown["created_at"]), "updated_at": when(shown["updated_at"]),
            "name": shown["name"], "description": shown["description"], "industry": shown["industry"],
            "website": shown["website"], "number_of_employees": None, "addresses": primary_address(shown),
            "phone_numbers": phones(shown), "last_activity_at": None, "lifecycle_stage": stage(shown),
            "owner_id": str(shown["owner_id"]),
        }
    for rid in set(upstream["contacts"]) - organisations:
        shown = upstream["contacts"][rid]
        assert contact.fields(landed["contacts"][rid]) == {
            "created_at": when(shown["created_at"]), "updated_at": when(shown["updated_at"]),
            "first_name": shown["first_name"], "last_name": shown["last_name"], "addresses": primary_address(shown),
            "email_addresses": [{"email_address": shown["email"], "email_address_type": "primary"}],
            "phone_numbers": phones(shown), "lifecycle_stage": stage(shown),
            "account_id": str(shown["contact_id"]), "owner_id": str(shown["owner_id"]), "last_activity_at": None,
        }


def test_leads(synced):
    landed, upstream = synced
    for rid, shown in upstream["leads"].items():
        assert MAPPINGS["lead"].fields(landed["leads"][rid]) == {
            "created_at": when(shown["created_at"]), "updated_at": when(shown["updated_at"]),
            "lead_source": str(shown["source_id"]), "title": shown["title"], "company": shown["organization_name"],
            "first_name": shown["first_name"], "last_name": shown["last_name"], "addresses": primary_address(shown),
            "email_addresses": [{"email_address": shown["email"], "email_address_type": "primary"}],
            "phone_numbers": phones(shown), "converted_date": None, "converted_contact_id": None,
            "converted_account_id": None, "owner_id": str(shown["owner_id"]),
        }


def test_deals_are_opportunities_open_won_or_lost_by_their_stage(synced):
    landed, upstream = synced
    stages = {sid: (name, category) for sid, name, category, _ in STAGES}
    statuses = set()
    for rid, shown in upstream["deals"].items():
        name, category = stages[shown["stage_id"]]
        status = "WON" if category == "won" else "LOST" if category in ("lost", "unqualified") else "OPEN"
        statuses.add(status)
        close = datetime.strptime(shown["estimated_close_date"], "%Y-%m-%d").replace(tzinfo=timezone.utc)
        assert MAPPINGS["opportunity"].fields(landed["deals"][rid]) == {
            "created_at": when(shown["created_at"]), "updated_at": when(shown["updated_at"]),
            "name": shown["name"], "description": None, "amount": float(shown["value"]), "stage": name,
            "status": status, "close_date": close, "pipeline": "1", "account_id": str(shown["organization_id"]),
            "owner_id": str(shown["owner_id"]), "last_activity_at": when(shown["last_activity_at"]),
        }
    assert statuses == {"OPEN", "WON", "LOST"}


def test_users(synced):
    landed, upstream = synced
    active = set()
    for rid, shown in upstream["users"].items():
        fields = MAPPINGS["user"].fields(landed["users"][rid])
        assert fields == {"created_at": when(shown["created_at"]), "updated_at": when(shown["updated_at"]),
                          "name": shown["name"], "email": shown["email"], "is_active": shown["status"] == "active"}
        active.add(fields["is_active"])
    assert active == {True, False}
