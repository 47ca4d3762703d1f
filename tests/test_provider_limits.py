"""Rate limits a provider reports are read as whole numbers only: anything else is the provider's
fault (a 502 in the API, no pause in a sync), never a 500 or an endless wait."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route

from glue_api.connections.provider_info import ProviderCallFailed, rate_limit_info
from glue_emulators.server import EmulatorServer
from glue_providers.pipedrive.source.helpers import pause_for_rate_limit
from glue_providers.salesforce.source.helpers import api_usage


def limits_server(body: bytes, content_type: str = "application/json") -> EmulatorServer:
    async def limits(request):
        return Response(body, media_type=content_type)

    return EmulatorServer(Starlette(routes=[Route("/services/data/v60.0/limits/", limits)]))


@pytest.mark.parametrize("body", [
    b'{"DailyApiRequests": {"Max": "\xc2\xb2", "Remaining": 5}}',
    b'{"DailyApiRequests": {"Max": "lots", "Remaining": 5}}',
    b'{"DailyApiRequests": {"Max": 100, "Remaining": -1}}',
    b'{"DailyApiRequests": {"Max": 1.5, "Remaining": 1}}',
    b'{"DailyApiRequests": {"Max": true, "Remaining": 1}}',
    b'{"DailyApiRequests": {"Max": [1], "Remaining": 1}}',
    b'{"DailyApiRequests": "none"}',
    b'[1, 2]',
    b'not json',
])
def test_a_limit_that_is_not_a_whole_number_is_the_providers_fault(body):
    with limits_server(body) as server, httpx.Client() as http:
        with pytest.raises(ProviderCallFailed) as failure:
            rate_limit_info("salesforce", http, server.url, {"access_token": "t"})
    assert failure.value.status_code == 502


def test_whole_numbers_are_read_as_before():
    with limits_server(b'{"DailyApiRequests": {"Max": "15000", "Remaining": 14990.0}}') as server, \
            httpx.Client() as http:
        assert rate_limit_info("salesforce", http, server.url, {"access_token": "t"}) == {
            "daily": {"limit": 15000, "remaining": 14990}}


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
