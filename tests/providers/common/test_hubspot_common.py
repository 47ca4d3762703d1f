"""HubSpot's common mappings over records read by the HubSpot source from the emulator.

Expected values come from the emulator's dataset (each record's generated properties, its
owner and its associated company by index), never from the mapping under test.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from glue_emulators.hubspot import Limits, create_emulator, render
from glue_emulators.hubspot.associations import linked
from glue_emulators.hubspot.catalog import OWNER_ID_BASE, STANDARD_KINDS
from glue_emulators.hubspot.fields import Values
from glue_emulators.server import EmulatorServer
from glue_providers.hubspot.common import MAPPINGS
from glue_providers.hubspot.source import hubspot_source
from tests.providers.common.support import associations_option, raw_records

COUNTS = {"contacts": 60, "companies": 12, "deals": 40, "leads": 15, "owners": 6}
DEFAULT_STAGES = {"subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
                  "evangelist", "other"}


@pytest.fixture(scope="module")
def emulator():
    emulated = create_emulator(COUNTS, limits=Limits(requests_per_interval=100_000, search_per_second=1_000))
    emulated.dataset["owners"].delete([4])  # a deactivated owner: an inactive user, and records without owner
    return emulated


@pytest.fixture(scope="module")
def mapped(emulator):
    """Common object -> record id -> (the mapped fields, the emulator's record index)."""
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        objects = [m.from_object for m in MAPPINGS.values()]
        source = hubspot_source(token, server.url, objects=objects, associations=associations_option(MAPPINGS),
                                page_size=50)
        raws = raw_records(source, objects)
    return {common: {record_id: MAPPINGS[common].fields(raw) for record_id, raw in raws[m.from_object].items()}
            for common, m in MAPPINGS.items()}


def generated(emulator, name: str, index: int) -> dict:
    """The properties the emulator generates for record ``index`` of ``name``, and its id and owner."""
    record = emulator.dataset[name].record(index)
    kind = STANDARD_KINDS[name]
    values = Values(record, kind.remote_id(index), emulator.account.owner_id(record))
    return {"id": values.id, "record": record, **{spec.name: spec.value(values) for spec in kind.properties}}


def owner_of(record) -> str | None:
    index = record.number("hubspot_owner_id", COUNTS["owners"])
    return None if index == 4 else str(OWNER_ID_BASE + index)


def company_of(emulator, name: str, index: int) -> str:
    (company,), _ = linked(emulator.dataset, name, index, "companies")
    return STANDARD_KINDS["companies"].remote_id(company)


def utc(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def test_companies_become_accounts_with_primary_address_phone_and_lifecycle_stage(emulator, mapped):
    assert len(mapped["account"]) == COUNTS["companies"]
    for index in range(COUNTS["companies"]):
        g = generated(emulator, "companies", index)
        account = mapped["account"][g["id"]]
        street_2 = g["address2"]
        assert account == {
            "created_at": g["record"].created_at, "updated_at": g["record"].modified_at,
            "name": g["name"], "description": g["description"], "industry": g["industry"], "website": g["website"],
            "number_of_employees": int(g["numberofemployees"]),
            "addresses": [{"street_1": g["address"], "street_2": street_2, "city": g["city"], "state": g["state"],
                           "postal_code": g["zip"], "country": g["country"], "address_type": "primary"}],
            "phone_numbers": [{"phone_number": g["phone"], "phone_number_type": "primary"}],
            "last_activity_at": utc(g["notes_last_updated"]),
            "lifecycle_stage": g["lifecyclestage"],
            "owner_id": owner_of(g["record"]),
        }
        assert account["lifecycle_stage"] in DEFAULT_STAGES
    assert any(a["addresses"][0]["street_2"] for a in mapped["account"].values())
    assert any(a["addresses"][0]["street_2"] is None for a in mapped["account"].values())


def test_contacts_carry_typed_phones_their_primary_company_and_owner(emulator, mapped):
    assert len(mapped["contact"]) == COUNTS["contacts"]
    for index in range(COUNTS["contacts"]):
        g = generated(emulator, "contacts", index)
        contact = mapped["contact"][g["id"]]
        phones = [{"phone_number": g["phone"], "phone_number_type": "primary"},
                  {"phone_number": g["mobilephone"], "phone_number_type": "mobile"}]
        if g["fax"] is not None:
            phones.append({"phone_number": g["fax"], "phone_number_type": "fax"})
        assert contact == {
            "created_at": g["record"].created_at, "updated_at": g["record"].modified_at,
            "first_name": g["firstname"], "last_name": g["lastname"],
            "addresses": [{"street_1": g["address"], "street_2": None, "city": g["city"], "state": g["state"],
                           "postal_code": g["zip"], "country": g["country"], "address_type": "primary"}],
            "email_addresses": [{"email_address": g["email"], "email_address_type": "primary"}],
            "phone_numbers": phones,
            "lifecycle_stage": g["lifecyclestage"],
            "account_id": company_of(emulator, "contacts", index),
            "owner_id": owner_of(g["record"]),
            "last_activity_at": utc(g["notes_last_updated"]),
        }
    contacts = mapped["contact"].values()
    assert any(len(c["phone_numbers"]) == 3 for c in contacts) and any(len(c["phone_numbers"]) == 2 for c in contacts)
    assert any(c["owner_id"] is None for c in contacts)  # assigned to the deactivated owner
    assert any(c["last_activity_at"] is None for c in contacts)


def test_deals_become_opportunities_with_status_from_the_closed_flags(emulator, mapped):
    statuses = set()
    for index in range(COUNTS["deals"]):
        g = generated(emulator, "deals", index)
        opportunity = mapped["opportunity"][g["id"]]
        expected_status = {"closedwon": "WON", "closedlost": "LOST"}.get(g["dealstage"], "OPEN")
        assert opportunity == {
            "created_at": g["record"].created_at, "updated_at": g["record"].modified_at,
            "name": g["dealname"], "description": g["description"], "amount": float(g["amount"]),
            "stage": g["dealstage"], "status": expected_status, "close_date": utc(g["closedate"]),
            "pipeline": "default", "account_id": company_of(emulator, "deals", index),
            "owner_id": owner_of(g["record"]), "last_activity_at": utc(g["notes_last_updated"]),
        }
        statuses.add(expected_status)
    assert statuses == {"OPEN", "WON", "LOST"}


def test_leads_take_their_contact_name_email_and_company(emulator, mapped):
    for index in range(COUNTS["leads"]):
        g = generated(emulator, "leads", index)
        lead = mapped["lead"][g["id"]]
        first, last = g["hs_lead_name"].split(" ", 1)
        assert lead == {
            "created_at": g["record"].created_at, "updated_at": g["record"].modified_at,
            "lead_source": None, "title": None, "company": g["hs_associated_company_name"],
            "first_name": first, "last_name": last, "addresses": [],
            "email_addresses": [{"email_address": g["hs_associated_contact_email"], "email_address_type": "primary"}],
            "phone_numbers": [], "converted_date": None, "converted_contact_id": None, "converted_account_id": None,
            "owner_id": owner_of(g["record"]),
        }


def test_owners_become_users_and_an_archived_owner_is_inactive(emulator, mapped):
    assert set(mapped["user"]) == {str(OWNER_ID_BASE + i) for i in range(COUNTS["owners"])}
    for index in range(COUNTS["owners"]):
        record = emulator.dataset["owners"].record(index)
        shown = render.owner(record)  # firstName, lastName, email as the owners API shows them
        assert mapped["user"][str(OWNER_ID_BASE + index)] == {
            "created_at": record.created_at, "updated_at": record.modified_at,
            "name": f"{shown['firstName']} {shown['lastName']}", "email": shown["email"], "is_active": index != 4,
        }


def test_a_custom_lifecycle_stage_is_other_and_a_deal_without_closed_flags_reads_its_stage():
    custom = {"createdAt": "2024-01-01T00:00:00Z", "updatedAt": "2024-01-02T00:00:00Z",
              "properties": {"lifecyclestage": "1024857", "firstname": "Ada"}}
    assert MAPPINGS["contact"].fields(custom)["lifecycle_stage"] == "other"
    assert MAPPINGS["contact"].fields(custom)["account_id"] is None  # associations not fetched
    for stage, status in (("closedwon", "WON"), ("closedlost", "LOST"), ("contractsent", "OPEN")):
        deal = {"properties": {"dealstage": stage}, "associations": {"companies": [
            {"toObjectId": 7, "associationTypes": [{"typeId": 341}]},
            {"toObjectId": 8, "associationTypes": [{"typeId": 5, "label": "Primary"}]}]}}
        mapped = MAPPINGS["opportunity"].fields(deal)
        assert mapped["status"] == status and mapped["account_id"] == "8"
