"""The Marketo source and client against the emulator: leads in full through bulk extract jobs of at most 31 days,
incrementally through lead changes (deletions included), programs paged to the "No assets found" end; and Marketo's
refusals inside HTTP 200 answers: 606/615 waited out, 607 ending the read until midnight US Central, 601/602
answered by asking for one more token, a refused client secret as a 401."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from glue_emulators import marketo
from glue_emulators.dataset import BASE_TIME
from glue_emulators.server import EmulatorServer
from glue_providers.http import ProviderAuthError, ProviderRateLimited
from glue_providers.marketo.client import WINDOW_SECONDS, MarketoClient, seconds_until_quota_resets
from glue_providers.marketo.source import marketo_source
from tests.sources.support import tables_of

CLIENT = marketo.SANDBOX_CLIENT


@pytest.fixture
def instance():
    emulator = marketo.create_emulator({"leads": 140, "programs": 45})
    with EmulatorServer(emulator.app) as server:
        yield emulator, server.url


def landed(table) -> dict[str, dict]:
    return {row["id"]: json.loads(row["raw_data"]) for row in table.to_pylist()}


def control(url: str, path: str, body: dict) -> dict:
    response = httpx.post(f"{url}/_emulator{path}", json=body)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_full_read_extracts_every_lead_in_jobs_of_at_most_31_days_and_pages_programs(instance):
    emulator, url = instance
    emulator.dataset.respace(timedelta(days=1))  # 140 leads over 140 days: several extract jobs
    emulator.dataset.max_page_size = 20

    tables = tables_of(marketo_source(*CLIENT, url, ("leads", "programs")), ("leads", "programs"))

    leads = landed(tables["leads"])
    store = emulator.dataset["leads"]
    assert set(leads) == {str(i + 1) for i in range(store.count)}
    # Read from CSV, typed as leads.json shows them (ids and scores are numbers).
    assert leads["8"] == marketo.render("leads", store.record(7))
    jobs = list(emulator.exports.jobs.values())
    assert all(job.end - job.start <= timedelta(days=31) and job.status == "Completed" for job in jobs)
    assert min(job.start for job in jobs) == BASE_TIME  # from the oldest lead, not from 2006
    assert len(jobs) >= 140 // 31
    programs = landed(tables["programs"])
    assert len(programs) == 45 and emulator.dataset.pages_cut["programs"] >= 2
    assert programs["1003"] == marketo.render("programs", emulator.dataset["programs"].record(3))


def test_an_incremental_read_lands_changed_and_new_leads_then_deleted_ones(instance):
    emulator, url = instance
    store = emulator.dataset["leads"]
    since = datetime.now(timezone.utc) - timedelta(seconds=5)
    store.update([4, 90])
    new = store.create(2)
    store.delete([17])
    emulator.dataset["programs"].update([2])

    tables = tables_of(marketo_source(*CLIENT, url, ("leads", "programs"), {"leads": since, "programs": since}),
                       ("leads", "programs"))

    rows = {row["id"]: row for row in tables["leads"].to_pylist()}
    assert set(rows) == {"5", "91", *(str(i + 1) for i in new), "18"}
    assert [rid for rid, row in rows.items() if row["is_deleted"]] == ["18"]
    assert json.loads(rows["91"]["raw_data"]) == marketo.render("leads", store.record(90))
    assert set(landed(tables["programs"])) == {"1002"}
    assert emulator.exports.jobs == {}  # no bulk extract for an incremental read


def test_606_and_615_answers_are_waited_out_within_the_20_second_window(instance):
    _, url = instance
    waits: list[float] = []
    control(url, "/errors", {"codes": ["606", "615", "606"]})
    with MarketoClient(url, *CLIENT, sleep=waits.append) as client:
        body = client.get("/rest/v1/leads/describe.json")

    assert body["success"] is True and client.throttled == 3
    assert len(waits) == 3 and all(1 <= wait <= WINDOW_SECONDS for wait in waits)


def test_a_spent_daily_quota_ends_the_read_saying_when_it_resets(instance):
    emulator, url = instance
    # The instance answers 607 with its clock 90 minutes before midnight US Central.
    control(url, "/faults", {"rate_limit_every": 1, "retry_after_seconds": 5400})
    waits: list[float] = []
    with MarketoClient(url, *CLIENT, sleep=waits.append) as client, pytest.raises(ProviderRateLimited) as refused:
        client.get("/rest/v1/leads/describe.json")

    assert refused.value.retry_after_seconds == 5400 and waits == []
    assert "Marketo's daily API quota is spent" in str(refused.value)
    assert emulator.faults.report()["requests"] == 1  # no retry


def test_a_spent_daily_export_allowance_also_ends_the_read(instance):
    _, url = instance
    control(url, "/errors", {"codes": ["1029"]})
    with MarketoClient(url, *CLIENT) as client, pytest.raises(ProviderRateLimited) as refused:
        client.post("/bulk/v1/leads/export/create.json", json={})
    assert 0 < refused.value.retry_after_seconds <= 25 * 3600 and "Export daily quota" in str(refused.value)


def test_the_quota_resets_at_midnight_us_central_summer_and_winter():
    assert seconds_until_quota_resets(datetime(2026, 7, 1, 4, 0, tzinfo=timezone.utc)) == 3600  # 23:00 CDT
    assert seconds_until_quota_resets(datetime(2026, 1, 15, 5, 30, tzinfo=timezone.utc)) == 1800  # 23:30 CST
    assert seconds_until_quota_resets(datetime(2026, 1, 15, 6, 0, tzinfo=timezone.utc)) == 24 * 3600


def test_an_expired_token_is_replaced_once_and_a_second_refusal_is_a_401(instance):
    emulator, url = instance
    with MarketoClient(url, *CLIENT) as client:
        client.get("/rest/v1/leads/describe.json")
        first = client.token
        emulator.oauth.expire_access_tokens()  # Marketo ended the token early: 601/602
        assert client.get("/rest/v1/leads/describe.json")["success"] is True
        assert client.token != first

        control(url, "/errors", {"codes": ["602", "601"]})
        with pytest.raises(ProviderAuthError) as refused:
            client.get("/rest/v1/leads/describe.json")
    assert refused.value.status_code == 401


def test_a_refused_client_secret_is_a_401_that_names_no_secret(instance):
    _, url = instance
    with MarketoClient(url, CLIENT[0], "not-the-secret") as client, pytest.raises(ProviderAuthError) as refused:
        client.get("/rest/v1/leads/describe.json")
    assert refused.value.status_code == 401 and "Bad client credentials" in str(refused.value)
    assert "not-the-secret" not in str(refused.value)
