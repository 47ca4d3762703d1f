"""An HTTP client for provider APIs: bounded retries, Retry-After, rate-limit pauses.

401 and 403 are not retried: they mean the customer's access is gone, and the
sync must pause with the provider's reason rather than hammer the API.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from contextlib import nullcontext
from contextvars import ContextVar
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

import httpx

from glue_providers.egress import guarded_client
from glue_providers.pacing import RequestPacer

RETRIED_STATUSES = {429, 500, 502, 503, 504}

# Who wants to hear of every request (method, URL, status, milliseconds): the engine logs
# the calls it makes on a customer's behalf. A context variable, so sources need not pass it along.
request_observer: ContextVar[Callable[[str, str, int, float], None] | None] = ContextVar("request_observer", default=None)

# How a client waits before a retry or after a spent window: really, unless the caller's context says
# otherwise (storm tests move a simulated clock, so minutes of back-off take no time).
waiting: ContextVar[Callable[[float], None]] = ContextVar("waiting", default=time.sleep)


def wait(seconds: float) -> None:
    waiting.get()(seconds)


class ProviderError(Exception):
    """The provider refused a request for good (after retries, or a 4xx)."""

    def __init__(self, status_code: int, message: str):
        super().__init__(f"provider answered {status_code}: {message}")
        self.status_code = status_code
        self.message = message


class ProviderAuthError(ProviderError):
    """401/403: the connection's credentials no longer work."""


class ProviderRateLimited(ProviderError):
    """A 429 whose window opens later than a run should wait (a spent hourly or daily allowance):
    the run ends now, saying when the provider takes requests again, instead of hanging until then
    (the engine pauses the connection's syncs until that time)."""

    def __init__(self, status_code: int, message: str, retry_after_seconds: float):
        super().__init__(status_code, f"{message} (rate limit spent; the provider takes requests again in "
                                      f"{math.ceil(retry_after_seconds)} s)")
        self.retry_after_seconds = retry_after_seconds


class ProviderClient:
    def __init__(
        self,
        base_url: str,
        headers: dict[str, str] | None = None,
        *,
        max_attempts: int = 8,
        backoff_seconds: float = 0.5,
        max_backoff_seconds: float = 30.0,
        timeout_seconds: float = 60.0,
        pause_after: Callable[[httpx.Response], float] | None = None,
        pacer: RequestPacer | None = None,
        sleep: Callable[[float], None] = wait,
        retry_after: Callable[[httpx.Response], float | None] | None = None,
    ):
        # Through the egress guard: instance URLs come from customers' accounts (GLUE_EGRESS_ALLOW for emulators).
        self.http = guarded_client(base_url=base_url.rstrip("/"), headers=headers or {}, timeout=timeout_seconds)
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.pause_after = pause_after  # provider-specific: seconds to wait when a rate window is spent
        self.pacer = pacer  # for providers with a per-second limit and no headers to read it from
        self.sleep = sleep
        # Seconds a refusal asks to wait: Retry-After unless the provider says it its own way (Intercom's reset time).
        self.retry_after = retry_after or retry_after_seconds
        self.retries = 0  # how many requests were retried, for logs and tests

    def request(self, method: str, url: str, **kwargs) -> httpx.Response:
        for attempt in range(1, self.max_attempts + 1):
            started = time.monotonic()
            try:
                with self.pacer.request() if self.pacer is not None else nullcontext():
                    response = self.http.request(method, url, **kwargs)
            except httpx.TransportError as exc:
                self._observe(method, url, 0, started)
                if attempt == self.max_attempts:
                    raise ProviderError(0, f"could not reach the provider: {type(exc).__name__}") from None
                self._wait(attempt, None)
                continue
            self._observe(method, str(response.request.url), response.status_code, started)
            if response.status_code == 401 or (response.status_code == 403 and not _is_quota(response)):
                raise ProviderAuthError(response.status_code, _reason(response))
            if response.status_code in RETRIED_STATUSES:
                delay = self.retry_after(response) if response.status_code == 429 else None
                if delay is not None and delay > self.max_backoff_seconds:
                    raise ProviderRateLimited(response.status_code, _reason(response), delay)
                if attempt == self.max_attempts:
                    raise ProviderError(response.status_code, _reason(response))
                self._wait(attempt, response)
                continue
            if response.status_code >= 400:
                raise ProviderError(response.status_code, _reason(response))
            if self.pause_after is not None:
                pause = self.pause_after(response)
                if pause > 0:
                    self.sleep(pause)
            return response
        raise AssertionError("unreachable")

    @staticmethod
    def _observe(method: str, url: str, status_code: int, started: float) -> None:
        observer = request_observer.get()
        if observer is not None:
            observer(method, url, status_code, (time.monotonic() - started) * 1000)

    def get(self, url: str, **kwargs) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs) -> httpx.Response:
        return self.request("POST", url, **kwargs)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> ProviderClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _wait(self, attempt: int, response: httpx.Response | None) -> None:
        self.retries += 1
        delay = self.retry_after(response) if response is not None else None
        if delay is None:
            ceiling = min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1))
            delay = random.uniform(ceiling / 2, ceiling)  # jitter: many connections must not retry in step
        self.sleep(min(delay, self.max_backoff_seconds))


def retry_after_seconds(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _is_quota(response: httpx.Response) -> bool:
    """A 403 that means "allowance spent" (Salesforce's REQUEST_LIMIT_EXCEEDED), not "access revoked"."""
    text = response.text[:2000].upper()
    return "REQUEST_LIMIT_EXCEEDED" in text or "RATE_LIMIT" in text


def _reason(response: httpx.Response) -> str:
    """The provider's own message, shortened; never the request (it carries the token)."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300]
    if isinstance(body, dict):
        for key in ("message", "error_description", "error", "errorMessage"):
            if isinstance(body.get(key), str):
                return body[key][:300]
        errors = body.get("errors")  # Gong: {"requestId", "errors": ["..."]}
        if isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
            return "; ".join(errors)[:300]
        if isinstance(errors, list) and errors and all(isinstance(e, dict) and isinstance(e.get("message"), str)
                                                        for e in errors):  # Intercom: [{"code", "message"}]
            return "; ".join(e["message"] for e in errors)[:300]
    if isinstance(body, list) and body and isinstance(body[0], dict) and "message" in body[0]:
        return str(body[0]["message"])[:300]
    return response.text[:300]
