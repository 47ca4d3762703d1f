"""Talking to one Marketo instance: client-credentials tokens, and Marketo's errors inside HTTP 200 answers.

From Marketo's public reference (experienceleague.adobe.com/en/docs/marketo-developer/marketo/rest/...):

- Authentication: ``GET <instance>/identity/oauth/token?grant_type=client_credentials&client_id=&client_secret=``
  answers ``{access_token, token_type, expires_in, scope}``; a token lives an hour and there is no refresh token:
  Glue asks again. Tokens go in ``Authorization: Bearer`` (the query parameter is being retired). A refused
  client id or secret is an HTTP 401 ``{"error": "unauthorized", "error_description": ...}``.
- Every REST answer is HTTP 200 ``{requestId, success, errors: [{code, message}], result, ...}``. Codes that
  matter here: 601/602 access token invalid/expired (ask for a token once more, then the access is refused);
  606 more than 100 calls in 20 seconds and 615 more than 10 concurrent calls (wait and retry); 607 the daily
  quota is spent (it resets at midnight US Central time: the run ends and the engine pauses the syncs), and so
  does a bulk extract's 1029 that says its daily export quota is spent.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import httpx

from glue_providers.http import ProviderAuthError, ProviderClient, ProviderError, ProviderRateLimited
from glue_providers.pacing import RequestPacer

TOKEN_PATH = "/identity/oauth/token"
EXPIRED_TOKEN = {"601", "602"}
THROTTLED = {"606", "615"}  # the 20-second window or the concurrency cap: short waits
DAILY_QUOTA = "607"
# Bulk extract: 1029 is "too many jobs in queue" or, worded so, the daily export allowance (500 MB by default,
# which also resets at midnight US Central): the latter pauses like 607.
EXPORT_REFUSED = "1029"
WINDOW_SECONDS = 20  # 606: at most 100 calls in any 20 seconds
WINDOW_CALLS = 100
MAX_THROTTLED_TRIES = 8
QUOTA_RESETS_IN = ZoneInfo("America/Chicago")  # "resets daily at 12:00AM CST"


class MarketoClient:
    """REST calls to one instance with a token Glue fetched itself, paced to Marketo's 100 calls in 20 s."""

    def __init__(self, base_url: str, client_id: str, client_secret: str, *,
                 sleep: Callable[[float], None] = time.sleep, pacer: RequestPacer | None = None):
        self.http = ProviderClient(base_url, headers={"Accept": "application/json"}, sleep=sleep,
                                   pacer=pacer or RequestPacer(WINDOW_CALLS, WINDOW_SECONDS))
        self.client_id, self.client_secret = client_id, client_secret
        self.sleep = sleep
        self.token: str | None = None
        self.throttled = 0  # answers that said 606/615, for logs and tests

    def fetch_token(self) -> dict:
        """A token answer from the identity endpoint; a refused client id or secret raises ProviderAuthError (401)."""
        response = self.http.get(TOKEN_PATH, params={"grant_type": "client_credentials", "client_id": self.client_id,
                                                     "client_secret": self.client_secret})
        body = _json(response)
        if not isinstance(body.get("access_token"), str) or not body["access_token"]:
            raise ProviderError(response.status_code, "Marketo's identity endpoint answered no access token")
        self.token = body["access_token"]
        return body

    def get(self, path: str, **params) -> dict:
        return self.call("GET", path, params=params)

    def post(self, path: str, **kwargs) -> dict:
        return self.call("POST", path, **kwargs)

    def call(self, method: str, path: str, **kwargs) -> dict:
        """The answer's JSON body when ``success`` is true; Marketo's error codes become Glue's errors."""
        response, body = self._answer(method, path, **kwargs)
        return body if _is_json(response) else _json(response)

    def file(self, path: str) -> str:
        """A bulk export's file: CSV text, or the usual JSON envelope when Marketo refuses."""
        return self._answer("GET", path)[0].text

    def _answer(self, method: str, path: str, **kwargs) -> tuple[httpx.Response, dict]:
        """The successful answer and its JSON body (parsed once; {} for a file)."""
        renewed = False
        for attempt in range(1, MAX_THROTTLED_TRIES + 1):
            response = self._send(method, path, **kwargs)
            body = _json(response) if _is_json(response) else {}
            if body.get("success", True) is not False:
                return response, body
            codes = {str(e.get("code")) for e in body.get("errors") or [] if isinstance(e, dict)}
            message = _message(body)
            if codes & EXPIRED_TOKEN:
                if renewed:
                    raise ProviderAuthError(401, f"Marketo refused a fresh access token: {message}")
                self.token, renewed = None, True
                continue
            if DAILY_QUOTA in codes or (EXPORT_REFUSED in codes and "quota" in message.lower()):
                raise ProviderRateLimited(200, f"Marketo's daily API quota is spent: {message}",
                                          seconds_until_quota_resets(_provider_now(response)))
            if codes & THROTTLED and attempt < MAX_THROTTLED_TRIES:
                self.throttled += 1
                self.sleep(throttle_wait(attempt))
                continue
            raise ProviderError(200, message)
        raise ProviderError(200, f"Marketo still throttled {path} after {MAX_THROTTLED_TRIES} tries")

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> MarketoClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _send(self, method: str, path: str, **kwargs) -> httpx.Response:
        if self.token is None:
            self.fetch_token()
        headers = {**kwargs.pop("headers", {}), "Authorization": f"Bearer {self.token}"}
        return self.http.request(method, path, headers=headers, **kwargs)


def throttle_wait(attempt: int) -> float:
    """Seconds before retrying a 606/615: growing with jitter, never past the 20-second window (by then the
    calls that filled it have left it)."""
    ceiling = min(WINDOW_SECONDS, 2 ** attempt)
    return random.uniform(ceiling / 2, ceiling)


def seconds_until_quota_resets(now: datetime) -> float:
    """Until the next midnight in Marketo's quota time zone (US Central, daylight saving included)."""
    local = now.astimezone(QUOTA_RESETS_IN)
    midnight = datetime.combine(local.date() + timedelta(days=1), datetime.min.time(), QUOTA_RESETS_IN)
    return max(1.0, (midnight - local).total_seconds())


def _provider_now(response: httpx.Response) -> datetime:
    """The instance's clock (its ``Date`` header) when it sent one, else ours: the quota resets by its clock.
    The last Date header is the application's own where a front server put its own before it."""
    dates = response.headers.get_list("date")
    try:
        return parsedate_to_datetime(dates[-1]).astimezone(timezone.utc)
    except (IndexError, TypeError, ValueError):
        return datetime.now(timezone.utc)


def _is_json(response: httpx.Response) -> bool:
    return response.headers.get("content-type", "").startswith("application/json")


def _json(response: httpx.Response) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise ProviderError(response.status_code, "Marketo answered something that is not JSON") from None
    return body if isinstance(body, dict) else {}


def _message(body: dict) -> str:
    errors = [e for e in body.get("errors") or [] if isinstance(e, dict)]
    return "; ".join(f"{e.get('code')} {e.get('message', '')}".strip() for e in errors)[:300] or "no reason given"
