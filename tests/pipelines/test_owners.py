"""Asset owners come from GLUE_DAGSTER_OWNERS, per provider from GLUE_DAGSTER_OWNERS_<PROVIDER>."""

import dagster as dg
import pytest

from glue_pipelines.assets import build_sync_assets
from glue_pipelines.owners import DEFAULT_OWNERS, owners_for
from glue_providers import registry


def test_default_and_overrides():
    assert owners_for("hubspot", {}) == [DEFAULT_OWNERS]
    env = {"GLUE_DAGSTER_OWNERS": "team:data, ops@acme.test", "GLUE_DAGSTER_OWNERS_HUBSPOT": "alice@acme.test"}
    assert owners_for("pipedrive", env) == ["team:data", "ops@acme.test"]
    assert owners_for("hubspot", env) == ["alice@acme.test"]


def test_an_owner_dagster_would_refuse_is_refused_by_name():
    with pytest.raises(ValueError, match="not data team"):
        owners_for("hubspot", {"GLUE_DAGSTER_OWNERS": "data team"})


def test_every_asset_of_the_provider_carries_them():
    assets = build_sync_assets(registry.get("hubspot"), ["team:crm"])
    assert {tuple(spec.owners) for spec in assets.specs} == {("team:crm",)}
    assert dg.AssetKey(["hubspot", "contacts"]) in assets.keys
