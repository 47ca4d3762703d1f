"""The Account Engagement (Pardot) source against its emulator: every record in full with the account's
custom prospect fields, an incremental read on updatedAt that also lands prospects deleted since, the
business unit header on every request, and a spent day ending the read at once."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import httpx
import pyarrow as pa
import pytest

from glue_emulators import pardot
from glue_emulators.dataset import BASE_TIME
from glue_emulators.pardot.render import remote_id, render
from glue_emulators.server import EmulatorServer
from glue_providers.salesforce_marketing_cloud_account_engagement.api import retry_after
from glue_providers.salesforce_marketing_cloud_account_engagement.source import (
    account_engagement_source, build_source,
)
from tests.sources.support import tables_of

OBJECTS = ("prospects", "visitors", "visitor_activity", "campaigns", "forms")


def read(emulator, server: EmulatorServer, objects, modified_since=None, unit=pardot.BUSINESS_UNIT_ID,
         limit=1000) -> dict[str, pa.Table]:
    token = emulator.oauth.mint()["access_token"]
    return tables_of(account_engagement_source(token, unit, server.url, objects, modified_since, limit), objects)


def test_a_full_read_lands_every_record_with_the_custom_prospect_fields():
    emulator = pardot.create_emulator({"prospects": 230, "visitors": 40, "visitor_activity": 60,
                                       "campaigns": 5, "forms": 7})
    with EmulatorServer(emulator.app) as server:
        tables = read(emulator, server, OBJECTS, limit=100)
        requests = httpx.get(f"{server.url}/_emulator/faults").json()["requests"]
    for name in OBJECTS:
        assert sorted(tables[name].column("id").to_pylist()) == \
            sorted(remote_id(name, i) for i in range(emulator.dataset[name].count))
        assert not any(tables[name].column("is_deleted").to_pylist())
    prospects = {row["id"]: json.loads(row["raw_data"]) for row in tables["prospects"].to_pylist()}
    shown = render("prospects", emulator.dataset["prospects"].record(7))
    assert prospects[str(shown["id"])] == shown  # standard fields and Industry_Segment__c, Trial_End__c
    assert "Industry_Segment__c" in shown
    # Pages of 100 followed by nextPageToken: three of prospects, one of each other object, one of custom fields.
    assert requests == 3 + 4 + 1


def test_an_incremental_read_takes_what_changed_since_and_prospects_deleted_since():
    emulator = pardot.create_emulator({"prospects": 300, "visitors": 50})
    emulator.dataset.respace(timedelta(minutes=5))
    with EmulatorServer(emulator.app) as server:
        control = f"{server.url}/_emulator/changes"
        changed = httpx.post(f"{control}/update", json={"object": "prospects", "indices": [4]}).json()["ids"]
        deleted = httpx.post(f"{control}/delete", json={"object": "prospects", "indices": [9]}).json()["ids"]
        since = BASE_TIME + timedelta(minutes=5 * 295)
        tables = read(emulator, server, ("prospects", "visitors"), {"prospects": since, "visitors": since}, limit=2)
    rows = {row["id"]: row for row in tables["prospects"].to_pylist()}
    live = {remote_id("prospects", i) for i in range(295, 300)} | set(changed)
    assert set(rows) == live | set(deleted)
    assert {rid for rid, row in rows.items() if row["is_deleted"]} == set(deleted)
    # Visitors never go to the recycle bin: nothing but the filter on updatedAt.
    assert tables["visitors"].num_rows == 0


def test_the_business_unit_comes_from_the_connection_settings_and_must_be_the_accounts():
    emulator = pardot.create_emulator({"prospects": 3})
    token = emulator.oauth.mint()["access_token"]
    with pytest.raises(ValueError, match="no Account Engagement business unit id"):
        build_source({"access_token": token}, "http://unused", ["prospects"], {}, {"settings": {}})
    with pytest.raises(ValueError, match="18 characters beginning with 0Uv"):
        build_source({"access_token": token}, "http://unused", ["prospects"], {}, {"settings": {
            "business_unit_id": "001000000000000AAA"}})
    with EmulatorServer(emulator.app) as server:
        other = "0Uv5e000000ZZZZZZZ"
        with pytest.raises(Exception, match="401: Invalid Business Unit ID"):
            read(emulator, server, ("prospects",), unit=other)
        source = build_source({"access_token": token}, server.url, ["prospects"], {},
                              {"settings": {"business_unit_id": pardot.BUSINESS_UNIT_ID}})
        assert tables_of(source, ["prospects"])["prospects"].num_rows == 3


def test_a_spent_day_ends_the_read_at_once_saying_when_the_day_turns():
    emulator = pardot.create_emulator({"prospects": 50}, today=lambda: date(2026, 12, 2))
    with EmulatorServer(emulator.app) as server:
        httpx.post(f"{server.url}/_emulator/limits", json={"daily_limit": 2})
        with pytest.raises(Exception) as failed:
            read(emulator, server, ("prospects",), limit=10)
        report = httpx.get(f"{server.url}/_emulator/limits").json()
    assert "rate limit spent" in str(failed.value) and "Daily API rate limit met" in str(failed.value)
    assert report["refused"]["daily"] == 1  # not retried


def test_a_daily_refusal_without_retry_after_waits_for_the_next_utc_midnight():
    refusal = httpx.Response(429, json={"code": 122, "message": "Daily API rate limit met."})
    assert retry_after(refusal, now=datetime(2026, 12, 2, 23, 0, tzinfo=timezone.utc)) == 3600
    concurrent = httpx.Response(429, json={"code": 66, "message": "Exceeded concurrent request limit."})
    assert retry_after(concurrent) is None  # backed off and retried
