"""Salesloft's common engagement mapping, field by field, on records read through the Salesloft source from
its emulator. Expected values are worked out here from the emulator's dataset (the generated record's
index, times and choices) and Salesloft's documented fields, not by calling the mapping's helpers."""

from __future__ import annotations

import json
from datetime import timezone

import pytest

from glue_emulators import salesloft
from glue_emulators.salesloft.records import CITIES, FIRST_NAMES, LAST_NAMES, LINKED, MEMBERSHIP_STATES
from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.common.models import fields_of
from glue_providers.salesloft.common import MAPPINGS
from glue_providers.salesloft.source import salesloft_source
from tests.emulators.manual_clock import ManualClock
from tests.sources.support import tables_of

COUNTS = {"people": 40, "accounts": 12, "users": 9, "cadences": 12, "cadence_memberships": 30}


@pytest.fixture(scope="module")
def landed():
    """(emulator, {object: [(dataset record, raw record as landed)]})."""
    clock = ManualClock()
    emulator = salesloft.create_emulator(COUNTS, clock=clock)
    emulator.dataset["people"].update([3, 4])  # changed records: another version, a later updated_at
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        tables = tables_of(salesloft_source(token, server.url, tuple(COUNTS), clock=clock, sleep=clock.advance),
                           COUNTS)
    found = {}
    for name, table in tables.items():
        store = emulator.dataset[name]
        pairs = []
        for raw_text in table.column("raw_data").to_pylist():
            raw = json.loads(raw_text)
            pairs.append((store.record(raw["id"] - salesloft.remote_id(name, 0)), raw))
        found[name] = pairs
    return found


def common(common_object: str, raw: dict) -> dict:
    return MAPPINGS[common_object].fields(raw)


def utc(at):
    return at.astimezone(timezone.utc)


def test_every_common_field_is_mapped_and_the_spec_names_the_mapping():
    assert registry.get("salesloft").common_mappings() is MAPPINGS
    for common_object, mapping in MAPPINGS.items():
        assert mapping.from_object in registry.get("salesloft").objects
        produced = set(mapping.fields({"id": 1}))
        expected = {f.name for f in fields_of("engagement", common_object)} | {"created_at", "updated_at"}
        assert produced == expected, common_object


def test_people_become_contacts(landed):
    for record, raw in landed["people"]:
        first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
        city, state, country = CITIES[record.number("city", len(CITIES))]
        emails = [{"email_address": f"{first}.{last}.{record.index}@example.com".lower(),
                   "email_address_type": "primary"}]
        if record.index % 3 == 0:
            emails.append({"email_address": f"{first}{record.index}@home.example.net".lower(),
                           "email_address_type": "personal"})
        phones = [{"phone_number": f"+1 555 {record.number('phone', 10_000):04d}", "phone_number_type": "primary"}]
        if record.index % 2 == 0:
            phones.append({"phone_number": f"+1 555 {record.number('mobile', 10_000):04d}",
                           "phone_number_type": "mobile"})
        assert common("contact", raw) == {
            "created_at": utc(record.created_at), "updated_at": utc(record.modified_at),
            "first_name": first, "last_name": last, "job_title": raw["title"],
            "address": {"street_1": None, "street_2": None, "city": city, "state": state or None,
                        "postal_code": None, "country": country},
            "email_addresses": emails, "phone_numbers": phones,
            "owner_id": str(30_000 + record.number("owner", LINKED)),
            "account_id": str(20_000_000 + record.number("account", LINKED)),
            "open_count": record.number("viewed", 15), "click_count": record.number("clicked", 6),
            "reply_count": record.number("replied", 4), "bounced_count": record.number("bounced", 2),
        }, record.index
    changed = [r for r, _ in landed["people"] if r.version]
    assert len(changed) == 2


def test_accounts_become_accounts(landed):
    for record, raw in landed["accounts"]:
        assert common("account", raw) == {
            "created_at": utc(record.created_at), "updated_at": utc(record.modified_at),
            "name": raw["name"], "domain": f"{raw['name'].split()[0].lower()}{record.index}.example.com",
            "owner_id": str(30_000 + record.number("owner", LINKED)),
        }
        assert raw["name"].endswith(f" {record.index}")


def test_users_become_users_and_their_mailboxes(landed):
    for record, raw in landed["users"]:
        first, last = record.pick("first", FIRST_NAMES), record.pick("last", LAST_NAMES)
        address = f"{first}.{last}.{record.index}@seller.example.com".lower()
        inactive = record.index % 7 == 6  # the emulator's deactivated users
        times = {"created_at": utc(record.created_at), "updated_at": utc(record.modified_at)}
        assert common("user", raw) == times | {"first_name": first, "last_name": last, "email": address,
                                               "is_locked": inactive}
        assert common("mailbox", raw) == times | {"email": address, "user_id": str(30_000 + record.index),
                                                  "is_disabled": inactive}
    assert any(common("user", raw)["is_locked"] for _, raw in landed["users"])


def test_cadences_become_sequences(landed):
    for record, raw in landed["cadences"]:
        archived = record.index % 9 == 8
        draft = record.index % 10 == 9
        assert common("sequence", raw) == {
            "created_at": utc(record.created_at), "updated_at": utc(record.modified_at),
            "owner_id": str(30_000 + record.number("owner", LINKED)), "name": raw["name"],
            "tags": raw["tags"], "num_steps": None, "metrics": raw["counts"],
            "is_enabled": not archived and not draft,
            "share_type": "team" if record.index % 2 == 0 else "private", "is_archived": archived,
        }
    assert {common("sequence", raw)["is_enabled"] for _, raw in landed["cadences"]} == {True, False}


def test_cadence_memberships_become_sequence_states(landed):
    for record, raw in landed["cadence_memberships"]:
        user_id = str(30_000 + record.number("owner", LINKED))
        assert common("sequence_state", raw) == {
            "created_at": utc(record.created_at), "updated_at": utc(record.modified_at),
            "sequence_id": str(400_000 + record.number("cadence", LINKED)),
            "contact_id": str(100_000_000 + record.number("person", LINKED)),
            "mailbox_id": user_id, "user_id": user_id,
            "state": MEMBERSHIP_STATES[record.number("state") % len(MEMBERSHIP_STATES)],
        }


def test_missing_values_map_to_nothing():
    assert common("contact", {"id": 5, "city": "", "counts": None}) | {} == {
        "created_at": None, "updated_at": None, "first_name": None, "last_name": None, "job_title": None,
        "address": None, "email_addresses": [], "phone_numbers": [], "owner_id": None, "account_id": None,
        "open_count": None, "click_count": None, "reply_count": None, "bounced_count": None,
    }
    assert common("sequence", {"id": 5, "draft": None, "archived_at": None})["is_enabled"] is True
