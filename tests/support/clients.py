"""HTTP clients that check every response against the API's spec."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.support.spec import OpenAPIResponses, load_spec


class SpecCheckedClient:
    """A TestClient for one application; every response must match the API's spec."""

    def __init__(self, client: TestClient, api_key: str | None, responses: OpenAPIResponses,
                 auth_headers: dict[str, str] | None = None, application_id: str | None = None):
        self.client = client
        self.api_key = api_key
        self.application_id = application_id
        self.responses = responses
        self.auth_headers = auth_headers if auth_headers is not None else ({"x-api-key": api_key} if api_key else {})
        self.received: list[tuple[str, str, int, bytes]] = []

    def request(self, method: str, path: str, headers: dict | None = None, **kwargs):
        headers = dict(headers or {})
        for name, value in self.auth_headers.items():
            headers.setdefault(name, value)
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


def vault_responses() -> OpenAPIResponses:
    return OpenAPIResponses(load_spec("apideck-vault.yml"), "")


def vault_client(client: TestClient, api_key: str, application_id: str, consumer_id: str | None = None) -> SpecCheckedClient:
    headers = {"authorization": f"Bearer {api_key}", "x-apideck-app-id": application_id}
    if consumer_id:
        headers["x-apideck-consumer-id"] = consumer_id
    return SpecCheckedClient(client, api_key, vault_responses(), headers, application_id)
