"""Reads from a connection's provider on the caller's behalf: the connection's credentials (an OAuth token
refreshed first when due), its API base, the authentication its spec declares, and GETs that answer JSON.

Every way the provider can fail the call (unreachable, a refusal, an answer that is not JSON) raises the one
error class the caller names, whose message holds the status but never a credential or the provider's text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from glue_api.config import Settings
from glue_api.crypto import KeyRing
from glue_api.errors import GlueError, Unprocessable
from glue_api.models import Connection
from glue_api.tokens.endpoints import api_base_url, provider_http
from glue_api.tokens.service import fresh_credentials
from glue_providers.api_auth import MissingCredentials, auth_headers
from glue_providers.spec import ProviderSpec

TIMEOUT_SECONDS = 30


def provider_http_client(settings: Settings, provider_name: str) -> httpx.Client:
    """The client provider-info and custom-field reads go through (one place to build it): the egress guard's."""
    return provider_http(settings, provider_name, timeout=TIMEOUT_SECONDS)


class ProviderCall:
    def __init__(self, spec: ProviderSpec, base_url: str, credentials: Mapping[str, Any], http: httpx.Client,
                 failure: type[GlueError], settings: Mapping[str, Any] | None = None):
        """``settings``: the connection's, for the headers its spec fills from them (``setting_headers``)."""
        self.spec = spec
        self.base_url = base_url
        self.credentials = dict(credentials)
        self.http = http
        self.failure = failure
        try:
            self.headers = auth_headers(spec, credentials, settings) | {"accept": "application/json"}
        except MissingCredentials as exc:
            raise Unprocessable(f"Glue cannot call {spec.title} for this connection: {exc}.",
                                title="Connection not callable") from None

    def get(self, path: str, **params) -> httpx.Response:
        """GETs ``path`` under the API base; any answer but a success raises the caller's failure."""
        return self._send("GET", path, params=params or None)

    def post(self, path: str, body: dict) -> httpx.Response:
        """POSTs a JSON body (a GraphQL query) to ``path`` under the API base, failing as ``get`` does."""
        return self._send("POST", path, json=body)

    def _send(self, method: str, path: str, **request) -> httpx.Response:
        try:
            response = self.http.request(method, self.base_url + path, headers=self.headers, **request)
        except httpx.HTTPError as exc:
            raise self.failure(f"Could not reach {self.spec.title} ({type(exc).__name__}).") from None
        if not 200 <= response.status_code < 300:
            raise self.failure(f"{self.spec.title} answered {response.status_code}.")
        return response

    @property
    def get_json(self) -> JsonReads:
        return JsonReads(self)

    def read(self, reader: Callable[..., Any], *args) -> Any:
        """Runs a provider folder's reader over this call; an answer shaped unlike the provider's documentation
        (a field missing, a list where an object belongs) is the provider's failure, not Glue's."""
        try:
            return reader(self.get_json, *args)
        except (KeyError, IndexError, TypeError, AttributeError, ValueError) as exc:
            raise self.failure(f"{self.spec.title} answered in a shape Glue does not understand "
                               f"({type(exc).__name__}).") from None


class JsonReads:
    """What a provider folder's reader calls: ``get_json(path, **params)`` GETs, ``get_json.post(path, body)``
    POSTs (GraphQL); both answer the JSON object the provider returned."""

    def __init__(self, call: ProviderCall):
        self._call = call

    def __call__(self, path: str, **params) -> dict:
        return json_object(self._call.get(path, **params), self._call.failure, self._call.spec.title)

    def post(self, path: str, body: dict) -> dict:
        return json_object(self._call.post(path, body), self._call.failure, self._call.spec.title)


def json_object(response: httpx.Response, failure: type[GlueError], title: str) -> dict:
    try:
        body = response.json()
    except ValueError:
        raise failure(f"{title} answered with something other than JSON.") from None
    if not isinstance(body, dict):
        raise failure(f"{title} answered with JSON that is not an object.")
    return body


def open_call(session_factory, keyring: KeyRing, settings: Settings, spec: ProviderSpec, connection: Connection,
              http: httpx.Client, failure: type[GlueError]) -> ProviderCall:
    """A call with the connection's usable credentials (may refresh an OAuth token, and raise as that does)."""
    credentials = fresh_credentials(session_factory, keyring, settings, connection.id)
    base = api_base_url(settings, spec.name, connection.instance_url, credentials)
    return ProviderCall(spec, base, credentials, http, failure, connection.settings)
