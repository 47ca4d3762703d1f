"""HTTP clients that check every response against the API's spec."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.spec import OpenAPIResponses, load_spec


class SpecCheckedClient:
    """A TestClient for one API key; every /mgmt/v2 response must match the spec."""

    def __init__(self, client: TestClient, api_key: str | None, responses: OpenAPIResponses):
        self.client = client
        self.api_key = api_key
        self.responses = responses
        self.received: list[tuple[str, str, int, bytes]] = []

    def request(self, method: str, path: str, headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        if self.api_key is not None:
            headers.setdefault("x-api-key", self.api_key)
        response = self.client.request(method, self.responses.base_path + path, headers=headers, **kwargs)
        self.received.append((method, path, response.status_code, response.content))
        self.responses.validate(
            method, self.responses.base_path + path, response.status_code, response.content,
            response.headers.get("content-type"),
        )
        return response

    def get(self, path: str, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs):
        return self.request("DELETE", path, **kwargs)


def mgmt_responses() -> OpenAPIResponses:
    return OpenAPIResponses(load_spec("supaglue-mgmt-v2.yaml"), "/mgmt/v2")
