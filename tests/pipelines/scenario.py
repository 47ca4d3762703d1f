"""A customer connected to an emulated provider, syncing into a warehouse: built through the API."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import create_engine, text

from glue_providers import registry
from tests.pipelines.conftest import Emulated, Glue, oauth_provider_body, sync_config_body
from tests.support.warehouse import postgres_destination_body

# Per provider: the two objects a scenario syncs (the first one is changed upstream).
OBJECTS = {
    "hubspot": ["contacts", "companies"],
    "salesforce": ["Contact", "Account"],
    "pipedrive": ["persons", "organizations"],
}


@dataclass
class Scenario:
    glue: Glue
    emulated: Emulated
    connection_id: str
    warehouse_url: str | None
    schema: str = "crm"

    @property
    def provider(self) -> str:
        return self.emulated.name

    def table(self, object_name: str) -> str:
        return f"{self.schema}.{self.provider}_{object_name}".lower()

    def rows(self, object_name: str, table: str | None = None) -> dict[str, tuple]:
        """{remote id: (raw data, is_deleted, last modified)} as the warehouse holds them."""
        engine = create_engine(self.warehouse_url)
        with engine.connect() as connection:
            result = connection.execute(text(
                f"SELECT _glue_id, CAST(_glue_raw_data AS TEXT), _glue_is_deleted, _glue_last_modified_at, "
                f"_glue_customer_id, _glue_provider_name FROM {table or self.table(object_name)}"
            )).all()
        engine.dispose()
        assert all(r[4] == "c1" and r[5] == self.provider for r in result)
        return {r[0]: (r[1], r[2], r[3]) for r in result}


def connect(glue: Glue, emulated: Emulated, warehouse_url: str, *, objects: list[str] | None = None,
            schema: str = "crm", config: dict | None = None, **strategy) -> Scenario:
    glue.point_at(emulated)
    mgmt = glue.mgmt
    provider = emulated.name
    assert mgmt.post("/providers", json=oauth_provider_body(provider)).status_code == 201
    assert mgmt.post("/destinations", json=postgres_destination_body(warehouse_url, schema)).status_code == 201
    body = sync_config_body(provider, objects or OBJECTS[provider], **strategy)
    body["config"].update(config or {})
    assert mgmt.post("/sync_configs", json=body).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    connection = {"provider_name": provider, "type": "oauth2", "refresh_token": emulated.refresh_token()}
    if "instance_url" in registry.get(provider).api_base_from:  # Salesforce's instance, Dynamics' organisation
        connection["instance_url"] = emulated.url
    made = mgmt.post("/customers/c1/connections", json=connection)
    assert made.status_code == 200, made.text
    return Scenario(glue, emulated, made.json()["id"], warehouse_url, schema)
