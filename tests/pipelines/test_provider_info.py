"""_provider_user_id (HubSpot) and _rate_limit_info (HubSpot, Salesforce, Pipedrive), answered live by the provider;
its refusals are the spec's 499."""

import time

import pytest

from tests.pipelines.scenario import OBJECTS, connect
from tests.support.clients import mgmt_responses


def test_hubspot_provider_user_id(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 5, "owners": 3})
    connect(glue, emulated, warehouse_url)
    response = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "hubspot"})
    assert response.status_code == 200
    body = response.json()
    owner = body["additional_raw_details"]
    assert body["user_id"] == str(owner["id"])
    assert owner["email"] == body["raw_details"]["user"]
    assert "token" not in body["raw_details"]


def test_salesforce_rate_limit_info(glue, emulators, warehouse_url):
    emulated = emulators("salesforce", {"Contact": 5, "Account": 2})
    connect(glue, emulated, warehouse_url)
    first = glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").json()
    second = glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").json()
    assert first["daily"]["limit"] > 0
    assert second["daily"]["remaining"] < first["daily"]["remaining"]  # each call spends the allowance


def test_pipedrive_rate_limit_info_reports_the_tokens_two_second_window(glue, emulators, warehouse_url):
    emulated = emulators("pipedrive", {"persons": 5, "organizations": 2})
    connect(glue, emulated, warehouse_url)
    before = time.time()

    window = glue.mgmt.get("/customers/c1/connections/pipedrive/_rate_limit_info").json()["other"]["two_secondly"]

    limit = emulated.emulator.rate_windows.limit
    assert window["limit"] == limit and window["remaining"] == limit - 1  # the token's first call in the window
    assert before <= window["reset_time"] <= time.time() + 3  # the window is 2 s, reported in whole seconds


def test_hubspot_rate_limit_info_reports_the_rolling_window(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 5})
    connect(glue, emulated, warehouse_url)

    first = glue.mgmt.get("/customers/c1/connections/hubspot/_rate_limit_info").json()
    second = glue.mgmt.get("/customers/c1/connections/hubspot/_rate_limit_info").json()

    # An OAuth token has no daily cap, so HubSpot sends (and Glue reports) only the ten-second window,
    # a rolling one (no reset time).
    assert set(first) == {"other"} and set(first["other"]) == {"ten_secondly"}
    assert first["other"]["ten_secondly"] == {"limit": 110, "remaining": 109}
    assert second["other"]["ten_secondly"]["remaining"] == 108


@pytest.mark.parametrize("provider", ["hubspot", "pipedrive"])
def test_a_provider_refusing_the_token_is_the_specs_remote_provider_error(glue, emulators, warehouse_url, provider):
    emulated = emulators(provider, {OBJECTS[provider][0]: 3})
    connect(glue, emulated, warehouse_url)
    assert glue.mgmt.get(f"/customers/c1/connections/{provider}/_rate_limit_info").status_code == 200
    emulated.control("POST", "/tokens/revoke_all")

    # The spec lists only 200 for _rate_limit_info: read its error without the spec check.
    limits = glue.mgmt.client.get(f"/mgmt/v2/customers/c1/connections/{provider}/_rate_limit_info",
                                  headers={"x-api-key": glue.mgmt.api_key})
    assert limits.status_code == 499
    # The body is the spec's remote provider error (documented for _provider_user_id, whose 499 it shares).
    mgmt_responses().validate("GET", "/mgmt/v2/customers/c1/connections/_provider_user_id", 499, limits.content,
                              limits.headers["content-type"])
    error = limits.json()["errors"][0]
    assert error["code"] == "REMOTE_PROVIDER_ERROR" and error["meta"]["origin"] == "remote-provider"
    assert "401" in error["detail"]
    if provider == "hubspot":
        user = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "hubspot"})
        assert user.status_code == 499 and user.json()["errors"][0]["meta"]["origin"] == "remote-provider"


def test_an_unreachable_provider_is_a_remote_provider_error_too(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 3})
    connect(glue, emulated, warehouse_url)
    assert glue.mgmt.get("/customers/c1/connections/hubspot/_rate_limit_info").status_code == 200
    emulated.server.stop()

    user = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "hubspot"})

    assert user.status_code == 499 and "ConnectError" in user.json()["errors"][0]["detail"]


def test_a_refresh_token_the_provider_refuses_is_a_remote_provider_error(glue, emulators, warehouse_url):
    emulated = emulators("hubspot", {"contacts": 3})
    connect(glue, emulated, warehouse_url)
    emulated.control("POST", "/tokens/revoke_all")  # the refresh token too: Glue holds no access token yet

    user = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": "hubspot"})

    assert user.status_code == 499
    assert user.json()["errors"][0]["title"] == "Connection is no longer authorized"


def test_token_refreshes_are_logged_as_calls_on_the_customers_behalf(glue, emulators, warehouse_url):
    from sqlalchemy import select

    from glue_api.models import RequestLog

    emulated = emulators("salesforce", {"Contact": 5, "Account": 2})
    connect(glue, emulated, warehouse_url)
    assert glue.mgmt.get("/customers/c1/connections/salesforce/_rate_limit_info").status_code == 200
    with glue.store.session_factory() as session:
        calls = session.execute(select(RequestLog).where(RequestLog.api == "provider")).scalars().all()
    assert [(c.operation_id, c.status_code, c.consumer_id, c.service_id) for c in calls] == [
        ("tokenRefresh", 200, "c1", "salesforce")]
    assert calls[0].path == "/services/oauth2/token"
