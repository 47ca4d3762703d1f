"""Reading rate-limit figures as a provider's folder declares them, and the declarations themselves."""

from __future__ import annotations

import httpx
import pytest

from glue_providers import registry
from glue_providers.api_auth import MissingCredentials, auth_headers
from glue_providers.rate_limits import read_rate_limits
from glue_providers.spec import Capability, RateLimitReport, RateWindowHeaders, resolve

NOW = 1_700_000_000.25
APOLLO = registry.get("apollo").rate_limits
PIPEDRIVE = registry.get("pipedrive").rate_limits


def test_apollos_three_windows_land_where_supaglue_put_them():
    headers = httpx.Headers({"x-rate-limit-minute": "200", "x-minute-requests-left": "199",
                             "X-Rate-Limit-Hourly": "400", "x-hourly-requests-left": "390",
                             "x-rate-limit-daily": "2000", "x-daily-requests-left": "1500"})

    assert read_rate_limits(APOLLO, headers, None, NOW) == {
        "daily": {"limit": 2000, "remaining": 1500}, "hourly": {"limit": 400, "remaining": 390},
        "other": {"minute": {"limit": 200, "remaining": 199}}}


def test_a_fixed_window_reports_when_it_resets_in_epoch_seconds():
    headers = httpx.Headers({"x-ratelimit-limit": "80", "x-ratelimit-remaining": "79", "x-ratelimit-reset": "2"})

    assert read_rate_limits(PIPEDRIVE, headers, None, NOW) == {
        "other": {"two_secondly": {"limit": 80, "remaining": 79, "reset_time": 1_700_000_003}}}


def test_outreachs_hour_resets_at_the_unix_time_its_header_names():
    outreach = registry.get("outreach").rate_limits
    headers = httpx.Headers({"x-ratelimit-limit": "10000", "x-ratelimit-remaining": "9998",
                             "x-ratelimit-reset": "1700003600"})

    assert read_rate_limits(outreach, headers, None, NOW) == {
        "hourly": {"limit": 10000, "remaining": 9998, "reset_time": 1_700_003_600}}
    no_time = httpx.Headers({"x-ratelimit-limit": "10000", "x-ratelimit-remaining": "9998", "x-ratelimit-reset": "soon"})
    assert read_rate_limits(outreach, no_time, None, NOW) == {"hourly": {"limit": 10000, "remaining": 9998}}


@pytest.mark.parametrize("limit,remaining,reset", [
    ("lots", "3", "2"), ("80", "", "2"), ("80", "-1", "2"), ("8.5", "3", "2"), ("80", "0x4f", "2"), ("80", "79 left", "2"),
    ("80", "²", "2"), ("1_000", "3", "2"), ("+80", "3", "2"),
])
def test_values_that_are_not_whole_numbers_leave_the_window_out(limit, remaining, reset):
    # A plain mapping: httpx builds headers from ASCII text only, while an answer's bytes decode as Latin-1.
    headers = {"x-ratelimit-limit": limit, "x-ratelimit-remaining": remaining, "x-ratelimit-reset": reset}

    assert read_rate_limits(PIPEDRIVE, headers, None, NOW) == {}


@pytest.mark.parametrize("reset", ["soon", "nan", "inf", "-3", ""])
def test_a_reset_that_is_not_a_number_of_seconds_is_left_out(reset):
    headers = httpx.Headers({"x-ratelimit-limit": "80", "x-ratelimit-remaining": "79", "x-ratelimit-reset": reset})

    assert read_rate_limits(PIPEDRIVE, headers, None, NOW) == {
        "other": {"two_secondly": {"limit": 80, "remaining": 79}}}


def test_missing_headers_report_nothing():
    assert read_rate_limits(APOLLO, httpx.Headers({}), None, NOW) == {}


@pytest.mark.parametrize("body,expected", [
    ({"DailyApiRequests": {"Max": 15000, "Remaining": 14998}}, {"daily": {"limit": 15000, "remaining": 14998}}),
    ({"DailyApiRequests": {"Max": "many", "Remaining": 3}}, {}),
    ({"DailyApiRequests": [1, 2]}, {}),
    ({}, {}),
])
def test_salesforce_reads_its_daily_allowance_from_the_limits_body(body, expected):
    report = registry.get("salesforce").rate_limits

    assert read_rate_limits(report, httpx.Headers({}), body, NOW) == expected


def test_body_and_header_windows_combine():
    report = RateLimitReport("/x", windows=(RateWindowHeaders("burst", "l", "r"),),
                             from_body="glue_providers.salesforce.rest:rate_limit_info")

    assert read_rate_limits(report, httpx.Headers({"l": "5", "r": "4"}),
                            {"DailyApiRequests": {"Max": 9, "Remaining": 8}}, NOW) == {
        "daily": {"limit": 9, "remaining": 8}, "other": {"burst": {"limit": 5, "remaining": 4}}}


@pytest.mark.parametrize("spec", registry.all_specs(), ids=lambda spec: spec.name)
def test_each_capability_comes_with_what_glue_needs_to_run_it(spec):
    assert spec.supports(Capability.RATE_LIMIT_INFO) == (spec.rate_limits is not None)
    assert spec.supports(Capability.CUSTOM_FIELDS) == bool(spec.custom_fields)
    assert spec.supports(Capability.PROVIDER_USER_ID) == bool(spec.user_lookup)
    for reference in (spec.custom_fields, spec.user_lookup, spec.rate_limits and spec.rate_limits.from_body):
        if reference:
            assert callable(resolve(reference))
    if spec.rate_limits is not None:
        assert spec.rate_limits.path.startswith("/") and (spec.rate_limits.windows or spec.rate_limits.from_body)


def test_requests_carry_the_credentials_as_each_auth_type_says():
    assert auth_headers(registry.get("hubspot"), {"access_token": "t"}) == {"authorization": "Bearer t"}
    assert auth_headers(registry.get("apollo"), {"api_key": "k"}) == {"x-api-key": "k"}
    assert auth_headers(registry.get("clearbit"), {"api_key": "k"}) == {"authorization": "Bearer k"}
    assert auth_headers(registry.get("gong"), {"access_key": "a", "access_key_secret": "s"}) == {
        "authorization": "Basic YTpz"}
    with pytest.raises(MissingCredentials) as missing:
        auth_headers(registry.get("apollo"), {"api_key": "bad\nkey"})
    assert "bad" not in str(missing.value)
    with pytest.raises(MissingCredentials):
        auth_headers(registry.get("hubspot"), {"access_token": None})
