"""Outreach's common engagement mapping, field by field: the emulator's records are read through the
Outreach source, mapped, and compared with values computed here from the emulator's dataset (the
generated record's own choices), not from the mapping."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from glue_emulators.dataset import Record
from glue_emulators.outreach import create_emulator, render
from glue_emulators.server import EmulatorServer
from glue_providers import registry
from glue_providers.common.models import fields_of
from glue_providers.outreach.source import outreach_source
from tests.sources.support import tables_of

COUNTS = {"prospects": 30, "accounts": 9, "users": 5, "sequences": 7, "sequenceStates": 25, "mailboxes": 5,
          "sequenceSteps": 4}
MAPPINGS = registry.get("outreach").common_mappings()


@pytest.fixture(scope="module")
def landed():
    """{standard object: (emulator dataset, [raw records as the source lands them])}."""
    emulator = create_emulator(COUNTS)
    emulator.dataset["prospects"].update([4])  # one changed record: a version other than the generated one
    with EmulatorServer(emulator.app) as server:
        token = emulator.oauth.mint()["access_token"]
        objects = tuple(COUNTS)
        tables = tables_of(outreach_source(token, server.url, objects, {}), objects)
    return emulator.dataset, {name: [json.loads(raw) for raw in table.column("raw_data").to_pylist()]
                              for name, table in tables.items()}


def related(r: Record, salt: str, target: str, same_index: bool = False) -> str:
    count = COUNTS[target]
    return str((r.index % count if same_index else r.number(salt, count)) + 1)


def times(r: Record) -> dict:
    return {"created_at": r.created_at, "updated_at": r.modified_at}


def expected_account(r: Record) -> dict:
    word = r.pick("word", render.COMPANY_WORDS)
    return {**times(r), "name": f"{word} {r.index + 1}", "domain": f"{word.lower()}{r.index + 1}.example.com",
            "owner_id": related(r, "owner", "users")}


def expected_contact(r: Record) -> dict:
    first, last = r.pick("first", render.FIRST_NAMES), r.pick("last", render.LAST_NAMES)
    city, state, country = r.pick("city", render.CITIES)
    phones = [{"phone_number": f"+1 512 555 {r.number('work', 10**4):04d}", "phone_number_type": "work"}]
    if r.number("has_mobile", 2):
        phones.append({"phone_number": f"+372 5{r.number('mobile', 10**6):06d}", "phone_number_type": "mobile"})
    return {
        **times(r), "first_name": first, "last_name": last, "job_title": r.pick("title", render.TITLES),
        "address": {"street_1": f"{1 + r.number('street', 300)} Main Street", "street_2": None, "city": city,
                    "state": state, "postal_code": f"{10000 + r.number('zip', 89999)}", "country": country},
        "email_addresses": [{"email_address": f"{first}.{last}{r.index + 1}@example.com".lower(),
                             "email_address_type": "primary"}],
        "phone_numbers": phones, "owner_id": related(r, "owner", "users"),
        "account_id": related(r, "account", "accounts"), "open_count": r.number("opens", 40),
        "click_count": r.number("clicks", 15), "reply_count": r.number("replies", 5), "bounced_count": None,
    }


def expected_user(r: Record) -> dict:
    first, last = r.pick("first", render.FIRST_NAMES), r.pick("last", render.LAST_NAMES)
    return {**times(r), "first_name": first, "last_name": last,
            "email": f"{first}.{last}.{r.index + 1}@seller.example.com".lower(), "is_locked": r.number("locked", 9) == 0}


def expected_mailbox(r: Record) -> dict:
    return {**times(r), "email": f"mailbox{r.index + 1}@seller.example.com",
            "user_id": related(r, "user", "users", same_index=True), "is_disabled": r.number("disabled", 6) == 0}


def expected_sequence(r: Record) -> dict:
    share = r.pick("share", render.SHARE_TYPES)
    return {
        **times(r), "owner_id": related(r, "owner", "users"),
        "name": f"{r.pick('word', render.COMPANY_WORDS)} outreach {r.index + 1}", "tags": [r.pick("tag", render.TAGS)],
        "num_steps": 1 + r.number("steps", 8),
        "metrics": {name: r.number(name, 200) for name in ("deliverCount", "openCount", "clickCount", "replyCount",
                                                          "bounceCount", "optOutCount", "failureCount")},
        "is_enabled": r.number("enabled", 3) != 0, "share_type": "private" if share == "private" else "team",
        "is_archived": None,
    }


def expected_sequence_state(r: Record) -> dict:
    return {**times(r), "sequence_id": related(r, "sequence", "sequences"),
            "contact_id": related(r, "prospect", "prospects"), "mailbox_id": related(r, "mailbox", "mailboxes"),
            "user_id": related(r, "creator", "users"), "state": r.pick("state", render.SEQUENCE_STATES)}


EXPECTED = {"account": expected_account, "contact": expected_contact, "user": expected_user,
            "mailbox": expected_mailbox, "sequence": expected_sequence, "sequence_state": expected_sequence_state}


def test_every_common_engagement_object_is_mapped_from_the_object_outreach_keeps_it_in():
    assert {name: mapping.from_object for name, mapping in MAPPINGS.items()} == {
        "account": "accounts", "contact": "prospects", "user": "users", "mailbox": "mailboxes",
        "sequence": "sequences", "sequence_state": "sequenceStates"}


@pytest.mark.parametrize("common_object", list(EXPECTED))
def test_each_field_holds_the_value_outreach_gave(landed, common_object):
    dataset, raws = landed
    mapping = MAPPINGS[common_object]
    store = dataset[mapping.from_object]
    records = raws[mapping.from_object]
    assert len(records) == COUNTS[mapping.from_object]
    declared = {field.name for field in fields_of("engagement", common_object)}
    for raw in records:
        mapped = mapping.fields(raw)
        assert set(mapped) == declared | {"created_at", "updated_at"}  # every common field, nothing else
        expected = EXPECTED[common_object](store.record(int(raw["id"]) - 1))
        for name, value in expected.items():
            assert mapped[name] == value, (common_object, raw["id"], name)
        assert all(isinstance(mapped[t], datetime) for t in ("created_at", "updated_at"))
