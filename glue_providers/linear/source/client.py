"""Linear's HTTP client: GraphQL over ``POST /graphql``, and waits read from Linear's allowance headers
(https://linear.app/developers/rate-limiting; resets are UTC epoch milliseconds).

Linear refuses a spent allowance with HTTP 400 and a ``RATELIMITED`` GraphQL error, not 429: the client
reads such an answer as the 429 it means, so the kit waits for the reset (or, past its patience, ends the
run with ``ProviderRateLimited``). Any other GraphQL error is a ``ProviderError``.
"""

from __future__ import annotations

import math
import time

import httpx

from glue_providers.http import ProviderClient, ProviderError, retry_after_seconds

RESETS = ("x-ratelimit-requests-reset", "x-ratelimit-complexity-reset")


def open_client(access_token: str, base_url: str) -> ProviderClient:
    client = ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}",
                                               "Content-Type": "application/json"},
                            pause_after=pause_when_spent, retry_after=wait_after_refusal)
    hooks = client.http.event_hooks  # keep the egress guard's request hook
    client.http.event_hooks = {**hooks, "response": [*hooks.get("response", []), _rate_limited_as_429]}
    return client


def query(client: ProviderClient, text: str, variables: dict) -> dict:
    """The ``data`` of one query; GraphQL errors in the answer end the read."""
    answer = client.post("/graphql", json={"query": text, "variables": variables}).json()
    if answer.get("errors"):
        first = answer["errors"][0] if isinstance(answer["errors"][0], dict) else {}
        code = (first.get("extensions") or {}).get("code", "")
        raise ProviderError(200, f"GraphQL error {code}: {str(first.get('message', ''))[:300]}")
    return answer.get("data") or {}


def _rate_limited_as_429(response: httpx.Response) -> None:
    if response.status_code != 400:
        return
    response.read()
    if b'"RATELIMITED"' in response.content:
        response.status_code = 429


def seconds_until(response: httpx.Response, header: str) -> float | None:
    try:
        reset_ms = float(response.headers[header])
    except (KeyError, ValueError):
        return None
    if not math.isfinite(reset_ms):
        return None
    return float(max(0, math.ceil(reset_ms / 1000 - time.time())))


def wait_after_refusal(response: httpx.Response) -> float | None:
    """A refusal waits for the latest reset it names (at least a second); without one, as usual."""
    waits = [w for w in (seconds_until(response, h) for h in RESETS) if w is not None]
    return max(1.0, *waits) if waits else retry_after_seconds(response)


def pause_when_spent(response: httpx.Response) -> float:
    """After an answer that spent the requests, or left fewer complexity points than this query cost."""
    headers = response.headers
    if headers.get("x-ratelimit-requests-remaining", "").strip() == "0":
        return seconds_until(response, "x-ratelimit-requests-reset") or 0.0
    try:
        short = int(headers["x-ratelimit-complexity-remaining"]) < int(headers["x-complexity"])
    except (KeyError, ValueError):
        short = False
    return (seconds_until(response, "x-ratelimit-complexity-reset") or 0.0) if short else 0.0
