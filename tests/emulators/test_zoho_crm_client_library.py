"""Zoho's own Python SDK (zohocrmsdk8-0, Zoho CRM SDK 8) drives the Zoho CRM emulator: its OAuthToken
exchanges a grant token and refreshes at the emulator's accounts server, its record, deleted-record and
user operations page through the emulator's API domain, and its response classes parse the emulator's
answers and error bodies.

The SDK is pointed at the emulator with a custom ``DataCenter.Environment(api_url, accounts_token_url,
file_upload_url)``; its token store is a file in the test's temporary directory. The SDK reads field
metadata (``/crm/v8/settings/fields``) before it converts records, so that route is exercised too.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from zohocrmsdk.src.com.zoho.api.authenticator import OAuthToken
from zohocrmsdk.src.com.zoho.api.authenticator.store import FileStore
from zohocrmsdk.src.com.zoho.crm.api import HeaderMap, Initializer, ParameterMap
from zohocrmsdk.src.com.zoho.crm.api.dc.data_center import DataCenter
from zohocrmsdk.src.com.zoho.crm.api.exception import SDKException
from zohocrmsdk.src.com.zoho.crm.api.record import (
    APIException,
    DeletedRecordsWrapper,
    GetDeletedRecordsParam,
    GetRecordsHeader,
    GetRecordsParam,
    RecordOperations,
    ResponseWrapper,
)
from zohocrmsdk.src.com.zoho.crm.api.sdk_config import SDKConfig
from zohocrmsdk.src.com.zoho.crm.api.users import GetUsersParam, UsersOperations
from zohocrmsdk.src.com.zoho.crm.api.users import ResponseWrapper as UsersWrapper

from glue_emulators.zoho_crm import create_emulator
from tests.emulators.served import server, no_faults  # noqa: F401 (fixtures)

CLIENT_ID, CLIENT_SECRET = "1000.ZOHOCLIENT", "zoho-secret"
REDIRECT_URI = "https://app.example.com/callback"
COUNTS = {"Leads": 2130, "Contacts": 5, "Accounts": 4, "Deals": 12, "users": 4}


@pytest.fixture(scope="module")
def emulator():
    made = create_emulator(COUNTS)
    made.oauth.register_client(CLIENT_ID, CLIENT_SECRET)
    return made


@pytest.fixture(autouse=True)
def quiet_sdk_logger():
    logging.getLogger("SDKLogger").setLevel(logging.WARNING)  # it logs every request at INFO


def start_sdk(server, token: OAuthToken, folder: Path) -> None:
    environment = DataCenter.Environment(server.url, f"{server.url}/oauth/v2/token", server.url)
    Initializer.initialize(environment=environment, token=token, store=FileStore(str(folder / "tokens.csv")),
                           sdk_config=SDKConfig(auto_refresh_fields=False, pick_list_validation=False),
                           resource_path=str(folder))


@pytest.fixture
def sdk(emulator, server, tmp_path):
    start_sdk(server, OAuthToken(access_token=emulator.oauth.mint(CLIENT_ID)["access_token"], find_user=False),
              tmp_path)


def consented_code(server) -> str:
    params = {"response_type": "code", "client_id": CLIENT_ID, "redirect_uri": REDIRECT_URI, "state": "s-1",
              "scope": "ZohoCRM.modules.ALL,ZohoCRM.users.READ", "access_type": "offline", "prompt": "consent"}
    approved = httpx.post(f"{server.url}/oauth/v2/auth", data={**params, "decision": "approve"})
    return parse_qs(urlparse(approved.headers["location"]).query)["code"][0]


def list_page(module: str, **params) -> ResponseWrapper | APIException | None:
    parameters = ParameterMap()
    for name, value in params.items():
        parameters.add(getattr(GetRecordsParam, name), value)
    return RecordOperations(module).get_records(parameters, HeaderMap()).get_object()


def live_ids(server, name: str) -> set[str]:
    return set(httpx.get(f"{server.url}/_emulator/records/{name}").json()["records"])


def test_the_sdk_exchanges_a_grant_token_then_refreshes_and_revokes_at_the_accounts_server(server, tmp_path):
    start_sdk(server, OAuthToken(client_id=CLIENT_ID, client_secret=CLIENT_SECRET, grant_token=consented_code(server),
                                 redirect_url=REDIRECT_URI, find_user=False), tmp_path)
    first = list_page("Contacts", fields="Last_Name,Email")
    assert isinstance(first, ResponseWrapper) and len(first.get_data()) == COUNTS["Contacts"]
    (stored,) = FileStore(str(tmp_path / "tokens.csv")).get_tokens()
    assert stored.get_refresh_token() and stored.get_api_domain() == server.url  # the token answer's api_domain

    # A new SDK session holding only the refresh token gets an access token with it.
    again = tmp_path / "again"
    again.mkdir()
    start_sdk(server, OAuthToken(client_id=CLIENT_ID, client_secret=CLIENT_SECRET,
                                 refresh_token=stored.get_refresh_token(), find_user=False), again)
    assert isinstance(list_page("Accounts", fields="Account_Name"), ResponseWrapper)
    (refreshed,) = FileStore(str(again / "tokens.csv")).get_tokens()
    assert refreshed.get_access_token() not in ("", None, stored.get_access_token())

    assert OAuthToken.revoke_refresh_token(stored.get_refresh_token(), f"{server.url}/oauth/v2/token/revoke")
    dead = httpx.post(f"{server.url}/oauth/v2/token", data={
        "grant_type": "refresh_token", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
        "refresh_token": stored.get_refresh_token()})
    assert dead.json() == {"error": "invalid_code"}


def test_records_page_by_page_to_2000_then_by_page_token_and_each_arrives_once(sdk, server):
    seen, page, token, calls = [], 1, None, 0
    while True:
        params = {"page_token": token} if token else {"page": page}
        answer = list_page("Leads", fields="Last_Name,Email,Modified_Time", per_page=200,
                           sort_by="Modified_Time", sort_order="asc", **params)
        calls += 1
        seen += [str(record.get_id()) for record in answer.get_data()]
        info = answer.get_info()
        if not info.get_more_records():
            break
        if page < 10:
            page += 1
        else:
            token = info.get_next_page_token()
            assert token
    assert calls == 11  # ten pages by number, the 2,001st record onwards by page token
    assert len(seen) == len(set(seen)) == COUNTS["Leads"] and set(seen) == live_ids(server, "Leads")


def test_the_sdk_types_record_fields_by_the_emulators_field_metadata(sdk, server):
    (record,) = list_page("Deals", fields="Deal_Name,Amount,Modified_Time", per_page=1).get_data()
    assert isinstance(record.get_key_value("Modified_Time"), datetime)  # the SDK read the field's data type
    assert record.get_key_value("Modified_Time").tzinfo is not None
    rendered = httpx.get(f"{server.url}/_emulator/records/Deals", params={"fields": "true"}).json()["fields"]
    assert record.get_key_value("Deal_Name") == rendered[str(record.get_id())]["Deal_Name"]


def test_if_modified_since_through_the_sdk_header_and_an_empty_answer_is_204(sdk, emulator, server):
    changed = httpx.post(f"{server.url}/_emulator/changes/update",
                         json={"object": "Contacts", "indices": [1, 3]}).json()["ids"]
    headers = HeaderMap()
    headers.add(GetRecordsHeader.if_modified_since, datetime(2025, 1, 1, tzinfo=timezone.utc))
    parameters = ParameterMap()
    parameters.add(GetRecordsParam.fields, "Last_Name")
    answer = RecordOperations("Contacts").get_records(parameters, headers).get_object()
    assert sorted(str(r.get_id()) for r in answer.get_data()) == sorted(changed)
    later = HeaderMap()
    later.add(GetRecordsHeader.if_modified_since, datetime(2031, 1, 1, tzinfo=timezone.utc))
    empty = RecordOperations("Contacts").get_records(parameters, later)
    assert empty.get_status_code() == 204 and empty.get_object() is None


def test_deleted_records_parse_into_the_sdks_deleted_record(sdk, server):
    deletion = httpx.post(f"{server.url}/_emulator/changes/delete", json={"object": "Deals", "indices": [5]})
    (gone,) = deletion.json()["ids"]
    parameters = ParameterMap()
    parameters.add(GetDeletedRecordsParam.type, "all")
    answer = RecordOperations("Deals").get_deleted_records(parameters, HeaderMap()).get_object()
    assert isinstance(answer, DeletedRecordsWrapper)
    (tombstone,) = answer.get_data()
    assert str(tombstone.get_id()) == gone and tombstone.get_type() == "recycle"
    assert isinstance(tombstone.get_deleted_time(), datetime) and tombstone.get_deleted_by().get_name()
    assert gone not in live_ids(server, "Deals")


def test_users_list_and_the_current_user(sdk, server):
    parameters = ParameterMap()
    parameters.add(GetUsersParam.type, "AllUsers")
    every = UsersOperations().get_users(parameters).get_object()
    assert isinstance(every, UsersWrapper)
    assert {str(u.get_id()) for u in every.get_users()} == live_ids(server, "users")
    current = ParameterMap()
    current.add(GetUsersParam.type, "CurrentUser")
    (me,) = UsersOperations().get_users(current).get_object().get_users()
    assert me.get_profile().get_name() == "Administrator" and me.get_email()


def test_error_bodies_parse_into_the_sdks_api_exception(sdk, server, emulator, tmp_path):
    missing = list_page("Leads", per_page=5)  # fields is required
    assert isinstance(missing, APIException)
    assert missing.get_code().get_value() == "REQUIRED_PARAM_MISSING" and missing.get_details()["param"] == "fields"
    with pytest.raises(SDKException) as unknown:  # the SDK asks the module's field metadata first
        list_page("Spaceships", fields="Name")
    assert unknown.value.details["code"] == "INVALID_MODULE"
    httpx.post(f"{server.url}/_emulator/faults", json={"unauthorized": True})  # as if the token had expired
    refused = RecordOperations("Leads").get_records(ParameterMap(), HeaderMap())
    assert refused.get_status_code() == 401 and refused.get_object().get_code().get_value() == "INVALID_TOKEN"


def test_a_bad_token_stops_the_sdk_at_its_first_call(server, tmp_path):
    start_sdk(server, OAuthToken(access_token="not-a-token", find_user=False), tmp_path)
    with pytest.raises(SDKException) as refused:  # the first call is for the module's field metadata
        list_page("Leads", fields="Last_Name")
    assert refused.value.details["code"] == "INVALID_TOKEN"


def test_a_429_parses_as_too_many_requests_with_retry_after(sdk, server):
    assert isinstance(list_page("Leads", fields="Last_Name", per_page=1), ResponseWrapper)  # metadata now known
    httpx.post(f"{server.url}/_emulator/faults", json={"rate_limit_every": 1, "retry_after_seconds": 7})
    parameters = ParameterMap()
    parameters.add(GetRecordsParam.fields, "Last_Name")
    refused = RecordOperations("Leads").get_records(parameters, HeaderMap())
    assert refused.get_status_code() == 429
    assert refused.get_object().get_code().get_value() == "TOO_MANY_REQUESTS"
    headers = {name.lower(): value for name, value in refused.get_headers().items()}
    assert headers["retry-after"] == "7" and int(headers["x-ratelimit-remaining"]) >= 0
