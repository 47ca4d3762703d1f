"""Intercom's HTTP client: its version header, and waits read from its rate-limit headers
(https://developers.intercom.com/docs/references/rest-api/errors/rate-limiting)."""

from __future__ import annotations

import math
import time

import httpx

from glue_providers.http import ProviderClient, retry_after_seconds

API_VERSION = "2.11"


def open_client(access_token: str, base_url: str) -> ProviderClient:
    return ProviderClient(
        base_url,
        headers={"Authorization": f"Bearer {access_token}", "Accept": "application/json",
                 "Intercom-Version": API_VERSION},
        pause_after=pause_when_spent, retry_after=wait_after_refusal,
    )


def seconds_until_reset(response: httpx.Response) -> float | None:
    """Until ``X-RateLimit-Reset`` (epoch seconds, whole ones: rounded, so a window reported as resetting
    at second ``n`` is waited for until ``n``)."""
    try:
        reset = float(response.headers["x-ratelimit-reset"])
    except (KeyError, ValueError):
        return None
    if not math.isfinite(reset):
        return None
    return float(max(0, round(reset - time.time())))


def wait_after_refusal(response: httpx.Response) -> float | None:
    """A 429 says when to come back in its reset header (at least a second from now); anything else as usual."""
    if response.status_code == 429:
        wait = seconds_until_reset(response)
        if wait is not None:
            return max(1.0, wait)
    return retry_after_seconds(response)


def pause_when_spent(response: httpx.Response) -> float:
    """Seconds to wait after an answer that spent the window, so the next call is not a 429."""
    remaining = response.headers.get("x-ratelimit-remaining")
    if remaining is None or remaining.strip() != "0":
        return 0.0
    return seconds_until_reset(response) or 0.0
