"""What every API request passes first: the bearer token, then the account's rate limits.

Every API response carries HubSpot's rate-limit headers, except search responses,
which HubSpot sends without them (search has its own per-second limit).
Daily quota headers appear only for private app tokens: OAuth calls have no
daily cap, so HubSpot leaves those two headers out.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from glue_emulators.hubspot import errors
from glue_emulators.hubspot.account import Account

API_PREFIX = "/crm/"


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX)


def is_search(scope: Scope) -> bool:
    return scope["method"] == "POST" and scope["path"].endswith("/search")


class ApiGate:
    def __init__(self, app: ASGIApp, account: Account):
        self.app = app
        self.account = account

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_api_path(scope["path"]):
            await self.app(scope, receive, send)
            return
        kind = self._token_kind(Headers(scope=scope).get("authorization", ""))
        if kind is None:
            await errors.unauthorized()(scope, receive, send)
            return
        limits = self.account.limits
        if is_search(scope):
            verdict = self.account.search_window.hit(limits.search_per_second, 1.0)
            if not verdict.allowed:
                await errors.rate_limited("SECONDLY", verdict.retry_after)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        headers = {
            "X-HubSpot-RateLimit-Interval-Milliseconds": str(limits.interval_ms),
            "X-HubSpot-RateLimit-Max": str(limits.requests_per_interval),
        }
        if kind == "private_app":
            daily = self.account.daily.hit(limits.daily)
            headers |= {"X-HubSpot-RateLimit-Daily": str(limits.daily),
                        "X-HubSpot-RateLimit-Daily-Remaining": str(daily.remaining)}
            if not daily.allowed:
                await errors.rate_limited("DAILY", daily.retry_after, headers)(scope, receive, send)
                return
        verdict = self.account.window.hit(limits.requests_per_interval, limits.interval_ms / 1000)
        headers["X-HubSpot-RateLimit-Remaining"] = str(verdict.remaining)
        if not verdict.allowed:
            await errors.rate_limited("TEN_SECONDLY_ROLLING", verdict.retry_after, headers)(scope, receive, send)
            return
        await self.app(scope, receive, _with_headers(send, headers))

    def _token_kind(self, authorization: str) -> str | None:
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return None
        if token == self.account.private_app_token:
            return "private_app"
        return "oauth" if self.account.oauth.grant_for(token.strip()) is not None else None


def _with_headers(send: Send, headers: dict[str, str]) -> Send:
    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = MutableHeaders(scope=message)
            for name, value in headers.items():
                if name not in present:  # an injected 429 already says Remaining: 0
                    present[name] = value
        await send(message)

    return sending
