"""Zoho CRM's common-model mapping, field by field: records read through the source from the emulator, the
expected common values worked out here from the emulator's records as the API shows them (not by the mapping)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from glue_emulators.server import EmulatorServer
from glue_emulators.zoho_crm import create_emulator
from glue_providers import registry
from glue_providers.common.models import fields_of
from glue_providers.zoho_crm.source import zoho_crm_source
from tests.sources.support import tables_of

COUNTS = {"Leads": 40, "Contacts": 40, "Accounts": 30, "Deals": 60, "users": 8}
INDIA = timezone(timedelta(hours=5, minutes=30))


@pytest.fixture(scope="module")
def synced():
    """{object: [(record as synced, record as the emulator shows it)]}."""
    emulator = create_emulator(COUNTS)
    emulator.dataset["users"].delete([6])
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server:
        tables = tables_of(zoho_crm_source(token, server.url, objects=tuple(COUNTS)), tuple(COUNTS))
        shown = {name: httpx.get(f"{server.url}/_emulator/records/{name}", params={"fields": "true"}).json()["fields"]
                 for name in COUNTS}
    pairs = {}
    for name, table in tables.items():
        records = [json.loads(raw) for raw in table.column("raw_data").to_pylist()]
        pairs[name] = [(record, shown[name].get(record["id"])) for record in records]
    return pairs


def mapped(common_object: str, record: dict) -> dict:
    return registry.get("zoho_crm").common_mappings()[common_object].fields(record)


def utc(text: str | None) -> datetime | None:
    """Zoho's "2024-01-01T05:30:00+05:30"."""
    if text is None:
        return None
    at = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z")
    assert at.utcoffset() == INDIA.utcoffset(None)
    return at.astimezone(timezone.utc)


def test_every_common_field_is_given(synced):
    for common_object, mapping in registry.get("zoho_crm").common_mappings().items():
        record, _ = synced[mapping.from_object][0]
        expected = {f.name for f in fields_of("crm", common_object)} | {"created_at", "updated_at"}
        assert set(mapped(common_object, record)) == expected, common_object


def test_accounts(synced):
    for record, shown in synced["Accounts"]:
        got = mapped("account", record)
        assert got["name"] == shown["Account_Name"] and got["description"] == shown["Description"]
        assert got["industry"] == shown["Industry"] and got["website"] == shown["Website"]
        assert got["number_of_employees"] == shown["Employees"] and isinstance(got["number_of_employees"], int)
        assert got["addresses"] == [{"street_1": shown["Billing_Street"], "street_2": None,
                                     "city": shown["Billing_City"], "state": shown["Billing_State"],
                                     "postal_code": shown["Billing_Code"], "country": shown["Billing_Country"],
                                     "address_type": "billing"}]  # the emulator leaves shipping empty
        assert got["phone_numbers"] == [{"phone_number": shown["Phone"], "phone_number_type": "primary"}]
        assert got["last_activity_at"] == utc(shown["Last_Activity_Time"])
        assert got["lifecycle_stage"] is None and got["owner_id"] == shown["Owner"]["id"]
        assert got["created_at"] == utc(shown["Created_Time"]) and got["updated_at"] == utc(shown["Modified_Time"])


def test_contacts(synced):
    for record, shown in synced["Contacts"]:
        got = mapped("contact", record)
        assert (got["first_name"], got["last_name"]) == (shown["First_Name"], shown["Last_Name"])
        assert got["addresses"] == [{"street_1": shown["Mailing_Street"], "street_2": None,
                                     "city": shown["Mailing_City"], "state": shown["Mailing_State"],
                                     "postal_code": shown["Mailing_Zip"], "country": shown["Mailing_Country"],
                                     "address_type": "mailing"}]
        assert got["email_addresses"] == [{"email_address": shown["Email"], "email_address_type": "primary"}]
        phones = [{"phone_number": shown["Phone"], "phone_number_type": "primary"}]
        if shown["Mobile"]:
            phones.append({"phone_number": shown["Mobile"], "phone_number_type": "mobile"})
        assert got["phone_numbers"] == phones
        assert got["account_id"] == shown["Account_Name"]["id"] and got["owner_id"] == shown["Owner"]["id"]
        assert got["last_activity_at"] == utc(shown["Last_Activity_Time"]) and got["lifecycle_stage"] is None
        assert got["created_at"] == utc(shown["Created_Time"]) and got["updated_at"] == utc(shown["Modified_Time"])


def test_leads(synced):
    for record, shown in synced["Leads"]:
        got = mapped("lead", record)
        assert got["lead_source"] == shown["Lead_Source"] and got["title"] == shown["Designation"]
        assert got["company"] == shown["Company"]
        assert (got["first_name"], got["last_name"]) == (shown["First_Name"], shown["Last_Name"])
        assert got["addresses"] == [{"street_1": shown["Street"], "street_2": None, "city": shown["City"],
                                     "state": shown["State"], "postal_code": shown["Zip_Code"],
                                     "country": shown["Country"], "address_type": "primary"}]
        assert got["email_addresses"] == [{"email_address": shown["Email"], "email_address_type": "primary"}]
        phones = [{"phone_number": shown["Phone"], "phone_number_type": "primary"}]
        if shown["Mobile"]:
            phones.append({"phone_number": shown["Mobile"], "phone_number_type": "mobile"})
        assert got["phone_numbers"] == phones
        assert (got["converted_date"], got["converted_contact_id"], got["converted_account_id"]) == (None, None, None)
        assert got["owner_id"] == shown["Owner"]["id"] and got["updated_at"] == utc(shown["Modified_Time"])


def test_opportunities_and_their_status_from_the_stage(synced):
    statuses = set()
    for record, shown in synced["Deals"]:
        got = mapped("opportunity", record)
        stage = shown["Stage"]
        expected_status = {"Closed Won": "WON", "Closed Lost": "LOST", "Closed-Lost to Competition": "LOST"}.get(
            stage, "OPEN")
        statuses.add(expected_status)
        assert got["stage"] == stage and got["status"] == expected_status
        assert got["name"] == shown["Deal_Name"] and got["description"] == shown["Description"]
        assert got["amount"] == shown["Amount"] and isinstance(got["amount"], float)
        year, month, day = map(int, shown["Closing_Date"].split("-"))
        assert got["close_date"] == datetime(year, month, day, tzinfo=timezone.utc)
        assert got["pipeline"] == "Standard (Standard)"
        assert got["account_id"] == shown["Account_Name"]["id"] and got["owner_id"] == shown["Owner"]["id"]
        assert got["last_activity_at"] == utc(shown["Last_Activity_Time"])
    assert statuses == {"OPEN", "WON", "LOST"}  # the sample holds every status


def test_users(synced):
    seen_statuses = set()
    for record, shown in synced["users"]:
        got = mapped("user", record)
        status = shown["status"] if shown else record["status"]  # a deleted user is no longer a live record
        seen_statuses.add(status)
        assert got["name"] == record["full_name"] == f"{record['first_name']} {record['last_name']}"
        assert got["email"] == record["email"]
        assert got["is_active"] is (status == "active")
        assert got["created_at"] == utc(record["created_time"])
    assert {"active", "deleted"} <= seen_statuses
