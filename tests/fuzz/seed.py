"""What the fuzz run acts as and aims at: one application with a customer, its HubSpot connection and the rest."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi.testclient import TestClient

from glue_api.applications.service import create_application
from glue_api.db import transaction
from tests.support.clients import SpecCheckedClient, mgmt_responses
from tests.vault.oauth_support import CLIENT_ID, CLIENT_SECRET, Emulated

# Header parameters that name a seeded object.
HEADER_IDS = {"x-customer-id": "customer_id", "x-provider-name": "provider_name"}


# Known-good bodies for the seeded objects: the one-value-at-a-time hostile pass starts from these where the
# generated request would be refused before the field under test is even read.
VALID_BODIES = {
    "PUT /customers": {"customer_id": "c1", "name": "Acme", "email": "it@acme.test"},
    "POST /magic_links": {"customer_id": "c1", "provider_name": "hubspot", "expiration_secs": 3600,
                          "return_url": "https://app.example.com/done"},
    "PUT /destinations/{destination_id}": {"name": "warehouse", "type": "supaglue", "config": {}, "version": 1},
    "PUT /sync_configs/{sync_config_id}": {"config": {
        "default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
        "standard_objects": [{"object": "contacts"}]}},
    "PUT /schemas/{schema_id}": {"name": "contact fields", "config": {
        "fields": [{"name": "email"}], "allow_additional_field_mappings": True}},
    "PUT /entities/{entity_id}": {"name": "person", "config": {
        "fields": [{"name": "email"}], "allow_additional_field_mappings": False}},
    "PUT /field_mappings/_update_object": {"name": "contacts", "type": "standard",
                                           "field_mappings": [{"schema_field": "email", "mapped_field": "email"}]},
    "POST /vault/consumers": {"consumer_id": "c2", "metadata": {"account_name": "Globex"}},
    "PATCH /vault/consumers/{consumer_id}": {"metadata": {"account_name": "Acme"}},
    "PATCH /vault/connections/{unified_api}/{service_id}": {"enabled": True, "metadata": {"plan": "pro"}},
    "POST /vault/sessions": {"consumer_metadata": {"account_name": "Acme"}, "settings": {}},
}


@dataclass
class Seeded:
    """The application the fuzzer acts as, and the ids of the objects it may aim at, by parameter name."""

    api_key: str
    application_id: str
    ids: dict[str, str] = field(default_factory=dict)

    def auth_headers(self, api: str) -> dict[str, str]:
        if api == "mgmt":
            return {"x-api-key": self.api_key}
        return {"authorization": f"Bearer {self.api_key}", "x-apideck-app-id": self.application_id,
                "x-apideck-consumer-id": self.ids["consumer_id"]}

    def aim(self, case) -> None:
        """Path, query and header values whose parameter names a seeded object take its id."""
        for container in (case.path_parameters, case.query, case.headers):
            for name in container or {}:
                key = HEADER_IDS.get(name.lower(), name)
                if key in self.ids:
                    container[name] = self.ids[key]


def seed(app, client: TestClient, hubspot: Emulated) -> Seeded:
    """Through the Management API: customer c1 (also the Vault's consumer c1), the application's HubSpot app,
    a destination, a sync config, c1's HubSpot connection (tokens from the emulator), a magic link, a schema
    (attached to HubSpot's contacts) and an entity."""
    with transaction(app.state.session_factory) as session:
        issued = create_application(session, "fuzzed")
    mgmt = SpecCheckedClient(client, issued.api_key, mgmt_responses(), application_id=issued.application_id)
    ids = {"customer_id": "c1", "consumer_id": "c1", "provider_name": "hubspot", "unified_api": "crm",
           "service_id": "hubspot", "resource": "contacts", "application_id": issued.application_id}
    made = {
        "customer": mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"}),
        "schema_id": mgmt.post("/schemas", json=VALID_BODIES["PUT /schemas/{schema_id}"]),
        "entity_id": mgmt.post("/entities", json=VALID_BODIES["PUT /entities/{entity_id}"]),
    }
    _collect(made, ids)
    made = {
        "provider_id": mgmt.post("/providers", json={
            "name": "hubspot", "category": "crm", "auth_type": "oauth2",
            "objects": {"standard": [{"name": "contacts", "schema_id": ids["schema_id"]}]},
            "config": {"provider_app_id": "app", "oauth": {"oauth_scopes": ["crm.objects.contacts.read"],
                       "credentials": {"oauth_client_id": CLIENT_ID, "oauth_client_secret": CLIENT_SECRET}}}}),
        "destination_id": mgmt.post("/destinations", json={"name": "warehouse", "type": "supaglue", "config": {}}),
        "sync_config_id": mgmt.post("/sync_configs", json={
            "destination_name": "warehouse", "provider_name": "hubspot",
            "config": {"default_config": {"period_ms": 3600000, "strategy": "full then incremental"},
                       "standard_objects": [{"object": "contacts"}]}}),
        "connection_id": mgmt.post("/customers/c1/connections", json={
            "provider_name": "hubspot", "type": "oauth2", "refresh_token": hubspot.mint()["refresh_token"]}),
        "magic_link_id": mgmt.post("/magic_links", json={
            "customer_id": "c1", "provider_name": "hubspot", "expiration_secs": 3600,
            "return_url": "https://app.example.com/done"}),
    }
    _collect(made, ids)
    return Seeded(issued.api_key, issued.application_id, ids)


def _collect(made: dict, ids: dict[str, str]) -> None:
    for name, response in made.items():
        assert response.status_code in (200, 201), f"seeding {name}: {response.text}"
        if name.endswith("_id"):
            ids[name] = response.json()["id"]
