"""Dynamics 365 Sales through the APIs, against its emulator: Management createConnection with a refresh
token and the organisation URL (only Dynamics' own domains), _provider_user_id from WhoAmI,
_rate_limit_info from the service protection headers, and the Vault's custom fields from column metadata."""

from __future__ import annotations

from sqlalchemy import select

from glue_api.models import Application, Connection
from glue_emulators.ms_dynamics_365_sales.render import remote_id
from glue_pipelines.sync.runner import sync_connection
from tests.pipelines.conftest import oauth_provider_body
from tests.pipelines.scenario import connect
from tests.support.clients import vault_client

PROVIDER = "ms_dynamics_365_sales"
OBJECTS = ["account", "contact"]


def test_create_connection_takes_only_a_dynamics_organisation_url(glue):
    mgmt = glue.mgmt
    assert mgmt.post("/providers", json=oauth_provider_body(PROVIDER)).status_code == 201
    mgmt.put("/customers", json={"customer_id": "c1", "name": "Acme", "email": "it@acme.test"})
    body = {"provider_name": PROVIDER, "type": "oauth2", "refresh_token": "rt-secret-1"}
    for refused in ({}, {"instance_url": "https://contoso.example.com"},
                    {"instance_url": "http://contoso.crm.dynamics.com"}):
        answer = mgmt.post("/customers/c1/connections", json=body | refused)
        assert answer.status_code in (400, 422), refused
        assert "rt-secret-1" not in answer.text
    with glue.store.session_factory() as session:
        assert session.execute(select(Connection)).scalars().all() == []
    made = mgmt.post("/customers/c1/connections", json=body | {"instance_url": "https://contoso.crm4.dynamics.com"})
    assert made.status_code == 200, made.text
    assert made.json()["instance_url"] == "https://contoso.crm4.dynamics.com"


def test_provider_user_id_and_rate_limit_info(glue, emulators, warehouse_url):
    emulated = emulators(PROVIDER, {"account": 3, "contact": 3, "systemuser": 4})
    connect(glue, emulated, warehouse_url, objects=OBJECTS)

    user = glue.mgmt.get("/customers/c1/connections/_provider_user_id", params={"provider_name": PROVIDER})
    assert user.status_code == 200, user.text
    body = user.json()
    assert body["user_id"] == remote_id("systemuser", 0) == body["raw_details"]["UserId"]
    assert body["additional_raw_details"]["systemuserid"] == body["user_id"]
    assert body["additional_raw_details"]["fullname"]

    first = glue.mgmt.get(f"/customers/c1/connections/{PROVIDER}/_rate_limit_info").json()
    second = glue.mgmt.get(f"/customers/c1/connections/{PROVIDER}/_rate_limit_info").json()
    assert set(first) == {"other"} and first["other"]["five_minutely"]["limit"] == 6000
    assert second["other"]["five_minutely"]["remaining"] < first["other"]["five_minutely"]["remaining"] < 6000


def test_vault_custom_fields_are_the_organisations_own_columns(glue, emulators, warehouse_url):
    emulated = emulators(PROVIDER, {"account": 3, "contact": 3})
    connect(glue, emulated, warehouse_url, objects=OBJECTS)
    with glue.store.session_factory() as session:
        application_id = session.execute(select(Application.id)).scalar_one()
    vault = vault_client(glue.mgmt.client, glue.mgmt.api_key, application_id, "c1")

    companies = vault.get(f"/vault/connections/crm/{PROVIDER}/companies/custom-fields")
    assert companies.status_code == 200, companies.text
    assert companies.json()["data"] == [{"id": "new_tier", "name": "Tier", "description": "Tier of the account",
                                         "finder": "$.new_tier"}]
    contacts = vault.get(f"/vault/connections/crm/{PROVIDER}/contacts/custom-fields").json()["data"]
    assert [f["id"] for f in contacts] == ["new_preferredchannel"]
    assert vault.get(f"/vault/connections/crm/{PROVIDER}/users/custom-fields").json()["data"] == []


def test_a_custom_table_syncs_as_a_custom_object(glue, emulators, warehouse_url):
    emulated = emulators(PROVIDER, {"account": 4, "new_project": 11})
    scenario = connect(glue, emulated, warehouse_url, objects=["account"],
                       config={"custom_objects": [{"object": "new_project"}]})
    outcomes = {o.object: o.records for o in sync_connection(glue.store, scenario.connection_id)}
    assert outcomes == {"account": 4, "new_project": 11}
    assert set(scenario.rows("new_project")) == set(emulated.live_records("new_project"))
    syncs = glue.mgmt.get("/syncs", params={"object_type": "custom"}).json()["results"]
    assert [(s["object"], s["object_type"]) for s in syncs] == [("new_project", "custom")]
