"""The Pipedrive emulator's field lists answer as Pipedrive's v1 PersonFields, OrganizationFields and
DealFields documentation says: standard fields with short keys, custom ones keyed by a 40-character
hash with ``edit_flag: true``, start/limit pages."""

from __future__ import annotations

import re

import httpx
import pytest

from glue_emulators.pipedrive import create_emulator
from glue_emulators.server import EmulatorServer


@pytest.fixture
def emulator():
    return create_emulator({"persons": 3})


@pytest.fixture
def api(emulator):
    token = emulator.oauth.mint()["access_token"]
    with EmulatorServer(emulator.app) as server, httpx.Client(
        base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
    ) as client:
        yield client


@pytest.mark.parametrize("path", ["/v1/personFields", "/api/v1/organizationFields", "/v1/dealFields"])
def test_each_list_holds_standard_and_custom_fields(api, path):
    response = api.get(path)

    assert response.status_code == 200
    assert response.headers["x-ratelimit-limit"]  # an API call like any other
    body = response.json()
    assert body["success"] is True
    fields = body["data"]
    standard = [f for f in fields if not f["edit_flag"]]
    custom = [f for f in fields if f["edit_flag"]]
    assert standard and custom
    assert all(re.fullmatch(r"[0-9a-f]{40}", f["key"]) for f in custom)
    assert not any(re.fullmatch(r"[0-9a-f]{40}", f["key"]) for f in standard)
    assert [f["id"] for f in fields] == list(range(1, len(fields) + 1))
    assert {"key", "name", "field_type", "active_flag", "edit_flag", "mandatory_flag"} <= fields[0].keys()
    assert body["additional_data"]["pagination"] == {"start": 0, "limit": 100, "more_items_in_collection": False}


def test_pages_follow_start_and_limit_to_the_end(api):
    every = api.get("/v1/dealFields").json()["data"]
    seen, start = [], 0
    while True:
        page = api.get("/v1/dealFields", params={"start": start, "limit": 5}).json()
        seen += page["data"]
        paging = page["additional_data"]["pagination"]
        if not paging["more_items_in_collection"]:
            assert "next_start" not in paging
            break
        start = paging["next_start"]

    assert seen == every and len(every) > 5


def test_enum_fields_carry_their_options(api):
    language = next(f for f in api.get("/v1/personFields").json()["data"] if f["name"] == "Preferred language")

    assert language["field_type"] == "enum"
    assert [option["label"] for option in language["options"]] == ["English", "Estonian", "German"]


@pytest.mark.parametrize("params", [{"limit": "0"}, {"limit": "501"}, {"start": "-1"}, {"start": "x"}])
def test_bad_paging_is_pipedrives_400(api, params):
    response = api.get("/v1/personFields", params=params)

    assert response.status_code == 400 and response.json()["success"] is False


def test_a_missing_or_unknown_token_is_refused(api):
    assert api.get("/v1/personFields", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert httpx.get(str(api.base_url) + "/v1/personFields", timeout=30).status_code == 401


def test_pipedrive_python_lib_reads_the_field_lists(emulator, api):
    from pipedrive.client import Client

    client = Client(domain=str(api.base_url))
    client.set_access_token(emulator.oauth.mint()["access_token"])

    persons = client.persons.get_person_fields()
    deals = client.deals.get_deal_fields(params={"start": 0, "limit": 500})
    organizations = client.organizations.get_organization_fields()

    for answer in (persons, deals, organizations):
        assert answer["success"] is True and any(f["edit_flag"] for f in answer["data"])
    assert "Renewal date" in {f["name"] for f in deals["data"]}
