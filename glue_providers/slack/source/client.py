"""Slack's Web API client: a method answers HTTP 200 with ``{"ok": false, "error"}`` when it fails, so the
answer is checked here (https://docs.slack.dev/apis/web-api/#responses). A dead token (``invalid_auth``,
``token_revoked``, ``account_inactive``, ...) is a 401 for the engine, which pauses the syncs; a rate-limited
call is HTTP 429 with ``Retry-After``, waited out by ``ProviderClient``."""

from __future__ import annotations

from glue_providers.http import ProviderAuthError, ProviderClient, ProviderError

AUTH_ERRORS = frozenset({"not_authed", "invalid_auth", "token_revoked", "token_expired", "account_inactive",
                         "no_permission", "missing_scope", "org_login_required", "ekm_access_denied"})


class SlackMethodError(ProviderError):
    """A method's ``{"ok": false}`` answer, with Slack's error code for callers that can go on past it."""

    def __init__(self, status_code: int, method: str, code: str):
        super().__init__(status_code, f"Slack's {method} answered {code}")
        self.code = code


class SlackClient:
    def __init__(self, access_token: str, base_url: str):
        self.http = ProviderClient(base_url, headers={"Authorization": f"Bearer {access_token}"})

    def call(self, method: str, **params) -> dict:
        """The method's answer when ``ok``; raises ProviderAuthError / SlackMethodError with Slack's error code."""
        answer = self.http.get(f"/api/{method}", params={k: v for k, v in params.items() if v is not None})
        body = answer.json()
        if body.get("ok"):
            return body
        code = str(body.get("error") or "unknown_error")
        if code in AUTH_ERRORS:
            raise ProviderAuthError(401, f"Slack's {method} answered {code}")
        raise SlackMethodError(answer.status_code, method, code)

    def pages(self, method: str, key: str, **params):
        """Every page of a cursor-paged list method, as lists of records."""
        cursor = None
        while True:
            body = self.call(method, cursor=cursor, **params)
            yield body.get(key) or []
            next_cursor = (body.get("response_metadata") or {}).get("next_cursor")
            if not next_cursor:
                return
            if next_cursor == cursor:
                raise ProviderError(200, f"Slack's {method} returned the same cursor twice")
            cursor = next_cursor

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SlackClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
