"""Dynamics 365 Sales records, read through the source from the emulator, mapped to the common CRM model:
each field's expected value is worked out here from the emulator's records as Dynamics shows them
(its control API's rendering), field by field, without calling the mapping."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import httpx
import pytest

from glue_emulators import ms_dynamics_365_sales as dynamics
from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.common.models import fields_of
from glue_providers.ms_dynamics_365_sales.source import dynamics_source
from tests.sources.support import tables_of

COUNTS = {"account": 30, "contact": 40, "lead": 30, "opportunity": 45, "systemuser": 12}
# Default labels from Dynamics' reference, for the codes checked by value (others: a label, not a number).
SOME_INDUSTRIES = {1: "Accounting", 6: "Business Services", 7: "Consulting", 16: "Financial", 20: "Insurance",
                   30: "Transportation", 33: "Wholesale"}
LEAD_SOURCE_LABELS = ["Advertisement", "Employee Referral", "External Referral", "Partner", "Public Relations",
                      "Seminar", "Trade Show", "Web", "Word of Mouth", "Other"]


def utc(text: str | None) -> datetime | None:
    if text is None:
        return None
    if len(text) == 10:
        return datetime(int(text[:4]), int(text[5:7]), int(text[8:]), tzinfo=timezone.utc)
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def read():
    """{common object: [(expected source record, mapped fields)]} for every record of the emulator."""
    emulator = dynamics.create_emulator(COUNTS)
    mappings = registry.get("ms_dynamics_365_sales").common_mappings()
    with EmulatorServer(emulator.app) as server:
        shown = {name: httpx.get(f"{server.url}/_emulator/records/{name}", params={"fields": "true"}).json()["fields"]
                 for name in COUNTS}
        token = emulator.oauth.mint()["access_token"]
        tables = tables_of(dynamics_source(token, server.url, objects=tuple(COUNTS), page_size=7), tuple(COUNTS))
    pairs = {}
    for common, mapping in mappings.items():
        table = tables[mapping.from_object]
        records = [json.loads(raw) for raw in table.column("raw_data").to_pylist()]
        ids = table.column("id").to_pylist()
        assert len(records) == COUNTS[mapping.from_object]
        pairs[common] = [(shown[mapping.from_object][rid], mapping.fields(raw)) for rid, raw in zip(ids, records)]
    return pairs


def test_every_common_object_of_the_crm_category_is_mapped_with_all_its_fields(read):
    assert set(read) == {"account", "contact", "lead", "opportunity", "user"}
    for common, pairs in read.items():
        names = {f.name for f in fields_of("crm", common)} | {"created_at", "updated_at"}
        for _, mapped in pairs:
            assert set(mapped) == names, common


def test_accounts(read):
    seen_labels = set()
    for shown, mapped in read["account"]:
        assert mapped["name"] == shown["name"] and mapped["description"] == shown["description"]
        assert mapped["website"] == shown["websiteurl"]
        assert mapped["number_of_employees"] == shown["numberofemployees"]
        assert mapped["owner_id"] == shown["_ownerid_value"]
        assert mapped["created_at"] == utc(shown["createdon"]) and mapped["updated_at"] == utc(shown["modifiedon"])
        code = shown["industrycode"]
        if code in SOME_INDUSTRIES:
            assert mapped["industry"] == SOME_INDUSTRIES[code]
            seen_labels.add(code)
        else:  # the emulated organisation words its other industries its own way: its label wins
            assert mapped["industry"] == f"Industry {code}"
        assert mapped["addresses"] == [{
            "street_1": shown["address1_line1"], "street_2": None, "city": shown["address1_city"],
            "state": shown["address1_stateorprovince"] or None, "postal_code": shown["address1_postalcode"],
            "country": shown["address1_country"], "address_type": "primary"}]
        assert mapped["phone_numbers"] == [{"phone_number": shown["telephone1"], "phone_number_type": "primary"}]
        assert mapped["lifecycle_stage"] is None and mapped["last_activity_at"] is None
    assert seen_labels  # some records were checked against the reference's labels


def test_contacts(read):
    for shown, mapped in read["contact"]:
        assert (mapped["first_name"], mapped["last_name"]) == (shown["firstname"], shown["lastname"])
        assert mapped["email_addresses"] == [{"email_address": shown["emailaddress1"], "email_address_type": "primary"}]
        assert mapped["phone_numbers"] == [
            {"phone_number": shown["telephone1"], "phone_number_type": "primary"},
            {"phone_number": shown["mobilephone"], "phone_number_type": "mobile"}]
        assert mapped["account_id"] == shown["_parentcustomerid_value"]
        assert mapped["owner_id"] == shown["_ownerid_value"]
        assert mapped["addresses"][0]["city"] == shown["address1_city"]
        assert mapped["updated_at"] == utc(shown["modifiedon"])
    assert any(m["account_id"] is None for _, m in read["contact"])  # contacts without a company too


def test_leads(read):
    states = set()
    for shown, mapped in read["lead"]:
        states.add(shown["statecode"])
        assert mapped["lead_source"] == LEAD_SOURCE_LABELS[shown["leadsourcecode"] - 1]
        assert mapped["title"] == shown["jobtitle"] and mapped["company"] == shown["companyname"]
        assert (mapped["first_name"], mapped["last_name"]) == (shown["firstname"], shown["lastname"])
        qualified = shown["statecode"] == 1
        assert mapped["converted_account_id"] == (shown["_parentaccountid_value"] if qualified else None)
        assert mapped["converted_contact_id"] is None  # the emulator's qualified leads name no contact
        assert mapped["converted_date"] is None
        assert mapped["owner_id"] == shown["_ownerid_value"]
    assert states == {0, 1, 2}


def test_opportunities(read):
    statuses = set()
    for shown, mapped in read["opportunity"]:
        expected_status = {0: "OPEN", 1: "WON", 2: "LOST"}[shown["statecode"]]
        statuses.add(mapped["status"])
        assert mapped["status"] == expected_status
        assert mapped["name"] == shown["name"] and mapped["description"] == shown["description"]
        assert mapped["amount"] == shown["estimatedvalue"] and isinstance(mapped["amount"], float)
        assert mapped["stage"] == shown["stepname"]
        closed_on = shown["actualclosedate"] if shown["statecode"] else shown["estimatedclosedate"]
        assert mapped["close_date"] == utc(closed_on)
        assert mapped["account_id"] == shown["_parentaccountid_value"]
        assert mapped["owner_id"] == shown["_ownerid_value"]
        assert mapped["pipeline"] is None
    assert statuses == {"OPEN", "WON", "LOST"}


def test_users(read):
    for shown, mapped in read["user"]:
        assert mapped["name"] == shown["fullname"] and mapped["email"] == shown["internalemailaddress"]
        assert mapped["is_active"] is (not shown["isdisabled"])
        assert mapped["created_at"] == utc(shown["createdon"])


def test_a_formatted_value_annotation_is_the_label_and_a_contact_parent_is_no_account():
    mappings = registry.get("ms_dynamics_365_sales").common_mappings()
    account = mappings["account"].fields({
        "industrycode": 7, "industrycode@OData.Community.Display.V1.FormattedValue": "Quantum consulting"})
    assert account["industry"] == "Quantum consulting"
    contact = mappings["contact"].fields({
        "_parentcustomerid_value": "5b0e8c2a-3d4f-4a6b-9c7d-8e9f0a1b2c3d",
        "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "contact"})
    assert contact["account_id"] is None
