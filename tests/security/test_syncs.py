"""Syncs refuse addresses the operator did not allow: the warehouse's and the provider API's."""

from __future__ import annotations

import pytest

from glue_pipelines.sync.runner import sync_connection
from glue_providers.http import ProviderClient
from tests.pipelines.conftest import emulators, glue  # noqa: F401  (fixtures shared with the engine tests)
from tests.pipelines.scenario import connect


def test_a_sync_into_a_loopback_warehouse_fails_saying_the_address_is_not_allowed(
        glue, emulators, warehouse_url, monkeypatch):  # noqa: F811
    scenario = connect(glue, emulators("hubspot", {"contacts": 5, "companies": 2}), warehouse_url)
    monkeypatch.delenv("GLUE_EGRESS_ALLOW")
    with pytest.raises(Exception, match="not allowed"):
        sync_connection(glue.store, scenario.connection_id)
    runs = glue.mgmt.get("/sync-runs").json()["results"]
    assert runs and {r["status"] for r in runs} == {"FAILURE"}
    assert all("EgressRefused" in r["error_message"] and "is not allowed" in r["error_message"] for r in runs)


def test_the_provider_client_refuses_an_internal_instance_without_retrying(listener, no_egress_allowance):
    pauses: list[float] = []
    with ProviderClient(listener.url, headers={"authorization": "Bearer secret-token-1f2e"}, sleep=pauses.append) \
            as client, pytest.raises(Exception, match="not allowed") as refused:
        client.get("/services/data/v60.0/limits/")
    assert "secret-token-1f2e" not in str(refused.value)
    assert listener.connections == 0 and pauses == []
