"""Salesforce's common mappings over records read by the Salesforce source from the emulator.

Expected values come from the emulator's dataset: each field's generator in the emulated org's
catalogue, and lookups (OwnerId, AccountId, Converted*) derived from the record as the emulated
org links them, never from the mapping under test.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from glue_emulators.dataset import Record
from glue_emulators.salesforce import create_emulator
from glue_emulators.salesforce.catalog import STANDARD_OBJECTS
from glue_emulators.salesforce.ids import record_id
from glue_emulators.server import EmulatorServer
from glue_providers.salesforce.common import MAPPINGS
from glue_providers.salesforce.source import salesforce_source
from tests.providers.common.support import raw_records

COUNTS = {"Account": 40, "Contact": 60, "Lead": 50, "Opportunity": 50, "User": 10}
PREFIXES = {"Account": "001", "Contact": "003", "User": "005"}


@pytest.fixture(scope="module")
def emulator():
    return create_emulator(COUNTS)


@pytest.fixture(scope="module")
def mapped(emulator):
    """Common object -> record id -> the mapped fields."""
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        objects = [m.from_object for m in MAPPINGS.values()]
        raws = raw_records(salesforce_source(token, server.url, objects=objects), objects)
    return {common: {record_id: MAPPINGS[common].fields(raw) for record_id, raw in raws[m.from_object].items()}
            for common, m in MAPPINGS.items()}


class Generated:
    """One emulated record's generated field values, by field name."""

    def __init__(self, emulator, name: str, index: int):
        self.record: Record = emulator.dataset[name].record(index)
        self.sobject = STANDARD_OBJECTS[name]
        self.id = record_id(self.sobject.key_prefix, index)

    def __getitem__(self, field: str):
        return self.sobject.field(field).value(self.record)

    def lookup(self, field: str, target: str, stable: bool = False) -> str:
        """The record a lookup names: one of the target's generated records, picked by the field's name."""
        record = Record(self.record.index, 0, self.record.created_at, self.record.created_at, False) if stable \
            else self.record
        return record_id(PREFIXES[target], record.number(field, COUNTS[target]))

    def address(self, prefix: str, kind: str) -> dict | None:
        street = self[f"{prefix}Street"]
        if street is None:
            return None
        lines = street.split("\n")
        return {"street_1": lines[0], "street_2": lines[1] if len(lines) > 1 else None,
                "city": self[f"{prefix}City"], "state": self[f"{prefix}State"],
                "postal_code": self[f"{prefix}PostalCode"], "country": self[f"{prefix}Country"], "address_type": kind}

    @property
    def times(self) -> dict:
        return {"created_at": self.record.created_at, "updated_at": self.record.modified_at}


def day(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def phones(*pairs) -> list[dict]:
    return [{"phone_number": number, "phone_number_type": kind} for number, kind in pairs if number is not None]


def test_accounts_carry_billing_and_shipping_addresses(emulator, mapped):
    assert len(mapped["account"]) == COUNTS["Account"]
    for index in range(COUNTS["Account"]):
        g = Generated(emulator, "Account", index)
        assert mapped["account"][g.id] == g.times | {
            "name": g["Name"], "description": g["Description"], "industry": g["Industry"], "website": g["Website"],
            "number_of_employees": g["NumberOfEmployees"],
            "addresses": [a for a in (g.address("Billing", "billing"), g.address("Shipping", "shipping")) if a],
            "phone_numbers": phones((g["Phone"], "primary"), (g["Fax"], "fax")),
            "last_activity_at": day(g["LastActivityDate"]), "lifecycle_stage": None,
            "owner_id": g.lookup("OwnerId", "User"),
        }
    accounts = mapped["account"].values()
    assert any(len(a["addresses"]) == 1 for a in accounts) and any(len(a["addresses"]) == 2 for a in accounts)
    assert any(a["addresses"][0]["street_2"] for a in accounts)  # a two-line street


def test_contacts_carry_mailing_and_other_addresses_typed_phones_and_their_account(emulator, mapped):
    assert len(mapped["contact"]) == COUNTS["Contact"]
    for index in range(COUNTS["Contact"]):
        g = Generated(emulator, "Contact", index)
        assert mapped["contact"][g.id] == g.times | {
            "first_name": g["FirstName"], "last_name": g["LastName"],
            "addresses": [a for a in (g.address("Mailing", "mailing"), g.address("Other", "other")) if a],
            "email_addresses": [{"email_address": g["Email"], "email_address_type": "primary"}],
            "phone_numbers": phones((g["Phone"], "primary"), (g["MobilePhone"], "mobile"), (g["Fax"], "fax"),
                                    (g["HomePhone"], "other")),
            "lifecycle_stage": None, "account_id": g.lookup("AccountId", "Account", stable=True),
            "owner_id": g.lookup("OwnerId", "User"), "last_activity_at": day(g["LastActivityDate"]),
        }
    assert {p["phone_number_type"] for c in mapped["contact"].values() for p in c["phone_numbers"]} == \
        {"primary", "mobile", "fax", "other"}


def test_leads_carry_their_conversion(emulator, mapped):
    converted = 0
    for index in range(COUNTS["Lead"]):
        g = Generated(emulator, "Lead", index)
        is_converted = g["Status"] == "Closed - Converted"
        converted += is_converted
        assert mapped["lead"][g.id] == g.times | {
            "lead_source": g["LeadSource"], "title": g["Title"], "company": g["Company"],
            "first_name": g["FirstName"], "last_name": g["LastName"], "addresses": [g.address("", "primary")],
            "email_addresses": [{"email_address": g["Email"], "email_address_type": "primary"}],
            "phone_numbers": phones((g["Phone"], "primary"), (g["MobilePhone"], "mobile"), (g["Fax"], "fax")),
            "converted_date": day(g["ConvertedDate"]) if is_converted else None,
            "converted_contact_id": g.lookup("ConvertedContactId", "Contact", stable=True) if is_converted else None,
            "converted_account_id": g.lookup("ConvertedAccountId", "Account", stable=True) if is_converted else None,
            "owner_id": g.lookup("OwnerId", "User"),
        }
    assert 0 < converted < COUNTS["Lead"]


def test_opportunities_take_status_from_is_closed_and_is_won(emulator, mapped):
    statuses = set()
    for index in range(COUNTS["Opportunity"]):
        g = Generated(emulator, "Opportunity", index)
        status = {"Closed Won": "WON", "Closed Lost": "LOST"}.get(g["StageName"], "OPEN")
        statuses.add(status)
        assert mapped["opportunity"][g.id] == g.times | {
            "name": g["Name"], "description": g["Description"], "amount": g["Amount"], "stage": g["StageName"],
            "status": status, "close_date": day(g["CloseDate"]), "pipeline": None,
            "account_id": g.lookup("AccountId", "Account", stable=True), "owner_id": g.lookup("OwnerId", "User"),
            "last_activity_at": day(g["LastActivityDate"]),
        }
    assert statuses == {"OPEN", "WON", "LOST"}


def test_users_are_active_as_is_active_says(emulator, mapped):
    actives = set()
    for index in range(COUNTS["User"]):
        g = Generated(emulator, "User", index)
        actives.add(g["IsActive"])
        assert mapped["user"][g.id] == g.times | {"name": g["Name"], "email": g["Email"], "is_active": g["IsActive"]}
    assert actives == {True, False}
