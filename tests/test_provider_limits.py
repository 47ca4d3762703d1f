"""Rate limits a provider reports are read as whole numbers only: anything else is ignored (no figure in
the API, no pause in a sync) or, when the answer is not even JSON, the provider's fault (the spec's 499),
never a 500 or an endless wait."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from glue_api.connections.provider_calls import ProviderCall
from glue_api.connections.provider_info import rate_limit_info
from glue_api.errors import RemoteProviderError
from glue_providers import registry
from glue_emulators.server import EmulatorServer
from glue_providers.pipedrive.source.helpers import pause_for_rate_limit
from glue_providers.salesforce.source.helpers import api_usage


def limits_server(body: bytes, content_type: str = "application/json") -> EmulatorServer:
    async def limits(request):
        return Response(body, media_type=content_type)

    return EmulatorServer(Starlette(routes=[Route("/services/data/v60.0/limits/", limits)]))


def salesforce_limits(server: EmulatorServer, http: httpx.Client) -> dict:
    call = ProviderCall(registry.get("salesforce"), server.url, {"access_token": "t"}, http, RemoteProviderError)
    return rate_limit_info(call)


@pytest.mark.parametrize("body", [
    b'{"DailyApiRequests": {"Max": "\xc2\xb2", "Remaining": 5}}',
    b'{"DailyApiRequests": {"Max": "lots", "Remaining": 5}}',
    b'{"DailyApiRequests": {"Max": 100, "Remaining": -1}}',
    b'{"DailyApiRequests": {"Max": 1.5, "Remaining": 1}}',
    b'{"DailyApiRequests": {"Max": true, "Remaining": 1}}',
    b'{"DailyApiRequests": {"Max": [1], "Remaining": 1}}',
    b'{"DailyApiRequests": "none"}',
])
def test_a_limit_that_is_not_a_whole_number_gives_no_figure(body):
    with limits_server(body) as server, httpx.Client() as http:
        assert salesforce_limits(server, http) == {}


@pytest.mark.parametrize("body", [b'[1, 2]', b'not json'])
def test_an_answer_that_is_not_a_json_object_is_the_providers_fault(body):
    with limits_server(body) as server, httpx.Client() as http:
        with pytest.raises(RemoteProviderError) as failure:
            salesforce_limits(server, http)
    assert failure.value.status_code == 499


def test_whole_numbers_are_read_as_before():
    with limits_server(b'{"DailyApiRequests": {"Max": "15000", "Remaining": 14990}}') as server, \
            httpx.Client() as http:
        assert salesforce_limits(server, http) == {"daily": {"limit": 15000, "remaining": 14990}}


@pytest.mark.parametrize("header", ["api-usage=\u00b2/15000", "api-usage=5/\u00b2", "api-usage=a/b", "api-usage=5",
                                    "api-usage=-1/10", ""])
def test_salesforce_usage_header_that_is_not_numbers_is_ignored(header):
    response = httpx.Response(200, headers={"sforce-limit-info": header.encode()})
    assert api_usage(response) is None


def test_salesforce_usage_header_is_read():
    assert api_usage(httpx.Response(200, headers={"sforce-limit-info": "api-usage=18/15000"})) == (18, 15000)


@pytest.mark.parametrize("remaining,reset", [("0", "inf"), ("0", "nan"), ("nan", "2"), ("-inf", "1e999")])
def test_pipedrive_windows_that_are_not_finite_never_pause(remaining, reset):
    response = httpx.Response(200, headers={"x-ratelimit-remaining": remaining, "x-ratelimit-reset": reset})
    assert pause_for_rate_limit(response) == 0.0
