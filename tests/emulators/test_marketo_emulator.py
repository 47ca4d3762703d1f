"""The Marketo emulator driven by marketorestpython, a Python client library for Marketo's REST API written
against the real service: its token request, lead describe and lookups (POST with _method=GET), lead changes and
deleted leads through paging tokens, programs, and a bulk lead export, with the library's own parsing."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import httpx
import pytest
from marketorestpython.client import MarketoClient

from glue_emulators import marketo
from glue_emulators.server import EmulatorServer

CLIENT_ID, CLIENT_SECRET = "library-client", "library-secret"


@pytest.fixture
def instance():
    emulator = marketo.create_emulator({"leads": 40, "programs": 7})
    emulator.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    with EmulatorServer(emulator.app) as server:
        yield emulator, server.url


def library(url: str, secret: str = CLIENT_SECRET) -> MarketoClient:
    client = MarketoClient("123-ABC-456", CLIENT_ID, secret, max_retry_time=1)
    client.host = url  # the library builds https://<munchkin>.mktorest.com; the emulator stands in for it
    return client


def test_the_library_authenticates_describes_and_reads_leads_by_id(instance):
    emulator, url = instance
    client = library(url)

    fields = {field["rest"]["name"]: field["dataType"] for field in client.execute(method="describe")}
    leads = client.execute(method="get_multiple_leads_by_filter_type", filterType="id",
                           filterValues=["3", "4", "999"], fields="email,lastName")

    assert fields["id"] == "integer" and fields["email"] == "email"
    assert client.token and client.expires_in == 3599 and emulator.oauth.grant_for(client.token) is not None
    shown = marketo.render("leads", emulator.dataset["leads"].record(2))
    assert [lead["id"] for lead in leads] == [3, 4]  # no lead 999
    assert leads[0] == {"id": 3, "email": shown["email"], "lastName": shown["lastName"]}


def test_a_wrong_client_secret_is_refused_by_the_identity_endpoint(instance):
    _, url = instance
    with pytest.raises(Exception, match="Bad client credentials"):
        library(url, "wrong").execute(method="describe")


def test_lead_changes_and_deleted_leads_page_from_a_paging_token(instance):
    emulator, url = instance
    store = emulator.dataset["leads"]
    client = library(url)
    since = store.clock.tick().strftime("%Y-%m-%dT%H:%M:%SZ")
    store.update([5, 6, 7])
    store.create(1)
    store.delete([20])
    emulator.dataset.max_page_size = 2  # several pages of changes

    changes = client.execute(method="get_lead_changes", fields=["lastName"], sinceDatetime=since, batchSize=300)
    deleted = client.execute(method="get_deleted_leads", sinceDatetime=since)

    assert [(a["leadId"], a["activityTypeId"]) for a in changes] == [(6, 13), (7, 13), (8, 13), (41, 12)]
    assert changes[0]["fields"][0]["name"] == "lastName"
    assert [(a["leadId"], a["activityTypeId"]) for a in deleted] == [(21, 37)]
    assert emulator.dataset.pages_cut["leads"] >= 2


def test_programs_and_a_bulk_lead_export(instance):
    emulator, url = instance
    emulator.dataset.respace(timedelta(hours=1))
    client = library(url)

    programs = client.execute(method="browse_programs", maxReturn=200)
    job = client.execute(method="create_leads_export_job", fields=["id", "email", "createdAt"],
                         filters={"createdAt": {"startAt": "2024-01-01T00:00:00Z", "endAt": "2024-01-01T09:59:59Z"}})
    export_id = job[0]["exportId"]
    assert job[0]["status"] == "Created"
    assert client.execute(method="enqueue_leads_export_job", job_id=export_id)[0]["status"] == "Queued"
    status = client.execute(method="get_leads_export_job_status", job_id=export_id)
    rows = list(csv.DictReader(io.StringIO(client.execute(method="get_leads_export_job_file",
                                                          job_id=export_id).decode())))

    assert [p["id"] for p in programs] == list(range(1000, 1007))
    assert status[0]["status"] == "Completed" and status[0]["numberOfRecords"] == 10
    assert [row["id"] for row in rows] == [str(i) for i in range(1, 11)]  # created 00:00 to 09:00
    assert set(rows[0]) == {"id", "email", "createdAt"}
    with pytest.raises(Exception, match="31 days"):  # the library re-raises the 1003 as a plain Exception
        client.execute(method="create_leads_export_job", fields=["id"], filters={"createdAt": {
            "startAt": "2024-01-01T00:00:00Z", "endAt": "2024-03-01T00:00:00Z"}})


def test_throttling_and_quota_answers_are_http_200_with_marketo_codes(instance):
    emulator, url = instance
    token = library(url)
    token.authenticate()
    headers = {"Authorization": f"Bearer {token.token}"}
    emulator.faults.configure(rate_limit_every=1, retry_after_seconds=1)
    throttled = httpx.get(f"{url}/rest/v1/leads/describe.json", headers=headers)
    emulator.faults.configure(rate_limit_every=1, retry_after_seconds=7200)
    quota = httpx.get(f"{url}/rest/v1/leads/describe.json", headers=headers)
    emulator.faults.configure(rate_limit_every=0, unauthorized=True)
    refused = httpx.get(f"{url}/rest/v1/leads/describe.json", headers=headers)

    assert throttled.status_code == quota.status_code == refused.status_code == 200
    assert throttled.json()["errors"][0]["code"] == "606" and throttled.json()["success"] is False
    assert quota.json()["errors"][0]["code"] == "607" and quota.headers.get_list("date")
    assert refused.json()["errors"][0]["code"] == "601"
